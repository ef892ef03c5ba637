"""Refuse requests that leave the listed sites for a private, loopback or link-local address.

A hostile or broken page can redirect (or meta-refresh) a crawler into the operator's own
network. Hosts named in sites.yaml are trusted as written (the replica web is on loopback);
any other host is refused when it is an IP literal in a non-public range, in any spelling
(dotted, decimal ``2130706433``, hex ``0x7f000001``, IPv6-mapped), or resolves to one.
Stats: ``humas/private_address/refused``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from archive.urls import host_of

logger = logging.getLogger(__name__)


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host literal denotes, accepting the spellings ``inet_aton`` accepts."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:  # decimal, hex and short forms: 2130706433, 0x7f.1, 127.1
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def is_internal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local


@lru_cache(maxsize=4096)
def resolves_internal(host: str) -> bool:
    ip = parse_ip(host)
    if ip is not None:
        return is_internal(ip)
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # unresolvable: the download fails by itself
    return any(is_internal(ipaddress.ip_address(i[4][0].split("%")[0])) for i in infos)


class PrivateAddressGuardMiddleware:
    def __init__(self, trusted: set[str], stats) -> None:
        self.trusted = trusted
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HUMAS_PRIVATE_ADDRESS_GUARD_ENABLED", True):
            raise NotConfigured
        mw = cls(set(), crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        self.trusted.update(getattr(spider, "site_hosts", ()))

    def process_request(self, request, spider=None):
        host = host_of(request.url)
        if request.meta.get("dont_private_address_guard") or host in self.trusted:
            return None
        if resolves_internal(host):
            self.stats.inc_value("humas/private_address/refused")
            logger.warning("Refused %s: %s is not a listed site and is an internal address",
                           request.url, host)
            raise IgnoreRequest(f"internal address refused: {request.url}")
        return None
