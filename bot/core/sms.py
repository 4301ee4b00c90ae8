"""SMS fitting: GSM-7 detection, transliteration to GSM-7, segment counting.

Basic phones in the villages show GSM-7 text reliably; one character outside
it (a curly quote, an emoji) switches the whole SMS to UCS-2, which cuts a
segment from 160 to 70 characters and may show as boxes. Replies sent over SMS
are therefore transliterated to GSM-7 first (``fit``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# GSM 03.38 basic character set (one septet each).
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each costs two septets (escape + char).
GSM7_EXTENDED = "^{}\\[~]|€\f"

_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENDED = frozenset(GSM7_EXTENDED)

# Twilio refuses bodies over 1600 characters.
MAX_BODY = 1600
TWO_SEGMENTS = 306  # GSM-7 septets of two concatenated SMS: the longest reply to a villager

# Common non-GSM characters and what a basic phone should show instead.
_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...", "\u2022": "-", "\u00b7": "-", "\u2023": "-", "\u25cf": "-", "\u25aa": "-",
    "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ", "\u202f": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufe0f": "", "\ufeff": "",
    "\t": " ", "\u2192": "->", "\u2190": "<-", "\u00d7": "x", "\u00f7": "/",
    "\u2264": "<=", "\u2265": ">=", "\u00b0": " derajat", "\u2116": "No.",
    "\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4",
    "\u00ae": "(R)", "\u00a9": "(C)", "\u2122": "TM",
    "\u00e7": "c", "\u00c0": "A", "\u00c2": "A", "\u00e2": "a", "\u00ea": "e", "\u00ee": "i",
    "\u00f4": "o", "\u00fb": "u", "\u00eb": "e", "\u00ef": "i",
    # Characters whose GSM-7 form sits in the extension table: keep them cheap.
    "`": "'",
}


@dataclass(frozen=True)
class SmsInfo:
    encoding: str  # "GSM-7" | "UCS-2"
    segments: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` is in the GSM-7 basic or extension set."""
    return all(ch in _BASIC or ch in _EXTENDED for ch in text)


def _septets(text: str) -> int:
    return sum(2 if ch in _EXTENDED else 1 for ch in text)


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def info(text: str) -> SmsInfo:
    """Encoding and number of SMS segments ``text`` needs."""
    if is_gsm7(text):
        units = _septets(text)
        single, multi = 160, 153
        encoding = "GSM-7"
    else:
        units = _utf16_units(text)
        single, multi = 70, 67
        encoding = "UCS-2"
    if units <= single:
        segments = 1
    else:
        segments = -(-units // multi)
    return SmsInfo(encoding=encoding, segments=segments, units=units)


def segments(text: str) -> int:
    return info(text).segments


def length(text: str) -> int:
    """What ``text`` costs in GSM-7 septets: extension characters count two; text that needs
    UCS-2 counts as if each UTF-16 unit took 160/70 septets (so limits stay in one unit)."""
    sms = info(text)
    return sms.units if sms.encoding == "GSM-7" else -(-sms.units * 160 // 70)


def one_segment(text: str) -> bool:
    """Whether ``text`` fits one SMS (160 GSM-7 septets, extension characters count two;
    70 UTF-16 units in UCS-2). The one rule for every question and reply."""
    return info(text).segments == 1


def cut_to_segment(text: str, marker: str = "...") -> str:
    """``text``, cut at the end (with ``marker``) until it fits one SMS segment."""
    if one_segment(text):
        return text
    while text and not one_segment(text.rstrip() + marker):
        text = text[:-1]
    return text.rstrip() + marker


TAIL_MARKS = (" Kontak warga:", " Pelapor:", " Balas ")


def fit_keeping_tail(text: str, max_segments: int = 2, tail_marks: tuple[str, ...] = TAIL_MARKS,
                     marker: str = "...") -> str:
    """``text`` in at most ``max_segments`` SMS: the part from the earliest of the last
    ``tail_marks`` on (whom to call, the commands an officer answers with) is kept whole, the
    words before it are cut (``marker``)."""
    if info(text).segments <= max_segments:
        return text
    found = [text.rfind(mark) for mark in tail_marks if text.rfind(mark) > 0]
    at = min(found) if found else -1
    head, tail = (text[:at], text[at:]) if at > 0 else (text, "")
    # explanations in brackets go first ("(160 atau 110 ke atas)"): the facts after them matter more
    # (round 17: a midwife on SMS lost the blood pressure, the dusun and the mother's name)
    head = re.sub(r"\s*\([^()]{4,}\)", "", head)
    while head and info(head.rstrip() + marker + tail).segments > max_segments:
        head = head.rsplit(" ", 1)[0] if " " in head.strip() else ""  # whole words: "TD 170/110", never "170/11"
    return (head.rstrip() + marker + tail) if head else cut_to_segment(tail.strip())


def to_gsm7(text: str) -> str:
    """Transliterate ``text`` so that it contains only GSM-7 characters.

    Known punctuation gets its plain equivalent, accented letters lose the
    accent unless GSM-7 has them, anything else (emoji, other scripts) is dropped.
    """
    out: list[str] = []
    for ch in text:
        if ch in _BASIC:
            out.append(ch)
        elif ch in _REPLACEMENTS:
            out.append(_REPLACEMENTS[ch])
        elif ch in _EXTENDED:
            out.append(ch)
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            kept = "".join(c for c in decomposed if c in _BASIC)
            out.append(kept)
    result = "".join(out)
    # Dropped emoji can leave double spaces behind.
    while "  " in result:
        result = result.replace("  ", " ")
    return result.strip() if text.strip() else result


def fit(text: str, channel: str) -> str:
    """A reply made ready for ``channel`` ('sms' or 'whatsapp')."""
    text = text or ""
    if channel == "sms":
        text = to_gsm7(text)
    if len(text) > MAX_BODY:
        text = text[: MAX_BODY - 3].rstrip() + "..."
    return text
