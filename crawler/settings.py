"""Scrapy settings for the humas crawler: one table, grouped by concern, units in comments.

Override any of them per run with ``humas crawl -s NAME=VALUE`` (or ``scrapy crawl -s``).
"""

import os

BOT_NAME = "humas-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# -- identity and manners ---------------------------------------------------------------
HUMAS_CONTACT_URL = os.environ.get(
    "HUMAS_CONTACT_URL", "https://github.com/humas-archive/humas-archive#crawler")
USER_AGENT = f"humas-archive/0.1 (research archive of police news; +{HUMAS_CONTACT_URL})"
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
CONCURRENT_REQUESTS = 32  # across all sites
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # per site: small hosting, be gentle
DOWNLOAD_DELAY = 0.25  # seconds between requests to one site, at least
AUTOTHROTTLE_ENABLED = True  # slows down further when a site answers slowly
AUTOTHROTTLE_START_DELAY = 0.5  # seconds
AUTOTHROTTLE_MAX_DELAY = 30.0  # seconds
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# -- downloads ----------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 60  # seconds: slow Indonesian shared hosting is common
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # bytes: larger pages are refused (cancelled, recorded
#   as PageTooLarge in crawl_errors, never stored); a humas article is 20-300 KB
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024  # bytes
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated or reset body is an error (retried), not a page
RETRY_ENABLED = True
RETRY_TIMES = 3  # initial request + 3 retries = 4 requests (a 503 burst of 3 still arrives)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]  # never 404/410: dead links cost 1
HUMAS_RETRY_BACKOFF_ENABLED = True  # crawler/middlewares/retry.py replaces Scrapy's retries
HUMAS_RETRY_BACKOFF = 1.0  # seconds before the first retry; doubles each retry
HUMAS_RETRY_BACKOFF_MAX = 30.0  # seconds, at most, between two attempts (no Retry-After)
HUMAS_RETRY_AFTER_MAX = 120.0  # seconds: a longer Retry-After is waited this long
REDIRECT_MAX_TIMES = 20  # a long legitimate chain still reaches its article
HUMAS_REDIRECT_GUARD_ENABLED = True  # loops, chains over the limit, internal targets: recorded
HUMAS_SIZE_LIMIT_ENABLED = True  # pages over DOWNLOAD_MAXSIZE recorded as PageTooLarge
HUMAS_DEAD_LINKS_ENABLED = True  # a 404/410 link: one request, one crawl_errors row
HUMAS_FAULT_REPORT_ENABLED = True  # per-site faults in the run record and the crawl log
METAREFRESH_ENABLED = True
COOKIES_ENABLED = False  # news pages need no session
HTTPCACHE_ENABLED = False
DNSCACHE_ENABLED = True

# -- components ---------------------------------------------------------------------------
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.trap_guard.TrapGuardSpiderMiddleware": 600,
    # The spider limits depth itself (pagination keeps its depth); Scrapy's would re-count.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
}
DOWNLOADER_MIDDLEWARES = {
    # The rules are read from the spider's own robots.txt request: one fetch per site, not two.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.SharedRobotsTxtMiddleware": 100,
    "crawler.middlewares.private_address.PrivateAddressGuardMiddleware": 90,
    "crawler.middlewares.site_budget.SiteBudgetMiddleware": 95,
    "crawler.middlewares.trap_guard.TrapGuardDownloaderMiddleware": 96,
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 97,
    # Retries wait (Retry-After, else exponential backoff) instead of going out at once.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.dead_links.DeadLinkMiddleware": 545,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    # Responses pass middlewares from high to low: these see them before retry/redirect do.
    "crawler.middlewares.size_limit.SizeLimitMiddleware": 560,
    "crawler.middlewares.redirect_guard.RedirectGuardMiddleware": 610,
    # A plain body labelled gzip is read as sent, not retried and lost (a known misconfiguration).
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.lenient_compression.LenientCompressionMiddleware": 590,
    # The same, without decoding each page that cannot hold a <meta http-equiv="refresh">.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.meta_refresh.CheapMetaRefreshMiddleware": 580,
}
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.store.StorePipeline": 200,
}
EXTENSIONS = {
    "crawler.extensions.log_level.ScrapyLogLevel": 0,
    "crawler.extensions.collector.CollectorTuning": 0,
    "crawler.extensions.index_updater.IndexUpdater": 500,
    "crawler.extensions.progress.CrawlProgress": 510,
    "crawler.extensions.fault_report.FaultReport": 520,
}
# A page yields one item and a few requests; Scrapy starts this many tasks per response.
CONCURRENT_ITEMS = 4
# No listening ports on a crawler machine. (Setting these components to None instead would
# not save their imports: Scrapy loads every component named in its tables to resolve it.)
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("HUMAS_LOG_LEVEL", "INFO")
DOWNLOADER_STATS = False  # per-status byte counts nobody reads; our per-site counts are the record
# Scrapy re-reads a callback's source (inspect + ast) to warn about a generator returning a
# value whenever its weak cache has lost the bound method: often, about 1 ms each time.
# Our callbacks return no values.
WARN_ON_GENERATOR_RETURN_VALUE = False
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

# -- humas ---------------------------------------------------------------------------------
HUMAS_EXTRACT_WORKERS = -1  # worker processes for extraction; -1 = one per core, 0 = inline
HUMAS_EXTRACT_NICE = 5  # workers run this much nicer than the crawler process that feeds them
HUMAS_SITE_MAX_REQUESTS = 20000  # per site and run; sites.yaml max_pages overrides
HUMAS_MAX_DEPTH = 6  # link hops from the start page (pagination does not count)
HUMAS_TRAP_PATIENCE = 8  # pages of one URL template without an article before leaving it
HUMAS_TRAP_PATIENCE_MAPPED = 3  # ...without one its sitemaps miss, on a site with sitemaps
HUMAS_INDEX_ENABLED = True
HUMAS_REVISIT_POLICY = "7d:1d,60d:7d,*:30d"  # AGE:INTERVAL steps (see archive/revisit.py)
HUMAS_PAGE_REVISIT = "7d"  # re-read a tag/category/about page at most this often
HUMAS_REVISIT_ALL = False  # re-check every stored article this run (conditionally)
HUMAS_SINCE = ""  # ISO date-time: articles published before it are neither sought nor stored
HUMAS_SYNDICATION_ENABLED = True  # link near-copies across sites (MinHash, archive/syndication.py)
HUMAS_GC_THRESHOLD = 50_000  # objects between cycle collections once open (Python: 700; 0 keeps it)
HUMAS_STORE_BATCH = 50  # articles per database transaction
HUMAS_STORE_BATCH_SECONDS = 2.0  # ...or this long, whichever comes first
HUMAS_PROGRESS = False  # `humas crawl` turns it on
HUMAS_PROGRESS_INTERVAL = 15.0  # seconds between progress lines when not on a terminal
