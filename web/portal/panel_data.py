"""Read helper for the transaction panel (交易信息): one order, its claim and rounds.

Only reads and the domain's own rule functions (`rules.withdrawal_actions`,
`rules.rerequest_deadline`): which button shows is decided by the same checks the
operations run, never re-derived here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models import policy
from models.entities import Claim, ClaimEvent, Order, SavedReply, WithdrawalRound
from models.enums import WithdrawalAction
from models.ops import rules
from models.ops.claims import open_claim_for_order
from models.ops.memos import has_unanswered_memo
from models.ops.rules import ActionAvailability
from models.ops.runner import load_latest_round
from models.ops.sweep import sweep_seller


@dataclass
class PanelData:
    order: Order
    claim: Claim | None
    latest: WithdrawalRound | None
    rounds: list[WithdrawalRound]
    events: list[ClaimEvent]
    actions: dict[WithdrawalAction, ActionAvailability] = field(default_factory=dict)
    #: 客户回应期限 a request made today would get.
    request_deadline: date | None = None
    #: 客户回应期限 (重新请求) while the latest round is HELD.
    rerequest_deadline: date | None = None
    unanswered_memo: bool = False
    saved_replies: list[SavedReply] = field(default_factory=list)

    def allowed(self, action: str) -> bool:
        availability = self.actions.get(WithdrawalAction(action))
        return bool(availability and availability.allowed)

    @property
    def request_refusal(self):  # noqa: ANN201 - DomainError | None
        """Why a request is impossible, when it is neither pending nor on hold."""
        availability = self.actions.get(WithdrawalAction.REQUEST)
        if availability is None or availability.allowed:
            return None
        if self.allowed("CANCEL") or self.allowed("REREQUEST"):
            return None
        return availability.error


async def load_panel(seller_id: int, order_no: str, today: date) -> PanelData | None:
    """The panel of one of the seller's orders; None for anyone else's (→ 404)."""
    if not order_no or len(order_no) > 20:
        return None
    await sweep_seller(seller_id)
    order = await Order.get_or_none(order_no=order_no, seller_id=seller_id).select_related(
        "buyer", "seller"
    )
    if order is None:
        return None
    claim = await open_claim_for_order(order.id)
    data = PanelData(order=order, claim=claim, latest=None, rounds=[], events=[])
    if claim is not None:
        data.latest = await load_latest_round(claim)
        data.rounds = await WithdrawalRound.filter(claim_id=claim.id).order_by("round_no")
        data.events = await ClaimEvent.filter(claim_id=claim.id).order_by("at", "id")
        data.actions = {a.action: a for a in rules.withdrawal_actions(claim, data.latest, today)}
        data.request_deadline = policy.response_deadline(today)
        data.rerequest_deadline = rules.rerequest_deadline(claim, data.latest, today)
    data.unanswered_memo = await has_unanswered_memo(order.id)
    data.saved_replies = await SavedReply.filter(seller_id=seller_id).order_by("id")
    return data
