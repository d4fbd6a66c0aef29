"""The request handler of the sample server, and the ways it can misbehave on purpose."""
from __future__ import annotations

import re
import socket
import struct
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

HUGE_BYTES = 20 * 1024 * 1024
FAULTS = {
    "304": "answer 304 Not Modified whatever was asked",
    "403": "answer 403 Forbidden",
    "404": "answer 404 Not Found",
    "429": "answer 429 with Retry-After (param retry_after, default 1)",
    "500": "answer 500 Internal Server Error",
    "503": "answer 503 Service Unavailable",
    "slow": "wait (param delay, default 2 s) before answering normally",
    "drip": "answer at once, then send the body a few bytes at a time (params interval, default 0.2 s; size)",
    "cutoff": "announce a Content-Length larger than the body sent, then close",
    "reset": "reset the connection without answering",
    "wrong-charset": "serve the page with a wrong charset in Content-Type (param charset)",
    "no-charset": "serve the page with no charset in Content-Type",
    "huge": "stream a 20 MB body (param size)",
    "redirect-loop": "redirect the path to itself",
    "redirect-private": "redirect to a private/metadata address (param target)",
    "malformed": "serve a broken copy of the page (param body to choose it)",
}


@dataclass
class Fault:
    mode: str
    params: dict = field(default_factory=dict)


@dataclass
class RequestRecord:
    """One request a sample site answered, as tests read it (site.requests)."""
    method: str
    path: str
    query: str
    headers: dict[str, str]
    status: int = 0


class SampleHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # a stuck client cannot pin a thread for long
    server_version = "RoadmapSampleSite/1.0"
    # Headers and body go out in separate writes; with Nagle on, the body waits for the client's
    # delayed ACK (~40 ms on Linux) and every response took ~44 ms instead of ~1 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args) -> None:  # quiet: tests read site.requests instead
        return

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        record = RequestRecord(self.command, parts.path, parts.query, dict(self.headers.items()))
        site.log(record)
        fault = site.take_fault(parts.path)
        if fault is not None and fault.mode == "slow":
            site.stopping.wait(float(fault.params.get("delay", 2)))
            fault = None
        if fault is not None and self._misbehave(fault, record, site):
            return
        page = site.page(parts.path)
        if page is None:
            return self._send(record, 404, b"<html><body><h1>Not found</h1></body></html>", "text/html; charset=utf-8")
        ctype = _content_type(page, fault)
        body = _malformed(page.body, fault) if fault and fault.mode == "malformed" else page.body
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if (inm and page.etag in [t.strip() for t in inm.split(",")]) or (not inm and ims == page.last_modified):
            return self._send(record, 304, b"", None, {"ETag": page.etag, "Last-Modified": page.last_modified})
        self._send(record, 200, b"" if head else body, ctype,
                   {"ETag": page.etag, "Last-Modified": page.last_modified}, length=len(body))

    def _misbehave(self, fault: Fault, record, site) -> bool:
        mode, p = fault.mode, fault.params
        if mode in ("403", "404", "500", "503"):
            self._send(record, int(mode), f"<html><body>{mode}</body></html>".encode(), "text/html; charset=utf-8")
        elif mode == "304":
            self._send(record, 304, b"", None)
        elif mode == "429":
            self._send(record, 429, b"slow down", "text/plain", {"Retry-After": str(p.get("retry_after", 1))})
        elif mode == "redirect-loop":
            self._send(record, 302, b"", None, {"Location": self.path})
        elif mode == "redirect-private":
            self._send(record, 302, b"", None,
                       {"Location": p.get("target", "http://169.254.169.254/latest/meta-data/")})
        elif mode == "reset":
            record.status = -1
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif mode == "cutoff":
            page = site.page(record.path)
            body = page.body if page else b"x" * 1000
            record.status = 200
            self._head(200, page.content_type if page else "text/html", {"Content-Length": str(len(body) + 5000)})
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif mode == "huge":
            self._huge(record, int(p.get("size", HUGE_BYTES)))
        elif mode == "drip":
            self._drip(record, site, float(p.get("interval", 0.2)), int(p.get("size", 4)))
        else:
            return False
        return True

    def _huge(self, record, size: int) -> None:
        record.status = 200
        self._head(200, "text/html; charset=utf-8", {"Connection": "close"})
        self.close_connection = True
        chunk = b"<p>" + b"sample filler " * 4680 + b"</p>\n"
        sent = 0
        try:
            while sent < size and not self.server.site.stopping.is_set():  # type: ignore[attr-defined]
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up over its size cap, as it should

    def _drip(self, record, site, interval: float, size: int) -> None:
        """Each piece arrives well within any read timeout; only a total deadline ends the wait."""
        page = site.page(record.path)
        body = page.body if page else b"<html><body>" + b"x" * 1000 + b"</body></html>"
        record.status = 200
        self._head(200, page.content_type if page else "text/html; charset=utf-8",
                   {"Content-Length": str(len(body)), "Connection": "close"})
        self.close_connection = True
        try:
            for start in range(0, len(body), size):
                if site.stopping.wait(interval):
                    return
                self.wfile.write(body[start:start + size])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up at its deadline, as it should

    def _head(self, status: int, ctype: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _send(self, record, status: int, body: bytes, ctype: str | None, headers: dict | None = None,
              *, length: int | None = None) -> None:
        record.status = status
        headers = dict(headers or {})
        if status != 304:
            headers["Content-Length"] = str(len(body) if length is None else length)
        self._head(status, ctype, headers)
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True


def _content_type(page, fault: Fault | None) -> str:
    base = page.content_type.split(";", 1)[0].strip()
    if fault is None:
        return page.content_type
    if fault.mode == "no-charset":
        return base
    if fault.mode == "wrong-charset":
        declared = re.search(r"charset=([\w\-]+)", page.content_type)
        real = declared.group(1).lower() if declared else "utf-8"
        default = "shift_jis" if real in ("utf-8", "utf8") else "utf-8"
        return f"{base}; charset={fault.params.get('charset', default)}"
    return page.content_type


def _malformed(body: bytes, fault: Fault) -> bytes:
    if "body" in fault.params:
        value = fault.params["body"]
        return value.encode("utf-8") if isinstance(value, str) else value
    return body[: max(1, len(body) // 3)] + b"\x00\xff\xfe<<<&&&]]>"
