"""The language switch on every page: remembered in a cookie for a year."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from web import i18n
from web.guards import csrf_protected
from web.portal.auth import safe_next

ONE_YEAR = 365 * 24 * 3600


async def switch(request: Request) -> Response:
    form = request.state.form
    lang = i18n.normalize(str(form.get("lang") or ""))
    target = safe_next(form.get("next")) or "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        i18n.LANG_COOKIE,
        lang,
        max_age=ONE_YEAR,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


routes = [Route("/lang", csrf_protected(switch), methods=["POST"])]
