"""Opaque global IDs (`base64("Claim:12")`), so clients never build or guess row ids."""

from __future__ import annotations

import base64
import binascii

from models.errors import not_found
from models.messages import input_refusal

#: Longer strings are refused before decoding (no base64 work on megabyte inputs).
MAX_ID_LENGTH = 100


def encode(type_name: str, pk: int) -> str:
    """The global ID of a row: stable, opaque, and naming its type."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode(global_id: str, type_name: str, field: str = "id") -> int:
    """The row id behind `global_id`.

    A string that is not one of our IDs is INVALID_INPUT (the client sent garbage); a
    well-formed ID of another type is NOT_FOUND, like an ID of a row that does not exist.
    """
    if not global_id or len(global_id) > MAX_ID_LENGTH:
        raise input_refusal(field, "id.foreign")
    try:
        raw = base64.b64decode(global_id.encode("ascii"), validate=True).decode("utf-8")
        kind, _, pk_text = raw.partition(":")
        pk = int(pk_text)
    except (ValueError, binascii.Error, UnicodeError):
        raise input_refusal(field, "id.foreign") from None
    if kind != type_name or pk <= 0 or pk > 2**31 - 1:
        raise not_found(type_name, field)
    return pk
