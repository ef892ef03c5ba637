"""``humas extract``: run the article extractor on saved HTML files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import click

from humas.errors import HumasError

MAX_BYTES = 8 * 1024 * 1024  # crawler/settings.py DOWNLOAD_MAXSIZE


@click.command("extract", epilog="""\b
Examples:
  humas extract page.html --url https://example.id/2024/11/08/berita/
  humas extract saved/*.html --format jsonl > pages.jsonl
""")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--url", help="The page's URL (resolves links, helps tell articles apart).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json",
              show_default=True)
def command(paths: tuple[Path, ...], url: str | None, fmt: str) -> None:
    """Extract title, author, date, text... from saved HTML files (.html or .html.gz)."""
    from archive.decode import decode_html
    from archive.extract import extract

    if url is not None:
        from humas.access import check_url

        url = check_url(url)
    bodies = [(path, read_page(path)) for path in paths]  # every file checked before output
    results = []
    for path, body in bodies:
        html, _ = decode_html(body)
        record = {"file": str(path), **extract(html, url or path.resolve().as_uri()).to_dict()}
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        elif fmt == "text":
            click.echo(f"# {record.get('title') or ''}\n\n{record.get('text') or ''}\n")
        else:
            results.append(record)
    if fmt == "json":
        click.echo(json.dumps(results[0] if len(results) == 1 else results,
                              ensure_ascii=False, indent=2))


def read_page(path: Path) -> bytes:
    """The saved page's bytes (ungzipped), refused when it cannot be an HTML page.

    The size limit is the crawler's (DOWNLOAD_MAXSIZE): a page it would never store is not
    worth extracting either, and a gzip bomb stops at the limit instead of filling memory."""
    if not path.exists():
        raise HumasError(f"{path}: no such file")
    if path.is_dir():
        raise HumasError(f"{path}: is a directory; give the saved .html files inside it")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise HumasError(f"{path}: {size / 1e6:.1f} MB is larger than a news page can be "
                             f"(limit {MAX_BYTES / 1e6:.0f} MB, the crawler's)")
        if path.suffix.lower() == ".gz":
            try:
                with gzip.open(path, "rb") as fh:
                    body = fh.read(MAX_BYTES + 1)
            except (OSError, EOFError, gzip.BadGzipFile):
                raise HumasError(f"{path}: not a gzip file (or a truncated one)") from None
            if len(body) > MAX_BYTES:
                raise HumasError(f"{path}: unpacks to more than {MAX_BYTES / 1e6:.0f} MB, "
                                 "larger than a news page can be")
        else:
            body = path.read_bytes()
    except OSError as exc:
        raise HumasError(f"{path}: cannot read it ({exc.strerror})") from None
    if not body.strip():
        raise HumasError(f"{path}: the file is empty; save the page's HTML first")
    if b"\x00" in body[:8192] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HumasError(f"{path}: binary data, not an HTML page (save the page as .html)")
    return body
