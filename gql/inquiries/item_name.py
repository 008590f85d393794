"""`inquiryItemName` (seller only): the inquiry form's 商品 row for an item code.

Why a field of its own: the portal's form refreshes that row when the code changes
(`/portal/inquiries/item-name`), so a client building the same form needs the same lookup;
both call `models.ops.inquiries.item_name_for`.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from gql.context import Info
from models import policy
from models.ops import inquiries, rules


@strawberry.type
class InquiryItemQueries:
    @strawberry.field(
        description="The name of the seller's item with this code (商品 on the inquiry form, "
        "from their latest order of it); null when the seller sold no such item. An empty or "
        "over-long code is INVALID_INPUT on `itemCode`."
    )
    async def inquiry_item_name(
        self,
        info: Info,
        item_code: Annotated[
            str,
            strawberry.argument(
                description="商品代码, 1–20 characters (surrounding blanks are ignored)."
            ),
        ],
    ) -> str | None:
        seller = info.context.require_seller()
        code = rules.clean_text(item_code, "itemCode", policy.ORDER_CODE_MAX_LENGTH)
        return await inquiries.item_name_for(seller.id, code) or None
