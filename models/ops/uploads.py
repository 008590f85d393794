"""Memo attachments: size-capped, type checked by content, stored under generated names.

The content decides everything: the type (magic bytes; only `policy.ATTACHMENT_TYPES`),
the stored file's extension and the extension of the name shown and downloaded. An upload
named `evil.html` holding PNG bytes is kept as `evil.png`, `image/png`, so no browser can
be talked into treating it as a page.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from models import policy
from models.messages import input_refusal

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
#: Bytes needed to recognise any accepted type (WebP: "RIFF", size, "WEBP").
SNIFF_BYTES = 16


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
    """The content type the bytes are, by their magic number; None when not one we know."""
    for magic, content_type in _SIGNATURES:
        if content.startswith(magic):
            return content_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def sniff_file(path: Path) -> str | None:
    """The sniffed type of a stored file (downloads trust the bytes, not the database)."""
    with path.open("rb") as handle:
        return sniff(handle.read(SNIFF_BYTES))


def display_name(filename: str, content_type: str | None) -> str:
    """The user's file name without folders, with the extension of the sniffed type."""
    name = Path((filename or "").replace("\\", "/")).name.strip() or "file"
    extension = policy.ATTACHMENT_TYPES.get(content_type or "")
    if extension is None:
        return name[:255]
    stem = Path(name).stem if Path(name).suffix else name
    return (stem.strip() or "file")[: 255 - len(extension)] + extension


def store(upload: Upload, field: str = "attachment") -> StoredFile:
    """Check and store a file; the stored name is random, so no path can be injected."""
    if not upload.content:
        raise input_refusal(field, "attachment.empty")
    if len(upload.content) > policy.ATTACHMENT_MAX_BYTES:
        max_mb = str(policy.ATTACHMENT_MAX_BYTES // (1024 * 1024))
        raise input_refusal(field, "attachment.too_large", max_mb=max_mb)
    content_type = sniff(upload.content)
    if content_type is None or content_type not in policy.ATTACHMENT_TYPES:
        raise input_refusal(field, "attachment.type")
    stored_name = secrets.token_hex(16) + policy.ATTACHMENT_TYPES[content_type]
    (upload_dir() / stored_name).write_bytes(upload.content)
    return StoredFile(display_name(upload.filename, content_type), stored_name, content_type)


def open_stored(stored_name: str) -> Path | None:
    """The path of a stored file, or None for a name we did not generate."""
    if not stored_name or Path(stored_name).name != stored_name:
        return None
    path = upload_dir() / stored_name
    return path if path.is_file() else None
