"""GraphQL test helpers: settings for the app, the demo passwords and a small client that
signs in as the demo accounts."""

from __future__ import annotations

from typing import Any

import httpx

from access.settings import Settings

PRODUCTION = Settings(env="production", clock_control=False, sweep_interval=0, secret_key="x")


DEVELOPMENT = Settings(env="development", clock_control=False, sweep_interval=0, secret_key="x")


PASSWORDS = {
    "shop1": "shop1-pass",
    "shop2": "shop2-pass",
    "buyer1": "buyer1-pass",
    "buyer2": "buyer2-pass",
}


LOGIN = """
mutation Login($loginId: String!, $password: String!) {
  login(input: {loginId: $loginId, password: $password}) {
    token
    viewer { loginId kind displayName }
    userErrors { field code message }
  }
}
"""


class Api:
    """Posts GraphQL documents to /graphql, optionally with a bearer token."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        as_: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The JSON body of a POST; `as_` signs in (once) as that demo login first."""
        all_headers = dict(headers or {})
        if as_ is not None:
            all_headers["Authorization"] = f"Bearer {await self.token(as_)}"
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=all_headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """`data` of a response that must have no top-level errors."""
        body = await self.post(query, variables, **kw)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def token(self, login_id: str) -> str:
        if login_id not in self.tokens:
            body = await self.post(LOGIN, {"loginId": login_id, "password": PASSWORDS[login_id]})
            payload = body["data"]["login"]
            assert payload["userErrors"] == [], payload
            self.tokens[login_id] = payload["token"]
            # login also set the session cookie; drop it so every call says who it is
            self.client.cookies.clear()
        return self.tokens[login_id]


async def claim_id_of(api: Api, order_no: str, as_: str = "shop1") -> str:
    """The global ID of the open (or latest) claim of an order, as its seller sees it."""
    data = await api.data(
        "query($no: String!) { order(orderNo: $no) { claim { id } } }", {"no": order_no}, as_=as_
    )
    return data["order"]["claim"]["id"]


async def requested_then_rejected(api: Api, order_no: str) -> tuple[str, str]:
    """shop1 asks the buyer of `order_no` to withdraw and buyer1 rejects ([其他原因] no):
    returns the claim's ID and the round's ID as the seller saw it before the answer."""
    from tests.gql import ops

    claim = await claim_id_of(api, order_no)
    requested = await api.data(
        ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "please"}}, as_="shop1"
    )
    seen = requested["claimWithdrawalRequest"]["withdrawal"]["id"]
    await api.data(
        ops.RESPOND,
        {"input": {"claimId": claim, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}},
        as_="buyer1",
    )
    return claim, seen
