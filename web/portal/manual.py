"""The seller manual (如何撤销各种投诉) as a portal page: where the inquiry form's
"※ 可以查看Qoo10 卖家手册，点击这里" leads.

Why a small reader of our own: the manual is plain Markdown with tab-separated screenshot
tables and a little inline HTML; a Markdown library would be a new dependency for one
page. Everything is escaped; inline tags are dropped (their text kept), links keep their
words, and the manual's own `#` links lead nowhere, so they are not links here.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from web.render import error_page, render

#: The manual this portal follows, kept with the specs (docs/spec/).
MANUAL_PATH = (
    Path(__file__).resolve().parents[2] / "docs" / "spec" / "claim-withdrawal-manual.zh.md"
)

_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"^<(https?://[^>\s]+)>$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    """One line's text as safe HTML: tags dropped, [words](#) as words, **bold**."""
    plain = _LINK.sub(r"\1", _TAG.sub(" ", text)).strip()
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(plain))


def render_manual(source: str) -> str:
    """The manual's Markdown as HTML: headings, paragraphs, lists and tab tables."""
    out: list[str] = []
    table: list[list[str]] = []
    items: list[str] = []

    def flush() -> None:
        if table:
            rows = "".join(
                "<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>"
                for row in table
            )
            out.append(f'<table class="info manual-table">{rows}</table>')
            table.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in source.splitlines():
        line = raw.rstrip(" \r\n")  # trailing tabs are a table row's empty cells
        if "\t" in line and line.strip():
            if items:
                flush()
            table.append(line.split("\t"))
            continue
        flush()
        stripped = line.strip()
        if not stripped:
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        autolink = _AUTOLINK.match(stripped)
        if heading:
            level = min(len(heading.group(1)) + 1, 4)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif autolink:
            url = html.escape(autolink.group(1))
            out.append(f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>')
        elif stripped.startswith(("- ", "• ")):
            items.append(stripped[2:])
        else:
            out.append(f"<p>{_inline(stripped)}</p>")
    flush()
    return "\n".join(out)


@cache
def _manual_html() -> str | None:
    try:
        return render_manual(MANUAL_PATH.read_text(encoding="utf-8"))
    except OSError:
        return None


async def show(request: Request) -> Response:
    body = _manual_html()
    if body is None:
        return await error_page(request, 404, "error.not_found")
    return render(request, "pages/manual.html", {"manual_html": Markup(body)})
