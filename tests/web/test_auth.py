"""Sign-in, sign-out, the session cookie, CSRF and the login throttle."""

from __future__ import annotations

import asyncio

from models.entities import Session
from tests.web.helpers import csrf_of, login, make_client, text, token


async def test_seller_login_lands_on_the_portal_with_a_safe_cookie(client):
    response = await login(client, "shop1", "shop1-pass")
    assert response.status_code == 303
    assert response.headers["location"] == "/portal"
    cookie = response.headers["set-cookie"].lower()
    assert "qsm_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    home = await client.get("/portal")
    assert home.status_code == 200
    assert text(home.text, "account-name") == "SELLER SHOP TI"
    assert text(home.text, "menu-delivery") == "运送/取消/未收取"
    assert text(home.text, "menu-claims") == "取消/退货/未收取"


async def test_buyer_login_lands_on_myqoo10(client):
    response = await login(client, "buyer1", "buyer1-pass")
    assert response.headers["location"] == "/myqoo10"


async def test_wrong_password_says_so_and_signs_nobody_in(client):
    response = await login(client, "shop1", "nope")
    assert response.status_code == 401
    assert text(response.text, "login-error") == "登录ID或密码不正确。"
    assert "qsm_session" not in response.headers.get("set-cookie", "")
    assert await Session.all().count() == 0
    assert (await client.get("/portal")).status_code == 303


async def test_repeated_failures_delay_the_login_id_briefly(client):
    """Changed with the shared throttle (issue 10.6): a growing delay in seconds, not a
    lock for minutes; after the delay the right password works."""
    for _ in range(5):
        assert (await login(client, "shop1", "wrong")).status_code == 401
    delayed = await login(client, "shop1", "shop1-pass")
    assert delayed.status_code == 429
    assert "秒后再试" in text(delayed.text, "login-error")
    wait = int(delayed.headers["retry-after"])
    assert 1 <= wait <= 2
    # another id is not affected
    assert (await login(client, "buyer1", "buyer1-pass")).status_code == 303
    await asyncio.sleep(wait)
    assert (await login(client, "shop1", "shop1-pass")).status_code == 303


async def test_login_rotates_the_session_token(client):
    await login(client, "shop1", "shop1-pass")
    first = client.cookies.get("qsm_session")
    await login(client, "shop1", "shop1-pass")
    second = client.cookies.get("qsm_session")
    assert first and second and first != second
    assert await Session.all().count() == 1  # the old one was ended


async def test_login_without_csrf_token_is_refused(client):
    await client.get("/login")
    response = await client.post("/login", data={"login_id": "shop1", "password": "shop1-pass"})
    assert response.status_code == 403
    assert "CSRF" in text(response.text, "error-message")
    assert await Session.all().count() == 0


async def test_csrf_token_of_another_browser_is_refused(client):
    async with make_client() as other:
        foreign = csrf_of((await other.get("/login")).text)
    await client.get("/login")
    response = await client.post(
        "/login", data={"login_id": "shop1", "password": "shop1-pass", "csrf_token": foreign}
    )
    assert response.status_code == 403


async def test_logout_ends_the_session(seller):
    response = await seller.post("/logout", data={"csrf_token": await token(seller)})
    assert response.status_code == 303
    assert await Session.all().count() == 0
    assert (await seller.get("/portal/claims")).status_code == 303


async def test_logout_needs_the_token(seller):
    assert (await seller.post("/logout")).status_code == 403
    assert await Session.all().count() == 1


async def test_anonymous_page_request_goes_to_login_and_back(client):
    response = await client.get("/portal/claims?cell=CANCEL_REQUESTED")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=%2Fportal%2Fclaims")
    page = await client.get(response.headers["location"])
    signed_in = await client.post(
        "/login",
        data={
            "login_id": "shop1",
            "password": "shop1-pass",
            "csrf_token": csrf_of(page.text),
            "next": "/portal/claims?cell=CANCEL_REQUESTED",
        },
    )
    assert signed_in.headers["location"] == "/portal/claims?cell=CANCEL_REQUESTED"


async def test_login_next_refuses_other_sites(client):
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "login_id": "shop1",
            "password": "shop1-pass",
            "csrf_token": csrf_of(page.text),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/portal"


async def test_portal_session_also_authenticates_graphql_cookie_name(seller):
    """The portal sets the shared cookie the /graphql surface reads (access.session)."""
    from access.session import SESSION_COOKIE

    assert seller.cookies.get(SESSION_COOKIE)


async def test_buyer_cannot_open_seller_pages(buyer1):
    assert (await buyer1.get("/portal/claims")).status_code == 404
    assert (await buyer1.get("/portal/orders/638452888")).status_code == 404
