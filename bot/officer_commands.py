"""Officer commands on WhatsApp or SMS, before any language understanding.

An officer is recognised by phone (bot.core.directory). Commands:
    KASUS                     open cases assigned to the officer
    TERIMA <ref>              take the case: status in_progress
    SELESAI <ref> <catatan>   close it as done
    TOLAK <ref> <alasan>      close it as rejected
    BALAS <ref> <pesan>       send a message to the villager of the case
The case changes through bot.core.workflow, which tells the villager on the case's channel.
An officer acts only on cases assigned to them or in the desa/kecamatan they cover.
Any other text from an officer returns None: it goes to Rasa like anyone's (an officer
can report a pregnant woman too).
"""
from __future__ import annotations

import logging
import re
from datetime import timedelta

from bot.core import clock, directory, escalation, store, workflow
from bot.core.kinds import KINDS, OPEN_STATUSES, STATUS_WORD

log = logging.getLogger(__name__)

_CMD_RE = re.compile(r"^\s*(KASUS|TERIMA|SELESAI|TOLAK|BALAS)\b[\s:.,-]*(.*)$", re.IGNORECASE | re.DOTALL)
_REF_AT_START = re.compile(r"^\s*([A-Za-z]{3})\s*-?\s*(\d{1,6})\b[\s:.,-]*(.*)$", re.DOTALL)
MAX_LISTED = 8
USAGE = {
    "TERIMA": "TERIMA DOK-0001",
    "SELESAI": "SELESAI DOK-0001 catatan",
    "TOLAK": "TOLAK DOK-0001 alasan",
    "BALAS": "BALAS OPR-0001 pesan",
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


def _list(db, officer: dict) -> list[str]:
    cases = store.list_cases(db, assigned_to=officer["phone"], statuses=OPEN_STATUSES)
    if not cases:
        return ["Tidak ada kasus terbuka untuk Bapak/Ibu."]
    items = [
        f"{c['ref']} {KINDS[c['kind']].word} {c.get('village') or '-'} ({STATUS_WORD[c['status']]})"
        for c in cases[:MAX_LISTED]
    ]
    more = f" dan {len(cases) - MAX_LISTED} lagi" if len(cases) > MAX_LISTED else ""
    return [f"Kasus terbuka ({len(cases)}): " + "; ".join(items) + f"{more}. Balas TERIMA/SELESAI/TOLAK nomor."]


HELD_HOURS = 12  # a midwife's plain words go to the family of the emergency she took this long ago


def _held(db, officer: dict, text: str) -> tuple[dict, str] | None:
    """The case an officer's plain message is for, and the words for the family: "DRT-0002 kulo
    sampun mlampah" (a case named first), or any words soon after she took a case with TERIMA
    (round 18: "Pak, kulo sampun mlampah, 15 menit dugi ..." got the villager menu)."""
    r = _REF_AT_START.match(text or "")
    ref = store.parse_ref(f"{r.group(1)}-{r.group(2)}") if r else None
    if ref:
        case = store.get_case(db, ref)
        if case and workflow.may_act(officer, case) and (workflow.is_open(case) or workflow.answerable(case)):
            return (case, r.group(3).strip()) if r.group(3).strip() else None
        return None
    if officer.get("role") not in ("bidan", "puskesmas"):
        return None  # a police officer's next words may be a new report of his own: no guess
    since = (clock.now() - timedelta(hours=HELD_HOURS)).isoformat()
    for case in store.list_cases(db, kind="emergency", assigned_to=officer["phone"], statuses=OPEN_STATUSES, limit=5):
        if case.get("acknowledged_by") == officer["phone"] and (case.get("updated_at") or "") >= since:
            return case, (text or "").strip()
    return None


OPTED_OUT = ("Pesan TIDAK terkirim: warga ({ref}) sudah berhenti menerima SMS (STOP); terkirim bila warga ketik MULAI "
             "dalam 3 hari. Mohon hubungi langsung {phone}.")


def handle(db, settings, msg) -> list[str] | None:
    """Replies for an officer's command, or None when this is not one."""
    officer = directory.officer_by_phone(msg.phone)
    if officer is None:
        return None
    parsed = parse(msg.text)
    if parsed is None:
        held = _held(db, officer, msg.text) if (msg.text or "").strip() else None
        if held is None:
            return None
        case, words = held
        workflow.reply(db, case, officer, words)
        if store.is_opted_out(db, case["phone"]):  # round 22 M2: "sudah dikirim", and it was blocked
            return [OPTED_OUT.format(ref=case["ref"], phone=case["phone"])]
        return [f"Pesan untuk warga ({case['ref']}) sudah dikirim. Selesai: SELESAI {case['ref']} catatan."]
    command, ref, rest = parsed
    if command == "KASUS":
        return _list(db, officer)
    usage = USAGE[command]
    if not ref:
        return [f"Mohon tulis nomor kasusnya, contoh: {usage}"]
    case = store.get_case(db, ref)
    if case is None or not workflow.may_act(officer, case):
        return [f"Kasus {ref} tidak ditemukan atau bukan wilayah Bapak/Ibu. Ketik KASUS untuk daftar."]
    if not workflow.is_open(case) and not (command == "BALAS" and workflow.answerable(case)):
        # a closed case still takes a BALAS for a while: the family's question after SELESAI
        # was forwarded with "(Balas: BALAS ...)" (exploratory round 7)
        return [f"Kasus {ref} sudah ditutup ({STATUS_WORD[case['status']]})."]

    if command == "TERIMA":
        if case["status"] == "in_progress" and case.get("acknowledged_by"):
            return [f"Kasus {ref} sudah diterima sebelumnya dan sedang diproses."]
        workflow.accept(db, case, officer)
        escalation.tell_linked(db, case, officer)  # the other alarms of her desa, maybe the same woman
        if rest.strip(" .,-"):  # "TERIMA DRT-0001 otw": her words reach the family (round 17: dropped)
            workflow.reply(db, store.get_case(db, ref), officer, rest.strip())
        if not workflow.leads(officer, case):
            return [f"{ref} dicatat: Bapak/Ibu ikut membantu. Bidan/puskesmas tetap dihubungi sampai ada yang TERIMA."]
        return [f"{ref} diterima, status: diproses. {workflow.villager_told(db, case)}"]

    if command == "BALAS":
        if not rest:
            return [f"Mohon tulis pesannya, contoh: {usage}"]
        workflow.reply(db, case, officer, rest)
        if store.is_opted_out(db, case["phone"]):
            return [OPTED_OUT.format(ref=ref, phone=case["phone"])]
        return [f"Pesan untuk warga ({ref}) sudah dikirim."]

    if not rest:
        return [f"Mohon tulis {'catatannya' if command == 'SELESAI' else 'alasannya'}, contoh: {usage}"]
    if command == "TOLAK" and case["kind"] == "emergency":
        # one officer cannot take it: it stays open for the others and escalates now, never closed
        escalation.decline(db, case, officer, rest)
        return [(f"{ref}: dicatat, Bapak/Ibu tidak menangani. Kasus darurat tetap terbuka dan diteruskan ke "
                "petugas lain.")]
    if not workflow.leads(officer, case):
        return [f"Kasus {ref} hanya bisa ditutup oleh bidan atau puskesmas."]
    if command == "SELESAI":
        workflow.close(db, case, officer, "done", rest)
        return [f"{ref} ditutup: selesai. {workflow.villager_told(db, case)}"]
    workflow.close(db, case, officer, "rejected", rest)
    return [f"{ref} ditutup: ditolak. {workflow.villager_told(db, case)}"]
