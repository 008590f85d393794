"""The GraphQL-over-HTTP side of the /graphql view: response media type and status codes,
Apollo's persisted queries, request errors Strawberry raises as plain HTTP errors, and
`OPTIONS`.

Why a base class of its own: `gql/app.py` builds the view (context, uploads, GraphiQL,
subscriptions); what the GraphQL-over-HTTP spec and Apollo's protocols say about the
shape of an answer lives here, next to the modules that decide it (`gql/media.py`,
`gql/apq.py`), and is checked by the graphql-http audit (`make conformance`).

- The `Accept` header picks `application/graphql-response+json` or `application/json`
  (`gql/media.py`); every answer of the request, refusals included, comes in that type.
- An unknown `operationName` (or several operations and none named) is a request error
  with `extensions.code` `OPERATION_RESOLUTION_FAILURE` (Apollo Server's name): 200 under
  `application/json`, 400 under `application/graphql-response+json`, like a validation
  error, instead of Strawberry's bare 400.
- A mutation over GET answers 405 `METHOD_NOT_ALLOWED` with `Allow: POST` (the spec's
  status), not 400.
- `OPTIONS /graphql` answers 204 with `Allow`; a CORS preflight is answered before it by
  `gql/csrf.py`'s middleware, and only for configured origins.
"""

from __future__ import annotations

import functools
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult

from gql.apq import PersistedQueries, PersistedQueryNotFound, not_found_response
from gql.context import Context
from gql.cost import MAX_COST
from gql.http_errors import CONTENT_TYPES, LEGACY_JSON
from gql.media import negotiate, shaped
from gql.transport import RequestRefused, refusal_response

#: `extensions.code` of an operation name that names no operation of the document.
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
#: What /graphql answers to, for `Allow` (HEAD is Starlette's GET without a body).
ALLOWED_METHODS = "GET, POST, OPTIONS"


def media_of(request: Request) -> str:
    """The response media type this request negotiated (see gql/media.py)."""
    return negotiate(request.headers.get("accept"))


def options_response() -> Response:
    """`OPTIONS /graphql` that is not a CORS preflight: what the endpoint allows."""
    return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})


#: graphql-core's own sentence for a document of several operations and no operationName.
MULTIPLE_OPERATIONS_UNNAMED = "Must provide operation name if query contains multiple operations."


@functools.lru_cache(maxsize=256)
def operation_count(query: str) -> int:
    """How many operations the document defines; 0 when it does not parse (execution then
    reports the syntax error as usual). Cached by text: a client sends the same few
    documents, so a request pays a dict lookup, and only a new document a parse."""
    try:
        document = parse(query, no_location=True)
    except GraphQLError:
        return 0
    return sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)


def _unresolved_operation(message: str) -> ExecutionResult:
    """A request error naming no operation it could run (the status follows the media type)."""
    error = GraphQLError(message, extensions={"code": OPERATION_RESOLUTION_FAILURE})
    cost = {"requestedQueryCost": None, "maximumAvailable": MAX_COST}
    return ExecutionResult(data=None, errors=[error], extensions={"cost": cost})


class GraphQLOverHTTP(GraphQL[Context, None]):
    """Strawberry's ASGI view with the behaviour in the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: One store per view, i.e. per server process (gql/apq.py says why).
        self.persisted_queries = PersistedQueries()

    def encode_json(self, data: object) -> str:
        """orjson (a fifth of the stdlib's time on a 50-row page); the same JSON, with
        non-ASCII characters as UTF-8 instead of `\\u` escapes. Anything orjson refuses
        (an integer beyond 64 bits) goes through Strawberry's encoder as before."""
        try:
            return orjson.dumps(data).decode()
        except TypeError:
            return super().encode_json(data)  # type: ignore[return-value]

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A GET naming a persisted query has no `query` either, and Apollo's link may
        send `Accept: */*`: it is a request, not a browser asking for GraphiQL."""
        return (
            super().should_render_graphql_ide(request)
            and request.query_params.get("extensions") is None
        )

    async def get_sub_response(self, request: Any) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.graphql_media = (  # type: ignore[attr-defined]
            media_of(request) if isinstance(request, Request) else LEGACY_JSON
        )
        return sub_response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media = getattr(sub_response, "graphql_media", LEGACY_JSON)
        status = None
        if isinstance(response_data, dict):
            body, status = shaped(dict(response_data), media)
            response_data = body  # type: ignore[assignment]
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = CONTENT_TYPES[media]
        if status is not None and not sub_response.status_code:
            response.status_code = status
        return response

    async def parse_http_body(self, request: Any) -> Any:
        """Strawberry's parsing (which checks `query`, `variables` and `extensions` but
        not `operationName`), then the persisted query, if one is named (gql/apq.py)."""
        data = await self._plain_json_body(request) or await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData):
            if not isinstance(data.operation_name, str | None):
                raise RequestRefused(
                    400,
                    "BAD_REQUEST",
                    "The GraphQL operation's `operationName` must be a string or null.",
                )
            data.query = self.persisted_queries.resolve(data.query, data.extensions)
        return data

    async def _plain_json_body(self, request: Any) -> GraphQLRequestData | None:
        """The common request, a POST of `application/json` that asks for no stream, read
        as Strawberry reads it but without its MIME parsing (the stdlib's `email`
        package) and its stream-transport probe (~5 % of a `viewer` request's CPU).
        Anything else (GET, multipart, an `Accept` naming a stream, a batch, a field of
        the wrong type) is None, and Strawberry's own parse answers it as before."""
        if request.method != "POST":
            return None
        content_type = (request.content_type or "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            return None
        accept = request.headers.get("accept", "").lower()
        if "event-stream" in accept or "multipart" in accept:
            return None
        data = self.parse_json(await request.get_body())
        if not isinstance(data, dict):
            return None
        query, variables = data.get("query"), data.get("variables")
        extensions = data.get("extensions")
        if not (
            isinstance(query, str | None)
            and isinstance(variables, dict | None)
            and isinstance(extensions, dict | None)
        ):
            return None
        return GraphQLRequestData(
            query=query,
            variables=variables,
            operation_name=data.get("operationName"),
            extensions=extensions,
            protocol="http",
        )

    async def execute_single(self, **kwargs: Any) -> ExecutionResult:  # type: ignore[override]
        request_data: GraphQLRequestData = kwargs["request_data"]
        if (
            request_data.operation_name is None
            and request_data.query is not None
            and operation_count(request_data.query) > 1
        ):
            # Strawberry would run the first operation (its execution context names the
            # first one when none is given); the spec's GetOperation makes it an error
            return _unresolved_operation(MULTIPLE_OPERATIONS_UNNAMED)
        try:
            return await super().execute_single(**kwargs)
        except HTTPException as exc:
            cause = exc.__cause__
            if isinstance(cause, CannotGetOperationTypeError):
                return _unresolved_operation(exc.reason)
            if isinstance(cause, InvalidOperationTypeError):
                raise RequestRefused(
                    405,
                    "METHOD_NOT_ALLOWED",
                    "Mutations are not allowed over GET: send them with POST.",
                    headers={"Allow": "POST"},
                ) from exc
            raise

    def refusal(self, request: Request, exc: Exception) -> Response:
        """The answer to a request refused before (or instead of) execution, in the media
        type it negotiated; `exc` is an `HTTPException` or `PersistedQueryNotFound`."""
        media = media_of(request)
        if isinstance(exc, PersistedQueryNotFound):
            return not_found_response(media)
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405 and not isinstance(exc, RequestRefused):
            # Strawberry's (PUT, DELETE, HEAD …): a 405 must say what is allowed
            exc = RequestRefused(
                405,
                "METHOD_NOT_ALLOWED",
                "/graphql answers GET, POST and OPTIONS.",
                headers={"Allow": ALLOWED_METHODS},
            )
        return refusal_response(exc, media)
