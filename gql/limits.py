"""Query limits and caches, passed to the schema as factories (one instance per request).

The limiter rule classes are built once here and reused by every request, because
`ValidationCache` keys on the rule classes: a class made afresh per request (what
`QueryDepthLimiter(...)` does in its constructor) would never hit the cache.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
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

_DEPTH_RULE = depth_rule(MAX_DEPTH, None)
_ALIAS_RULE = alias_rule(MAX_ALIASES)


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
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        # after ValidationCache, which sets the validation errors: only valid documents
        # are priced, and an error set earlier would be overwritten
        QueryCostLimit,
        ErrorPresenter,
    ]
    return extensions
