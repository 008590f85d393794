"""Browser-suite fixtures: Debian's Chromium, a live server per test module standing on the
chapter's date, manual steps with screenshots, and console errors failing the test.

A module sets `CLOCK = "<ISO instant>"` for its server (default: chapter 1's 2021-08-03).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import playwright
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from e2e import axe, report
from e2e.axe import AxeWatch
from e2e.data import BUYER, SELLER, Account
from e2e.pages import LoginPage
from e2e.server import LiveServer, live_server

CHROMIUM = "/usr/bin/chromium"
DEFAULT_CLOCK = "2021-08-03T10:00:00+09:00"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium; Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args: dict, server: LiveServer) -> dict:
    """Every page of a module talks to that module's server (module scope: the plugin's own
    session-scoped `base_url` cannot see a per-module server)."""
    return {
        **browser_context_args,
        "base_url": server.base_url,
        "viewport": {"width": 1400, "height": 1000},
        "locale": "zh-CN",
    }


def _ffmpeg_revision() -> str:
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entries = json.loads(browsers.read_text())["browsers"]
    return next(entry["revision"] for entry in entries if entry["name"] == "ffmpeg")


def _provide_video_ffmpeg(config: pytest.Config) -> None:
    """Playwright records videos with its own ffmpeg build, which cannot be downloaded here.

    When Debian's ffmpeg is installed (`apt-get install ffmpeg`), Playwright is pointed at
    it through a browsers folder of our own (Chromium itself comes from executable_path);
    otherwise videos are turned off with a warning (traces and screenshots stay on)."""
    if config.getoption("--video", "off") == "off":
        return
    revision = _ffmpeg_revision()
    home = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache/ms-playwright"))
    if (home / f"ffmpeg-{revision}" / "ffmpeg-linux").exists():
        return
    system_ffmpeg = shutil.which("ffmpeg")
    if system_ffmpeg is None:
        config.option.video = "off"
        warnings.warn(
            "no ffmpeg: failure videos are off (apt-get install ffmpeg to keep them)",
            stacklevel=1,
        )
        return
    own = report.RESULTS.parent / ".venv" / "playwright-browsers"
    link = own / f"ffmpeg-{revision}" / "ffmpeg-linux"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(system_ffmpeg)
    os.environ["PLAYWRIGHT_BROWSERS_PATH"] = str(own)


def pytest_configure(config: pytest.Config) -> None:
    # --output (traces, videos, screenshots of failures) is relative to the repository,
    # whatever directory pytest was started from.
    output = Path(config.getoption("--output", "e2e-results/failures"))
    if not output.is_absolute():
        config.option.output = str(report.RESULTS.parent / output)
    _provide_video_ffmpeg(config)


def pytest_sessionstart(session: pytest.Session) -> None:
    report.reset()


def pytest_sessionfinish(session: pytest.Session) -> None:
    index = report.write_index()
    print(f"\nmanual-step screenshots: {index}")
    print(axe.summary())


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    clock = getattr(request.module, "CLOCK", DEFAULT_CLOCK)
    with live_server(clock) as live:
        yield live


class ConsoleWatch:
    """Collects console errors and uncaught page errors of every page it watches."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allowed_statuses: set[int] = set()

    def allow_status(self, status: int) -> None:
        """The test expects the server to answer `status` (e.g. 409 for a refusal shown in
        words): Chromium's "Failed to load resource" line for it is not an error then."""
        self.allowed_statuses.add(status)

    def _expected(self, text: str) -> bool:
        return any(
            text.startswith(f"Failed to load resource: the server responded with a status of {s} ")
            for s in self.allowed_statuses
        )

    def watch(self, page: Page) -> Page:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error" and not self._expected(message.text):
                self.errors.append(f"console: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        return page


@pytest.fixture
def console() -> Iterator[ConsoleWatch]:
    watch = ConsoleWatch()
    yield watch
    assert not watch.errors, "browser console errors:\n" + "\n".join(watch.errors)


@pytest.fixture
def a11y(server: LiveServer) -> Iterator[AxeWatch]:
    """axe-core on every screen of the test (e2e/axe.py): `step` and the browsers' teardown
    run it; any violation fails the test, listed with rule, impact, selector and page."""
    watch = AxeWatch(server.base_url)
    yield watch
    assert not watch.violations, watch.report()


@pytest.fixture
def page(page: Page, console: ConsoleWatch, server: LiveServer, a11y: AxeWatch) -> Iterator[Page]:
    """The seller's page, watched for console errors and judged by axe, with the server as
    base URL."""
    page.set_default_timeout(10_000)
    a11y.watch(page.context)
    yield console.watch(page)
    a11y.check_all()


@pytest.fixture
def open_page(
    browser: Browser, console: ConsoleWatch, server: LiveServer, a11y: AxeWatch
) -> Iterator[Callable[..., Page]]:
    """Another person's browser (e.g. the buyer's): a separate context, also watched."""
    contexts: list[BrowserContext] = []

    def factory(**options: Any) -> Page:
        """`options` are Playwright's context options (e.g. a phone's viewport)."""
        context = browser.new_context(
            base_url=server.base_url,
            **{"viewport": {"width": 1400, "height": 1000}, **options},
        )
        contexts.append(context)
        a11y.watch(context)
        new = context.new_page()
        new.set_default_timeout(10_000)
        return console.watch(new)

    yield factory
    a11y.check_all()
    for context in contexts:
        context.close()


def suite_of(request: pytest.FixtureRequest) -> tuple[str, str]:
    """The suite a test belongs to for the report: its first marker declared in
    e2e/pytest.ini (chapter or capability) and that marker's description as the title;
    an unmarked test is filed under its module."""
    described = dict(line.split(":", 1) for line in request.config.getini("markers") if ":" in line)
    for mark in request.node.iter_markers():
        if mark.name in described:
            return mark.name, described[mark.name].strip()
    module = request.module.__name__.rsplit(".", 1)[-1]
    return module, (request.module.__doc__ or "").strip().split("\n", 1)[0]


@pytest.fixture
def step(
    request: pytest.FixtureRequest, page: Page, a11y: AxeWatch
) -> Callable[..., contextlib.AbstractContextManager]:
    """`with step("2", "点击「撤回索赔要请」选择Y…"):` runs one manual step, screenshots it
    and lets axe judge the screens it left (every page of the test's browsers)."""
    chapter, title = suite_of(request)
    test_name = request.node.name

    @contextlib.contextmanager
    def run(number: str, text: str, on: Page | None = None) -> Iterator[None]:
        target = on or page
        passed = False
        found: list[str] = []
        try:
            yield
            passed = True
        finally:
            path = report.screenshot_path(chapter, test_name, number)
            with contextlib.suppress(Exception):
                target.screenshot(path=str(path), full_page=True)
            if passed:
                found = [str(v) for v in a11y.check_all()]
            report.record(
                report.StepRecord(chapter, test_name, number, text, str(path), passed, title, found)
            )

    return run


def log_in(page: Page, account: Account) -> Page:
    """Sign `account` in on `page` through the login form."""
    LoginPage(page).open().log_in(account.login_id, account.password)
    return page


class Sessions:
    """One sign-in per role and module (Argon2 is slow on purpose): the session cookies are
    handed to each test's fresh browser context."""

    def __init__(self, browser: Browser, server: LiveServer) -> None:
        self.browser = browser
        self.server = server
        self.cookies: dict[str, list] = {}

    def cookies_for(self, account: Account) -> list:
        if account.login_id not in self.cookies:
            context = self.browser.new_context(base_url=self.server.base_url)
            try:
                log_in(context.new_page(), account)
                self.cookies[account.login_id] = context.cookies()
            finally:
                context.close()
        return self.cookies[account.login_id]

    def sign_in(self, page: Page, account: Account, start: str) -> Page:
        """Give `page` the account's session and open `start`."""
        page.context.add_cookies(self.cookies_for(account))
        page.goto(start)
        return page


@pytest.fixture(scope="module")
def sessions(browser: Browser, server: LiveServer) -> Sessions:
    return Sessions(browser, server)


@pytest.fixture
def seller(page: Page, sessions: Sessions) -> Page:
    """The seller shop1 (SELLER SHOP TI), signed in on the test's main page."""
    return sessions.sign_in(page, SELLER, "/portal")


@pytest.fixture
def buyer(open_page: Callable[..., Page], sessions: Sessions) -> Page:
    """The buyer buyer1, signed in in a browser of their own, on MyQoo10."""
    return sessions.sign_in(open_page(), BUYER, "/myqoo10")
