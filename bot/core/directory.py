"""The officer directory (demo data in data/officers.csv, made by scripts/gen_officers.py).

Columns: role,name,phone,channel,village,district. A row with an empty village
covers its whole kecamatan (the fallback when a desa has no officer of that role).

A row with neither village nor kecamatan covers the whole regency (the emergency
duty desk, told when the place of an emergency is not known yet).

Roles: bidan, puskesmas, bhabinkamtibmas, operator_desa, koordinator_jekmil, piket_darurat,
kecamatan (the kecamatan's complaint desk), pengaduan_kabupaten and saber_pungli (regency-wide).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from bot.core.phones import bare as bare_phone
from bot.core.settings import OFFICERS_CSV

ROLES = ("bidan", "puskesmas", "bhabinkamtibmas", "operator_desa", "koordinator_jekmil", "piket_darurat",
         "kecamatan", "pengaduan_kabupaten", "saber_pungli")


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().split())


@lru_cache(maxsize=4)
def load_officers(path: str | None = None) -> tuple[dict, ...]:
    """All rows of the directory (cached per path; call ``load_officers.cache_clear()`` after edits)."""
    src = Path(path) if path else OFFICERS_CSV
    with src.open(newline="", encoding="utf-8") as fh:
        rows = []
        for row in csv.DictReader(fh):
            row = {k: (v or "").strip() for k, v in row.items()}
            row["phone"] = bare_phone(row["phone"])
            row["channel"] = row.get("channel") or "whatsapp"
            rows.append(row)
    return tuple(rows)


# (the rows, their first row per phone): built again when ``load_officers`` read the file again
_by_phone: tuple[tuple[dict, ...], dict[str, dict]] = ((), {})


def officer_by_phone(phone: str) -> dict | None:
    """The directory row of this phone (E.164, with or without ``whatsapp:``), or None: a
    dictionary lookup (every inbound message asks; the scan of every row took about 0.1 ms)."""
    global _by_phone
    rows = load_officers()
    if _by_phone[0] is not rows:
        index: dict[str, dict] = {}
        for row in rows:
            index.setdefault(row["phone"], row)  # the first row of a phone, as the scan found it
        _by_phone = (rows, index)
    row = _by_phone[1].get(bare_phone(phone))
    return dict(row) if row is not None else None


def officers_for(role: str, village: str | None = None, district: str | None = None) -> list[dict]:
    """Officers of ``role`` for a place, most specific first.

    1. rows of that role for the desa (matching the kecamatan too when it is given,
       since some desa names occur in two kecamatan);
    2. else the kecamatan-wide rows of that role (empty village);
    3. else any one officer of that role in the kecamatan;
    4. else the regency-wide rows of that role (neither village nor kecamatan).
    A desa given without its kecamatan is looked up by name alone (only when
    the name is unique).
    """
    rows = [r for r in load_officers() if r["role"] == role]
    v, d = _norm(village), _norm(district)
    if v:
        hits = [r for r in rows if _norm(r["village"]) == v and (not d or _norm(r["district"]) == d)]
        if hits and not d and len({_norm(r["district"]) for r in hits}) > 1:
            hits = []  # ambiguous desa name without kecamatan
        if hits:
            return [dict(r) for r in hits]
        if not d:
            all_roles = [r for r in load_officers() if _norm(r["village"]) == v]
            districts = {_norm(r["district"]) for r in all_roles}
            if len(districts) == 1:
                d = districts.pop()
    if d:
        wide = [r for r in rows if _norm(r["district"]) == d and not r["village"]]
        if wide:
            return [dict(r) for r in wide]
        anyone = sorted((r for r in rows if _norm(r["district"]) == d), key=lambda r: r["phone"])
        if anyone:
            return [dict(anyone[0])]
    return [dict(r) for r in rows if not r["village"] and not r["district"]]

