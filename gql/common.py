"""Small pieces every domain package uses: instants in Tokyo time, labels, PageInfo."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import strawberry

from gql.enums import Lang
from models.labels import label
from models.policy import BUSINESS_TZ


def tokyo(instant: datetime | None) -> datetime | None:
    """Instants are stored in UTC; the API shows them with the +09:00 offset the manual's
    screens use (still an unambiguous ISO 8601 instant)."""
    return instant.astimezone(BUSINESS_TZ) if instant is not None else None


def label_of(value: StrEnum | str | None, lang: Lang, kind: type[StrEnum]) -> str | None:
    """The zh / ja / en label of a stored enum value (stored as a plain string or None)."""
    if value is None or value == "":
        return None
    return label(kind(value), lang.value)


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None
