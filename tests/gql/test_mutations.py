"""Idempotency keys, memos with attachments, inquiries."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from gql.app import MAX_MULTIPART_BYTES
from models.clock import Clock
from models.demo import ORDER_RETURN
from models.entities import Claim, Memo, WithdrawalRound
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_idempotency_key_replays_the_first_payload(api: Api, clock: Clock) -> None:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    variables = {
        "input": {"claimId": claim_id, "sellerMessage": "请撤回", "idempotencyKey": "req-7f3a"}
    }
    first = await api.data(ops.REQUEST, variables, as_="shop1")
    second = await api.data(ops.REQUEST, variables, as_="shop1")
    assert first["claimWithdrawalRequest"]["userErrors"] == []
    assert first == second
    claim = await Claim.get(order__order_no=ORDER_RETURN)
    assert await WithdrawalRound.filter(claim_id=claim.id).count() == 1

    cancel_key = {"input": {"claimId": claim_id, "idempotencyKey": "cancel-1"}}
    once = await api.data(ops.CANCEL, cancel_key, as_="shop1")
    twice = await api.data(ops.CANCEL, cancel_key, as_="shop1")
    assert once == twice and once["claimWithdrawalCancel"]["withdrawal"]["state"] == "CANCELLED"

    reused = await api.data(
        ops.CANCEL, {"input": {"claimId": claim_id, "idempotencyKey": "req-7f3a"}}, as_="shop1"
    )
    assert [e["code"] for e in reused["claimWithdrawalCancel"]["userErrors"]] == [
        "IDEMPOTENCY_KEY_REUSED"
    ]


def _multipart(variables: dict, files: dict) -> dict:
    paths = {str(i): [f"variables.input.{name}"] for i, name in enumerate(files)}
    return {
        "data": {
            "operations": json.dumps({"query": ops.MEMO_SEND, "variables": variables}),
            "map": json.dumps(paths),
        },
        "files": {str(i): file for i, file in enumerate(files.values())},
    }


def stored_files(directory: Path) -> list[Path]:
    return list(directory.iterdir())


@pytest.fixture
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    return tmp_path


async def test_memo_with_attachment_answers_the_buyer(
    api: Api, client: httpx.AsyncClient, clock: Clock, upload_dir: Path
) -> None:
    before = await api.data(ops.ORDER, {"no": ORDER_RETURN}, as_="shop1")
    assert before["order"]["hasUnansweredMemo"] is True

    token = await api.token("shop1")
    variables = {
        "input": {"orderNo": ORDER_RETURN, "title": "回复", "body": "已确认。", "attachment": None}
    }
    response = await client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {token}"},
        **_multipart(variables, {"attachment": ("photo.png", PNG, "image/png")}),
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["memoSend"]
    assert payload["userErrors"] == []
    assert payload["memo"]["attachmentName"] == "photo.png"
    assert payload["memo"]["attachmentType"] == "image/png"
    assert len(stored_files(upload_dir)) == 1

    after = await api.data(ops.ORDER, {"no": ORDER_RETURN}, as_="shop1")
    assert after["order"]["hasUnansweredMemo"] is False
    # the buyer's memo is answered; the reply itself waits for the buyer (recipient's view)
    assert after["order"]["memos"][0] == {
        "title": "回复",
        "status": "UNANSWERED",
        "sender": "SELLER",
    }
    assert after["order"]["memos"][1]["status"] == "ANSWERED"


async def test_memo_attachment_checked_by_content_and_size(
    api: Api, client: httpx.AsyncClient, clock: Clock, upload_dir: Path
) -> None:
    token = await api.token("shop1")
    headers = {"Authorization": f"Bearer {token}"}
    variables = {"input": {"orderNo": ORDER_RETURN, "title": "t", "body": "b", "attachment": None}}
    disguised = await client.post(
        "/graphql",
        headers=headers,
        **_multipart(variables, {"attachment": ("photo.png", b"#!/bin/sh\nrm -rf /", "image/png")}),
    )
    errors = disguised.json()["data"]["memoSend"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["attachment"])]

    huge = await client.post(
        "/graphql",
        headers=headers,
        **_multipart(
            variables, {"attachment": ("big.png", PNG + b"\x00" * MAX_MULTIPART_BYTES, "image/png")}
        ),
    )
    assert huge.status_code == 413
    assert await Memo.filter(sender_kind="SELLER").count() == 0
    assert stored_files(upload_dir) == []


async def test_inquiry_submit(api: Api, clock: Clock) -> None:
    body = await api.data(
        ops.INQUIRY,
        {
            "input": {
                "category": "REFUND_CLAIM_WITHDRAWAL",
                "subcategory": "CLAIM_WITHDRAWAL",
                "title": "投诉撤回",
                "body": "请帮忙撤回订单的投诉。",
                "lang": "zh",
                "orderNo": ORDER_RETURN,
            }
        },
        as_="shop1",
    )
    payload = body["inquirySubmit"]
    assert payload["userErrors"] == []
    assert payload["inquiry"]["status"] == "SUBMITTED"
    bad = await api.data(
        ops.INQUIRY,
        {
            "input": {
                "category": "NOPE",
                "subcategory": "x",
                "title": "t",
                "body": "b",
                "lang": "zh",
            }
        },
        as_="shop1",
    )
    assert [e["field"] for e in bad["inquirySubmit"]["userErrors"]] == [["category"]]
