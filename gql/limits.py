"""Query limits and caches, passed to the schema as factories (one instance per request).

The limiter rule classes are built once here and reused by every request, because the
validation cache keys on the rule classes: a class made afresh per request (what
`QueryDepthLimiter(...)` does in its constructor) would never hit the cache.

Every refusal carries `extensions.code`: `QUERY_TOO_DEEP`, `TOO_MANY_ALIASES`,
`QUERY_TOO_LARGE` (tokens) here, `QUERY_TOO_COSTLY` in gql/cost.py; any other parse or
validation error gets `GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED` from
`ErrorPresenter` (gql/errors.py). Validation hides graphql-core's suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, validate
from graphql.validation import (
    ASTValidationRule,
    NoSchemaIntrospectionCustomRule,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from gql.cost import QueryCostLimit
from gql.errors import ErrorPresenter

#: Deepest selection: order → claim → withdrawal → rejectionReason → label is 5;
#: claims → edges → node → order → claim → withdrawal → state is 7.
MAX_DEPTH = 10
MAX_ALIASES = 30
#: Tokens of one document (names, braces, colons …); GraphiQL's introspection needs ~300.
MAX_TOKENS = 4000
CACHE_SIZE = 256

#: `extensions.code` of each refusal (the cost cap's is in gql/cost.py: QUERY_TOO_COSTLY).
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
#: graphql-core's wording when the token cap stops the parser (the only way to tell it
#: from a syntax error: both are a GraphQLSyntaxError).
TOKEN_LIMIT_MESSAGE = "Document contains more than"


class _CodedContext:
    """A validation context whose reported errors carry `extensions.code`."""

    def __init__(self, context: ValidationContext, code: str) -> None:
        self._context = context
        self._code = code

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def report_error(self, error: GraphQLError) -> None:
        self._context.report_error(
            GraphQLError(
                error.message,
                error.nodes,
                extensions={**(error.extensions or {}), "code": self._code},
            )
        )


def _coded(rule: type[ValidationRule], code: str) -> type[ValidationRule]:
    """Strawberry's depth and alias rules do all their work when built and report through
    the context they are given: hand them one that adds our code."""

    class Coded(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            rule(_CodedContext(context, code))  # type: ignore[arg-type]

    Coded.__name__ = f"Coded{rule.__name__}"
    return Coded


_DEPTH_RULE = _coded(depth_rule(MAX_DEPTH, None), QUERY_TOO_DEEP)
_ALIAS_RULE = _coded(alias_rule(MAX_ALIASES), TOO_MANY_ALIASES)


class SyntaxSafeParserCache(ParserCache):
    """Strawberry's `ParserCache`, except that a document that does not parse is left to
    Strawberry's own parse: `ParserCache` raises the syntax error from its hook, which
    skips every extension's post-processing (no `extensions.code`), while Strawberry
    reports it as a result that `ErrorPresenter` sees. Only bad documents parse twice."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except GraphQLError:
            context.graphql_document = None
        yield


@lru_cache(maxsize=CACHE_SIZE)
def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: Collection[type[ASTValidationRule]]
) -> list[GraphQLError]:
    return validate(schema, document, rules, hide_suggestions=True)


class SuggestionFreeValidationCache(SchemaExtension):
    """Strawberry's `ValidationCache`, but validating with graphql-core's
    `hide_suggestions`: no "Did you mean …" for fields, arguments, enum values, input
    fields or types (Strawberry's `disable_field_suggestions` only strips fields')."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.pre_execution_errors = _validate(
            context.schema._schema, context.graphql_document, context.validation_rules
        )
        yield


class DepthLimit(QueryDepthLimiter):
    """QueryDepthLimiter with its rule class built once (see the module docstring)."""

    def __init__(self) -> None:
        AddValidationRules.__init__(self, [_DEPTH_RULE])


class AliasLimit(MaxAliasesLimiter):
    def __init__(self) -> None:
        AddValidationRules.__init__(self, [_ALIAS_RULE])


class TokenLimit(MaxTokensLimiter):
    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)

    def on_parse(self) -> Iterator[None]:
        """Give the parser's refusal our code (it is the same object the response gets)."""
        yield
        for error in self.execution_context.pre_execution_errors or ():
            if TOKEN_LIMIT_MESSAGE in error.message:
                error.extensions = {**(error.extensions or {}), "code": QUERY_TOO_LARGE}


class NoIntrospection(AddValidationRules):
    """Production refuses `__schema` / `__type` (the SDL file is the published schema)."""

    def __init__(self) -> None:
        super().__init__([NoSchemaIntrospectionCustomRule])


def schema_extensions(*, development: bool) -> list[Callable[[], SchemaExtension]]:
    """Every extension factory, in order: limits first, then the caches, then errors."""
    extensions: list[Callable[[], SchemaExtension]] = [
        TokenLimit,
        DepthLimit,
        AliasLimit,
    ]
    if not development:
        extensions.append(NoIntrospection)
    extensions += [
        SyntaxSafeParserCache,
        SuggestionFreeValidationCache,
        # after the validation cache, which sets the validation errors: only valid documents
        # are priced, and an error set earlier would be overwritten
        QueryCostLimit,
        ErrorPresenter,
    ]
    return extensions
