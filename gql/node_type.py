"""The `Node` interface (Relay Global Object Identification).

Why a module of its own: every domain's types implement it, and `gql/node.py` (the
`node` / `nodes` queries) imports those types, so the interface must sit below both.
Why not `strawberry.relay.Node`: see docs/graphql.md, "Fetch by id".
"""

from __future__ import annotations

import strawberry


@strawberry.interface(
    description="An object with a global ID (Relay Global Object Identification): refetch "
    "it with `node(id:)` or many with `nodes(ids:)`."
)
class Node:
    id: strawberry.ID = strawberry.field(
        description="The object's global ID: opaque, stable, the same in every query and "
        "mutation that names the object."
    )
