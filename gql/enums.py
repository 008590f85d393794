"""The domain's enumerations exposed as GraphQL enums (values are the domain's English
names, `Lang` included), plus the API-only `ViewerKind`.

The domain enums are registered as they are, so an input arrives in a resolver as the
domain's own member and an output needs no conversion.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from models import enums as domain
from models.errors import ErrorCode
from models.grid import GridCell
from models.queries import DateField


@strawberry.enum(description="Who is signed in.")
class ViewerKind(Enum):
    SELLER = "SELLER"
    BUYER = "BUYER"


Lang = strawberry.enum(domain.Lang, description="A UI language for labels and messages.")
ClaimType = strawberry.enum(domain.ClaimType, description="取消 / 退货 / 交换 / 未收取申告.")
ClaimStatus = strawberry.enum(domain.ClaimStatus, description="处理状态 of a claim.")
WithdrawalState = strawberry.enum(
    domain.WithdrawalState, description="State of one withdrawal round (撤回要请)."
)
WithdrawalAction = strawberry.enum(
    domain.WithdrawalAction, description="What the seller can do with a claim's withdrawal."
)
RejectionReason = strawberry.enum(
    domain.RejectionReason, description="Why the buyer rejected a withdrawal request."
)
OrderStatus = strawberry.enum(domain.OrderStatus, description="Shipping state of an order.")
ActorKind = strawberry.enum(domain.ActorKind, description="Who performed a change.")
ClaimEventKind = strawberry.enum(
    domain.EventKind, name="ClaimEventKind", description="What a claim event records."
)
NotificationKind = strawberry.enum(domain.NotificationKind, description="Kind of a Qpost notice.")
MemoStatus = strawberry.enum(domain.MemoStatus, description="未答复 / 已答复.")
MemoChannel = strawberry.enum(domain.MemoChannel, description="The memo box's channel radio.")
MemoType = strawberry.enum(domain.MemoType, description="Memo type (普通).")
MemoCategory = strawberry.enum(domain.MemoCategory, description="Memo category (取消/换钱 …).")
InquiryStatus = strawberry.enum(domain.InquiryStatus, description="State of an inquiry.")
ClaimStatusCell = strawberry.enum(
    GridCell,
    name="ClaimStatusCell",
    description="One clickable count of the 状态类查询 grid (a cell may count several statuses).",
)
ClaimDateField = strawberry.enum(
    DateField, name="ClaimDateField", description="Which date the claim filter's range applies to."
)
UserErrorCode = strawberry.enum(
    ErrorCode, name="UserErrorCode", description="Why an operation was refused."
)
