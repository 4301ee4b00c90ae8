"""What the latest turn says: who wrote, on which channel, the text, intent and entities,
and slot values before it. Pure readers of a rasa_sdk ``Tracker``."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from actions.helpers.options import as_numbers
from bot.core import phones
from bot.core.menu import choice_digit
from nlu.emergency import detect, detect_in_pregnancy, mentions_pregnancy, words_of


def message_metadata(tracker: Tracker) -> dict:
    """The webhook's metadata of the latest user message (channel, phone, media, location)."""
    latest = tracker.latest_message or {}
    meta = latest.get("metadata") or {}
    return meta if isinstance(meta, dict) else {}

def message_location(tracker: Tracker) -> dict | None:
    """A WhatsApp location pin sent with the latest message (webhook metadata), if any."""
    return _pin_of(message_metadata(tracker))


def _pin_of(meta: dict) -> dict | None:
    lat, lon = meta.get("latitude"), meta.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        return {"latitude": float(lat), "longitude": float(lon)}
    except (TypeError, ValueError):
        return None


def request_user_events(tracker: Tracker) -> list[dict]:
    """The user turns of the current request, oldest first: those since the last form ended
    (the form that just ended, before its submit action, is this request's) or the session began."""
    turns: list[dict] = []
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "session_started" or (kind == "active_loop" and not event.get("name") and turns):
            break
        if kind == "user":
            turns.append(event)
    return turns[::-1]


def conversation_attachments(tracker: Tracker) -> tuple[list[str], dict | None]:
    """The photos (URLs) and the first location pin the villager sent during the current
    request (``request_user_events``), whatever question they came with, asked or not."""
    photos: list[str] = []
    pin: dict | None = None
    for event in request_user_events(tracker):
        meta = event.get("metadata") or {}
        if not isinstance(meta, dict):
            continue
        for url in meta.get("media") or []:
            if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in photos:
                photos.append(url)
        pin = pin or _pin_of(meta)
    return photos, pin


def _activating(tracker: Tracker, turns: list[dict]) -> dict:
    """The user turn that started the request's form, else its first turn (round 17: a goat's
    bleeding sent before "rabi isun lagi meteng" became the pregnancy report's first message)."""
    events = tracker.events or []
    start = next((i for i, e in enumerate(events) if e is turns[0]), 0)
    last_user, active = None, None
    for event in events[start:]:
        if event.get("event") == "user":
            last_user = event
        elif event.get("event") == "active_loop":
            if event.get("name") and not active and last_user is not None:
                return last_user
            active = event.get("name")
    return turns[0]


def request_opening(tracker: Tracker) -> str | None:
    """The villager's first words of the current request (for a webhook payload, the words it
    stood for), or None when it was a keyword or a menu number."""
    turns = request_user_events(tracker)
    if not turns:
        return None
    opener = _activating(tracker, turns)
    text = (opener.get("text") or "").strip()
    if text.startswith("/"):
        meta = opener.get("metadata") or {}
        text = str(meta.get("text") or "").strip() if isinstance(meta, dict) else ""
    return text or None


PHOTO_KEPT = "Foto sudah kami terima untuk petugas."
PIN_KEPT = "Lokasi sudah kami terima untuk petugas."  # a pin sent unasked (round 27: only a re-prompt)
# The fields a bare pin or photo may answer (each validator reads it); at any other question it
# is kept on the case (casework.with_attachments), acknowledged, and the question asked again.
ATTACHMENT_SLOTS = frozenset({"village", "hml_dusun", "rks_dusun", "complaint_dusun", "complaint_photo",
                              "jek_pickup"})
# A photo's caption that says what the photo shows ("surat rujukan bidan", "foto KTP"): no name,
# no desa.
# "ini kuitansinya mas, gak ada capnya" (round 18: read as a desa): with a suffix too
_PHOTO_CAPTION = re.compile(r"\b(foto|poto|gambar|surat|rujukan|ktp|kk|kartu|buku|kia|hasil|lab|usg|resep|kwitansi|"
                            r"kuitansi|nota|cap|stempel|bukti|struk|scan|skrinsut|screenshot|ss)(?:nya|ne|e|ku|mu)?\b",
                            re.IGNORECASE)


def photo_caption(tracker: Tracker, value) -> bool:
    """Whether the answer is the caption of a photo sent with it that says what it shows."""
    return bool(message_metadata(tracker).get("media")) and bool(_PHOTO_CAPTION.search(str(value or "")))


def sender_phone(tracker: Tracker) -> str:
    """E.164 phone of the sender: metadata ``phone``, else the sender id without ``whatsapp:``."""
    phone = message_metadata(tracker).get("phone")
    return phones.bare(phone or tracker.sender_id or "")


def sender_channel(tracker: Tracker) -> str:
    """``sms`` or ``whatsapp``: metadata ``channel``, else guessed from the sender id."""
    channel = (message_metadata(tracker).get("channel") or "").lower()
    if channel in (phones.SMS, phones.WHATSAPP):
        return channel
    return phones.split_address(tracker.sender_id)[1]


def latest_text(tracker: Tracker) -> str:
    """The latest user text; for the webhook's payloads ("/cancel", "/ask_menu", ...) the words
    the payload stands for when the pipeline sent them along (metadata ``text``), else ""."""
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    if text.startswith("/"):
        return str(message_metadata(tracker).get("text") or "").strip()
    return text

def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")

def latest_entity(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)

def slot_before_latest_message(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest user message (what this turn set is ignored)."""
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    value = None
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == name:
            value = event.get("value")
        elif event.get("event") in ("restart", "session_started"):
            value = None
    return value


def typed(value: Any) -> str:
    """A form answer as the villager typed it.

    Right after the menu the webhook turns a bare digit into the menu's intent
    ("2" -> "/report_pregnancy"); when a form question was asked in the same reply,
    that digit was meant for the form, so the payload is turned back into it.
    """
    text = str(value if value is not None else "").strip()
    if text.startswith("/"):
        return choice_digit(text) or text
    return text


def answer_text(tracker: Tracker, value: Any) -> str:
    """The text a form answer came from (the slot value as text when it is not the latest message)."""
    text = latest_text(tracker)
    return text if text and not text.startswith("/") else str(value or "")

def form_activating(tracker: Tracker) -> bool:
    """True while a form's validation runs for the message that started it.

    (Rasa passes the tracker with the ``ActiveLoop`` event already applied, so the
    active loop cannot tell; but no slot has been requested yet.)
    """
    return tracker.get_slot("requested_slot") is None


# Intents that never count as the answer to a form question: the form is
# rejected and the rules take over (BATAL, MENU, an emergency).
ESCAPE_INTENTS = frozenset({"cancel", "ask_menu", "pregnancy_emergency"})

# Of those, the ones that only the webhook's keywords should trigger (BATAL -> "/cancel",
# MENU -> "/ask_menu"): when the NLU predicts them for typed text ("Ani" taken for
# ask_menu), the text is the answer after all. An emergency always escapes.
KEYWORD_ONLY_INTENTS = frozenset({"cancel", "ask_menu"})

def last_question(tracker: Tracker) -> str:
    """What the bot asked right before the latest user message ('' when nothing)."""
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "bot" and event.get("text"):
            return event["text"]
    return ""


# Forms about a pregnant woman, and forms about someone who is not one (an elder).
PREGNANCY_FORMS = frozenset({"pregnancy_form", "transport_form", "emergency_form"})
NOT_A_MOTHER_FORMS = frozenset({"rantang_kasih_form"})


def escapes_form(tracker: Tracker) -> bool:
    """Whether the latest message leaves the form rather than answering it."""
    intent = latest_intent(tracker)
    if intent not in ESCAPE_INTENTS:
        return False
    raw = ((tracker.latest_message or {}).get("text") or "").strip()
    if raw.startswith("/") or not raw:
        return True  # the webhook's own payload (BATAL, MENU, the menu's "3")
    if intent in KEYWORD_ONLY_INTENTS:
        return False  # typed text the NLU took for MENU/BATAL: the answer after all
    return obstetric_in_context(tracker.active_loop_name, raw, last_question(tracker))


def obstetric_in_context(form: str | None, text: str, question: str = "") -> bool:
    """Whether a message the NLU calls a pregnancy emergency is one, given the form it came in
    and the question just asked.

    * A danger sign the safety net recognises in a form about a pregnant woman: always.
    * Words that answer a numbered question just asked ("bengkak dan darah tinggi" to "Kehamilan
      ini ada: ... 4 bengkak+darah tinggi"), with no such sign: the answer, not an alarm.
    * In a form about a pregnant woman, words with no danger sign at all (a landmark for the
      pick-up): the answer - the classifier alone does not page the midwife mid-form.
    * In a form about someone who is not a mother (Rantang Kasih, for an elder): only when a
      pregnancy, labour or birth is named - "sakit tapi bisa jalan" answers "Kondisi beliau?".
    * In any other form (documents, complaints, a handover): a danger sign the safety net
      recognises (bleeding, seizure... of a woman), or a pregnancy named; otherwise the words
      are the answer to the question just asked.
    """
    words = words_of(text, boundaries=True)
    if not form:
        return True
    if told_of_the_past(words, question):
        return False
    # in a form about a pregnant woman the pregnancy goes without saying ("keluar darah banyak")
    if form in PREGNANCY_FORMS and detect_in_pregnancy(words) is not None:
        return True
    if question and as_numbers(text, question) is not None:
        return False
    if form in PREGNANCY_FORMS:
        # no danger sign even for a pregnant woman ("omah cat ijo sebelah toko bu har" for the
        # pick-up): the classifier's alarm is the answer to the question, not an emergency
        return False
    if form in NOT_A_MOTHER_FORMS:
        return mentions_pregnancy(words)
    return detect(words) is not None or mentions_pregnancy(words)


# A question about earlier pregnancies ("Dulu pernah: 1 sesar ... 5 keguguran?"), and the words of
# an obstetric history ("sesar", "diinfus"): their answers tell the past. Round 6: "keguguran", the
# history question's own option word, paged the midwife and the police.
_PAST_QUESTION = re.compile(r"\b(dulu|pernah|riwayat|sebelumnya|kehamilan sebelum)\b", re.IGNORECASE)
HISTORY = frozenset({"sesar", "operasi", "vakum", "tang", "dirogoh", "infus", "diinfus", "transfusi", "kuret"})
NOW = frozenset({"sekarang", "saiki", "lagi", "sedang", "masih", "tolong", "darurat", "segera", "cepat",
                 "barusan", "tadi", "terus", "banyak"})


def told_of_the_past(words: list[str], question: str = "") -> bool:
    """Whether an answer tells of earlier pregnancies, not of now: the question asked about the
    past, or the answer names the history's own words, and nothing in it says now ("keguguran"
    to "Dulu pernah ...?"; "bukan sesar tapi perdarahan diinfus"). "masih keluar darah banyak",
    "tolong" or "sekarang" keep the alarm."""
    if any(w in NOW for w in words):
        return False
    return bool(question and _PAST_QUESTION.search(question)) or any(w in HISTORY for w in words)


# Slots the form machinery itself sets, or that hold_place keeps: never held here.
_NOT_HELD = frozenset({"requested_slot", "retry_prompt", "retry_count", "village", "district", "village_choices",
                       "village_prompt"})


def hold_answers(tracker: Tracker) -> dict:
    """Fields are filled only by answers to their question. Call first in a form's
    ``get_validation_events``: a candidate this turn for a field answered before, while the
    form asked another (a KTP named while answering the NIK of a KK request), is dropped and
    the earlier answer kept. Returns {slot: kept value} to set again."""
    requested = tracker.get_slot("requested_slot")
    if not requested:
        return {}
    n = len(tracker.events)
    while n and tracker.events[n - 1].get("event") == "slot":
        n -= 1  # the slot candidates are the trailing slot events
    held: dict = {}
    for event in tracker.events[n:]:
        name = event.get("name")
        if name in _NOT_HELD or name == requested:
            continue
        before = slot_before_latest_message(tracker, name)
        if before is not None and event.get("value") != before:
            held[name] = before
    if held:
        tracker.events[n:] = [e for e in tracker.events[n:] if e.get("name") not in held]
        tracker.slots.update(held)
    return held
