"""Who may see and change what: the ONE access rule of the admin console, per object.

``case_level(user, case)`` and ``contact_level(user, contact, cases)`` answer ``none``,
``read`` or ``update``; every page, export and API of the console asks them (lists are
filtered through them, a page of an object the user may not read is a 404). No Flask here.

* admin: everything.
* operator: every case and conversation of their desa (their kecamatan when the account
  names only one).
* bidan: pregnancy, emergency and ride (JEK-MIL) cases of their desa, or of their puskesmas
  area when the account names only the kecamatan; the conversations of those cases.
* bhabinkamtibmas: complaints and emergencies of their desa; those conversations.
* kecamatan: read-only over every case and conversation of its desas.

A case whose data excludes an office (a complaint against the village office:
``data.excluded_roles``, data/complaint_routing.csv) is never shown to that office.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

NONE, READ, UPDATE = "none", "read", "update"
_RANK = {NONE: 0, READ: 1, UPDATE: 2}

ROLES = ("admin", "operator", "bidan", "bhabinkamtibmas", "kecamatan")
ROLE_WORD = {"admin": "Admin kabupaten", "operator": "Operator desa", "bidan": "Bidan",
             "bhabinkamtibmas": "Bhabinkamtibmas", "kecamatan": "Kecamatan"}
# The case kinds a role works; None = every kind.
ROLE_KINDS: dict[str, frozenset[str] | None] = {
    "admin": None,
    "operator": None,
    "kecamatan": None,
    "bidan": frozenset({"pregnancy", "emergency", "transport"}),
    "bhabinkamtibmas": frozenset({"complaint", "emergency"}),
}
# The officer directory's name of each console role (data/officers.csv), as excluded_roles uses it.
DIRECTORY_ROLE = {"operator": "operator_desa", "bidan": "bidan", "bhabinkamtibmas": "bhabinkamtibmas",
                  "kecamatan": "kecamatan"}


def best(*levels: str) -> str:
    return max(levels, key=_RANK.__getitem__, default=NONE)


def at_least(level: str, wanted: str) -> bool:
    return _RANK[level] >= _RANK[wanted]


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and " ".join(a.lower().split()) == " ".join(b.lower().split())


def in_area(user: dict, village: str | None, district: str | None) -> bool:
    """Whether the place lies in the user's area: their desa (in their kecamatan, when the
    account names it: desa names repeat across kecamatan), or their kecamatan."""
    if user.get("role") == "admin":
        return True
    if user.get("village"):
        return _same(user["village"], village) and (not user.get("district") or _same(user["district"], district))
    if user.get("district"):
        return _same(user["district"], district)
    return False  # a non-admin account without an area sees nothing


def case_level(user: dict | None, case: dict | None) -> str:
    if not user or not case or not user.get("active", 1):
        return NONE
    role = user.get("role")
    if role == "admin":
        return UPDATE
    if role not in ROLE_KINDS:
        return NONE
    data = case.get("data") if isinstance(case.get("data"), dict) else {}
    if DIRECTORY_ROLE.get(role) in (data.get("excluded_roles") or []):
        return NONE
    kinds = ROLE_KINDS[role]
    if kinds is not None and case.get("kind") not in kinds:
        return NONE
    if not in_area(user, case.get("village"), case.get("district")):
        return NONE
    return READ if role == "kecamatan" else UPDATE


def identity_hidden(user: dict | None, case: dict | None) -> bool:
    """A complainant who asked to stay unnamed ("TIDAK agar dirahasiakan"): the console keeps
    the bot's promise and shows officers no number (the regency admin still sees it)."""
    data = (case or {}).get("data") if isinstance((case or {}).get("data"), dict) else {}
    return bool(case and case.get("kind") == "complaint" and data.get("reporter_named") is False
                and (user or {}).get("role") != "admin")


# Roles that read a contact's conversation only around the cases they may read: a midwife reads
# the talk that led to the pregnancy report, not the villager's KTP request (its NIK) or a
# complaint about the village office of last month (UU PDP: each role what its part needs).
CASE_SCOPED_ROLES = frozenset({"bidan", "bhabinkamtibmas"})
TALK_BEFORE_CASE = timedelta(hours=6)  # the questions and answers that opened the case
TALK_AFTER_CLOSE = timedelta(days=1)   # the villager's reply to the closing note, the thanks


def message_windows(user: dict | None, cases: Iterable[dict]) -> tuple[list[str], list[tuple[str, str | None]]] | None:
    """The part of a contact's conversation ``user`` may read: None for all of it; else the
    refs of the cases (their messages) and (from, to) times in ISO WIB, ``to`` None while the
    case is open: from ``TALK_BEFORE_CASE`` before a case to ``TALK_AFTER_CLOSE`` after it."""
    if not user or user.get("role") not in CASE_SCOPED_ROLES:
        return None
    refs, spans = [], []
    for case in cases:
        if case_level(user, case) == NONE:
            continue
        refs.append(case["ref"])
        start = (datetime.fromisoformat(case["created_at"]) - TALK_BEFORE_CASE).isoformat()
        closed = case.get("status") in ("done", "rejected")
        end = (datetime.fromisoformat(case["updated_at"]) + TALK_AFTER_CLOSE).isoformat() if closed else None
        spans.append((start, end))
    return refs, spans


def message_clause(windows) -> tuple[str, list]:
    """``message_windows`` as an SQL condition on the messages table (and its parameters)."""
    if windows is None:
        return "1", []
    refs, spans = windows
    parts, params = [], []
    if refs:
        parts.append(f"case_ref IN ({','.join('?' * len(refs))})")
        params += refs
    for start, end in spans:
        parts.append("(created_at >= ?" + (" AND created_at <= ?)" if end else ")"))
        params += [start, end] if end else [start]
    return ("(" + " OR ".join(parts) + ")") if parts else "0", params


def message_readable(windows, message: dict) -> bool:
    """The same rule for one message row."""
    if windows is None:
        return True
    refs, spans = windows
    at = message.get("created_at") or ""
    return message.get("case_ref") in refs or any(at >= start and (end is None or at <= end) for start, end in spans)


def contact_level(user: dict | None, contact: dict | None, cases: Iterable[dict] = ()) -> str:
    """A conversation: readable by whoever may read one of the contact's cases, or (operator,
    kecamatan) lies in the area of the desa the contact is known by; replying needs update."""
    if not user or not contact or not user.get("active", 1):
        return NONE
    role = user.get("role")
    if role == "admin":
        return UPDATE
    level = best(*(case_level(user, c) for c in cases))
    if role in ("operator", "kecamatan") and in_area(user, contact.get("village"), contact.get("district")):
        level = best(level, UPDATE if role == "operator" else READ)
    return level


def may_update(user: dict | None, case: dict | None) -> bool:
    return case_level(user, case) == UPDATE


def area_label(user: dict) -> str:
    if user.get("role") == "admin":
        return "Seluruh Kabupaten Banyuwangi"
    if user.get("village"):
        return f"Desa {user['village']}" + (f", Kec. {user['district']}" if user.get("district") else "")
    if user.get("district"):
        return f"Kec. {user['district']}"
    return "(belum ada wilayah)"
