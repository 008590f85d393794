"""Memo attachments: served only to the order's seller and buyer (404 for anyone else).

Always as a download (`Content-Disposition: attachment`, `nosniff`), with the type sniffed
from the stored bytes and a file name carrying that type's extension, whatever name and
type the uploader claimed (rows stored before names were normalised included).
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from models.entities import Buyer, Memo, Seller
from models.ops.uploads import display_name, open_stored, sniff_file
from web.guards import signed_in
from web.render import error_page


async def download(request: Request) -> Response:
    account: Seller | Buyer = request.state.account
    try:
        memo_id = int(request.path_params["memo_id"])
    except ValueError:
        return await error_page(request, 404, "error.not_found")
    scope = {"seller_id": account.id} if isinstance(account, Seller) else {"buyer_id": account.id}
    memo = await Memo.get_or_none(id=memo_id, **scope)
    path = open_stored(memo.attachment_path or "") if memo is not None else None
    if memo is None or path is None:
        return await error_page(request, 404, "error.not_found")
    content_type = sniff_file(path)
    name = display_name(memo.attachment_name or path.name, content_type)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return FileResponse(
        path,
        media_type=content_type or "application/octet-stream",
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


routes = [Route("/attachments/{memo_id}", signed_in(download), methods=["GET"])]
