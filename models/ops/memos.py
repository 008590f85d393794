"""Memos (纸条) between the seller and the buyer of an order, and saved replies.

A memo is 未答复 (UNANSWERED) until its recipient writes on that order: a seller's memo
answers the buyer's open memos there, a buyer's memo answers the seller's. Each party's
red N is "a memo to me that I have not answered" (`awaiting`), so answering clears the N
of the party who answers, and the sender of the answered memo sees it as 已答复.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from models import data_version, live, policy
from models.clock import get_clock
from models.entities import Memo, Order, SavedReply
from models.enums import ActorKind, MemoCategory, MemoChannel, MemoStatus, NotificationKind
from models.messages import input_refusal
from models.ops import audit, rules, uploads
from models.ops.idempotency import checked_key, first_result_id, refuse_reused, remember_result
from models.ops.lookups import find_order
from models.ops.retry import with_retry
from models.ops.runner import Actor
from models.webhooks import events as webhook_events

#: The idempotency record's action for a reply; the record keeps the memo's id in
#: `result_id` (a memo reply has no claim; see `models.ops.idempotency.first_result_id`).
REPLY_ACTION = "MEMO_REPLY"


def other_party(kind: ActorKind | str) -> ActorKind:
    """The party a memo from `kind` goes to."""
    return ActorKind.BUYER if kind == ActorKind.SELLER else ActorKind.SELLER


def _scope(actor: Actor) -> dict[str, int | None]:
    return {"seller_id": actor.id} if actor.kind == ActorKind.SELLER else {"buyer_id": actor.id}


async def _write(
    sender: Actor,
    order: Order,
    title: str,
    body: str,
    stored: uploads.StoredFile | None,
    category: MemoCategory,
) -> Memo:
    """Inside the caller's transaction: answer the other party's open memos on the order,
    store the memo (unanswered until the recipient writes) and notify the recipient."""
    now = get_clock().now()
    await Memo.filter(
        order_id=order.id, sender_kind=other_party(sender.kind), status=MemoStatus.UNANSWERED
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
        category=category,
        status=MemoStatus.UNANSWERED,
        channel=MemoChannel.BUYER_SELLER,
        sent_at=now,
    )
    from_seller = sender.kind == ActorKind.SELLER
    if from_seller:  # the buyer's notice moves only the buyer: the seller's panel changed too
        await data_version.touch([order.seller_id])
    recipient = {"buyer_id": order.buyer_id} if from_seller else {"seller_id": order.seller_id}
    await audit.notify(
        NotificationKind.MEMO_RECEIVED,
        {"order_no": order.order_no, "title": title},
        now,
        order_id=order.id,
        **recipient,
    )
    if not from_seller:
        # The outbox (models/webhooks/events.py), in this transaction.
        await webhook_events.enqueue(
            order.seller_id,
            "memo.received",
            now,
            {"memoId": memo.id, "orderNo": order.order_no, "title": title, "body": body},
        )
    return memo


async def send_memo(
    sender: Actor,
    order_no: str,
    title: str,
    body: str,
    *,
    attachment: uploads.Upload | None = None,
    category: MemoCategory | str = MemoCategory.OTHER,
) -> Memo:
    """Send a memo on one of the sender's orders (给客户发送纸条, or the buyer's memo)."""
    title = rules.clean_text(title, "title", policy.MEMO_TITLE_MAX_LENGTH)
    body = rules.clean_text(body, "body", policy.MEMO_BODY_MAX_LENGTH)
    try:
        memo_category = MemoCategory(category)
    except ValueError:
        raise rules.reject_unknown(category, "category") from None
    order = await find_order(order_no, **_scope(sender))
    stored = uploads.store(attachment) if attachment is not None else None
    async with live.transaction():
        return await _write(sender, order, title, body, stored, memo_category)


async def reply_title(order_id: int) -> str:
    """The title a reply gets when none is given: the conversation's latest title."""
    latest = await Memo.filter(order_id=order_id).order_by("-sent_at", "-id").first()
    return latest.title if latest else ""


async def reply_memo(
    sender: Actor,
    order_no: str,
    body: str,
    *,
    title: str | None = None,
    idempotency_key: str | None = None,
    attachment: uploads.Upload | None = None,
) -> Memo:
    """Answer in an order's conversation (seller or buyer, the same rules as `send_memo`).

    Without a title the reply continues the conversation's latest title; an order without
    memos yet needs one. With an idempotency key, sending the same key again returns the
    first reply instead of writing a second one (a double tap on a phone, a retried
    request); the key is scoped to the sender and refused for anything else it stood for.
    """
    body = rules.clean_text(body, "body", policy.MEMO_BODY_MAX_LENGTH)
    key = checked_key(idempotency_key)
    order = await find_order(order_no, **_scope(sender))
    given = (title or "").strip()
    if not given:
        given = await reply_title(order.id)
    title = rules.clean_text(given, "title", policy.MEMO_TITLE_MAX_LENGTH)

    async def replay() -> Memo | None:
        """The first reply sent with this key, if any (refused if the key meant else)."""
        if key is None:
            return None
        first_id = await first_result_id(sender.key, key, REPLY_ACTION)
        if first_id is None:
            return None
        # a reply on another order is another operation too
        first = await Memo.get_or_none(id=first_id, order_id=order.id)
        if first is None:
            raise refuse_reused()
        return first

    earlier = await replay()  # before storing a file a replay would not use
    if earlier is not None:
        return earlier
    stored = uploads.store(attachment) if attachment is not None else None

    async def attempt() -> Memo:
        async with live.transaction():
            earlier = await replay()  # a racing duplicate may have won meanwhile
            if earlier is not None:
                return earlier
            memo = await _write(sender, order, title, body, stored, MemoCategory.OTHER)
            if key is not None:
                # a racing duplicate hits the unique (actor, key) index, rolls back and
                # replays this one on its retry
                await remember_result(sender.key, key, REPLY_ACTION, memo.id, memo.sent_at)
            return memo

    return await with_retry(attempt)


@dataclass(frozen=True)
class MarkResult:
    """How many of the chosen memos became 已答复 (the others were not waiting)."""

    marked: int


async def mark_answered(actor: Actor, memo_ids: list[int]) -> MarkResult:
    """The memo box's checkboxes: mark memos sent TO the actor as answered without writing
    (answered by phone, or nothing to say). Memos of other parties, the actor's own memos
    and unknown ids are left alone, so a stale page never changes anything it did not show.
    """
    if not memo_ids:
        raise input_refusal("memoIds", "memo.none_selected")
    if len(memo_ids) > policy.MEMO_BOX_PAGE_SIZE:
        raise input_refusal("memoIds", "memo.too_many", max=str(policy.MEMO_BOX_PAGE_SIZE))
    async with in_transaction():
        mine = Memo.filter(
            id__in=memo_ids,
            sender_kind=other_party(actor.kind),
            status=MemoStatus.UNANSWERED,
            **_scope(actor),
        )
        sellers = list(await mine.distinct().values_list("seller_id", flat=True))
        marked = await mine.update(status=MemoStatus.ANSWERED)
        if marked:  # the seller's panel shows the memo's status (ETag, models/data_version)
            await data_version.touch(sellers)
    return MarkResult(marked=marked)


async def has_unanswered_memo(order_id: int) -> bool:
    """The seller's red N on the order: a buyer memo waits for the seller's answer."""
    return await Memo.filter(
        order_id=order_id, sender_kind=ActorKind.BUYER, status=MemoStatus.UNANSWERED
    ).exists()


async def save_reply(seller_id: int, title: str, body: str) -> SavedReply:
    title = rules.clean_text(title, "title", policy.MEMO_TITLE_MAX_LENGTH)
    body = rules.clean_text(body, "body", policy.MEMO_BODY_MAX_LENGTH)
    return await SavedReply.create(seller_id=seller_id, title=title, body=body)
