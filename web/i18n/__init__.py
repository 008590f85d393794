"""UI strings in zh (the manual's words, the default), ja and en, read from JSON catalogues.

Templates never spell a label out: they call `t("key")`, so a wording change is one line in
one catalogue, and a missing key shows up in the catalogue test rather than on a page.
Enum labels (statuses, reasons, …) come from `models.labels` instead, shared with the API.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from starlette.requests import HTTPConnection

LANGS: tuple[str, ...] = ("zh", "ja", "en")
DEFAULT_LANG = "zh"
#: Remembers the chosen UI language across visits (not HTTP-only: nothing secret in it).
LANG_COOKIE = "qsm_lang"
#: How each language names itself on the switch.
LANG_NAMES = {"zh": "中文", "ja": "日本語", "en": "English"}

_DIR = Path(__file__).parent

Translator = Callable[..., str]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of one language (cached: the files do not change while serving)."""
    with (_DIR / f"{lang}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def translate(lang: str, key: str, **params: object) -> str:
    """The text of `key` in `lang`, else in zh, else the key itself (visible, never a 500)."""
    text = catalogue(lang).get(key) if lang in LANGS else None
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**params) if params else text


def translator(lang: str) -> Translator:
    def t(key: str, **params: object) -> str:
        return translate(lang, key, **params)

    return t


def normalize(lang: str | None) -> str:
    value = (lang or "").strip().lower()
    return value if value in LANGS else DEFAULT_LANG


def request_lang(conn: HTTPConnection) -> str:
    """The language remembered in the cookie, zh when none (or an unknown one) is set."""
    return normalize(conn.cookies.get(LANG_COOKIE))
