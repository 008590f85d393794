"""axe-core on every screen the browser suites reach (issue 12: "axe-core runs on every page
the e2e suites visit and finds no violations").

The `step` fixture calls `AxeWatch.check_all()` at the end of every manual step and the
`page` / `open_page` fixtures call it once more before their browsers close, so a suite
gets the checks without a line of its own. One run per distinct screen: a page is keyed by
its path and a hash of its DOM (hidden form tokens left out), and a key axe has already
judged in this session is not judged again (its violations, if any, are reported again).

The rule set — WCAG 2.0/2.1/2.2 A and AA plus axe's best practices — is explained in
e2e/README.md ("Accessibility").
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import BrowserContext, Error, Page

#: axe tags run on every screen (see e2e/README.md for why best-practice is in).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

#: The screen's identity for the cache: the DOM without the per-render hidden tokens
#: (CSRF, idempotency keys) that would make every render look new.
_DOM_KEY = """() => {
  if (document.contentType !== 'text/html') return null;
  const html = document.documentElement.outerHTML.replace(/<input[^>]*type="hidden"[^>]*>/g, '');
  let h = 0;
  for (let i = 0; i < html.length; i++) h = (Math.imul(31, h) + html.charCodeAt(i)) | 0;
  return html.length + ':' + h;
}"""

_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One failed axe rule on one screen: what a developer needs to find and fix it."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    url: str

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"[{self.impact}] {self.rule}: {self.help} — {where} — on {self.url}"


#: Playwright's words when the page navigated away during an evaluate (nothing to judge).
_NAVIGATED = re.compile(r"Execution context was destroyed|navigat|Target .*closed", re.IGNORECASE)

#: Screens judged in this session: (path?query, DOM key) -> violations (shared by all tests).
_JUDGED: dict[tuple[str, str], tuple[Violation, ...]] = {}
#: Seconds spent in axe (injecting and running) this session, for the summary line.
_SPENT = [0.0]


def summary() -> str:
    """`axe-core: 57 screens judged in 9.8 s` — what the checks cost the session."""
    return f"axe-core: {len(_JUDGED)} screens judged in {_SPENT[0]:.1f} s"


class AxeWatch:
    """Runs axe on the pages of a test's browser contexts that belong to the server under
    test, and keeps the violations it finds for the test's teardown."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.contexts: list[BrowserContext] = []
        self.violations: list[Violation] = []

    def watch(self, context: BrowserContext) -> None:
        if context not in self.contexts:
            self.contexts.append(context)

    def check_all(self) -> list[Violation]:
        """Judge every open page of the watched contexts; returns this call's new findings."""
        found: list[Violation] = []
        for context in self.contexts:
            for page in context.pages:
                found.extend(self.check(page))
        return found

    def check(self, page: Page) -> list[Violation]:
        if page.is_closed() or not page.url.startswith(self.base_url):
            return []
        url = urlsplit(page.url)
        try:
            dom = page.evaluate(_DOM_KEY)
            if dom is None:
                return []
            key = (url.path + ("?" + url.query if url.query else ""), dom)
            if key not in _JUDGED:
                started = time.monotonic()
                if not page.evaluate("() => typeof window.axe === 'object'"):
                    page.evaluate(AXE_SCRIPT)
                raw = page.evaluate(_RUN, TAGS)
                _SPENT[0] += time.monotonic() - started
                _JUDGED[key] = tuple(
                    Violation(v["id"], v["impact"] or "", v["help"], tuple(v["targets"]), key[0])
                    for v in raw
                )
        except Error as error:
            if not _NAVIGATED.search(str(error)):
                raise
            # The page navigated away while being judged: its next state is judged later.
            return []
        new = [v for v in _JUDGED[key] if v not in self.violations]
        self.violations.extend(new)
        return new

    def report(self) -> str:
        return "accessibility violations (axe-core):\n" + "\n".join(
            f"  {v}" for v in self.violations
        )
