"""`ClaimFilter`: the detail query (详情查询), shared by the grid and the list so a count
and the list it opens always agree."""

from __future__ import annotations

from datetime import date

import strawberry

from gql.enums import ClaimDateField, ClaimStatus, ClaimType, WithdrawalState
from models.queries import ClaimFilter, DateField


@strawberry.input(name="ClaimFilter", description="Empty fields do not filter.")
class ClaimFilterInput:
    types: list[ClaimType] | None = None
    statuses: list[ClaimStatus] | None = None
    withdrawal_states: list[WithdrawalState] | None = None
    date_field: ClaimDateField = strawberry.field(
        default=DateField.REQUEST, description="Which date dateFrom / dateTo apply to."
    )
    date_from: date | None = None
    date_to: date | None = None
    order_no: str | None = None
    cart_no: str | None = None
    item_code: str | None = None
    seller_item_code: str | None = None
    delayed_only: bool = strawberry.field(
        default=False, description="Only claims still in their first status after 4 days."
    )

    def to_domain(self) -> ClaimFilter:
        """The domain's filter (it validates list sizes, lengths and the date range)."""
        return ClaimFilter(
            types=list(self.types or []),
            statuses=list(self.statuses or []),
            withdrawal_states=list(self.withdrawal_states or []),
            date_field=DateField(self.date_field),
            date_from=self.date_from,
            date_to=self.date_to,
            order_no=self.order_no or None,
            cart_no=self.cart_no or None,
            item_code=self.item_code or None,
            seller_item_code=self.seller_item_code or None,
            delayed_only=self.delayed_only,
        )
