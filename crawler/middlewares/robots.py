"""Scrapy's robots.txt middleware, fed by the spider's own robots.txt request.

The spider fetches each site's robots.txt itself, for its ``Sitemap:`` lines; Scrapy's
middleware would fetch the same file a second time to learn the rules. Here a request marked
``meta["humas_robots"]`` claims its host: requests to that host wait for its response (as
they would wait for Scrapy's own fetch), and the rules are parsed from it. Hosts nobody
claimed (a subdomain met in a link) are fetched by Scrapy's code as before; a claimed fetch
that fails for good leaves the host unrestricted, as Scrapy does.
Stats: ``humas/robots/shared``.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.url import parse_url
from twisted.internet.defer import Deferred


def _netloc(request) -> str:
    """The host the robots.txt request was made for (the first URL, before redirects)."""
    return parse_url((request.meta.get("redirect_urls") or [request.url])[0]).netloc


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._claimed: set[str] = set()  # hosts whose rules come from the spider's request

    async def process_request(self, request, spider=None):
        if request.meta.get("humas_robots"):
            netloc = _netloc(request)
            if netloc not in self._parsers:
                self._parsers[netloc] = Deferred()  # this request will answer for its host
                self._claimed.add(netloc)
            return None
        return await super().process_request(request)

    def process_response(self, request, response, spider=None):
        if request.meta.get("humas_robots"):
            self._settle(_netloc(request), response.body)
        return response

    def process_exception(self, request, exception, spider=None):
        if request.meta.get("humas_robots"):
            self._settle(_netloc(request), None)  # retries are spent: no rules, as Scrapy
        return None

    def _settle(self, netloc: str, body: bytes | None) -> None:
        if netloc not in self._claimed:
            return  # Scrapy's own fetch answers for this host
        self._claimed.discard(netloc)
        waiting = self._parsers[netloc]
        parser = None if body is None else build_from_crawler(self._parserimpl, self.crawler,
                                                               body)
        self._parsers[netloc] = parser
        self._stats.inc_value("humas/robots/shared")
        waiting.callback(parser)
