"""The portal's word catalogues (`web/i18n/<lang>.json`), readable below both surfaces.

The files stay with the portal's templates (one place to edit a word); this loader lets
code under `models/` that renders words without a request (the export job's sheet
title and headers, built in `qsm worker`, which never imports `web`) read the same
catalogues. `web.i18n` reads them through here too.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

#: Where the catalogues live (shipped as package data of `web`).
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "web" / "i18n"
DEFAULT_LANG = "zh"
LANGS: tuple[str, ...] = ("zh", "ja", "en")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of one language (cached: the files do not change while serving)."""
    with (CATALOGUE_DIR / f"{lang}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def translate(lang: str, key: str, **params: object) -> str:
    """The text of `key` in `lang`, else in zh, else the key itself (visible, never a 500)."""
    text = catalogue(lang).get(key) if lang in LANGS else None
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**params) if params else text
