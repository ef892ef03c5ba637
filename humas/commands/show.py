"""``humas show URL``: one stored article with its tags, their evidence and its captures."""

from __future__ import annotations

import json
import sys

import click


@click.command("show", epilog="""\b
Examples:
  humas show https://jember.example.id/2024/11/08/cooling-system/
  humas show https://jember.example.id/2024/11/08/cooling-system/ --format json
  humas show https://jember.example.id/2024/11/08/cooling-system/ --versions
""")
@click.argument("url")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--versions", "list_versions", is_flag=True,
              help="List the stored versions (see 'humas diff' to compare two).")
def command(url: str, fmt: str, list_versions: bool) -> None:
    """Show the stored article at URL (any spelling of it: ?m=1, utm_*, #fragment)."""
    from archive.export import article_row
    from humas.access import stored_article

    store, art = stored_article(url)
    if list_versions:
        _versions(store, art, fmt)
        return
    row = article_row(art, store.url_of)
    row["evidence"] = art.evidence or []
    row["published_raw"] = art.published_raw
    row["captures"] = [{"fetched_at": c.fetched_at.isoformat(), "status": c.http_status,
                        "url": c.url, "etag": c.etag} for c in art.captures]
    if fmt == "json":
        click.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    _print(row)


def _versions(store, art, fmt: str) -> None:
    """Number, capture time (UTC), title, words and short content hash of each version."""
    from archive.history import versions

    with store.Session() as s:
        rows = versions(s, art.id)
    if fmt == "json":
        click.echo(json.dumps({"url": art.url, "versions": [v.to_dict() for v in rows]},
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} version(s) of {art.url}", title_justify="left")
    for c in ("version", "captured (UTC)", "title", "words", "hash"):
        table.add_column(c, justify="right" if c in ("version", "words") else "left")
    for v in rows:
        table.add_row(str(v.version), v.captured_at.strftime("%Y-%m-%d %H:%M:%S"), v.title,
                      str(v.words), v.content_hash[:12])
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _print(row: dict) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{escape(row['title'])}[/bold]", soft_wrap=True)
    console.print(f"[blue]{escape(row['url'])}[/blue]", soft_wrap=True)
    meta = Table.grid(padding=(0, 2))
    for key in ("site", "author", "published", "published_raw", "polda", "polres",
                "kabupaten_kota", "programs", "regions_mentioned", "event_dates", "status",
                "versions", "duplicate_of", "first_seen", "last_seen"):
        value = row.get(key)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        meta.add_row(f"[dim]{key}[/dim]", str(value) if value not in (None, "") else "-")
    console.print(meta)
    if row["officials"]:
        console.print("[bold]Officials[/bold]")
        for o in row["officials"]:
            console.print(f"  {o.get('position') or ''} {o.get('rank') or ''} {o.get('name')}")
    if row["evidence"]:
        ev = Table(title="Why these tags", title_justify="left")
        for col in ("tag", "value", "phrase", "where"):
            ev.add_column(col)
        for e in row["evidence"]:
            ev.add_row(*(str(e.get(c, "")) for c in ("tag", "value", "phrase", "where")))
        console.print(ev)
    console.print()
    console.print(row["text"], markup=False, highlight=False)
    console.print(f"\n[dim]{len(row['captures'])} capture(s)[/dim]")
