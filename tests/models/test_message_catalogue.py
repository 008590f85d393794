"""Every refusal sentence exists in zh, ja and en, each in its own language: no English
page shows Chinese, and no sentence is two languages joined with a slash."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest

from models import enums
from models.enums import ClaimStatus, Lang, NotificationKind, WithdrawalState
from models.errors import DomainError, ErrorCode, not_found
from models.messages import (
    INPUT_TEMPLATES,
    NOTICE_TEMPLATES,
    TEMPLATES,
    keyed_refusal,
    localized,
    notice_text,
    refusal,
)

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
#: "中文。/ English" — the inline bilingual style the catalogues replace.
BILINGUAL = re.compile(r"[。！？]\s*/\s*[A-Z][a-z]")

#: The languages a person reads the portal and the API in.
UI_LANGS = {Lang.ZH, Lang.JA, Lang.EN}

CATALOGUE = {
    **{str(k): v for k, v in TEMPLATES.items()},
    **INPUT_TEMPLATES,
    **{f"notice.{k}": v for k, v in NOTICE_TEMPLATES.items()},
}


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

    from tests.gql.helpers import PRODUCTION
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


# --- every refusal and notice code, rendered (issue 11, point 4) -------------------------

#: Sample values for the parameters sentences take: digits, dates and ASCII only, so any
#: letters of another script in a rendering come from the catalogue, not from the sample.
SAMPLE_PARAMS = {
    "order_no": "638452888",
    "deadline": "2021/08/09",
    "allowed_on": "2021/08/04",
    "inquiry_path": "x",
    "seconds": "30",
    "max": "100",
    "min": "2000/01/01",
    "count": "120",
    "length": "120",
    "max_mb": "5",
    "message": "",
    "title": "",
    "on": "2021/08/05",
    "round": "2",
    # webhooks (docs/webhooks.md)
    "host": "example.com",
    "value": "x.y",
    "url": "https://example.com/hooks",
}
#: Every code of every domain enum: a sentence shows labels, never one of these.
RAW_NAMES = re.compile(
    r"\b("
    + "|".join(
        sorted(
            {
                member.value
                for enum in vars(enums).values()
                if isinstance(enum, type) and issubclass(enum, StrEnum) and enum is not Lang
                for member in enum
                if member.value.isupper() and len(member.value) > 3
            }
            | {code.value for code in ErrorCode},
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
#: A slash between a word of one script and a word of another ("取消。/ Cancel"),
#: the brand name aside.
MIXED_SLASH = re.compile(
    r"[\u3000-\u9fff\uff00-\uffef]\s*/\s*[A-Za-z]|[A-Za-z]\s*/\s*[\u3000-\u9fff]"
)


def _renderings() -> list[tuple[str, Lang, str]]:
    """(what, language, sentence) for every error code, every catalogue key, every status
    and state a sentence can name, and every notice kind."""
    errors: list[tuple[str, DomainError]] = []
    for code in ErrorCode:
        if code in TEMPLATES:
            template = " ".join(TEMPLATES[code].values())
            if "{status" in template:
                errors += [
                    (f"{code}/{s}", refusal(code, status=s, **SAMPLE_PARAMS)) for s in ClaimStatus
                ]
            elif "{state" in template:
                errors += [
                    (f"{code}/{s}", refusal(code, state=s, **SAMPLE_PARAMS))
                    for s in WithdrawalState
                ]
            else:
                errors.append((str(code), refusal(code, **SAMPLE_PARAMS)))
        if "{" not in " ".join(TEMPLATES.get(code, {}).values()):
            # raised without a catalogue key, it still reads in the reader's language
            errors.append((f"{code}/bare", DomainError(code, "English detail.", field="x")))
    for key in INPUT_TEMPLATES:
        errors += [
            (
                f"{key}/{s}",
                keyed_refusal(ErrorCode.INVALID_INPUT, key, "x", status=s, **SAMPLE_PARAMS),
            )
            for s in ClaimStatus
        ]
    errors += [(f"not_found/{w}", not_found(w)) for w in ("Claim", "Order", "Memo", "Other")]
    rendered = [(what, lang, localized(error, lang)) for what, error in errors for lang in UI_LANGS]
    rendered += [
        (f"notice/{kind}", lang, notice_text(kind, SAMPLE_PARAMS, lang))
        for kind in NotificationKind
        for lang in UI_LANGS
    ]
    return rendered


def test_every_code_renders_in_each_language_in_its_own_script():
    bad = []
    for what, lang, text in _renderings():
        if lang == Lang.EN and text == "English detail.":
            continue  # a bare INVALID_INPUT in en is its own English message
        plain = text.replace("Qoo10", "")
        if lang == Lang.EN and CJK.search(plain):
            bad.append((what, lang, text, "CJK in en"))
        if lang == Lang.ZH and KANA.search(plain):
            bad.append((what, lang, text, "kana in zh"))
        if lang != Lang.EN and not CJK.search(plain):
            bad.append((what, lang, text, f"no {lang} text"))
        if RAW_NAMES.search(text):
            bad.append((what, lang, text, "raw enum name"))
        if BILINGUAL.search(text) or MIXED_SLASH.search(plain):
            bad.append((what, lang, text, "slash-joined bilingual"))
    assert not bad, bad


def test_every_error_code_has_a_sentence():
    """INVALID_INPUT's sentences are per key; every other code has its own."""
    assert set(ErrorCode) - set(TEMPLATES) == {ErrorCode.INVALID_INPUT}
    assert set(NOTICE_TEMPLATES) == set(NotificationKind)
    for by_lang in NOTICE_TEMPLATES.values():
        assert set(by_lang) >= UI_LANGS


def test_a_notice_written_before_notices_kept_parameters_shows_its_stored_text():
    assert notice_text(NotificationKind.WITHDRAWAL_EXPIRED, None, Lang.EN, "旧") == "旧"
