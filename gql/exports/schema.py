"""`exportCreate` and `export(id)`: the list's [Excel] as a job (docs/exports.md).

The same operation as the portal's [Excel] button (`models.ops.exports.create`), with the
same filter, selection and sort as `claims`; the API always gets a job (a client polls
`export(id:)` and downloads `url`), where the portal downloads a small list at once.
"""

from __future__ import annotations

import strawberry

from gql import ids
from gql.claims.filters import ClaimFilterInput, ClaimSortInput
from gql.context import Info
from gql.enums import Lang
from gql.errors import UserError, user_errors
from gql.exports.types import Export
from models.clock import get_clock
from models.errors import DomainError
from models.ops import exports
from models.policy import EXPORT_MAX_SELECTED
from models.screens.claim_sheet import SheetSpec


@strawberry.input(description="What to export: the list as `claims(filter, sort)` reads it.")
class ExportCreateInput:
    filter: ClaimFilterInput | None = strawberry.field(
        default=None, description="The claims to export (as `claims(filter:)`); none: all."
    )
    selected_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only these claims (`Claim.id`, at most "
        f"{EXPORT_MAX_SELECTED}) among those the filter matches; none: every matching claim.",
    )
    sort: ClaimSortInput | None = strawberry.field(
        default=None, description="The rows' order (as `claims(sort:)`); default newest first."
    )
    lang: Lang | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="The language of the sheet's headers and labels; default: the request's.",
    )


@strawberry.type
class ExportCreatePayload:
    export: Export | None = strawberry.field(
        default=None, description="The export job just started; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ExportMutations:
    @strawberry.mutation(
        description="Start an export job of the claim list (a seller's own claims only); "
        "poll `export(id:)` for its progress and download `url` when DONE."
    )
    async def export_create(self, info: Info, input: ExportCreateInput) -> ExportCreatePayload:
        ctx = info.context
        seller = ctx.require_seller()
        lang = input.lang.value if input.lang else ctx.lang
        try:
            selected = [ids.decode(i, "Claim", "selectedIds") for i in input.selected_ids or []]
            spec = SheetSpec(
                seller_id=seller.id,
                flt=input.filter.to_domain() if input.filter else None,
                today=get_clock().today(),
                lang=str(lang),
                selected=selected,
                sort=input.sort.to_domain() if input.sort else None,
            )
            created = await exports.create(spec, direct_below_threshold=False)
        except DomainError as exc:
            return ExportCreatePayload(user_errors=user_errors(exc, ctx.lang, "selectedIds"))
        assert created.export is not None
        return ExportCreatePayload(export=Export.from_model(created.export))


@strawberry.type
class ExportQueries:
    @strawberry.field(
        description="One of the viewer's exports by its ID; null for another seller's, a "
        "missing one or garbage, all alike (as `node`)."
    )
    async def export(self, info: Info, id: strawberry.ID) -> Export | None:
        seller = info.context.require_seller()
        parsed = ids.parse(id)
        if parsed is None or parsed[0] != "Export" or not ids.in_range(parsed[1]):
            return None
        row = await exports.for_owner(seller.id, parsed[1])
        return Export.from_model(row) if row is not None else None
