"""Memos (纸条) between the seller and the buyer of an order, and saved replies."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import policy
from models.clock import get_clock
from models.entities import Memo, SavedReply
from models.enums import ActorKind, MemoCategory, MemoChannel, MemoStatus, NotificationKind
from models.ops import audit, rules, uploads
from models.ops.lookups import find_order
from models.ops.runner import Actor


async def send_memo(
    sender: Actor,
    order_no: str,
    title: str,
    body: str,
    *,
    attachment: uploads.Upload | None = None,
    category: MemoCategory | str = MemoCategory.OTHER,
) -> Memo:
    """A seller's memo answers the buyer's open memos on that order; a buyer's memo stays
    unanswered (the red N) until the seller replies."""
    title = rules.clean_text(title, "title", policy.MEMO_TITLE_MAX_LENGTH)
    body = rules.clean_text(body, "body", policy.MEMO_BODY_MAX_LENGTH)
    try:
        memo_category = MemoCategory(category)
    except ValueError:
        raise rules.reject_unknown(category, "category") from None
    scope = {"seller_id": sender.id} if sender.kind == ActorKind.SELLER else {"buyer_id": sender.id}
    order = await find_order(order_no, **scope)
    stored = uploads.store(attachment) if attachment is not None else None
    now = get_clock().now()
    from_seller = sender.kind == ActorKind.SELLER
    async with in_transaction():
        if from_seller:
            await Memo.filter(
                order_id=order.id, sender_kind=ActorKind.BUYER, status=MemoStatus.UNANSWERED
            ).update(status=MemoStatus.ANSWERED)
        memo = await Memo.create(
            order_id=order.id,
            seller_id=order.seller_id,
            buyer_id=order.buyer_id,
            sender_kind=sender.kind,
            title=title,
            body=body,
            attachment_name=stored.original_name if stored else None,
            attachment_path=stored.stored_name if stored else None,
            attachment_type=stored.content_type if stored else None,
            category=memo_category,
            status=MemoStatus.ANSWERED if from_seller else MemoStatus.UNANSWERED,
            channel=MemoChannel.BUYER_SELLER,
            sent_at=now,
        )
        recipient = {"buyer_id": order.buyer_id} if from_seller else {"seller_id": order.seller_id}
        await audit.notify(
            NotificationKind.MEMO_RECEIVED,
            {"order_no": order.order_no, "title": title},
            now,
            order_id=order.id,
            **recipient,
        )
    return memo


async def has_unanswered_memo(order_id: int) -> bool:
    return await Memo.filter(
        order_id=order_id, sender_kind=ActorKind.BUYER, status=MemoStatus.UNANSWERED
    ).exists()


async def save_reply(seller_id: int, title: str, body: str) -> SavedReply:
    title = rules.clean_text(title, "title", policy.MEMO_TITLE_MAX_LENGTH)
    body = rules.clean_text(body, "body", policy.MEMO_BODY_MAX_LENGTH)
    return await SavedReply.create(seller_id=seller_id, title=title, body=body)
