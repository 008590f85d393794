"""Memo attachments: size-capped, type checked by content, stored under generated names."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from models import policy
from models.errors import invalid

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the user gave and its bytes."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str


def upload_dir() -> Path:
    path = Path(os.environ.get("QSM_UPLOAD_DIR", "data/uploads")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff(content: bytes) -> str | None:
    for magic, content_type in _SIGNATURES:
        if content.startswith(magic):
            return content_type
    return None


def store(upload: Upload, field: str = "attachment") -> StoredFile:
    """Check and store a file; the stored name is random, so no path can be injected."""
    if not upload.content:
        raise invalid(field, "The file is empty.")
    if len(upload.content) > policy.ATTACHMENT_MAX_BYTES:
        raise invalid(
            field, f"The file is larger than {policy.ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB."
        )
    content_type = sniff(upload.content)
    if content_type not in policy.ATTACHMENT_TYPES:
        raise invalid(field, "Only PNG, JPEG, GIF and PDF files are accepted.")
    stored_name = secrets.token_hex(16) + policy.ATTACHMENT_TYPES[content_type]
    (upload_dir() / stored_name).write_bytes(upload.content)
    original = Path(upload.filename or "file").name[:255] or "file"
    return StoredFile(original, stored_name, content_type)


def open_stored(stored_name: str) -> Path | None:
    """The path of a stored file, or None for a name we did not generate."""
    if not stored_name or Path(stored_name).name != stored_name:
        return None
    path = upload_dir() / stored_name
    return path if path.is_file() else None
