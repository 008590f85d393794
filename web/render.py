"""One Jinja2 environment and the helpers every portal page renders through.

`render` adds what the layout needs (language, translator, CSRF token, the signed-in
account) to a page's own context, so a full page and its htmx fragment are built from the
same context builder and only the template name differs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from models import policy
from models.entities import Buyer, Seller
from models.labels import label
from models.policy import BUSINESS_TZ
from models.screens import inbox
from models.screens.claim_rows import ymd
from web import csrf, i18n

#: The vendored htmx build (pinned; see web/static/vendor/).
HTMX_FILE = "vendor/htmx-2.0.11.min.js"
#: htmx swaps 4xx answers too: form refusals come back as 400/403/409 fragments; and 503,
#: the "busy / unavailable / timed out, try again" sentence (web/failures.py), so the
#: seller sees why nothing happened instead of a button that silently does nothing.
HTMX_CONFIG = {
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "4..", "swap": True, "error": False},
        {"code": "503", "swap": True, "error": False},
        {"code": "...", "swap": False, "error": True},
    ],
    "historyCacheSize": 0,
    # The CSP (web/security_headers.py) allows no inline style or eval: htmx must not
    # inject its indicator <style>, copy `style` attributes while settling a swap
    # (setAttribute("style") is blocked), or evaluate code from attributes.
    "includeIndicatorStyles": False,
    "attributesToSettle": ["class", "width", "height"],
    "allowEval": False,
}

_TEMPLATES_DIR = Path(__file__).parent / "templates"


def ymdhms(value: datetime | None) -> str:
    """The memo box's send time: 2021-07-20 09:40:03 (Tokyo)."""
    if value is None:
        return ""
    return value.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES_DIR),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ymd"] = ymd
    env.filters["ymdhms"] = ymdhms
    env.globals["static"] = lambda path: f"/static/{path}"
    env.globals["HTMX_FILE"] = HTMX_FILE
    env.globals["OPEN_ROUND_STATES"] = policy.OPEN_ROUND_STATES
    #: Input limits in forms (`maxlength`) come from the same numbers the rules check.
    env.globals["policy"] = policy
    env.globals["HTMX_CONFIG"] = json.dumps(HTMX_CONFIG)
    env.globals["LANGS"] = i18n.LANGS
    env.globals["LANG_NAMES"] = i18n.LANG_NAMES
    return env


templates = Jinja2Templates(env=_environment())


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def base_context(request: Request) -> dict[str, Any]:
    lang = i18n.request_lang(request)
    account = getattr(request.state, "account", None)

    def enum_label(value: StrEnum | str | None) -> str:
        if value is None or value == "":
            return ""
        return label(value, lang) if isinstance(value, StrEnum) else str(value)

    return {
        "lang": lang,
        "html_lang": {"zh": "zh-CN", "ja": "ja", "en": "en"}[lang],
        "t": i18n.translator(lang),
        "L": enum_label,
        "csrf_token": csrf.token_for(request),
        "account": account,
        "is_seller": isinstance(account, Seller),
        "is_buyer": isinstance(account, Buyer),
        "current_url": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        #: The header's unread-notice count (None when not read for this response: a
        #: fragment, or a page answering a POST, shows the inbox link without a number).
        "unread_notices": getattr(request.state, "unread_notices", None),
    }


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    response = templates.TemplateResponse(
        request,
        name,
        {**base_context(request), **(context or {})},
        status_code=status_code,
        headers=headers,
    )
    csrf.remember_nonce(request, response)
    return response


async def load_header(request: Request) -> None:
    """Read the header's unread-notice count for a full page shown by GET (a fragment has
    no header; a POST's page would count before its own change, so it shows none).

    Sweeps the viewer first, like every read: a reminder due now is in the number."""
    account = getattr(request.state, "account", None)
    if request.method != "GET" or is_htmx(request) or account is None:
        return
    if isinstance(account, Seller):
        request.state.unread_notices = await inbox.load_unread(seller_id=account.id)
    elif isinstance(account, Buyer):
        request.state.unread_notices = await inbox.load_unread(buyer_id=account.id)


async def error_page(
    request: Request, status_code: int, message_key: str, params: dict[str, str] | None = None
) -> Response:
    """A refusal as a sentence (`params` fill its placeholders): a fragment for htmx, a
    page otherwise."""
    if getattr(request.state, "account", None) is None:
        from access.session import request_account

        request.state.account = await request_account(request)
        await load_header(request)
    name = "partials/error.html" if is_htmx(request) else "pages/error.html"
    return render(
        request,
        name,
        {"message_key": message_key, "message_params": params or {}, "status_code": status_code},
        status_code=status_code,
    )


async def error_text_page(request: Request, status_code: int, message: str) -> Response:
    """A refusal whose sentence is already in the reader's language (a domain error's)."""
    name = "partials/error.html" if is_htmx(request) else "pages/error.html"
    return render(
        request, name, {"message": message, "status_code": status_code}, status_code=status_code
    )
