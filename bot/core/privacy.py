"""Personal data under UU PDP (issue 12, item 8): masking, retention, a contact's access and
erasure requests.

Masking: ``mask_nik`` ('3510123456780001' -> '3510********0001'), ``mask_text`` (every NIK and
Indonesian mobile number in free text masked; a number in E.164 as ``phones.mask`` gives it).

Pseudonyms: a phone becomes ``anon-<16 hex>``, an HMAC-SHA256 of the number keyed with the
deployment's ``SECRET_KEY``: the same number always gets the same pseudonym (statistics per
contact stay), and nobody holding only the database can turn it back into the number.

Deleting messages removes their rows and, through the m004_fts trigger, their entries in
``messages_fts``. FTS5 keeps deleted tokens in its segments until they are merged, so every
deletion here runs with ``PRAGMA secure_delete`` (freed pages zeroed) and, on SQLite >= 3.42,
the FTS5 ``secure-delete`` option (set for the deletion only); on older SQLite (3.40 in this
venv) the index is rebuilt from the remaining rows instead. ``optimize`` merges it afterwards.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from bot.core import clock, phones
from bot.core.store.audit import record_audit
from bot.core.store.cases import export_case
from bot.core.store.reports import forget_reports
from bot.core.store.schema import select

# A NIK (also a KK number): 16 digits, alone or in groups of four ("3510 1234 5678 0001").
NIK_RE = re.compile(r"(?<![\d*])(\d{16}|\d{4}(?:[ .-]\d{4}){3})(?![\d*])")
# An Indonesian mobile number in text: +62 8…, 62 8…, 08…, with spaces, dots or hyphens.
PHONE_RE = re.compile(r"(?<![\w+*])(\+62|62|0)[ .-]?(8\d{1,3})((?:[ .-]?\d){5,10})(?![\d*])")
FTS = "messages_fts"
SECURE_FTS = sqlite3.sqlite_version_info >= (3, 42, 0)
PSEUDONYM_PREFIX = "anon-"
# What a pseudonymised case keeps of its data: what the statistics and the contract need.
CASE_DATA_KEEP = frozenset({"document_type", "risk_level", "kspr_score", "category", "reporter", "escalation_level",
                            "variant", "doc_variant"})
CLOSED = ("done", "rejected")


# --------------------------------------------------------------------------- masking


def mask_nik(nik: str | None) -> str:
    """'3510123456780001' -> '3510********0001' (separators dropped); short input all stars."""
    digits = re.sub(r"\D", "", nik or "")
    if len(digits) < 12:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_phone_text(number: str) -> str:
    """A mobile number as written -> masked: '0812-3456-7890' -> '0812****7890',
    '+6281234567890' -> '+62812****7890' (``phones.mask``), '6281234567890' -> '62812****7890'."""
    compact = re.sub(r"[ .-]", "", number)
    if compact.startswith("+"):
        return phones.mask(compact)
    keep = 4 if compact.startswith("0") else 5
    return compact[:keep] + "*" * max(0, len(compact) - keep - 4) + compact[-4:]


def mask_text(text: str | None) -> str:
    """Free text with every NIK and mobile number in it masked."""
    if not text:
        return text or ""
    text = NIK_RE.sub(lambda m: mask_nik(m.group(0)), text)
    return PHONE_RE.sub(lambda m: mask_phone_text(m.group(0)), text)


# --------------------------------------------------------------------------- pseudonyms


def pseudonym(phone: str, key: str | bytes) -> str:
    """The stable pseudonym of a phone: 'anon-' + 16 hex digits of HMAC-SHA256(key, E.164)."""
    if not key:
        raise ValueError("a pseudonym needs a key (SECRET_KEY)")
    key = key.encode() if isinstance(key, str) else key
    return PSEUDONYM_PREFIX + hmac.new(key, phones.bare(phone).encode(), hashlib.sha256).hexdigest()[:16]


def is_pseudonym(phone: str | None) -> bool:
    return bool(phone) and phone.startswith(PSEUDONYM_PREFIX)


def pseudonymise_case(db: sqlite_utils.Database, case: dict, key: str | bytes, *, actor: str, reason: str) -> bool:
    """The case keeps its kind, status, desa, times, officers and the data the statistics read;
    the phone becomes a pseudonym, the rest of its data (NIK, names, words) and the notes of
    its events are removed. False when it was pseudonymised already."""
    if is_pseudonym(case["phone"]):
        return False
    data = case["data"] if isinstance(case["data"], dict) else json.loads(case["data"] or "{}")
    kept = {k: v for k, v in data.items() if k in CASE_DATA_KEEP}
    db.execute("UPDATE cases SET phone = ?, data = ? WHERE ref = ?",
               [pseudonym(case["phone"], key), json.dumps(kept, ensure_ascii=False), case["ref"]])
    db.execute("UPDATE case_events SET note = NULL WHERE ref = ?", [case["ref"]])
    db.execute("INSERT INTO case_events (ref, at, actor, event, note) VALUES (?, ?, ?, 'dianonimkan', ?)",
               [case["ref"], clock.now_iso(), actor, reason])
    return True


# --------------------------------------------------------------------------- deleting messages


def delete_messages(db: sqlite_utils.Database, ids: list[int]) -> int:
    """Delete these messages, their review rows (``nlu_review``, when the console's table is
    there), the delivery reports matched to them and every trace in the full-text index;
    call inside a transaction."""
    if not ids:
        return 0
    secure_before = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    secure_fts = SECURE_FTS and _fts_secure_delete(db, True)
    deleted = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        if db["nlu_review"].exists():
            db.execute(f"DELETE FROM nlu_review WHERE message_id IN ({marks})", chunk)
        forget_reports(db, message_ids=chunk)
        deleted += db.execute(f"DELETE FROM messages WHERE id IN ({marks})", chunk).rowcount
    if secure_fts:
        _fts_secure_delete(db, False)
    else:
        db.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")
    db.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
    db.execute(f"PRAGMA secure_delete = {int(secure_before)}")  # the connection may be a long-lived one
    return deleted


def _fts_secure_delete(db: sqlite_utils.Database, on: bool) -> bool:
    """Set FTS5's secure-delete option (SQLite >= 3.42); False when this SQLite refuses it
    (then the index is rebuilt instead)."""
    try:
        db.execute(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('secure-delete', ?)", [int(on)])
    except sqlite3.OperationalError:
        return False
    return True


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy the WAL into the database file and truncate it, so deleted rows leave the WAL too
    (best effort: a reader holding an old snapshot keeps it until it is done)."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:  # pragma: no cover - in-memory or busy database
        pass


# --------------------------------------------------------------------------- retention


def retention_cutoff(days: int, now: datetime | None = None) -> str:
    if days < 1:
        raise ValueError("retention needs at least one day")
    return ((now or clock.now()) - timedelta(days=days)).replace(microsecond=0).isoformat()


def run_retention(db: sqlite_utils.Database, days: int, key: str | bytes, *, actor: str = "system:retensi",
                  now: datetime | None = None) -> dict:
    """Delete messages stored more than ``days`` days ago (with their delivery reports, and
    the reports older than that) and pseudonymise the cases closed (done/rejected) and last
    changed before then. Returns the counts and the cutoff."""
    cutoff = retention_cutoff(days, now)
    with db.atomic():
        ids = [r[0] for r in db.execute("SELECT id FROM messages WHERE julianday(created_at) < julianday(?)",
                                        [cutoff]).fetchall()]
        messages = delete_messages(db, ids)
        forget_reports(db, before=cutoff)  # those matched to no message
        cases = select(db, "SELECT * FROM cases WHERE status IN (?, ?) AND julianday(updated_at) < julianday(?) "
                           f"AND phone NOT LIKE '{PSEUDONYM_PREFIX}%'", [*CLOSED, cutoff])
        done = sum(pseudonymise_case(db, c, key, actor=actor, reason=f"retensi {days} hari") for c in cases)
        result = {"cutoff": cutoff, "days": days, "messages_deleted": messages, "cases_pseudonymised": done}
        record_audit(db, actor, "retention", detail=result)
    return result


# --------------------------------------------------------------------------- a contact's requests


def _refs(db: sqlite_utils.Database, phone: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT ref FROM cases WHERE phone = ? ORDER BY created_at", [phone])]


def _message_rows(db: sqlite_utils.Database, phone: str, refs: list[str]) -> list[dict]:
    marks = ", ".join("?" * len(refs))
    where = "phone = ?" + (f" OR case_ref IN ({marks})" if refs else "")
    return select(db, f"SELECT * FROM messages WHERE {where} ORDER BY id", [phone, *refs])


def export_contact(db: sqlite_utils.Database, phone: str) -> dict:
    """Everything the store holds about one contact (an access request): the contact row, the
    messages from and to them and about their cases, their cases with their history, and the
    review rows of their messages."""
    phone = phones.bare(phone)
    refs = _refs(db, phone)
    messages = _message_rows(db, phone, refs)
    cases = []
    for ref in refs:
        row = select(db, "SELECT * FROM cases WHERE ref = ?", [ref])[0]
        row["data"] = json.loads(row.get("data") or "{}")
        events = select(db, "SELECT at, actor, event, note FROM case_events WHERE ref = ? ORDER BY id", [ref])
        cases.append({**export_case(row), "assigned_to": json.loads(row.get("assigned_to") or "[]"),
                      "events": events})
    contact = select(db, "SELECT * FROM contacts WHERE phone = ?", [phone])
    result: dict[str, Any] = {"phone": phone, "exported_at": clock.now_iso(),
                              "contact": contact[0] if contact else None, "messages": messages, "cases": cases}
    if db["delivery_reports"].exists():
        ids = [m["id"] for m in messages]
        where = "phone = ?" + (f" OR message_id IN ({', '.join('?' * len(ids))})" if ids else "")
        result["delivery_reports"] = select(db, f"SELECT * FROM delivery_reports WHERE {where} ORDER BY id",
                                            [phone, *ids])
    if db["nlu_review"].exists() and messages:
        ids = [m["id"] for m in messages]
        result["nlu_review"] = select(db, f"SELECT * FROM nlu_review WHERE message_id IN ({', '.join('?' * len(ids))})",
                                      ids)
    return result


def erase_contact(db: sqlite_utils.Database, phone: str, key: str | bytes, *, actor: str) -> dict:
    """An erasure request: the contact's messages (and those about their cases) deleted, from
    the search index too; their cases pseudonymised; the contact row reduced to its pseudonym
    and opt-out; an audit row (when the console's table is there) naming only the pseudonym.
    Returns the counts and the message ids of the deleted inbound messages' ``message_sid``s
    (for the caller to forget in Redis)."""
    phone = phones.bare(phone)
    anon = pseudonym(phone, key)
    with db.atomic():
        refs = _refs(db, phone)
        rows = _message_rows(db, phone, refs)
        sids = sorted({r["message_sid"] for r in rows if r["message_sid"]})
        messages = delete_messages(db, [r["id"] for r in rows])
        forget_reports(db, phone=phone)  # those matched to no message
        cases = 0
        for ref in refs:
            case = select(db, "SELECT * FROM cases WHERE ref = ?", [ref])[0]
            cases += pseudonymise_case(db, case, key, actor=actor, reason="dihapus atas permintaan warga")
        contact = select(db, "SELECT * FROM contacts WHERE phone = ?", [phone])
        if contact:
            db.execute("DELETE FROM contacts WHERE phone = ?", [phone])
            old = contact[0]
            db["contacts"].upsert({"phone": anon, "opted_out": old.get("opted_out") or 0,
                                   "opted_out_at": old.get("opted_out_at"), "created_at": old.get("created_at"),
                                   "updated_at": clock.now_iso()}, pk="phone")
        result = {"pseudonym": anon, "messages_deleted": messages, "cases_pseudonymised": cases,
                  "contact_cleared": bool(contact)}
        result["audited"] = record_audit(db, actor, "contact_erase", target=anon,
                                         before={"phone": phones.mask(phone)}, detail=result)
    result["message_sids"] = sids
    return result


def redis_keys(phone: str, message_sids: list[str] = ()) -> list[str]:
    """The Redis keys that hold something of a contact: Rasa's tracker (the conversation),
    the pipeline's flags (bot/state.py) and the stored replies of their messages."""
    phone = phones.bare(phone)
    keys = [f"tracker:{phone}", f"sk:menu:{phone}", f"sk:emergency_q:{phone}", f"sk:burst:{phone}"]
    for sid in message_sids:
        keys += [f"sk:reply:{sid}", f"sk:sid:{sid}"]
    return keys
