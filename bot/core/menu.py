"""The service menu: what a bare digit right after it means, and how to tell that a
reply showed it (the start of each ``utter_menu`` text in the domain)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.core.settings import DOMAIN_DIR

MENU_CHOICES = {
    "1": "/request_document",
    "2": "/report_pregnancy",
    "3": "/pregnancy_emergency",
    "4": "/request_pregnancy_transport",
    "5": "/enroll_rantang_kasih",
    "6": "/file_complaint",
    "7": "/check_status",
}
# "3 Darurat": the pipeline asks what is happening before anyone is paged (bot/emergency_menu.py).
EMERGENCY_CHOICE = "3"


@lru_cache(maxsize=4)
def markers(domain_dir: Path = DOMAIN_DIR) -> tuple[str, ...]:
    """The start of each ``utter_menu`` text in the domain: a reply containing one of
    them means the menu was just shown."""
    found: list[str] = []
    for path in sorted(Path(domain_dir).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        for variant in (data.get("responses") or {}).get("utter_menu") or []:
            text = (variant or {}).get("text") if isinstance(variant, dict) else None
            if text:
                found.append(text.strip()[:30])
    return tuple(found) or ("Layanan: 1 Dokumen",)


def shows_menu(replies: list[str], menu_markers: tuple[str, ...] | None = None) -> bool:
    menu_markers = markers() if menu_markers is None else menu_markers
    return any(marker and marker in reply for reply in replies for marker in menu_markers)


# Number words a villager writes for a menu item ("yg nomer dua", "kedua", "loro").
NUMBER_WORDS = {
    "satu": 1, "pertama": 1, "kesatu": 1, "siji": 1, "dua": 2, "kedua": 2, "loro": 2, "tiga": 3, "ketiga": 3,
    "telu": 3, "empat": 4, "keempat": 4, "papat": 4, "lima": 5, "kelima": 5, "limo": 5, "enam": 6, "keenam": 6,
    "enem": 6, "tujuh": 7, "ketujuh": 7, "pitu": 7,
}
_FILLERS = {"yg", "yang", "sing", "seng", "kang", "nomere", "no", "nomer", "nomor", "nmr", "pilih", "pilihan", "angka",
            "menu", "itu", "aja", "saja", "wae",
            "pak", "bu", "mas", "mbak", "nggih", "ya"}


def choice_of(text: str) -> str | None:
    """The menu item a reply right after the menu picks: '2', 'dua', 'yg nomer dua',
    'pilih no 2' -> '2'; anything else -> None."""
    words = [w for w in re.findall(r"[a-z]+|\d+", (text or "").lower()) if w not in _FILLERS]
    if len(words) != 1:
        return None
    word = words[0]
    digit = word if word.isdigit() else str(NUMBER_WORDS.get(word, ""))
    return digit if digit in MENU_CHOICES else None


def choice_digit(payload: str) -> str | None:
    """'/report_pregnancy' -> '2': the digit a menu payload came from."""
    return next((digit for digit, p in MENU_CHOICES.items() if p == payload), None)
