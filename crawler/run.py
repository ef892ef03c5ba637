"""Running the news spider in this process: what ``humas crawl`` calls (the CLI never
imports Scrapy itself)."""

from __future__ import annotations

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

# The CLI starts the workers before its database check, and stops them if the check fails.
from crawler.pipelines.extract import prestart_workers, stop_prestarted_workers

__all__ = ["crawl_settings", "prestart_workers", "run_news", "stop_prestarted_workers"]


def crawl_settings(overrides: dict[str, str], log_level: str, progress: bool) -> Settings:
    """The project settings with this run's overrides on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("HUMAS_PROGRESS", progress, priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_news(settings: Settings, sites_file: str | None, only: list[str]) -> None:
    """Crawl the sites of ``sites_file`` (only those named in ``only``, if any) to the end."""
    prestart_workers(settings)
    process = CrawlerProcess(settings)
    process.crawl("news", sites=sites_file, site=",".join(only) if only else None)
    process.start()
