"""Browser-suite fixtures: Debian's Chromium, a live server per test module standing on the
chapter's date, manual steps with screenshots, and console errors failing the test.

A module sets `CLOCK = "<ISO instant>"` for its server (default: chapter 1's 2021-08-03).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from e2e import report
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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "locale": "zh-CN"}


def pytest_sessionstart(session: pytest.Session) -> None:
    report.reset()


def pytest_sessionfinish(session: pytest.Session) -> None:
    index = report.write_index()
    print(f"\nmanual-step screenshots: {index}")


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    clock = getattr(request.module, "CLOCK", DEFAULT_CLOCK)
    with live_server(clock) as live:
        yield live


class ConsoleWatch:
    """Collects console errors and uncaught page errors of every page it watches."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page: Page) -> Page:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
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
def page(page: Page, console: ConsoleWatch, server: LiveServer) -> Page:
    """The seller's page, watched for console errors, with the server as base URL."""
    page.set_default_timeout(10_000)
    return console.watch(page)


@pytest.fixture
def open_page(
    browser: Browser, console: ConsoleWatch, server: LiveServer
) -> Iterator[Callable[[], Page]]:
    """Another person's browser (e.g. the buyer's): a separate context, also watched."""
    contexts: list[BrowserContext] = []

    def factory() -> Page:
        context = browser.new_context(
            base_url=server.base_url, viewport={"width": 1400, "height": 1000}
        )
        contexts.append(context)
        new = context.new_page()
        new.set_default_timeout(10_000)
        return console.watch(new)

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def base_url(server: LiveServer) -> str:
    return server.base_url


@pytest.fixture
def step(
    request: pytest.FixtureRequest, page: Page
) -> Callable[..., contextlib.AbstractContextManager]:
    """`with step("2", "点击「撤回索赔要请」选择Y…"):` runs one manual step and screenshots it."""
    marks = [
        m.name
        for m in request.node.iter_markers()
        if m.name.startswith(("ch", "start", "expiry", "i18n"))
    ]
    chapter = marks[0] if marks else request.module.__name__.rsplit(".", 1)[-1]
    test_name = request.node.name

    @contextlib.contextmanager
    def run(number: str, text: str, on: Page | None = None) -> Iterator[None]:
        target = on or page
        passed = False
        try:
            yield
            passed = True
        finally:
            path = report.screenshot_path(chapter, test_name, number)
            with contextlib.suppress(Exception):
                target.screenshot(path=str(path), full_page=True)
            report.record(report.StepRecord(chapter, test_name, number, text, str(path), passed))

    return run
