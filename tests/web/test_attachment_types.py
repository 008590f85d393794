"""Issue 10, point 8: an attachment is stored and served with the type of its content.

`x.html` holding PNG bytes, sent through the portal's memo form or GraphQL `memoSend`,
is kept as `.png` and downloaded as `x.png`, `image/png`, as an attachment, `nosniff`."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from models.entities import Memo
from models.enums import ActorKind
from models.ops import uploads
from tests.web.helpers import HTMX, csrf_of, make_client, text

ORDER = "638452888"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
MEMO_SEND = """mutation($input: MemoSendInput!) { memoSend(input: $input) {
  memo { id attachmentName attachmentType } userErrors { field code message } } }"""
LOGIN = """mutation($l: String!, $p: String!) { login(input: {loginId: $l, password: $p}) {
  token userErrors { code } } }"""


@pytest.fixture
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    return tmp_path


def files_in(directory: Path) -> list[Path]:
    return list(directory.iterdir())


def assert_served_as_png(response: httpx.Response) -> None:
    assert response.status_code == 200 and response.content == PNG
    assert response.headers["content-type"] == "image/png"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="x.png"'), disposition
    assert ".html" not in disposition
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_portal_upload_named_html_is_stored_and_served_as_png(
    seller: httpx.AsyncClient, upload_dir: Path
) -> None:
    html = (await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    response = await seller.post(
        f"/portal/orders/{ORDER}/memos",
        data={"csrf_token": csrf_of(html), "title": "t", "body": "b"},
        files={"attachment": ("x.html", PNG, "text/html")},
        headers=HTMX,
    )
    assert response.status_code == 200, response.text
    memo = await Memo.get(sender_kind=ActorKind.SELLER, order__order_no=ORDER)
    assert (memo.attachment_name, memo.attachment_type) == ("x.png", "image/png")
    assert [p.suffix for p in files_in(upload_dir)] == [".png"]
    assert_served_as_png(await seller.get(f"/attachments/{memo.id}"))


async def test_graphql_upload_named_html_is_stored_and_served_as_png(
    seller: httpx.AsyncClient, upload_dir: Path
) -> None:
    async with make_client() as api:
        login = await api.post(
            "/graphql", json={"query": LOGIN, "variables": {"l": "shop1", "p": "shop1-pass"}}
        )
        token = login.json()["data"]["login"]["token"]
        variables = {"input": {"orderNo": ORDER, "title": "t", "body": "b", "attachment": None}}
        response = await api.post(
            "/graphql",
            headers={"Authorization": f"Bearer {token}"},
            data={
                "operations": json.dumps({"query": MEMO_SEND, "variables": variables}),
                "map": json.dumps({"0": ["variables.input.attachment"]}),
            },
            files={"0": ("x.html", PNG, "text/html")},
        )
    payload = response.json()["data"]["memoSend"]
    assert payload["userErrors"] == [], payload
    assert payload["memo"]["attachmentName"] == "x.png"
    assert payload["memo"]["attachmentType"] == "image/png"
    memo = await Memo.get(sender_kind=ActorKind.SELLER, order__order_no=ORDER)
    assert_served_as_png(await seller.get(f"/attachments/{memo.id}"))


async def test_an_old_row_named_html_is_still_served_as_png(
    seller: httpx.AsyncClient, upload_dir: Path
) -> None:
    """Rows stored before names followed the content: the download trusts the bytes."""
    stored = uploads.store(uploads.Upload("x.png", PNG))
    order_memo = await Memo.filter(order__order_no=ORDER).first()
    assert order_memo is not None
    order_memo.attachment_name = "x.html"
    order_memo.attachment_path = stored.stored_name
    order_memo.attachment_type = "text/html"
    await order_memo.save()
    assert_served_as_png(await seller.get(f"/attachments/{order_memo.id}"))


@pytest.mark.parametrize(
    ("name", "content", "kept_as"),
    [
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "photo.jpg"),
        ("scan", b"%PDF-1.7\n", "scan.pdf"),
        ("a.b.gif", b"GIF89a" + b"\x00" * 8, "a.b.gif"),
        ("pic.exe", WEBP, "pic.webp"),
        ("..\\..\\evil.svg", PNG, "evil.png"),
    ],
)
def test_the_kept_name_has_the_extension_of_the_content(
    name: str, content: bytes, kept_as: str, upload_dir: Path
) -> None:
    stored = uploads.store(uploads.Upload(name, content))
    assert stored.original_name == kept_as
    assert stored.stored_name.endswith(Path(kept_as).suffix)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "只接受 PNG、JPEG、GIF、WebP 和 PDF 文件"),
        ("ja", "PNG・JPEG・GIF・WebP・PDF ファイルのみ受け付けます"),
        ("en", "Only PNG, JPEG, GIF, WebP and PDF files are accepted"),
    ],
)
async def test_other_types_are_refused_in_the_users_language(
    seller: httpx.AsyncClient, upload_dir: Path, lang: str, expected: str
) -> None:
    seller.cookies.set("qsm_lang", lang)
    html = (await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    refused = await seller.post(
        f"/portal/orders/{ORDER}/memos",
        data={"csrf_token": csrf_of(html), "title": "t", "body": "b"},
        files={"attachment": ("x.png", b"<html><script>alert(1)</script>", "image/png")},
        headers=HTMX,
    )
    assert refused.status_code == 400
    assert expected in text(refused.text, "memo-error")
    assert files_in(upload_dir) == []
