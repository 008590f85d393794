"""The server-rendered seller portal and the buyer's MyQoo10 page, one module per page."""

from __future__ import annotations

from starlette.routing import BaseRoute

from web.portal import (
    attachments,
    auth,
    bulk,
    buyer,
    claims,
    inbox,
    inquiries,
    lang,
    live,
    memos,
    panel,
    shipments,
    webhooks,
)


def routes() -> list[BaseRoute]:
    return [
        *auth.routes,
        *lang.routes,
        *claims.routes,
        *bulk.routes,
        *panel.routes,
        *memos.routes,
        *inquiries.routes,
        *shipments.routes,
        *attachments.routes,
        *buyer.routes,
        *inbox.routes,
        *live.routes,
        *webhooks.routes,
    ]
