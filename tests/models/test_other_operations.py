"""§5.14: filing claims, shipments (the FAQ case), memos, inquiries, uploads, sign-in."""

from datetime import date

import pytest

from models import demo as d
from models.entities import Claim, Inquiry, Memo, Order
from models.enums import ActorKind, ClaimStatus, MemoStatus, OrderStatus
from models.errors import DomainError, ErrorCode
from models.ops import accounts, claims, inquiries, memos, shipments, uploads, withdrawals
from models.ops.runner import Actor
from models.queries import counter_values, live_group_by
from tests.models.helpers import buyer, claim_of, seller

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


async def test_buyer_files_one_open_claim_per_order(demo, clock):
    buyer1, shop1 = await buyer(), await seller()
    claim = await claims.file_claim(buyer1.id, d.ORDER_NO_CLAIM, "RETURN", "尺寸不合适")
    assert (claim.status, claim.requested_on) == (ClaimStatus.RETURN_REQUESTED, date(2021, 8, 3))
    with pytest.raises(DomainError) as err:
        await claims.file_claim(buyer1.id, d.ORDER_NO_CLAIM, "CANCEL", "again")
    assert err.value.code == ErrorCode.OPEN_CLAIM_EXISTS
    assert await counter_values(shop1.id) == await live_group_by(shop1.id)


async def test_buyer_cannot_file_on_someone_elses_order(demo):
    buyer2 = await buyer("buyer2")
    with pytest.raises(DomainError) as err:
        await claims.file_claim(buyer2.id, d.ORDER_NO_CLAIM, "RETURN", "mine?")
    assert err.value.code == ErrorCode.NOT_FOUND
    with pytest.raises(DomainError) as bad_type:
        await claims.file_claim((await buyer()).id, d.ORDER_NO_CLAIM, "REFUND", "x")
    assert bad_type.value.field == "type"


async def test_faq_shipment_blocked_until_the_buyer_accepts_the_withdrawal(demo):
    shop1, buyer1 = await seller(), await buyer()
    with pytest.raises(DomainError) as err:
        await shipments.register_shipment(shop1.id, d.ORDER_FAQ_CANCEL, "佐川急便", "123456789002")
    assert err.value.code == ErrorCode.SHIPMENT_BLOCKED
    assert (await Order.get(order_no=d.ORDER_FAQ_CANCEL)).tracking_no == ""
    claim = await claim_of(d.ORDER_FAQ_CANCEL)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "商品已发出，请撤回取消申请。")
    await withdrawals.respond_withdrawal(buyer1.id, claim.id, True)
    order = await shipments.register_shipment(
        shop1.id, d.ORDER_FAQ_CANCEL, "佐川急便", "123456789002"
    )
    assert (order.carrier, order.tracking_no, order.status) == (
        "佐川急便",
        "123456789002",
        OrderStatus.SHIPPING,
    )


async def test_faq_seller_gives_up_and_completes_the_cancellation(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_FAQ_CANCEL)
    await claims.complete_cancel(shop1.id, claim.id)
    assert (await claim_of(d.ORDER_FAQ_CANCEL)).status == ClaimStatus.CANCELLING
    with pytest.raises(DomainError):
        await shipments.register_shipment(shop1.id, d.ORDER_FAQ_CANCEL, "佐川急便", "1")
    await claims.refund_cancel(claim.id)
    assert (await claim_of(d.ORDER_FAQ_CANCEL)).status == ClaimStatus.CANCEL_COMPLETED


@pytest.mark.parametrize(
    ("carrier", "tracking", "field"),
    [("", "1", "carrier"), ("佐川急便", "", "trackingNo"), ("佐川急便", "12 34", "trackingNo")],
)
async def test_shipment_input_is_checked(demo, carrier, tracking, field):
    shop1 = await seller()
    with pytest.raises(DomainError) as err:
        await shipments.register_shipment(shop1.id, d.ORDER_NO_CLAIM, carrier, tracking)
    assert (err.value.code, err.value.field) == (ErrorCode.INVALID_INPUT, field)


async def test_seller_memo_answers_the_buyers_memo(demo):
    shop1 = await seller()
    order = await Order.get(order_no=d.ORDER_RETURN)
    assert await memos.has_unanswered_memo(order.id)
    memo = await memos.send_memo(
        Actor(ActorKind.SELLER, shop1.id),
        d.ORDER_RETURN,
        "关于您的退货",
        "商品已经发出。",
        attachment=uploads.Upload("photo.png", PNG),
    )
    assert memo.attachment_type == "image/png"
    assert memo.attachment_path != "photo.png" and memo.attachment_name == "photo.png"
    assert uploads.open_stored(memo.attachment_path).read_bytes() == PNG
    assert not await memos.has_unanswered_memo(order.id)


async def test_buyer_memo_raises_the_badge(demo):
    buyer1 = await buyer()
    order = await Order.get(order_no=d.ORDER_PENDING_WITHDRAWAL)
    assert not await memos.has_unanswered_memo(order.id)
    await memos.send_memo(
        Actor(ActorKind.BUYER, buyer1.id), d.ORDER_PENDING_WITHDRAWAL, "质问", "还没收到"
    )
    assert await memos.has_unanswered_memo(order.id)
    assert await Memo.filter(order_id=order.id, status=MemoStatus.UNANSWERED).count() == 1


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (uploads.Upload("a.png", b""), "empty"),
        (uploads.Upload("evil.png", b"<script>alert(1)</script>"), "Only PNG"),
        (uploads.Upload("big.png", PNG + b"\x00" * (5 * 1024 * 1024)), "larger"),
    ],
)
async def test_bad_attachments_are_refused_and_nothing_is_written(demo, upload, reason):
    shop1 = await seller()
    before = await Memo.all().count()
    with pytest.raises(DomainError) as err:
        await memos.send_memo(
            Actor(ActorKind.SELLER, shop1.id), d.ORDER_RETURN, "t", "b", attachment=upload
        )
    assert reason in err.value.message
    assert await Memo.all().count() == before


def test_stored_names_cannot_escape_the_upload_folder():
    assert uploads.open_stored("../secret_key") is None
    assert uploads.open_stored("/etc/passwd") is None


async def test_inquiry_on_the_manuals_path(demo):
    shop1 = await seller()
    inquiry = await inquiries.submit_inquiry(
        shop1.id,
        category="REFUND_CLAIM_WITHDRAWAL",
        subcategory="CLAIM_WITHDRAWAL",
        title="投诉撤回",
        body="请帮忙撤回该投诉。",
        lang="zh",
        order_no=d.ORDER_RETURN,
    )
    assert inquiry.item_code == "897969031"
    with pytest.raises(DomainError) as err:
        await inquiries.submit_inquiry(
            shop1.id, category="NOPE", subcategory="X", title="t", body="b", lang="zh"
        )
    assert err.value.field == "category"
    assert await Inquiry.all().count() == 1


async def test_sign_in_and_sessions(demo):
    assert await accounts.authenticate("shop1", "wrong") is None
    assert await accounts.authenticate("nobody", "shop1-pass") is None
    shop1 = await accounts.authenticate("shop1", "shop1-pass")
    assert shop1.shop_name == "SELLER SHOP TI"
    token = await accounts.create_session(shop1)
    assert (await accounts.session_account(token)).id == shop1.id
    assert await accounts.session_account(token + "x") is None
    await accounts.end_session(token)
    assert await accounts.session_account(token) is None
    buyer1 = await accounts.authenticate("buyer1", "buyer1-pass")
    assert buyer1.masked_id == "s*****"


async def test_sessions_expire(demo, clock):
    shop1 = await accounts.authenticate("shop1", "shop1-pass")
    token = await accounts.create_session(shop1)
    clock.advance(8)
    assert await accounts.session_account(token) is None


async def test_operator_status_changes_keep_counters_exact(demo):
    shop1 = await seller()
    from tests.models.helpers import OPERATOR

    claim = await Claim.filter(seller_id=shop1.id, status="RETURN_REQUESTED", round_count=0).first()
    for status in ("RETURNING", "RETURN_RECEIVED", "RETURN_COMPLETED"):
        await claims.change_claim_status(claim.id, status, OPERATOR)
        assert await counter_values(shop1.id) == await live_group_by(shop1.id)
    with pytest.raises(DomainError) as err:
        await claims.change_claim_status(claim.id, "RETURNING", OPERATOR)
    assert err.value.code == ErrorCode.INVALID_TRANSITION
