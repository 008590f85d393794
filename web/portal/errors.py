"""A domain refusal as the sentence the user reads, in the page's language."""

from __future__ import annotations

from models.errors import DomainError, ErrorCode
from models.messages import TEMPLATES, localized
from web import i18n


def error_text(error: DomainError, lang: str) -> str:
    """The domain's sentence in the page's language, prefixed with the field's label for
    input errors so the user knows what to fix."""
    if error.code in TEMPLATES:
        return localized(error, lang)
    if error.code == ErrorCode.INVALID_INPUT and error.field:
        key = f"field.{error.field}"
        name = i18n.translate(lang, key)
        if name != key:
            detail = localized(error, lang)
            return i18n.translate(lang, "error.invalid_field", field=name, detail=detail)
    return localized(error, lang)


def status_for(error: DomainError) -> int:
    if error.code == ErrorCode.NOT_FOUND:
        return 404
    if error.code == ErrorCode.INVALID_INPUT:
        return 400
    return 409
