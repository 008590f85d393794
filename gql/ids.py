"""Opaque global IDs (`base64("Claim:12")`), so clients never build or guess row ids."""

from __future__ import annotations

import base64
import binascii
from binascii import b2a_base64

from models.errors import not_found
from models.messages import input_refusal

#: Longer strings are refused before decoding (no base64 work on megabyte inputs).
MAX_ID_LENGTH = 100
#: The largest row id (32-bit integer primary keys).
MAX_PK = 2**31 - 1


def encode(type_name: str, pk: int) -> str:
    """The global ID of a row: stable, opaque, and naming its type.

    `binascii` directly: `base64.b64encode` is a Python wrapper around the same call, and
    the claims page encodes two ids per row (the same text either way)."""
    return b2a_base64(f"{type_name}:{pk}".encode(), newline=False).decode("ascii")


def parse(global_id: str) -> tuple[str, int] | None:
    """`(type name, row id)` of a well-formed ID, else None (garbage, not one of ours).

    Why not raising: `node(id:)` answers null for garbage exactly as for a missing row,
    while the mutations (`decode`) tell the client it sent garbage.
    """
    if not global_id or len(global_id) > MAX_ID_LENGTH:
        return None
    try:
        raw = base64.b64decode(global_id.encode("ascii"), validate=True).decode("utf-8")
        kind, _, pk_text = raw.partition(":")
        return kind, int(pk_text)
    except (ValueError, binascii.Error, UnicodeError):
        return None


def in_range(pk: int) -> bool:
    """A row id our integer primary keys can hold (a larger one would fail in the query)."""
    return 0 < pk <= MAX_PK


def decode(global_id: str, type_name: str, field: str = "id") -> int:
    """The row id behind `global_id`.

    A string that is not one of our IDs is INVALID_INPUT (the client sent garbage); a
    well-formed ID of another type is NOT_FOUND, like an ID of a row that does not exist.
    """
    parsed = parse(global_id)
    if parsed is None:
        raise input_refusal(field, "id.foreign")
    kind, pk = parsed
    if kind != type_name or not in_range(pk):
        raise not_found(type_name, field)
    return pk
