"""ReplicaWeb: build every site, bind each on its own 127.0.0.x address, expose the truth."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from replica.families import FAMILY_CLASSES
from replica.families.base import Site
from replica.families.outside import OutsideSite
from replica.model import Article, SiteInfo
from replica.plan import SitePlan, base_plan, extra_plan, syndicated_copy
from replica.server import RequestLog, SiteServer

FIRST_HOST = 10  # sites live on 127.0.0.10, .11, ...
OUTSIDE_HOST = "127.0.0.250"


def _host(i: int) -> str:
    """127.0.0.10 .. 127.0.0.249, then 127.0.1.10 ... (.250 is the outside server)."""
    n = FIRST_HOST + i
    if n < 250:
        return f"127.0.0.{n}"
    block, rest = divmod(n - 250, 240)
    return f"127.0.{block + 1}.{rest + 10}"


class ReplicaWeb:
    """A local imitation of the sites that publish Polri humas news.

    With a fixed `port`, URLs (and so `truth`) are known before `start()`; with port 0 each
    site binds an ephemeral port and the truth exists once started.
    """

    def __init__(self, port: int = 0, extra_sites: int = 0, articles_per_site: int = 0,
                 log_path: str | None = None):
        self.port = port
        self.plans: list[SitePlan] = base_plan() + extra_plan(extra_sites, articles_per_site)
        self._log = RequestLog(log_path)
        self._servers: list[SiteServer] = []
        self._outside: SiteServer | None = None
        self._sites: list[Site] = []
        self.outside_url = f"http://{OUTSIDE_HOST}:{port}/" if port else ""
        if port:
            self._build([f"http://{_host(i)}:{port}/" for i in range(len(self.plans))])

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> ReplicaWeb:
        try:
            self._outside = SiteServer((OUTSIDE_HOST, self.port), "outside", self._log)
            self._servers = [SiteServer((_host(i), self.port), p.name, self._log) for i, p in enumerate(self.plans)]
        except OSError:
            self.stop()
            raise
        self.outside_url = self._outside.url
        if not self.port:
            self._build([s.url for s in self._servers])
        outside = OutsideSite("outside", self.outside_url, [])
        self._outside.resolve = outside.handle
        self._outside.start()
        for server, site in zip(self._servers, self._sites, strict=True):
            server.resolve = site.handle
            server.start()
        return self

    def prerender(self) -> int:
        """Render every site's routed pages now (benchmarks: the server's own work per request
        is then what a cached web server does, not page generation). Returns the count."""
        self._require()
        return sum(site.prerender() for site in self._sites)

    def stop(self) -> None:
        for server in [*self._servers, *([self._outside] if self._outside else [])]:
            with contextlib.suppress(OSError):
                if server.thread is not None:
                    server.stop()
                else:
                    server.server_close()
        self._servers, self._outside = [], None
        self._log.close()

    def __enter__(self) -> ReplicaWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- building -------------------------------------------------------------------
    def _build(self, urls: list[str]) -> None:
        built: dict[str, Site] = {}
        for plan, url in zip(self.plans, urls, strict=True):
            articles: list[Article] = list(plan.articles)
            if plan.syndicate:
                src_site, key = plan.syndicate
                original = next(a for a in built[src_site].articles if a.key == key)
                articles.append(syndicated_copy(original, plan.name))
            options = dict(plan.options, outside_url=self.outside_url)
            built[plan.name] = FAMILY_CLASSES[plan.family](plan.name, url, articles, options)
        self._sites = list(built.values())

    # -- public views ---------------------------------------------------------------
    @property
    def sites(self) -> list[SiteInfo]:
        self._require()
        return [SiteInfo(s.name, s.family, s.base + "/") for s in self._sites]

    @property
    def requests(self) -> list[dict]:
        return list(self._log.items)

    def clear_requests(self) -> None:
        self._log.clear()

    def site(self, name: str) -> Site:
        self._require()
        return next(s for s in self._sites if s.name == name)

    def delete_article(self, url: str, status: int = 410) -> None:
        """Make the article at ``url`` answer ``status`` (404 or 410) from now on."""
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        site = next(s for s in self._sites if s.url(path) == url or
                    url.startswith(s.base + "/"))
        site.gone[path] = status

    def edit_article(self, url: str, paragraph: str) -> str:
        """Append ``paragraph`` to the article at ``url`` (a police site's later edit).

        Returns the new text; every page of that site is rendered afresh (listings quote it).
        """
        for site in self._sites:
            for art in site.articles:
                if art.url == url:
                    art.paragraphs.append(paragraph)
                    with site._lock:
                        site._cache.clear()
                    return art.text
        raise KeyError(url)

    def publish_article(self, site_name: str) -> str:
        """Second phase: a new article appears on ``site_name``, newest of all, wherever the
        site lists posts (home, listings, sitemaps, feeds). Returns its URL."""
        import dataclasses
        from datetime import timedelta

        from replica.content.generator import generate
        from replica.content.vocab import POLDAS

        i = next(i for i, s in enumerate(self._sites) if s.name == site_name)
        old, plan = self._sites[i], self.plans[i]
        base = old.articles[0]  # the newest
        self._published = getattr(self, "_published", 0) + 1
        polda = next(p for p in POLDAS if p.name == base.polda)
        fresh = generate(f"phase2-{site_name}", self._published, polda)
        if plan.family == "network":  # zone-free theme, as in plan._gen(no_zone=True)
            from replica.plan import ZONE_IN_TEXT

            fresh.paragraphs = [ZONE_IN_TEXT.sub(r"\1", p) for p in fresh.paragraphs]
        new = dataclasses.replace(fresh, published=base.published + timedelta(days=1),
                                  author=base.author, post_id=base.post_id + 9973)
        options = dict(plan.options, outside_url=self.outside_url)
        site = FAMILY_CLASSES[plan.family](plan.name, old.base + "/", [*old.articles, new],
                                           options)
        site.gone = old.gone
        self._sites[i] = site
        self._servers[i].resolve = site.handle
        return new.url

    def restore_article(self, url: str) -> None:
        """Undo ``delete_article``."""
        for site in self._sites:
            site.gone = {p: st for p, st in site.gone.items() if site.url(p) != url}

    def write_sites_yaml(self, path: str) -> None:
        """Settings-format list of sites; hand-written YAML so no dependency is needed."""
        lines = ["sites:"]
        for info in self.sites:
            lines += [f"  - name: {info.name}", f'    url: "{info.url}"']
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")

    @property
    def truth(self) -> dict[str, Any]:
        self._require()
        arts, non, traps, robots, retry, short = [], [], [], [], [], {}
        for s in self._sites:
            for a in sorted(s.articles, key=lambda a: a.published):
                arts.append({
                    "site": s.name, "url": a.url, "title": a.title, "published": a.published.isoformat(),
                    "author": a.author, "text": a.text, "programs": list(a.programs), "polda": a.polda,
                    "polres": a.polres, "seed": a.seed,
                    "syndicated_from": a.syndicated_from.url if a.syndicated_from else None})
            non += s.non_articles
            traps += [{"site": s.name, "path_prefix": p} for p in s.traps]
            robots += [{"site": s.name, "path_prefix": p} for p in s.disallowed]
            retry += s.retry_once
            short.update(s.short_links)
        return {"articles": arts, "non_articles": non, "traps": traps, "robots_disallowed": robots,
                "retry_once": retry, "short_links": short}

    def _require(self) -> None:
        if not self._sites:
            raise RuntimeError("ReplicaWeb(port=0) knows its URLs only after start(); call start() first")


def free_port() -> int:
    """A port that is free on 127.0.0.1 right now (for callers that want a fixed port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
