"""A request budget per site, so no site (or trap we failed to see) can eat the crawl.

``HUMAS_SITE_MAX_REQUESTS`` (default 20,000), overridden per site by ``max_pages`` in sites.yaml
(the spider exposes them as ``spider.site_budgets``). Stats: ``humas/budget/exhausted``.
"""

from __future__ import annotations

import logging
from collections import Counter

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)


class SiteBudgetMiddleware:
    def __init__(self, default: int, stats) -> None:
        self.default = default
        self.stats = stats
        self.spent: Counter[str] = Counter()
        self.budgets: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler):
        default = crawler.settings.getint("HUMAS_SITE_MAX_REQUESTS", 20000)
        if default <= 0:
            raise NotConfigured
        mw = cls(default, crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        self.budgets.update(getattr(spider, "site_budgets", {}))

    def process_request(self, request, spider=None):
        site = request.meta.get("site")
        if site is None or request.meta.get("dont_site_budget"):
            return None
        budget = self.budgets.get(site) or self.default
        if self.spent[site] >= budget:
            if self.stats.get_value(f"humas/budget/exhausted/{site}") is None:
                logger.warning("Site %s spent its budget of %d requests", site, budget)
            self.stats.inc_value(f"humas/budget/exhausted/{site}")
            raise IgnoreRequest(f"site budget spent: {site}")
        self.spent[site] += 1
        return None
