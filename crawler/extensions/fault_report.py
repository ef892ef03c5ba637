"""What went wrong, per site: the faults a crawl met, for the run record and the log.

The middlewares count every fault decision twice, globally and per site
(``humas/<group>/<event>/<site>``). `site_faults` reads one site's share out of the crawl
stats (the store pipeline writes it into the site's crawl-run record as ``stats["faults"]``);
at the end of the crawl this extension logs one warning line per site that met any, so a
crawl that ended with exit code 0 still says what it survived. Disable with ``HUMAS_FAULT_REPORT_ENABLED = False``.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)
# Stat groups that are faults met (budget: a site spent its request budget).
FAULT_GROUPS = ("retry", "size", "redirect", "private_address", "dead_links", "budget",
                "charset", "compression")


def site_faults(stats: dict, site: str) -> dict[str, int]:
    """``{"retry/http_503": 3, "size/refused": 2, ...}`` for ``site``, sorted by name."""
    suffix = "/" + site
    out = {}
    for key, value in stats.items():
        if key.startswith("humas/") and key.endswith(suffix) and isinstance(value, int):
            name = key[len("humas/"):-len(suffix)]
            if name.split("/", 1)[0] in FAULT_GROUPS and "/" in name:
                out[name] = value
    return dict(sorted(out.items()))


class FaultReport:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HUMAS_FAULT_REPORT_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason=None) -> None:
        stats = self.stats.get_stats()
        for site in getattr(spider, "sites", ()):
            faults = site_faults(stats, site.name)
            if faults:
                logger.info("Faults met on %s: %s", site.name,
                            ", ".join(f"{k}={v}" for k, v in faults.items()))
