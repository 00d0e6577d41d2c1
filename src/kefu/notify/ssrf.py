"""The SSRF guard of webhooks: resolve the host once, refuse inside addresses, pin the address.

A webhook URL is typed by an admin but the request leaves from the server, so it could reach
the database, the cloud metadata service or a router. Every address the host resolves to must
be a public one (not loopback, private, link-local, multicast, reserved, unspecified, shared or
a metadata address) unless an admin allow-listed the host itself. The connection then goes to
the address that was checked, so a DNS answer that changes in between (rebinding) is not
followed, and redirects are never followed. Implements P-06.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services (AWS/GCP/Azure, Alibaba Cloud, AWS IPv6); also refused when allowed.
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "100.100.100.200", "fd00:ec2::254")
)


class Refused(Exception):
    """The URL may not be called; the message says why (it names no person)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP the connection goes to


def inside(address: IPAddress) -> bool:
    """True for any address that is not on the public internet."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"the host {host} does not resolve") from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def check_url(url: str, allowed_hosts: frozenset[str]) -> Target:
    """The checked target of ``url``, or ``Refused``. ``allowed_hosts`` are lower-case hosts."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https URLs with a host can be called")
    if parts.username or parts.password:
        raise Refused("credentials in the URL are not allowed")
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses:
        raise Refused(f"the host {host} does not resolve")
    for address in addresses:
        if address in METADATA:
            raise Refused(f"{host} resolves to a cloud metadata address")
        if inside(address) and host not in allowed_hosts:
            raise Refused(f"{host} resolves to the inside address {address}; not allow-listed")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, str(addresses[0]))


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the certificate checked against the host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(raw, server_hostname=self.host)


def post(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body`` to the checked address; the HTTP status. Redirects are not followed."""
    if target.scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPS(target, timeout)
    else:
        connection = http.client.HTTPConnection(target.address, target.port, timeout=timeout)
    try:
        default_port = 443 if target.scheme == "https" else 80
        host = target.host if target.port == default_port else f"{target.host}:{target.port}"
        connection.request("POST", target.path, body=body, headers={**headers, "Host": host})
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()
