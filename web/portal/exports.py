"""An export job's page: a progress bar (rows done / total, polled every second) that
turns into a download link, and the download itself (its owner only; 410 once expired).

The API's twins: `exportCreate`, `export(id)` and `Export.url` (docs/exports.md).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from models.entities import Export, Seller
from models.enums import ExportStatus
from models.ops import exports
from models.policy import BUSINESS_TZ, EXPORT_KEEP_HOURS
from models.screens.claim_sheet import XLSX
from web.guards import seller_only
from web.portal.excel import file_chunks, xlsx_headers
from web.render import error_page, render, ymdhms

#: How often the progress fragment asks again while the job runs (seconds).
POLL_SECONDS = 1


def download_url(export: Export) -> str:
    return f"/portal/exports/{export.id}/download"


def export_context(export: Export) -> dict[str, Any]:
    """What the page and its fragment show (the same builder for both)."""
    status = ExportStatus(export.status)
    return {
        "export": export,
        "status": status.value,
        "finished": status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED),
        "rows_done": export.rows_done,
        "row_count": export.row_count,
        "percent": round(exports.progress_of(export) * 100),
        "download_url": download_url(export),
        "expires_at": ymdhms(export.expires_at),
        "keep_hours": EXPORT_KEEP_HOURS,
        "poll_seconds": POLL_SECONDS,
    }


async def _owned(request: Request) -> Export | None:
    seller: Seller = request.state.account
    return await exports.for_owner(seller.id, int(request.path_params["export_id"]))


async def export_page(request: Request) -> Response:
    export = await _owned(request)
    if export is None:
        return await error_page(request, 404, "error.not_found")
    return render(request, "pages/export.html", export_context(export))


async def progress_fragment(request: Request) -> Response:
    export = await _owned(request)
    if export is None:
        return await error_page(request, 404, "error.not_found")
    return render(request, "partials/export_progress.html", export_context(export))


async def download(request: Request) -> Response:
    """The file, to its owner only (anyone else: 404, as if there were none); 410 with a
    sentence once expired; 409 while it is still being built or when it failed."""
    export = await _owned(request)
    if export is None:
        return await error_page(request, 404, "error.not_found")
    if export.status == ExportStatus.EXPIRED:
        return await error_page(request, 410, "export.expired", {"hours": str(EXPORT_KEEP_HOURS)})
    path = exports.file_of(export)
    if path is None:
        key = "export.failed" if export.status == ExportStatus.FAILED else "export.not_ready"
        return await error_page(request, 409, key)
    created = export.created_at.astimezone(BUSINESS_TZ).strftime("%Y%m%d")
    return StreamingResponse(
        file_chunks(path, delete=False),
        media_type=XLSX,
        headers=xlsx_headers(f"claims-{created}-{export.id}.xlsx"),
    )


routes = [
    Route("/portal/exports/{export_id:int}", seller_only(export_page), methods=["GET"]),
    Route(
        "/portal/exports/{export_id:int}/progress",
        seller_only(progress_fragment),
        methods=["GET"],
    ),
    Route("/portal/exports/{export_id:int}/download", seller_only(download), methods=["GET"]),
]
