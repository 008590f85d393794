"""The SSRF guard: only http(s) URLs, and never an address of this host or a private
network, checked at registration AND before every attempt (DNS may change between), and
pinned at the connection itself: `PinnedBackend` connects only to an address it has just
resolved and checked, so a name that answers a public address to the check and a private
one to the connection (DNS rebinding) reaches nothing. TLS still verifies the certificate
against the URL's host name (httpcore sends the origin's name for SNI, not the address).

Refused ranges: loopback, private (RFC 1918, unique-local), link-local (cloud metadata at
169.254.169.254), multicast, unspecified, reserved, and this machine's own interface
addresses. `QSM_WEBHOOK_ALLOW_PRIVATE=1` lifts the address rule (tests deliver to a
receiver on 127.0.0.1; an on-premises integrator may need it); the scheme rule stays.
Read here, like `QSM_JOB_STALLED_AFTER` in models/jobs: the dispatcher runs in workers
that have no `access.settings`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from models import policy
from models.errors import DomainError
from models.messages import input_refusal

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def allow_private() -> bool:
    return os.environ.get("QSM_WEBHOOK_ALLOW_PRIVATE", "").strip().lower() in {"1", "true", "yes"}


def check_syntax(url: str) -> tuple[str, int]:
    """(host, port) of an http(s) URL, else a refusal naming what is wrong."""
    if not url or len(url) > policy.WEBHOOK_URL_MAX_LENGTH:
        raise input_refusal("url", "webhooks.url_invalid")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise input_refusal("url", "webhooks.url_invalid") from None
    if parts.scheme not in ("http", "https"):
        raise input_refusal("url", "webhooks.url_scheme")
    if not parts.hostname or parts.username or parts.password:
        raise input_refusal("url", "webhooks.url_invalid")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _own_addresses() -> set[Address]:
    """This machine's addresses (as far as its host name resolves)."""
    own: set[Address] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            own.add(ipaddress.ip_address(info[4][0].split("%")[0]))
    except OSError:
        pass
    return own


def forbidden(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
        or address in _own_addresses()
    )


async def resolve(host: str, port: int) -> list[Address]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise input_refusal("url", "webhooks.url_unresolvable", host=host) from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


async def addresses_of(host: str, port: int) -> list[Address]:
    """The host itself when it is an IP literal (`[…]` for IPv6), else what it resolves to."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        return await resolve(host, port)


async def check(url: str) -> None:
    """Refuse `url` unless it is http(s) and every address it resolves to is public (or
    the setting allows private ones). Raises a DomainError with a catalogue sentence."""
    host, port = check_syntax(url)
    if allow_private():
        return
    addresses = await addresses_of(host, port)
    if not addresses or any(forbidden(a) for a in addresses):
        raise input_refusal("url", "webhooks.url_private", host=host)


async def refusal_reason(url: str) -> str | None:
    """For the dispatcher: None when `url` may be delivered to now, else a short reason."""
    try:
        await check(url)
    except DomainError as exc:
        return str(exc)
    return None


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend for webhook POSTs: resolves the host once, refuses the
    connection when any address is forbidden (as `check` does), and connects to a checked
    address, so no second lookup can answer something else."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await addresses_of(host, port)
        except DomainError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        if not addresses or (not allow_private() and any(forbidden(a) for a in addresses)):
            raise httpcore.ConnectError(f"refused: {host} resolves to a private address")
        return await self._inner.connect_tcp(
            str(addresses[0]),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("refused: webhooks go over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def pinned_transport() -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through `PinnedBackend` (httpx has no
    argument for httpcore's network backend: its pool's is replaced, and
    tests/models/test_webhooks_dispatch.py fails should that attribute ever move)."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    transport._pool._network_backend = PinnedBackend()  # noqa: SLF001
    return transport
