"""Who a client is, for rate limits: what the client cannot choose.

``client_ip(request, trusted)`` is the peer's address, unless the peer is one of the
configured trusted proxies (``MIZ_TRUSTED_PROXIES``, addresses or networks): then it is
the nearest address in ``X-Forwarded-For`` that is not itself a trusted proxy (the
header is read from the right, so a value the client wrote at its left end is never
believed). Nothing a client sends in a body (an agency's name, a label) is part of a
key. ``miz-server serve`` runs uvicorn without its own proxy-header handling, so this
is the one place that decides.

Request threads of uvicorn workers (stateless).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from fastapi import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Iterable[str]) -> list[Network]:
    """The trusted proxies as networks (a bare address is a one-address network)."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _trusted(address: str, trusted: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_ip(request: Request, trusted: list[Network]) -> str:
    peer = request.client.host if request.client else ""
    if not _trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer
