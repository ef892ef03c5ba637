"""Signals of our own, sent with ``crawler.signals.send_catch_log``."""

page_failed = object()  # a request failed for good: kwargs request, failure
article_saved = object()  # an article was stored: kwargs item, result (archive.store.SaveResult)
