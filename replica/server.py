"""HTTP plumbing: one ThreadingHTTPServer per site, validators, 304s and the request log."""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from replica.dates import http_date
from replica.model import Page

Recorder = Callable[[dict], None]


@functools.lru_cache(maxsize=1 << 16)
def etag(page: Page) -> str:
    return '"' + hashlib.sha1(page.body).hexdigest()[:20] + '"'


def not_modified(page: Page, tag: str, inm: str | None, ims: str | None) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since only when it is absent."""
    if page.status != 200:
        return False
    if inm is not None:
        return inm.strip() == "*" or tag in [t.strip().removeprefix("W/") for t in inm.split(",")]
    if ims and page.last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and page.last_modified.replace(microsecond=0) <= since
    return False


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx"  # what most of these sites answer with
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence stderr
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        srv: SiteServer = self.server  # type: ignore[assignment]
        page = srv.resolve(self.path)
        tag = etag(page)
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        status = 304 if not_modified(page, tag, inm, ims) else page.status
        self.send_response(status)
        self.send_header("ETag", tag)
        if page.last_modified is not None:
            self.send_header("Last-Modified", http_date(page.last_modified))
        for name, value in page.headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(page.body)
        srv.record({"site": srv.label, "host": self.headers.get("Host", ""), "method": self.command,
                    "path": self.path, "status": status, "user_agent": self.headers.get("User-Agent", ""),
                    "if_none_match": inm, "if_modified_since": ims, "ts": time.time()})


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr: tuple[str, int], label: str, record: Recorder):
        super().__init__(addr, Handler)
        self.label = label
        self.record = record
        self.resolve: Callable[[str], Page] = lambda path: Page(503, b"starting", "text/plain")
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        self.thread = threading.Thread(target=self.serve_forever, name=f"replica-{self.label}", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class RequestLog:
    """Thread-safe, in-order list of served requests, optionally mirrored to JSONL."""

    def __init__(self, path: str | None = None):
        self.items: list[dict] = []
        self._lock = threading.Lock()
        self._file = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115 - lives with the web

    def __call__(self, entry: dict) -> None:
        with self._lock:
            self.items.append(entry)
            if self._file:
                self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self._file.flush()

    def clear(self) -> None:
        with self._lock:
            self.items.clear()

    def close(self) -> None:
        if self._file:
            self._file.close()
            self._file = None
