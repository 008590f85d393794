"""zh / ja / en: complete catalogues, no text in templates, a remembered switch."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.helpers import csrf_of, has, text
from web import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def test_catalogues_have_the_same_keys():
    zh = set(i18n.catalogue("zh"))
    assert set(i18n.catalogue("ja")) == zh
    assert set(i18n.catalogue("en")) == zh


def test_every_key_a_template_uses_exists():
    used: set[str] = set()
    for path in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"""\bt\(["']([a-zA-Z0-9_.]+)["'][,)]""", path.read_text()))
    assert used, "templates use t()"
    # keys built from a prefix (col.~key) are checked by the pages that render them
    used = {key for key in used if not key.endswith(".")}
    assert used - set(i18n.catalogue("zh")) == set()


def test_templates_hold_no_chinese_or_japanese_text():
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in TEMPLATES.rglob("*.html")
        for line in path.read_text().splitlines()
        if _CJK.search(line) and not line.strip().startswith("{#")
    ]
    assert offenders == []


def test_htmx_is_vendored_with_its_version_in_the_name():
    vendored = list((STATIC / "vendor").glob("htmx-2.0.*.min.js"))
    assert len(vendored) == 1
    version = vendored[0].name.removeprefix("htmx-").removesuffix(".min.js")
    assert f'version:"{version}"' in vendored[0].read_text()
    assert vendored[0].name in (TEMPLATES.parent / "render.py").read_text()


async def test_language_switch_is_remembered(seller):
    page = await seller.get("/portal/claims")
    assert all(has(page.text, f"lang-{code}") for code in ("zh", "ja", "en"))
    switched = await seller.post(
        "/lang", data={"csrf_token": csrf_of(page.text), "lang": "ja", "next": "/portal/claims"}
    )
    assert switched.status_code == 303 and switched.headers["location"] == "/portal/claims"
    assert "qsm_lang=ja" in switched.headers["set-cookie"]
    ja = await seller.get("/portal/claims")
    assert text(ja.text, "claims-title") == "キャンセル&未受取"
    assert text(ja.text, "menu-claims") == "キャンセル/返品/未受取"
    assert '<html lang="ja">' in ja.text
    # stays Japanese on the next pages
    panel = await seller.get("/portal/orders/638452888")
    assert text(panel.text, "btn-request") == "返品の撤回要請"
    en_switch = await seller.post(
        "/lang", data={"csrf_token": csrf_of(panel.text), "lang": "en", "next": "/portal/claims"}
    )
    assert en_switch.status_code == 303
    en = await seller.get("/portal/claims?cell=RETURN_REQUESTED")
    assert text(en.text, "claims-title") == "Cancel & non-receipt"
    assert "Return Return requested" in text(en.text, "claim-row-638452888")


async def test_language_switch_needs_csrf_and_ignores_unknown_languages(client):
    login_page = await client.get("/login")
    assert text(login_page.text, "login-submit") == "登录"
    assert (await client.post("/lang", data={"lang": "ja"})).status_code == 403
    unknown = await client.post(
        "/lang", data={"csrf_token": csrf_of(login_page.text), "lang": "xx", "next": "/login"}
    )
    assert "qsm_lang=zh" in unknown.headers["set-cookie"]
    await client.post(
        "/lang", data={"csrf_token": csrf_of(login_page.text), "lang": "en", "next": "//evil"}
    )
    english = await client.get("/login")
    assert text(english.text, "login-submit") == "Sign in"


async def test_wrong_password_message_in_english(client):
    client.cookies.set("qsm_lang", "en")
    page = await client.get("/login")
    response = await client.post(
        "/login", data={"login_id": "shop1", "password": "x", "csrf_token": csrf_of(page.text)}
    )
    assert text(response.text, "login-error") == "The login ID or password is incorrect."
