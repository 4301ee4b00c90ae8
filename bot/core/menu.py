"""The service menu: what a bare digit right after it means, and how to tell that a
reply showed it (the start of each ``utter_menu`` text in the domain)."""
from __future__ import annotations

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


def choice_digit(payload: str) -> str | None:
    """'/report_pregnancy' -> '2': the digit a menu payload came from."""
    return next((digit for digit, p in MENU_CHOICES.items() if p == payload), None)
