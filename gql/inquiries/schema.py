"""`inquiryCategories` and `inquirySubmit` (seller only)."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.errors import UserError, user_errors
from gql.inquiries.types import Inquiry, InquiryCategory, InquirySubcategory
from models.errors import DomainError
from models.labels import INQUIRY_CATEGORIES, INQUIRY_CATEGORY_LABELS
from models.ops import inquiries


@strawberry.input
class InquirySubmitInput:
    category: str = strawberry.field(description="A code from inquiryCategories.")
    subcategory: str
    title: str
    body: str
    lang: str = strawberry.field(description="ja, zh, ko or en: the language of the question.")
    order_no: str | None = None
    item_code: str | None = None
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key again returns the first inquiry and files nothing.",
    )


@strawberry.type
class InquirySubmitPayload:
    inquiry: Inquiry | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InquiryQueries:
    @strawberry.field(description="The inquiry form's category tree (zh labels, the manual's).")
    def inquiry_categories(self, info: Info) -> list[InquiryCategory]:
        info.context.require_viewer()
        return [
            InquiryCategory(
                code=code,
                label=INQUIRY_CATEGORY_LABELS[code],
                subcategories=[InquirySubcategory(code=c, label=lbl) for c, lbl in subs.items()],
            )
            for code, subs in INQUIRY_CATEGORIES.items()
        ]


@strawberry.type
class InquiryMutations:
    @strawberry.mutation(description="向Qoo10进行咨询 (seller only).")
    async def inquiry_submit(self, info: Info, input: InquirySubmitInput) -> InquirySubmitPayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            row = await inquiries.submit_inquiry(
                seller.id,
                category=input.category,
                subcategory=input.subcategory,
                title=input.title,
                body=input.body,
                lang=input.lang,
                order_no=(input.order_no or "").strip() or None,
                item_code=input.item_code or "",
                idempotency_key=input.idempotency_key,
            )
        except DomainError as exc:
            return InquirySubmitPayload(user_errors=user_errors(exc, ctx.lang, "orderNo"))
        return InquirySubmitPayload(inquiry=Inquiry.from_model(row))
