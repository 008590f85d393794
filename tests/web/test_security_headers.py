"""Issue 10, point 8: every portal page (and every other answer) carries the security
headers, and no template needs inline script or style under the policy."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.web.helpers import HTMX

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def assert_secure(response: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.url, name, response.headers)
    policy = response.headers["content-security-policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";"))
    )
    assert directives["script-src"] == "'self'", policy
    assert directives["style-src"] == "'self'", policy
    assert directives["frame-ancestors"] == "'none'", policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


SELLER_PAGES = [
    "/portal",
    "/portal/claims",
    "/portal/claims?cell=CANCEL_REQUESTED",
    "/portal/orders/638452888",
    "/portal/memos",
    "/portal/inquiries/new",
    "/portal/no-such-page",
]


async def test_headers_on_the_login_page_and_anonymous_answers(client: httpx.AsyncClient) -> None:
    for path in ("/login", "/portal", "/static/portal.js", "/healthz", "/no-such-page"):
        assert_secure(await client.get(path))
    assert_secure(await client.post("/graphql", json={"query": "{ __typename }"}))


@pytest.mark.parametrize("path", SELLER_PAGES)
async def test_headers_on_every_seller_page(seller: httpx.AsyncClient, path: str) -> None:
    assert_secure(await seller.get(path))
    assert_secure(await seller.get(path, headers=HTMX))


async def test_headers_on_myqoo10(buyer1: httpx.AsyncClient) -> None:
    assert_secure(await buyer1.get("/myqoo10"))


async def test_templates_have_no_inline_script_or_style() -> None:
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\shx-on|\son[a-z]+=|\[[^\]]*\]\""
    )
    for path in TEMPLATES.rglob("*.html"):
        found = inline.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found)


async def test_graphiql_keeps_working_with_its_own_policy(db: None) -> None:
    """Development only: its inline bootstrap script is allowed by hash, nothing else."""
    from access.settings import Settings
    from web.app import create_app

    settings = Settings(env="development", clock_control=False, sweep_interval=0, secret_key="x")
    transport = httpx.ASGITransport(app=create_app(settings, init_db=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as dev:
        page = await dev.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
