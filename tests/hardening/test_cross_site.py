"""CSRF and CORS on /graphql (gql/csrf.py): what a page on another origin can make a
signed-in browser send is refused before anything runs; bearer clients are unaffected."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from models.demo import ORDER_RETURN
from models.entities import Claim, WithdrawalRound
from tests.gql import ops
from tests.gql.helpers import LOGIN, PASSWORDS, PRODUCTION, Api, claim_id_of
from web.app import create_app

OWN = "http://test"
EVIL = "http://127.0.0.1:9999"
VIEWER = "{ viewer { loginId } }"


def request_variables(claim_id: str) -> dict[str, Any]:
    return {"input": {"claimId": claim_id, "sellerMessage": "forged"}}


def multipart(query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """httpx arguments for a GraphQL multipart request (the upload spec) with no file."""
    operations = json.dumps({"query": query, "variables": variables})
    return {"files": {"operations": (None, operations), "map": (None, "{}")}}


async def sign_in_with_cookie(client: httpx.AsyncClient, login_id: str = "shop1") -> None:
    """The way a browser is signed in: the login answer's cookie, kept by the client."""
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"loginId": login_id, "password": PASSWORDS[login_id]}},
    )
    assert response.json()["data"]["login"]["userErrors"] == []
    assert "qsm_session" in client.cookies


async def rounds(order_no: str = ORDER_RETURN) -> int:
    claim = await Claim.get(order__order_no=order_no)
    return await WithdrawalRound.filter(claim_id=claim.id).count()


def assert_refused(response: httpx.Response, status: int = 403, code: str = "CSRF_REFUSED") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["message"].endswith(".")
    assert "set-cookie" not in response.headers


@pytest.fixture
async def claim_id(api: Api) -> str:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    api.client.cookies.clear()
    return claim_id


async def test_multipart_without_the_preflight_header_is_refused(
    api: Api, client: httpx.AsyncClient, claim_id: str
) -> None:
    await sign_in_with_cookie(client)
    forged = await client.post("/graphql", **multipart(ops.REQUEST, request_variables(claim_id)))
    assert_refused(forged)
    assert "Apollo-Require-Preflight" in forged.json()["errors"][0]["message"]
    assert await rounds() == 0

    # the same body as an Apollo client sends it (the header forces a CORS preflight)
    for header in ("Apollo-Require-Preflight", "X-Apollo-Operation-Name", "X-CSRF-Token"):
        ok = await client.post(
            "/graphql",
            headers={header: "true", "Origin": OWN},
            **multipart(VIEWER, {}),
        )
        assert ok.status_code == 200 and ok.json()["data"]["viewer"]["loginId"] == "shop1"
    done = await client.post(
        "/graphql",
        headers={"Apollo-Require-Preflight": "true"},
        **multipart(ops.REQUEST, request_variables(claim_id)),
    )
    assert done.json()["data"]["claimWithdrawalRequest"]["userErrors"] == []
    assert await rounds() == 1


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
async def test_simple_content_types_are_refused(
    api: Api, client: httpx.AsyncClient, claim_id: str, content_type: str
) -> None:
    await sign_in_with_cookie(client)
    body = json.dumps({"query": ops.REQUEST, "variables": request_variables(claim_id)})
    response = await client.post("/graphql", content=body, headers={"Content-Type": content_type})
    assert_refused(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert await rounds() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Origin": "https://test"},  # another scheme is another origin
        {"Origin": EVIL, "Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": OWN, "Sec-Fetch-Site": "cross-site"},
    ],
)
async def test_json_from_another_origin_is_refused(
    api: Api, client: httpx.AsyncClient, claim_id: str, headers: dict[str, str]
) -> None:
    await sign_in_with_cookie(client)
    response = await client.post(
        "/graphql",
        json={"query": ops.REQUEST, "variables": request_variables(claim_id)},
        headers=headers,
    )
    assert_refused(response)
    assert "Cross-site request refused" in response.json()["errors"][0]["message"]
    assert await rounds() == 0
    # GET cannot mutate, but it gets the same check
    assert_refused(await client.get("/graphql", params={"query": VIEWER}, headers=headers))


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
async def test_login_from_another_site_is_refused(
    client: httpx.AsyncClient, demo: None, site: str
) -> None:
    variables = {"loginId": "shop2", "password": PASSWORDS["shop2"]}
    form = await client.post(
        "/graphql", headers={"Origin": "http://localhost:9999"}, **multipart(LOGIN, variables)
    )
    assert_refused(form)
    cross = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": variables},
        headers={"Origin": "http://localhost:9999", "Sec-Fetch-Site": site},
    )
    assert_refused(cross)
    assert "qsm_session" not in client.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, a server, a test: no browser headers at all
        {"Origin": OWN},
        {"Origin": "HTTP://TEST:80/"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
    ],
)
async def test_same_origin_is_accepted(
    api: Api, client: httpx.AsyncClient, claim_id: str, headers: dict[str, str]
) -> None:
    await sign_in_with_cookie(client)
    response = await client.post(
        "/graphql",
        json={"query": ops.REQUEST, "variables": request_variables(claim_id)},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["claimWithdrawalRequest"]["userErrors"] == []
    assert await rounds() == 1


async def test_a_bearer_token_is_unaffected(
    api: Api, client: httpx.AsyncClient, claim_id: str
) -> None:
    token = await api.token("shop1")
    response = await client.post(
        "/graphql",
        headers={
            "Authorization": f"Bearer {token}",
            "Origin": EVIL,
            "Sec-Fetch-Site": "cross-site",
        },
        **multipart(ops.REQUEST, request_variables(claim_id)),
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["claimWithdrawalRequest"]["userErrors"] == []
    assert await rounds() == 1
    # Basic credentials are attached by browsers on their own: not an exemption
    basic = await client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"Authorization": "Basic c2hvcDE6eA==", "Origin": EVIL},
    )
    assert_refused(basic)


@pytest.fixture
async def configured(db: None, demo: None) -> AsyncIterator[httpx.AsyncClient]:
    settings = dataclasses.replace(
        PRODUCTION,
        allowed_origins=("https://portal.example", "https://app.example/"),
        cors_origins=("https://app.example", "https://tokens.example"),
    )
    transport = httpx.ASGITransport(app=create_app(settings, init_db=False))
    async with httpx.AsyncClient(transport=transport, base_url=OWN) as http:
        yield http


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://portal.example", "Sec-Fetch-Site": "same-site"},
        {"Origin": "https://app.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://tokens.example"},
    ],
)
async def test_a_listed_origin_is_accepted(
    configured: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    await sign_in_with_cookie(configured)
    response = await configured.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["viewer"]["loginId"] == "shop1"
    refused = await configured.post(
        "/graphql",
        json={"query": VIEWER},
        headers={**headers, "Origin": "https://other.example"},
    )
    assert_refused(refused)


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, apollo-require-preflight",
    }


async def test_cors_is_closed_by_default(client: httpx.AsyncClient, demo: None) -> None:
    answer = await client.options("/graphql", headers=preflight(EVIL))
    assert answer.status_code == 204  # OPTIONS says what is allowed (Allow), nothing more
    assert not any(h.startswith("access-control-") for h in answer.headers)
    posted = await client.post("/graphql", json={"query": VIEWER}, headers={"Origin": OWN})
    assert posted.status_code == 200
    assert not any(h.startswith("access-control-") for h in posted.headers)


async def test_cors_answers_configured_origins_only(configured: httpx.AsyncClient) -> None:
    app = await configured.options("/graphql", headers=preflight("https://app.example"))
    assert app.status_code == 200
    assert app.headers["access-control-allow-origin"] == "https://app.example"
    assert app.headers["access-control-allow-credentials"] == "true"
    assert "apollo-require-preflight" in app.headers["access-control-allow-headers"].lower()
    assert "POST" in app.headers["access-control-allow-methods"]

    # a CORS origin that is not in allowed_origins gets no credentials (no cookie)
    tokens = await configured.options("/graphql", headers=preflight("https://tokens.example"))
    assert tokens.headers["access-control-allow-origin"] == "https://tokens.example"
    assert "access-control-allow-credentials" not in tokens.headers

    for other in ("https://portal.example", EVIL):
        refused = await configured.options("/graphql", headers=preflight(other))
        assert refused.status_code >= 400
        assert "access-control-allow-origin" not in refused.headers

    posted = await configured.post(
        "/graphql", json={"query": VIEWER}, headers={"Origin": "https://app.example"}
    )
    assert posted.status_code == 200
    assert posted.headers["access-control-allow-origin"] == "https://app.example"
    assert posted.headers["access-control-allow-credentials"] == "true"
    # a refusal is readable by the listed client too (same CORS headers)
    refused = await configured.post(
        "/graphql", content="{}", headers={"Origin": "https://app.example"}
    )
    assert refused.status_code == 415
    assert refused.headers["access-control-allow-origin"] == "https://app.example"
