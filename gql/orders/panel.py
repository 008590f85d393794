"""`Order.panel`: the transaction panel (交易信息) exactly as the portal shows it.

Why a type of its own: the panel is one read model (`models.screens.panel`); this adapter
only converts it, so the API and the portal show the same rounds, events, buttons
(complete-cancel included) and memo thread.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from gql.enums import Lang, UserErrorCode
from gql.memos.saved_replies import SavedReply
from models.labels import label
from models.messages import localized
from models.ops import rules
from models.screens import panel as panel_screen
from models.screens.panel import TransactionPanel as PanelModel

if TYPE_CHECKING:
    from gql.claims.types import Claim, ClaimEvent, ClaimWithdrawal
    from gql.memos.types import Memo

PanelAction = strawberry.enum(
    rules.PanelAction,
    description="A button of the transaction panel: the withdrawal actions and "
    "COMPLETE_CANCEL (the seller accepts the buyer's cancellation, FAQ).",
)

_CLAIMS = "gql.claims.types"
_MEMOS = "gql.memos.types"


@strawberry.type(
    description="Whether a panel button is available now and, if not, why: the same checks "
    "the operation runs."
)
class PanelActionAvailability:
    action: PanelAction  # type: ignore[valid-type]
    allowed: bool
    reason: UserErrorCode | None = strawberry.field(
        description="The code the operation would answer."
    )
    message: str | None = strawberry.field(description="Its sentence in the request's language.")

    @strawberry.field(description="The button's label (withdrawal actions only; else null).")
    def label(self, lang: Lang = Lang.ZH) -> str | None:
        if self.action == rules.PanelAction.COMPLETE_CANCEL:
            return None
        from models.enums import WithdrawalAction as DomainAction

        return label(DomainAction(self.action.value), lang.value)


@strawberry.type(
    description="交易信息 as one screen: the claim, its rounds and history, every button "
    "with its availability, and the order's memo thread (the portal reads the same)."
)
class TransactionPanel:
    model: strawberry.Private[PanelModel]
    lang: strawberry.Private[str]

    @strawberry.field(description="The open claim, else the latest one; null when none.")
    def claim(self) -> Annotated[Claim, strawberry.lazy(_CLAIMS)] | None:
        from gql.claims.types import Claim

        return Claim.from_model(self.model.claim) if self.model.claim else None

    @strawberry.field(description="The latest withdrawal round (撤回索赔信息), if any.")
    def withdrawal(self) -> Annotated[ClaimWithdrawal, strawberry.lazy(_CLAIMS)] | None:
        from gql.claims.types import ClaimWithdrawal

        latest = self.model.latest
        return ClaimWithdrawal.from_model(latest) if latest else None

    @strawberry.field(description="Every withdrawal round, oldest first.")
    def withdrawal_rounds(self) -> list[Annotated[ClaimWithdrawal, strawberry.lazy(_CLAIMS)]]:
        from gql.claims.types import ClaimWithdrawal

        return [ClaimWithdrawal.from_model(r) for r in self.model.rounds]

    @strawberry.field(description="The claim's history, oldest first.")
    def events(self) -> list[Annotated[ClaimEvent, strawberry.lazy(_CLAIMS)]]:
        from gql.claims.types import ClaimEvent

        return [ClaimEvent.from_model(e) for e in self.model.events]

    @strawberry.field(
        description="Every button (REQUEST, CANCEL, REREQUEST, COMPLETE_CANCEL) with its "
        "availability; empty when the order has no claim."
    )
    def actions(self) -> list[PanelActionAvailability]:
        return [
            PanelActionAvailability(
                action=item.action,
                allowed=item.allowed,
                reason=item.error.code if item.error else None,
                message=localized(item.error, self.lang) if item.error else None,
            )
            for item in self.model.actions
        ]

    @strawberry.field(description="客户回应期限 a request made today would get.")
    def request_deadline(self) -> date | None:
        return self.model.request_deadline

    @strawberry.field(description="客户回应期限 (重新请求) while the latest round is on hold.")
    def rerequest_deadline(self) -> date | None:
        return self.model.rerequest_deadline

    @strawberry.field(description="The order's memo thread (纸条), newest first.")
    def memos(self) -> list[Annotated[Memo, strawberry.lazy(_MEMOS)]]:
        from gql.memos.types import Memo

        return [Memo.from_model(m) for m in self.model.memos]

    @strawberry.field(description="A buyer memo is waiting for the seller's answer (the red N).")
    def has_unanswered_memo(self) -> bool:
        return self.model.unanswered_memo

    @strawberry.field(
        description="The seller's 常用回复 the memo form offers, oldest first (saved with "
        "memoSend's `saveReply`)."
    )
    async def saved_replies(self) -> list[SavedReply]:
        rows = self.model.saved_replies
        if rows is None:  # the API's read leaves them out until this field asks
            rows = await panel_screen.read_saved_replies(self.model.order.seller_id)
        return [SavedReply.from_model(r) for r in rows]
