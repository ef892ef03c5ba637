"""The crawl's Scrapy loggers skip lines below LOG_LEVEL before building them."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler import settings as crawl_settings
from crawler.extensions.log_level import ScrapyLogLevel


@pytest.fixture(autouse=True)
def _restore_scrapy_logger():
    logger = logging.getLogger("scrapy")
    before = logger.level
    yield
    logger.setLevel(before)


def test_enabled_for_every_crawl() -> None:
    assert "crawler.extensions.log_level.ScrapyLogLevel" in crawl_settings.EXTENSIONS


@pytest.mark.parametrize(("given", "level"), [("WARNING", logging.WARNING),
                                             ("info", logging.INFO), ("10", logging.DEBUG)])
def test_scrapy_loggers_take_the_level(given, level) -> None:
    ScrapyLogLevel.from_crawler(get_crawler(settings_dict={"LOG_LEVEL": given}))
    engine = logging.getLogger("scrapy.core.engine")  # "Crawled (200) ..." is DEBUG there
    assert engine.getEffectiveLevel() == level
    assert engine.isEnabledFor(logging.DEBUG) == (level <= logging.DEBUG)


def test_an_unknown_level_changes_nothing() -> None:
    logging.getLogger("scrapy").setLevel(logging.NOTSET)
    with pytest.raises(NotConfigured):
        ScrapyLogLevel.from_crawler(get_crawler(settings_dict={"LOG_LEVEL": "LOUD"}))
    assert logging.getLogger("scrapy").level == logging.NOTSET
