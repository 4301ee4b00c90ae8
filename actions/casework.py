"""Cases opened from a conversation: the action server's store handle and ``open_case``
for the sender of a tracker. The workflow itself (route, notify, officers' notices) is
``bot.core.workflow``."""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker import conversation_attachments, request_opening, sender_channel, sender_phone
from bot.core import settings, store, workflow
from bot.core.workflow import officer_message, route  # noqa: F401  (used by the services)

_DBS: dict = {}


def db():
    """The process's one store handle (re-opened when the settings point elsewhere)."""
    path = str(settings.current().db_path)
    handle = _DBS.get(path)
    if handle is None:
        store.ensure(path)
        handle = store.open_db(path)
        _DBS[path] = handle
    return handle


def reset_db() -> None:
    """Forget cached handles (tests that switch ``DATA_DIR``)."""
    for handle in _DBS.values():
        with contextlib.suppress(sqlite3.Error):
            handle.close()
    _DBS.clear()


def notify_officers(case: dict, officers: Sequence[dict], body: str) -> int:
    """Send ``body`` to each officer through the queue; returns how many were queued."""
    return workflow.notify_officers(db(), case, officers, body)


def open_case(
    kind: str,
    tracker: Tracker,
    *,
    village: str | None,
    district: str | None,
    data: dict | None,
    notify_roles: Iterable[str],
    summary: str,
    share_contact: bool = True,
    summary_for: dict[str, str] | None = None,
) -> dict:
    """Create a case for the sender, route it and tell the officers (``workflow.open_case``).
    Another request or question the villager made on the way (slot ``other_request``) goes
    with it, so the officers see it too (round 5: "Mohon dijemput saat persalinan" was lost);
    so do the photos and the pin sent on the way, asked for or not (``with_attachments``)."""
    data, summary = with_attachments(tracker, dict(data or {}), summary)
    data, summary = with_opening(kind, tracker, data, summary)
    note = " ".join(str(tracker.get_slot("case_note") or "").split())[:300]
    if note:  # "YA. Catatan: nomor tsb HP suami" (round 9): the note goes with the case
        data = {**(data or {}), "reporter_note": note}
        summary = f"{summary} Catatan pelapor: \"{note}\""  # not in a role's shorter page: it may hold health data
    also = " ".join(str(tracker.get_slot("other_request") or "").split())[:160]
    if also and also[:60] in " ".join(summary.split()):
        also = ""  # the complaint's story already quotes it (round 8, finding 9: quoted twice)
    if also:
        data = {**(data or {}), "also_asked": also}
        summary = f"{summary} Juga ditulis warga: \"{also}\""
        summary_for = {role: f"{text} Juga ditulis warga: \"{also}\"" for role, text in (summary_for or {}).items()} \
            or None
    return workflow.open_case(
        db(), kind, sender_phone(tracker), sender_channel(tracker), village=village, district=district,
        data=data, notify_roles=notify_roles, summary=summary, share_contact=share_contact,
        summary_for=summary_for)


# Kinds whose case already carries the villager's own words (a complaint's story, an emergency's
# page, a handover's messages).
OWN_WORDS_KINDS = frozenset({"complaint", "emergency", "handover"})
OPENING_MIN_WORDS = 8


def with_opening(kind: str, tracker: Tracker, data: dict, summary: str) -> tuple[dict, str]:
    """The villager's first message, when it told more than a request ("bumil 5 bulan, belum
    pernah periksa blas", "G5P4A0, riwayat perdarahan", "kadang seharian gak makan"), goes on
    the case and the officers' summary word for word: what the form's fields do not hold is not
    lost (round 6, finding 12)."""
    opening = " ".join((request_opening(tracker) or "").split())
    if kind in OWN_WORDS_KINDS or len(opening.split()) < OPENING_MIN_WORDS or opening in summary:
        return data, summary
    data = {**data, "first_message": opening[:1000]}
    return data, f"{summary} Pesan awal warga: \"{opening[:300]}\""


def with_attachments(tracker: Tracker, data: dict, summary: str) -> tuple[dict, str]:
    """A photo or a location pin the villager sent during the request, whatever was asked
    (a house for Rantang Kasih, the pick-up point of a ride, a KIA book), goes on the case
    (``data.photos``, ``data.location``) and the officers' summary names it. A service that
    keeps them itself (complaints) is not repeated. Roles with a summary of their own
    (``summary_for``: the police's part of a pregnancy) get none of it."""
    photos, pin = conversation_attachments(tracker)
    known = list(data.get("photos") or [])
    new = [url for url in photos if url not in known]
    if new:
        data["photos"] = known + new
        if not any(url in summary for url in known):
            summary += f" Foto: {new[0]}" + (f" (+{len(new) - 1})" if len(new) > 1 else "")
    if pin and not data.get("location"):
        data["location"] = pin
        link = f"https://maps.google.com/?q={pin['latitude']},{pin['longitude']}"
        if link not in summary:
            summary += f" Lokasi: {link}"
    return data, summary


# After a case filed by a number that sent STOP: the officers' news will not come by message.
OPTED_OUT_NOTE = "Nomor ini sudah STOP, jadi kabar dari petugas tidak kami kirim. Ketik START agar dapat kabar."


def come_back(dispatcher: CollectingDispatcher, tracker: Tracker, form: str | None = None) -> list:
    """After a case: the other request the villager made mid-form ("mau tanya ktp juga"), which
    the form promised to come back to, is named again with the way to it; a question we know
    ("niki mbayar mboten?", data/faq.yml) is answered instead. The slot is cleared."""
    request = tracker.get_slot("other_request")
    cleared = [SlotSet("case_note", None)] if tracker.get_slot("case_note") else []
    if store.is_opted_out(db(), sender_phone(tracker)):  # round 20 L3: "akan menghubungi", and then silence
        dispatcher.utter_message(text=OPTED_OUT_NOTE)
    return cleared + _come_back(dispatcher, tracker, form, request) if request else cleared


def _come_back(dispatcher: CollectingDispatcher, tracker: Tracker, form: str | None, request: str) -> list:
    from nlu import faq

    known = faq.answer(str(request), form) if faq.is_question(str(request)) else None
    if known:
        dispatcher.utter_message(text=known)
        return [SlotSet("other_request", None)]
    words = " ".join(str(request).split())
    told = [" ".join(v.split()) for k, v in tracker.slots.items() if k != "other_request" and isinstance(v, str)]
    if any(words[:60] in t for t in told):
        return [SlotSet("other_request", None)]  # it became the case's own story (round 11 L1): no echo
    words = words if len(words) <= 60 else words[:57].rstrip() + "..."
    # "YA" to it sends the request again as her message (bot.followup.asked_again, round 10 F14)
    dispatcher.utter_message(response="utter_other_request_reminder", request=words)
    return [SlotSet("other_request", None)]
