"""Security headers on every response (pure ASGI middleware).

Why: the portal shows buyers' free text and serves uploaded files; a Content-Security-Policy
without inline script turns a missed escape into a blocked script instead of a session
theft, `frame-ancestors 'none'` / `X-Frame-Options: DENY` stop click-jacking of the
[OK] buttons, `nosniff` keeps a browser from reading an upload as HTML, and the referrer
policy keeps order numbers in our URLs from leaking to other sites.

The portal needs no inline script or style (htmx's own indicator `<style>` is switched off
with `includeIndicatorStyles: false` in `web/render.py`, and no template uses `hx-on`,
`style=` or trigger filters that htmx would `eval`). A response that sets its own
`Content-Security-Policy` keeps it: the development-only GraphiQL page does
(`gql/app.py`), because it needs an inline bootstrap script.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The portal's policy: everything from our own origin, nothing inline, no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

#: `HEADERS` as the ASGI message carries them (lower-case names, bytes).
_RAW_HEADERS = tuple((name.lower().encode(), value.encode()) for name, value in HEADERS.items())


class SecurityHeaders:
    """Adds `HEADERS` to every HTTP response that does not already set them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # raw pairs, appended once: MutableHeaders rescans the list per header set
                raw = list(message.get("headers") or ())
                present = {name.lower() for name, _ in raw}
                raw += [pair for pair in _RAW_HEADERS if pair[0] not in present]
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)
