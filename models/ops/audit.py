"""Writes the audit trail (claim events) and the Qpost / MyQoo10 notifications (a code
plus parameters each, rendered in the reader's language)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from models import live
from models.entities import Claim, ClaimEvent, Notification
from models.enums import ActorKind, EventKind, Lang, NotificationKind
from models.messages import notice_text
from models.ops import insert_rows
from models.webhooks import events as webhook_events


async def record_event(
    claim: Claim,
    kind: EventKind,
    actor_kind: ActorKind,
    actor_id: int | None,
    at: datetime,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    round_no: int | None = None,
    message: str = "",
    webhooks: bool = True,
) -> None:
    """One audit event of `claim`. `webhooks=False` says the seller has no enabled webhook
    endpoint (read in this transaction: `models.ops.claim_lock`), so the outbox has
    nothing to read or write."""
    # The outbox (models/webhooks/events.py): a webhook event's deliveries are written
    # here, in the transaction of the operation that decided it.
    if webhooks:
        await webhook_events.claim_event(claim, kind, at, round_no=round_no, message=message)
    await insert_rows.insert(
        ClaimEvent,
        [
            {
                "claim_id": claim.id,
                "kind": kind,
                "actor_kind": actor_kind,
                "actor_id": actor_id,
                "from_status": from_status,
                "to_status": to_status,
                "from_state": from_state,
                "to_state": to_state,
                "round_no": round_no,
                "message": message,
                "at": at,
            }
        ],
    )


async def notify(
    kind: NotificationKind,
    params: dict[str, str],
    at: datetime,
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    order_id: int | None = None,
    claim_id: int | None = None,
) -> Notification:
    """One notice to exactly one recipient (a seller's Qpost or a buyer's MyQoo10).

    Stored as its kind plus `params`, so each reader gets it in their language
    (`models.messages.NOTICE_TEMPLATES`); `text` keeps the zh sentence for the raw table."""
    assert (seller_id is None) != (buyer_id is None), "exactly one recipient"
    # Every notice but the sweep's batch is written here: announced to its recipient in
    # the same transaction (models/live.py).
    await live.publish(live.notice_for(seller_id=seller_id, buyer_id=buyer_id))
    return await Notification.create(
        kind=kind,
        params=params,
        text=notice_text(kind, params, Lang.ZH),
        created_at=at,
        seller_id=seller_id,
        buyer_id=buyer_id,
        order_id=order_id,
        claim_id=claim_id,
    )


@dataclass(frozen=True)
class Notice:
    """One notice to exactly one recipient, for `notify_all`."""

    kind: NotificationKind
    params: dict[str, str]
    seller_id: int | None = None
    buyer_id: int | None = None
    order_id: int | None = None
    claim_id: int | None = None


def notice_changes(notices: Sequence[Notice]) -> list[live.Change]:
    """What `write_notices` must announce (the caller publishes them in its transaction)."""
    return [live.notice_for(seller_id=n.seller_id, buyer_id=n.buyer_id) for n in notices]


async def write_notices(notices: Sequence[Notice], at: datetime) -> None:
    """Several notices of one operation, stored as `notify` stores each, in one INSERT
    (one statement inside the operation's transaction instead of one per notice). The
    caller announces them (`notice_changes`): the runner does it together with the
    claim's own change, in one publish."""
    if not notices:
        return
    for n in notices:
        assert (n.seller_id is None) != (n.buyer_id is None), "exactly one recipient"
    await insert_rows.insert(
        Notification,
        [
            {
                "kind": n.kind,
                "params": n.params,
                "text": notice_text(n.kind, n.params, Lang.ZH),
                "created_at": at,
                "seller_id": n.seller_id,
                "buyer_id": n.buyer_id,
                "order_id": n.order_id,
                "claim_id": n.claim_id,
            }
            for n in notices
        ],
    )
