"""An inquiry and the category tree (分类) the form offers."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql import ids
from gql.common import tokyo
from gql.enums import InquiryStatus
from gql.node_type import Node
from models.entities import Inquiry as InquiryEntity


@strawberry.type(description="A sub-category, e.g. CLAIM_WITHDRAWAL (投诉撤回).")
class InquirySubcategory:
    code: str
    label: str


@strawberry.type(description="A category, e.g. REFUND_CLAIM_WITHDRAWAL (退款·投诉撤回).")
class InquiryCategory:
    code: str
    label: str
    subcategories: list[InquirySubcategory]


@strawberry.type(description="A question to the marketplace operator.")
class Inquiry(Node):
    category: str
    subcategory: str
    title: str
    body: str
    lang: str
    item_code: str
    status: InquiryStatus
    created_at: datetime

    @classmethod
    def from_model(cls, row: InquiryEntity) -> Inquiry:
        return cls(
            id=strawberry.ID(ids.encode("Inquiry", row.id)),
            category=row.category,
            subcategory=row.subcategory,
            title=row.title,
            body=row.body,
            lang=row.lang,
            item_code=row.item_code,
            status=InquiryStatus(row.status),
            created_at=tokyo(row.created_at),  # type: ignore[arg-type]
        )
