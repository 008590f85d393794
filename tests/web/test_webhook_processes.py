"""Webhooks across real processes: a server killed (SIGKILL) right after committing a
withdrawal still has its webhook delivered by a `qsm worker` started afterwards (the
outbox row was committed with the withdrawal), and on SQLite `qsm serve` alone delivers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from standardwebhooks import Webhook

from models import demo as d
from models.config import is_postgres
from tests.cli_helpers import QSM, ROOT, qsm, run_with_db
from tests.gql import ops
from tests.gql.helpers import LOGIN
from tests.launcher import free_port, launched
from tests.webhook_receiver import Receiver, receiver

REGISTER = """
import json
from models.entities import Seller
from models.webhooks import endpoints

async def main():
    shop1 = await Seller.get(login_id="shop1")
    made = await endpoints.create(shop1.id, URL, ["withdrawal.requested"])
    print(json.dumps({"secret": made.secret}))
"""

NOTICES = """
import json
from models.entities import Notification, WebhookDelivery

async def main():
    print(json.dumps({
        "notices": sorted(await Notification.filter(order__order_no=ORDER).values_list(
            "kind", flat=True)),
        "deliveries": await WebhookDelivery.all().count(),
    }))
"""


def _setup(env: dict[str, str], url: str) -> str:
    assert qsm("migrate", env=env).returncode == 0
    assert qsm("seed", "--demo", env=env).returncode == 0
    done = run_with_db(
        REGISTER.replace("URL", repr(url)), {**env, "QSM_WEBHOOK_ALLOW_PRIVATE": "1"}
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["secret"]


def _request_withdrawal(base: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        login = http.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"loginId": "shop1", "password": "shop1-pass"}},
        ).json()
        auth = {"Authorization": f"Bearer {login['data']['login']['token']}"}
        http.cookies.clear()
        order = http.post(
            "/graphql",
            json={
                "query": "query($n: String!) { order(orderNo: $n) { claim { id } } }",
                "variables": {"n": d.ORDER_RETURN},
            },
            headers=auth,
        ).json()
        claim_id = order["data"]["order"]["claim"]["id"]
        done = http.post(
            "/graphql",
            json={
                "query": ops.REQUEST,
                "variables": {"input": {"claimId": claim_id, "sellerMessage": "pls"}},
            },
            headers=auth,
        ).json()
        assert done["data"]["claimWithdrawalRequest"]["userErrors"] == [], done


def _wait_for(hook: Receiver, count: int, seconds: float = 45) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(hook.requests) < count:
        time.sleep(0.1)


def _verify(hook: Receiver, secret: str) -> dict:
    last = hook.requests[-1]
    return Webhook(secret).verify(last.body, last.headers)


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="qsm worker needs PostgreSQL"
)
def test_a_server_killed_after_the_commit_still_gets_its_webhook_out(scratch_env):
    with receiver() as hook:
        secret = _setup(scratch_env, hook.url)
        port = free_port()
        server_env = {**os.environ, **scratch_env, "QSM_JOBS": "worker"}
        with launched([*QSM, "serve", "--port", str(port)], port=port, env=server_env) as server:
            _request_withdrawal(f"http://127.0.0.1:{port}")
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
        assert hook.requests == []  # nobody relayed yet: the servers never send

        worker_env = {**os.environ, **scratch_env, "QSM_WEBHOOK_ALLOW_PRIVATE": "1"}
        worker = subprocess.Popen(
            [*QSM, "worker"], cwd=ROOT, env=worker_env, stderr=subprocess.PIPE, text=True
        )
        try:
            _wait_for(hook, 1)
        finally:
            worker.send_signal(signal.SIGTERM)
            _, errors = worker.communicate(timeout=30)
        assert worker.returncode == 0, errors
    assert len(hook.requests) == 1, errors
    payload = _verify(hook, secret)
    assert payload["type"] == "withdrawal.requested"
    assert payload["data"]["orderNo"] == d.ORDER_RETURN
    # The notices of the killed server's transaction are there too: the buyer's and the
    # seller's copy.
    counts = run_with_db(NOTICES.replace("ORDER", repr(d.ORDER_RETURN)), scratch_env)
    assert json.loads(counts.stdout) == {
        "notices": ["WITHDRAWAL_REQUESTED", "WITHDRAWAL_REQUEST_SENT"],
        "deliveries": 1,
    }


def test_the_serving_process_delivers_by_itself_when_jobs_are_inline(scratch_env):
    with receiver() as hook:
        secret = _setup(scratch_env, hook.url)
        port = free_port()
        env = {**os.environ, **scratch_env, "QSM_JOBS": "inline", "QSM_WEBHOOK_ALLOW_PRIVATE": "1"}
        with launched([*QSM, "serve", "--port", str(port)], port=port, env=env):
            _request_withdrawal(f"http://127.0.0.1:{port}")
            _wait_for(hook, 1)
    assert len(hook.requests) == 1
    assert _verify(hook, secret)["data"]["orderNo"] == d.ORDER_RETURN


#: One relay process: drain what is due (the worker job's body), print how many it sent.
DRAIN = """
from models.webhooks import dispatch

async def main():
    print(await dispatch.drain())
"""

MANY = """
from models.entities import Claim, Seller
from models.ops import withdrawals
from models.policy import WITHDRAWABLE_STATUSES
from models.webhooks import endpoints

async def main():
    shop1 = await Seller.get(login_id="shop1")
    for _ in range(3):
        await endpoints.create(shop1.id, URL, ["withdrawal.requested"])
    for claim in await Claim.filter(status__in=list(WITHDRAWABLE_STATUSES), round_count=0):
        await withdrawals.request_withdrawal(claim.seller_id, claim.id, "please withdraw")
"""


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="SKIP LOCKED is PostgreSQL's"
)
def test_three_relay_processes_never_send_one_attempt_twice(scratch_env):
    env = {**scratch_env, "QSM_WEBHOOK_ALLOW_PRIVATE": "1"}
    assert qsm("migrate", env=env).returncode == 0
    assert qsm("seed", "--demo", env=env).returncode == 0
    with receiver() as hook:
        made = run_with_db(MANY.replace("URL", repr(hook.url)), env)
        assert made.returncode == 0, made.stderr
        script = (
            "import asyncio\nfrom tortoise import Tortoise\n"
            "from models.config import tortoise_config\n"
            + DRAIN
            + "async def _run():\n    await Tortoise.init(config=tortoise_config())\n"
            "    try:\n        await main()\n    finally:\n"
            "        await Tortoise.close_connections()\nasyncio.run(_run())\n"
        )
        relays = [
            subprocess.Popen(
                [sys.executable, "-c", script],
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outputs = [r.communicate(timeout=120) for r in relays]
        assert all(r.returncode == 0 for r in relays), outputs
    sent = [int(out.strip()) for out, _ in outputs]
    ids = hook.ids()
    assert len(ids) == len(set(ids)) == sum(sent) > 3, sent
