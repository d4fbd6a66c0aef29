"""A real local HTTP server for the sample sites, with the faults real sites have.

``with SampleSite(root) as site:`` serves the folder ``root`` as a document root on 127.0.0.1
(ephemeral port), with ETag/Last-Modified and 304s. ``site.set_fault("/press/*", "500", times=2)``
makes matching paths misbehave (see FAULTS); ``site.set_page(path, body)`` replaces a page;
``site.requests`` logs what was asked. ``serve_sites(names)`` serves bundled sites for the demo.
"""
from __future__ import annotations

import atexit
import fnmatch
import hashlib
import threading
from dataclasses import dataclass
from email.utils import formatdate
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from samples.faults import FAULTS, Fault, RequestRecord, SampleHandler

SITES_DIR = Path(__file__).resolve().parent / "sites"
STARTED_AT = formatdate(usegmt=True)


@dataclass
class Page:
    body: bytes
    content_type: str
    etag: str
    last_modified: str


@dataclass
class _FaultRule:
    pattern: str
    fault: Fault
    remaining: int | None  # None: always


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # clients hanging up is normal here


class SampleSite:
    """One sample site served from ``root`` (its document root) until ``stop()`` or process exit."""

    def __init__(self, root: Path | str, *, host: str = "127.0.0.1"):
        self.root = Path(root).resolve()
        self._overrides: dict[str, Page] = {}
        self._rules: list[_FaultRule] = []
        self._lock = threading.Lock()
        self.requests: list[RequestRecord] = []
        self.stopping = threading.Event()
        self._server = _QuietServer((host, 0), SampleHandler)
        self._server.site = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "SampleSite":
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                            name=f"sample-site:{self.root.name}", daemon=True)
            self._thread.start()
            atexit.register(self.stop)
        return self

    def stop(self) -> None:
        if self._thread is not None and not self.stopping.is_set():
            self.stopping.set()
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self) -> "SampleSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what tests control -------------------------------------------------------------------

    def set_fault(self, pattern: str, mode: str, *, times: int | None = None, **params) -> None:
        """Make paths matching ``pattern`` (fnmatch, on the path) fail with ``mode`` for ``times`` requests
        (None: until cleared). Modes: see ``samples.faults.FAULTS``; params e.g. ``retry_after=2``, ``delay=1``."""
        if mode not in FAULTS:
            raise ValueError(f"Unknown fault mode {mode!r}; known: {', '.join(sorted(FAULTS))}")
        with self._lock:
            self._rules.append(_FaultRule(pattern, Fault(mode, params), times))

    def clear_faults(self) -> None:
        with self._lock:
            self._rules.clear()

    def set_page(self, path: str, body: bytes | str, *, content_type: str | None = None) -> None:
        """Serve ``body`` at ``path`` instead of (or beside) the file on disk; a new body gets a new ETag."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        ctype = content_type or _guess_type(path, data)
        with self._lock:
            self._overrides[path] = Page(data, ctype, _etag(data), formatdate(usegmt=True))

    def requests_for(self, path: str) -> list[RequestRecord]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # --- what the handler asks -----------------------------------------------------------------

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for rule in self._rules:
                if fnmatch.fnmatchcase(path, rule.pattern) and rule.remaining != 0:
                    if rule.remaining is not None:
                        rule.remaining -= 1
                    return rule.fault
        return None

    def log(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)

    def page(self, path: str) -> Page | None:
        """The page at ``path``: an override, a file, or a folder's index; None if absent."""
        with self._lock:
            if path in self._overrides:
                return self._overrides[path]
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = next((target / n for n in ("index.html", "index.xml", "index.rdf", "index.json")
                           if (target / n).is_file()), target / "index.html")
        if not target.is_file():
            return None
        data = target.read_bytes()
        return Page(data, _guess_type(target.name, data), _etag(data),
                    formatdate(target.stat().st_mtime, usegmt=True))


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


def _guess_type(name: str, data: bytes) -> str:
    lowered = name.lower().rsplit("/", 1)[-1]
    head = data[:400].lstrip()
    if lowered.endswith(".rdf") or b"<rdf:RDF" in head:
        base = "application/rdf+xml"
    elif lowered.endswith((".atom",)) or b"<feed" in head:
        base = "application/atom+xml"
    elif lowered.endswith(".xml") or b"<rss" in head:
        base = "application/rss+xml" if b"<rss" in head else "application/xml"
    elif lowered.endswith(".json"):
        base = "application/json"
    elif lowered.endswith(".txt"):
        base = "text/plain"
    elif lowered.endswith(".pdf"):
        return "application/pdf"
    else:
        base = "text/html"
    charset = _declared_charset(data)
    return f"{base}; charset={charset}" if charset else base


def _declared_charset(data: bytes) -> str | None:
    import re

    match = re.search(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:2048])
    return match.group(1).decode("ascii") if match else None


_SERVED: dict[str, SampleSite] = {}


def serve_sites(names: list[str] | None = None, *, sites_dir: Path = SITES_DIR) -> dict[str, SampleSite]:
    """Serve the bundled sample sites ``names`` (default: all), one server each; returns name → running site
    (``samples.routing.serve_routed`` sends the sources' real URLs to them)."""
    names = names if names is not None else sorted(p.name for p in sites_dir.iterdir() if p.is_dir())
    sites = {}
    for name in names:
        root = sites_dir / name
        if not root.is_dir():
            raise FileNotFoundError(f"No sample site {name!r} under {sites_dir}")
        if name not in _SERVED or _SERVED[name].stopping.is_set():
            _SERVED[name] = SampleSite(root).start()
        sites[name] = _SERVED[name]
    return sites


def path_of(url: str) -> str:
    """The path part of a URL, as the fault patterns see it."""
    return urlsplit(url).path or "/"
