"""One idempotency store for every kind of result: a key a seller used for a memo reply
is not an inquiry's key, and the reverse (the same refusals as the withdrawal operations,
from `models.ops.idempotency`)."""

from __future__ import annotations

import pytest

from models import demo as d
from models.entities import Inquiry, Memo
from models.enums import ActorKind
from models.errors import DomainError, ErrorCode
from models.ops import inquiries, memos
from models.ops.runner import Actor
from tests.models.helpers import seller


async def _inquiry(seller_id: int, key: str) -> Inquiry:
    return await inquiries.submit_inquiry(
        seller_id,
        category="OTHER",
        subcategory="OTHER",
        title="咨询",
        body="请帮忙。",
        lang="zh",
        idempotency_key=key,
    )


async def _refused(call, code: ErrorCode) -> None:
    """The call is refused with `code` on the key and writes no memo and no inquiry."""
    before = (await Memo.all().count(), await Inquiry.all().count())
    with pytest.raises(DomainError) as err:
        await call
    assert (err.value.code, err.value.field) == (code, "idempotencyKey")
    assert (await Memo.all().count(), await Inquiry.all().count()) == before


async def test_a_memo_reply_key_is_refused_for_an_inquiry_and_the_reverse(demo) -> None:
    shop1 = await seller()
    me = Actor(ActorKind.SELLER, shop1.id)
    reply = await memos.reply_memo(me, d.ORDER_RETURN, "已发货。", idempotency_key="k-memo")
    inquiry = await _inquiry(shop1.id, "k-inquiry")

    await _refused(_inquiry(shop1.id, "k-memo"), ErrorCode.IDEMPOTENCY_KEY_REUSED)
    await _refused(
        memos.reply_memo(me, d.ORDER_RETURN, "again", idempotency_key="k-inquiry"),
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
    )
    # each key still answers its own operation with its first result
    again = await memos.reply_memo(me, d.ORDER_RETURN, "已发货。", idempotency_key="k-memo")
    assert again.id == reply.id
    assert (await _inquiry(shop1.id, "k-inquiry")).id == inquiry.id
    # a blank or over-long key is bad input for both, before any lookup
    for bad in (" ", "x" * 101):
        await _refused(_inquiry(shop1.id, bad), ErrorCode.INVALID_INPUT)
        await _refused(
            memos.reply_memo(me, d.ORDER_RETURN, "x", idempotency_key=bad),
            ErrorCode.INVALID_INPUT,
        )
