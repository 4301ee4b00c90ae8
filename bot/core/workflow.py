"""The case workflow, in one place for every process.

Open: ``open_case`` creates the case, routes it to the officers of its place
(``route`` over ``bot.core.directory``), tells each of them through the outbound queue
and records them in ``assigned_to``.

Work: ``accept``, ``close`` (done or rejected) and ``reply`` change the case on an
officer's word, record the event and tell the villager (``tell_villager``, the one
place that does); the officer's own answer says whether the villager heard of it.

No personal data (phones, names, NIK) goes to the Python log.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from bot.core import directory, outbound, phones, sms, store
from bot.core.kinds import KINDS, OPEN_STATUSES

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- open


def officer_message(case: dict, summary: str, *, contact: str | None = None) -> str:
    """The short notice an officer gets about a new case."""
    ref = case["ref"]
    place = ""
    if case.get("village"):
        place = f" Desa {case['village']}"
        if case.get("district"):
            place += f", Kec. {case['district']}"
    elif case.get("district"):
        place = f" Kec. {case['district']}"
    label = KINDS[case["kind"]].label
    body = f"Smart Kampung {ref} {label}{place}: {summary.strip()}"
    reporter = directory.officer_by_phone(contact) if contact else None
    if reporter:  # an officer reports (round 10, c6: "Kontak warga" was the police officer)
        body += f" Pelapor: {reporter.get('name') or reporter['role']} ({contact})."
    elif contact:
        body += f" Kontak warga: {contact}."
    body += f" Balas TERIMA {ref}, SELESAI {ref} catatan, atau TOLAK {ref} alasan."
    return body


def route(roles: Iterable[str], village: str | None, district: str | None) -> list[dict]:
    """Officers for the roles at the place, each phone once, in the roles' order."""
    seen: set[str] = set()
    out: list[dict] = []
    for role in roles:
        for officer in directory.officers_for(role, village=village, district=district):
            if officer["phone"] not in seen:
                seen.add(officer["phone"])
                out.append(officer)
    return out


OFFICER_SMS_SEGMENTS = 2  # issue 8: a 438-character notice went to a midwife on SMS as 3 segments


def notify_officers(db, case: dict, officers: Sequence[dict], body: str) -> int:
    """Send ``body`` to each officer through the queue; returns how many were queued."""
    sent = 0
    for officer in officers:
        channel = officer.get("channel") or "whatsapp"
        # a midwife on a basic phone: two SMS at most, the TERIMA/SELESAI/TOLAK line kept whole
        text = sms.fit_keeping_tail(body, OFFICER_SMS_SEGMENTS) if channel == "sms" else body
        try:
            outbound.notify(officer["phone"], text, channel=channel, case_ref=case["ref"])
            sent += 1
        except Exception:  # the queue must never break the conversation
            log.exception("notify failed for case %s (role %s)", case["ref"], officer.get("role"))
            store.add_case_event(db, case["ref"], "bot", "notify_failed", officer.get("role"))
    return sent


def open_case(
    db,
    kind: str,
    phone: str,
    channel: str,
    *,
    village: str | None,
    district: str | None,
    data: dict | None,
    notify_roles: Iterable[str],
    summary: str,
    share_contact: bool = True,
    summary_for: dict[str, str] | None = None,
) -> dict:
    """Create a case for ``phone``, route it and tell the officers; returns the case.

    ``share_contact=False`` leaves the villager's number out of the officers' notice
    (e.g. an anonymous complaint); it is always in the case itself. ``summary_for`` gives a
    role a notice of its own: what that role needs for its part, no more (the police get no
    health details of a routine pregnancy report).
    """
    # an officer who reports (a Bhabinkamtibmas's own report) is not told of it himself
    officers = [o for o in route(notify_roles, village, district) if o["phone"] != phones.bare(phone)]
    case = store.create_case(db, kind, phone, channel, village=village, district=district,
                             data=data or {}, assigned_to=[o["phone"] for o in officers])
    if village or district:
        try:
            fields = {"channel": channel}
            if village:
                fields["village"] = village
            if district:
                fields["district"] = district
            store.upsert_contact(db, phone, **fields)
        except Exception:  # pragma: no cover - the contact row is a convenience
            log.exception("contact update failed for case %s", case["ref"])
    contact = phone if share_contact else None
    sent = 0
    for role_summary, group in _by_summary(officers, summary, summary_for or {}):
        sent += notify_officers(db, case, group, officer_message(case, role_summary, contact=contact))
    if officers:
        store.add_case_event(db, case["ref"], "bot", "notified", ", ".join(o["role"] for o in officers))
    log.info("case %s (%s) opened, %d officer(s) notified", case["ref"], kind, sent)
    return case


def _by_summary(officers: Sequence[dict], summary: str, summary_for: dict[str, str]):
    """(summary, officers) groups, in the officers' order of first appearance."""
    groups: dict[str, list[dict]] = {}
    for officer in officers:
        groups.setdefault(summary_for.get(officer.get("role"), summary), []).append(officer)
    return list(groups.items())


# --------------------------------------------------------------------------- work


class WorkflowError(ValueError):
    """The change is not allowed (the case is closed, or not the officer's)."""


DISCREET_PREFIX = "Pesan layanan desa:"


def discreet(case: dict) -> bool:
    """A domestic-violence complaint: what reaches the villager's phone names neither the
    police nor the case (someone else may read it)."""
    return case.get("kind") == "complaint" and (case.get("data") or {}).get("category") == "kdrt"


def reported_by_another(case: dict) -> bool:
    """A pregnancy reported by someone else than the mother: what the midwife notes about her
    health is not for the reporter's phone."""
    data = case.get("data") or {}
    return case.get("kind") == "pregnancy" and data.get("reporter") not in (None, "ibu_sendiri")


def tell_villager(case: dict, body: str) -> None:
    """Tell the villager of a case, on the case's channel, through the queue."""
    try:
        outbound.notify(case["phone"], body, channel=case.get("channel") or "sms", case_ref=case["ref"])
    except Exception:  # the queue being down must not lose the officer's update
        log.exception("could not queue the villager notice for case %s", case["ref"])


def villager_told(db, case: dict) -> str:
    """The end of an officer's answer: whether the villager hears of the change. An
    opted-out number (STOP) gets nothing from us, so the officer must call."""
    if store.is_opted_out(db, case["phone"]):
        return f"Warga sudah berhenti menerima SMS (STOP): mohon hubungi langsung {case['phone']}."
    return "Warga sudah diberi tahu."


def may_act(officer: dict, case: dict) -> bool:
    """Assigned to the officer, or in the desa (or kecamatan, for kecamatan-wide rows) they cover;
    never an office the case excludes (a complaint against it: data/complaint_routing.csv)."""
    if officer.get("role") in ((case.get("data") or {}).get("excluded_roles") or []):
        return False
    if officer["phone"] in (case.get("assigned_to") or []):
        return True
    same_district = (officer.get("district") or "").lower() == (case.get("district") or "").lower()
    if not same_district or not case.get("district"):
        return False
    if not officer.get("village"):
        return True
    return (officer["village"] or "").lower() == (case.get("village") or "").lower()


def _actor(officer: dict) -> str:
    """How a case event names the officer: ``role:phone`` (SMS), or the console's own ``actor``."""
    return officer.get("actor") or f"{officer['role']}:{officer['phone']}"


def _ack(case: dict, officer: dict) -> dict:
    return {} if case.get("acknowledged_by") else {"acknowledged_by": officer["phone"]}


def lift_pause(db, case: dict) -> None:
    """A closed handover case no longer pauses the bot for its contact."""
    contact = store.get_contact(db, case["phone"])
    if contact and contact.get("paused_for") == case["ref"]:
        store.upsert_contact(db, case["phone"], paused_for=None)


def leads(officer: dict, case: dict) -> bool:
    """Whether the officer's TERIMA acknowledges the case and they may close it (``Kind.lead_roles``)."""
    lead_roles = KINDS[case["kind"]].lead_roles
    return not lead_roles or officer.get("role") in lead_roles


def accept(db, case: dict, officer: dict, note: str | None = None) -> dict:
    """The officer takes the case: in progress, acknowledged, the villager told (with the
    officer's ``note`` for them, when there is one). An officer who does not lead the case (the
    police on an obstetric emergency) is recorded as helping: the case stays unacknowledged,
    its escalation goes on, the villager hears nothing of it."""
    ref = case["ref"]
    if not leads(officer, case):
        return store.update_case(db, ref, actor=_actor(officer), event="membantu",
                                 note=f"{officer.get('role')} menerima; menunggu bidan/puskesmas")
    note = " ".join((note or "").split())[:600]
    case = store.update_case(db, ref, actor=_actor(officer), event="accepted", status="in_progress",
                             acknowledged_by=officer["phone"], note=note or None)
    who = officer.get("name") or "Petugas"
    if case["kind"] == "emergency":  # the others told need not go: they hear who has it
        others = [o for o in officers_told(case) if o["phone"] != officer["phone"]]
        notify_officers(db, case, others, f"Smart Kampung {ref}: {who} sudah menerima (TERIMA) dan menangani. "
                                          "Bantu bila diminta.")
    said = f" Catatan petugas: {note}" if note else ""
    if discreet(case):
        tell_villager(case, f"{DISCREET_PREFIX} laporan Bapak/Ibu sudah diterima dan sedang ditangani.{said}")
    else:
        tell_villager(case, f"{ref}: {KINDS[case['kind']].noun} Bapak/Ibu sudah diterima {who} dan sedang diproses."
                            f"{said}")
    return case


def reply_prefix(case: dict, officer: dict) -> str:
    """What goes before an officer's words to the villager (the console counts it too)."""
    return f"{DISCREET_PREFIX} " if discreet(case) else f"{case['ref']} dari {officer.get('name') or 'Petugas'}: "


def reply(db, case: dict, officer: dict, text: str) -> dict:
    """A message from the officer to the villager of the case."""
    ref = case["ref"]
    case = store.update_case(db, ref, actor=_actor(officer), event="officer_reply", note=text[:1000],
                             **_ack(case, officer))
    tell_villager(case, reply_prefix(case, officer) + text[:600])
    return case


def close(db, case: dict, officer: dict, status: str, note: str) -> dict:
    """Close the case as ``done`` or ``rejected`` with the officer's note; the villager is told."""
    if status not in ("done", "rejected"):
        raise WorkflowError(f"cannot close with status {status!r}")
    if not leads(officer, case):
        raise WorkflowError("only the case's lead roles may close it")
    ref = case["ref"]
    case = store.update_case(db, ref, actor=_actor(officer), event=status, note=note[:1000], status=status,
                             **_ack(case, officer))
    if discreet(case):
        tell_villager(case, f"{DISCREET_PREFIX} {note[:300]}")
    elif reported_by_another(case):
        # the neighbour who reported her gets no health details of the mother
        tell_villager(case, f"{ref} sudah ditindaklanjuti petugas. Terima kasih atas laporan Bapak/Ibu.")
    elif status == "done":
        tell_villager(case, f"{ref} sudah selesai. Catatan petugas: {note[:300]}")
    else:
        tell_villager(case, f"{ref} tidak dapat diproses. Alasan: {note[:300]} Ketik MENU untuk layanan lain.")
    lift_pause(db, case)
    return case


def assign(db, case: dict, officer: dict, assignee: dict | None) -> dict:
    """The console gives the case to a colleague (``assignee``: a user with ``username`` and
    ``name``) or leaves it unassigned (None); the villager hears who works on it."""
    ref = case["ref"]
    name = (assignee or {}).get("name") or (assignee or {}).get("username")
    case = store.update_case(db, ref, actor=_actor(officer), event="assigned" if assignee else "unassigned",
                             note=name, assignee=(assignee or {}).get("username"))
    if assignee:
        if discreet(case):
            tell_villager(case, f"{DISCREET_PREFIX} laporan Bapak/Ibu sedang ditangani petugas.")
        else:
            tell_villager(case, f"{ref}: {KINDS[case['kind']].noun} Bapak/Ibu sekarang ditangani {name}.")
    return case


SYSTEM = {"role": "bot", "phone": "bot", "name": "Sistem", "actor": "bot"}


def close_stale_handovers(db, hours: int) -> list[str]:
    """Close every open handover whose last word (the case's change or an event on it, the
    villager's messages included) is older than ``hours``: the contact goes back to the bot
    and is told so. Returns the refs closed."""
    from datetime import timedelta

    from bot.core import clock

    limit = (clock.now() - timedelta(hours=hours)).isoformat(timespec="seconds")
    closed = []
    for case in store.list_cases(db, kind="handover", statuses=OPEN_STATUSES):
        last = max([case["updated_at"], *(e["at"] for e in store.case_events(db, case["ref"]))])
        if last < limit:
            close(db, case, SYSTEM, "done", f"Percakapan dengan petugas ditutup karena tidak ada kabar selama "
                                            f"{hours} jam. Ketik MENU untuk layanan lain.")
            closed.append(case["ref"])
    if closed:
        log.info("%d stale handover(s) closed", len(closed))
    return closed


def is_open(case: dict) -> bool:
    return case.get("status") in OPEN_STATUSES


# After SELESAI or TOLAK the family may still ask ("bayine slamet ta?", bot/followup.py): the
# officer may answer with BALAS for this long after the case was last touched.
REPLY_AFTER_CLOSE_DAYS = 7


def answerable(case: dict) -> bool:
    """Open, or closed within ``REPLY_AFTER_CLOSE_DAYS`` (BALAS still reaches the villager)."""
    if is_open(case):
        return True
    from datetime import datetime, timedelta

    from bot.core import clock

    touched = case.get("updated_at") or case.get("created_at")
    return bool(touched) and datetime.fromisoformat(touched) >= clock.now() - timedelta(days=REPLY_AFTER_CLOSE_DAYS)


# --------------------------------------------------------------------------- a villager withdraws a false alarm

WITHDRAW_HOURS = 24


def recent_open_case(db, phone: str, kind: str, hours: int = WITHDRAW_HOURS) -> dict | None:
    """The contact's latest open case of ``kind`` opened within ``hours``, or None."""
    from datetime import datetime, timedelta

    from bot.core import clock

    for case in store.list_cases(db, phone=phone, kind=kind, statuses=OPEN_STATUSES, limit=1):
        if datetime.fromisoformat(case["created_at"]) >= clock.now() - timedelta(hours=hours):
            return case
    return None


def officers_told(case: dict) -> list[dict]:
    """The officers a case was sent to (directory rows; a number no longer in it as a bare row)."""
    return [directory.officer_by_phone(p) or {"phone": p, "role": "petugas"} for p in case.get("assigned_to") or []]


def withdraw(db, case: dict, reason: str) -> dict:
    """The villager says the alarm was false ("dudu ibu hamil", BATAL): the case is closed as
    rejected and every officer already told hears of it at once (no visit needed unless the
    villager calls again). The escalation job finds the case closed and stops."""
    ref = case["ref"]
    case = store.update_case(db, ref, actor="warga", event="dibatalkan_warga", status="rejected",
                             note=reason[:300])
    body = (f"Smart Kampung {ref} DIBATALKAN warga: {reason[:160]} "
            f"Tidak perlu tindak lanjut kecuali warga menghubungi lagi ({case['phone']}).")
    officers = officers_told(case)
    notify_officers(db, case, officers, body)
    log.info("case %s withdrawn by the villager, %d officer(s) told", ref, len(officers))
    return case
