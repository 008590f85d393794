"""Who is signed in: a seller (shop) or a buyer, both behind the `Viewer` interface."""

from __future__ import annotations

import strawberry

from gql import ids
from gql.enums import ViewerKind
from gql.node_type import Node
from models.entities import Buyer as BuyerEntity
from models.entities import Seller as SellerEntity


@strawberry.interface(description="The signed-in account.")
class Viewer(Node):
    login_id: str
    kind: ViewerKind
    display_name: str = strawberry.field(
        description="What the UI greets with: the shop name, or the buyer's masked id."
    )
    lang: str = strawberry.field(description="Preferred UI language (zh, ja, en).")


@strawberry.type(name="SellerViewer", description="A shop signed in to J·QSM.")
class SellerViewer(Viewer):
    shop_name: str

    @classmethod
    def from_model(cls, row: SellerEntity) -> SellerViewer:
        return cls(
            id=strawberry.ID(ids.encode("Seller", row.id)),
            login_id=row.login_id,
            kind=ViewerKind.SELLER,
            display_name=row.shop_name,
            lang=row.lang,
            shop_name=row.shop_name,
        )


@strawberry.type(name="BuyerViewer", description="A customer signed in to MyQoo10.")
class BuyerViewer(Viewer):
    masked_id: str = strawberry.field(description="As sellers see it, e.g. s*****.")
    country: str

    @classmethod
    def from_model(cls, row: BuyerEntity) -> BuyerViewer:
        return cls(
            id=strawberry.ID(ids.encode("Buyer", row.id)),
            login_id=row.login_id,
            kind=ViewerKind.BUYER,
            display_name=row.masked_id,
            lang=row.lang,
            masked_id=row.masked_id,
            country=row.country,
        )


def viewer_from_account(account: SellerEntity | BuyerEntity) -> Viewer:
    if isinstance(account, SellerEntity):
        return SellerViewer.from_model(account)
    return BuyerViewer.from_model(account)
