"""Read helper for the buyer's MyQoo10 page: the screen's read model
(models.screens.myqoo10, the same rows the API gives) plus the page-only counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from models.screens import myqoo10
from models.screens.myqoo10 import PendingRequest


@dataclass
class MyQoo10Page:
    counts: dict[str, int]
    pending: list[PendingRequest]


async def load_myqoo10(buyer_id: int) -> MyQoo10Page:
    screen = await myqoo10.load(buyer_id)
    # 決済待ち / 決済処理中 stay 0: payments are outside this system
    counts = {"payment_waiting": 0, "payment_processing": 0, **asdict(screen.counts)}
    return MyQoo10Page(counts, screen.pending)
