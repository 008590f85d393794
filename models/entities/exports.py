"""Export jobs: one [Excel] file asked for by a seller, built in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.enums import ExportStatus

if TYPE_CHECKING:
    from models.entities.accounts import Seller


class Export(Model):
    """A spreadsheet of the claim list, as the seller asked for it (the query, selection,
    sort and language frozen in `spec`), built by a job (docs/exports.md)."""

    id = fields.IntField(primary_key=True)
    #: The only account that may see the export or download its file.
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.CASCADE
    )
    #: The list filter, selected ids, sort, language and business day, as JSON.
    spec = fields.JSONField()
    status = fields.CharEnumField(ExportStatus, max_length=16, default=ExportStatus.QUEUED)
    #: Rows written so far (updated every policy.EXPORT_PROGRESS_EVERY_ROWS rows).
    rows_done = fields.IntField(default=0)
    #: Matching rows when the export was asked for, the rows written once done.
    row_count = fields.IntField(default=0)
    #: The name of the finished file inside the export directory (QSM_EXPORT_DIR).
    file_name = fields.CharField(max_length=200, null=True)
    #: Why the job gave up (its last error), for the seller and the operator.
    error = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    #: After this instant the file is deleted and the download answers 410 Gone.
    expires_at = fields.DatetimeField()

    class Meta:
        table = "export"
        indexes = (("seller_id", "created_at"), ("status", "expires_at"))
