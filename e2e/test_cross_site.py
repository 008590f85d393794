"""Cross-site requests to /graphql in a real Chromium (gql/csrf.py, issue 10 point 1).

shop1 is signed in; an attacker page served by this test on another port of 127.0.0.1
(same site, other origin: the SameSite=Lax cookie goes along) and on `localhost` (another
site) tries an auto-submitted multipart form and a `no-cors` fetch that request a
withdrawal on shop1's claim of order 638452888, and an auto-posted multipart `login(shop2)`
(login CSRF). Nothing may change in the database and the browser must stay shop1's.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Page

from e2e.conftest import ConsoleWatch
from e2e.data import ORDER_RETURN, SELLER
from e2e.server import LiveServer

CLOCK = "2021-08-03T10:00:00+09:00"

REQUEST = """mutation($input: ClaimWithdrawalRequestInput!) {
  claimWithdrawalRequest(input: $input) { userErrors { code } }
}"""
LOGIN = """mutation($input: LoginInput!) {
  login(input: $input) { viewer { loginId } userErrors { code } }
}"""
STATE = """query($no: String!) {
  viewer { loginId }
  order(orderNo: $no) { claim { id withdrawalState withdrawalRounds { round } } }
}"""

#: What the attack would change: withdrawal rounds and events of shop1, sessions of shop2.
SNAPSHOT = """
import json
from models.entities import ClaimEvent, Session, WithdrawalRound
async def main():
    print(json.dumps({
        "rounds": await WithdrawalRound.all().count(),
        "events": await ClaimEvent.all().count(),
        "shop2_sessions": await Session.filter(seller__login_id="shop2").count(),
    }))
"""

#: Pages of the attacker's site (no favicon request, inline script allowed there).
HEAD = '<!doctype html><html><head><link rel="icon" href="data:,"></head><body>'


class Attacker:
    """A plain HTTP server on a free port of 127.0.0.1 serving whatever page the test puts
    in `pages`; reachable as http://127.0.0.1:<port> and http://localhost:<port>."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                body = pages.get(self.path, HEAD).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="module")
def attacker() -> Iterator[Attacker]:
    site = Attacker()
    site.thread.start()
    yield site
    site.httpd.shutdown()
    site.httpd.server_close()


def auto_form(action: str, query: str, variables: dict[str, Any]) -> str:
    """A multipart form that posts itself on load, as a CSRF page would."""
    operations = html.escape(json.dumps({"query": query, "variables": variables}), quote=True)
    return (
        f'{HEAD}<form id="f" method="post" enctype="multipart/form-data" action="{action}">'
        f'<input type="hidden" name="operations" value="{operations}">'
        '<input type="hidden" name="map" value="{}"></form>'
        "<script>document.getElementById('f').submit()</script></body></html>"
    )


NO_CORS_FETCH = """async ([url, operations]) => {
  const body = new FormData();
  body.append("operations", operations);
  body.append("map", "{}");
  const response = await fetch(url, {method: "POST", mode: "no-cors", credentials: "include", body});
  return response.type;
}"""

SAME_ORIGIN_FETCH = """async ([query, variables]) => {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({query, variables}),
  });
  return [response.status, await response.json()];
}"""


def state(page: Page) -> dict[str, Any]:
    """What shop1's browser sees through /graphql from the portal's own origin."""
    status, body = page.evaluate(SAME_ORIGIN_FETCH, [STATE, {"no": ORDER_RETURN}])
    assert status == 200 and "errors" not in body, body
    return body["data"]


def snapshot(server: LiveServer) -> dict[str, int]:
    return json.loads(server.run_python(SNAPSHOT))


def session_cookie(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "qsm_session")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_another_origin_cannot_act_or_sign_in_with_the_sellers_browser(
    seller: Page, server: LiveServer, attacker: Attacker, console: ConsoleWatch, host: str
) -> None:
    console.allow_status(403)  # the refusals of the forged posts
    console.allow_status(404)  # showing a refusal (JSON), Chromium asks the app for a favicon
    graphql = f"{server.base_url}/graphql"
    before = state(seller)
    assert before["viewer"]["loginId"] == SELLER.login_id
    claim = before["order"]["claim"]
    request = {"input": {"claimId": claim["id"], "sellerMessage": "forged"}}
    rows = snapshot(server)
    cookie = session_cookie(seller)

    # (a) an auto-submitted multipart form requesting a withdrawal on shop1's claim
    attacker.pages["/form"] = auto_form(graphql, REQUEST, request)
    with seller.expect_response(lambda r: r.url == graphql) as posted:
        seller.goto(attacker.url(host, "/form"))
    assert posted.value.request.method == "POST"
    assert posted.value.request.headers["content-type"].startswith("multipart/form-data")
    assert posted.value.status == 403, posted.value.text()
    assert posted.value.json()["errors"][0]["extensions"]["code"] == "CSRF_REFUSED"

    # (b) a silent no-cors fetch with the cookie and a FormData body
    seller.goto(attacker.url(host, "/blank"))
    with seller.expect_response(lambda r: r.url == graphql) as fetched:
        kind = seller.evaluate(
            NO_CORS_FETCH, [graphql, json.dumps({"query": REQUEST, "variables": request})]
        )
    assert kind == "opaque"
    assert fetched.value.status == 403

    # (c) login CSRF: an auto-posted multipart login(shop2)
    login = {"input": {"loginId": "shop2", "password": "shop2-pass"}}
    attacker.pages["/login"] = auto_form(graphql, LOGIN, login)
    with seller.expect_response(lambda r: r.url == graphql) as signed:
        seller.goto(attacker.url(host, "/login"))
    assert signed.value.status == 403
    assert "set-cookie" not in signed.value.headers

    # nothing changed, and the browser is still shop1's
    assert snapshot(server) == rows
    seller.goto("/portal")
    assert seller.get_by_test_id("account-name").inner_text() == SELLER.name
    after = state(seller)
    assert after == before
    assert after["viewer"]["loginId"] == SELLER.login_id
    assert session_cookie(seller) == cookie
