"""Inquiries to the marketplace operator (向Qoo10进行咨询), the path for blocked claims."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import policy
from models.clock import get_clock
from models.entities import IdempotencyRecord, Inquiry, Order
from models.enums import ActorKind, InquiryLang
from models.errors import DomainError, ErrorCode
from models.labels import INQUIRY_CATEGORIES
from models.messages import input_refusal
from models.ops import rules
from models.ops.lookups import find_order
from models.ops.retry import with_retry

INQUIRY_LANGS = tuple(InquiryLang)
#: The idempotency record's action for an inquiry. Records are keyed per sender like the
#: withdrawal operations' (`seller:<id>`); an inquiry has no claim, so the record keeps
#: claim_id 0 and the inquiry's id in round_id (both plain integers, no foreign keys).
INQUIRY_ACTION = "INQUIRY_SUBMIT"


async def submit_inquiry(
    seller_id: int,
    *,
    category: str,
    subcategory: str,
    title: str,
    body: str,
    lang: str,
    order_no: str | None = None,
    item_code: str = "",
    idempotency_key: str | None = None,
) -> Inquiry:
    """File one inquiry. With an idempotency key (the portal's form carries one), a
    repeat of the same key returns the first inquiry and files nothing: a reload of the
    result page or a double-click on [提交咨询] cannot file it twice (issue 12)."""
    if category not in INQUIRY_CATEGORIES:
        raise rules.reject_unknown(category, "category")
    if subcategory not in INQUIRY_CATEGORIES[category]:
        raise rules.reject_unknown(subcategory, "subcategory")
    try:
        language = InquiryLang(lang)
    except ValueError:
        raise input_refusal("lang", "inquiry.lang") from None
    title = rules.clean_text(title, "title", policy.INQUIRY_TITLE_MAX_LENGTH)
    body = rules.clean_text(body, "body", policy.INQUIRY_BODY_MAX_LENGTH)
    item_code = rules.clean_text(
        item_code, "itemCode", policy.ORDER_CODE_MAX_LENGTH, required=False
    )
    order_id = None
    if order_no:
        order = await find_order(order_no, seller_id=seller_id)
        order_id = order.id
        item_code = item_code or order.item_code
    fields = {
        "seller_id": seller_id,
        "order_id": order_id,
        "item_code": item_code,
        "category": category,
        "subcategory": subcategory,
        "title": title,
        "body": body,
        "lang": language.value,
    }
    if idempotency_key is None:
        return await Inquiry.create(**fields, created_at=get_clock().now())
    key = _checked_key(idempotency_key)
    actor = f"{ActorKind.SELLER.lower()}:{seller_id}"

    async def attempt() -> Inquiry:
        async with in_transaction():
            first = await _first_for_key(actor, key)
            if first is not None:
                return first
            now = get_clock().now()
            inquiry = await Inquiry.create(**fields, created_at=now)
            # two racing submits with one key: the unique (actor, key) index lets one insert
            # win; the other's transaction rolls back and its retry returns the winner's
            await IdempotencyRecord.create(
                actor=actor,
                key=key,
                action=INQUIRY_ACTION,
                claim_id=0,
                round_id=inquiry.id,
                created_at=now,
            )
            return inquiry

    return await with_retry(attempt)


def _checked_key(key: str) -> str:
    if not key.strip() or len(key) > policy.IDEMPOTENCY_KEY_MAX_LENGTH:
        raise input_refusal(
            "idempotencyKey",
            "idempotency_key.length",
            max=str(policy.IDEMPOTENCY_KEY_MAX_LENGTH),
        )
    return key


async def _first_for_key(actor: str, key: str) -> Inquiry | None:
    """The inquiry an earlier submit with this key filed; a key used for something else
    (a withdrawal operation) is refused rather than answered with another thing."""
    record = await IdempotencyRecord.get_or_none(actor=actor, key=key)
    if record is None:
        return None
    if record.action != INQUIRY_ACTION or record.round_id is None:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was already used for another operation.",
            field="idempotencyKey",
        )
    return await Inquiry.get(id=record.round_id)


async def item_name_for(seller_id: int, item_code: str) -> str:
    """The 商品 row of the inquiry form: the name of the seller's item with this code
    (from their latest order of it), empty when the seller has no such item."""
    code = (item_code or "").strip()
    if not code or len(code) > policy.ORDER_CODE_MAX_LENGTH:
        return ""
    names = (
        await Order.filter(seller_id=seller_id, item_code=code)
        .order_by("-ordered_on", "-id")
        .limit(1)
        .values_list("item_name", flat=True)
    )
    return names[0] if names else ""
