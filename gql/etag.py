"""Which GraphQL GET requests get an ETag (access/etag.py says how the tag is made).

Only a query whose root fields all read a seller's screens that `models/data_version.py`
versions: the grid (`claimStatusCounts`), the list (`claims`) and the transaction panel
(`order`). Anything else (the memo box, notices, inquiries …) changes through operations
that do not move the version, so it is answered as before, untagged, and never 304.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse

#: Root fields whose answers the seller's data version covers.
VERSIONED_ROOT_FIELDS = frozenset({"claims", "claimStatusCounts", "order", "__typename"})


@lru_cache(maxsize=256)
def versioned(query: str, operation_name: str | None) -> bool:
    """True when the operation is a query reading only `VERSIONED_ROOT_FIELDS` (a
    document that does not parse, or a fragment at the root, is not: no tag)."""
    try:
        document = parse(query)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    return bool(selections) and all(
        isinstance(s, FieldNode) and s.name.value in VERSIONED_ROOT_FIELDS and not s.directives
        for s in selections
    )
