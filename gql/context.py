"""The per-request context: who is calling, in which language, and the request's loaders.

Built by `gql.app.QsmGraphQL.get_context`; resolvers read it as `info.context`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TypeAlias

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from access.settings import Settings
from gql.loaders import Loaders
from models.entities import Buyer, Seller
from models.enums import Lang
from models.errors import DomainError, ErrorCode
from models.messages import keyed_refusal
from models.ops import sweep

Account: TypeAlias = Seller | Buyer

#: Languages a message can be given in; anything else falls back to zh (the manual's).
MESSAGE_LANGS = {"zh": Lang.ZH, "ja": Lang.JA, "en": Lang.EN}


def lang_from_header(accept_language: str | None) -> Lang:
    """The first of zh / ja / en named by `Accept-Language` (order kept, q ignored), else zh.

    Why a header and not an argument on every mutation: the portal and GraphiQL set it
    once, and the label fields keep their explicit `lang` argument for mixed pages.
    """
    for part in (accept_language or "").split(","):
        tag = part.split(";", 1)[0].strip().lower()
        primary = tag.split("-", 1)[0]
        if primary in MESSAGE_LANGS:
            return MESSAGE_LANGS[primary]
    return Lang.ZH


#: Which sign-in a refusal asks for -> its catalogue sentence (models/messages.py).
SIGN_IN_KEYS = {
    "this": "signin.required",
    "this as a seller": "signin.required_seller",
    "this as a buyer": "signin.required_buyer",
}


def unauthenticated(what: str = "this") -> DomainError:
    """UNAUTHENTICATED with a sentence in the caller's language."""
    return keyed_refusal(ErrorCode.UNAUTHENTICATED, SIGN_IN_KEYS.get(what, "signin.required"))


@dataclass
class Context:
    request: Request
    response: Response
    settings: Settings
    #: The signed-in seller or buyer (session token from the bearer header or the cookie).
    viewer: Account | None
    #: The session token the viewer came with (logout ends exactly this session).
    token: str | None
    lang: Lang = Lang.ZH
    #: A WebSocket's `connection_init` payload (set by Strawberry; see gql/app.py).
    connection_params: dict[str, object] | None = None
    _sweep: asyncio.Future[int] | None = None
    _loaders: Loaders | None = field(default=None, repr=False)

    @property
    def loaders(self) -> Loaders:
        """The request's dataloaders, built on first use: most requests (`viewer`, the
        grid, the claims page) never ask one, and the eight of them cost a tenth of a
        small request."""
        if self._loaders is None:
            self._loaders = Loaders()
        return self._loaders

    @loaders.setter
    def loaders(self, loaders: Loaders) -> None:
        """A long subscription starts each answer with fresh ones (gql/live.py)."""
        self._loaders = loaders

    def require_viewer(self) -> Account:
        if self.viewer is None:
            raise unauthenticated()
        return self.viewer

    def require_seller(self) -> Seller:
        """The signed-in seller; a buyer gets the same UNAUTHENTICATED as an anonymous
        caller (seller-only fields and mutations need a seller sign-in)."""
        if not isinstance(self.viewer, Seller):
            raise unauthenticated("this as a seller")
        return self.viewer

    def require_buyer(self) -> Buyer:
        if not isinstance(self.viewer, Buyer):
            raise unauthenticated("this as a buyer")
        return self.viewer

    async def sweep_on_read(self) -> None:
        """Expire the viewer's overdue withdrawal rounds once per request before reading,
        so no page shows a request as pending after its deadline day (§5.8).

        Root fields of a query resolve concurrently: they all await the one sweep, so
        none reads before it is done.
        """
        if self.viewer is None:
            return
        if self._sweep is None:
            viewer = self.viewer
            work = (
                sweep.sweep_seller(viewer.id)
                if isinstance(viewer, Seller)
                else sweep.sweep_buyer(viewer.id)
            )
            self._sweep = asyncio.ensure_future(work)
        await asyncio.shield(self._sweep)


Info: TypeAlias = strawberry.Info[Context, None]
