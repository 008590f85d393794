"""Standard Webhooks signatures (https://www.standardwebhooks.com), with the reference
library `standardwebhooks`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.

A rotated endpoint signs with its new secret and, during the grace period
(`policy.WEBHOOK_SECRET_GRACE_HOURS`), with the previous one too: the spec allows several
space-separated signatures, so a receiver still on the old secret keeps verifying.
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from standardwebhooks import Webhook

PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh secret: whsec_ and 32 random bytes in base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def headers(message_id: str, at: datetime, body: str, secrets_: list[str]) -> dict[str, str]:
    """The three headers of one attempt, signed with each secret in `secrets_`."""
    signatures = " ".join(Webhook(s).sign(message_id, at, body) for s in secrets_)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures,
        "content-type": "application/json",
        "user-agent": "qsm-claims-webhooks/1",
    }
