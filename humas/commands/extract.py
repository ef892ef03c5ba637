"""``humas extract``: run the article extractor on saved HTML files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import click

from humas.errors import HumasError


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

    results = []
    for path in paths:
        if not path.is_file():
            raise HumasError(f"{path}: no such file")
        body = path.read_bytes()
        if path.suffix == ".gz":
            try:
                body = gzip.decompress(body)
            except OSError:
                raise HumasError(f"{path}: not a gzip file") from None
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
