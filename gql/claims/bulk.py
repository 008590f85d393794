"""`claimWithdrawalRequestBulk`: one seller message to many claims, per-claim results.

The semantics of Saleor's `errorPolicy: REJECT_FAILED_ROWS`: good rows are done, failed
rows are reported in their own `results[i].userErrors`, and the top-level `userErrors`
is only for what refuses the whole call (no message, both or neither of `claimIds` and
`filter`, more than `policy.BULK_REQUEST_MAX` claims). The work is
`models.ops.bulk.request_withdrawals`, which the portal's bulk dialog calls as well.
"""

from __future__ import annotations

import strawberry

from gql import ids
from gql.claims.filters import ClaimFilterInput
from gql.claims.types import Claim, ClaimWithdrawal
from gql.context import Info
from gql.errors import UserError, camel, user_errors
from models import policy
from models.errors import DomainError
from models.messages import input_refusal, localized
from models.ops import bulk, rules

#: Where a filter's own fields sit in the input (a refusal of `dateFrom` is `filter.dateFrom`).
_FILTER = "filter"


@strawberry.input(
    description="Either `claimIds` or `filter` (all claims matching it, read again on the "
    f"server), at most {policy.BULK_REQUEST_MAX} claims per call."
)
class ClaimWithdrawalRequestBulkInput:
    claim_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The claims to ask (a claim named twice is asked once)."
    )
    filter: ClaimFilterInput | None = strawberry.field(
        default=None,
        description='Ask every claim matching this filter (the list\'s "all N matching"). '
        "More matches than the cap is refused: narrow the filter.",
    )
    seller_message: str = strawberry.field(
        description="卖家留言 for every claim, 1–1000 characters."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key again returns the same per-claim results and "
        "requests nothing twice.",
    )


@strawberry.type(description="One claim's outcome in a bulk request.")
class ClaimWithdrawalRequestBulkResult:
    claim_id: strawberry.ID
    order_no: str | None = strawberry.field(
        description="The claim's order number; null for an ID that is not one of your claims."
    )
    done: bool = strawberry.field(
        description="True when the claim was asked (or already was "
        "by an earlier call with the same idempotency key)."
    )
    claim: Claim | None = None
    withdrawal: ClaimWithdrawal | None = None
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description='Why this claim was refused; `field` is `["claimIds", "<index>"]` for '
        'a named claim, `["filter"]` for one the filter matched.',
    )


@strawberry.type
class ClaimWithdrawalRequestBulkPayload:
    results: list[ClaimWithdrawalRequestBulkResult] = strawberry.field(default_factory=list)
    done_count: int = 0
    refused_count: int = 0
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Refusals of the whole call (nothing was requested)."
    )


def _item_error(error: DomainError, lang: str, path: list[str]) -> UserError:
    return UserError(field=path, code=error.code, message=localized(error, lang))


def _whole_call_errors(error: DomainError, lang: str, in_filter: bool) -> list[UserError]:
    """A filter field's refusal points into `filter` (e.g. `["filter", "dateFrom"]`)."""
    found = user_errors(error, lang)
    if (
        in_filter
        and error.field
        and error.field not in ("filter", "sellerMessage", "idempotencyKey")
    ):
        found = [
            UserError(field=[_FILTER, camel(error.field)], code=e.code, message=e.message)
            for e in found
        ]
    return found


def _decode_all(
    claim_ids: list[strawberry.ID], lang: str
) -> tuple[list[int], dict[int, int], dict[int, ClaimWithdrawalRequestBulkResult]]:
    """The decodable ids, the first input index of each, and a failed row per bad ID."""
    decoded: list[int] = []
    index_of: dict[int, int] = {}
    bad: dict[int, ClaimWithdrawalRequestBulkResult] = {}
    for index, global_id in enumerate(claim_ids):
        try:
            pk = ids.decode(global_id, "Claim", "claimIds")
        except DomainError as error:
            bad[index] = ClaimWithdrawalRequestBulkResult(
                claim_id=global_id,
                order_no=None,
                done=False,
                user_errors=[_item_error(error, lang, ["claimIds", str(index)])],
            )
            continue
        if pk not in index_of:
            index_of[pk] = index
            decoded.append(pk)
    return decoded, index_of, bad


def _row(item: bulk.BulkItem, lang: str, path: list[str]) -> ClaimWithdrawalRequestBulkResult:
    result = item.result
    return ClaimWithdrawalRequestBulkResult(
        claim_id=strawberry.ID(ids.encode("Claim", item.claim_id)),
        order_no=item.order_no,
        done=item.done,
        claim=Claim.from_model(result.claim) if result else None,
        withdrawal=(
            ClaimWithdrawal.from_model(result.withdrawal) if result and result.withdrawal else None
        ),
        user_errors=[] if item.error is None else [_item_error(item.error, lang, path)],
    )


@strawberry.type
class ClaimBulkMutations:
    @strawberry.mutation(
        description="撤回要请 for many claims at once (seller): one message, each claim asked "
        "in its own transaction by the same rules as `claimWithdrawalRequest`; good rows are "
        "done, refused rows carry their own `userErrors` (REJECT_FAILED_ROWS)."
    )
    async def claim_withdrawal_request_bulk(
        self, info: Info, input: ClaimWithdrawalRequestBulkInput
    ) -> ClaimWithdrawalRequestBulkPayload:
        ctx = info.context
        lang = ctx.lang
        in_filter = input.filter is not None
        try:
            seller = ctx.require_seller()
            if input.claim_ids is not None and len(input.claim_ids) > policy.BULK_REQUEST_MAX:
                raise input_refusal(
                    "claimIds",
                    "bulk.too_many",
                    count=str(len(input.claim_ids)),
                    max=str(policy.BULK_REQUEST_MAX),
                )
            claim_ids: list[int] | None = None
            index_of: dict[int, int] = {}
            bad: dict[int, ClaimWithdrawalRequestBulkResult] = {}
            if input.claim_ids is not None:
                claim_ids, index_of, bad = _decode_all(input.claim_ids, lang)
                if bad and not claim_ids and input.filter is None:
                    # nothing left to ask: the message is still checked like any call's
                    rules.clean_message(input.seller_message)
                    rows = [bad[i] for i in sorted(bad)]
                    return ClaimWithdrawalRequestBulkPayload(results=rows, refused_count=len(rows))
            outcome = await bulk.request_withdrawals(
                seller.id,
                input.seller_message,
                claim_ids=claim_ids,
                flt=input.filter.to_domain() if input.filter is not None else None,
                idempotency_key=input.idempotency_key,
            )
        except DomainError as error:
            return ClaimWithdrawalRequestBulkPayload(
                user_errors=_whole_call_errors(error, lang, in_filter)
            )
        placed: list[tuple[int, ClaimWithdrawalRequestBulkResult]] = [
            (index, row) for index, row in bad.items()
        ]
        for position, item in enumerate(outcome.items):
            if in_filter:
                placed.append((position, _row(item, lang, [_FILTER])))
            else:
                index = index_of[item.claim_id]
                placed.append((index, _row(item, lang, ["claimIds", str(index)])))
        results = [row for _, row in sorted(placed, key=lambda pair: pair[0])]
        done = sum(1 for row in results if row.done)
        return ClaimWithdrawalRequestBulkPayload(
            results=results, done_count=done, refused_count=len(results) - done
        )
