"""The one server that is not a site: off-site redirects land here, so tests can see leaks."""

from __future__ import annotations

from replica.families.base import Site
from replica.model import Page


class OutsideSite(Site):
    family = "outside"

    def article_path(self, art):  # pragma: no cover - it has no articles
        return "/"

    def build(self) -> None:
        pass

    def handle(self, path_qs: str) -> Page:
        body = ("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Layanan Eksternal</title></head>"
                "<body><h1>Layanan Eksternal</h1><p>Halaman ini berada di luar situs berita.</p></body></html>")
        return Page(200, body.encode(), "text/html; charset=UTF-8", None)
