"""The crawl keeps the cycle collector off its start-up heap, and gives Python's settings back."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler import settings as crawl_settings
from crawler.extensions.collector import CollectorTuning


def test_enabled_for_every_crawl() -> None:
    assert "crawler.extensions.collector.CollectorTuning" in crawl_settings.EXTENSIONS
    assert gc.get_threshold()[0] < crawl_settings.HUMAS_GC_THRESHOLD


def test_freezes_at_open_and_restores_at_close() -> None:
    before = gc.get_threshold()
    ext = CollectorTuning.from_crawler(get_crawler(settings_dict={"HUMAS_GC_THRESHOLD": 40000}))
    try:
        ext.spider_opened()
        assert gc.get_threshold() == (40000, *before[1:])
        assert gc.get_freeze_count() > 10_000  # the modules, at least
    finally:
        ext.spider_closed()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_zero_leaves_python_alone() -> None:
    with pytest.raises(NotConfigured):
        CollectorTuning.from_crawler(get_crawler(settings_dict={"HUMAS_GC_THRESHOLD": 0}))
