"""`memoSend`, `memoReply` and `memosMarkAnswered`: a seller or a buyer writes on their own
order (optionally with one file), answers its conversation, or marks memos answered.

Each calls one operation of `models.ops.memos` (the portal calls the same) and answers a
refusal as `userErrors`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry
from strawberry.file_uploads import Upload

from gql import ids
from gql.context import Info
from gql.enums import MemoCategory
from gql.errors import UserError, user_errors
from gql.memos.types import Memo
from models.entities import Memo as MemoModel
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
    save_reply: bool = strawberry.field(
        default=False,
        description="Seller only: also keep the title and body as a 常用回复 "
        "(`TransactionPanel.savedReplies`), as the panel's [保存为常用回复] box does; saved only "
        "when the memo was sent. A buyer's true is INVALID_INPUT on `saveReply`.",
    )


@strawberry.input(description="An answer in an order's conversation (seller or buyer).")
class MemoReplyInput:
    order_no: str
    body: str = strawberry.field(description="1–4000 characters.")
    title: str | None = strawberry.field(
        default=None, description="Default: the conversation's latest title."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key again returns the first reply (no second memo); "
        "the same key for another operation or order is IDEMPOTENCY_KEY_REUSED.",
    )
    attachment: Upload | None = strawberry.field(
        default=None,
        description="PNG, JPEG, GIF, WebP or PDF up to 5 MB (multipart request, see the README).",
    )


@strawberry.input(description="Memos sent to the viewer, to mark 已答复 without writing.")
class MemosMarkAnsweredInput:
    memo_ids: list[strawberry.ID]


@strawberry.type
class MemosMarkAnsweredPayload:
    marked_count: int = strawberry.field(
        default=0,
        description="How many became answered; memos not waiting for the viewer are left "
        "alone (their own, already answered, someone else's).",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


async def _written(
    info: Info,
    upload: object | None,
    write: Callable[[Actor, uploads.Upload | None], Awaitable[MemoModel]],
) -> MemoSendPayload:
    """Write a memo as the signed-in viewer (seller or buyer) with the optional file;
    a refusal becomes `userErrors` in the caller's language."""
    ctx = info.context
    try:
        viewer = ctx.require_viewer()
        kind = ActorKind.SELLER if isinstance(viewer, Seller) else ActorKind.BUYER
        attachment = await _read_upload(upload) if upload else None
        row = await write(Actor(kind, viewer.id), attachment)
    except DomainError as exc:
        return MemoSendPayload(user_errors=user_errors(exc, ctx.lang, "orderNo"))
    return MemoSendPayload(memo=Memo.from_model(row))


@strawberry.type
class MemoMutations:
    @strawberry.mutation(description="Send a memo (纸条) on one of the viewer's orders.")
    async def memo_send(self, info: Info, input: MemoSendInput) -> MemoSendPayload:
        async def send(actor: Actor, attachment: uploads.Upload | None) -> MemoModel:
            if input.save_reply and actor.kind != ActorKind.SELLER:
                raise input_refusal("saveReply", "memo.save_reply_seller")
            row = await memos.send_memo(
                actor,
                (input.order_no or "").strip(),
                input.title,
                input.body,
                attachment=attachment,
                category=input.category or MemoCategory.OTHER,
            )
            if input.save_reply:  # the portal's form: send, then keep it (web/portal/memos.py)
                await memos.save_reply(actor.id, input.title, input.body)
            return row

        return await _written(info, input.attachment, send)

    @strawberry.mutation(
        description="Answer in an order's conversation (the panel's 给客户发送纸条, the buyer's "
        "MyQoo10 answer): the other party's unanswered memos on the order become "
        "ANSWERED (their sender sees it, the answerer's red N clears) and they get a "
        "MEMO_RECEIVED notice."
    )
    async def memo_reply(self, info: Info, input: MemoReplyInput) -> MemoSendPayload:
        async def reply(actor: Actor, attachment: uploads.Upload | None) -> MemoModel:
            return await memos.reply_memo(
                actor,
                input.order_no,
                input.body,
                title=input.title,
                idempotency_key=input.idempotency_key,
                attachment=attachment,
            )

        return await _written(info, input.attachment, reply)

    @strawberry.mutation(
        description="The memo box's checkboxes: mark memos sent to the viewer as answered "
        "without writing (e.g. settled by phone)."
    )
    async def memos_mark_answered(
        self, info: Info, input: MemosMarkAnsweredInput
    ) -> MemosMarkAnsweredPayload:
        ctx = info.context
        try:
            viewer = ctx.require_viewer()
            kind = ActorKind.SELLER if isinstance(viewer, Seller) else ActorKind.BUYER
            memo_ids = [ids.decode(i, "Memo", "memoIds") for i in input.memo_ids]
            result = await memos.mark_answered(Actor(kind, viewer.id), memo_ids)
        except DomainError as exc:
            return MemosMarkAnsweredPayload(user_errors=user_errors(exc, ctx.lang, "memoIds"))
        return MemosMarkAnsweredPayload(marked_count=result.marked)
