"""`viewer`: the signed-in seller or buyer (UNAUTHENTICATED when nobody is)."""

from __future__ import annotations

import strawberry

from gql.auth.types import Viewer, viewer_from_account
from gql.context import Info


@strawberry.type
class AuthQueries:
    @strawberry.field(description="The signed-in seller or buyer.")
    def viewer(self, info: Info) -> Viewer | None:
        return viewer_from_account(info.context.require_viewer())
