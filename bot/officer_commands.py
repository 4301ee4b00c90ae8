"""Officer commands on WhatsApp or SMS, before any language understanding.

An officer is recognised by phone (bot.directory). Commands:
    KASUS                     open cases assigned to the officer
    TERIMA <ref>              take the case: status in_progress
    SELESAI <ref> <catatan>   close it as done
    TOLAK <ref> <alasan>      close it as rejected
    BALAS <ref> <pesan>       send a message to the villager of the case
The villager is told of every change on the case's channel (bot.outbound.notify).
An officer acts only on cases assigned to them or in the desa/kecamatan they cover.
Any other text from an officer returns None: it goes to Rasa like anyone's (an officer
can report a pregnant woman too).
"""
from __future__ import annotations

import logging
import re

from bot import directory, outbound, store

log = logging.getLogger(__name__)

COMMANDS = ("KASUS", "TERIMA", "SELESAI", "TOLAK", "BALAS")
_CMD_RE = re.compile(r"^\s*(KASUS|TERIMA|SELESAI|TOLAK|BALAS)\b[\s:.,-]*(.*)$", re.IGNORECASE | re.DOTALL)
_REF_AT_START = re.compile(r"^\s*([A-Za-z]{3})\s*-?\s*(\d{1,6})\b[\s:.,-]*(.*)$", re.DOTALL)
MAX_LISTED = 8

STATUS_WORD = {"new": "baru", "in_progress": "diproses", "done": "selesai", "rejected": "ditolak"}
# What the villager's case is called in the notices ("permohonan DOK-0001 ...").
KIND_NOUN = {
    "document": "permohonan", "pregnancy": "laporan", "emergency": "laporan darurat",
    "transport": "permintaan jemput", "rantang_kasih": "pendaftaran", "complaint": "pengaduan",
    "handover": "pesan",
}
KIND_WORD = {
    "document": "dokumen", "pregnancy": "ibu hamil", "emergency": "DARURAT", "transport": "JEK-MIL",
    "rantang_kasih": "Rantang Kasih", "complaint": "pengaduan", "handover": "minta petugas",
}


def parse(text: str) -> tuple[str, str | None, str] | None:
    """'selesai dok-42 sudah jadi' -> ('SELESAI', 'DOK-0042', 'sudah jadi'); not a command -> None."""
    m = _CMD_RE.match(text or "")
    if not m:
        return None
    command, rest = m.group(1).upper(), m.group(2).strip()
    if command == "KASUS":
        return (command, None, "") if not rest else None
    r = _REF_AT_START.match(rest)
    if not r:
        return command, None, rest
    ref = store.parse_ref(f"{r.group(1)}-{r.group(2)}")
    return command, ref, r.group(3).strip()


def may_act(officer: dict, case: dict) -> bool:
    """Assigned to the officer, or in the desa (or kecamatan, for kecamatan-wide rows) they cover."""
    if officer["phone"] in (case.get("assigned_to") or []):
        return True
    same_district = (officer.get("district") or "").lower() == (case.get("district") or "").lower()
    if not same_district or not case.get("district"):
        return False
    if not officer.get("village"):
        return True
    return (officer["village"] or "").lower() == (case.get("village") or "").lower()


def _tell_villager(case: dict, body: str) -> None:
    try:
        outbound.notify(case["phone"], body, channel=case.get("channel") or "sms", case_ref=case["ref"])
    except Exception:  # the queue being down must not lose the officer's update
        log.exception("could not queue the villager notice for case %s", case["ref"])


def _told(db, case: dict) -> str:
    """The end of the officer's answer: whether the villager hears of the change. An
    opted-out number (STOP) gets nothing from us, so the officer must call."""
    if store.is_opted_out(db, case["phone"]):
        return f"Warga sudah berhenti menerima SMS (STOP): mohon hubungi langsung {case['phone']}."
    return "Warga sudah diberi tahu."


def _lift_pause(db, case: dict) -> None:
    contact = store.get_contact(db, case["phone"])
    if contact and contact.get("paused_for") == case["ref"]:
        store.upsert_contact(db, case["phone"], paused_for=None)


def _list(db, officer: dict) -> list[str]:
    cases = store.list_cases(db, assigned_to=officer["phone"], statuses=store.OPEN_STATUSES)
    if not cases:
        return ["Tidak ada kasus terbuka untuk Bapak/Ibu."]
    items = [
        f"{c['ref']} {KIND_WORD.get(c['kind'], c['kind'])} {c.get('village') or '-'} ({STATUS_WORD[c['status']]})"
        for c in cases[:MAX_LISTED]
    ]
    more = f" dan {len(cases) - MAX_LISTED} lagi" if len(cases) > MAX_LISTED else ""
    return [f"Kasus terbuka ({len(cases)}): " + "; ".join(items) + f"{more}. Balas TERIMA/SELESAI/TOLAK nomor."]


def handle(db, settings, msg) -> list[str] | None:
    """Replies for an officer's command, or None when this is not one."""
    parsed = parse(msg.text)
    if parsed is None:
        return None
    officer = directory.officer_by_phone(msg.phone)
    if officer is None:
        return None
    command, ref, rest = parsed
    if command == "KASUS":
        return _list(db, officer)
    usage = {
        "TERIMA": "TERIMA DOK-0001",
        "SELESAI": "SELESAI DOK-0001 catatan",
        "TOLAK": "TOLAK DOK-0001 alasan",
        "BALAS": "BALAS OPR-0001 pesan",
    }[command]
    if not ref:
        return [f"Mohon tulis nomor kasusnya, contoh: {usage}"]
    case = store.get_case(db, ref)
    if case is None or not may_act(officer, case):
        return [f"Kasus {ref} tidak ditemukan atau bukan wilayah Bapak/Ibu. Ketik KASUS untuk daftar."]
    if case["status"] not in store.OPEN_STATUSES:
        return [f"Kasus {ref} sudah ditutup ({STATUS_WORD[case['status']]})."]
    actor = f"{officer['role']}:{officer['phone']}"
    ack = {} if case.get("acknowledged_by") else {"acknowledged_by": officer["phone"]}
    who = officer.get("name") or "Petugas"

    if command == "TERIMA":
        if case["status"] == "in_progress" and case.get("acknowledged_by"):
            return [f"Kasus {ref} sudah diterima sebelumnya dan sedang diproses."]
        store.update_case(db, ref, actor=actor, event="accepted", status="in_progress",
                          acknowledged_by=officer["phone"])
        noun = KIND_NOUN.get(case["kind"], "permohonan")
        _tell_villager(case, f"{ref}: {noun} Bapak/Ibu sudah diterima {who} dan sedang diproses.")
        return [f"{ref} diterima, status: diproses. {_told(db, case)}"]

    if command == "BALAS":
        if not rest:
            return [f"Mohon tulis pesannya, contoh: {usage}"]
        store.update_case(db, ref, actor=actor, event="officer_reply", note=rest[:1000], **ack)
        _tell_villager(case, f"{ref} dari {who}: {rest[:600]}")
        if store.is_opted_out(db, case["phone"]):
            return [f"Warga ({ref}) sudah berhenti menerima SMS (STOP): mohon hubungi langsung {case['phone']}."]
        return [f"Pesan untuk warga ({ref}) sudah dikirim."]

    if not rest:
        return [f"Mohon tulis {'catatannya' if command == 'SELESAI' else 'alasannya'}, contoh: {usage}"]
    if command == "SELESAI":
        store.update_case(db, ref, actor=actor, event="done", note=rest[:1000], status="done", **ack)
        _tell_villager(case, f"{ref} sudah selesai. Catatan petugas: {rest[:300]}")
        _lift_pause(db, case)
        return [f"{ref} ditutup: selesai. {_told(db, case)}"]
    # TOLAK
    store.update_case(db, ref, actor=actor, event="rejected", note=rest[:1000], status="rejected", **ack)
    _tell_villager(case, f"{ref} tidak dapat diproses. Alasan: {rest[:300]} Ketik MENU untuk layanan lain.")
    _lift_pause(db, case)
    return [f"{ref} ditutup: ditolak. {_told(db, case)}"]
