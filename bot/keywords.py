"""Keywords that work in any state, before any language understanding (pure functions)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.menu import EMERGENCY_CHOICE, MENU_CHOICES, choice_of
from nlu.requests import declines_ride

OPT_OUT_WORDS = frozenset({"STOP", "BERHENTI", "UNSUBSCRIBE"})
OPT_IN_WORDS = frozenset({"START", "MULAI"})

# Payloads sent to Rasa (the webhook's own, never typed by a user: user text
# loses its leading "/").
MENU_PAYLOAD = "/ask_menu"
CANCEL_PAYLOAD = "/cancel"
# Everyday ways of saying BATAL, as a whole message (Indonesian, Javanese).
CANCEL_PHRASES = frozenset({
    "BATAL", "BATALKAN", "BATAL AJA", "BATAL SAJA", "GAK JADI", "GA JADI", "GK JADI", "NGGAK JADI",
    "ENGGAK JADI", "NDAK JADI", "TIDAK JADI", "TDK JADI", "GAK JADI DEH", "GA JADI DEH", "GAK JADI AJA",
    "GA JADI AJA", "ORA SIDO", "ORA SIDA", "MBOTEN SIDA", "MBOTEN SIDO", "MBOTEN DADOS", "SUDAH GAK JADI",
    "GAK SIDO", "GA SIDO", "GK SIDO", "NGGAK SIDO", "NDAK SIDO", "GAK SIDA", "WIS GAK SIDO", "GAK SIDO WIS",
    "GAK SIDO WES", "ORA SIDO WIS", "GAK JADI WIS",
    "MBOTEN SIOS", "NDAK SIOS", "ORA SIOS", "GAK SIOS",  # krama "sios" = sido (round 27)
    "SING SIDO", "SING SIDA",  # Osing "not" ("sing sido riko, wis diurusno anakku", round 28)
    "BATALAKEN", "BATALKEN", "DIBATALAKEN", "DIBATALKE", "DIBATALAKE", "BATALNO", "BATALNE",  # krama, ngoko (round 26)
})


@dataclass(frozen=True)
class Keyword:
    kind: str  # opt_out | opt_in | rasa | ask_emergency ("3 Darurat": asked first, bot/emergency_menu.py)
    payload: str | None = None  # for kind "rasa": what to send to Rasa


def normalise(text: str) -> str:
    """'  Stop. ' -> 'STOP' (trailing punctuation and spaces do not count)."""
    return re.sub(r"[\s.!?,;:]+$", "", (text or "").strip()).strip().upper()


# Words around a BATAL that say nothing more ("wis lah mbak, BATAL wae", round 23).
_AROUND = frozenset({"WIS", "WES", "WIS LAH", "LAH", "UDAH", "UDAH LAH", "SUDAH", "SUDAH LAH", "YO WIS", "YOWIS",
                     "OK", "OKE", "DAH", "PAK", "BU", "MAS", "MBAK", "MBK", "DIK", "DEK", "MIN", "AE", "WAE", "AJA",
                     "SAJA", "YA", "YO", "NGGIH", "DEH", "KABEH", "KABEHAN", "SEMUA", "SEMUANYA", "AKU", "SAYA",
                     # "yowis ora sido sing iki" (round 25): this one
                     "SING", "SENG", "YANG", "IKI", "INI", "NIKI", "IKU", "ITU", "OALAH", "YOWES", "MBOK",
                     # "ngapunten mboten sida rumiyin", "sedaya kula batalaken" (round 26)
                     "NGAPUNTEN", "SEPURANE", "MAAF", "RUMIYIN", "DULU", "DISIK", "SIK", "KULA", "KULO", "SEDAYA", "EH", "RIKO"})


def _bare_cancel(word: str) -> bool:
    """BATAL with nothing but fillers and a vocative around it ("wis lah mbak, BATAL wae")."""
    parts = [p for p in re.split(r"[^A-Z]+", word) if p]
    for start in range(len(parts)):
        for end in range(len(parts), start, -1):
            if " ".join(parts[start:end]) in CANCEL_PHRASES:
                return all(p in _AROUND for p in parts[:start] + parts[end:])
    return False


def exact_cancel(text: str) -> bool:
    """BATAL or one of its everyday phrases alone, nothing around it."""
    return re.sub(r"\s+", " ", normalise(text)) in CANCEL_PHRASES


def match(text: str, menu_just_shown: bool = False) -> Keyword | None:
    """The keyword ``text`` is, or None. A bare digit counts only right after the menu."""
    word = normalise(text)
    if word in OPT_OUT_WORDS:
        return Keyword("opt_out")
    if word in OPT_IN_WORDS:
        return Keyword("opt_in")
    if word == "MENU":
        return Keyword("rasa", MENU_PAYLOAD)
    if exact_cancel(text) or _bare_cancel(word):
        return Keyword("rasa", CANCEL_PAYLOAD)
    choice = choice_of(text) if menu_just_shown else None
    if choice == EMERGENCY_CHOICE:
        return Keyword("ask_emergency", MENU_CHOICES[choice])
    if choice:
        return Keyword("rasa", MENU_CHOICES[choice])
    return None


_VOCATIVE = r"(?:\s+(?:pak|bu|mas|mbak|mbk|dik|dek|min|deh|aja|saja|ae|wis|wes|nggih|ya|yo))*"
_CANCEL_FIRST = re.compile(
    r"^\W*(?P<cancel>" + "|".join(re.escape(p).replace("\\ ", r"\s+") for p in sorted(CANCEL_PHRASES, key=len, reverse=True))
    + r")" + _VOCATIVE + r"\s*[.,!;:-]+\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def cancel_then(text: str) -> str | None:
    """"batal pak. sy mau cek yg DOK-0003": BATAL said first, then something else; returns the
    rest (the form is cancelled, then the rest is read), else None."""
    found = _CANCEL_FIRST.match(text or "")
    return found.group("rest").strip() if found else None


# "lho aku mung takon mbak, dudu lapor", "cuma tanya kok, bukan mau daftar" (round 23: the
# report form went on): inside a form, the villager takes the request back.
_ONLY_ASKING = re.compile(
    r"\b(mung|cuma|cuman|hanya|namung|mek|cuman|kur|mong|mong)\s+(takon|tanya|nanya|bertanya|tangklet|taken|"
    r"nyuwun\s+pirsa|pengen\s+ngerti|ingin\s+tahu|pengin\s+ngerti|mau\s+tahu)\b"
    r"|\b(dudu|bukan|sanes|gak|ga|nggak|ora|tidak|tdk|ndak)\s+(mau\s+|arep\s+|badhe\s+)?"
    r"(lapor|laporan|ngelapor|melapor|daftar|ndaftar|mendaftar|didaftar|dicatat|nyatet)\b"
    r"|\bora\s+ono\s+sing\s+tak\s+laporke\b",
    re.IGNORECASE)


def only_asking(text: str | None) -> bool:
    """Whether the villager says they are only asking, not reporting or registering."""
    return bool(_ONLY_ASKING.search(text or ""))


# "sepurane pak mau kepencet STOP", "salah pencet stop", "gak sengaja ketik STOP" (round 22:
# read as a request for a person): the STOP was a slip
_SLIPPED_STOP = re.compile(r"\b(?:ke?pencet|kepencit|kepejet|kepijet|ketekan|kepencet|salah\s+(?:pencet|ketik|tekan|pejet|"
                           r"kirim)|gak\s+sengaja|ga\s+sengaja|tidak\s+sengaja|ora\s+sengaja|mboten\s+sengaja|"
                           r"keliru\s+(?:pencet|ketik))\b[^.!?\n]{0,20}\b(?:stop|berhenti)\b", re.IGNORECASE)


def slipped_stop(text: str | None) -> bool:
    """Whether the words say STOP was sent by mistake."""
    return bool(_SLIPPED_STOP.search(text or ""))


def cancel_within(text: str) -> str | None:
    """"wis lah mas, gak sido wae, sesuk ae tak urus dewe" (round 24: read as a status question):
    a clause that is BATAL with only fillers around it, after other words; returns the other
    clauses (the caller reads them only when they ask for something), else None."""
    clauses = [c.strip() for c in re.split(r"[.,;!?\n]+", text or "") if c.strip()]
    for i, clause in enumerate(clauses):
        word = normalise(clause)
        if exact_cancel(clause) or _bare_cancel(word):
            return " ".join(clauses[:i] + clauses[i + 1 :])
    return None


def declines(text: str | None) -> bool:
    """Whether ``text`` turns down the ride ("kulo mboten nyuwun jemputan"): nlu.requests."""
    return declines_ride(text)


def strip_command(text: str) -> str:
    """User text must not inject intents: drop leading slashes."""
    return (text or "").lstrip().lstrip("/").strip()
