"""Handover pause: while a contact's handover case (OPR-...) is open, the bot stays quiet and
what the contact writes goes to the case and to the officer.

actions/handover.py opens the case and sets contacts.paused_for; the officer's SELESAI or
TOLAK (bot.core.workflow.close) or the villager's BATAL (actions/menu.py) lifts the pause.
Keywords (STOP, MENU, BATAL) are handled by the webhook before this is called.
"""
from __future__ import annotations

import logging

from bot.core import directory, outbound, store
from bot.core.kinds import OPEN_STATUSES

log = logging.getLogger(__name__)

FORWARDED = "Pesan diteruskan ke petugas ({ref}). Mohon tunggu balasan. Ketik BATAL untuk mengakhiri."
FORWARDED_STOPPED = ("Pesan diteruskan ke petugas ({ref}). Nomor ini sudah STOP, jadi balasan petugas tidak bisa kami "
                     "kirim. Ketik MULAI agar dapat balasan.")


def active_case(db, phone: str) -> dict | None:
    """The open handover case the contact is paused for (a stale pause is lifted)."""
    contact = store.get_contact(db, phone)
    ref = (contact or {}).get("paused_for")
    if not ref:
        return None
    case = store.get_case(db, ref)
    if case is None or case["status"] not in OPEN_STATUSES:
        store.upsert_contact(db, phone, paused_for=None)
        return None
    return case


def handle(db, settings, msg) -> list[str] | None:
    """Replies when the contact is paused for a handover case, or None."""
    case = active_case(db, msg.phone)
    if case is None:
        return None
    text = (msg.text or "").strip()
    parts = [text] if text else []
    if msg.media:
        parts.append("Foto: " + " ".join(msg.media))
    if msg.latitude is not None and msg.longitude is not None:
        parts.append(f"Lokasi: https://maps.google.com/?q={msg.latitude},{msg.longitude}")
    note = " | ".join(parts) or "(pesan kosong)"
    store.add_case_event(db, case["ref"], "warga", "message", note[:2000])
    body = f"{case['ref']} pesan warga: {note[:1000]} (Balas: BALAS {case['ref']} pesan)"
    for phone in case.get("assigned_to") or []:
        officer = directory.officer_by_phone(phone) or {}
        try:
            outbound.notify(phone, body, channel=officer.get("channel") or "whatsapp", case_ref=case["ref"])
        except Exception:
            log.exception("could not forward a handover message for case %s", case["ref"])
    if store.is_opted_out(db, msg.phone):  # round 22 M2: "Mohon tunggu balasan", and every answer blocked
        return [FORWARDED_STOPPED.format(ref=case["ref"])]
    return [FORWARDED.format(ref=case["ref"])]
