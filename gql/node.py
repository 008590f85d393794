"""`node(id:)` and `nodes(ids:)`: any object the viewer may see, by its global ID (Relay
Global Object Identification), so a client can refetch what it holds without knowing
the path it came by.

Access is the rest of the API's: a seller sees the objects of their own orders, a buyer
those of theirs; notices only their recipient; inquiries only the seller who filed them;
an account only itself. Anything else (another party's object, a garbage ID, an unknown
type, a row that does not exist) is null, all alike, so an answer never tells whether
someone else's object exists.

Batched: the IDs are grouped by type and each type is read with one query (two for
notices, which add their order numbers), whatever the number of IDs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeAlias

import strawberry

from gql import ids
from gql.auth.types import BuyerViewer, SellerViewer
from gql.claims.types import Claim, ClaimEvent, ClaimWithdrawal
from gql.context import Account, Info
from gql.exports.types import Export
from gql.inquiries.types import Inquiry
from gql.memos.types import Memo
from gql.node_type import Node
from gql.notifications.types import Notification
from gql.orders.types import Order
from gql.webhooks.types import WebhookDelivery, WebhookEndpoint
from models import entities
from models.entities import Seller
from models.messages import input_refusal
from models.policy import NODES_MAX_IDS
from models.screens import inbox
from models.screens import webhooks as webhook_screen

#: Reads the objects of one type among `pks` that `viewer` may see, by row id.
Reader: TypeAlias = Callable[[Account, list[int], Info], Awaitable[dict[int, Node]]]


def _party(viewer: Account, prefix: str = "") -> dict[str, Any]:
    """The filter of the viewer's side of a row (`seller_id` or `buyer_id`, through
    `prefix` for rows that hang off a claim)."""
    column = "seller_id" if isinstance(viewer, Seller) else "buyer_id"
    return {prefix + column: viewer.id}


async def _orders(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    rows = await entities.Order.filter(id__in=pks, **_party(viewer))
    for row in rows:  # a claim or memo of the same call reads its order from here
        info.context.loaders.order_by_id.prime(row.id, row)
    return {row.id: Order.from_model(row) for row in rows}


async def _claims(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    rows = await entities.Claim.filter(id__in=pks, **_party(viewer))
    return {row.id: Claim.from_model(row) for row in rows}


async def _rounds(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    rows = await entities.WithdrawalRound.filter(id__in=pks, **_party(viewer, "claim__"))
    return {row.id: ClaimWithdrawal.from_model(row) for row in rows}


async def _events(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    rows = await entities.ClaimEvent.filter(id__in=pks, **_party(viewer, "claim__"))
    return {row.id: ClaimEvent.from_model(row) for row in rows}


async def _memos(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    # the memo's own seller / buyer columns, as `memos` and `memoBox` scope them
    rows = await entities.Memo.filter(id__in=pks, **_party(viewer))
    return {row.id: Memo.from_model(row) for row in rows}


async def _notifications(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    notices = await inbox.by_ids(pks, **_party(viewer))
    return {n.id: Notification.from_notice(n) for n in notices}


async def _inquiries(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    if not isinstance(viewer, Seller):  # only sellers file inquiries
        return {}
    rows = await entities.Inquiry.filter(id__in=pks, seller_id=viewer.id)
    return {row.id: Inquiry.from_model(row) for row in rows}


async def _sellers(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    mine = isinstance(viewer, Seller) and viewer.id in pks
    return {viewer.id: SellerViewer.from_model(viewer)} if mine else {}  # type: ignore[arg-type]


async def _buyers(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    mine = isinstance(viewer, entities.Buyer) and viewer.id in pks
    return {viewer.id: BuyerViewer.from_model(viewer)} if mine else {}  # type: ignore[arg-type]


async def _exports(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    if not isinstance(viewer, Seller):  # only sellers export
        return {}
    rows = await entities.Export.filter(id__in=pks, seller_id=viewer.id)
    return {row.id: Export.from_model(row) for row in rows}


async def _webhook_endpoints(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    if not isinstance(viewer, Seller):  # only sellers have endpoints
        return {}
    rows = await webhook_screen.endpoints_by_ids(viewer.id, pks)
    return {row.id: WebhookEndpoint.from_model(row) for row in rows}


async def _webhook_deliveries(viewer: Account, pks: list[int], info: Info) -> dict[int, Node]:
    if not isinstance(viewer, Seller):
        return {}
    rows = await webhook_screen.deliveries_by_ids(viewer.id, pks)
    return {row.delivery.id: WebhookDelivery.from_row(row) for row in rows}


#: The type name an ID carries (`ids.encode`) -> its reader.
READERS: dict[str, Reader] = {
    "Order": _orders,
    "Claim": _claims,
    "ClaimWithdrawal": _rounds,
    "ClaimEvent": _events,
    "Memo": _memos,
    "Notification": _notifications,
    "Inquiry": _inquiries,
    "Seller": _sellers,
    "Buyer": _buyers,
    "Export": _exports,
    "WebhookEndpoint": _webhook_endpoints,
    "WebhookDelivery": _webhook_deliveries,
}


def _key(global_id: str) -> tuple[str, int] | None:
    """`(type name, row id)` if the ID can name a readable row, else None."""
    parsed = ids.parse(global_id)
    if parsed is None or parsed[0] not in READERS or not ids.in_range(parsed[1]):
        return None
    return parsed


async def fetch(info: Info, global_ids: list[str]) -> list[Node | None]:
    """The objects named by `global_ids`, in their order, null where the viewer may not
    see one; one read per type."""
    ctx = info.context
    viewer = ctx.require_viewer()
    await ctx.sweep_on_read()
    keys = [_key(g) for g in global_ids]
    wanted: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        if key is not None:
            wanted[key[0]].add(key[1])
    found: dict[str, dict[int, Node]] = {}
    for type_name, pks in wanted.items():
        found[type_name] = await READERS[type_name](viewer, sorted(pks), info)
    return [None if key is None else found[key[0]].get(key[1]) for key in keys]


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="The object with this global ID (Relay refetch), for a seller or a "
        "buyer; null when it is not the viewer's, does not exist, or the ID is not one of "
        "ours (all alike)."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="A global ID, e.g. `Claim.id`.")
        ],
    ) -> Node | None:
        return (await fetch(info, [id]))[0]

    @strawberry.field(
        description=f"The objects with these global IDs, in the same order and number, "
        f"null in place of each one `node` would answer null for. At most "
        f"{NODES_MAX_IDS} IDs (more: INVALID_INPUT on `ids`); one database read per type."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description=f"Global IDs, at most {NODES_MAX_IDS}."),
        ],
    ) -> list[Node | None]:
        info.context.require_viewer()
        if len(ids) > NODES_MAX_IDS:
            raise input_refusal("ids", "node.too_many", max=str(NODES_MAX_IDS))
        return await fetch(info, list(ids))
