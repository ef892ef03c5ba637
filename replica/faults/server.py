"""HTTP plumbing of the fault web: answers that are pages, or faults a real host commits.

A site's ``respond(path)`` returns a `Page` (sent normally, like `replica.server`) or one of
the fault actions below, which the handler carries out on the socket itself: hang past the
client's timeout, reset the connection mid-body, close before Content-Length is reached, or
stream a body of many megabytes. Every request is logged with what was done and how many
body bytes went out, so tests count the requests a crawler spent on each fault.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from replica.model import Page
from replica.server import RequestLog


@dataclass(frozen=True)
class Hang:
    """Accept the request, then say nothing for ``seconds`` (or until the web stops)."""
    seconds: float = 60.0


@dataclass(frozen=True)
class Cut:
    """Send the headers (full Content-Length) and ``fraction`` of the body, then close:
    with a TCP reset (``reset=True``: a crashed worker) or cleanly (a body that is short)."""
    page: Page
    fraction: float = 0.5
    reset: bool = False


@dataclass(frozen=True)
class Stream:
    """An HTML page of ``size`` bytes, written in chunks; without Content-Length when
    ``declared`` is false (the body ends when the connection closes)."""
    size: int
    declared: bool = True
    title: str = "Arsip lengkap"


Answer = Page | Hang | Cut | Stream
CHUNK = 64 * 1024


class FaultHandler(BaseHTTPRequestHandler):
    server_version = "Apache"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence stderr
        pass

    def do_GET(self) -> None:
        srv: FaultServer = self.server  # type: ignore[assignment]
        answer = srv.respond(self.path)
        entry = {"site": srv.label, "host": self.headers.get("Host", ""), "path": self.path,
                 "ts": time.time(), "user_agent": self.headers.get("User-Agent", "")}
        if isinstance(answer, Hang):
            entry.update(status=None, fault="hang", sent=0)
            srv.record(entry)  # logged on arrival: the interesting time is when it came
            srv.stopping.wait(answer.seconds)
            self.close_connection = True
            return
        if isinstance(answer, Cut):
            entry.update(fault="reset" if answer.reset else "short", status=answer.page.status,
                         sent=self._cut(answer))
        elif isinstance(answer, Stream):
            entry.update(fault="huge", status=200, sent=self._stream(answer))
        else:
            entry.update(fault=None, status=answer.status, sent=self._page(answer))
        srv.record(entry)

    def _headers(self, page: Page, length: int | None) -> None:
        self.send_response(page.status)
        for name, value in page.headers:
            self.send_header(name, value)
        self.send_header("Content-Type", page.content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.end_headers()

    def _page(self, page: Page) -> int:
        self._headers(page, len(page.body))
        self.wfile.write(page.body)
        return len(page.body)

    def _cut(self, cut: Cut) -> int:
        body = cut.page.body
        part = body[: int(len(body) * cut.fraction)]
        self._headers(cut.page, len(body))
        self.wfile.write(part)
        self.wfile.flush()
        if cut.reset:  # SO_LINGER 0: close() sends RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        else:
            self.connection.shutdown(socket.SHUT_WR)
        self.close_connection = True
        return len(part)

    def _stream(self, s: Stream) -> int:
        head = (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{s.title}'
                f"</title></head><body><h1>{s.title}</h1>\n").encode()
        tail = b"</body></html>\n"
        line = b"<p>" + b"Data arsip kegiatan kepolisian. " * 30 + b"</p>\n"
        self._headers(Page(200, b""), s.size if s.declared else None)
        sent = 0
        try:
            self.wfile.write(head)
            sent = len(head)
            while sent < s.size - len(tail) and not self.server.stopping.is_set():
                chunk = (line * (CHUNK // len(line) + 1))[: min(CHUNK, s.size - len(tail) - sent)]
                self.wfile.write(chunk)
                sent += len(chunk)
            self.wfile.write(tail)
            sent += len(tail)
        except OSError:  # the client gave up: that is the point
            pass
        self.close_connection = True
        return sent


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr: tuple[str, int], label: str, record: RequestLog,
                 stopping: threading.Event):
        super().__init__(addr, FaultHandler)
        self.label = label
        self.record = record
        self.stopping = stopping
        self.respond: Callable[[str], Answer] = lambda path: Page(404, b"", "text/plain")
        self.thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return self.server_address[0]

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self) -> None:
        self.thread = threading.Thread(target=self.serve_forever, name=f"faults-{self.label}",
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread is not None:
            self.shutdown()
        self.server_close()
