"""A read outside a transaction never waits for another request's open transaction, and
never sees what that transaction has not committed (on SQLite through the read-only
second connection of models/sqlite_client.py; on PostgreSQL through the pool)."""

from __future__ import annotations

import asyncio

from tortoise.transactions import in_transaction

from models.entities import Seller
from tests.models.helpers import seller


async def test_a_read_is_answered_while_another_transaction_is_open(demo):
    shop = await seller()
    opened, finish = asyncio.Event(), asyncio.Event()

    async def another_request() -> None:
        async with in_transaction():
            await Seller.filter(id=shop.id).update(shop_name="renamed, not committed yet")
            opened.set()
            await finish.wait()

    writer = asyncio.create_task(another_request())
    await opened.wait()
    try:
        names = await asyncio.wait_for(
            Seller.filter(id=shop.id).values_list("shop_name", flat=True), timeout=5
        )
        assert names == [shop.shop_name]  # the last committed state, at once
    finally:
        finish.set()
        await writer
    # once committed, the next read sees it
    assert (await Seller.get(id=shop.id)).shop_name == "renamed, not committed yet"
