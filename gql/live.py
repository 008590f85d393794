"""The subscriptions: `claimChanged` and `notificationReceived`, over graphql-transport-ws
(WebSocket) and graphql-sse (distinct connections mode), both on `/graphql`.

Each subscription listens to the change feed (`models.live.HUB`, fed by PostgreSQL
LISTEN/NOTIFY or, on SQLite, in-process after commit) for the viewer's account only, and
re-reads what a change names through the read models with the viewer's access rules, so
an event never carries more than a query would show. It subscribes before its first
`await`, so nothing committed after the subscription started is missed.

A subscription lasts as long as the session it was opened with, as the portal's stream
does (web/portal/live.py): the session is checked before every answer and every
`SESSION_CHECK_SECONDS` without one, and once it has ended (sign-out, expiry) the
subscription ends with UNAUTHENTICATED. A socket signed in once is not a key that outlives
the sign-out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator

import strawberry

from gql.claims.types import Claim
from gql.context import Info, unauthenticated
from gql.loaders import Loaders
from gql.notifications.types import Notification
from models import live
from models.entities import Seller
from models.ops.accounts import session_account
from models.screens import claim_list, inbox

#: Seconds between session checks of a subscription that has nothing to send (the portal's
#: stream checks as often, web/portal/live.py).
SESSION_CHECK_SECONDS = 15.0


async def _require_session(info: Info) -> None:
    """Raises UNAUTHENTICATED once the session the subscription was opened with has ended."""
    viewer = info.context.require_viewer()
    account = await session_account(info.context.token)
    if account is None or type(account) is not type(viewer) or account.id != viewer.id:
        raise unauthenticated()


async def _bursts(info: Info, sub: live.Subscription) -> AsyncIterator[list[live.Change]]:
    """The subscription's changes, a burst (a bulk request, a sweep) at a time, while the
    viewer's session lasts."""
    while True:
        try:
            first = await asyncio.wait_for(sub.next(), SESSION_CHECK_SECONDS)
        except TimeoutError:
            await _require_session(info)
            continue
        await _require_session(info)
        yield [first, *sub.drain()]


def _scope(info: Info) -> dict[str, int]:
    viewer = info.context.require_viewer()
    if isinstance(viewer, Seller):
        return {"seller_id": viewer.id}
    return {"buyer_id": viewer.id}


@strawberry.type(
    name="Subscription", description="Live updates (graphql-transport-ws or graphql-sse)."
)
class LiveSubscriptions:
    @strawberry.subscription(
        description="Each change of one of the viewer's claims (a seller's or a buyer's): a "
        "withdrawal requested, cancelled, re-requested, accepted, rejected, expired or "
        "voided, a status move, a new claim. Yields the claim as it is after the change."
    )
    async def claim_changed(self, info: Info) -> AsyncGenerator[Claim, None]:
        scope = _scope(info)
        with live.HUB.subscribe(kinds=("claim",), **scope) as sub:
            await _require_session(info)  # a socket's later subscribe, after a sign-out
            async for burst in _bursts(info, sub):
                # A burst becomes one re-read per claim.
                claim_ids = dict.fromkeys(c.claim_id for c in burst)
                for claim_id in claim_ids:
                    if claim_id is None:
                        continue
                    row = await claim_list.one(claim_id, **scope)
                    if row is not None:
                        # Fresh loaders: a long subscription must not answer from the cache
                        # of an earlier event.
                        info.context.loaders = Loaders()
                        yield Claim.from_model(row)

    @strawberry.subscription(
        description="Each new notice in the viewer's inbox (Qpost or MyQoo10), oldest first."
    )
    async def notification_received(self, info: Info) -> AsyncGenerator[Notification, None]:
        scope = _scope(info)
        # The newest notice before subscribing, then one look right after: a notice that
        # arrives in between is yielded by that look instead of being lost.
        seen = max((n.id for n in (await inbox.read(**scope)).notices), default=0)
        with live.HUB.subscribe(kinds=("notice",), **scope) as sub:
            await _require_session(info)  # a socket's later subscribe, after a sign-out
            bursts = _bursts(info, sub)
            while True:
                fresh = [n for n in (await inbox.read(**scope)).notices if n.id > seen]
                for notice in sorted(fresh, key=lambda n: n.id):
                    seen = max(seen, notice.id)
                    yield Notification.from_notice(notice)
                await anext(bursts)
