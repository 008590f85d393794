"""The claim runner's plain statements give what the Tortoise calls they replaced give: the
locking read (`models.ops.claim_lock`: the same claim, round, order number and webhook
answer), the guarded UPDATE and the plain inserts (`models.ops.insert_rows`: the same
stored columns)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.transactions import in_transaction

from models import demo as d
from models.entities import (
    Claim,
    ClaimEvent,
    Notification,
    Order,
    WebhookEndpoint,
    WithdrawalRound,
)
from models.enums import ActorKind, ClaimStatus, EventKind, NotificationKind, WithdrawalState
from models.ops import insert_rows, withdrawals
from models.ops.claim_lock import guarded_update, lock_claim
from models.ops.runner import load_latest_round
from models.webhooks.events import wall_clock
from tests.models.helpers import claim_of, seller


def _values(row: Claim | WithdrawalRound | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {name: getattr(row, name) for name in type(row)._meta.fields_db_projection}


async def test_every_claim_reads_as_tortoise_reads_it(demo) -> None:
    shop1 = await seller()
    await withdrawals.request_withdrawal(shop1.id, (await claim_of(d.ORDER_RETURN)).id, "please")
    claims = await Claim.all().order_by("id")
    assert any(c.round_count for c in claims) and any(not c.round_count for c in claims)
    for claim in claims:
        async with in_transaction():
            by_seller = await lock_claim(claim.id, seller_id=claim.seller_id)
            by_buyer = await lock_claim(claim.id, buyer_id=claim.buyer_id)
            unscoped = await lock_claim(claim.id)
        tortoises = await WithdrawalRound.get_or_none(claim_id=claim.id, round_no=claim.round_count)
        assert _values(await load_latest_round(claim)) == _values(tortoises)
        for locked in (by_seller, by_buyer, unscoped):
            assert locked is not None
            assert _values(locked.claim) == _values(claim)
            assert locked.order_no == (await Order.get(id=claim.order_id)).order_no
            if locked.latest_read:
                assert _values(locked.latest) == _values(tortoises)
            else:
                assert locked.latest is None


async def test_another_partys_claim_or_a_missing_one_is_not_read(demo) -> None:
    claim = await claim_of(d.ORDER_SHOP2_RETURN)
    shop1 = await seller()
    async with in_transaction():
        assert await lock_claim(claim.id, seller_id=shop1.id) is None
        assert await lock_claim(claim.id, buyer_id=claim.buyer_id + 1000) is None
        assert await lock_claim(2**31 - 1) is None


async def _endpoint(seller_id: int, *, enabled: bool) -> WebhookEndpoint:
    return await WebhookEndpoint.create(
        seller_id=seller_id,
        url="https://example.com/hook",
        events=["withdrawal.requested"],
        enabled=enabled,
        secret="whsec_test",
        created_at=wall_clock(),
    )


async def test_the_webhook_flag_is_an_enabled_endpoint_of_the_claims_seller(demo) -> None:
    claim = await claim_of(d.ORDER_RETURN)
    other = await claim_of(d.ORDER_SHOP2_RETURN)

    async def flag() -> bool:
        async with in_transaction():
            locked = await lock_claim(claim.id)
        assert locked is not None
        return locked.webhooks

    assert await flag() is False
    await _endpoint(other.seller_id, enabled=True)  # another seller's
    assert await flag() is False
    disabled = await _endpoint(claim.seller_id, enabled=False)
    assert await flag() is False
    await WebhookEndpoint.filter(id=disabled.id).update(enabled=True)
    assert await flag() is True


async def test_the_guarded_update_writes_what_tortoises_update_writes(demo) -> None:
    """Same changes through both paths on two claims: the stored columns are identical."""
    raw_path, tortoise_path = await claim_of(d.ORDER_RETURN), await claim_of(d.ORDER_FAQ_CANCEL)
    now = datetime(2021, 8, 3, 10, 0, 30, 123456, tzinfo=ZoneInfo("Asia/Tokyo"))
    changes = {
        "updated_at": now,
        "status": ClaimStatus.WITHDRAWN,
        "withdrawal_state": WithdrawalState.REQUESTED,
        "round_count": 3,
        "next_request_allowed_on": None,
        "response_deadline": date(2021, 8, 9),
        "completed_on": date(2021, 8, 3),
    }
    async with in_transaction():
        stale = await guarded_update(raw_path.id, raw_path.version + 1, {"version": 99})
        assert stale == 0  # another version: nothing changes
        updated = await guarded_update(
            raw_path.id, raw_path.version, {"version": raw_path.version + 1, **changes}
        )
        assert updated == 1
        assert (
            await Claim.filter(id=tortoise_path.id, version=tortoise_path.version).update(
                version=tortoise_path.version + 1, **changes
            )
            == 1
        )
    conn = connections.get("default")
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    columns = ", ".join(f'"{c}"' for c in ("updated_at", *list(changes)[1:]))
    stored = [
        tuple(
            (await conn.execute_query(f'SELECT {columns} FROM "claim" WHERE "id" = {mark}', [i]))[
                1
            ][0]
        )
        for i in (raw_path.id, tortoise_path.id)
    ]
    assert stored[0] == stored[1]
    assert (await Claim.get(id=raw_path.id)).version == raw_path.version + 1


async def test_plain_inserts_store_what_model_create_stores(demo) -> None:
    """An event and a notice through `insert_rows` and through `Model.create`, the same
    values (enums, a JSON object, defaults left out): the stored columns are identical."""
    claim = await claim_of(d.ORDER_RETURN)
    at = datetime(2021, 8, 3, 10, 0, 30, 5, tzinfo=ZoneInfo("Asia/Tokyo"))
    event = {
        "claim_id": claim.id,
        "kind": EventKind.WITHDRAWAL_REQUESTED,
        "actor_kind": ActorKind.SELLER,
        "actor_id": claim.seller_id,
        "from_state": None,
        "to_state": WithdrawalState.REQUESTED,
        "round_no": 1,
        "at": at,
    }  # message left to its default
    params = {"order_no": "638452888", "deadline": "2021/08/09", "message": '撤回 "please"'}
    notice = {
        "kind": NotificationKind.WITHDRAWAL_REQUESTED,
        "params": params,
        "text": "通知",
        "created_at": at,
        "buyer_id": claim.buyer_id,
        "order_id": claim.order_id,
        "claim_id": claim.id,
    }
    conn = connections.get("default")
    for model, row in ((ClaimEvent, event), (Notification, notice)):
        async with in_transaction():
            await insert_rows.insert(model, [row, row])
            await model.create(**row)
        columns = [c for n, c in model._meta.fields_db_projection.items() if n != "id"]
        names = ", ".join(f'"{c}"' for c in columns)
        _, stored = await conn.execute_query(
            f'SELECT {names} FROM "{model._meta.db_table}" ORDER BY "id" DESC LIMIT 3'
        )
        assert len({tuple(r) for r in stored}) == 1, repr([tuple(r) for r in stored])
