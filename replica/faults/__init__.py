"""The fault web: small news sites on loopback, each with one fault a real host commits.

``FaultWeb()`` binds one address per site (127.0.0.100, .101, ...; ephemeral ports) and a
*forbidden* server on 127.0.0.99 that no crawler may contact: the private-address site
redirects and meta-refreshes to it in every spelling (dotted, decimal, hex, octal,
IPv6-mapped). ``truth`` holds the real articles per site and the faults to expect;
``requests`` is the log of every request served, with the fault committed and bytes sent.

    with FaultWeb() as web:
        web.write_sites_yaml("sites.yaml")
        ...  # crawl, then compare with web.truth and web.requests
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from replica.faults.server import FaultServer
from replica.faults.sites import KINDS, FaultSite
from replica.server import RequestLog

FIRST_HOST = 100  # sites on 127.0.0.100 ...
FORBIDDEN_HOST = "127.0.0.99"


class FaultWeb:
    def __init__(self, kinds: tuple[str, ...] = KINDS) -> None:
        self.kinds = kinds
        self.stopping = threading.Event()
        self._log = RequestLog()
        self._servers: list[FaultServer] = []
        self.sites: list[FaultSite] = []
        self.forbidden_url = ""

    def start(self) -> FaultWeb:
        try:
            forbidden = FaultServer((FORBIDDEN_HOST, 0), "forbidden", self._log, self.stopping)
            self._servers.append(forbidden)
            for i, kind in enumerate(self.kinds):
                self._servers.append(FaultServer((f"127.0.0.{FIRST_HOST + i}", 0),
                                                 f"fault-{kind}", self._log, self.stopping))
        except OSError:
            self.stop()
            raise
        self.forbidden_url = f"http://{forbidden.host}:{forbidden.port}"
        forbidden.start()
        for server, kind in zip(self._servers[1:], self.kinds, strict=True):
            site = FaultSite(server.label, f"http://{server.host}:{server.port}/", kind,
                             forbidden=self.forbidden_url)
            server.respond = site.respond
            self.sites.append(site)
            server.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # hanging handlers and streams end now
        for server in self._servers:
            with contextlib.suppress(OSError):
                server.stop()
        self._servers = []

    def __enter__(self) -> FaultWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def requests(self) -> list[dict]:
        return list(self._log.items)

    def site(self, kind: str) -> FaultSite:
        return next(s for s in self.sites if s.kind == kind)

    def write_sites_yaml(self, path: str) -> None:
        lines = ["sites:"]
        for s in self.sites:
            lines += [f"  - name: {s.name}", f'    url: "{s.base}/"']
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")

    @property
    def truth(self) -> dict[str, Any]:
        """Articles per site (hidden ones included), the faults to meet, forbidden hosts."""
        arts = [{"site": s.name, "url": a.url, "title": a.title, "text": a.text}
                for s in self.sites for a in s.articles]
        return {"articles": arts, "faults": [f for s in self.sites for f in s.faults],
                "forbidden_url": self.forbidden_url}
