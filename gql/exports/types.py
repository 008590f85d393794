"""One export job as the API shows it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql import ids
from gql.common import tokyo
from gql.node_type import Node
from models import enums as domain
from models.entities import Export as ExportRow
from models.ops import exports

ExportStatus = strawberry.enum(
    domain.ExportStatus,
    description="Where an export job is: QUEUED (waiting for a worker), RUNNING (rows being "
    "written), DONE (the file can be downloaded from `url`), FAILED (it gave up; start "
    "another), EXPIRED (the file was deleted after `expiresAt`).",
)


def download_path(export_id: int) -> str:
    """The portal's download route (the same session, cookie or bearer token)."""
    return f"/portal/exports/{export_id}/download"


@strawberry.type(
    description="A spreadsheet (.xlsx) of the claim list, built by a background job: poll "
    "`export(id:)` (or `node(id:)`) until `status` is DONE, then GET `url` with the same "
    "session. Only the seller who asked can see it or download it."
)
class Export(Node):
    status: ExportStatus = strawberry.field(description="Where the job is.")  # type: ignore[valid-type]
    progress: float = strawberry.field(
        description="Rows written over rows to write, from 0 to 1 (1 when DONE)."
    )
    rows_done: int = strawberry.field(description="Rows written so far.")
    row_count: int = strawberry.field(
        description="Rows the file will hold (counted when asked; the rows written once DONE)."
    )
    url: str | None = strawberry.field(
        description="Where to download the file (a path on this server, GET with the same "
        "session); null until DONE and after it expired."
    )
    expires_at: datetime = strawberry.field(
        description="When the file is deleted; after it the download answers 410 Gone."
    )
    created_at: datetime = strawberry.field(description="When the export was asked for.")
    finished_at: datetime | None = strawberry.field(
        description="When the job finished (DONE or FAILED); null before."
    )

    @classmethod
    def from_model(cls, row: ExportRow) -> Export:
        status = domain.ExportStatus(row.status)
        return cls(
            id=strawberry.ID(ids.encode("Export", row.id)),
            status=status,
            progress=exports.progress_of(row),
            rows_done=row.rows_done,
            row_count=row.row_count,
            url=download_path(row.id) if status == domain.ExportStatus.DONE else None,
            expires_at=tokyo(row.expires_at),  # type: ignore[arg-type]
            created_at=tokyo(row.created_at),  # type: ignore[arg-type]
            finished_at=tokyo(row.finished_at),
        )
