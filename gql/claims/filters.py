"""`ClaimFilter`: the detail query (详情查询), shared by the grid and the list so a count
and the list it opens always agree."""

from __future__ import annotations

from datetime import date

import strawberry

from gql.enums import ClaimDateField, ClaimStatus, ClaimType, WithdrawalState
from models.queries import ClaimFilter, ClaimSort, DateField, SortKey
from models.queries import SortDirection as Direction


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
    deadline_within_days: int | None = strawberry.field(
        default=None,
        description="Only claims whose open withdrawal round's answer deadline (客户回应期限) "
        "is at most this many days from today (0 = today; the portal's default is 2). "
        "Claims without an open round never match.",
    )
    awaiting_rerequest: bool = strawberry.field(
        default=False,
        description="Only claims whose buyer rejected the withdrawal request (HELD): they "
        "wait for the seller to re-request or cancel.",
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
            deadline_within_days=self.deadline_within_days,
            awaiting_rerequest=self.awaiting_rerequest,
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
    deadline_within_days: int | None = strawberry.field(
        description="Only claims whose open round's deadline is at most this many days away."
    )
    awaiting_rerequest: bool = strawberry.field(
        description="Only claims whose buyer rejected the request (HELD)."
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
            deadline_within_days=flt.deadline_within_days,
            awaiting_rerequest=flt.awaiting_rerequest,
        )


ClaimSortKey = strawberry.enum(
    SortKey,
    name="ClaimSortKey",
    description="What the claim list can be sorted by (the id always breaks ties).",
)
SortDirection = strawberry.enum(
    Direction, name="SortDirection", description="Ascending or descending."
)


@strawberry.input(
    name="ClaimSort",
    description="The claim list's order. Claims without a deadline (no open round) come "
    "last in both directions when sorting by DEADLINE. A cursor only pages the sort it "
    "came from.",
)
class ClaimSortInput:
    key: ClaimSortKey = strawberry.field(  # type: ignore[valid-type]
        default=SortKey.REQUEST_DATE, description="The sort key."
    )
    direction: SortDirection = strawberry.field(  # type: ignore[valid-type]
        default=Direction.DESC, description="The direction of the key."
    )

    def to_domain(self) -> ClaimSort:
        return ClaimSort(SortKey(self.key), Direction(self.direction))
