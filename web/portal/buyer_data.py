"""Read helper for the buyer's MyQoo10 page: the screen's read models
(models.screens.myqoo10 and the buyer's conversations from models.screens.thread, the
same rows the API gives) plus the page-only counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from models.screens import myqoo10, thread
from models.screens.myqoo10 import PendingRequest
from models.screens.thread import Thread


@dataclass
class MyQoo10Page:
    counts: dict[str, int]
    pending: list[PendingRequest]
    #: The buyer's conversations, latest activity first (each oldest memo first).
    threads: list[Thread] = field(default_factory=list)


async def load_myqoo10(buyer_id: int) -> MyQoo10Page:
    screen = await myqoo10.load(buyer_id)  # sweeps once, then reads
    # 決済待ち / 決済処理中 stay 0: payments are outside this system
    counts = {"payment_waiting": 0, "payment_processing": 0, **asdict(screen.counts)}
    return MyQoo10Page(counts, screen.pending, await thread.buyer_threads(buyer_id))
