"""How much does tagging add to extraction? enrich() vs archive.extract.extract per article.

The default source is the replica web's article pages (every family, rendered in-process, no
server): each page is extracted with the real ``archive.extract.extract`` (what the crawler
runs), then its title and text are tagged with ``enrich()``. ``--generated`` times synthetic
WordPress pages of about --words words instead; ``--html-dir`` times saved pages. Each page is
timed --repeat times and its fastest run kept (timer noise and GC pauses are not the cost);
the ratio is total tagging time over total extraction time. Prints one JSON line for the record.

Example: .venv/bin/python bench/tagging_bench.py --extra-sites 10 --repeat 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from datetime import datetime
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.enrich import enrich, load_taxonomy  # noqa: E402

PARAGRAPHS = [
    "Menjelang tahap pencoblosan Pilkada 2024, Polres {polres} terus berupaya menjaga kondusifitas "
    "kamtibmas melalui program Cooling System dan Jumat Curhat bersama tokoh agama.",
    "Hal itu disampaikan Kapolres {polres} AKBP {name} di Mapolres {polres}, {day} ({d}/{m}).",
    "Bhabinkamtibmas Desa {desa}, Aiptu {name2} menyambangi warga dan memberikan himbauan agar tidak "
    "mudah terprovokasi isu-isu yang belum jelas kebenarannya.",
    "Kegiatan rutin yang ditingkatkan (KRYD) digelar dengan patroli gabungan TNI-Polri bersama Satpol PP "
    "dan Dinas Perhubungan di titik-titik rawan gangguan kamtibmas.",
    "\u201cKami mengajak masyarakat untuk tetap tenang dan melaporkan jika ada aktivitas yang "
    "mencurigakan,\u201d ujar Kasihumas Polres {polres} Ipda {name2}.",
    "Sebanyak 1.067 personel gabungan akan disebar di seluruh titik rawan, termasuk 4.046 Tempat "
    "Pemungutan Suara (TPS) yang telah ditetapkan di Kabupaten {polres}.",
    "Patroli dialogis juga dilakukan oleh Sat Samapta di pusat keramaian, pasar dan terminal agar "
    "situasi tetap aman dan kondusif hingga usai pelantikan.",
    "Wakapolres {polres} Kopol {name3} menjelaskan bahwa pelatihan intensif telah diberikan kepada "
    "seluruh personel yang akan bertugas dalam Operasi Mantap Praja Semeru 2024.",
    "Dalam diskusi yang berlangsung santai, warga menyampaikan keluhan terkait penerangan jalan dan "
    "parkir liar di sekitar pasar desa kepada petugas.",
    "Acara yang dihadiri sekitar 30 warga ini bertujuan untuk mendengarkan keluhan, memberikan solusi, "
    "serta memperkuat semangat persatuan dan kesatuan warga desa.",
]
PLACES = ["Jember", "Lumajang", "Karawang", "Gresik", "Tuban", "Bondowoso", "Malang", "Probolinggo"]
NAMES = ["Bayu Pratama Gubunagi", "Mohammad Zainur Rofik", "Edwar Zulkarnain", "Sugiarto", "Sutikno",
         "Jimmy Heryanto Hasiholan", "Istono", "Dian Eko Timuryono"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
HEAD = "".join(  # a WordPress theme's head: styles, scripts, JSON-LD
    f"<link rel='stylesheet' href='/wp-content/themes/news/css/part{i}.css?ver=6.4' media='all'>"
    f"<script src='/wp-includes/js/lib{i}.min.js?ver=3.7'></script>" for i in range(25)
) + "<style>" + " ".join(f".c{i}{{margin:{i}px;color:#{i:03x}}}" for i in range(300)) + "</style>"
FURNITURE = """<header><div class="top-bar">Selasa, 12 November 2024</div><nav><ul>{menu}</ul></nav></header>
<aside class="sidebar"><section class="widget"><h3>Berita Terkait</h3><ul>{related}</ul></section>
<section class="widget"><h3>Kategori</h3><ul>{cats}</ul></section>
<section class="widget"><h3>Tag</h3><div class="tagcloud">{tags}</div></section></aside>
<div id="comments"><h3>Tinggalkan Balasan</h3><form><p>Alamat email Anda tidak akan dipublikasikan.</p>
<textarea></textarea><input name="author"><input name="email"><button>Kirim Komentar</button></form></div>
<footer><p>Copyright 2024 TRIBRATANEWS. Semua hak dilindungi.</p><ul>{menu}</ul></footer>"""


def make_page(rng: random.Random, words: int) -> str:
    polres = rng.choice(PLACES)
    fill = {"polres": polres, "name": rng.choice(NAMES), "name2": rng.choice(NAMES), "name3": rng.choice(NAMES),
            "day": rng.choice(DAYS), "d": rng.randint(1, 28), "m": rng.randint(1, 12), "desa": "Paleran"}
    paras, count = [], 0
    while count < words:
        text = rng.choice(PARAGRAPHS).format(**fill)
        paras.append(text)
        count += len(text.split())
    paras[0] = f"{polres.upper()} \u2013 {paras[0]}"
    title = f"Cooling System, Polres {polres} Gelar Patroli Dialogis Jelang Pilkada"
    menu = "".join(f"<li class='menu-item'><a href='/c/{i}'>Kategori {i}</a><ul class='sub-menu'>"
                   + "".join(f"<li><a href='/c/{i}/{j}'>Sub {j}</a></li>" for j in range(6)) + "</ul></li>"
                   for i in range(12))
    related = "".join(f"<li><a href='/p/{i}'>Operasi Zebra hari ke-{i} di Polres Tuban</a><span>"
                      f"{i} jam lalu</span></li>" for i in range(10))
    cats = "".join(f"<li><a href='/category/c{i}'>Polres {p}</a> ({i})</li>" for i, p in enumerate(PLACES * 3))
    tags = " ".join(f"<a href='/tag/t{i}' class='tag-cloud-link'>tag {i}</a>" for i in range(40))
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return (f"<html><head><title>{escape(title)}</title><meta property='article:published_time' "
            f"content='2024-11-08T11:35:00+07:00'>{HEAD}</head><body>"
            f"{FURNITURE.format(menu=menu, related=related, cats=cats, tags=tags)}"
            f"<article><h1>{escape(title)}</h1><div class='entry-content'>{body}</div></article></body></html>")


def load_pages(folder: Path) -> list[str]:
    pages = []
    for path in sorted(folder.rglob("*.htm*")):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        pages.append(data.decode("utf-8", "replace"))
    return pages


def timed(fn, *args):  # noqa: ANN001, ANN202 - tiny helper
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def replica_pages(extra_sites: int) -> list[tuple[str, str]]:
    """(url, html) of every article page the replica web serves, rendered without a server."""
    from replica import ReplicaWeb

    web = ReplicaWeb(port=8080, extra_sites=extra_sites)
    out = []
    for site in web._sites:  # noqa: SLF001 - the bench reads the built sites directly
        for art in site.articles:
            path = art.url[len(site.base):] or "/"
            page = site.handle(path)
            if page.status != 200:
                page = site.handle(path)  # the flaky page fails once
            if page.status == 200:
                out.append((art.url, page.body.decode("utf-8", "replace")))
    return out


def best_of(repeat: int, fn, *args):  # noqa: ANN001, ANN202 - tiny helper
    out, best = None, float("inf")
    for _ in range(repeat):
        out, t = timed(fn, *args)
        best = min(best, t)
    return out, best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", action="store_true", help="time generated WordPress pages instead")
    ap.add_argument("--pages", type=int, default=200, help="generated pages (default 200)")
    ap.add_argument("--words", type=int, default=600, help="words per generated body (default 600)")
    ap.add_argument("--extra-sites", type=int, default=10, help="replica benchmark sites (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per page, fastest kept (default 3)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--html-dir", type=Path, help="time saved pages (*.html, *.html.gz) instead")
    args = ap.parse_args(argv)
    from archive.extract import extract

    rng = random.Random(args.seed)
    if args.html_dir:
        source, pages = str(args.html_dir), [(f"https://example.id/{i}/", h) for i, h in enumerate(load_pages(args.html_dir))]
    elif args.generated:
        source = "generated"
        pages = [(f"https://tribratanews.example.id/2024/11/08/p{i}/", make_page(rng, args.words)) for i in range(args.pages)]
    else:
        source, pages = f"replica (+{args.extra_sites} extra sites)", replica_pages(args.extra_sites)
    tax, load_s = timed(load_taxonomy)
    fallback = datetime(2024, 11, 8, 11, 35)
    extract_s, enrich_s, words = [], [], []
    for url, html in pages:
        ex, t_ext = best_of(args.repeat, extract, html, url)
        if not ex.is_article or not ex.text:
            continue
        _, t_enr = best_of(args.repeat, enrich, ex.title or "", ex.text, ex.published or fallback, tax)
        extract_s.append(t_ext)
        enrich_s.append(t_enr)
        words.append(len(ex.text.split()))
    ext_ms = statistics.median(extract_s) * 1000
    enr_ms = statistics.median(enrich_s) * 1000
    ratios = sorted(e / x for e, x in zip(enrich_s, extract_s, strict=True))
    result = {
        "bench": "tagging", "source": source, "articles": len(extract_s), "repeat": args.repeat,
        "html_kb_median": round(statistics.median(len(h) for _, h in pages) / 1024, 1),
        "words_median": statistics.median(words),
        "extract_ms_median": round(ext_ms, 3), "enrich_ms_median": round(enr_ms, 3),
        "enrich_ms_p95": round(sorted(enrich_s)[int(0.95 * len(enrich_s)) - 1] * 1000, 3),
        "ratio": round(sum(enrich_s) / sum(extract_s), 4),
        "ratio_median": round(statistics.median(ratios), 4),
        "ratio_p95": round(ratios[int(0.95 * len(ratios)) - 1], 4),
        "taxonomy_load_s": round(load_s, 3), "phrases": len(tax.phrases),
    }
    print(f"{len(extract_s)} articles from {source} ({result['html_kb_median']} KB HTML), "
          f"~{result['words_median']:.0f} words extracted per article, best of {args.repeat}")
    print(f"archive.extract.extract  median {ext_ms:8.3f} ms/article")
    print(f"enrich                   median {enr_ms:8.3f} ms/article (p95 {result['enrich_ms_p95']:.3f})")
    print(f"tagging adds {100 * result['ratio']:.1f}% to extraction time in total, "
          f"{100 * result['ratio_median']:.1f}% per article (median; p95 {100 * result['ratio_p95']:.1f}%), budget 10%")
    print(json.dumps(result, sort_keys=True))
    return 0 if result["ratio"] < 0.10 and result["ratio_median"] < 0.10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
