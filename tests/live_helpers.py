"""Shared by the live-update tests (tests/gql/test_live_servers.py,
tests/web/test_portal_live.py): a seeded database, sign-in, the manual's order's claim and
the two actions that change it, and an SSE reader."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.cli_helpers import (
    create_postgres_database,
    drop_postgres_database,
    scratch_database,
)
from tests.web.db_failure_helpers import migrate_and_seed, server_env

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
ORDER_NO = "638452888"


@contextlib.contextmanager
def seeded_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A migrated database with the demo data (a fresh PostgreSQL database when
    DATABASE_URL is one, else a SQLite file) and the env of servers on it."""
    url = scratch_database(tmp_path) if POSTGRES else f"sqlite://{tmp_path}/live.sqlite3"
    create_postgres_database(url)
    env = server_env(url, tmp_path, LOG_LEVEL="warning")
    try:
        migrate_and_seed(env)
        yield env
    finally:
        drop_postgres_database(url)


async def gql(base: str, query: str, token: str | None = None, **variables: Any) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=20) as client:
        response = await client.post(
            f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def login(base: str, login_id: str) -> str:
    data = await gql(
        base,
        "mutation($i: String!, $p: String!) { login(input: {loginId: $i, password: $p})"
        " { token } }",
        i=login_id,
        p=f"{login_id}-pass",
    )
    return data["login"]["token"]


class Parties:
    """The seller shop1 and the buyer buyer1 of the manual's order, and its claim."""

    def __init__(self, seller: str, buyer: str, claim_id: str) -> None:
        self.seller, self.buyer, self.claim_id = seller, buyer, claim_id

    @classmethod
    async def signed_in(cls, base: str) -> Parties:
        seller = await login(base, "shop1")
        data = await gql(
            base, "query($o: String!) { order(orderNo: $o) { claim { id } } }", seller, o=ORDER_NO
        )
        return cls(seller, await login(base, "buyer1"), data["order"]["claim"]["id"])

    async def ask(self, base: str, first: bool) -> None:
        """The seller asks for the withdrawal (a first request, else a re-request)."""
        name = "claimWithdrawalRequest" if first else "claimWithdrawalRerequest"
        kind = "ClaimWithdrawalRequestInput" if first else "ClaimWithdrawalRerequestInput"
        data = await gql(
            base,
            f"mutation($in: {kind}!) {{ {name}(input: $in) {{ userErrors {{ code }} }} }}",
            self.seller,
            **{"in": {"claimId": self.claim_id, "sellerMessage": "商品已经发出，请撤回。"}},
        )
        assert data[name]["userErrors"] == []

    async def reject(self, base: str) -> None:
        data = await gql(
            base,
            "mutation($in: ClaimWithdrawalRespondInput!) { claimWithdrawalRespond(input: $in)"
            " { userErrors { code } } }",
            self.buyer,
            **{"in": {"claimId": self.claim_id, "accept": False, "reasonCode": "WANT_REFUND"}},
        )
        assert data["claimWithdrawalRespond"]["userErrors"] == []


class SseStream:
    """Reads `event:` / `data:` pairs of one open SSE response into a queue."""

    def __init__(self) -> None:
        self.events: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    async def pump(self, response: httpx.Response) -> None:
        event, data = "", ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data = line[5:].strip()
            elif line == "" and event:
                await self.events.put((event, data))
                event, data = "", ""

    async def next(self, wait: float) -> tuple[str, str]:
        return await asyncio.wait_for(self.events.get(), wait)
