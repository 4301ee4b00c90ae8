"""Keywords that work in any state, before any language understanding (pure functions)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import ROOT

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
})
MENU_CHOICES = {
    "1": "/request_document",
    "2": "/report_pregnancy",
    "3": "/pregnancy_emergency",
    "4": "/request_pregnancy_transport",
    "5": "/enroll_rantang_kasih",
    "6": "/file_complaint",
    "7": "/check_status",
}


@dataclass(frozen=True)
class Keyword:
    kind: str  # opt_out | opt_in | rasa
    payload: str | None = None  # for kind "rasa": what to send to Rasa


def normalise(text: str) -> str:
    """'  Stop. ' -> 'STOP' (trailing punctuation and spaces do not count)."""
    return re.sub(r"[\s.!?,;:]+$", "", (text or "").strip()).strip().upper()


def match(text: str, menu_just_shown: bool = False) -> Keyword | None:
    """The keyword ``text`` is, or None. A bare digit counts only right after the menu."""
    word = normalise(text)
    if word in OPT_OUT_WORDS:
        return Keyword("opt_out")
    if word in OPT_IN_WORDS:
        return Keyword("opt_in")
    if word == "MENU":
        return Keyword("rasa", MENU_PAYLOAD)
    if re.sub(r"\s+", " ", word) in CANCEL_PHRASES:
        return Keyword("rasa", CANCEL_PAYLOAD)
    if menu_just_shown and word in MENU_CHOICES:
        return Keyword("rasa", MENU_CHOICES[word])
    return None


def strip_command(text: str) -> str:
    """User text must not inject intents: drop leading slashes."""
    return (text or "").lstrip().lstrip("/").strip()


def menu_markers(domain_dir: Path = ROOT / "domain") -> tuple[str, ...]:
    """The start of each ``utter_menu`` text in the domain: a reply containing
    one of them means the menu was just shown."""
    markers: list[str] = []
    for path in sorted(Path(domain_dir).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        for variant in (data.get("responses") or {}).get("utter_menu") or []:
            text = (variant or {}).get("text") if isinstance(variant, dict) else None
            if text:
                markers.append(text.strip()[:30])
    return tuple(markers) or ("Layanan: 1 Dokumen",)


def shows_menu(replies: list[str], markers: tuple[str, ...]) -> bool:
    return any(marker and marker in reply for reply in replies for marker in markers)
