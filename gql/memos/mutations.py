"""`memoSend`: a seller or buyer writes on their own order, optionally with one file."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from gql.context import Info
from gql.enums import MemoCategory
from gql.errors import UserError, user_errors
from gql.memos.types import Memo
from models.entities import Seller
from models.enums import ActorKind
from models.errors import DomainError
from models.messages import input_refusal
from models.ops import memos, uploads
from models.ops.runner import Actor
from models.policy import ATTACHMENT_MAX_BYTES


@strawberry.input
class MemoSendInput:
    order_no: str
    title: str
    body: str
    attachment: Upload | None = strawberry.field(
        default=None,
        description="PNG, JPEG, GIF, WebP or PDF up to 5 MB (multipart request, see the README).",
    )
    category: MemoCategory | None = None


@strawberry.type
class MemoSendPayload:
    memo: Memo | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _read_upload(upload: object) -> uploads.Upload:
    """The uploaded file's bytes, read at most one byte past the cap (the domain then
    refuses an oversized or mistyped file by its content)."""
    read = getattr(upload, "read", None)
    if read is None:
        raise input_refusal("attachment", "attachment.multipart")
    content = await read(ATTACHMENT_MAX_BYTES + 1)
    return uploads.Upload(filename=getattr(upload, "filename", "") or "file", content=content)


@strawberry.type
class MemoMutations:
    @strawberry.mutation(description="Send a memo (纸条) on one of the viewer's orders.")
    async def memo_send(self, info: Info, input: MemoSendInput) -> MemoSendPayload:
        ctx = info.context
        try:
            viewer = ctx.require_viewer()
            kind = ActorKind.SELLER if isinstance(viewer, Seller) else ActorKind.BUYER
            attachment = await _read_upload(input.attachment) if input.attachment else None
            row = await memos.send_memo(
                Actor(kind, viewer.id),
                (input.order_no or "").strip(),
                input.title,
                input.body,
                attachment=attachment,
                category=input.category or MemoCategory.OTHER,
            )
        except DomainError as exc:
            return MemoSendPayload(user_errors=user_errors(exc, ctx.lang, "orderNo"))
        return MemoSendPayload(memo=Memo.from_model(row))
