"""``humas diff URL``: what changed between two stored versions of an article, word by word."""

from __future__ import annotations

import json
import sys

import click

from humas.access import stored_article
from humas.errors import HumasError

HELP = """Show a word-level diff between two stored versions of the article at URL.

By default the last two versions. Deleted words are marked [-like this-], inserted words
[+like this+] (and coloured on a terminal). Any spelling of the URL works (?m=1, utm_*).
--format json gives the operations: [{"op": "equal"|"delete"|"insert", "text": ...}].
"""


@click.command("diff", help=HELP, epilog="""\b
Examples:
  humas diff https://polresjember.id/2024/11/08/cooling-system/
  humas diff https://polresjember.id/2024/11/08/cooling-system/ --from 1 --to 3
  humas diff https://polresjember.id/2024/11/08/cooling-system/ --format json
""")
@click.argument("url")
@click.option("--from", "old", type=int, metavar="N", help="Older version (default: the one "
              "before --to).")
@click.option("--to", "new", type=int, metavar="M", help="Newer version (default: the last).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def command(url: str, old: int | None, new: int | None, fmt: str) -> None:
    from archive.history import diff_summary, pick_versions, versions, word_diff

    store, art = stored_article(url)
    with store.Session() as s:
        rows = versions(s, art.id)
    if len(rows) < 2 and old is None and new is None:
        click.echo(f"only {len(rows)} version stored for {art.url}: nothing to compare")
        return
    try:
        a, b = pick_versions(rows, old, new)
    except ValueError as exc:
        raise HumasError(f"{exc} of {art.url}") from None
    title_ops, text_ops = word_diff(a.title, b.title), word_diff(a.text, b.text)
    summary = diff_summary(text_ops)
    if fmt == "json":
        click.echo(json.dumps({
            "url": art.url, "from": a.to_dict(), "to": b.to_dict(), **summary,
            "title": [op.to_dict() for op in title_ops],
            "text": [op.to_dict() for op in text_ops]}, ensure_ascii=False, indent=2))
        return
    _print(art.url, a, b, title_ops, text_ops, summary)


def _print(url, a, b, title_ops, text_ops, summary) -> None:
    from rich.console import Console
    from rich.text import Text

    from archive.history import MARKS, render_diff

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 100)
    head = (f"{url}\nversion {a.version} ({a.captured_at:%Y-%m-%d %H:%M} UTC) -> "
            f"version {b.version} ({b.captured_at:%Y-%m-%d %H:%M} UTC): "
            f"{summary['deleted']} words deleted, {summary['inserted']} inserted")
    if not console.is_terminal:
        title = render_diff(title_ops) if a.title != b.title else b.title
        sys.stdout.write(f"{head}\n\n# {title}\n\n{render_diff(text_ops)}\n")
        return
    console.print(Text(head, style="dim"))
    styles = {"insert": "bold green", "delete": "red strike", "equal": ""}
    for ops, prefix in ((title_ops, "# "), (text_ops, "")):
        out = Text(prefix)
        for i, op in enumerate(ops):
            start, end = MARKS[op.op]
            sep = "" if i == 0 or op.text.startswith("\n") or out.plain.endswith("\n") else " "
            out.append(sep)
            out.append(f"{start}{op.text}{end}", style=styles[op.op])
        console.print()
        console.print(out)
