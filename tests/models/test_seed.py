"""The demo seed reproduces the manual's chapter-2 grid and order 638452888."""

from datetime import date

from models import demo as demo_data
from models.entities import Claim, Memo, Order
from models.grid import GridCell
from models.queries import counter_values, live_group_by, status_grid


async def test_grid_equals_chapter_two(demo, clock):
    shop1 = await demo_data.Seller.get(login_id="shop1")
    grid = await status_grid(shop1.id, None, clock.today())
    expected = {
        GridCell.CANCEL_REQUESTED: 3,
        GridCell.CANCELLING: 2,
        GridCell.CANCEL_COMPLETED: 4,
        GridCell.RETURN_REQUESTED: 5,
        GridCell.RETURNING: 5,
        GridCell.RETURN_HELD: 0,
        GridCell.RETURN_RECEIVED: 0,
        GridCell.RETURN_COMPLETED: 4,
        GridCell.EXCHANGE_REQUESTED_OR_CONFIRMED: 1,
        GridCell.EXCHANGE_RESHIPPING: 0,
        GridCell.EXCHANGE_COMPLETED: 1,
        GridCell.NR_REPORTED: 2,
        GridCell.NR_SELLER_CONFIRMED: 2,
        GridCell.NR_DELAYED: 2,
        GridCell.NR_REFUNDED: 0,
        GridCell.NR_PARTIALLY_REFUNDED: 0,
        GridCell.WITHDRAWAL_REQUESTED: 1,
        GridCell.WITHDRAWAL_HELD: 0,
    }
    assert {cell: grid.count(cell) for cell in expected} == expected


async def test_manual_order_fields(demo):
    order = await Order.get(order_no="638452888").prefetch_related("buyer", "seller")
    assert (order.cart_no, order.item_code, order.option_info) == (
        "210340349",
        "897969031",
        "Color:Blue4",
    )
    assert (order.quantity, order.country, order.total_amount, order.payment_method) == (
        1,
        "JP",
        200,
        "现金",
    )
    assert (order.shipped_on, order.carrier, order.tracking_no) == (
        date(2021, 7, 13),
        "佐川急便",
        "123456789001",
    )
    assert order.ordered_on == date(2021, 7, 8)
    assert order.buyer.login_id == "buyer1"
    assert order.seller.shop_name == "SELLER SHOP TI"
    claim = await Claim.get(order_id=order.id)
    assert (claim.type, claim.status, claim.reason, claim.collection_method) == (
        "RETURN",
        "RETURN_REQUESTED",
        "订购取消",
        "卖家直接发送",
    )
    assert claim.requested_on == date(2021, 7, 20)
    assert await Memo.filter(order_id=order.id, status="UNANSWERED").count() == 1


async def test_seed_is_idempotent_and_counters_match(demo):
    assert not await demo_data.seed_demo()
    shop1 = await demo_data.Seller.get(login_id="shop1")
    assert await counter_values(shop1.id) == await live_group_by(shop1.id)
    assert await Claim.filter(seller_id=shop1.id).count() == 29


async def test_shop2_and_buyer2_have_their_own_orders(demo):
    shop2 = await demo_data.Seller.get(login_id="shop2")
    assert await Order.filter(seller_id=shop2.id).count() >= 2
    assert await Order.filter(buyer__login_id="buyer2", seller__login_id="shop1").exists()
