"""``humas sites``: each site's health from its crawl runs and its stored articles."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from humas.access import open_store
from humas.commands.runs import console
from humas.errors import HumasError
from humas.options import open_output, output_options

HELP = """Show each site's health: articles stored, last success, error rate, robots, faults.

Lists every site in the archive and every site of the sites file (default $HUMAS_SITES or
settings/sites.yaml); a listed site with no run yet shows "never crawled". The last success
is the newest run that made requests and had fewer errors than requests; the error rate is
errors / requests over the site's --runs newest runs; faults are those the newest run met
(timeouts, retries, refused redirects, oversize pages, charset fixes, dead links). Times are UTC.
"""


@click.command("sites", help=HELP, epilog="""\b
Examples:
  humas sites
  humas sites --sites settings/sites.yaml --runs 10
  humas sites --format json
""")
@click.option("--sites", "sites_file", type=click.Path(path_type=Path), metavar="FILE",
              help="Sites file whose sites are listed even if never crawled.")
@click.option("--runs", "window", type=click.IntRange(min=1), default=5, show_default=True,
              help="Error rate over this many newest runs of each site.")
@output_options()
def command(sites_file: Path | None, window: int, fmt: str, output) -> None:
    from archive.history import site_health

    configured = _configured(sites_file)
    store = open_store()
    with store.Session() as s:
        rows = site_health(s, configured, window=window)
    with open_output(output) as out:
        if fmt == "json":
            json.dump([r.to_dict() for r in rows], out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt == "csv":
            fields = ["name", "url", "live", "deleted", "runs", "last_success", "last_run",
                      "requests", "errors", "error_rate", "robots", "crawled", "faults"]
            w = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore",
                               lineterminator="\n")
            w.writeheader()
            w.writerows({**r.to_dict(), "faults": json.dumps(r.faults)} for r in rows)
        elif not rows:
            click.echo("no sites in the archive or the sites file", file=out)
        else:
            _table(rows, window, out)


def _configured(path: Path | None) -> list[tuple[str, str]]:
    """(name, url) of the sites file's sites; a missing default file is simply no sites."""
    from archive.sites import SitesError, default_sites_path, load_sites

    if path is None and not default_sites_path().is_file():
        return []
    try:
        return [(s.name, s.url) for s in load_sites(path)]
    except SitesError as exc:
        raise HumasError(str(exc)) from None


def _table(rows, window: int, out) -> None:
    from rich.table import Table

    table = Table(title="Site health (UTC)", title_justify="left")
    for c in ("site", "url", "articles", "last success", "last run",
              f"errors (last {window} runs)", "robots", "faults (last run)"):
        table.add_column(c, justify="right" if c.startswith("errors") else "left")
    for r in rows:
        if not r.crawled:
            table.add_row(r.name, r.url, "-", "-", "never crawled", "-", "-", "-",
                          style="yellow")
            continue
        articles = f"{r.live} live" + (f", {r.deleted} deleted" if r.deleted else "")
        rate = "-" if r.error_rate is None else f"{r.error_rate:.1%} ({r.errors}/{r.requests})"
        table.add_row(r.name, r.url, articles, _when(r.last_success) if r.runs else "-",
                      _when(r.last_run) if r.runs else "no run recorded", rate, r.robots,
                      _faults(r.faults),
                      style="red" if r.runs and r.last_success is None else None)
    console(out).print(table)


def _faults(faults: dict[str, int]) -> str:
    """``retry/timeout 4, size/refused 2``: what went wrong, most frequent first."""
    if not faults:
        return "none"
    return ", ".join(f"{k} {n}" for k, n in sorted(faults.items(), key=lambda kv: -kv[1]))


def _when(t) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t else "never"
