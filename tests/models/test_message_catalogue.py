"""Every refusal sentence exists in zh, ja and en, each in its own language: no English
page shows Chinese, and no sentence is two languages joined with a slash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.enums import Lang
from models.messages import INPUT_TEMPLATES, TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
#: "中文。/ English" — the inline bilingual style the catalogues replace.
BILINGUAL = re.compile(r"[。！？]\s*/\s*[A-Z][a-z]")

#: The languages a person reads the portal and the API in.
UI_LANGS = {Lang.ZH, Lang.JA, Lang.EN}

CATALOGUE = {**{str(k): v for k, v in TEMPLATES.items()}, **INPUT_TEMPLATES}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_each_sentence_in_each_language_and_only_that(key: str):
    by_lang = CATALOGUE[key]
    assert set(by_lang) >= UI_LANGS, f"{key} misses {UI_LANGS - set(by_lang)}"
    assert not CJK.search(by_lang[Lang.EN]), by_lang[Lang.EN]
    assert not KANA.search(by_lang[Lang.ZH]), by_lang[Lang.ZH]
    assert CJK.search(by_lang[Lang.ZH]) and CJK.search(by_lang[Lang.JA])
    for text in by_lang.values():
        assert not BILINGUAL.search(text), text


def test_no_bilingual_sentence_is_written_inline_in_the_code():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("models", "access", "gql", "web")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BILINGUAL.search(line)
    ]
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "请以卖家身份登录。"),
        ("ja", "販売者としてログインしてください。"),
        ("en", "Sign in as a seller"),
    ],
)
async def test_the_api_asks_for_a_sign_in_in_the_callers_language(db, lang, expected):
    """UNAUTHENTICATED used to be one zh/en sentence whatever the caller's language."""
    import httpx

    from tests.gql.conftest import PRODUCTION
    from web.app import create_app

    transport = httpx.ASGITransport(app=create_app(PRODUCTION, init_db=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post(
            "/graphql",
            json={"query": "{ claimStatusCounts { withdrawalRequested } }"},
            headers={"Accept-Language": lang},
        )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"].startswith(expected), error["message"]
