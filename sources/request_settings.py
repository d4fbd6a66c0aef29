"""Per-source request settings (``request:`` in sources.yaml), checked once when the config is read.

    request:
      headers: {User-Agent: "...", Accept-Language: "ja"}   # sent with every request to the source
      http2: true                                            # negotiate HTTP/2 (httpx's own, via h2)

Without them a source gets our honest User-Agent with its contact URL (settings.user_agent). Headers
that the fetcher owns (conditional requests, compression, framing) or that carry credentials are
refused here rather than silently overridden or stored in a config file.
"""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, StrictBool, StrictStr
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

# The fetcher sets these itself; credentials do not belong in a config file.
REFUSED_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "te", "upgrade",
                   "accept-encoding", "if-none-match", "if-modified-since", "cookie", "authorization",
                   "proxy-authorization"}
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP header name (RFC 9110 token)
_BAD_VALUE = re.compile(r"[\r\n\x00]")


def _header_name(name: str) -> str:
    if not _TOKEN.match(name):
        raise ValueError(f"{name!r} is not a header name")
    return name


def _header_value(value: str) -> str:
    if not value.strip() or _BAD_VALUE.search(value):
        raise ValueError("must be a non-empty one-line string")
    return value


def _allowed_headers(headers: dict[str, str]) -> dict[str, str]:
    for name in headers:
        if name.lower() in REFUSED_HEADERS:
            raise PydanticCustomError("config_rule", "is set by the fetcher or carries credentials; not "
                                      "configurable", {"at": name})  # `at`: the key at fault, for the message
    return headers


HeaderName = Annotated[StrictStr, AfterValidator(_header_name)]
HeaderValue = Annotated[StrictStr, AfterValidator(_header_value)]


class RequestSettings(TypedDict, total=False):
    """``request:`` of a source entry; a plain dict once validated."""
    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    headers: Annotated[dict[HeaderName, HeaderValue], AfterValidator(_allowed_headers)]
    http2: StrictBool
