"""Line-level boilerplate that survives trafilatura on humas sites (Blogger/WordPress UI in Indonesian).

trafilatura removes most page furniture; what is left is short UI lines that look like text:
comment-form headings, pager links, share prompts and "Baca Juga" teasers inserted mid-body.
:func:`clean_lines` drops them and cuts the body where a comment form or related-posts block begins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Whole lines that are page furniture, never article text.
DROP_LINE = re.compile(
    r"^(?:"
    r"tidak ada komentar:?|no comments:?|posting komentar|post a comment"  # Blogger comment block
    r"|\d+\s+(?:response|responses|komentar|comments?)\s+(?:to|untuk|pada)\b.*"  # Blogger "0 Response to ..."
    r"|posting lebih baru|posting lama|beranda|newer posts?|older posts?|home"  # Blogger pager
    r"|(?:langganan|subscribe to):?\s*(?:posting komentar|post comments|entri).*"  # Blogger feed link
    r"|label:.*|labels:.*|diberdayakan oleh blogger.*|powered by blogger.*"  # Blogger post footer
    r"|-->.*"  # Blogger template debris on label pages
    r"|bagikan(?:\s+(?:ke|via|di)\s+.*)?:?|share(?: this| on .*)?:?|sebarkan:?"  # share widgets
    r"|(?:baca|lihat)\s+(?:juga|pula)\s*:?.*"  # "Baca Juga: <other headline>" inserted mid-body
    r"|alamat email anda tidak akan dipublikasikan.*|ruas yang wajib ditandai.*"  # WP comment form
    r"|your email address will not be published.*|required fields are marked.*"  # WP comment form (en)
    r"|simpan nama, email.*|save my name, email.*"  # WP comment form checkbox
    r"|tags?:\s.*|kategori:.*|print|cetak|whatsapp|facebook|twitter|telegram|email"  # meta/share rows
    r")$",
    re.IGNORECASE,
)

# Lines after which only comments, forms or related posts follow: the body ends there.
STOP_LINE = re.compile(
    r"^(?:tinggalkan (?:balasan|komentar)|leave a (?:reply|comment)|komentar|comments?"
    r"|berita terkait|artikel terkait|related posts?|postingan terkait|baca berita lainnya"
    r"|berita lainnya|you may also like|posting komentar)\s*:?$",
    re.IGNORECASE,
)


# Credit lines closing a release: "Editor : X", "Sumber : Polres Y" (the article's own "(*)" stays).
CREDIT_LINE = re.compile(
    r"^(?:editor|penulis|pewarta|reporter|redaktur|sumber|foto|fotografer|publisher)\s*:\s*\S.{0,80}$",
    re.IGNORECASE,
)


FURNITURE_AFTER = 500  # chars of body kept before page-frame texts end the extraction


def drop_credits(lines: list[str]) -> list[str]:
    """Remove the run of credit lines at the end of the body."""
    end = len(lines)
    while end > 1 and CREDIT_LINE.match(lines[end - 1]):
        end -= 1
    return lines[:end]


def after_title(lines: list[str], title: str | None, window: int = 8) -> list[str]:
    """Lines after the title when the extraction starts with page header (blog name, date, title)."""
    if title:
        key = fold(title)
        for index, line in enumerate(lines[:window]):
            if fold(line) == key:
                return lines[index + 1 :]
    return lines


def clean_lines(
    text: str,
    title: str | None = None,
    head_drop: Callable[[str], bool] | None = None,
    furniture: set[str] | None = None,
    head: int = 4,
) -> str:
    """Drop boilerplate lines and cut at a comment/related block; ``head_drop`` tests the first lines.

    ``head_drop`` lets the caller remove the title, byline and date line that some themes put
    inside the content area, without touching the same words further down the body.
    ``furniture`` are (folded) texts printed above the title -- blog name, tagline, date header:
    met again after the body, they mean the extraction ran on into the page frame, so it stops.
    """
    stops = (furniture or set()) | ({fold(title)} if title else set())
    kept: list[str] = []
    kept_chars = 0  # sum(map(len, kept)), kept up to date
    for line in after_title([raw.strip() for raw in text.splitlines() if raw.strip()], title):
        if kept and (
            STOP_LINE.match(line)
            or (kept_chars >= FURNITURE_AFTER and fold(line) in stops)
        ):
            break
        if DROP_LINE.match(line):
            continue
        if head_drop is not None and len(kept) < head and not kept_body(kept) and head_drop(line):
            continue
        kept.append(line)
        kept_chars += len(line)
    return "\n".join(drop_credits(kept))


def kept_body(kept: list[str]) -> bool:
    """Whether a real paragraph (not a short header line) has been kept already."""
    return any(len(line) > 160 for line in kept)


def fold(text: str) -> str:
    """Whitespace-collapsed, case-folded form used to compare lines."""
    return " ".join(text.split()).casefold()
