"""Desa names that are part of a place of care's name (pure): "ke RSUD Blambangan" names no desa
of hers, and "teng puskesmas Paspan" in a ride request is where she goes, not where she is
picked up. Read from the entities of a parsed message (``tracker.latest_message``)."""
from __future__ import annotations

import re

# The words that name a place of care: one list for the rides (transport.py: a hospital named as
# the destination) and for the desa rule below ("ke RSUD Blambangan" names no desa of hers).
HOSPITAL_WORDS = r"rsud|rsia|rsu|rsi|rs|rumah\s+sakit"
CARE_WORDS = HOSPITAL_WORDS + r"|klinik|puskesmas|pkm|puskes|polindes|poskesdes|pustu"
_HOSPITAL_BEFORE = re.compile(rf"\b({HOSPITAL_WORDS})\s*$", re.IGNORECASE)
_CARE_BEFORE = re.compile(rf"\b({CARE_WORDS})\s*$", re.IGNORECASE)


def _village_entities(message: dict | None, places_of_care: bool) -> list[tuple[str, bool]]:
    """(value, named as a place of care) of each desa entity of a parsed message."""
    message = message or {}
    text = message.get("text") or ""
    before = _CARE_BEFORE if places_of_care else _HOSPITAL_BEFORE
    return [(e.get("value"), e.get("start") is not None and bool(before.search(text[: e["start"]])))
            for e in message.get("entities") or [] if e.get("entity") == "village"]


def pickup_village_entity(message: dict | None, places_of_care: bool = False) -> str | None:
    """The first desa a parsed message (``tracker.latest_message``) names that is not a place
    of care's name."""
    return next((value for value, facility in _village_entities(message, places_of_care) if not facility), None)


def names_a_facility(message: dict | None, value: str, places_of_care: bool = False) -> bool:
    """Whether a parsed message names the desa ``value`` only as a place of care's name."""
    found = [facility for v, facility in _village_entities(message, places_of_care) if str(v).lower() == value.lower()]
    return bool(found) and all(found)
