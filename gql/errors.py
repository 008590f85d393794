"""Error conventions: business refusals are `userErrors` in payloads; malformed requests and
server faults are top-level GraphQL errors.

`ErrorPresenter` runs on every result: a `DomainError` that escaped a query resolver
(UNAUTHENTICATED, INVALID_INPUT of a filter or cursor) becomes an error with
`extensions.code`; any other exception is logged with an error id and masked, so the
client sees the id but never a stack trace or exception text.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope
from strawberry.extensions import MaskErrors

from gql.context import lang_from_header
from gql.enums import UserErrorCode
from gql.http_errors import graphql_error_response
from models.db_errors import HTTP_STATUS, failure_code
from models.errors import DomainError, ErrorCode
from models.messages import localized, refusal

log = logging.getLogger("qsm.graphql")

INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"
#: Codes of request errors that come without one (see `ErrorPresenter`).
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"


def camel(name: str) -> str:
    """Domain errors name fields in snake_case or camelCase; the API speaks camelCase."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@strawberry.type(description="Why a mutation did not do what was asked.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path of the input field at fault, relative to `input`, if any."
    )
    code: UserErrorCode
    message: str = strawberry.field(description="A sentence in the request's language.")

    @classmethod
    def from_domain(cls, error: DomainError, lang: str) -> UserError:
        return cls(
            field=[camel(error.field)] if error.field else None,
            code=error.code,
            message=localized(error, lang),
        )


def user_errors(
    error: DomainError, lang: str, not_found_field: str | None = None
) -> list[UserError]:
    """The payload's `userErrors` for a refusal; a NOT_FOUND without a field (the domain
    does not know which input named the object) points at `not_found_field`."""
    if error.code == ErrorCode.NOT_FOUND and not error.field and not_found_field:
        error = DomainError(error.code, error.message, not_found_field, error.params)
    return [UserError.from_domain(error, lang)]


class ErrorPresenter(MaskErrors):
    """MaskErrors that keeps request and domain errors readable, gives every error an
    `extensions.code`, and masks the rest.

    Codes of errors that come without one (Apollo Server's names): a syntax error
    `GRAPHQL_PARSE_FAILED`; an error of the validation step `GRAPHQL_VALIDATION_FAILED`;
    an error located in the document but outside validation and any field (the
    variables did not coerce) `BAD_USER_INPUT`; anything else is a fault of ours,
    `INTERNAL_SERVER_ERROR` with an error id."""

    def __init__(self) -> None:
        super().__init__(error_message="Internal server error.")
        self._validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        """Remember which errors validation produced (the cost and limit refusals come
        with their own codes), to name them apart from variable coercion errors."""
        yield
        errors = self.execution_context.pre_execution_errors or ()
        self._validation_errors = {id(error) for error in errors}

    def _process_result(self, result: object) -> None:
        """MaskErrors' own, without its `isinstance` against a runtime Protocol (~10 µs
        of every request): a result with errors is one with a non-empty `errors`."""
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def _request_error_code(self, error: GraphQLError) -> str | None:
        if isinstance(error, GraphQLSyntaxError):
            return PARSE_FAILED
        if id(error) in self._validation_errors:
            return VALIDATION_FAILED
        if error.path is None and error.locations:
            return BAD_USER_INPUT
        return None

    def _lang(self) -> str:
        context = getattr(self.execution_context, "context", None)
        return getattr(context, "lang", "zh")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._present(error) for error in errors]

    def _set_status(self, code: ErrorCode) -> None:
        """A database failure answers 503 (like the transport-level ones), so proxies and
        retrying clients see "come back later" rather than a 200 with an error inside."""
        status = HTTP_STATUS.get(code)
        response = getattr(getattr(self.execution_context, "context", None), "response", None)
        if status is not None and response is not None:
            response.status_code = status

    def _present(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        # The database is down, busy or too slow: say so with its code, not as an internal
        # error with an id (failure_code recognises only database failures).
        code = None if original is None else failure_code(original)
        if code is not None and not isinstance(original, DomainError | GraphQLError):
            log.warning("database failure %s: %s", code.value, type(original).__name__)
            original = refusal(code)
        if isinstance(original, DomainError):
            self._set_status(original.code)
            extensions: dict[str, object] = {"code": original.code.value}
            if original.field:
                extensions["field"] = camel(original.field)
            return GraphQLError(
                localized(original, self._lang()),
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions=extensions,
            )
        if (error.extensions or {}).get("code"):
            return error
        if (request_code := self._request_error_code(error)) is not None:
            return GraphQLError(
                error.message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={**(error.extensions or {}), "code": request_code},
            )
        error_id = uuid.uuid4().hex[:12]
        log.error(
            "unexpected error %s at %s: %s",
            error_id,
            ".".join(str(p) for p in error.path or ()),
            error.message if original is None else type(original).__name__,
            exc_info=None
            if original is None
            else (type(original), original, original.__traceback__),
        )
        return GraphQLError(
            f"Internal server error (error id {error_id}).",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": INTERNAL_ERROR_CODE, "errorId": error_id},
        )


def database_failure_response(scope: Scope, code: ErrorCode, retry_after: str) -> Response:
    """A database failure or the deadline outside execution (building the context, reading
    the body), in the GraphQL error format with the sentence in the request's language.
    `web.failures` calls it for /graphql; errors inside execution go through
    `ErrorPresenter` instead."""
    lang = lang_from_header(Request(scope).headers.get("accept-language"))
    return graphql_error_response(
        HTTP_STATUS.get(code, 503),
        code.value,
        localized(refusal(code), lang),
        headers={"Retry-After": retry_after},
    )
