"""The list's [Excel] download: the selected rows, or every matching row, as .xlsx.

The sheet itself (its rows, dates, frozen header, autofilter, widths, neutralised
formulas) is built in `models.screens.claim_sheet`, below both surfaces, because the
export job builds it in `qsm worker` too (docs/exports.md). Here: the below-threshold
download, built in another process (`models.jobs.offloop`, never on the serving event
loop) into a temporary file that is streamed and then deleted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from starlette.responses import StreamingResponse

from models.jobs import offloop
from models.screens.claim_sheet import XLSX, SheetSpec

CHUNK = 64 * 1024


def file_chunks(path: Path, *, delete: bool) -> Iterator[bytes]:
    """The file in chunks (Starlette iterates a sync iterator in its thread pool)."""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    finally:
        if delete:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def xlsx_headers(filename: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }


async def xlsx_response(spec: SheetSpec) -> StreamingResponse:
    """The sheet, built now in a pool process, as an attachment."""
    path = Path(
        await offloop.run("models.ops.exports:build_direct", spec.to_json(), spec.seller_id)
    )
    filename = f"claims-{spec.today.strftime('%Y%m%d')}.xlsx"
    return StreamingResponse(
        file_chunks(path, delete=True), media_type=XLSX, headers=xlsx_headers(filename)
    )
