"""The /graphql endpoint: Strawberry's ASGI view with our context, upload cap and a
GraphiQL page served from local files (development only).

`make_graphql_app(settings)` returns one ASGI app that `web/app.py` routes as
`/graphql{path:path}`, so `/graphql` answers without a trailing-slash redirect and
`/graphql/static/…` serves the vendored GraphiQL assets.
"""

from __future__ import annotations

import json
from pathlib import Path

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from access.etag import matches, not_modified, seller_etag, tag, variant_of
from access.session import request_account, request_token
from access.settings import Settings
from gql import transport
from gql.apq import PersistedQueryNotFound
from gql.context import Context, lang_from_header
from gql.csrf import cors_middleware, csrf_refusal
from gql.etag import versioned
from gql.http_view import GraphQLOverHTTP, media_of, options_response
from gql.ide_policy import graphiql_policy
from gql.schema import build_schema
from gql.transport import head_refusal, refusal_response, transport_error
from models.entities import Seller
from models.ops.accounts import Account, session_account
from models.policy import ATTACHMENT_MAX_BYTES

STATIC_DIR = Path(__file__).with_name("static")
VENDOR_DIR = STATIC_DIR / "vendor"
#: A multipart request carries one attachment plus the operation: cap the whole body.
MAX_MULTIPART_BYTES = ATTACHMENT_MAX_BYTES + 256 * 1024


class QsmGraphQL(GraphQLOverHTTP):
    """Strawberry's view; builds our context and refuses oversized uploads up front."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(development=settings.development),
            graphql_ide="graphiql" if settings.development else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
            # Subscriptions: graphql-transport-ws and graphql-sse only, never the legacy
            # graphql-ws protocol (GHSA-vpwc-v33q-mq89). See docs/graphql.md, "Live".
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL),
            allowed_origins=tuple(settings.allowed_origins),
        )
        self.settings = settings
        self.ide_html = (STATIC_DIR / "graphiql.html").read_text(encoding="utf-8")
        self.ide_policy = graphiql_policy(self.ide_html)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:  # type: ignore[override]
        if isinstance(request, WebSocket):
            # A subscription socket: the handshake's cookie or bearer header, or later the
            # token of `connection_init` (`on_ws_connect`). Never used for HTTP answers.
            return Context(
                request=request,  # type: ignore[arg-type]
                response=response,  # type: ignore[arg-type]
                settings=self.settings,
                viewer=await request_account(request),
                token=request_token(request),
                lang=lang_from_header(request.headers.get("accept-language")),
            )
        assert isinstance(request, Request) and isinstance(response, Response)
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            viewer=await self._account(request),
            token=request_token(request),
            lang=lang_from_header(request.headers.get("accept-language")),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:  # type: ignore[override]
        """`connection_init`: a `{"authorization": "Bearer <token>"}` payload signs the
        socket in (browsers cannot set headers on a WebSocket); a bad token, or no sign-in
        at all (neither the handshake's cookie / header nor a token), closes it with 4403."""
        params = context.connection_params or {}
        header = params.get("authorization") or params.get("Authorization")
        if header is not None:
            token = str(header)
            if token.lower().startswith("bearer "):
                token = token[7:].strip()
            account = await session_account(token or None)
            if account is None:
                raise ConnectionRejectionError
            context.viewer, context.token = account, token
        if context.viewer is None:
            raise ConnectionRejectionError
        return UNSET

    def decode_json(self, data: str | bytes) -> object:
        """Strict UTF-8, a nesting cap and no lone surrogates ("\\ud800", which no
        database can store): refused here, once, with a sentence, instead of failing deep
        inside (gql/transport.py)."""
        return transport.decode_json(data, self.settings.max_json_depth)

    async def run(  # type: ignore[override]
        self,
        request: Request | WebSocket,
        context: Context = UNSET,
        root_value: None = UNSET,
    ) -> Response | WebSocket:
        """Strawberry's run, with its transport errors (400/404/405…) in the GraphQL error
        format instead of the plain-text page its ASGI view would send; a seller's GET of
        the grid, list or panel carries an ETag and answers 304 while it still matches
        (access/etag.py, gql/etag.py), after sign-in and the sweep-on-read."""
        etag = await self._etag(request) if isinstance(request, Request) else None
        if etag is not None and matches(request.headers.get("if-none-match"), etag):
            return not_modified(etag)
        try:
            response = await super().run(request, context, root_value)
        except (HTTPException, PersistedQueryNotFound) as exc:
            if isinstance(request, WebSocket):
                raise
            return self.refusal(request, exc)
        # an answer with errors (a refusal, a database hiccup) is never kept by a client
        if etag is not None and isinstance(response, Response) and b'"errors"' not in response.body:
            tag(response, etag)
        return response

    async def _account(self, request: Request | WebSocket) -> Account | None:
        """The signed-in account, looked up once per request (the ETag needs it before
        the context does)."""
        state = request.state
        if not hasattr(state, "qsm_viewer"):
            state.qsm_viewer = await request_account(request)
        return state.qsm_viewer

    async def _etag(self, request: Request) -> str | None:
        """The tag of a seller's versioned GET (gql/etag.py), else None."""
        if request.method != "GET":
            return None
        params = request.query_params
        query = params.get("query")
        try:
            if query is None and params.get("extensions"):
                extensions = json.loads(params["extensions"])
                if isinstance(extensions, dict):
                    query = self.persisted_queries.resolve(None, extensions)
        except (ValueError, HTTPException, PersistedQueryNotFound):
            return None  # Strawberry's parsing answers these as before
        if not query or not versioned(query, params.get("operationName")):
            return None
        account = await self._account(request)
        if not isinstance(account, Seller):
            return None
        # the document itself, not the URL: its persisted hash and its text share one tag
        what = "\x1f".join((query, params.get("variables", ""), params.get("operationName", "")))
        return await seller_etag(account.id, variant_of(request, query=what))

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self.ide_html, headers={"Content-Security-Policy": self.ide_policy})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await options_response()(scope, receive, send)
            return
        media = media_of(Request(scope))
        if (csrf := csrf_refusal(scope, self.settings, media)) is not None:
            await csrf(scope, receive, send)
            return
        if (refusal := _upload_refusal(scope, media)) is not None:
            await refusal(scope, receive, send)
            return
        if (refused := head_refusal(scope)) is not None:
            await refusal_response(refused, media)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _upload_refusal(scope: Scope, media: str) -> Response | None:
    """Multipart bodies must declare their length and stay under the cap (413 / 411),
    so nobody can stream an endless file into the server's temp directory."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    if not headers.get("content-type", "").lower().startswith("multipart/"):
        return None
    length = headers.get("content-length", "")
    if not length.isdigit():
        return transport_error(411, "Content-Length is required for uploads.", media)
    if int(length) > MAX_MULTIPART_BYTES:
        return transport_error(
            413, f"The request is larger than {MAX_MULTIPART_BYTES} bytes.", media
        )
    return None


class GraphQLEndpoint:
    """Dispatches `/graphql` to the view and `/graphql/static/vendor/<file>` to the
    vendored GraphiQL files (only in development, only files that exist there)."""

    def __init__(self, settings: Settings) -> None:
        self.view = cors_middleware(QsmGraphQL(settings), settings)
        self.assets = (
            {p.name: p for p in VENDOR_DIR.iterdir() if p.is_file()} if settings.development else {}
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rest = scope.get("path_params", {}).get("path", "")
        if rest in ("", "/"):
            await self.view(scope, receive, send)
            return
        prefix = "/static/vendor/"
        asset = self.assets.get(rest[len(prefix) :]) if rest.startswith(prefix) else None
        response: Response
        if asset is not None and scope["type"] == "http":
            response = FileResponse(asset, headers={"Cache-Control": "public, max-age=86400"})
        else:
            response = transport_error(404, "Not Found.")
        await response(scope, receive, send)


def make_graphql_app(settings: Settings) -> GraphQLEndpoint:
    """The ASGI app to route at `/graphql{path:path}` (see the module docstring)."""
    return GraphQLEndpoint(settings)
