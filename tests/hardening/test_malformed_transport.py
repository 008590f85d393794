"""Issue 10, points 3-4: /graphql refuses oversized, deeply nested and badly encoded
requests before reading or parsing them, always in the GraphQL error format with a code
and a sentence, never with a 500; the portal refuses an oversized form with 413."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from access.settings import Settings

JSON = {"Content-Type": "application/json"}


async def stream(parts: list[bytes]) -> AsyncIterator[bytes]:
    """A body without Content-Length (httpx sends it chunked)."""
    for part in parts:
        yield part


def assert_graphql_error(response: httpx.Response, status: int, code: str) -> str:
    """The response is `status`, GraphQL-shaped, with `code`; returns the sentence."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), response.text[:200]
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == code, error
    assert error["message"].endswith("."), error
    return error["message"]


async def test_json_nested_1000_deep_is_400_not_500(client: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
    response = await client.post("/graphql", content=body, headers=JSON)
    message = assert_graphql_error(response, 400, "JSON_TOO_DEEP")
    assert "32" in message


async def test_nesting_within_the_cap_still_works(client: httpx.AsyncClient) -> None:
    nested = "[" * 20 + "]" * 20
    body = '{"query": "{ __typename }", "variables": {"a": ' + nested + ', "s": "[[[[[[[["}}'
    response = await client.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 200 and response.json()["data"] == {"__typename": "Query"}


async def test_nesting_cap_in_a_get_query_string(client: httpx.AsyncClient) -> None:
    variables = '{"a": ' + "[" * 100 + "]" * 100 + "}"
    response = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": variables}
    )
    assert_graphql_error(response, 400, "JSON_TOO_DEEP")


async def test_invalid_utf8_body_is_400(client: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "variables": {"name": "caf\xe9 \xff"}}'
    response = await client.post("/graphql", content=body, headers=JSON)
    assert_graphql_error(response, 400, "INVALID_ENCODING")


@pytest.mark.parametrize(
    "query_string",
    [
        "query=%7B__typename%7D&variables=%7B%22a%22%3A%22%FF%22%7D",  # %FF is not UTF-8
        "query=%7B__typename%7D&variables=%7B%22a%22%3A%22%ED%A0%80%22%7D",  # a surrogate
    ],
)
async def test_invalid_utf8_in_the_query_string_is_400(
    client: httpx.AsyncClient, query_string: str
) -> None:
    response = await client.get("/graphql?" + query_string)
    assert_graphql_error(response, 400, "INVALID_ENCODING")


async def test_malformed_percent_encoding_is_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql?query=%7B__typename%7D&variables=%ZZ")
    assert_graphql_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("charset", ["latin-1", "ISO-8859-1", "utf-16"])
async def test_a_charset_other_than_utf8_is_415(client: httpx.AsyncClient, charset: str) -> None:
    body = '{"query": "{ __typename }", "variables": {"name": "café"}}'.encode("latin-1")
    headers = {"Content-Type": f"application/json; charset={charset}"}
    response = await client.post("/graphql", content=body, headers=headers)
    assert_graphql_error(response, 415, "UNSUPPORTED_CHARSET")
    explicit = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Content-Type": "application/json; charset=UTF-8"},
    )
    assert explicit.status_code == 200


async def test_strawberrys_own_refusals_are_graphql_shaped(client: httpx.AsyncClient) -> None:
    plain = await client.post("/graphql", content=b"x", headers={"Content-Type": "text/plain"})
    assert_graphql_error(plain, 415, "UNSUPPORTED_MEDIA_TYPE")
    not_json = await client.post("/graphql", content=b"{not json", headers=JSON)
    assert_graphql_error(not_json, 400, "BAD_REQUEST")
    surrogate = await client.post(
        "/graphql",
        content=b'{"query": "{ __typename }", "variables": {"a": "\\ud800"}}',
        headers=JSON,
    )
    assert_graphql_error(surrogate, 400, "INVALID_ENCODING")
    put = await client.put("/graphql", json={"query": "{ __typename }"})
    assert_graphql_error(put, 405, "METHOD_NOT_ALLOWED")
    no_length = await client.post(
        "/graphql",
        content=stream([b"--x\r\n"]),
        headers={
            "Content-Type": "multipart/form-data; boundary=x",
            "Apollo-Require-Preflight": "true",
        },
    )
    assert_graphql_error(no_length, 411, "LENGTH_REQUIRED")


async def test_oversized_json_is_413_before_reading(client: httpx.AsyncClient) -> None:
    big = b'{"query": "{ __typename }", "variables": {"pad": "' + b"a" * (2 << 20) + b'"}}'
    response = await client.post("/graphql", content=big, headers=JSON)
    assert "1 MB" in assert_graphql_error(response, 413, "PAYLOAD_TOO_LARGE")


async def test_oversized_chunked_json_is_413_while_streaming(client: httpx.AsyncClient) -> None:
    """No Content-Length: the middleware counts the streamed bytes and stops at the cap."""
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"query": "{ __typename }", "variables": {"pad": "'
        for _ in range(64):
            sent += 64 * 1024
            yield b"a" * (64 * 1024)
        yield b'"}}'

    response = await client.post("/graphql", content=chunks(), headers=JSON)
    assert_graphql_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert sent < 4 << 20, "the body was read to its end"


async def test_the_cap_follows_the_setting(db: None) -> None:
    from web.app import create_app

    settings = Settings(
        env="production", clock_control=False, sweep_interval=0, secret_key="x", max_body_bytes=100
    )
    transport = httpx.ASGITransport(app=create_app(settings, init_db=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as small:
        ok = await small.post("/graphql", json={"query": "{ __typename }"})
        assert ok.status_code == 200
        refused = await small.post("/graphql", json={"query": "{ __typename }", "pad": "a" * 100})
        assert_graphql_error(refused, 413, "PAYLOAD_TOO_LARGE")


@pytest.fixture
async def portal(db: None) -> AsyncIterator[httpx.AsyncClient]:
    from tests.web.helpers import make_client

    async with make_client() as c:
        yield c


@pytest.mark.parametrize("path", ["/login", "/lang", "/portal/orders/638452888/withdrawal"])
async def test_a_too_large_portal_form_is_413_with_a_sentence(
    portal: httpx.AsyncClient, path: str
) -> None:
    response = await portal.post(path, data={"login_id": "shop1", "pad": "a" * (2 << 20)})
    assert response.status_code == 413, response.text[:200]
    assert response.text == "请求内容超过 1 MB 的上限，未被处理。"
    portal.cookies.set("qsm_lang", "en")
    english = await portal.post(path, data={"pad": "a" * (2 << 20)})
    assert english.text == "The request is larger than the limit of 1 MB and was not processed."


async def test_the_memo_form_keeps_its_attachment_cap(portal: httpx.AsyncClient) -> None:
    """Multipart on the memo route may carry a 5 MB file (6 MB in all); not more."""
    path = "/portal/orders/638452888/memos"
    files = {"attachment": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 << 20), "image/png")}
    within = await portal.post(path, data={"title": "t"}, files=files)
    assert within.status_code != 413  # refused later (not signed in), not for its size
    files = {"attachment": ("a.png", b"\x00" * (7 << 20), "image/png")}
    too_big = await portal.post(path, data={"title": "t"}, files=files)
    assert too_big.status_code == 413
    elsewhere = await portal.post("/login", data={"t": "t"}, files=files)
    assert elsewhere.status_code == 413
