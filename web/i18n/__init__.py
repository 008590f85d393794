"""UI strings in zh (the manual's words, the default), ja and en, read from JSON catalogues.

Templates never spell a label out: they call `t("key")`, so a wording change is one line in
one catalogue, and a missing key shows up in the catalogue test rather than on a page.
Enum labels (statuses, reasons, …) come from `models.labels` instead, shared with the API.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import HTTPConnection

from models.catalogue import DEFAULT_LANG, LANGS, catalogue, translate

#: Remembers the chosen UI language across visits (not HTTP-only: nothing secret in it).
LANG_COOKIE = "qsm_lang"
#: How each language names itself on the switch.
LANG_NAMES = {"zh": "中文", "ja": "日本語", "en": "English"}

Translator = Callable[..., str]


__all__ = ["DEFAULT_LANG", "LANGS", "catalogue", "translate"]


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
