"""Dataloaders, built fresh for every request (so nothing is cached across users), named
`<Model>By<Key>Loader` as in Saleor. Each turns N lookups of one resolver level into one
query, which keeps a 50-row page at a fixed number of SQL statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from strawberry.dataloader import DataLoader

from models.entities import (
    Buyer,
    Claim,
    ClaimEvent,
    Memo,
    Order,
    Seller,
    WithdrawalRound,
)
from models.enums import ActorKind, MemoStatus

T = TypeVar("T")


def _by_id(rows: Iterable[T], keys: list[int]) -> list[T | None]:
    index = {row.id: row for row in rows}  # type: ignore[attr-defined]
    return [index.get(key) for key in keys]


async def _orders(keys: list[int]) -> list[Order | None]:
    return _by_id(await Order.filter(id__in=keys), keys)


async def _sellers(keys: list[int]) -> list[Seller | None]:
    return _by_id(await Seller.filter(id__in=keys), keys)


async def _buyers(keys: list[int]) -> list[Buyer | None]:
    return _by_id(await Buyer.filter(id__in=keys), keys)


async def _claims_by_order(keys: list[int]) -> list[list[Claim]]:
    grouped: dict[int, list[Claim]] = defaultdict(list)
    for claim in await Claim.filter(order_id__in=keys).order_by("-created_at", "-id"):
        grouped[claim.order_id].append(claim)
    return [grouped[key] for key in keys]


async def _rounds_by_claim(keys: list[int]) -> list[list[WithdrawalRound]]:
    grouped: dict[int, list[WithdrawalRound]] = defaultdict(list)
    for rnd in await WithdrawalRound.filter(claim_id__in=keys).order_by("round_no"):
        grouped[rnd.claim_id].append(rnd)
    return [grouped[key] for key in keys]


async def _events_by_claim(keys: list[int]) -> list[list[ClaimEvent]]:
    grouped: dict[int, list[ClaimEvent]] = defaultdict(list)
    for event in await ClaimEvent.filter(claim_id__in=keys).order_by("at", "id"):
        grouped[event.claim_id].append(event)
    return [grouped[key] for key in keys]


async def _memos_by_order(keys: list[int]) -> list[list[Memo]]:
    grouped: dict[int, list[Memo]] = defaultdict(list)
    for memo in await Memo.filter(order_id__in=keys).order_by("-sent_at", "-id"):
        grouped[memo.order_id].append(memo)
    return [grouped[key] for key in keys]


async def _unanswered_by_order(keys: list[int]) -> list[bool]:
    rows = await Memo.filter(
        order_id__in=keys, sender_kind=ActorKind.BUYER, status=MemoStatus.UNANSWERED
    ).values_list("order_id", flat=True)
    unanswered = set(rows)
    return [key in unanswered for key in keys]


class OrderByIdLoader(DataLoader[int, Order | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_orders)


class SellerByIdLoader(DataLoader[int, Seller | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_sellers)


class BuyerByIdLoader(DataLoader[int, Buyer | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_buyers)


class ClaimsByOrderIdLoader(DataLoader[int, list[Claim]]):
    """Every claim of an order, newest first (the first is the open or latest claim)."""

    def __init__(self) -> None:
        super().__init__(load_fn=_claims_by_order)


class WithdrawalRoundsByClaimIdLoader(DataLoader[int, list[WithdrawalRound]]):
    """Every round of a claim, oldest first (the last is the latest round)."""

    def __init__(self) -> None:
        super().__init__(load_fn=_rounds_by_claim)


class ClaimEventsByClaimIdLoader(DataLoader[int, list[ClaimEvent]]):
    def __init__(self) -> None:
        super().__init__(load_fn=_events_by_claim)


class MemosByOrderIdLoader(DataLoader[int, list[Memo]]):
    def __init__(self) -> None:
        super().__init__(load_fn=_memos_by_order)


class UnansweredMemoByOrderIdLoader(DataLoader[int, bool]):
    """Whether an order has a buyer memo the seller has not answered (the red N)."""

    def __init__(self) -> None:
        super().__init__(load_fn=_unanswered_by_order)


@dataclass
class Loaders:
    """One set per request: a cache never outlives the request it was built for."""

    order_by_id: OrderByIdLoader = field(default_factory=OrderByIdLoader)
    seller_by_id: SellerByIdLoader = field(default_factory=SellerByIdLoader)
    buyer_by_id: BuyerByIdLoader = field(default_factory=BuyerByIdLoader)
    claims_by_order_id: ClaimsByOrderIdLoader = field(default_factory=ClaimsByOrderIdLoader)
    rounds_by_claim_id: WithdrawalRoundsByClaimIdLoader = field(
        default_factory=WithdrawalRoundsByClaimIdLoader
    )
    events_by_claim_id: ClaimEventsByClaimIdLoader = field(
        default_factory=ClaimEventsByClaimIdLoader
    )
    memos_by_order_id: MemosByOrderIdLoader = field(default_factory=MemosByOrderIdLoader)
    unanswered_memo_by_order_id: UnansweredMemoByOrderIdLoader = field(
        default_factory=UnansweredMemoByOrderIdLoader
    )
