"""The client's address, believing `X-Forwarded-For` only from configured proxies.

The address keys the login throttle's per-address counter, so a header anyone can send
must not choose it: from a peer outside `Settings.trusted_proxies` (QSM_TRUSTED_PROXIES,
none by default) the header is ignored. From a trusted proxy, the hops are read right to
left and the first one that is not itself a trusted proxy is the client (the left part of
the header is whatever the client claimed). `qsm serve` keeps uvicorn from rewriting the
peer address itself unless the same proxies are configured (web/cli.py).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import HTTPConnection

from access.settings import IPNetwork

UNKNOWN = "unknown"


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Iterable[IPNetwork]
) -> bool:
    return any(ip.version == net.version and ip in net for net in proxies)


def client_address(conn: HTTPConnection, trusted_proxies: tuple[IPNetwork, ...] = ()) -> str:
    """The address to hold this request's caller to."""
    peer = _ip(conn.client.host) if conn.client else None
    if peer is None:
        return conn.client.host if conn.client else UNKNOWN
    if not trusted_proxies or not _trusted(peer, trusted_proxies):
        return str(peer)
    hops = [h for v in conn.headers.getlist("x-forwarded-for") for h in v.split(",") if h.strip()]
    client = peer
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:  # garbage: stop at the nearest address a trusted proxy vouched for
            break
        client = ip
        if not _trusted(ip, trusted_proxies):
            break
    return str(client)


def uvicorn_proxy_options(trusted_proxies: tuple[IPNetwork, ...]) -> dict[str, object]:
    """uvicorn's own proxy handling, limited to the same proxies as `client_address`.

    Left to its defaults, uvicorn rewrites the peer address (and scheme) from
    `X-Forwarded-For` / `-Proto` for any request from 127.0.0.1 (`forwarded_allow_ips`, or
    FORWARDED_ALLOW_IPS), so a local client could pick its address per request.
    """
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": [str(n) for n in trusted_proxies]}
