"""Writes the audit trail (claim events) and the Qpost / MyQoo10 notifications (a code
plus parameters each, rendered in the reader's language)."""

from __future__ import annotations

from datetime import datetime

from models import live
from models.entities import Claim, ClaimEvent, Notification
from models.enums import ActorKind, EventKind, Lang, NotificationKind
from models.messages import notice_text
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
) -> ClaimEvent:
    # The outbox (models/webhooks/events.py): a webhook event's deliveries are written
    # here, in the transaction of the operation that decided it.
    await webhook_events.claim_event(claim, kind, at, round_no=round_no, message=message)
    return await ClaimEvent.create(
        claim_id=claim.id,
        kind=kind,
        actor_kind=actor_kind,
        actor_id=actor_id,
        from_status=from_status,
        to_status=to_status,
        from_state=from_state,
        to_state=to_state,
        round_no=round_no,
        message=message,
        at=at,
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
