"""The withdrawal mutations: request / cancel / re-request (seller) and respond (buyer),
and the seller's acceptance of a cancellation (the FAQ's other way out).

Each one decodes the ID, calls one operation of `models.ops.withdrawals` and turns a
refusal into `userErrors`. An idempotency key replays the first result, and the payload
is built from that result the same way, so a replay answers byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from gql import ids
from gql.claims.types import Claim, ClaimWithdrawal
from gql.context import Context, Info
from gql.enums import RejectionReason, WithdrawalState
from gql.errors import UserError, user_errors
from models.errors import DomainError
from models.ops import claims, withdrawals
from models.ops.withdrawals import WithdrawalResult


@strawberry.input
class ClaimWithdrawalRequestInput:
    claim_id: strawberry.ID
    seller_message: str = strawberry.field(description="卖家留言, 1–1000 characters.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Sending the same key again returns the first result."
    )


SEEN_ROUND = (
    "The round the user is looking at (`withdrawal.id`). If another action replaced it "
    "meanwhile (the buyer answered, a new round opened), the mutation is refused rather "
    "than applied to something the user never saw."
)


@strawberry.input
class ClaimWithdrawalCancelInput:
    claim_id: strawberry.ID
    idempotency_key: str | None = None
    withdrawal_id: strawberry.ID | None = strawberry.field(default=None, description=SEEN_ROUND)
    expected_state: WithdrawalState | None = strawberry.field(
        default=None,
        description="The state the user saw (REQUESTED or HELD); refused if it changed.",
    )


@strawberry.input
class ClaimWithdrawalRerequestInput:
    claim_id: strawberry.ID
    seller_message: str
    idempotency_key: str | None = None
    withdrawal_id: strawberry.ID | None = strawberry.field(default=None, description=SEEN_ROUND)
    expected_state: WithdrawalState | None = strawberry.field(
        default=None,
        description="The state the user saw (HELD); refused if it changed.",
    )


@strawberry.input
class ClaimWithdrawalRespondInput:
    claim_id: strawberry.ID
    accept: bool
    reason_code: RejectionReason | None = strawberry.field(
        default=None, description="Required when rejecting."
    )
    reason_text: str | None = strawberry.field(
        default=None, description="Required when the reason is OTHER."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key again returns the first result; the same key for "
        "another claim or the other answer is IDEMPOTENCY_KEY_REUSED.",
    )
    withdrawal_id: strawberry.ID | None = strawberry.field(default=None, description=SEEN_ROUND)


@strawberry.type
class ClaimWithdrawalPayload:
    claim: Claim | None = None
    withdrawal: ClaimWithdrawal | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _seen_round(withdrawal_id: strawberry.ID | None) -> int | None:
    return (
        None
        if withdrawal_id is None
        else ids.decode(withdrawal_id, "ClaimWithdrawal", "withdrawalId")
    )


async def _run(
    ctx: Context, op: Callable[[], Awaitable[WithdrawalResult]]
) -> ClaimWithdrawalPayload:
    try:
        result = await op()
    except DomainError as exc:
        return ClaimWithdrawalPayload(user_errors=user_errors(exc, ctx.lang, "claimId"))
    return ClaimWithdrawalPayload(
        claim=Claim.from_model(result.claim),
        withdrawal=ClaimWithdrawal.from_model(result.withdrawal) if result.withdrawal else None,
    )


@strawberry.input
class ClaimCancellationAcceptInput:
    claim_id: strawberry.ID


@strawberry.type
class ClaimCancellationAcceptPayload:
    claim: Claim | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ClaimMutations:
    @strawberry.mutation(
        description="同意取消 (seller, the FAQ's other way out): accept the buyer's "
        "cancellation instead of asking to withdraw it (取消要求 → 取消中). Available when "
        "`order.panel.actions` lists COMPLETE_CANCEL, the same rule as the portal's button."
    )
    async def claim_cancellation_accept(
        self, info: Info, input: ClaimCancellationAcceptInput
    ) -> ClaimCancellationAcceptPayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            claim_id = ids.decode(input.claim_id, "Claim", "claimId")
            claim = await claims.complete_cancel(seller.id, claim_id)
        except DomainError as exc:
            return ClaimCancellationAcceptPayload(user_errors=user_errors(exc, ctx.lang, "claimId"))
        return ClaimCancellationAcceptPayload(claim=Claim.from_model(claim))

    @strawberry.mutation(description="撤回要请 (seller): ask the buyer to withdraw the claim.")
    async def claim_withdrawal_request(
        self, info: Info, input: ClaimWithdrawalRequestInput
    ) -> ClaimWithdrawalPayload:
        ctx = info.context

        async def op() -> WithdrawalResult:
            seller = ctx.require_seller()
            claim_id = ids.decode(input.claim_id, "Claim", "claimId")
            return await withdrawals.request_withdrawal(
                seller.id, claim_id, input.seller_message, input.idempotency_key
            )

        return await _run(ctx, op)

    @strawberry.mutation(description="取消撤回要请 (seller): a new request waits 5 days.")
    async def claim_withdrawal_cancel(
        self, info: Info, input: ClaimWithdrawalCancelInput
    ) -> ClaimWithdrawalPayload:
        ctx = info.context

        async def op() -> WithdrawalResult:
            seller = ctx.require_seller()
            claim_id = ids.decode(input.claim_id, "Claim", "claimId")
            return await withdrawals.cancel_withdrawal(
                seller.id,
                claim_id,
                input.idempotency_key,
                expected_round_id=_seen_round(input.withdrawal_id),
                expected_state=input.expected_state,
            )

        return await _run(ctx, op)

    @strawberry.mutation(description="再次要请撤回 (seller): after the buyer rejected; unlimited.")
    async def claim_withdrawal_rerequest(
        self, info: Info, input: ClaimWithdrawalRerequestInput
    ) -> ClaimWithdrawalPayload:
        ctx = info.context

        async def op() -> WithdrawalResult:
            seller = ctx.require_seller()
            claim_id = ids.decode(input.claim_id, "Claim", "claimId")
            return await withdrawals.rerequest_withdrawal(
                seller.id,
                claim_id,
                input.seller_message,
                input.idempotency_key,
                expected_round_id=_seen_round(input.withdrawal_id),
                expected_state=input.expected_state,
            )

        return await _run(ctx, op)

    @strawberry.mutation(
        description="The buyer accepts (claim withdrawn) or rejects with a reason."
    )
    async def claim_withdrawal_respond(
        self, info: Info, input: ClaimWithdrawalRespondInput
    ) -> ClaimWithdrawalPayload:
        ctx = info.context

        async def op() -> WithdrawalResult:
            buyer = ctx.require_buyer()
            claim_id = ids.decode(input.claim_id, "Claim", "claimId")
            return await withdrawals.respond_withdrawal(
                buyer.id,
                claim_id,
                input.accept,
                input.reason_code,
                input.reason_text,
                input.idempotency_key,
                expected_round_id=_seen_round(input.withdrawal_id),
            )

        return await _run(ctx, op)
