"""The root schema, merged from the per-domain Query and Mutation parts."""

from __future__ import annotations

from functools import cache
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from gql import fast_enums, fast_fields
from gql.auth.mutations import AuthMutations
from gql.auth.queries import AuthQueries
from gql.auth.types import BuyerViewer, SellerViewer
from gql.buyers.queries import BuyerQueries
from gql.claims import grid
from gql.claims.bulk import ClaimBulkMutations
from gql.claims.mutations import ClaimMutations
from gql.claims.queries import ClaimQueries
from gql.descriptions import describe
from gql.exports.schema import ExportMutations, ExportQueries
from gql.extension_runner import LeanExtensionsRunner
from gql.fast_execution import FastExecutor, install_shared_roots
from gql.inquiries.item_name import InquiryItemQueries
from gql.inquiries.schema import InquiryMutations, InquiryQueries
from gql.limits import schema_extensions
from gql.live import LiveSubscriptions
from gql.memos.box import MemoBoxQueries
from gql.memos.mutations import MemoMutations
from gql.memos.queries import MemoQueries
from gql.node import NodeQueries
from gql.notifications.mutations import NotificationMutations
from gql.notifications.queries import NotificationQueries
from gql.orders import fast as order_fields
from gql.orders.queries import OrderQueries
from gql.scalars import SCALAR_OVERRIDES
from gql.shipments.mutations import ShipmentMutations
from gql.webhooks.mutations import WebhookMutations
from gql.webhooks.queries import WebhookQueries

Query = merge_types(
    "Query",
    (
        AuthQueries,
        ClaimQueries,
        OrderQueries,
        MemoQueries,
        MemoBoxQueries,
        NotificationQueries,
        BuyerQueries,
        NodeQueries,
        InquiryQueries,
        InquiryItemQueries,
        WebhookQueries,
        ExportQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AuthMutations,
        ClaimMutations,
        ClaimBulkMutations,
        MemoMutations,
        InquiryMutations,
        ShipmentMutations,
        NotificationMutations,
        WebhookMutations,
        ExportMutations,
    ),
)


class QsmSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Logging happens in `ErrorPresenter`, once, with the error id the client sees;
        validation errors and refusals are the client's business, not the server log's."""

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        """The runner that finds each extension's hooks once (gql/extension_runner.py)."""
        return LeanExtensionsRunner(execution_context=execution_context, extensions=extensions)

    def _get_custom_context_kwargs(
        self, operation_extensions: dict[str, Any] | None = None, *, sync: bool = False
    ) -> dict[str, Any]:
        """graphql-core's `hide_suggestions` for execution too, so a bad enum value in the
        variables gets no "Did you mean …" (validation hides them in gql/limits.py)."""
        kwargs = super()._get_custom_context_kwargs(operation_extensions, sync=sync)
        return {**kwargs, "hide_suggestions": True}


@cache
def build_schema(*, development: bool = False) -> strawberry.Schema:
    """The schema; `development` allows introspection (GraphiQL needs it)."""
    schema = QsmSchema(
        query=Query,
        mutation=Mutation,
        subscription=LiveSubscriptions,
        types=[SellerViewer, BuyerViewer],
        extensions=schema_extensions(development=development),
        config=StrawberryConfig(disable_field_suggestions=True),
        scalar_overrides=SCALAR_OVERRIDES,
        # plain leaf fields without graphql-core's per-field machinery (same answers)
        execution_context_class=FastExecutor,
    )
    # Descriptions the code leaves out (domain enum values, repeated connection and payload
    # members), filled on graphql-core's schema, which introspection and the SDL print.
    describe(schema._schema)
    # the hot pages' labels, `delayed` and a claim's joined order without Strawberry's
    # per-call wrapper (gql/fast_fields.py); the answers are the same
    fast_fields.install(schema._schema)
    # the order detail's object fields synchronous when the panel already read their rows
    order_fields.install(schema._schema)
    # enum answers by a dict lookup, not Strawberry's scan of the values (gql/fast_enums.py)
    fast_enums.install(schema._schema)
    grid.install(schema._schema)  # the grid's 18 labels on the same plain path
    # a document without directives has its root fields collected once, not per request
    install_shared_roots()
    return schema


def sdl() -> str:
    """The schema as SDL text, exactly what `gql/schema.graphql` holds."""
    return build_schema(development=False).as_str().rstrip("\n") + "\n"
