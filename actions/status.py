"""Status of a villager's own cases: by reference ("cek DOK-0042", "dok-42") or the latest
cases of the sender's number. A case of another number gets the same answer as an unknown
reference, so nobody learns anything about another person's case."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.helpers.answers import join_within
from actions.tracker import latest_text, sender_phone
from bot.core import store

STATUS_LABEL = {
    "new": "diterima, menunggu petugas",
    "in_progress": "sedang diproses petugas",
    "done": "selesai",
    "rejected": "ditolak",
}
KIND_SHORT = {
    "document": "dokumen", "pregnancy": "laporan ibu hamil", "emergency": "darurat ibu hamil",
    "transport": "jemput JEK-MIL", "rantang_kasih": "Rantang Kasih", "complaint": "pengaduan",
    "handover": "bicara dengan petugas",
}
REPLY_LIMIT = 306


def _date(iso: str | None) -> str:
    # '2026-11-22T08:15:00+07:00' -> '22/11'
    if not iso or len(iso) < 10:
        return ""
    return f"{iso[8:10]}/{iso[5:7]}"


def _last_note(db, ref: str) -> str | None:
    for event in reversed(store.case_events(db, ref)):
        by_officer = (event.get("actor") or "") not in ("warga", "bot")
        if by_officer and event["event"] in ("done", "rejected", "accepted", "officer_reply") and event.get("note"):
            return event["note"]
    return None


def status_label(db, case: dict) -> str:
    """The status as the villager reads it; an alarm the villager withdrew is "dibatalkan"."""
    if case["status"] == "rejected" and any(e["event"] == "dibatalkan_warga" for e in store.case_events(db, case["ref"])):
        return "dibatalkan oleh Bapak/Ibu"
    return STATUS_LABEL.get(case["status"], case["status"])


def one_case_text(db, case: dict) -> str:
    label = KIND_SHORT.get(case["kind"], case["kind"])
    doc = case["data"].get("document_type") if case["kind"] == "document" else None
    if doc:
        from actions.helpers import catalogue

        label = catalogue.label(doc, case["data"].get("variant"))
    parts = [f"{case['ref']} ({label}, {_date(case['created_at'])}): {status_label(db, case)}."]
    note = _last_note(db, case["ref"])
    if note:
        parts.append(f"Catatan petugas: {note}")
    return join_within(parts, REPLY_LIMIT)


def list_text(cases: list[dict]) -> str:
    items = [f"{c['ref']} {KIND_SHORT.get(c['kind'], c['kind'])}: {STATUS_LABEL.get(c['status'], c['status'])}"
             for c in cases]
    return join_within(["Permohonan terakhir Bapak/Ibu:", "; ".join(items) + ".",
                               "Ketik CEK dan nomornya untuk rincian."], REPLY_LIMIT, keep=2)


NOT_FOUND = ("Nomor {ref} tidak ditemukan untuk nomor HP ini. Mohon periksa lagi, "
             "atau ketik CEK saja untuk melihat permohonan Bapak/Ibu.")
NONE_YET = "Belum ada permohonan dari nomor HP ini. Ketik MENU untuk daftar layanan."


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        db = casework.db()
        phone = sender_phone(tracker)
        ref = store.parse_ref(latest_text(tracker))
        if ref:
            case = store.get_case(db, ref)
            if case is None or case["phone"] != phone:
                dispatcher.utter_message(text=NOT_FOUND.format(ref=ref))
            else:
                dispatcher.utter_message(text=one_case_text(db, case))
            return []
        cases = store.list_cases(db, phone=phone, limit=3)
        if not cases:
            dispatcher.utter_message(text=NONE_YET)
        elif len(cases) == 1:
            dispatcher.utter_message(text=one_case_text(db, cases[0]))
        else:
            dispatcher.utter_message(text=list_text(cases))
        return []


class ActionDefaultFallback(Action):
    """Rasa's core fallback (no rule fits the turn), overridden: a message carrying a case
    reference ("DOK0042" taken for an answer out of any form) gets the status; anything
    else gets Rasa's default behaviour (utter_default, the message is forgotten)."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if store.parse_ref(latest_text(tracker)):
            return await ActionCheckStatus().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]
