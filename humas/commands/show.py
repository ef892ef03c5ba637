"""``humas show URL``: one stored article with its tags, their evidence and its captures."""

from __future__ import annotations

import json

import click

from humas.errors import HumasError


@click.command("show", epilog="""\b
Examples:
  humas show https://jember.example.id/2024/11/08/cooling-system/
  humas show https://jember.example.id/2024/11/08/cooling-system/ --format json
""")
@click.argument("url")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def command(url: str, fmt: str) -> None:
    """Show the stored article at URL (any spelling of it: ?m=1, utm_*, #fragment)."""
    from archive.export import article_row
    from archive.store import ArchiveStore

    if not url.startswith(("http://", "https://")):
        raise HumasError(f"{url!r} is not an http(s) URL")
    try:
        store = ArchiveStore(create=False)
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {exc}") from None
    art = store.get_by_url(url)
    if art is None:
        raise HumasError(f"no article stored for {url}")
    row = article_row(art, store.url_of)
    row["evidence"] = art.evidence or []
    row["published_raw"] = art.published_raw
    row["captures"] = [{"fetched_at": c.fetched_at.isoformat(), "status": c.http_status,
                        "url": c.url, "etag": c.etag} for c in art.captures]
    if fmt == "json":
        click.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    _print(row)


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
