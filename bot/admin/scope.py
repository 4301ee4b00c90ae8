"""Lists through the one access rule (``bot.core.access``): the cases and contacts a user may
see. The SQL only narrows what is read; each row's fate is decided by ``case_level`` /
``contact_level``, so a list never shows what the object's own page would refuse."""
from __future__ import annotations

from flask import abort

from bot.core import access, store
from bot.core.store.cases import _decode_case
from bot.core.store.schema import select


def _area_sql(user: dict) -> tuple[str, list]:
    """A coarse WHERE (the user's kecamatan, or desa) over a table with village/district."""
    if user.get("role") == "admin":
        return "1", []
    if user.get("district"):
        return "lower(district) = lower(?)", [user["district"]]
    if user.get("village"):
        return "lower(village) = lower(?)", [user["village"]]
    return "0", []


def visible_cases(db, user: dict) -> list[tuple[dict, str]]:
    """(case, level) for every case the user may read, newest first."""
    where, params = _area_sql(user)
    rows = select(db, f"SELECT * FROM cases WHERE {where} ORDER BY created_at DESC, ref DESC", params)
    out = []
    for row in rows:
        case = _decode_case(row)
        level = access.case_level(user, case)
        if level != access.NONE:
            out.append((case, level))
    return out


def case_or_404(db, user: dict, ref: str, wanted: str = access.READ) -> tuple[dict, str]:
    """The case and the user's level on it: 404 when they may not read it (its existence is not
    told), 403 when they may read but not change it."""
    case = store.get_case(db, (ref or "").upper()[:20])
    level = access.case_level(user, case)
    if level == access.NONE:
        abort(404)
    if not access.at_least(level, wanted):
        abort(403)
    return case, level


def contact_of(db, user: dict, phone: str) -> tuple[dict, list[dict], str]:
    """The contact row (or a bare one), its cases, and the user's level on the conversation."""
    contact = store.get_contact(db, phone) or {"phone": phone}
    cases = store.list_cases(db, phone=phone)
    return contact, cases, access.contact_level(user, contact, cases)


def visible_phones(db, user: dict) -> set[str] | None:
    """The phones whose conversations the user may read; None means every phone (admin)."""
    if user.get("role") == "admin":
        return None
    by_phone: dict[str, list[dict]] = {}
    for case, _level in visible_cases(db, user):
        by_phone.setdefault(case["phone"], []).append(case)
    phones = set()
    for phone in by_phone:
        if contact_of(db, user, phone)[2] != access.NONE:
            phones.add(phone)
    if user.get("role") in ("operator", "kecamatan"):
        where, params = _area_sql(user)
        for contact in select(db, f"SELECT * FROM contacts WHERE {where}", params):
            cases = store.list_cases(db, phone=contact["phone"])
            if contact["phone"] not in phones and access.contact_level(user, contact, cases) != access.NONE:
                phones.add(contact["phone"])
    return phones
