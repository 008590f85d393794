"""The transaction panel (交易信息): order, claim, rounds, events, buttons, memo thread.

Why here: the portal assembled the panel in `web/portal/panel_data.py` and re-derived the
complete-cancel button in its template, while the API's `order(orderNo)` assembled the
same screen from its own loaders and had no complete-cancel at all. Both now read `load`,
and every button comes from one availability list (`rules.panel_actions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models import policy
from models.entities import Claim, ClaimEvent, Memo, Order, SavedReply, WithdrawalRound
from models.enums import ActorKind, MemoStatus
from models.errors import DomainError
from models.ops import rules
from models.ops.lookups import ORDER_NO_MAX_LENGTH
from models.ops.rules import PanelAction, PanelActionAvailability
from models.ops.sweep import sweep_seller
from models.screens import panel_statement
from models.screens.thread import Thread, thread_of


@dataclass
class TransactionPanel:
    """One order of the seller as the panel shows it (plain rows and codes)."""

    order: Order
    claim: Claim | None
    #: The claim's latest round (what 撤回索赔信息 shows), if any.
    latest: WithdrawalRound | None
    #: Every round, oldest first.
    rounds: list[WithdrawalRound]
    #: The claim's history, oldest first.
    events: list[ClaimEvent]
    #: Every button (request, cancel, re-request, complete-cancel), in that order.
    actions: list[PanelActionAvailability] = field(default_factory=list)
    #: 客户回应期限 a request made today would get.
    request_deadline: date | None = None
    #: 客户回应期限 (重新请求) while the latest round is HELD.
    rerequest_deadline: date | None = None
    #: The order's memos, newest first (the API's `panel.memos`).
    memos: list[Memo] = field(default_factory=list)
    #: The order's conversation as the seller sees it, newest last (the panel's thread).
    thread: Thread | None = None
    #: The seller's 常用回复, oldest first; None when the caller did not ask for them
    #: (`read(…, saved_replies=False)`: the API reads them only when selected).
    saved_replies: list[SavedReply] | None = field(default_factory=list)

    @property
    def unanswered_memo(self) -> bool:
        """A buyer memo waits for the seller's answer (the red N)."""
        return any(
            m.sender_kind == ActorKind.BUYER and m.status == MemoStatus.UNANSWERED
            for m in self.memos
        )

    def availability(self, action: str) -> PanelActionAvailability | None:
        wanted = PanelAction(action)
        return next((a for a in self.actions if a.action == wanted), None)

    def allowed(self, action: str) -> bool:
        found = self.availability(action)
        return bool(found and found.allowed)

    @property
    def request_refusal(self) -> DomainError | None:
        """Why a request is impossible, when it is neither pending nor on hold."""
        found = self.availability(PanelAction.REQUEST)
        if found is None or found.allowed:
            return None
        if self.allowed(PanelAction.CANCEL) or self.allowed(PanelAction.REREQUEST):
            return None
        return found.error


@dataclass(frozen=True)
class PanelRows:
    """What the panel reads from the database, before any rule."""

    order: Order
    claim: Claim | None
    rounds: list[WithdrawalRound]
    events: list[ClaimEvent]
    #: The order's memos, oldest first.
    memos: list[Memo]


async def read_rows(seller_id: int, order_no: str) -> PanelRows | None:
    """The panel's rows in one statement (models/screens/panel_statement.py); None when
    the seller has no such order."""
    rows = await panel_statement.read_rows(order_no, seller_id)
    if rows is None:
        return None
    claims = rows[Claim]
    return PanelRows(
        rows[Order][0],
        claims[0] if claims else None,
        rows[WithdrawalRound],
        rows[ClaimEvent],
        rows[Memo],
    )


async def read(
    seller_id: int, order_no: str, today: date, *, saved_replies: bool = True
) -> TransactionPanel | None:
    """The panel of one of the seller's orders, assuming the caller swept; None for
    anyone else's order (which both surfaces answer like a missing one). Without
    `saved_replies`, `panel.saved_replies` is None (one statement fewer)."""
    if not order_no or len(order_no) > ORDER_NO_MAX_LENGTH:
        return None
    rows = await read_rows(seller_id, order_no)
    if rows is None:
        return None
    order, claim = rows.order, rows.claim
    panel = TransactionPanel(order=order, claim=claim, latest=None, rounds=[], events=[])
    if claim is not None:
        panel.rounds = rows.rounds
        panel.latest = panel.rounds[-1] if panel.rounds else None
        panel.events = rows.events
        panel.actions = rules.panel_actions(claim, panel.latest, today)
        panel.request_deadline = policy.response_deadline(today)
        panel.rerequest_deadline = rules.rerequest_deadline(claim, panel.latest, today)
    panel.thread = thread_of(order, ActorKind.SELLER, rows.memos)
    panel.memos = [m.memo for m in reversed(panel.thread.memos)]
    panel.saved_replies = await read_saved_replies(seller_id) if saved_replies else None
    return panel


async def read_saved_replies(seller_id: int) -> list[SavedReply]:
    """The seller's 常用回复 the memo form offers, oldest first."""
    return await SavedReply.filter(seller_id=seller_id).order_by("id")


async def load(seller_id: int, order_no: str, today: date) -> TransactionPanel | None:
    """Sweep this seller's overdue rounds once, then read the panel."""
    await sweep_seller(seller_id)
    return await read(seller_id, order_no, today)
