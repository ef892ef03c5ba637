"""URL canonicalisation: one spelling per article, whatever link led to it.

Pure functions, no network. The crawler canonicalises every link before it is requested, so
``?m=1`` twins, tracking parameters and fragments never cost a request or a duplicate row.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that never change what a page shows.
NOISE_PARAMS = re.compile(
    r"^(utm_\w+"
    r"|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid"
    r"|m"  # Blogger mobile/desktop twin: ?m=1 / ?m=0
    r"|hl"  # Blogger interface language
    r"|showComment|replytocom"  # Blogger/WordPress comment anchors
    r"|amp|output"  # AMP twins (?amp=1, ?output=amp)
    r")$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
# A crawl canonicalises the same menu and sidebar links on every page: remember them.
CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=CACHE_SIZE)
def canonicalize(url: str) -> str:
    """Return the canonical spelling of ``url``.

    Lower-cases scheme and host, drops default ports, fragments and noise parameters, sorts the
    remaining query, and keeps the path as the site wrote it (paths are case-sensitive).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not NOISE_PARAMS.match(k)
    ]
    query.sort()
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


@functools.lru_cache(maxsize=CACHE_SIZE)
def host_of(url: str) -> str:
    """Host name of ``url`` in lower case, without port or trailing dot."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def site_domain(host: str) -> str:
    """The host without a leading ``www.``: sites link to both spellings of themselves."""
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, hosts: set[str] | frozenset[str]) -> bool:
    """True when ``url`` is on one of ``hosts`` (or a subdomain of one; ``www.`` ignored)."""
    host = site_domain(host_of(url))
    # walk up the host's own labels: a set lookup each, not a scan of every site's hosts
    while host:
        if host in hosts or "www." + host in hosts:
            return True
        host = host.partition(".")[2]
    return False
