"""Short answers typed by villagers: yes/no, "don't know", dashes. Pure functions."""
from __future__ import annotations

import re

_YES = {
    "ya", "y", "iya", "iyo", "yo", "ok", "oke", "okey", "okay", "benar", "betul", "bener", "sudah",
    "setuju", "nggih", "inggih", "ngih", "enggih", "injih", "enggeh", "yes", "yup", "sip", "siap",
    "leres", "ho oh", "hooh", "he eh", "iye", "yoi",
}
_NO = {
    "tidak", "tdk", "t", "gak", "ga", "nggak", "ngga", "enggak", "engga", "ndak", "endak", "nda",
    "no", "bukan", "salah", "belum", "blm", "mboten", "boten", "ora", "sing", "tak", "kagak", "jangan",
    "ndak usah", "tidak usah", "gak usah", "ga usah", "nggak usah",
}
_UNKNOWN = re.compile(
    r"^\s*(tt|t\.?t\.?|tidak tahu|tdk tahu|tidak tau|tdk tau|gak tau|ga tau|nggak tau|ndak tau|"
    r"ndak ngerti|mboten ngertos|gatau|gak ngerti|lupa|-+|\?+)\s*[.!]*\s*$",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z ]+", " ", (text or "").lower()).strip()


def parse_yes_no(text: str) -> bool | None:
    """True for ya/iya/nggih/benar..., False for tidak/gak/mboten..., None otherwise."""
    t = _norm(text)
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    words = t.split()
    if words[0] in _NO or " ".join(words[:2]) in _NO:
        return False
    if words[0] in _YES:
        return True
    return None


def is_unknown(text: str) -> bool:
    """'TT', 'tidak tahu', '-', '?' -> True."""
    return bool(_UNKNOWN.match(text or ""))


def clean_free_text(text: str, limit: int = 120) -> str:
    """Collapse whitespace and cut overly long answers."""
    text = re.sub(r"\s+", " ", (text or "")).strip()
    return text[:limit]
