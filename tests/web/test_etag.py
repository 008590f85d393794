"""ETag / 304 on the portal's fragments (web/etag.py): the grid, the list and the panel a
seller's page fetches answer 304 until what they show changed; full pages stay untagged."""

from __future__ import annotations

import httpx

from models.clock import Clock
from models.entities import Claim
from tests.web.helpers import HTMX, csrf_of, login, make_client

ORDER = "638452888"
FRAGMENTS = (
    "/portal/claims/grid",
    "/portal/claims/list?status=RETURN_REQUESTED",
    f"/portal/orders/{ORDER}",
)


async def tags(client: httpx.AsyncClient) -> dict[str, str]:
    out = {}
    for path in FRAGMENTS:
        response = await client.get(path, headers=HTMX)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "private, no-cache"
        out[path] = response.headers["etag"]
    return out


async def statuses(client: httpx.AsyncClient, etags: dict[str, str]) -> dict[str, int]:
    return {
        path: (await client.get(path, headers={**HTMX, "If-None-Match": etag})).status_code
        for path, etag in etags.items()
    }


async def test_fragments_answer_304_until_the_seller_requests_a_withdrawal(
    seller: httpx.AsyncClient,
) -> None:
    etags = await tags(seller)
    assert await statuses(seller, etags) == dict.fromkeys(FRAGMENTS, 304)

    panel = await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)
    claim = await Claim.get(order__order_no=ORDER)
    done = await seller.post(
        f"/portal/orders/{ORDER}/withdrawal/request",
        data={
            "csrf_token": csrf_of(panel.text),
            "claim_id": str(claim.id),
            "withdraw": "Y",
            "seller_message": "商品已经发出，请撤回退货申请。",
        },
        headers=HTMX,
    )
    assert done.status_code == 200, done.text
    assert await statuses(seller, etags) == dict.fromkeys(FRAGMENTS, 200)
    fresh = await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)
    assert "round-deadline" in fresh.text  # the new round shows


async def test_a_day_passing_and_another_seller_never_match(
    seller: httpx.AsyncClient, clock: Clock
) -> None:
    etags = await tags(seller)
    async with make_client() as other:
        assert (await login(other, "shop2", "shop2-pass")).status_code == 303
        grid = await other.get(
            "/portal/claims/grid", headers={**HTMX, "If-None-Match": etags["/portal/claims/grid"]}
        )
        assert grid.status_code == 200
        assert grid.headers["etag"] != etags["/portal/claims/grid"]
    clock.advance(1)
    assert await statuses(seller, etags) == dict.fromkeys(FRAGMENTS, 200)


async def test_full_pages_and_posts_carry_no_tag(seller: httpx.AsyncClient) -> None:
    page = await seller.get("/portal/claims")
    assert page.status_code == 200 and "etag" not in page.headers
    standalone = await seller.get(f"/portal/orders/{ORDER}")
    assert standalone.status_code == 200 and "etag" not in standalone.headers
