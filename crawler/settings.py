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
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # bytes: pages larger than this are refused
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024  # bytes
RETRY_ENABLED = True
RETRY_TIMES = 3  # initial request + 3 retries = 4 requests
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 20  # a long legitimate chain still reaches its article
METAREFRESH_ENABLED = True
COOKIES_ENABLED = False
HTTPCACHE_ENABLED = False
DNSCACHE_ENABLED = True

# -- components ---------------------------------------------------------------------------
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.trap_guard.TrapGuardSpiderMiddleware": 600,
    # The spider limits depth itself (pagination keeps its depth); Scrapy's would re-count.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.private_address.PrivateAddressGuardMiddleware": 90,
    "crawler.middlewares.site_budget.SiteBudgetMiddleware": 95,
    "crawler.middlewares.trap_guard.TrapGuardDownloaderMiddleware": 96,
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 97,
}
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.store.StorePipeline": 200,
}
EXTENSIONS = {
    "crawler.extensions.index_updater.IndexUpdater": 500,
    "crawler.extensions.progress.CrawlProgress": 510,
}
# A page yields one item and a few requests; Scrapy starts this many tasks per response.
CONCURRENT_ITEMS = 4
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening ports on a crawler machine
LOG_LEVEL = os.environ.get("HUMAS_LOG_LEVEL", "INFO")
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

# -- humas ---------------------------------------------------------------------------------
HUMAS_EXTRACT_WORKERS = -1  # worker processes for extraction; -1 = one per core, 0 = inline
HUMAS_SITE_MAX_REQUESTS = 20000  # per site and run; sites.yaml max_pages overrides
HUMAS_MAX_DEPTH = 6  # link hops from the start page (pagination does not count)
HUMAS_TRAP_PATIENCE = 8  # pages of one URL template without an article before leaving it
HUMAS_INDEX_ENABLED = True
HUMAS_REVISIT_POLICY = "7d:1d,60d:7d,*:30d"  # AGE:INTERVAL steps (see archive/revisit.py)
HUMAS_REVISIT_ALL = False  # re-check every stored article this run (conditionally)
HUMAS_SYNDICATION_ENABLED = True  # link near-copies across sites (MinHash, archive/syndication.py)
HUMAS_STORE_BATCH = 50  # articles per database transaction
HUMAS_STORE_BATCH_SECONDS = 2.0  # ...or this long, whichever comes first
HUMAS_PROGRESS = False  # `humas crawl` turns it on
HUMAS_PROGRESS_INTERVAL = 15.0  # seconds between progress lines when not on a terminal
