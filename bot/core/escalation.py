"""Emergencies that nobody acknowledged: the escalation job and what it shares with the
emergency action (who is told at each level, the officers' summary, the ack deadline).

``escalate(ref, level)`` runs in the worker (scheduled with ``outbound.schedule``): if
no officer acknowledged (TERIMA sets ``acknowledged_by``; any status change counts too),
the next in line is told again, then the one after, up to ``MAX_LEVEL``.
"""
from __future__ import annotations

import logging
import math
import re
from datetime import datetime, timedelta

from bot.core import clock, directory, outbound, store, workflow
from bot.core import settings as config
from bot.core.kinds import OPEN_STATUSES

log = logging.getLogger(__name__)

JOB = "bot.core.escalation.escalate"
ROLES = ("bidan", "puskesmas", "bhabinkamtibmas")
# Told at once when nothing is known of the place: the regency's duty desk.
UNKNOWN_PLACE_ROLES = ("piket_darurat",)
MAX_LEVEL = 3  # the regency's duty desk (round 10 F1: nobody past the kecamatan was ever told)
# Then the duty desk and the desa's midwife and puskesmas again, this many times at the same
# interval (round 12 H1: an unaccepted convulsion went quiet three minutes after it was made).
REPEATS = 6

# Danger signs as officers read them (the sign names are stored in case data).
SIGN_LABEL = {
    "perdarahan": "perdarahan", "kejang": "kejang", "ketuban_pecah": "ketuban pecah",
    "demam_tinggi": "demam tinggi", "sakit_kepala_pandangan_kabur": "sakit kepala/pandangan kabur",
    "pingsan": "pingsan", "janin_kurang_gerak": "janin kurang gerak", "muntah_terus": "muntah terus",
    "bengkak": "bengkak", "persalinan": "persalinan/melahirkan", "sesak_napas": "sesak napas",
    "nyeri_perut": "nyeri perut hebat", "cairan_berbau": "cairan berbau", "plasenta": "ari-ari belum keluar",
    "tekanan_darah_tinggi": "tekanan darah sangat tinggi (160 atau 110 ke atas)", "nyeri_ulu_hati": "nyeri ulu hati",
}


def signs_text(signs: list[str]) -> str:
    return ", ".join(SIGN_LABEL.get(s, "tanda bahaya lain") for s in signs)


def acknowledged(case: dict) -> bool:
    return bool(case.get("acknowledged_by")) or case.get("status") != "new"


# How much of the villager's words a page quotes (round 6: at 100 characters the place was cut).
OFFICER_QUOTE = 320
MESSAGE_QUOTE = 600  # an officer's whole report (round 10 F8: cut at "Mohon ditindaklanjuti")
MESSAGE_KEPT = 1000  # the opening message as the case keeps it (actions.emergency knows it by it)


# The facts of a report kept on the case (actions.helpers.first_message.report_facts), as pages show them
REPORT_LABELS = (("mother_name", ""), ("age", "umur "), ("pregnancy_number", "hamil ke-"), ("children", "anak "),
                 ("gestation", "usia hamil "), ("blood_pressure", "TD "), ("dusun", "dusun "),
                 ("contact_phone", "telp keluarga "))


def officer_summary(case: dict) -> str:
    data = case.get("data") or {}
    text = f"Tanda bahaya: {signs_text(data.get('danger_signs') or ['lainnya'])}."
    if not case.get("village"):
        text += " Desa belum diketahui."
    facts = [f"{label}{data[key]}" for key, label in REPORT_LABELS if data.get(key)]
    if data.get("history"):
        facts.append("riwayat/faktor: " + ", ".join(h.replace("_", " ") for h in data["history"]))
    if facts:
        text += " Ibu: " + ", ".join(facts) + "."
    if data.get("pregnancy_ref"):
        text += f" Laporan hamil {data['pregnancy_ref']}"
        if data.get("kspr_score") is not None:
            text += f" (KSPR {data['kspr_score']})"
        text += "."
    if data.get("address"):
        text += f' Alamat: "{data["address"][:OFFICER_QUOTE]}"'
    location = data.get("location")
    if location:
        text += f" Lokasi: https://maps.google.com/?q={location['latitude']},{location['longitude']}"
    message = (data.get("message") or "").strip()
    if message:
        text += f' Pesan: "{message[:MESSAGE_QUOTE]}"'
    return text


def escalation_targets(case: dict, level: int) -> list[dict]:
    """Who is told at an escalation level (the village's officers were told at once).

    level 1: the desa's midwife again, the kecamatan's puskesmas and its police (the
             kecamatan-wide Bhabinkamtibmas row: Kanit Binmas of the Polsek);
    level 2: every kecamatan-wide officer (bidan koordinator, puskesmas, Kanit Binmas,
             ride coordinator, kecamatan operator) - a bounded list, one row per role;
    level 3: the regency's duty desk (Piket Darurat Dinkes);
    after it (``REPEATS`` times): the duty desk, the desa's midwife and puskesmas again.
    Nothing known about the place -> the regency's duty desk again.
    """
    if level > MAX_LEVEL:  # the repeats: the duty desk, and the desa's own midwife and puskesmas
        village, district = case.get("village"), case.get("district")
        here = workflow.route(("bidan", "puskesmas"), village, district) if village else []
        return workflow.route(UNKNOWN_PLACE_ROLES, None, None) + here
    if level >= 3:
        return workflow.route(UNKNOWN_PLACE_ROLES, None, None)
    village, district = case.get("village"), case.get("district")
    if not district and village:
        found = workflow.route(ROLES, village, None)
        district = next((o.get("district") for o in found if o.get("district")), None)
    if not district:
        return workflow.route(UNKNOWN_PLACE_ROLES, None, None)
    d = district.strip().lower()
    wide = [dict(r) for r in directory.load_officers() if r["district"].strip().lower() == d and not r["village"]]
    if level <= 1:
        out = [r for r in wide if r["role"] in ("puskesmas", "bhabinkamtibmas")]
        out = out or workflow.route(("puskesmas", "bhabinkamtibmas"), None, district)
        # the desa's midwife, the first to go, is buzzed once more (round 11: paged only once)
        out = (workflow.route(("bidan",), village, district) if village else []) + out
    else:
        order = ("puskesmas", "bhabinkamtibmas", "bidan", "koordinator_jekmil", "operator_desa")
        out = sorted((r for r in wide if r["role"] in order), key=lambda r: order.index(r["role"]))
        out = out or workflow.route(order, None, district)
    seen: set[str] = set()
    unique = []
    for officer in out:
        if officer["phone"] not in seen:
            seen.add(officer["phone"])
            unique.append(officer)
    return unique


def ack_due(seconds: int | None = None) -> str:
    """When the officers told now must have answered (ISO, WIB)."""
    seconds = config.current().emergency_ack_seconds if seconds is None else seconds
    return (clock.now() + timedelta(seconds=seconds)).replace(microsecond=0).isoformat()


def schedule_escalation(db, ref: str, level: int, seconds: int | None = None) -> None:
    seconds = config.current().emergency_ack_seconds if seconds is None else seconds
    try:
        outbound.schedule(JOB, ref, level, in_seconds=seconds)
    except Exception:  # Redis down: the case and the first notices still stand
        log.exception("could not schedule escalation %s of %s", level, ref)
        store.add_case_event(db, ref, "bot", "escalation_not_scheduled", str(level))


def open_emergency(db, phone: str, channel: str, *, village: str | None, district: str | None,
                   signs: list[str], text: str, location: dict | None = None, extra: dict | None = None) -> dict:
    """The one way an emergency case is opened (by the actions, or by the webhook while Rasa
    cannot answer): its data, the desa's midwife, puskesmas and Bhabinkamtibmas told (the duty
    desk when the place is unknown), and the first escalation scheduled. Returns the case."""
    data: dict = {"danger_signs": signs, "message": (text or "")[:MESSAGE_KEPT], "escalation_level": 0}
    if village or district:
        data["ack_due"] = ack_due()
    if location:
        data["location"] = location
    data.update(extra or {})
    draft = {"ref": "", "phone": phone, "village": village, "district": district, "data": data}
    related = same_place_open(db, draft)  # the same woman from another number (round 11)
    if related:
        data["related"] = related
    summary = (f"Mungkin sama dengan {', '.join(related)} (nomor lain). " if related else "") + officer_summary(draft)
    case = workflow.open_case(db, "emergency", phone, channel, village=village, district=district, data=data,
                              notify_roles=ROLES if (village or district) else UNKNOWN_PLACE_ROLES,
                              summary=summary)
    schedule_escalation(db, case["ref"], 1)
    return case


def decline(db, case: dict, officer: dict, reason: str) -> dict:
    """An officer cannot take an emergency (TOLAK: "bukan desa saya", "sedang di luar kota"). It
    is never closed by that: it stays open for the others, who hear it at once with the reason,
    and unless someone has it (TERIMA) the next escalation is brought forward to now. The
    villager is not told "tidak dapat diproses"."""
    ref = case["ref"]
    fields: dict = {"assigned_to": [p for p in case.get("assigned_to") or [] if p != officer["phone"]]}
    if case.get("acknowledged_by") == officer["phone"]:  # the one who had it gives it back
        fields.update(acknowledged_by=None, status="new")
    case = store.update_case(db, ref, actor=f"{officer.get('role')}:{officer['phone']}", event="ditolak_petugas",
                             note=reason[:300], data={"ack_due": clock.now().replace(microsecond=0).isoformat()},
                             **fields)
    who = officer.get("name") or "Petugas"
    workflow.notify_officers(db, case, workflow.officers_told(case), (
        f"Smart Kampung {ref} DARURAT: {who} tidak dapat menangani ({reason[:120]}). Kasus tetap terbuka: "
        f"balas TERIMA {ref} bila Bapak/Ibu menangani."))
    if not acknowledged(case):
        level = int(case["data"].get("escalation_level") or 0) + 1
        if level <= MAX_LEVEL:
            schedule_escalation(db, ref, level, seconds=1)
    return case


# Two alarms from one desa within this many hours may be one woman (round 9, finding 8: her
# mother wrote from another phone "Yuni saiki wis semaput" and a second case went out).
SAME_PLACE_HOURS = 6


def same_place_open(db, case: dict) -> list[str]:
    """The other open emergencies of the case's desa, from other numbers, opened lately."""
    if not case.get("village"):
        return []
    since = (clock.now() - timedelta(hours=SAME_PLACE_HOURS)).isoformat()
    return [c["ref"] for c in store.list_cases(db, kind="emergency", statuses=OPEN_STATUSES, limit=20)
            if c["ref"] != case["ref"] and c.get("village") == case["village"] and c["phone"] != case["phone"]
            and c["created_at"] >= since]


def notify_place(db, case: dict, officers: list[dict], prefix: str = "", *, placed: bool = False) -> dict:
    """Tell ``officers`` about the case and add them to ``assigned_to``; another open alarm of
    the same desa from another number is named ("mungkin sama dengan DRT-0001"), so that the
    midwife sees one woman, not two. ``placed``: the desa was learnt just now, and the officers
    told before (the duty desk) hear where it went."""
    related = same_place_open(db, case) if case["kind"] == "emergency" else []
    if related:
        taken = taken_note(db, related)  # after "ULANG n: ...", so that a repeat reads as one
        prefix += f"Mungkin sama dengan {', '.join(related)} (nomor lain). " + (f"{taken} " if taken else "")
    body = prefix + workflow.officer_message(case, officer_summary(case), contact=case["phone"])
    workflow.notify_officers(db, case, officers, body)
    assigned = list(case.get("assigned_to") or [])
    told_before = [o for o in workflow.officers_told(case) if o["phone"] not in {x["phone"] for x in officers}]
    assigned += [o["phone"] for o in officers if o["phone"] not in assigned]
    case = store.update_case(db, case["ref"], actor="bot", event="notified", assigned_to=assigned,
                             note=", ".join(o["role"] for o in officers), data={"related": related} if related else None)
    if placed and told_before and case.get("village"):
        # the duty desk paged while the place was unknown hears where it went, not left hanging
        workflow.notify_officers(db, case, told_before, PLACED_NOTE.format(
            ref=case["ref"], village=case["village"], roles=", ".join(sorted({o["role"] for o in officers}))))
    return case


PLACED_NOTE = "Smart Kampung {ref}: desa diketahui ({village}), sudah diteruskan ke {roles} desa itu. Info saja."
# The midwife who took one alarm hears of the other from the same desa (round 11 M3): maybe the same woman.
LINKED_NOTE = ("Smart Kampung: laporan darurat lain dari Desa {village}, nomor lain, mungkin ibu yang sama: {ref}. "
               "{summary} Bila ibu yang sama, balas TERIMA {ref}.")


def taken_note(db, related: list[str]) -> str:
    """"DRT-0001 sudah diterima Bidan Desa Kemiren." for the related alarms a midwife took."""
    said = []
    for ref in related:
        other = store.get_case(db, ref)
        officer = directory.officer_by_phone((other or {}).get("acknowledged_by") or "")
        if officer:
            said.append(f"{ref} sudah diterima {officer.get('name') or officer['role']}.")
    return " ".join(said)


def tell_linked(db, case: dict, officer: dict) -> int:
    """``officer`` took the emergency ``case``: the open alarms of its desa from other numbers that
    nobody took yet (maybe the same woman) go to her with their signs, and their callers hear who
    took the other one. Their escalation goes on (it may be another woman), its pages say who
    took which. Returns how many."""
    if case.get("kind") != "emergency" or not workflow.leads(officer, case):
        return 0
    linked = [store.get_case(db, ref) for ref in same_place_open(db, case)]
    linked = [c for c in linked if c and not acknowledged(c)]
    for other in linked:
        workflow.notify_officers(db, other, [officer], LINKED_NOTE.format(
            village=other["village"], ref=other["ref"], summary=officer_summary(other)))
        store.add_case_event(db, other["ref"], "bot", "terkait_diterima", f"{case['ref']} diterima {officer['role']}")
        workflow.tell_villager(other, EMERGENCY_TAKEN_OTHER.format(
            ref=other["ref"], who=officer.get("name") or "Bidan", other=case["ref"], phone=officer["phone"]))
    return len(linked)


_THANKS = re.compile(r"^\W*(matur\s*(suwun|nuwun|sembah\s*nuwun)|terima\s*kasih|makasih|trims|suwun|nggih|"
                     r"iya|ya|oke|ok|siap)\b[\w\s,.!]{0,40}$", re.IGNORECASE)


def tell_news(db, case: dict, text: str) -> None:
    """The villager's new words on an open emergency ("darahnya makin banyak", "kapan bidane
    teko?") go to the officers already told, at once, not at the next escalation; once a
    midwife has it, to her alone; thanks ("nggih bu, matur suwun") are no news."""
    if case.get("acknowledged_by") and only_thanks(text):
        return
    ask = f" Balas TERIMA {case['ref']}" if case.get("status") == "new" else ""
    body = f"Smart Kampung {case['ref']} DARURAT pesan baru dari warga {case['phone']}: \"{text[:300]}\"{ask}"
    told = workflow.officers_told(case)
    if case.get("acknowledged_by"):
        told = [o for o in told if o["phone"] == case["acknowledged_by"]] or told
    workflow.notify_officers(db, case, told, body)


def only_thanks(text: str) -> bool:
    """"nggih bu, matur suwun": thanks and nothing else (no question, no word of danger)."""
    return bool(_THANKS.match(text or "")) and not name_signs_in(text)


def name_signs_in(text: str) -> bool:
    """A word of danger in a short thanks ("nggih, tapi getihe tambah akeh") keeps it news."""
    return bool(re.search(r"getih|darah|kejang|pingsan|pecah|sakit|lara|loro|parah|tambah|makin", text or "",
                          re.IGNORECASE))


def escalate(ref: str, level: int) -> str:
    """RQ job: nobody acknowledged ``ref`` in time -> tell the next in line, schedule the next level.

    Returns what happened ("acknowledged", "postponed", "escalated", "unrouted", "missing").
    Level 1 waits until ``data.ack_due``: officers told late (the village came after the
    first message) get the whole EMERGENCY_ACK_SECONDS too.
    """
    path = config.current().db_path
    store.ensure(path)
    db = store.open_db(path)
    try:
        return _escalate(db, ref, level)
    finally:
        db.close()


def _escalate(db, ref: str, level: int) -> str:
    case = store.get_case(db, ref)
    if case is None:
        return "missing"
    if acknowledged(case):
        store.add_case_event(db, ref, "bot", "eskalasi_tidak_perlu", str(level))
        return "acknowledged"
    if int(case["data"].get("escalation_level") or 0) >= level:
        return "already"  # brought forward by a TOLAK (decline): the scheduled run is no second page
    due = case["data"].get("ack_due")
    if level == 1 and due:
        left = (datetime.fromisoformat(due) - clock.now()).total_seconds()
        if left > 0.5:  # the village became known later: its officers still have time
            schedule_escalation(db, ref, level, seconds=math.ceil(left))
            return "postponed"
    officers = escalation_targets(case, level)
    others = [o for o in officers if o["phone"] not in (case.get("assigned_to") or [])]
    outcome = "escalated" if officers else "unrouted"
    last = level == MAX_LEVEL + REPEATS
    if officers:
        prefix = f"ULANG {level}{' (TERAKHIR)' if last else ''}: belum ada petugas yang TERIMA. "
        case = notify_place(db, case, officers, prefix=prefix)
    store.update_case(db, ref, actor="bot", event=f"eskalasi_{level}",
                      note=f"{len(officers)} petugas", data={"escalation_level": level})
    if level == 1:  # the truth: others are told, or the same are told again
        told = "kami kabari petugas lain" if others else "kami kabari petugas sekali lagi"
        workflow.tell_villager(case, (
            f"Laporan {case['ref']} belum dijawab petugas, {told}. Jangan menunggu: "
            "segera ke puskesmas/RS terdekat atau telp 112 (gratis)."))
    if last:  # the pages end: she hears it plainly (round 13 H1: it went quiet)
        workflow.tell_villager(case, NOBODY_TOOK.format(ref=ref))
    if level < MAX_LEVEL + REPEATS:
        schedule_escalation(db, ref, level + 1)
    log.info("emergency %s: escalation level %s, %d officer(s)", ref, level, len(officers))
    return outcome


NOBODY_TOOK = ("Laporan {ref} belum diterima petugas mana pun. Jangan menunggu: segera bawa ibu ke puskesmas/RS "
               "terdekat atau telp 112 (gratis).")


def wake(db, case: dict) -> bool:
    """A new danger sign on an alarm nobody took after its pages ended ("anakku saiki semaput",
    round 13 H1): the whole ladder again from level 1 (round 14). True when it did."""
    if acknowledged(case) or int((case.get("data") or {}).get("escalation_level") or 0) < MAX_LEVEL + REPEATS:
        return False
    # the news went to all at once (tell_again): level 1 waits a new window (round 15: 1 s later)
    store.update_case(db, case["ref"], actor="bot", event="eskalasi_lagi", data={"escalation_level": 0, "ack_due": ack_due()})
    schedule_escalation(db, case["ref"], 1)
    return True


# --------------------------------------------------------------------------- news from the family
EMERGENCY_ALL_TOLD = ("Pesan diteruskan ({ref}). Petugas kecamatan dan piket darurat kabupaten sudah kami kabari. "
                      "Jangan menunggu: segera ke puskesmas/RS atau telp 112.")
# "kapan teko bidane?": who has the case and how to reach her, or that the next in line is being told
EMERGENCY_TAKEN = ("{who} sudah menerima laporan {ref} dan membaca pesan Bapak/Ibu. Telp: {phone}. Jangan "
                   "menunggu: bila makin parah segera ke puskesmas/RS atau telp 112 (gratis).")
EMERGENCY_TAKEN_OTHER = ("Laporan {ref} belum diterima petugas, terus kami kabari. {who} sudah menerima laporan lain "
                         "dari desa ini ({other}), telp {phone}. Jangan menunggu: bila makin parah telp 112 (gratis).")
EMERGENCY_WAITING = ("Pesan sudah diteruskan ({ref}). Petugas belum membalas; tiap {minutes} menit kami kabari "
                     "petugas berikutnya. Jangan menunggu: segera ke puskesmas/RS atau telp 112 (gratis).")


def taken_by(db, case: dict) -> tuple[dict, dict] | None:
    """(case, officer) when a midwife or the puskesmas took this alarm, or the same woman's alarm
    from another number (``related``); the police are no answer to "when does the midwife come"."""
    related = [store.get_case(db, ref) for ref in (case.get("data") or {}).get("related") or []] if db else []
    for taken in (case, *filter(None, related)):
        officer = directory.officer_by_phone(taken.get("acknowledged_by") or "")
        if officer and officer.get("role") in ("bidan", "puskesmas", "dinkes"):
            return taken, officer
    return None


def news_answer(db, case: dict, settings=None) -> str:
    """The answer to news on an open emergency ("bidane wis budhal durung?", round 9 and 10):
    who took it and her number, else how the escalation goes on (never a promise of a next
    officer once everyone was told)."""
    found = taken_by(db, case)
    if found and found[0]["ref"] != case["ref"]:
        # another number's alarm of the same desa: maybe the same woman, maybe not - said so
        taken, officer = found
        return EMERGENCY_TAKEN_OTHER.format(ref=case["ref"], who=officer.get("name") or "Bidan", other=taken["ref"],
                                            phone=officer["phone"])
    if found:
        taken, officer = found
        return EMERGENCY_TAKEN.format(who=officer.get("name") or "Bidan", ref=taken["ref"], phone=officer["phone"])
    if int((case.get("data") or {}).get("escalation_level") or 0) >= MAX_LEVEL:
        return EMERGENCY_ALL_TOLD.format(ref=case["ref"])
    minutes = max(1, round((settings or config.current()).emergency_ack_seconds / 60))
    return EMERGENCY_WAITING.format(ref=case["ref"], minutes=minutes)
