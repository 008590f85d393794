"""Inquiries to the marketplace operator (向Qoo10进行咨询), the path for blocked claims."""

from __future__ import annotations

from models import policy
from models.clock import get_clock
from models.entities import Inquiry
from models.enums import InquiryLang
from models.labels import INQUIRY_CATEGORIES
from models.messages import input_refusal
from models.ops import rules
from models.ops.lookups import find_order

INQUIRY_LANGS = tuple(InquiryLang)


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
) -> Inquiry:
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
    return await Inquiry.create(
        seller_id=seller_id,
        order_id=order_id,
        item_code=item_code,
        category=category,
        subcategory=subcategory,
        title=title,
        body=body,
        lang=language.value,
        created_at=get_clock().now(),
    )
