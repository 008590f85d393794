"""Query limits and caches, passed to the schema as one extension factory (one instance
per request): `RequestLimits`.

The limiter rule classes (Strawberry's depth and alias validators) are built once here and
reused by every request, because the validation cache keys on the rule classes: a class
made afresh per request (what `QueryDepthLimiter(...)` does in its constructor) would
never hit the cache.

Every refusal carries `extensions.code`: `QUERY_TOO_DEEP`, `TOO_MANY_ALIASES`,
`QUERY_TOO_LARGE` (tokens) here, `QUERY_TOO_COSTLY` in gql/cost.py; any other parse or
validation error gets `GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED` from
`ErrorPresenter` (gql/errors.py). Validation hides graphql-core's suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate
from graphql.validation import (
    ASTValidationRule,
    NoSchemaIntrospectionCustomRule,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from gql.cost import MAX_COST, cost_results, query_cost, static_cost, too_costly
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


_PARSE_CACHE: Callable[..., DocumentNode] = lru_cache(maxsize=CACHE_SIZE)(parse)


def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """graphql-core's validation with `hide_suggestions`: no "Did you mean …" for fields,
    arguments, enum values, input fields or types (Strawberry's
    `disable_field_suggestions` only strips fields')."""
    return validate(schema, document, rules, hide_suggestions=True)


@lru_cache(maxsize=CACHE_SIZE)
def _validate_text(
    schema: GraphQLSchema, query: str, rules: tuple[type[ASTValidationRule], ...]
) -> tuple[list[GraphQLError], int | None]:
    """Validation errors and the variable-free cost of a document that came from the parse
    cache, keyed by its text: a string's hash is kept by Python, while a document's is
    recomputed over every node on each lookup (what keying on the document did)."""
    document = _PARSE_CACHE(query, max_tokens=MAX_TOKENS)
    return _validate(schema, document, rules), static_cost(document)


class RequestLimits(SchemaExtension):
    """Every limit and cache of the parse and validation steps, as one extension.

    It does what six extensions did, in the same order (the token cap, Strawberry's
    `ParserCache`, its depth and alias limiters, introspection off in production, a
    validation cache without suggestions, the cost cap), with the same errors and the
    same `extensions.cost`. Why one: Strawberry builds a context manager per extension
    and hook on every request (the six cost about 150 Python calls of a `viewer`
    request that makes ~2,000), and the cost of a document whose page sizes are
    literals is the same for every request, so it is computed once per document.
    """

    #: Rules added after graphql-core's specified rules (the limiters' order).
    rules: tuple[type[ASTValidationRule], ...] = (_DEPTH_RULE, _ALIAS_RULE)

    def __init__(self) -> None:
        self.cost: int | None = None
        #: The document came from the parse cache (so its text keys the other caches).
        self._cached_parse = False

    def on_parse(self) -> Iterator[None]:
        """The token cap, then the cached parse. A document that does not parse is left
        to Strawberry's own parse (the cached one would raise from this hook, which skips
        every extension's post-processing, so no `extensions.code`); Strawberry reports it
        as a result `ErrorPresenter` sees. Only bad documents parse twice."""
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS
        try:
            context.graphql_document = _PARSE_CACHE(context.query, **context.parse_options)
            self._cached_parse = context.parse_options == {"max_tokens": MAX_TOKENS}
        except GraphQLError:
            context.graphql_document = None
        yield
        # the parser's refusal at the token cap gets our code (the object the response gets)
        for error in context.pre_execution_errors or ():
            if TOKEN_LIMIT_MESSAGE in error.message:
                error.extensions = {**(error.extensions or {}), "code": QUERY_TOO_LARGE}

    def on_validate(self) -> Iterator[None]:
        """Validation (cached), then the cost of a valid document, refused over the cap
        (only valid documents are priced; a validation error is never overwritten)."""
        context = self.execution_context
        document = context.graphql_document
        assert document is not None
        context.validation_rules = rules = context.validation_rules + self.rules
        schema = context.schema._schema
        if self._cached_parse and context.query is not None:
            errors, cost = _validate_text(schema, context.query, rules)
        else:
            errors, cost = _validate(schema, document, rules), None
        context.pre_execution_errors = errors
        if cost is None:
            variables = context.variables if isinstance(context.variables, dict) else {}
            cost = query_cost(document, variables)
        self.cost = cost
        if self.cost > MAX_COST and not context.pre_execution_errors:
            context.pre_execution_errors = [too_costly(self.cost)]
        yield

    def get_results(self) -> dict[str, Any]:
        return cost_results(self.cost)


class ProductionRequestLimits(RequestLimits):
    """Production also refuses `__schema` / `__type` (the SDL file is the published
    schema)."""

    rules = (*RequestLimits.rules, NoSchemaIntrospectionCustomRule)


def schema_extensions(*, development: bool) -> list[Callable[[], SchemaExtension]]:
    """Every extension factory, in order: the limits and caches, then errors (after the
    validation step's errors are set, so `ErrorPresenter` can tell them apart)."""
    return [RequestLimits if development else ProductionRequestLimits, ErrorPresenter]
