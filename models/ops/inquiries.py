"""Inquiries to the marketplace operator (向Qoo10进行咨询), the path for blocked claims."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import policy
from models.clock import get_clock
from models.entities import Inquiry, Order
from models.enums import ActorKind, InquiryLang
from models.labels import INQUIRY_CATEGORIES
from models.messages import input_refusal
from models.ops import rules
from models.ops.idempotency import checked_key, first_result_id, remember_result
from models.ops.lookups import find_order
from models.ops.retry import with_retry

INQUIRY_LANGS = tuple(InquiryLang)
#: The idempotency record's action for an inquiry. Records are keyed per sender like the
#: withdrawal operations' (`seller:<id>`); the record keeps the inquiry's id in result_id
#: (an inquiry has no claim; see `models.ops.idempotency.first_result_id`).
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
    key = checked_key(idempotency_key)
    actor = f"{ActorKind.SELLER.lower()}:{seller_id}"

    async def attempt() -> Inquiry:
        async with in_transaction():
            # a key used for something else (a withdrawal operation, a memo reply) is
            # refused rather than answered with another thing
            first = await first_result_id(actor, key, INQUIRY_ACTION)
            if first is not None:
                return await Inquiry.get(id=first)
            now = get_clock().now()
            inquiry = await Inquiry.create(**fields, created_at=now)
            # two racing submits with one key: the unique (actor, key) index lets one insert
            # win; the other's transaction rolls back and its retry returns the winner's
            await remember_result(actor, key, INQUIRY_ACTION, inquiry.id, now)
            return inquiry

    return await with_retry(attempt)


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
