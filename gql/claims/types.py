"""The claim as the transaction panel shows it, its withdrawal rounds and audit events."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gql import ids
from gql.common import label_of, tokyo
from gql.context import Info
from gql.enums import (
    ActorKind,
    ClaimEventKind,
    ClaimStatus,
    ClaimType,
    Lang,
    RejectionReason,
    UserErrorCode,
    WithdrawalAction,
    WithdrawalState,
)
from gql.errors import localized
from gql.node_type import Node
from models import policy
from models.clock import business_date, get_clock
from models.entities import Buyer as BuyerEntity
from models.entities import Claim as ClaimEntity
from models.entities import ClaimEvent as ClaimEventEntity
from models.entities import WithdrawalRound as WithdrawalRoundEntity
from models.labels import label
from models.ops import rules

if TYPE_CHECKING:
    from gql.orders.types import Order


@strawberry.type(description="A buyer's rejection reason (客户的拒绝理由), e.g. `[其他原因] test`.")
class RejectionReasonInfo:
    code: RejectionReason
    text: str

    @strawberry.field(description="The reason code's label, e.g. 其他原因.")
    def label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.code, lang.value)


@strawberry.type(name="ClaimWithdrawal", description="One withdrawal request round (撤回要请).")
class ClaimWithdrawal(Node):
    round: int = strawberry.field(description="1 for the first request, 2 after a re-request …")
    state: WithdrawalState
    seller_message: str = strawberry.field(
        description="卖家留言: the seller's message to the buyer, as written."
    )
    requested_at: datetime = strawberry.field(description="要请日 as an instant.")
    request_date: date = strawberry.field(description="要请日 (Tokyo business date).")
    deadline: date = strawberry.field(
        description="客户回应期限: the last day the buyer may answer (request date + 6)."
    )
    held_at: datetime | None = strawberry.field(description="保留日: when the buyer rejected.")
    held_date: date | None
    rejection_reason: RejectionReasonInfo | None
    responded_at: datetime | None
    cancelled_at: datetime | None
    expired_at: datetime | None
    voided_at: datetime | None

    @strawberry.field
    def state_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.state, lang.value)

    @classmethod
    def from_model(cls, row: WithdrawalRoundEntity) -> ClaimWithdrawal:
        reason = (
            RejectionReasonInfo(
                code=RejectionReason(row.rejection_code), text=row.rejection_text or ""
            )
            if row.rejection_code
            else None
        )
        return cls(
            id=strawberry.ID(ids.encode("ClaimWithdrawal", row.id)),
            round=row.round_no,
            state=WithdrawalState(row.state),
            seller_message=row.seller_message,
            requested_at=tokyo(row.requested_at),  # type: ignore[arg-type]
            request_date=row.requested_on,
            deadline=row.deadline,
            held_at=tokyo(row.held_at),
            held_date=business_date(row.held_at) if row.held_at else None,
            rejection_reason=reason,
            responded_at=tokyo(row.responded_at),
            cancelled_at=tokyo(row.cancelled_at),
            expired_at=tokyo(row.expired_at),
            voided_at=tokyo(row.voided_at),
        )


@strawberry.type(description="One line of a claim's history (nothing is ever deleted).")
class ClaimEvent(Node):
    kind: ClaimEventKind
    actor: ActorKind
    from_status: ClaimStatus | None
    to_status: ClaimStatus | None
    from_state: WithdrawalState | None
    to_state: WithdrawalState | None
    round: int | None
    message: str = strawberry.field(description="The seller message or the buyer's reason.")
    at: datetime

    @strawberry.field
    def label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.kind, lang.value)

    @strawberry.field
    def actor_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.actor, lang.value)

    @classmethod
    def from_model(cls, row: ClaimEventEntity) -> ClaimEvent:
        return cls(
            id=strawberry.ID(ids.encode("ClaimEvent", row.id)),
            kind=ClaimEventKind(row.kind),
            actor=ActorKind(row.actor_kind),
            from_status=ClaimStatus(row.from_status) if row.from_status else None,
            to_status=ClaimStatus(row.to_status) if row.to_status else None,
            from_state=WithdrawalState(row.from_state) if row.from_state else None,
            to_state=WithdrawalState(row.to_state) if row.to_state else None,
            round=row.round_no,
            message=row.message,
            at=tokyo(row.at),  # type: ignore[arg-type]
        )


@strawberry.type(
    description="Whether a withdrawal action is possible now and, if not, why: the same "
    "checks the mutation runs, so a page never guesses."
)
class ActionAvailability:
    action: WithdrawalAction
    allowed: bool
    reason: UserErrorCode | None = strawberry.field(
        description="The code the mutation would answer."
    )
    message: str | None = strawberry.field(description="Its sentence in the request's language.")

    @strawberry.field(description="The button's label, e.g. 再次要请撤回.")
    def label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.action, lang.value)


@strawberry.type(description="A buyer's claim (投诉) on an order, with its withdrawal state.")
class Claim(Node):
    type: ClaimType
    status: ClaimStatus
    reason: str = strawberry.field(description="理由, e.g. 订购取消.")
    non_receipt_reason: str
    non_receipt_type: str
    request_date: date = strawberry.field(
        description="要求日: the Tokyo day the buyer filed the claim."
    )
    complete_date: date | None = strawberry.field(
        description="完成日 / 取消退货完成日: the Tokyo day the claim closed; null while open."
    )
    collection_method: str = strawberry.field(description="退货收货方式, e.g. 卖家直接发送.")
    partner_name: str = strawberry.field(description="合作名称.")
    withdrawal_state: WithdrawalState | None = strawberry.field(
        description="State of the latest withdrawal round; null when none was requested."
    )
    response_deadline: date | None = strawberry.field(
        description="客户回应期限: the last day the buyer may answer the open (REQUESTED) "
        "round; null without one. What `sort: {key: DEADLINE}` sorts by."
    )
    row: strawberry.Private[ClaimEntity]

    @classmethod
    def from_model(cls, row: ClaimEntity) -> Claim:
        # the row's enums are members already (a model's, a plain row's): taken as they
        # are, not through `Enum.__call__`'s two Python frames each (the page's 50 rows)
        type_, status, state = row.type, row.status, row.withdrawal_state
        return cls(
            id=ids.encode("Claim", row.id),  # type: ignore[arg-type]  # ID is a str
            type=type_ if type(type_) is ClaimType else ClaimType(type_),
            status=status if type(status) is ClaimStatus else ClaimStatus(status),
            reason=row.reason,
            non_receipt_reason=row.non_receipt_reason,
            non_receipt_type=row.non_receipt_type,
            request_date=row.requested_on,
            complete_date=row.completed_on,
            collection_method=row.collection_method,
            partner_name=row.partner_name,
            withdrawal_state=(
                (state if type(state) is WithdrawalState else WithdrawalState(state))
                if state
                else None
            ),
            response_deadline=row.response_deadline,
            row=row,
        )

    @strawberry.field
    def type_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.type, lang.value)

    @strawberry.field
    def status_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.status, lang.value)

    @strawberry.field(
        description="The latest withdrawal round's state in `lang` (the list's 撤回状态 column), "
        "e.g. 撤回保留 / On hold; null when no withdrawal was requested."
    )
    def withdrawal_label(self, lang: Lang = Lang.ZH) -> str | None:
        return label_of(self.withdrawal_state, lang, WithdrawalState)

    @strawberry.field(
        description="The latest round's state label in zh; null when none was requested.",
        deprecation_reason="Use `withdrawalLabel(lang:)`. This field lost its `lang` argument: "
        "with it the typescript codegen plugin declared `ClaimWithdrawalStateLabelArgs` twice "
        "(see docs/graphql.md, Codegen).",
    )
    def withdrawal_state_label(self) -> str | None:
        return label_of(self.withdrawal_state, Lang.ZH, WithdrawalState)

    @strawberry.field(description="Still in its first status more than 4 days after the request.")
    def delayed(self) -> bool:
        return policy.is_delayed(self.status, self.row.requested_on, get_clock().today())

    @strawberry.field
    async def order(self, info: Info) -> Annotated[Order, strawberry.lazy("gql.orders.types")]:
        from gql.orders.types import Order

        row = await info.context.loaders.order_by_id.load(self.row.order_id)
        assert row is not None  # a claim always has its order
        return Order.from_model(row)

    async def _rounds(self, info: Info) -> list[WithdrawalRoundEntity]:
        return await info.context.loaders.rounds_by_claim_id.load(self.row.id)

    async def _latest(self, info: Info) -> WithdrawalRoundEntity | None:
        rounds = await self._rounds(info)
        return rounds[-1] if rounds else None

    @strawberry.field(description="The latest withdrawal round (撤回索赔信息), if any.")
    async def withdrawal(self, info: Info) -> ClaimWithdrawal | None:
        latest = await self._latest(info)
        return ClaimWithdrawal.from_model(latest) if latest else None

    @strawberry.field(description="Every round, oldest first.")
    async def withdrawal_rounds(self, info: Info) -> list[ClaimWithdrawal]:
        return [ClaimWithdrawal.from_model(r) for r in await self._rounds(info)]

    @strawberry.field(description="The audit trail, oldest first.")
    async def events(self, info: Info) -> list[ClaimEvent]:
        rows = await info.context.loaders.events_by_claim_id.load(self.row.id)
        return [ClaimEvent.from_model(r) for r in rows]

    @strawberry.field(
        description="Every seller action (REQUEST, CANCEL, REREQUEST) with its availability; "
        "empty for a buyer, who answers with claimWithdrawalRespond."
    )
    async def withdrawal_actions(self, info: Info) -> list[ActionAvailability]:
        if isinstance(info.context.viewer, BuyerEntity):
            return []
        latest = await self._latest(info)
        lang = info.context.lang
        return [
            ActionAvailability(
                action=item.action,
                allowed=item.allowed,
                reason=item.error.code if item.error else None,
                message=localized(item.error, lang) if item.error else None,
            )
            for item in rules.withdrawal_actions(self.row, latest, get_clock().today())
        ]

    @strawberry.field(
        description="While a cancel cooldown runs: the first day a request is allowed."
    )
    def next_request_allowed_on(self) -> date | None:
        return rules.next_request_allowed_on(self.row, get_clock().today())

    @strawberry.field(
        description="客户回应期限 (重新请求): the deadline a re-request made today would get "
        "(only while the latest round is on hold)."
    )
    async def rerequest_deadline(self, info: Info) -> date | None:
        latest = await self._latest(info)
        return rules.rerequest_deadline(self.row, latest, get_clock().today())
