"""The raw floor server: Starlette routes that run the same SQL statements as the GraphQL
resolvers (captured from Tortoise's `tortoise.db_client` debug log) with the raw driver and
answer the same JSON, so `/graphql ÷ raw` isolates what the ORM and GraphQL layers cost.

Served by uvicorn exactly like the app (`--http httptools --loop uvloop`, one worker):
`uvicorn tests.bench.floors:app` with DATABASE_URL pointing at the run database. SQLite uses
one aiosqlite connection (as Tortoise does) with a lock around write transactions;
PostgreSQL an asyncpg pool of Tortoise's default size (1–5).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import aiosqlite
import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gql import ids
from models import policy
from models.clock import business_date, get_clock
from models.enums import (
    ClaimStatus,
    ClaimType,
    NotificationKind,
    OrderStatus,
    WithdrawalState,
)
from models.messages import notice_text
from models.ops import reminders
from models.ops.sweep import seller_probe_sql
from models.pg_connection import PooledConnection
from tests.bench.generate import (
    BUYER_COLUMNS,
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    ORDER_COLUMNS,
    ROUND_COLUMNS,
    SELLER_COLUMNS,
)

try:  # the API's collision-safe labels (ClaimType.CANCEL vs WithdrawalAction.CANCEL)
    from models.labels import label
except ImportError:  # pragma: no cover - older trees
    from models.labels import label

#: The tables' columns, in the order Tortoise selects them, shared with the generator.
BUYER_COLS, CLAIM_COLS, ORDER_COLS = BUYER_COLUMNS, CLAIM_COLUMNS, ORDER_COLUMNS
ROUND_COLS, SELLER_COLS = ROUND_COLUMNS, SELLER_COLUMNS
EVENT_COLS = ["id", *EVENT_COLUMNS]
MEMO_COLS = [
    "id",
    "order_id",
    "seller_id",
    "buyer_id",
    "sender_kind",
    "title",
    "body",
    "attachment_name",
    "attachment_path",
    "attachment_type",
    "type",
    "category",
    "status",
    "channel",
    "sent_at",
]


def _cols(cols: list[str], alias: str = "") -> str:
    prefix = f'"{alias}".' if alias else ""
    return ", ".join(f'{prefix}"{c}"' for c in cols)


class Db:
    """SQLite (one connection) or PostgreSQL (pool); `$n` placeholders everywhere."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_pg = not url.startswith("sqlite")
        self.lock = asyncio.Lock()
        self.conn: Any = None
        self.pool: Any = None

    async def open(self) -> None:
        if self.is_pg:
            # the app's connection class: neither side pays asyncpg's release-time reset
            # statement (models/pg_connection.py), so the floor stays the cheaper one
            self.pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=5, connection_class=PooledConnection
            )
        else:
            # isolation_level=None: explicit BEGIN / COMMIT, like Tortoise
            path = self.url.removeprefix("sqlite://").split("?")[0]
            self.conn = await aiosqlite.connect(path, isolation_level=None)
            for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON"):
                await self.conn.execute(f"PRAGMA {pragma}")

    async def close(self) -> None:
        if self.is_pg:
            await self.pool.close()
        else:
            await self.conn.close()

    @staticmethod
    def q(sql: str) -> str:
        import re

        return re.sub(r"\$(\d+)", r"?\1", sql)  # numbered: a parameter may recur

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        if self.is_pg:
            return list(await self.pool.fetch(sql, *args))
        async with self.conn.execute(self.q(sql), args) as cur:
            return list(await cur.fetchall())

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        """Yields something with `fetch(sql, *args)`; BEGIN … COMMIT / ROLLBACK."""
        if self.is_pg:
            async with self.pool.acquire() as conn, conn.transaction():
                yield _PgTx(conn)
            return
        async with self.lock:
            await self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")


class _PgTx:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        return list(await self.conn.fetch(sql, *args))


def _day(v: Any) -> Any:
    if v is None or isinstance(v, str):
        return v
    return v.isoformat()


def _as_date(v: Any) -> date:
    return date.fromisoformat(v) if isinstance(v, str) else v


def _instant(v: Any) -> datetime | None:
    if v is None:
        return None
    return datetime.fromisoformat(v) if isinstance(v, str) else v


def _tokyo(v: Any) -> str | None:
    inst = _instant(v)
    return inst.astimezone(policy.BUSINESS_TZ).isoformat() if inst else None


def _dumps(data: Any) -> Response:
    """Strawberry answers with json.dumps defaults; so do we."""
    return Response(json.dumps(data), media_type="application/json")


async def _viewer(db: Db, request: Request) -> dict[str, Any] | None:
    """The session lookup the app's context does: session row, then its seller."""
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not token:
        return None
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    rows = await db.fetch(
        'SELECT "seller_id", "created_at", "buyer_id", "expires_at", "id", "token_hash" '
        'FROM "session" WHERE "token_hash" = $1 LIMIT $2',
        token_hash,
        2,
    )
    if not rows or _instant(rows[0][3]) <= get_clock().now() or rows[0][0] is None:
        return None
    sellers = await db.fetch(
        f'SELECT {_cols(SELLER_COLS)} FROM "seller" WHERE "id" = $1', rows[0][0]
    )
    return dict(zip(SELLER_COLS, sellers[0], strict=True))


async def _sweep_probe(db: Db, seller_id: int, today: date) -> None:
    """sweep-on-read's probe, the app's own statement (`sweep.seller_probe_sql`: overdue
    round?, reminder due?, data version); nothing is due in the benchmark data."""
    first, last = reminders.window(today)
    day = (lambda d: d) if db.is_pg else (lambda d: d.isoformat())
    await db.fetch(seller_probe_sql(postgres=True), seller_id, day(today), day(first), day(last))


def _unauth() -> Response:
    return _dumps({"data": None, "errors": [{"message": "UNAUTHENTICATED"}]})


async def viewer(request: Request) -> Response:
    db: Db = request.app.state.db
    await request.json()
    seller = await _viewer(db, request)
    if seller is None:
        return _dumps({"data": {"viewer": None}})
    return _dumps(
        {
            "data": {
                "viewer": {
                    "id": ids.encode("Seller", seller["id"]),
                    "loginId": seller["login_id"],
                    "kind": "SELLER",
                    "displayName": seller["shop_name"],
                    "lang": seller["lang"],
                    "shopName": seller["shop_name"],
                }
            }
        }
    )


async def claims(request: Request) -> Response:
    db: Db = request.app.state.db
    body = await request.json()
    seller = await _viewer(db, request)
    if seller is None:
        return _unauth()
    today = get_clock().today()
    await _sweep_probe(db, seller["id"], today)
    first = min(int((body.get("variables") or {}).get("first") or 50), 100)
    rows = await db.fetch(
        f'SELECT {_cols(CLAIM_COLS, "c")}, {_cols(ORDER_COLS, "o")} FROM "claim" "c" '
        'LEFT OUTER JOIN "customer_order" "o" ON "o"."id" = "c"."order_id" '
        'WHERE "c"."seller_id" = $1 ORDER BY "c"."requested_on" DESC, "c"."id" DESC LIMIT $2',
        seller["id"],
        first + 1,
    )
    skip_total = request.query_params.get("total") == "0"
    total = (
        -1
        if skip_total
        else (await db.fetch('SELECT COUNT(*) FROM "claim" WHERE "seller_id" = $1', seller["id"]))[
            0
        ][0]
    )
    n = len(CLAIM_COLS)
    edges = []
    for row in rows[:first]:
        c = dict(zip(CLAIM_COLS, row[:n], strict=True))
        o = dict(zip(ORDER_COLS, row[n:], strict=True))
        requested_on = _as_date(c["requested_on"])
        status = ClaimStatus(c["status"])
        state = c["withdrawal_state"]
        cursor = _cursor(requested_on, c["id"])
        edges.append(
            {
                "cursor": cursor,
                "node": {
                    "id": ids.encode("Claim", c["id"]),
                    "type": c["type"],
                    "status": c["status"],
                    "typeLabel": label(ClaimType(c["type"]), "zh"),
                    "statusLabel": label(status, "zh"),
                    "withdrawalState": state,
                    "withdrawalStateLabel": label(WithdrawalState(state), "zh") if state else None,
                    "delayed": policy.is_delayed(status, requested_on, today),
                    "reason": c["reason"],
                    "nonReceiptReason": c["non_receipt_reason"],
                    "requestDate": _day(c["requested_on"]),
                    "completeDate": _day(c["completed_on"]),
                    "collectionMethod": c["collection_method"],
                    "order": {
                        "orderNo": o["order_no"],
                        "cartNo": o["cart_no"],
                        "itemCode": o["item_code"],
                        "sellerItemCode": o["seller_item_code"],
                        "orderDate": _day(o["ordered_on"]),
                        "shipDate": _day(o["shipped_on"]),
                    },
                },
            }
        )
    page: dict[str, Any] = {
        "pageInfo": {
            "hasNextPage": len(rows) > first,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
        "edges": edges,
    }
    if not skip_total:
        page = {"totalCount": total, **page}
    return _dumps({"data": {"claims": page}})


def _cursor(requested_on: date, claim_id: int) -> str:
    from models.queries import DEFAULT_SORT, encode_cursor

    return encode_cursor(DEFAULT_SORT, requested_on, claim_id)


async def order(request: Request) -> Response:
    db: Db = request.app.state.db
    body = await request.json()
    seller = await _viewer(db, request)
    if seller is None:
        return _unauth()
    await _sweep_probe(db, seller["id"], get_clock().today())
    order_no = (body.get("variables") or {}).get("orderNo", "")
    rows = await db.fetch(
        f'SELECT {_cols(ORDER_COLS)} FROM "customer_order" WHERE "order_no" = $1 '
        'AND "seller_id" = $2 LIMIT $3',
        order_no,
        seller["id"],
        2,
    )
    if not rows:
        return _dumps({"data": {"order": None}})
    o = dict(zip(ORDER_COLS, rows[0], strict=True))
    shop = await db.fetch(
        f'SELECT {_cols(SELLER_COLS)} FROM "seller" WHERE "id" IN ($1)', o["seller_id"]
    )
    buyer = await db.fetch(
        f'SELECT {_cols(BUYER_COLS)} FROM "buyer" WHERE "id" IN ($1)', o["buyer_id"]
    )
    unanswered = await db.fetch(
        'SELECT "order_id" FROM "memo" WHERE "order_id" IN ($1) AND "sender_kind" = $2 '
        'AND "status" = $3',
        o["id"],
        "BUYER",
        "UNANSWERED",
    )
    claim_rows = await db.fetch(
        f'SELECT {_cols(CLAIM_COLS)} FROM "claim" WHERE "order_id" IN ($1) '
        'ORDER BY "created_at" DESC, "id" DESC',
        o["id"],
    )
    memo_rows = await db.fetch(
        f'SELECT {_cols(MEMO_COLS)} FROM "memo" WHERE "order_id" IN ($1) '
        'ORDER BY "sent_at" DESC, "id" DESC',
        o["id"],
    )
    claim_json = None
    if claim_rows:
        c = dict(zip(CLAIM_COLS, claim_rows[0], strict=True))
        rounds = [
            dict(zip(ROUND_COLS, r, strict=True))
            for r in await db.fetch(
                f'SELECT {_cols(ROUND_COLS)} FROM "withdrawal_round" WHERE "claim_id" IN ($1) '
                'ORDER BY "round_no" ASC',
                c["id"],
            )
        ]
        events = [
            dict(zip(EVENT_COLS, r, strict=True))
            for r in await db.fetch(
                f'SELECT {_cols(EVENT_COLS)} FROM "claim_event" WHERE "claim_id" IN ($1) '
                'ORDER BY "at" ASC, "id" ASC',
                c["id"],
            )
        ]
        latest = rounds[-1] if rounds else None
        claim_json = {
            "id": ids.encode("Claim", c["id"]),
            "type": c["type"],
            "status": c["status"],
            "statusLabel": label(ClaimStatus(c["status"]), "zh"),
            "reason": c["reason"],
            "requestDate": _day(c["requested_on"]),
            "withdrawalState": c["withdrawal_state"],
            "withdrawal": None
            if latest is None
            else {
                "id": ids.encode("ClaimWithdrawal", latest["id"]),
                "round": latest["round_no"],
                "state": latest["state"],
                "sellerMessage": latest["seller_message"],
                "requestDate": _day(latest["requested_on"]),
                "deadline": _day(latest["deadline"]),
                "heldDate": business_date(_instant(latest["held_at"])).isoformat()
                if latest["held_at"]
                else None,
            },
            "withdrawalRounds": [
                {
                    "id": ids.encode("ClaimWithdrawal", r["id"]),
                    "round": r["round_no"],
                    "state": r["state"],
                    "requestDate": _day(r["requested_on"]),
                    "deadline": _day(r["deadline"]),
                }
                for r in rounds
            ],
            "events": [
                {
                    "id": ids.encode("ClaimEvent", e["id"]),
                    "kind": e["kind"],
                    "actor": e["actor_kind"],
                    "round": e["round_no"],
                    "message": e["message"],
                    "at": _tokyo(e["at"]),
                }
                for e in events
            ],
        }
    memos = []
    for r in memo_rows:
        m = dict(zip(MEMO_COLS, r, strict=True))
        memos.append(
            {
                "id": ids.encode("Memo", m["id"]),
                "sender": m["sender_kind"],
                "title": m["title"],
                "body": m["body"],
                "status": m["status"],
                "sentAt": _tokyo(m["sent_at"]),
            }
        )
    s = dict(zip(SELLER_COLS, shop[0], strict=True))
    b = dict(zip(BUYER_COLS, buyer[0], strict=True))
    return _dumps(
        {
            "data": {
                "order": {
                    "id": ids.encode("Order", o["id"]),
                    "orderNo": o["order_no"],
                    "cartNo": o["cart_no"],
                    "itemCode": o["item_code"],
                    "itemName": o["item_name"],
                    "quantity": o["quantity"],
                    "optionInfo": o["option_info"],
                    "orderDate": _day(o["ordered_on"]),
                    "shipDate": _day(o["shipped_on"]),
                    "carrier": o["carrier"],
                    "trackingNo": o["tracking_no"],
                    "status": o["status"],
                    "statusLabel": label(OrderStatus(o["status"]), "zh"),
                    "shopName": s["shop_name"],
                    "buyerMaskedId": (b["display_name"][:1] or "*") + "*****",
                    "hasUnansweredMemo": bool(unanswered),
                    "claim": claim_json,
                    "memos": memos,
                }
            }
        }
    )


def _arg(db: Db, v: Any) -> Any:
    """asyncpg wants date/datetime objects, sqlite3 the ISO text Tortoise stores."""
    if db.is_pg or v is None:
        return v
    if isinstance(v, datetime):
        return v.isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    return v


async def request_withdrawal(request: Request) -> Response:
    """The raw conditional-UPDATE transaction of a first withdrawal request."""
    db: Db = request.app.state.db
    body = await request.json()
    seller = await _viewer(db, request)
    if seller is None:
        return _unauth()
    data = (body.get("variables") or {}).get("input") or {}
    claim_id = ids.decode(data["claimId"], "Claim", "claimId")
    message = data["sellerMessage"].strip()
    now = get_clock().now()
    today = business_date(now)
    lock = " FOR UPDATE" if db.is_pg else ""
    a = lambda v: _arg(db, v)  # noqa: E731
    async with db.transaction() as tx:
        rows = await tx.fetch(
            'SELECT "id", "status", "withdrawal_state", "round_count", "version", '
            '"next_request_allowed_on", "order_id", "buyer_id" FROM "claim" '
            f'WHERE "id" = $1 AND "seller_id" = $2 LIMIT 1{lock}',
            claim_id,
            seller["id"],
        )
        if not rows:
            return _error("NOT_FOUND")
        cid, status, state, round_count, version, allowed, order_id, buyer_id = rows[0]
        if ClaimStatus(status) not in policy.WITHDRAWABLE_STATUSES:
            return _error("CLAIM_NOT_WITHDRAWABLE")
        if state in ("REQUESTED", "HELD"):
            return _error("WITHDRAWAL_ALREADY_PENDING")
        if allowed is not None and today < _as_date(allowed):
            return _error("COOLDOWN_ACTIVE")
        round_no = round_count + 1
        updated = await tx.fetch(
            'UPDATE "claim" SET "version" = $1, "updated_at" = $2, "withdrawal_state" = $3, '
            '"round_count" = $4, "next_request_allowed_on" = NULL WHERE "id" = $5 '
            'AND "version" = $6 RETURNING "id"',
            version + 1,
            a(now),
            "REQUESTED",
            round_no,
            cid,
            version,
        )
        if not updated:
            raise RuntimeError("version conflict")  # cannot happen under the row lock
        if state:
            await _counter(tx, seller["id"], f"withdrawal:{state}", -1)
        await _counter(tx, seller["id"], "withdrawal:REQUESTED", 1)
        deadline = policy.response_deadline(today)
        rnd = await tx.fetch(
            'INSERT INTO "withdrawal_round" ("round_no", "state", "seller_message", '
            '"requested_at", "requested_on", "deadline", "claim_id") '
            'VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id"',
            round_no,
            "REQUESTED",
            message,
            a(now),
            a(today),
            a(deadline),
            cid,
        )
        await tx.fetch(
            'INSERT INTO "claim_event" ("actor_kind", "actor_id", "kind", "to_state", '
            '"round_no", "message", "at", "claim_id") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            "SELLER",
            seller["id"],
            "WITHDRAWAL_REQUESTED",
            "REQUESTED",
            round_no,
            message,
            a(now),
            cid,
        )
        order_no = (
            await tx.fetch('SELECT "order_no" FROM "customer_order" WHERE "id" = $1', order_id)
        )[0][0]
        params = {
            "order_no": order_no,
            "deadline": deadline.strftime("%Y/%m/%d"),
            "message": message,
        }
        await tx.fetch(
            'INSERT INTO "notification" ("kind", "params", "text", "created_at", "buyer_id", '
            '"claim_id", "order_id") VALUES ($1, $2, $3, $4, $5, $6, $7)',
            "WITHDRAWAL_REQUESTED",
            json.dumps(params, separators=(",", ":")),
            notice_text(NotificationKind.WITHDRAWAL_REQUESTED, params),
            a(now),
            buyer_id,
            cid,
            order_id,
        )
    return _dumps(
        {
            "data": {
                "claimWithdrawalRequest": {
                    "claim": {"id": ids.encode("Claim", cid), "withdrawalState": "REQUESTED"},
                    "withdrawal": {
                        "id": ids.encode("ClaimWithdrawal", rnd[0][0]),
                        "round": round_no,
                        "state": "REQUESTED",
                        "deadline": deadline.isoformat(),
                    },
                    "userErrors": [],
                }
            }
        }
    )


async def _counter(tx: Any, seller_id: int, key: str, delta: int) -> None:
    await tx.fetch(
        'UPDATE "seller_counter" SET "count" = "count" + $1 WHERE "seller_id" = $2 AND "key" = $3',
        delta,
        seller_id,
        key,
    )


def _error(code: str) -> Response:
    return _dumps(
        {
            "data": {
                "claimWithdrawalRequest": {
                    "claim": None,
                    "withdrawal": None,
                    "userErrors": [{"code": code}],
                }
            }
        }
    )


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    db = Db(os.environ["DATABASE_URL"])
    await db.open()
    app.state.db = db
    try:
        yield
    finally:
        await db.close()


app = Starlette(
    routes=[
        Route("/healthz", healthz),
        Route("/raw/viewer", viewer, methods=["POST"]),
        Route("/raw/claims", claims, methods=["POST"]),
        Route("/raw/order", order, methods=["POST"]),
        Route("/raw/request", request_withdrawal, methods=["POST"]),
    ],
    lifespan=lifespan,
)
