"""The Content-Security-Policy of the development-only GraphiQL page.

Why its own policy: the portal's (`web/security_headers.py`) allows no inline script, and
`gql/static/graphiql.html` needs one inline bootstrap script. It is allowed by its SHA-256
hash, computed from the file at start-up, so editing the page cannot silently open the
policy to other inline scripts. GraphiQL sets inline styles and ships fonts and icons as
`data:` URLs, so styles may be inline and fonts/images may be `data:` here (only here,
and only in development: production serves no GraphiQL at all).
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def graphiql_policy(html: str) -> str:
    """The policy for `html`: our own scripts plus the hash of each inline one."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )
