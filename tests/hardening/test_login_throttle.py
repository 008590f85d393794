"""Issue 10.6 and 11.2 in process (real app over ASGI, real database): the shared throttle,
the client address rule, one sign-in flow on both surfaces, argon2 off the event loop."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
from argon2 import PasswordHasher
from starlette.requests import HTTPConnection

from access import throttle
from access.client import client_address, uvicorn_proxy_options
from access.settings import Settings
from models import policy
from models.entities import LoginThrottle, Session
from models.ops import accounts
from tests.web.helpers import csrf_of, login, text
from web.app import create_app

SETTINGS = Settings(env="production", clock_control=False, sweep_interval=0, secret_key="t")
LOGIN = """mutation($id: String!, $pw: String!) { login(input: {loginId: $id, password: $pw})
  { token userErrors { code field message } } }"""


def browser(address: str, settings: Settings = SETTINGS) -> httpx.AsyncClient:
    app = create_app(settings, init_db=False)
    transport = httpx.ASGITransport(app=app, client=(address, 5000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def conn(peer: str, forwarded: str | None = None) -> HTTPConnection:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return HTTPConnection({"type": "http", "client": (peer, 1234), "headers": headers})


def test_the_delay_grows_and_is_capped() -> None:
    delays = [throttle.PER_ID.delay(n) for n in range(1, 15)]
    free = policy.LOGIN_MAX_FAILURES - 1
    assert delays[:free] == [0] * free
    assert delays[free : free + 4] == [1, 2, 4, 8]
    assert max(delays) == policy.LOGIN_MAX_DELAY_SECONDS == delays[-1]


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    proxies = Settings(
        env="p", clock_control=False, sweep_interval=0, secret_key="t"
    ).trusted_proxies
    assert proxies == ()
    assert client_address(conn("127.0.0.1", "6.6.6.6")) == "127.0.0.1"
    import ipaddress

    lb = (ipaddress.ip_network("10.0.0.0/8"),)
    assert client_address(conn("10.0.0.5", "6.6.6.6"), lb) == "6.6.6.6"
    # the client may prepend anything; the proxies append the real hops on the right
    assert client_address(conn("10.0.0.5", "1.1.1.1, 7.7.7.7, 10.0.0.9"), lb) == "7.7.7.7"
    assert client_address(conn("203.0.113.1", "6.6.6.6"), lb) == "203.0.113.1"
    assert client_address(conn("10.0.0.5", "garbage"), lb) == "10.0.0.5"
    assert uvicorn_proxy_options(()) == {"proxy_headers": False}
    assert uvicorn_proxy_options(lb)["forwarded_allow_ips"] == ["10.0.0.0/8"]


async def test_concurrent_attempts_cannot_share_a_free_slot(db) -> None:
    """The charge is a compare-and-set in the database: 30 attempts at once from 30
    addresses get exactly the free ones, as many processes would."""
    waits = await asyncio.gather(*(throttle.admit("shop1", f"10.0.0.{n}") for n in range(30)))
    assert waits.count(0) == policy.LOGIN_MAX_FAILURES


async def test_idle_counters_are_pruned(db) -> None:
    now = time.time()
    old = now - policy.LOGIN_FAILURE_WINDOW_MINUTES * 60 - 1
    await LoginThrottle.create(key="id:old", attempts=9, last_at=old, next_at=old)
    await LoginThrottle.create(key="id:new", attempts=9, last_at=now, next_at=now)
    assert await throttle.prune(now) == 1
    assert await LoginThrottle.all().values_list("key", flat=True) == ["id:new"]


async def test_a_user_behind_the_attackers_address_is_delayed_not_locked_out(demo) -> None:
    """Before: 5 wrong passwords from a shared address (NAT) locked the owner there out
    for 15 minutes. Now: a short, bounded delay, then the right password works."""
    async with browser("198.51.100.7") as attacker, browser("198.51.100.7") as owner:
        for _ in range(policy.LOGIN_MAX_FAILURES):
            assert (await login(attacker, "shop1", "guess")).status_code == 401
        delayed = await login(owner, "shop1", "shop1-pass")
        assert delayed.status_code == 429
        wait = int(delayed.headers["retry-after"])
        assert wait <= policy.LOGIN_DELAY_BASE_SECONDS + 1
        await asyncio.sleep(wait)
        assert (await login(owner, "shop1", "shop1-pass")).status_code == 303


async def test_one_rule_for_an_over_long_login_id(demo) -> None:
    """Refused with a sentence on both surfaces (the portal used to truncate it)."""
    too_long = "shop1" + "x" * policy.LOGIN_ID_MAX_LENGTH
    async with browser("198.51.100.8") as client:
        page = await login(client, too_long, "shop1-pass")
        assert page.status_code == 400
        assert str(policy.LOGIN_ID_MAX_LENGTH) in text(page.text, "login-error")
        body = await client.post(
            "/graphql", json={"query": LOGIN, "variables": {"id": too_long, "pw": "x"}}
        )
        errors = body.json()["data"]["login"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["loginId"])]
        assert str(policy.LOGIN_ID_MAX_LENGTH) in errors[0]["message"]
    assert await LoginThrottle.all().count() == 0  # refused before the throttle and argon2


async def test_both_surfaces_rotate_the_session_and_set_one_cookie_lifetime(demo) -> None:
    max_age = f"max-age={policy.SESSION_DAYS * 24 * 3600}"
    async with browser("198.51.100.9") as client:
        portal = await login(client, "shop1", "shop1-pass")
        assert max_age in portal.headers["set-cookie"].lower()
        first = client.cookies.get("qsm_session")
        api = await client.post(
            "/graphql", json={"query": LOGIN, "variables": {"id": "shop1", "pw": "shop1-pass"}}
        )
        assert max_age in api.headers["set-cookie"].lower()
        second = api.json()["data"]["login"]["token"]
        assert second and second != first
        # the GraphQL login ended the session the request came with (the portal's)
        assert await Session.all().count() == 1
        page = await client.get("/login")
        again = await client.post(
            "/login",
            data={"login_id": "shop1", "password": "shop1-pass", "csrf_token": csrf_of(page.text)},
        )
        assert again.status_code == 303 and await Session.all().count() == 1


async def test_argon2_runs_off_the_event_loop(db, monkeypatch) -> None:
    """Verification (also the dummy one for unknown ids) and hashing run in a thread."""
    loop_thread = threading.get_ident()
    threads: list[int] = []
    verify, hash_ = PasswordHasher.verify, PasswordHasher.hash

    def spy_verify(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return verify(self, *args, **kwargs)

    def spy_hash(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return hash_(self, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "verify", spy_verify)
    monkeypatch.setattr(PasswordHasher, "hash", spy_hash)
    await accounts.create_buyer("b", "pw-pw-pw", "B")
    assert await accounts.authenticate("b", "pw-pw-pw")
    assert await accounts.authenticate("b", "wrong") is None
    assert await accounts.authenticate("nobody", "wrong") is None
    assert len(threads) == 4 and loop_thread not in threads
