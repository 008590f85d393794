"""Regenerate the portal docs' screenshots (docs/claims-page.png, docs/transaction-panel.png)
and report Chromium console errors and axe-core violations (e2e/axe.py) on every portal
page.

Usage: start a demo server on the manual's date, then run this against it:

    QSM_CLOCK=2021-08-03T10:00:00+09:00 DATABASE_URL=sqlite:///tmp/shot.sqlite3 qsm migrate
    QSM_CLOCK=... DATABASE_URL=... qsm seed --demo
    QSM_CLOCK=... DATABASE_URL=... qsm serve --port 8765 &
    .venv/bin/python -m e2e.screenshots http://127.0.0.1:8765

Exits 1 when a page logged a console error or axe found a violation (so it doubles as a
smoke check).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, sync_playwright

from e2e.axe import AxeWatch

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS = Path(__file__).resolve().parent.parent / "docs"


def _login(page: Page, base: str, login_id: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_test_id("login-id").fill(login_id)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state("networkidle")


def main(base: str) -> int:
    errors: list[str] = []
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
        page = context.new_page()
        a11y = AxeWatch(base)
        a11y.watch(context)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        _login(page, base, "shop1", "shop1-pass")
        page.get_by_test_id("menu-claims").click()
        page.wait_for_load_state("networkidle")
        page.get_by_test_id("grid-RETURN_REQUESTED").click()
        page.get_by_test_id("claim-row-638452888").wait_for()
        page.screenshot(path=str(DOCS / "claims-page.png"), full_page=True)
        a11y.check_all()

        page.get_by_test_id("claim-row-638452888").dblclick()
        panel = page.get_by_test_id("panel")
        panel.wait_for()
        page.get_by_test_id("withdrawal-select").select_option("Y")
        page.get_by_test_id("withdrawal-message").fill("商品已经发出，请撤回退货申请。")
        panel.screenshot(path=str(DOCS / "transaction-panel.png"))
        a11y.check_all()

        for path in ("/portal", "/portal/memos", "/portal/inquiries/new?order_no=638452888"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            a11y.check_all()
        context.clear_cookies()
        _login(page, base, "buyer1", "buyer1-pass")
        page.goto(base + "/myqoo10")
        page.wait_for_load_state("networkidle")
        a11y.check_all()
        browser.close()
    for line in errors:
        print("console error:", line, file=sys.stderr)
    for violation in a11y.violations:
        print("accessibility:", violation, file=sys.stderr)
    print(
        f"screenshots in {DOCS}; {len(errors)} console error(s); "
        f"{len(a11y.violations)} accessibility violation(s)"
    )
    return 1 if errors or a11y.violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"))
