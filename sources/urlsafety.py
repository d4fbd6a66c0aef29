"""Refuse URLs that point inside our own network: loopback, private, link-local, CGNAT, metadata.

Every spelling of an address counts: ``127.1``, ``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
``[::ffff:127.0.0.1]``, and DNS names that resolve there (every resolved address is checked).
``check_url`` is called before a request and on every redirect target; ``vetted_addresses`` is used
again at connect time, so a name that changes its answer between check and connect is caught too.

The host is read once, and the HTTP client must read it the same way: a host outside ASCII (``８.８.８.８``
in fullwidth digits reads as 8.8.8.8 here, as invalid to httpx) is refused; write a name in its ``xn--``
form. A URL carrying a user name or password is refused (it would be stored and shown to readers).
A refusal names the host as given, never the internal address a name resolves to.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from sources.errors import SourceUnavailable, UnsafeURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

BLOCKED_NAMES = {"localhost", "metadata.google.internal", "metadata", "instance-data", "metadata.azure.internal"}
METADATA_ADDRESSES = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                      ipaddress.ip_address("100.100.100.200")}
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeURL unless ``url`` is http(s) on a public address.

    With ``allow_private`` only the scheme and the presence of a host are checked (tests, the demo).
    Raises SourceUnavailable when the host name cannot be resolved.
    """
    host = url_host(url)
    try:
        httpx.URL(url.strip())
    except httpx.InvalidURL as exc:  # what the client would refuse to fetch, refused here as a bad URL
        if not allow_private and parse_ip_literal(host) is not None:
            vetted_addresses(host, url=url)  # an internal address in an odd spelling: say that instead
        raise UnsafeURL(f"Not a valid URL: {exc}", url=url) from None
    if not allow_private:
        vetted_addresses(host, url=url)


def url_host(url: str) -> str:
    """The lower-cased host of an http(s) URL; raises UnsafeURL for other schemes or no host."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError as exc:
        raise UnsafeURL(f"Not a valid URL: {exc}", url=url) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURL(f"Only http and https URLs are allowed, not {parts.scheme or 'no scheme'!r}", url=url)
    if "@" in parts.netloc:
        raise UnsafeURL("A URL with a user name or password is refused: it would be stored and shown to "
                        "every reader", url=without_credentials(url))
    if not host:
        raise UnsafeURL("The URL has no host", url=url)
    host = unquote(host).rstrip(".").lower()
    if not host.isascii():
        raise UnsafeURL(f"The host {host!r} is not ASCII; write a domain name in its xn-- form", url=url)
    return host


def vetted_addresses(host: str, *, url: str | None = None, port: int = 80) -> list[IPAddress]:
    """Every address ``host`` stands for, all checked public; raises UnsafeURL if any is not."""
    host = host.strip("[]").rstrip(".").lower()
    if host in BLOCKED_NAMES or host.endswith(".localhost") or host.endswith(".internal"):
        raise UnsafeURL(f"The host {host!r} is an internal name", url=url)
    literal = parse_ip_literal(host)
    addresses = [literal] if literal is not None else _resolve(host, port, url)
    for address in addresses:
        reason = unsafe_reason(address)
        if reason:
            what = f"{reason} address {host}" if str(address) == host else f"{host!r}: it resolves to a {reason} address"
            raise UnsafeURL(f"Refusing {what}; set ROADMAP_ALLOW_PRIVATE_URLS=1 to allow it", url=url)
    return addresses


def without_credentials(url: str) -> str:
    """``url`` without a user name or password (for messages and logs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an invalid URL)"
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def unsafe_reason(address: IPAddress) -> str | None:
    """Why an address must not be fetched ('loopback', 'private', ...), or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return unsafe_reason(embedded)
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    checks = (("loopback", address.is_loopback), ("unspecified", address.is_unspecified),
              ("link-local", address.is_link_local), ("multicast", address.is_multicast),
              ("carrier-grade NAT", isinstance(address, ipaddress.IPv4Address) and address in CGNAT),
              ("private", address.is_private), ("reserved", address.is_reserved),
              ("non-public", not address.is_global))
    return next((name for name, hit in checks if hit), None)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host string spells, in any form a resolver accepts (``127.1``, ``0x7f.1``...), else None."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(parts):
        return None
    try:
        numbers = [_inet_aton_part(p) for p in parts]
    except ValueError:
        return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (5 - len(parts)) + last
    return ipaddress.IPv4Address(value)


def _inet_aton_part(part: str) -> int:
    lowered = part.lower()
    if lowered.startswith("0x"):
        return int(lowered[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    if not part.isdigit():
        raise ValueError(part)
    return int(part)


def _resolve(host: str, port: int, url: str | None) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceUnavailable(f"Cannot resolve host {host!r}: {exc}", url=url) from exc
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise SourceUnavailable(f"Host {host!r} has no address", url=url)
    return addresses
