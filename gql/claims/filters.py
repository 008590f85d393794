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


@strawberry.type(
    name="ClaimFilterOutput",
    description="A claim filter as the API gives it out (a grid cell's list): the fields of "
    "the `ClaimFilter` input, so it can be passed back to `claims(filter:)` as it is.",
)
class ClaimFilterOutput:
    types: list[ClaimType] = strawberry.field(description="Empty: every type.")
    statuses: list[ClaimStatus] = strawberry.field(description="Empty: every status.")
    withdrawal_states: list[WithdrawalState] = strawberry.field(
        description="Empty: any withdrawal state, none included."
    )
    date_field: ClaimDateField = strawberry.field(
        description="Which date dateFrom / dateTo apply to."
    )
    date_from: date | None
    date_to: date | None
    order_no: str | None
    cart_no: str | None
    item_code: str | None
    seller_item_code: str | None
    delayed_only: bool = strawberry.field(
        description="Only claims still in their first status after 4 days."
    )

    @classmethod
    def from_domain(cls, flt: ClaimFilter) -> ClaimFilterOutput:
        return cls(
            types=list(flt.types),
            statuses=list(flt.statuses),
            withdrawal_states=list(flt.withdrawal_states),
            date_field=DateField(flt.date_field),
            date_from=flt.date_from,
            date_to=flt.date_to,
            order_no=flt.order_no,
            cart_no=flt.cart_no,
            item_code=flt.item_code,
            seller_item_code=flt.seller_item_code,
            delayed_only=flt.delayed_only,
        )
