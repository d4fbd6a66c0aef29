"""An httpx transport that vets the address it actually connects to (defeats DNS rebinding)."""
from __future__ import annotations

import httpcore
import httpx

from sources.httpx_backend import install_network_backend
from sources.urlsafety import vetted_addresses


class SafeNetworkBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses non-public addresses, and connects to a vetted address."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = vetted_addresses(host, port=port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        raise last_error or httpcore.ConnectError(f"cannot connect to {host}")


def make_transport(*, allow_private: bool, http2: bool = False) -> httpx.HTTPTransport:
    """A plain transport (HTTP/2 offered over TLS when ``http2``); with ``allow_private`` off, every
    connection goes through SafeNetworkBackend."""
    transport = httpx.HTTPTransport(trust_env=False, retries=0, http2=http2)
    if not allow_private:
        install_network_backend(transport, SafeNetworkBackend())
    return transport
