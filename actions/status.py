"""Status of a villager's own cases: by reference ("cek DOK-0042", "dok-42") or the latest
cases of the sender's number. A case of another number gets the same answer as an unknown
reference, so nobody learns anything about another person's case."""
from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.helpers.answers import join_within
from actions.tracker import latest_text, sender_phone
from bot.core import store
from bot.core.sms import TWO_SEGMENTS

STATUS_LABEL = {
    "new": "tercatat, menunggu petugas",
    "in_progress": "sedang diproses petugas",
    "done": "selesai",
    "rejected": "ditolak",
}
KIND_SHORT = {
    "document": "dokumen", "pregnancy": "laporan ibu hamil", "emergency": "darurat ibu hamil",
    "transport": "jemput JEK-MIL", "rantang_kasih": "Rantang Kasih", "complaint": "pengaduan",
    "handover": "bicara dengan petugas",
}


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
    parts = [f"{case['ref']} ({short_label(case)}, {_date(case['created_at'])}): {status_label(db, case)}."]
    note = _last_note(db, case["ref"])
    if note:
        parts.append(f"Catatan petugas: {note}")
    return join_within(parts, TWO_SEGMENTS)


def short_label(case: dict) -> str:
    """'KIA baru' for a document, else the kind in a word or two ('laporan ibu hamil')."""
    doc = case["data"].get("document_type") if case["kind"] == "document" else None
    if doc:
        from actions.helpers import catalogue

        return catalogue.label(doc, case["data"].get("variant"))
    return KIND_SHORT.get(case["kind"], case["kind"])


# The kind of case a question in words names ("yang KIA kenapa ditolak", "laporan bumil saya")
_KIND_WORDS = {
    "pregnancy": re.compile(r"\b(bumil|ibu\s+hamil|hamil|meteng|wong\s+meteng)\b", re.IGNORECASE),
    "transport": re.compile(r"\b(jemput\w*|jek-?mil)\b", re.IGNORECASE),
    "rantang_kasih": re.compile(r"\b(rantang|makan\s+lansia)\b", re.IGNORECASE),
    "complaint": re.compile(r"\b(pengaduan|aduan\w*|pengaduanku|ngadu)\b", re.IGNORECASE),
}


def named_case(cases: list[dict], text: str) -> dict | None:
    """The latest of ``cases`` the words name, by document ("yang KIA kenapa ditolak pak?")
    or by kind ("laporan bumil saya"); None when they name none of them."""
    from actions.helpers import catalogue

    bare = re.sub(r"(?<=\w)(nya|ne|ku)\b", "", text or "", flags=re.IGNORECASE)  # "aktanya", "ktpku"
    documents = set(catalogue.documents_named(text)) | set(catalogue.documents_named(bare))
    kinds = {k for k, pattern in _KIND_WORDS.items() if pattern.search(text or "")}
    for case in cases:  # newest first
        if case["kind"] == "document" and case["data"].get("document_type") in documents:
            return case
        if case["kind"] in kinds:
            return case
    return None


def list_text(db, cases: list[dict]) -> str:
    # round 18 m7: an alarm the villager withdrew was listed as "ditolak"
    items = [f"{c['ref']} {short_label(c)}: {status_label(db, c).replace(' oleh Bapak/Ibu', '')}" for c in cases]
    return join_within(["Permohonan Bapak/Ibu:", "; ".join(items) + ".",
                               "Ketik CEK dan nomornya untuk rincian."], TWO_SEGMENTS, keep=2)


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
        cases = store.list_cases(db, phone=phone, limit=10)
        named = named_case(cases, latest_text(tracker))
        cases = [named] if named else cases[:3]
        if not cases:
            dispatcher.utter_message(text=NONE_YET)
        elif len(cases) == 1:
            dispatcher.utter_message(text=one_case_text(db, cases[0]))
        else:
            dispatcher.utter_message(text=list_text(db, cases))
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
