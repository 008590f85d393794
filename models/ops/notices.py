"""Mark notices read: some by id, or the whole inbox (the portal's forms and the API's
`notificationsMarkRead` both call `mark_read`).

Why all-or-nothing: a list that names one notice the viewer cannot see (another account's,
or none at all) is refused whole with NOT_FOUND, exactly as a missing id, so the answer
never tells whether someone else's notice exists and nothing is half-marked. A notice
already read keeps the time it was first read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tortoise.transactions import in_transaction

from models import policy
from models.clock import get_clock
from models.entities import Notification
from models.errors import not_found
from models.messages import input_refusal


def _scope(seller_id: int | None, buyer_id: int | None) -> dict[str, int]:
    assert (seller_id is None) != (buyer_id is None), "exactly one viewer"
    return {"seller_id": seller_id} if seller_id is not None else {"buyer_id": buyer_id}  # type: ignore[dict-item]


async def mark_read(
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    ids: Sequence[int] | None = None,
    all: bool = False,  # noqa: A002 - the API's own word
    now: datetime | None = None,
) -> int:
    """Mark `ids` (or every notice when `all`) of the viewer read; returns how many of the
    viewer's notices are still unread."""
    scope = _scope(seller_id, buyer_id)
    wanted = sorted(set(ids or []))
    if bool(wanted) == bool(all):
        raise input_refusal("ids", "notices.ids_or_all")
    if len(wanted) > policy.INBOX_MAX_NOTICES:
        raise input_refusal("ids", "notices.too_many", max=str(policy.INBOX_MAX_NOTICES))
    if any(not 0 < i < 2**31 for i in wanted):
        raise not_found("Notification", "ids")  # no such row can exist
    now = now or get_clock().now()
    async with in_transaction():
        unread = Notification.filter(**scope, read_at__isnull=True)
        if wanted:
            owned = await Notification.filter(**scope, id__in=wanted).count()
            if owned != len(wanted):
                raise not_found("Notification", "ids")
            unread = unread.filter(id__in=wanted)
        await unread.update(read_at=now)
        return await Notification.filter(**scope, read_at__isnull=True).count()
