"""The benchmark data set: one seller with 1,000,000 claims plus 1,000,000 spread over
1,000 other sellers, each claim on its own order, with a realistic status mix, withdrawal
rounds (and their audit events) consistent with `claim.withdrawal_state` / `round_count`,
and memos.

Why raw bulk inserts instead of the ORM: 4 M+ rows through `Model.create` would take
hours. Rows go through the raw driver (sqlite3 `executemany`, asyncpg
`copy_records_to_table`) into the schema the real migrations created, secondary indexes are
dropped during the load and rebuilt after it, and `seller_counter` is then filled from a
GROUP BY so it is exact. The result is cached (bench-results/qsm_bench_v<N>.sqlite3 or the
PostgreSQL database qsm_bench_v<N>); bump VERSION whenever the shape of the data changes.

Dates are relative to an anchor instant stored in `bench_meta`; every process of the bench
runs with `QSM_CLOCK` set to it, so a cached database never ages (no round becomes due by
itself between runs).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import asyncpg

from models import policy
from models.enums import ClaimStatus as S
from models.enums import ClaimType as T
from models.enums import WithdrawalState as W
from models.ops.accounts import hash_password
from models.ops.counters import ALL_KEYS
from tests.bench.db import Target, create_empty
from tests.bench.progress import Progress
from web.cli import run_migrations

#: 2: claim.response_deadline and claim.ordered_on (migration 0006) filled by the generator.
#: 3: no customer_order.has_open_claim, `first:<day>:<status>` counter rows (migration 0012).
VERSION = 3
PASSWORD = "bench-pass"
BIG_SELLER_LOGIN = "bench-big"
CHUNK = 20_000


@dataclass(frozen=True)
class Sizes:
    big_claims: int
    other_claims: int
    other_sellers: int
    buyers: int
    memos: int

    @property
    def claims(self) -> int:
        return self.big_claims + self.other_claims


FULL = Sizes(1_000_000, 1_000_000, 1_000, 20_000, 200_000)
QUICK = Sizes(100_000, 100_000, 100, 2_000, 20_000)
#: The triage data set of issue 12: a seller with 22,000 claims (and two small neighbours,
#: so the seller filter matters), its own cached database (`tests/bench/triage.py`).
TRIAGE = Sizes(22_000, 2_000, 2, 2_000, 0)

ORDER_COLUMNS = [
    "id",
    "order_no",
    "cart_no",
    "item_code",
    "seller_item_code",
    "item_name",
    "quantity",
    "option_info",
    "option_code",
    "country",
    "recipient_name",
    "recipient_phone",
    "total_amount",
    "payment_method",
    "ordered_on",
    "shipped_on",
    "carrier",
    "tracking_no",
    "completed_on",
    "postal_code",
    "address",
    "status",
    "buyer_id",
    "seller_id",
]
CLAIM_COLUMNS = [
    "id",
    "type",
    "status",
    "reason",
    "non_receipt_reason",
    "non_receipt_type",
    "requested_on",
    "completed_on",
    "collection_method",
    "partner_name",
    "withdrawal_state",
    "round_count",
    "next_request_allowed_on",
    "response_deadline",
    "ordered_on",
    "version",
    "created_at",
    "updated_at",
    "buyer_id",
    "order_id",
    "seller_id",
]
ROUND_COLUMNS = [
    "id",
    "claim_id",
    "round_no",
    "state",
    "seller_message",
    "requested_at",
    "requested_on",
    "deadline",
    "held_at",
    "rejection_code",
    "rejection_text",
    "responded_at",
    "cancelled_at",
    "expired_at",
    "voided_at",
]
EVENT_COLUMNS = [
    "claim_id",
    "actor_kind",
    "actor_id",
    "kind",
    "from_status",
    "to_status",
    "from_state",
    "to_state",
    "round_no",
    "message",
    "at",
]
MEMO_COLUMNS = [
    "order_id",
    "seller_id",
    "buyer_id",
    "sender_kind",
    "title",
    "body",
    "type",
    "category",
    "status",
    "channel",
    "sent_at",
]

TYPE_WEIGHTS = ((T.CANCEL, 35), (T.RETURN, 35), (T.EXCHANGE, 15), (T.NON_RECEIPT, 15))
OPEN_LATER = {
    T.CANCEL: (S.CANCELLING,),
    T.RETURN: (S.RETURNING, S.RETURN_HELD, S.RETURN_RECEIVED),
    T.EXCHANGE: (S.EXCHANGE_CONFIRMED, S.EXCHANGE_RESHIPPING),
    T.NON_RECEIPT: (S.NR_SELLER_CONFIRMED,),
}
COMPLETED = {
    T.CANCEL: (S.CANCEL_COMPLETED,),
    T.RETURN: (S.RETURN_COMPLETED,),
    T.EXCHANGE: (S.EXCHANGE_COMPLETED,),
    T.NON_RECEIPT: (S.NR_REFUNDED, S.NR_REFUNDED, S.NR_REFUNDED, S.NR_PARTIALLY_REFUNDED),
}
REASONS = {
    T.CANCEL: ("订购取消", "重复订购", "改变主意"),
    T.RETURN: ("商品不良", "尺寸不合", "与描述不符"),
    T.EXCHANGE: ("尺寸交换", "颜色交换"),
    T.NON_RECEIPT: ("未收到商品",),
}
MESSAGES = (
    "商品已经发货，请您撤回取消申请。",
    "已与您电话确认，请撤回退货申请。谢谢！",
    "您好，交换商品已准备好，请撤回投诉。",
)


def anchor_instant() -> datetime:
    """Noon (Tokyo) of today's business date: what `QSM_CLOCK` is set to for every run."""
    today = datetime.now(policy.BUSINESS_TZ).date()
    return datetime.combine(today, time(12, 0), policy.BUSINESS_TZ).astimezone(UTC)


class _Instants:
    """Tokyo wall time on a business date, as a UTC instant (cached per date)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[date, int], datetime] = {}

    def at(self, day: date, hour: int) -> datetime:
        key = (day, hour)
        value = self._cache.get(key)
        if value is None:
            value = datetime.combine(day, time(hour, 0), policy.BUSINESS_TZ).astimezone(UTC)
            self._cache[key] = value
        return value


@dataclass
class Batch:
    orders: list[tuple]
    claims: list[tuple]
    rounds: list[tuple]
    events: list[tuple]


class Generator:
    """Deterministic rows (seeded), produced in chunks so memory stays small."""

    def __init__(self, sizes: Sizes, today: date) -> None:
        self.sizes = sizes
        self.today = today
        self.rng = random.Random(20260601)
        self.instants = _Instants()
        self.round_id = 0
        self._types = [t for t, w in TYPE_WEIGHTS for _ in range(w)]

    def seller_of(self, claim_id: int) -> int:
        if claim_id <= self.sizes.big_claims:
            return 1
        return 2 + (claim_id - self.sizes.big_claims - 1) % self.sizes.other_sellers

    def _status(self, ctype: T, age: int) -> S:
        r = self.rng.random()
        open_share = 0.8 if age <= 14 else 0.03
        if r < open_share:
            if self.rng.random() < 0.5:
                return policy.FIRST_STATUS[ctype]
            return self.rng.choice(OPEN_LATER[ctype])
        if self.rng.random() < 0.08:
            return S.WITHDRAWN
        return self.rng.choice(COMPLETED[ctype])

    def _rounds(
        self, claim_id: int, status: S, requested_on: date
    ) -> tuple[list[tuple], list[tuple], W | None, date | None]:
        """Rounds and events for one claim, and the claim's resulting withdrawal_state."""
        rng, today = self.rng, self.today
        if status == S.WITHDRAWN:
            final = W.ACCEPTED if rng.random() < 0.7 else W.EXPIRED
            if (today - requested_on).days <= policy.RESPONSE_WINDOW_DAYS:
                final = W.ACCEPTED  # too recent for a round to have run out
        elif status in policy.WITHDRAWABLE_STATUSES and rng.random() < 0.25:
            r = rng.random()
            final = W.REQUESTED if r < 0.4 else W.HELD if r < 0.75 else W.CANCELLED
        else:
            return [], [], None, None
        count = 2 if rng.random() < 0.2 else 1
        span = max((today - requested_on).days, 0)
        rounds, events = [], []
        next_allowed: date | None = None
        for no in range(1, count + 1):
            state = final if no == count else W.HELD
            if state == W.REQUESTED:
                day = max(requested_on, today - timedelta(days=rng.randint(0, 5)))
            elif state == W.EXPIRED:
                day = requested_on + timedelta(days=rng.randint(0, 3))
                day = min(day, today - timedelta(days=policy.RESPONSE_WINDOW_DAYS + 1))
            else:
                day = requested_on + timedelta(days=rng.randint(0, min(span, 6)))
            self.round_id += 1
            asked = self.instants.at(day, 10)
            answered = self.instants.at(min(day + timedelta(days=1), today), 15)
            deadline = policy.response_deadline(day)
            held = state == W.HELD
            rounds.append(
                (
                    self.round_id,
                    claim_id,
                    no,
                    state.value,
                    rng.choice(MESSAGES),
                    asked,
                    day,
                    deadline,
                    answered if held else None,
                    "WANT_REFUND" if held else None,
                    "" if held else None,
                    answered if state in (W.HELD, W.ACCEPTED) else None,
                    answered if state == W.CANCELLED else None,
                    self.instants.at(deadline + timedelta(days=1), 0)
                    if state == W.EXPIRED
                    else None,
                    None,
                )
            )
            kind = "WITHDRAWAL_REQUESTED" if no == 1 else "WITHDRAWAL_REREQUESTED"
            prev = None if no == 1 else W.HELD.value
            events.append(
                (claim_id, "SELLER", None, kind, None, None, prev, "REQUESTED", no, "", asked)
            )
            if state != W.REQUESTED:
                outcome = {
                    W.HELD: ("WITHDRAWAL_REJECTED", "BUYER"),
                    W.ACCEPTED: ("WITHDRAWAL_ACCEPTED", "BUYER"),
                    W.CANCELLED: ("WITHDRAWAL_CANCELLED", "SELLER"),
                    W.EXPIRED: ("WITHDRAWAL_EXPIRED", "SYSTEM"),
                }[state]
                events.append(
                    (
                        claim_id,
                        outcome[1],
                        None,
                        outcome[0],
                        None,
                        None,
                        "REQUESTED",
                        state.value,
                        no,
                        "",
                        answered,
                    )
                )
            if state == W.CANCELLED:
                next_allowed = policy.request_allowed_after_cancel(min(day, today))
        return rounds, events, final, next_allowed

    def batches(self) -> Iterator[Batch]:
        rng, today, sizes = self.rng, self.today, self.sizes
        for start in range(1, sizes.claims + 1, CHUNK):
            batch = Batch([], [], [], [])
            for cid in range(start, min(start + CHUNK, sizes.claims + 1)):
                seller = self.seller_of(cid)
                buyer = rng.randint(1, sizes.buyers)
                age = rng.randint(0, 730)
                requested_on = today - timedelta(days=age)
                ctype = rng.choice(self._types)
                status = self._status(ctype, age)
                closed = status in policy.CLOSED_STATUSES
                completed_on = (
                    min(requested_on + timedelta(days=rng.randint(1, 10)), today)
                    if closed
                    else None
                )
                ordered_on = requested_on - timedelta(days=rng.randint(0, 10))
                shipped = ctype != T.CANCEL or status == S.CANCELLING
                shipped_on = ordered_on + timedelta(days=1) if shipped else None
                rounds, events, wstate, next_allowed = self._rounds(cid, status, requested_on)
                created = self.instants.at(requested_on, 9)
                batch.orders.append(
                    (
                        cid,
                        str(600_000_000 + cid),
                        str(200_000_000 + cid // 2),
                        str(800_000_000 + cid % 50_000),
                        f"SIC-{cid % 20_000:05d}",
                        f"商品 {cid % 50_000}",
                        1 + cid % 3,
                        f"Color:Blue{cid % 10}",
                        f"OPT{cid % 100:03d}",
                        "JP",
                        f"收件人 {buyer}",
                        "090-0000-0000",
                        1000 + (cid % 90) * 100,
                        "现金",
                        ordered_on,
                        shipped_on,
                        "佐川急便" if shipped else "",
                        f"TRK{cid:010d}" if shipped else "",
                        completed_on,
                        "100-0001",
                        "东京都千代田区 1-1",
                        "DELIVERED" if shipped else "AWAITING_SHIPMENT",
                        buyer,
                        seller,
                    )
                )
                batch.claims.append(
                    (
                        cid,
                        ctype.value,
                        status.value,
                        rng.choice(REASONS[ctype]),
                        "未收到" if ctype == T.NON_RECEIPT else "",
                        "未收取" if ctype == T.NON_RECEIPT else "",
                        requested_on,
                        completed_on,
                        "卖家直接发送" if ctype in (T.RETURN, T.EXCHANGE) else "",
                        "",
                        wstate.value if wstate else None,
                        len(rounds),
                        next_allowed,
                        rounds[-1][7] if wstate == W.REQUESTED else None,
                        ordered_on,
                        len(events),
                        created,
                        created,
                        buyer,
                        cid,
                        seller,
                    )
                )
                batch.rounds.extend(rounds)
                batch.events.extend(events)
            yield batch

    def memos(self) -> Iterator[list[tuple]]:
        rng, sizes = self.rng, self.sizes
        rows: list[tuple] = []
        for _ in range(sizes.memos):
            order_id = rng.randint(1, sizes.claims)
            from_buyer = rng.random() < 0.6
            status = "UNANSWERED" if from_buyer and rng.random() < 0.3 else "ANSWERED"
            day = self.today - timedelta(days=rng.randint(0, 730))
            rows.append(
                (
                    order_id,
                    self.seller_of(order_id),
                    rng.randint(1, sizes.buyers),
                    "BUYER" if from_buyer else "SELLER",
                    "关于订单的问题",
                    "您好，请问什么时候发货？" if from_buyer else "您好，已经发货了。",
                    "NORMAL",
                    "DELIVERY",
                    status,
                    "BUYER_SELLER",
                    self.instants.at(day, 11),
                )
            )
            if len(rows) >= CHUNK:
                yield rows
                rows = []
        if rows:
            yield rows


# --- writers ---------------------------------------------------------------------------------


def counter_sql(pg: bool) -> list[str]:
    """Every seller's counter rows recomputed from the claims (models/ops/counters.py)."""
    day = "to_char(requested_on, 'YYYY-MM-DD')" if pg else "requested_on"
    first = ", ".join(f"'{s.value}'" for s in sorted(policy.FIRST_STATUSES))
    return [
        # the round's copy of its seller (migration 0014, the sweep probe's index)
        "UPDATE withdrawal_round SET seller_id = "
        "(SELECT claim.seller_id FROM claim WHERE claim.id = withdrawal_round.claim_id) "
        "WHERE seller_id IS NULL",
        "DELETE FROM seller_counter",
        "INSERT INTO seller_counter (seller_id, key, count) "
        "SELECT seller_id, 'status:' || status, count(*) FROM claim GROUP BY seller_id, status",
        "INSERT INTO seller_counter (seller_id, key, count) "
        "SELECT seller_id, 'withdrawal:' || withdrawal_state, count(*) FROM claim "
        "WHERE withdrawal_state IS NOT NULL GROUP BY seller_id, withdrawal_state",
        "INSERT INTO seller_counter (seller_id, key, count) "
        f"SELECT seller_id, 'first:' || {day} || ':' || status, count(*) FROM claim "
        f"WHERE status IN ({first}) GROUP BY seller_id, requested_on, status",
        "WITH keys(key) AS (VALUES "
        + ", ".join(f"('{k}')" for k in ALL_KEYS)
        + ") INSERT INTO seller_counter (seller_id, key, count) "
        "SELECT s.id, keys.key, 0 FROM seller s CROSS JOIN keys WHERE NOT EXISTS "
        "(SELECT 1 FROM seller_counter c WHERE c.seller_id = s.id AND c.key = keys.key)",
    ]


FILLED_TABLES = ("customer_order", "claim", "withdrawal_round", "claim_event", "memo")


def _accounts(sizes: Sizes, created: datetime) -> tuple[list[tuple], list[tuple]]:
    pw = hash_password(PASSWORD)  # one argon2 hash reused by every generated account
    sellers = [(1, BIG_SELLER_LOGIN, "BENCH BIG SHOP", pw, "zh", created)]
    sellers += [
        (n, f"bench-s{n}", f"BENCH SHOP {n}", pw, "zh", created)
        for n in range(2, sizes.other_sellers + 2)
    ]
    buyers = [
        (n, f"bench-b{n}", f"buyer{n}", "JP", pw, "ja", created) for n in range(1, sizes.buyers + 1)
    ]
    return sellers, buyers


SELLER_COLUMNS = ["id", "login_id", "shop_name", "password_hash", "lang", "created_at"]
BUYER_COLUMNS = ["id", "login_id", "display_name", "country", "password_hash", "lang", "created_at"]


def _insert_sql(table: str, columns: list[str], qmark: bool) -> str:
    marks = ", ".join("?" for _ in columns) if qmark else ""
    return f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'


def _load_sqlite(path: str, gen: Generator, anchor: datetime) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join(repr(t) for t in FILLED_TABLES)})"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    sellers, buyers = _accounts(gen.sizes, anchor)
    conn.executemany(_insert_sql("seller", SELLER_COLUMNS, True), sellers)
    conn.executemany(_insert_sql("buyer", BUYER_COLUMNS, True), buyers)
    with Progress("claims+orders", gen.sizes.claims) as bar:
        for b in gen.batches():
            conn.executemany(_insert_sql("customer_order", ORDER_COLUMNS, True), b.orders)
            conn.executemany(_insert_sql("claim", CLAIM_COLUMNS, True), b.claims)
            conn.executemany(_insert_sql("withdrawal_round", ROUND_COLUMNS, True), b.rounds)
            conn.executemany(_insert_sql("claim_event", EVENT_COLUMNS, True), b.events)
            bar.update(len(b.claims))
    with Progress("memos", gen.sizes.memos) as bar:
        for rows in gen.memos():
            conn.executemany(_insert_sql("memo", MEMO_COLUMNS, True), rows)
            bar.update(len(rows))
    conn.commit()
    with Progress("indexes+counters", len(indexes) + 1) as bar:
        for _, sql in indexes:
            conn.execute(sql)
            bar.update(1)
        for sql in counter_sql(pg=False):
            conn.execute(sql)
        bar.update(1)
    conn.execute("CREATE TABLE bench_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
    conn.execute("INSERT INTO bench_meta VALUES ('anchor', ?)", (anchor.isoformat(),))
    conn.commit()
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


async def _load_postgres(url: str, gen: Generator, anchor: datetime) -> None:
    conn = await asyncpg.connect(url)
    try:
        indexes = await conn.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            "AND i.tablename = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)",
            list(FILLED_TABLES),
        )
        for row in indexes:
            await conn.execute(f'DROP INDEX "{row["indexname"]}"')
        for table in (*FILLED_TABLES, "seller", "buyer"):
            await conn.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER ALL')
        sellers, buyers = _accounts(gen.sizes, anchor)
        await conn.copy_records_to_table("seller", records=sellers, columns=SELLER_COLUMNS)
        await conn.copy_records_to_table("buyer", records=buyers, columns=BUYER_COLUMNS)
        with Progress("claims+orders", gen.sizes.claims) as bar:
            for b in gen.batches():
                await conn.copy_records_to_table(
                    "customer_order", records=b.orders, columns=ORDER_COLUMNS
                )
                await conn.copy_records_to_table("claim", records=b.claims, columns=CLAIM_COLUMNS)
                await conn.copy_records_to_table(
                    "withdrawal_round", records=b.rounds, columns=ROUND_COLUMNS
                )
                await conn.copy_records_to_table(
                    "claim_event", records=b.events, columns=EVENT_COLUMNS
                )
                bar.update(len(b.claims))
        with Progress("memos", gen.sizes.memos) as bar:
            for rows in gen.memos():
                await conn.copy_records_to_table("memo", records=rows, columns=MEMO_COLUMNS)
                bar.update(len(rows))
        with Progress("indexes+counters", len(indexes) + 2) as bar:
            await conn.execute("SET maintenance_work_mem = '512MB'")
            for row in indexes:
                await conn.execute(row["indexdef"])
                bar.update(1)
            for table in (*FILLED_TABLES, "seller", "buyer"):
                await conn.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER ALL')
            for table in (*FILLED_TABLES, "seller", "buyer", "seller_counter"):
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT coalesce(max(id), 0) + 1 FROM "{table}"), false)'
                )
            async with conn.transaction():
                for sql in counter_sql(pg=True):
                    await conn.execute(sql)
            bar.update(1)
            await conn.execute("CREATE TABLE bench_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
            await conn.execute("INSERT INTO bench_meta VALUES ('anchor', $1)", anchor.isoformat())
            await conn.execute(
                "VACUUM ANALYZE"
            )  # what autovacuum would do; enables index-only scans
            bar.update(1)
    finally:
        await conn.close()


async def generate(target: Target, sizes: Sizes) -> dict[str, Any]:
    """Create, migrate and fill the pristine database; returns row counts."""
    url = target.pristine_url
    await create_empty(target, url)
    await run_migrations(url)
    anchor = anchor_instant()
    gen = Generator(sizes, anchor.astimezone(policy.BUSINESS_TZ).date())
    if target.is_pg:
        await _load_postgres(url, gen, anchor)
    else:
        await asyncio.to_thread(_load_sqlite, str(target.sqlite_path(url)), gen, anchor)
    return {"claims": sizes.claims, "rounds": gen.round_id, "anchor": anchor.isoformat()}
