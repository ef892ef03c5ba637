"""Indonesian affixed forms of a verb root: sambang -> disambangi, menyambangi, ..."""

from __future__ import annotations

VOWELS = "aeiou"
SUFFIXES = ("", "i", "kan", "an", "nya", "inya", "kannya")


def nasal(root: str, prefix: str = "me") -> str:
    """meN-/peN- assimilation: sambang -> menyambang, pukul -> memukul, tulis -> menulis."""
    first = root[:1]
    if first == "s":
        return f"{prefix}ny{root[1:]}"
    if first == "p":
        return f"{prefix}m{root[1:]}"
    if first == "t":
        return f"{prefix}n{root[1:]}"
    if first == "k":
        return f"{prefix}ng{root[1:]}"
    if first in VOWELS or first in "gh":
        return f"{prefix}ng{root}"
    if first in "bfv":
        return f"{prefix}m{root}"
    if first in "cdjz":
        return f"{prefix}n{root}"
    return f"{prefix}{root}"


def affixed_forms(root: str) -> list[str]:
    """All single-word forms of ``root`` with the common verbal/nominal affixes."""
    root = root.lower()
    bases = (root, f"di{root}", f"ter{root}", nasal(root, "me"), nasal(root, "pe"), f"ke{root}")
    forms = {f"{base}{suffix}" for base in bases for suffix in SUFFIXES}
    return sorted(forms)
