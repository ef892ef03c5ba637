"""Article counts by program, region, site and period, and the figure a paper would show.

Counting reads a narrow projection (no text) of the selected articles from the database in
id batches and tallies it in Python: month and year are in each article's own local time
(its stored UTC offset) and programs are a JSON list, both of which would need
dialect-specific SQL (SQLite ``json_each`` vs PostgreSQL ``json_array_elements``). Memory is
bounded by the number of distinct groups, not articles.

Counting rules: an article counts once per cell; an article with several programs counts
under each of them, so cells of the ``program`` dimension can sum to more than the total,
while every total (per value and overall) counts distinct articles. A syndicated copy
(``duplicate_of`` set) is skipped when its original, or another copy of it, is already in
the selection, unless ``count_duplicates``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Article, Site

DIMENSIONS = ("program", "polda", "polres", "site", "month", "year")
TIME_DIMENSIONS = ("month", "year")
NONE = "(none)"
NO_DATE = "(no date)"
ALL = "(all)"
_FACT_COLUMNS = (Article.id, Article.duplicate_of, Article.programs, Article.polda,
                 Article.polres, Site.name, Article.published, Article.published_offset)


@dataclass
class Stats:
    by: tuple[str, ...]
    total: int = 0
    cells: Counter = field(default_factory=Counter)  # (v1[, v2]) -> articles
    margins: list[Counter] = field(default_factory=list)  # per dimension: value -> articles
    count_duplicates: bool = False
    duplicates_skipped: int = 0

    def values(self, i: int) -> list[str]:
        """The values of dimension ``i``: periods in time order, others by count."""
        counts = self.margins[i]
        if self.by[i] in TIME_DIMENSIONS:
            return sorted(counts, key=lambda v: (v == NO_DATE, v))
        return sorted(counts, key=lambda v: (v == NONE, -counts[v], v))

    def records(self) -> Iterator[dict[str, Any]]:
        """Tidy rows: every cell, then each dimension's totals (other cells ``(all)``)."""
        dims = self.by
        order = [{v: k for k, v in enumerate(self.values(i))} for i in range(len(dims))]
        for key in sorted(self.cells, key=lambda k: [order[i][v] for i, v in enumerate(k)]):
            yield {**dict(zip(dims, key, strict=True)), "articles": self.cells[key]}
        if len(dims) == 2:
            for i in range(2):
                for v in self.values(i):
                    row = {dims[0]: ALL, dims[1]: ALL, "articles": self.margins[i][v]}
                    row[dims[i]] = v
                    yield row
        yield {**{d: ALL for d in dims}, "articles": self.total}

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": list(self.by), "total": self.total,
            "count_duplicates": self.count_duplicates,
            "duplicates_skipped": self.duplicates_skipped,
            "counts": [r for r in self.records() if ALL not in
                       [r[d] for d in self.by]],
            "totals": {d: {v: self.margins[i][v] for v in self.values(i)}
                       for i, d in enumerate(self.by)},
        }


def check_dimensions(by: Sequence[str]) -> tuple[str, ...]:
    by = tuple(dict.fromkeys(b.strip().lower() for b in by))
    if not 1 <= len(by) <= 2:
        raise ValueError("give one or two --by dimensions, e.g. --by program --by month")
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension {unknown[0]!r}; use one of {', '.join(DIMENSIONS)}")
    return by


def iter_facts(sessions: sessionmaker[Session], ids: Iterable[int] | None,
               batch: int = 2000) -> Iterator[tuple]:
    """(id, duplicate_of, programs, polda, polres, site, published, offset) per article."""
    stmt = select(*_FACT_COLUMNS).join(Site, Site.id == Article.site_id)
    with sessions() as s:
        if ids is None:
            last = 0
            while rows := s.execute(stmt.where(Article.id > last).order_by(Article.id)
                                    .limit(batch)).all():
                yield from rows
                last = rows[-1][0]
            return
        ids = list(ids)
        for i in range(0, len(ids), batch):
            yield from s.execute(stmt.where(Article.id.in_(ids[i : i + batch])))


def count(sessions: sessionmaker[Session], ids: Iterable[int] | None, by: Sequence[str],
          count_duplicates: bool = False) -> Stats:
    """Counts of the articles ``ids`` (all articles if None) by one or two dimensions."""
    by = check_dimensions(by)
    ids = None if ids is None else list(ids)
    selected = None if ids is None else set(ids)
    stats = Stats(by=by, margins=[Counter() for _ in by], count_duplicates=count_duplicates)
    seen_groups: set[int] = set()
    for fact in iter_facts(sessions, ids):
        dup = fact[1]
        if dup is not None and not count_duplicates:
            if (selected is None or dup in selected) or dup in seen_groups:
                stats.duplicates_skipped += 1
                continue
            seen_groups.add(dup)
        _tally(stats, fact)
    return stats


def _tally(stats: Stats, fact: tuple) -> None:
    values = [_values(d, fact) for d in stats.by]
    stats.total += 1
    for i, vs in enumerate(values):
        stats.margins[i].update(vs)
    if len(values) == 1:
        stats.cells.update((v,) for v in values[0])
    else:
        stats.cells.update((a, b) for a in values[0] for b in values[1])


def _values(dim: str, fact: tuple) -> list[str]:
    _, _, programs, polda, polres, site, published, offset = fact
    if dim == "program":
        return list(dict.fromkeys(programs or [])) or [NONE]
    if dim == "polda":
        return [polda or NONE]
    if dim == "polres":
        return [polres or NONE]
    if dim == "site":
        return [site]
    if published is None:
        return [NO_DATE]
    local = published.astimezone(timezone(timedelta(minutes=420 if offset is None else offset)))
    return [local.strftime("%Y-%m" if dim == "month" else "%Y")]


# -- the figure ---------------------------------------------------------------------------
MAX_SERIES = 8
MAX_BARS = 25
LABELS = {"program": "Program", "polda": "Polda", "polres": "Polres", "site": "Site",
          "month": "Month", "year": "Year"}


def draw_chart(stats: Stats, path: str | Path, title: str | None = None,
               source: str = "humas-archive") -> Path:
    """A PNG for a paper: monthly (or yearly) bars, one small panel per program/region when
    there are two dimensions; otherwise horizontal bars per value, largest first."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 12,
                         "figure.titlesize": 15, "legend.fontsize": 10,
                         "axes.spines.top": False, "axes.spines.right": False})
    timed = bool(set(stats.by) & set(TIME_DIMENSIONS))
    if timed:
        fig, left_out = _time_chart(stats, plt)
    else:
        fig, ax = plt.subplots(figsize=CHART_SIZE, dpi=DPI, layout="constrained")
        left_out = _bar_chart(stats, ax)
    what = " by ".join(LABELS[d].lower() for d in stats.by)
    fig.suptitle(title or f"Articles by {what}", x=0.01, ha="left")
    note = (f"Source: {source}, {stats.total:,} articles"
            + ("" if stats.count_duplicates else "; syndicated copies counted once")
            + (f"; not shown: {left_out}" if left_out else "")
            # stacked program segments count mentions, which can exceed the articles
            + ("; an article with several programs counts under each"
               if not timed and stats.by[1:] == ("program",) else ""))
    # the note is the figure's x label, so the layout engine makes room for it
    fig.supxlabel(note, x=0.01, ha="left", fontsize=9, color="#555555")
    path = Path(path)
    fig.savefig(path, dpi=DPI, facecolor="white")
    plt.close(fig)
    return path


CHART_SIZE = (11, 6)  # inches; at DPI 150: 1650 x 900 pixels
PANEL_ROW = 1.9  # inches per row of small panels
DPI = 150


def _series(stats: Stats, ti: int) -> tuple[list[str], dict[str, list[int]], str]:
    """Periods (gap-free), the top series' counts per period, and what was left out."""
    periods = _period_range([v for v in stats.values(ti) if v != NO_DATE], stats.by[ti])
    left_out = []
    if stats.margins[ti].get(NO_DATE):
        left_out.append(f"{stats.margins[ti][NO_DATE]:,} undated")
    if len(stats.by) == 1:
        return periods, {"articles": [stats.cells.get((p,), 0) for p in periods]}, \
            ", ".join(left_out)
    si = 1 - ti
    names = [v for v in stats.values(si) if v != NONE]
    if stats.margins[si].get(NONE):
        left_out.append(f"{stats.margins[si][NONE]:,} with no {stats.by[si]}")
    if len(names) > MAX_SERIES:
        left_out.append(f"{len(names) - MAX_SERIES} smaller {stats.by[si]} series")
        names = names[:MAX_SERIES]

    def cell(s: str, p: str) -> int:
        return stats.cells.get((s, p) if si == 0 else (p, s), 0)

    return periods, {s: [cell(s, p) for p in periods] for s in names}, ", ".join(left_out)


def _period_range(values: list[str], dim: str) -> list[str]:
    if not values:
        return []
    if dim == "year":
        return [str(y) for y in range(int(values[0]), int(values[-1]) + 1)]
    y, m = map(int, values[0].split("-"))
    out = []
    while (label := f"{y:04d}-{m:02d}") <= values[-1]:
        out.append(label)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _time_chart(stats: Stats, plt):
    """One bar panel per series (top MAX_SERIES), shared axes, 2 columns."""
    ti = next(i for i, d in enumerate(stats.by) if d in TIME_DIMENSIONS)
    periods, series, left_out = _series(stats, ti)
    x = _period_x(periods, stats.by[ti])
    ncols = 1 if len(series) == 1 else 2
    nrows = -(-len(series) // ncols) if series else 1
    height = CHART_SIZE[1] if nrows == 1 else 1.2 + PANEL_ROW * nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(CHART_SIZE[0], height), dpi=DPI,
                             sharex=True, sharey=True, squeeze=False, layout="constrained")
    width = 25 if stats.by[ti] == "month" else 300  # days
    for ax, (name, ys) in zip(axes.flat, series.items(), strict=False):
        ax.bar(x, ys, width=width, color="#3b6ea8")
        if len(series) > 1:
            ax.set_title(f"{name} (n = {sum(ys):,})", loc="left")
        ax.grid(axis="y", alpha=0.3)
        ax.yaxis.get_major_locator().set_params(integer=True)
    for ax in list(axes.flat)[len(series):]:
        ax.set_visible(False)
    _date_axis(axes.flat[0], x, stats.by[ti])
    for ax in axes[-1]:
        ax.set_xlabel(LABELS[stats.by[ti]])
    fig.supylabel("Articles")
    return fig, left_out


def _period_x(periods: list[str], dim: str) -> list:
    from datetime import date

    if dim == "year":
        return [date(int(p), 7, 1) for p in periods]
    return [date(int(p[:4]), int(p[5:7]), 15) for p in periods]


def _date_axis(ax, x: list, dim: str) -> None:
    """Ticks on Januaries (and Julys, or quarters, when few months), labelled "Jan 2024";
    the axis ends half a period beyond the data, not at the next tick."""
    from datetime import timedelta

    import matplotlib.dates as mdates

    if not x:
        return
    half = timedelta(days=16 if dim == "month" else 183)
    ax.set_xlim(x[0] - half, x[-1] + half)
    if dim == "year" or len(x) > 48:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        months = [1, 7] if len(x) > 24 else [1, 4, 7, 10]
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=months))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator())


def _bar_chart(stats: Stats, ax) -> str:
    names = [v for v in stats.values(0) if v != NONE]
    left_out = []
    if stats.margins[0].get(NONE):
        left_out.append(f"{stats.margins[0][NONE]:,} with no {stats.by[0]}")
    if len(names) > MAX_BARS:
        left_out.append(f"{len(names) - MAX_BARS} smaller {stats.by[0]} values")
        names = names[:MAX_BARS]
    names = names[::-1]  # largest at the top
    y = range(len(names))
    if len(stats.by) == 1:
        ax.barh(y, [stats.cells.get((n,), 0) for n in names], color="#3b6ea8")
    else:
        values = [v for v in stats.values(1) if v != NONE]
        stacks = values[:MAX_SERIES]
        base = [0] * len(names)
        for s in stacks:
            widths = [stats.cells.get((n, s), 0) for n in names]
            ax.barh(y, widths, left=base, label=s)
            base = [b + w for b, w in zip(base, widths, strict=True)]
        # the smaller values and "(none)" as one grey segment, so that no bar is left empty
        # or short of its total because its values are not among the stacked ones
        rest = [sum(stats.cells.get((n, s), 0) for s in stats.values(1) if s not in stacks)
                for n in names]
        if any(rest):
            ax.barh(y, rest, left=base, color="#c8c8c8",
                    label=f"other or no {stats.by[1]}" if len(values) > len(stacks)
                    else f"no {stats.by[1]}")
        ax.legend(title=LABELS[stats.by[1]], loc="lower right", frameon=False)
    ax.set_yticks(list(y), names)
    ax.set_xlabel("Articles")
    ax.set_ylabel(LABELS[stats.by[0]])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", alpha=0.3)
    return ", ".join(left_out)
