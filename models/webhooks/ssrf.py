"""The SSRF guard: only http(s) URLs, and never an address of this host or a private
network, checked at registration AND before every attempt (DNS may change between).

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
from urllib.parse import urlsplit

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


async def check(url: str) -> None:
    """Refuse `url` unless it is http(s) and every address it resolves to is public (or
    the setting allows private ones). Raises a DomainError with a catalogue sentence."""
    host, port = check_syntax(url)
    if allow_private():
        return
    try:
        literal: Address | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    addresses = [literal] if literal is not None else await resolve(host, port)
    if not addresses or any(forbidden(a) for a in addresses):
        raise input_refusal("url", "webhooks.url_private", host=host)


async def refusal_reason(url: str) -> str | None:
    """For the dispatcher: None when `url` may be delivered to now, else a short reason."""
    try:
        await check(url)
    except DomainError as exc:
        return str(exc)
    return None
