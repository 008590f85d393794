"""Portal test helpers: the real app over ASGI, signed in through the login form, and
readers of the pages by data-testid."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx

from access.settings import Settings
from web.app import create_app

#: The list's columns as the manual's chapter 2 shows them, plus the triage columns 撤回索赔
#: and 客户回应期限 (issue 12); the Excel sheet has the same.
MANUAL_LIST_COLUMNS = [
    "处理状态",
    "撤回索赔",
    "取消退货完成日",
    "取消退货理由",
    "未收到原因",
    "要求日",
    "客户回应期限",
    "退货收货方式",
    "订购日",
    "发货日",
    "订购号码",
    "购物车号码",
    "商品代码",
    "卖家商品代码",
]


_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def make_client() -> httpx.AsyncClient:
    settings = Settings(env="production", clock_control=False, sweep_interval=0, secret_key="test")
    app = create_app(settings, init_db=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def login(client: httpx.AsyncClient, login_id: str, password: str) -> httpx.Response:
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"login_id": login_id, "password": password, "csrf_token": csrf_of(page.text)},
    )


async def token(client: httpx.AsyncClient, path: str = "/portal") -> str:
    """The CSRF token of the signed-in session, read from a page like a browser would."""
    return csrf_of((await client.get(path)).text)


class _TestIdText(HTMLParser):
    """Collects the text inside every element carrying data-testid=<wanted>."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.found: list[str] = []
        self._stack: list[int | None] = []  # index into found, per open element
        self.attrs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        mapping = dict(attrs)
        hit = mapping.get("data-testid") == self.wanted
        if hit:
            self.attrs.append(mapping)
        if tag in self.VOID:
            if hit:
                self.found.append("")
            return
        if hit:
            self.found.append("")
            self._stack.append(len(self.found) - 1)
        else:
            self._stack.append(None)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        for index in {i for i in self._stack if i is not None}:
            self.found[index] += data


def texts(html: str, testid: str) -> list[str]:
    """Whitespace-normalised text of each element with that data-testid."""
    parser = _TestIdText(testid)
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.found]


def text(html: str, testid: str) -> str:
    found = texts(html, testid)
    assert len(found) == 1, f"{testid}: expected one element, found {len(found)}"
    return found[0]


def attrs(html: str, testid: str) -> list[dict[str, str | None]]:
    parser = _TestIdText(testid)
    parser.feed(html)
    return parser.attrs


def has(html: str, testid: str) -> bool:
    return bool(attrs(html, testid))


HTMX = {"HX-Request": "true"}
