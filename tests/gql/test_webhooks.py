"""The webhook API: register (secret once), SSRF refusals in the reader's language, the
delivery log, redelivery with the same webhook-id, rotation with two signatures, seller only."""

from __future__ import annotations

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from models import demo as d
from models.webhooks import dispatch
from tests.gql import ops
from tests.gql.helpers import claim_id_of
from tests.webhook_receiver import receiver

CREATE = """
mutation($input: WebhookEndpointCreateInput!) {
  webhookEndpointCreate(input: $input) {
    secret endpoint { id url events enabled }
    userErrors { field code message }
  }
}"""
UPDATE = """
mutation($input: WebhookEndpointUpdateInput!) {
  webhookEndpointUpdate(input: $input) { endpoint { id enabled events } userErrors { code } }
}"""
ROTATE = """
mutation($input: WebhookEndpointIdInput!) {
  webhookEndpointRotateSecret(input: $input) { secret userErrors { code } }
}"""
DELETE = """
mutation($input: WebhookEndpointIdInput!) {
  webhookEndpointDelete(input: $input) { deletedId userErrors { code field } }
}"""
LOG = """
query($id: ID!) {
  webhookDeliveries(endpointId: $id, first: 10) {
    edges { node { id webhookId eventType status attemptCount lastResponseCode
      attempts { responseCode success } } }
    pageInfo { hasNextPage }
  }
}"""
REDELIVER = """
mutation($input: WebhookDeliveryRedeliverInput!) {
  webhookDeliveryRedeliver(input: $input) { delivery { id status } userErrors { code } }
}"""


@pytest.fixture
def allow_private(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QSM_WEBHOOK_ALLOW_PRIVATE", "1")


async def _create(api, url: str, events=("WITHDRAWAL_REQUESTED",), lang="en"):  # noqa: ANN001, ANN202
    data = await api.data(
        CREATE,
        {"input": {"url": url, "events": list(events), "description": "erp"}},
        as_="shop1",
        headers={"Accept-Language": lang},
    )
    return data["webhookEndpointCreate"]


async def _request(api) -> None:  # noqa: ANN001
    claim = await claim_id_of(api, d.ORDER_RETURN)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("http://127.0.0.1/hook", "private network"),
        ("http://169.254.169.254/latest/meta-data", "private network"),
        ("http://10.0.0.1/x", "private network"),
        ("http://[::1]:8080/x", "private network"),
        ("http://localhost/x", "private network"),
        ("ftp://x/y", "Only http:// and https://"),
        ("not a url", "Only http:// and https://"),
    ],
)
async def test_ssrf_guard_refuses_with_a_specific_user_error(api, monkeypatch, url, sentence):
    monkeypatch.delenv("QSM_WEBHOOK_ALLOW_PRIVATE", raising=False)
    payload = await _create(api, url)
    assert payload["endpoint"] is None and payload["secret"] is None
    [error] = payload["userErrors"]
    assert error["field"] == ["url"] and error["code"] == "INVALID_INPUT"
    assert sentence in error["message"]


async def test_ssrf_refusal_is_in_the_readers_language(api, monkeypatch):
    monkeypatch.delenv("QSM_WEBHOOK_ALLOW_PRIVATE", raising=False)
    zh = await _create(api, "http://10.0.0.1/x", lang="zh")
    ja = await _create(api, "http://10.0.0.1/x", lang="ja")
    assert "内网" in zh["userErrors"][0]["message"]
    assert "社内ネットワーク" in ja["userErrors"][0]["message"]


async def test_unknown_event_and_empty_events_are_refused(api, allow_private):
    bad = await api.post(
        CREATE, {"input": {"url": "http://127.0.0.1/x", "events": ["NOPE"]}}, as_="shop1"
    )
    assert "errors" in bad  # not an enum value: refused by the schema
    empty = await _create(api, "http://127.0.0.1/x", events=())
    assert empty["userErrors"][0]["field"] == ["events"]


async def test_a_buyer_cannot_register_endpoints(api, allow_private):
    body = await api.post(
        CREATE,
        {"input": {"url": "http://127.0.0.1/x", "events": ["WITHDRAWAL_REQUESTED"]}},
        as_="buyer1",
    )
    assert body["data"]["webhookEndpointCreate"]["userErrors"][0]["code"] == "UNAUTHENTICATED"


async def test_log_redeliver_rotate_and_delete_through_the_api(api, allow_private, monkeypatch):
    monkeypatch.setenv("QSM_WEBHOOK_RETRY_BASE", "0")
    with receiver(fail_first=1) as hook:
        made = await _create(api, hook.url)
        assert made["userErrors"] == [] and made["secret"].startswith("whsec_")
        endpoint_id = made["endpoint"]["id"]
        listed = await api.data("{ webhookEndpoints { id url } }", as_="shop1")
        assert listed["webhookEndpoints"] == [{"id": endpoint_id, "url": hook.url}]
        assert (await api.data("{ webhookEndpoints { id } }", as_="shop2"))[
            "webhookEndpoints"
        ] == []

        await _request(api)
        await dispatch.run_once()
        await dispatch.run_once()
        log = (await api.data(LOG, {"id": endpoint_id}, as_="shop1"))["webhookDeliveries"]
        [edge] = log["edges"]
        node = edge["node"]
        assert node["status"] == "DELIVERED" and node["attemptCount"] == 2
        assert [a["responseCode"] for a in node["attempts"]] == [500, 200]
        assert node["eventType"] == "WITHDRAWAL_REQUESTED"

        # another seller cannot see or redeliver it
        other = await api.data(REDELIVER, {"input": {"id": node["id"]}}, as_="shop2")
        assert other["webhookDeliveryRedeliver"]["userErrors"][0]["code"] == "NOT_FOUND"

        again = await api.data(REDELIVER, {"input": {"id": node["id"]}}, as_="shop1")
        assert again["webhookDeliveryRedeliver"]["delivery"]["status"] == "PENDING"
        rotated = await api.data(ROTATE, {"input": {"id": endpoint_id}}, as_="shop1")
        new_secret = rotated["webhookEndpointRotateSecret"]["secret"]
        assert new_secret.startswith("whsec_") and new_secret != made["secret"]
        await dispatch.run_once()

    assert hook.ids() == [node["webhookId"]] * 3
    last = hook.requests[-1]
    # Signed with the new secret and, during the grace period, with the old one too.
    assert len(last.headers["webhook-signature"].split(" ")) == 2
    Webhook(new_secret).verify(last.body, last.headers)
    Webhook(made["secret"]).verify(last.body, last.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(last.body, last.headers)

    off = await api.data(UPDATE, {"input": {"id": endpoint_id, "enabled": False}}, as_="shop1")
    assert off["webhookEndpointUpdate"]["endpoint"]["enabled"] is False
    gone = await api.data(DELETE, {"input": {"id": endpoint_id}}, as_="shop1")
    assert gone["webhookEndpointDelete"]["deletedId"] == endpoint_id
    again = await api.data(DELETE, {"input": {"id": endpoint_id}}, as_="shop1")
    assert again["webhookEndpointDelete"]["userErrors"][0]["code"] == "NOT_FOUND"
