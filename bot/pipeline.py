"""One message's way after it was stored and de-duplicated, whatever carried it:
keywords ("3 Darurat" after the menu: one question first) -> the answer to that question (the
emergency, with the villager's words) -> officer commands -> the emergency net (a danger sign
skips the next three) -> handover -> a withdrawn false alarm -> a follow-up on an open case ->
Rasa -> replies fitted to the channel.

Channel-agnostic and free of Flask: the Twilio route calls ``process`` today; a queue
consumer or another channel's webhook can call it the same way.
"""
from __future__ import annotations

import json
import logging
from dataclasses import replace

import redis

from bot import (
    emergency_menu,
    emergency_net,
    false_alarm,
    followup,
    handover,
    keywords,
    officer_commands,
    rasa_client,
    state,
)
from bot.core import menu, outbound, store
from bot.core.channels import InboundMessage
from bot.core.kinds import kind
from bot.core.redis_client import get_redis
from bot.core.settings import Settings
from bot.core.sms import MAX_BODY, fit, one_segment
from bot.core.store import review, stats
from nlu import places
from nlu.requests import asks_about_case, instead_of, instead_request, new_request, status_question
from nlu.village_office import levy_story
from nlu.violence import discloses_violence

log = logging.getLogger(__name__)

# Replies of the pipeline itself (GSM-7, one SMS segment each).
OPTED_OUT = (
    "Baik, Bapak/Ibu tidak akan menerima pesan lagi dari layanan ini. "
    "Ketik MULAI untuk menerima pesan lagi."
)
OPTED_IN = "Terima kasih, Bapak/Ibu akan menerima pesan lagi dari layanan ini. Ketik MENU untuk daftar layanan."
HELD = " {n} pesan petugas yang tertahan kami kirim sekarang."
SLIPPED = ("Baik, STOP dibatalkan: Bapak/Ibu tetap menerima pesan. Permintaan tadi terhenti, mohon tulis lagi "
           "keperluannya.")
UNAVAILABLE = (
    "Maaf Bapak/Ibu, layanan sedang gangguan. Mohon coba lagi beberapa saat lagi. "
    "Bila darurat, telepon 112."
)
EMPTY = "Maaf Bapak/Ibu, pesan kosong. Tulis keperluan Bapak/Ibu atau ketik MENU."
TOO_LONG = "Maaf Bapak/Ibu, pesan terlalu panjang. Mohon tulis lebih singkat, atau ketik MENU."


class RasaDown(Exception):
    """Rasa could not answer this turn (the RasaError is its cause)."""


def fitted(replies: list[str], channel: str) -> list[str]:
    """The replies made ready for the channel (GSM-7 on SMS), empty ones dropped."""
    return [fit(text, channel) for text in replies if text and text.strip()]


def noted(note: str, replies: list[str]) -> list[str]:
    """``note`` before the replies: in the first one when both fit one SMS segment."""
    if replies and one_segment(f"{note} {replies[0]}"):
        return [f"{note} {replies[0]}", *replies[1:]]
    return [note, *replies]


def log_replies(db, msg: InboundMessage, message_id: int, texts: list[str]) -> list[int]:
    """Log the replies to ``msg`` (row ``message_id``; fitted already) as its carrier will send
    them: ``sent`` when they go back in the webhook's answer (Twilio's TwiML), else ``queued``
    for ``send_replies``."""
    status = "sent" if outbound.answers_inline(msg.provider) else "queued"
    return [store.log_message(db, "out", msg.channel, msg.phone, text, status=status, provider=msg.provider,
                              reply_to=message_id) for text in texts]


def send_replies(msg: InboundMessage, ids: list[int], texts: list[str]) -> None:
    """Queue the logged replies of a carrier that does not answer inline (a local gateway);
    an emergency's (its DRT ref in the text) go ahead of everyone's ordinary replies."""
    if not ids or outbound.answers_inline(msg.provider):
        return
    ref_mark = kind("emergency").prefix + "-"
    try:
        outbound.dispatch(ids, msg.provider, urgent=any(ref_mark in text.upper() for text in texts))
    except outbound.OutboundError:  # the rows say failed; the villager's next message tries again
        log.error("replies %s not queued", ids)


STATUS_PAYLOAD = "/check_status"
# The report forms that "aku mung takon, dudu lapor" ends (a question in a document or complaint
# form is a side question, answered inside it).
ASKING_ENDS = frozenset({"pregnancy_form"})
# The service asked instead of the form under way (nlu.requests.instead_request), as its payload.
INSTEAD_PAYLOADS = {"document": "/request_document", "complaint": "/file_complaint",
                    "transport": "/request_pregnancy_transport", "pregnancy": "/report_pregnancy",
                    "rantang": "/enroll_rantang_kasih"}
# What the villager is told of the form a request in its place ended.
DROPPED = {"pregnancy_form": "Laporan ibu hamil tadi tidak dilanjutkan.",
           "document_form": "Permohonan dokumen tadi tidak dilanjutkan.",
           "transport_form": "Permintaan jemput tadi tidak dilanjutkan.",
           "rantang_kasih_form": "Pendaftaran Rantang Kasih tadi tidak dilanjutkan.",
           "complaint_form": "Pengaduan tadi tidak dilanjutkan.", None: "Permintaan tadi tidak dilanjutkan."}
# Requests told in words that the classifier reads as something else, sent as their payload with
# the words along, first match wins:
# "yang KIA kenapa ditolak pak?": the status of her cases, never a new application;
# "bojoku seneng mukul aku": a complaint with the SAPA 129 line, never a goodbye;
# "kemarin ngurus surat di kantor desa dimintai uang 50 ribu": a complaint above the accused
# office, never "belum ada permohonan".
WORDED = ((asks_about_case, STATUS_PAYLOAD), (discloses_violence, emergency_net.COMPLAINT_PAYLOAD),
          (levy_story, emergency_net.COMPLAINT_PAYLOAD))


def asks_for_something(text: str) -> bool:
    """Whether words said with a BATAL ask for a service, a case or its state."""
    return bool(text) and (new_request(text) or status_question(text) or asks_about_case(text)
                           or store.parse_ref(text) is not None)


def worded_payload(text: str | None) -> str | None:
    return next((payload for said, payload in WORDED if text and said(text)), None)


LATER = "(later)"  # the intent is read after the reply (record_intent)


def process(db, settings: Settings, r: redis.Redis, msg: InboundMessage, message_id: int,
            intent_later: bool = False, flags: tuple[bool, str | None] | None = None) -> list[str]:
    """Everything after de-duplication; returns the replies, fitted and logged (the caller
    keeps them for a retried MessageSid: ``state.Held.finish``). ``flags``: the turn's flags
    when ``state.begin`` took them already (``respond``).

    Raises ``RasaDown`` when Rasa could not answer (the message may be processed again).
    """
    replies, intent, confidence = respond(db, settings, r, msg, message_id, flags=flags)
    out = fitted(replies, msg.channel)
    fields = {"status": "processed"}
    if stats.not_understood(out):  # "belum kami pahami": a fallback for the console, whatever the NLU said
        fields["not_understood"] = 1
    if intent and intent != LATER:
        fields.update(intent=intent, confidence=confidence)
    with db.atomic():  # the replies and the answered row: one commit
        ids = log_replies(db, msg, message_id, out)
        store.update_message(db, message_id, **fields)
    send_replies(msg, ids, out)
    if intent == LATER and not intent_later:  # else the worker reads it (bot.inbox.record_intents)
        record_intents(db, settings, msg.phone, [message_id])
    return out


def flags_wanted(msg: InboundMessage) -> tuple[bool, bool]:
    """Whether ``respond`` reads the turn's flags for ``msg`` (not for an empty or too long
    message, answered before), and the pending question with them (not for MULAI)."""
    if (not msg.text and not msg.media and msg.latitude is None) or len(msg.text) > MAX_BODY:
        return False, False
    plain = keywords.match(msg.text)
    return True, not (plain and plain.kind == "opt_in")


def respond(
    db, settings: Settings, r: redis.Redis, msg: InboundMessage, message_id: int, extra: dict | None = None,
    flags: tuple[bool, str | None] | None = None,
) -> tuple[list[str], str | None, float | None]:
    """The replies to ``msg`` and the intent (name, confidence) they answered. ``extra`` goes
    to Rasa with the metadata of the turn (the inbox: the ref of an emergency opened without it);
    ``flags``: ``state.pop_turn_flags``' answer when the caller took them (``flags_wanted``)."""

    def turn(text: str, meta: dict | None = None):
        return rasa_turn(db, settings, r, msg, message_id, text, extra={**(extra or {}), **(meta or {})})

    if not msg.text and not msg.media and msg.latitude is None:
        return [EMPTY], None, None
    if len(msg.text) > MAX_BODY:
        return [TOO_LONG], None, None

    # The menu flag and the pending "3 Darurat" question, read and cleared in one round trip.
    # The answer to that question; STOP, MENU and BATAL end it (MULAI leaves it open: an
    # opt-in is one whether or not the menu was just shown).
    plain = keywords.match(msg.text)
    if flags is None:
        flags = state.pop_turn_flags(r, msg.phone, take_question=not (plain and plain.kind == "opt_in"))
    menu_shown, asked = flags
    keyword = keywords.match(msg.text, menu_just_shown=True) if menu_shown else plain
    if keyword and keyword.kind == "ask_emergency":
        if asked:  # the menu's "3" leaves a pending question as it was (ask() replaces it)
            state.ask_emergency_question(r, msg.phone, asked)
        if emergency_menu.ask(settings, r, msg):
            return [emergency_menu.QUESTION], "emergency_question", 1.0
        return turn(keyword.payload,  # no job to watch it: page now
                         meta={"text": emergency_menu.NO_ANSWER_TEXT})
    if asked and (keyword is None or (keyword.payload == keywords.CANCEL_PAYLOAD and not keywords.exact_cancel(msg.text))):
        # "ora sido mas" to "apa yang terjadi?": a withdrawal of the choice, answered as one
        return answer_emergency_question(db, settings, r, msg, message_id, asked)
    if keyword and keyword.kind == "opt_out":
        store.set_opt_out(db, msg.phone, True, channel=msg.channel)
        log.info("message %s: opt-out stored", message_id)
        end_form(settings, msg)
        return [OPTED_OUT], "stop", 1.0
    if keyword is None and keywords.slipped_stop(msg.text) and store.is_opted_out(db, msg.phone):
        store.set_opt_out(db, msg.phone, False, channel=msg.channel)  # "sepurane, kepencet STOP" (round 22)
        held = outbound.resend_held(db, msg.phone, settings)
        return [SLIPPED + (HELD.format(n=held) if held else "")], "start", 1.0
    if keyword and keyword.kind == "opt_in":
        store.set_opt_out(db, msg.phone, False, channel=msg.channel)
        held = outbound.resend_held(db, msg.phone, settings)  # officers' replies blocked by the STOP
        return [OPTED_IN + (HELD.format(n=held) if held else "")], "start", 1.0

    if keyword is None:
        handled = officer_commands.handle(db, settings, msg)
        if handled is not None:
            return list(handled), "officer_commands", 1.0
        danger = emergency_net.alarm(db, msg)
        again = (followup.asked_again(db, msg) or followup.ride_again(db, msg)) if danger is None else None
        if again:  # "YA" to "Tadi Bapak/Ibu juga menulis: ...": that request now; "podo kyok mau": a ride again
            return turn(again, meta={"text": msg.text})
        if danger is None:  # a danger sign is never swallowed by a pause or a follow-up
            for handler in (handover.handle, false_alarm.handle, followup.handle):
                handled = handler(db, settings, msg)
                if handled is not None:
                    return list(handled), handler.__module__.rsplit(".", 1)[-1], 1.0
        if danger == "context":
            return turn(emergency_net.EMERGENCY_PAYLOAD,
                             meta={"text": msg.text})
        if danger is None:
            rest = keywords.cancel_then(msg.text)
            wanted = None if rest else instead_request(msg.text)  # words first: Rasa is asked only then
            if rest:  # "batal pak. sy mau cek yg DOK-0003": the form ends, then the rest is read when it
                # asks for something ("mboten sios mas, piyambakipun sampun lapor ...": a reason, round 28)
                cancelled = turn(keywords.CANCEL_PAYLOAD, meta={"text": msg.text})
                if not asks_for_something(rest):
                    return cancelled
                msg = replace(msg, text=rest)
            elif wanted and instead_of(wanted, form := rasa_client.active_form(settings, msg.phone)):
                # "eh sebentar, aku mau lapor jalan rusak aja" (round 25): the form ends, the new service
                # starts with the words (round 26: "... ngurus KK anyar wae" alone was read as no service);
                # the villager is told the first one was dropped (round 27)
                turn(keywords.CANCEL_PAYLOAD, meta={"text": msg.text})
                replies, intent, confidence = turn(places.with_village(INSTEAD_PAYLOADS[wanted], msg.text),
                                                   meta={"text": msg.text})
                return noted(DROPPED.get(form, DROPPED[None]), replies), intent, confidence
            elif (reason := keywords.cancel_within(msg.text)) is not None:
                # "wis lah mas, batal ae, mengko tak omongno pak RT dewe": the form ends; the reason
                # is read only when it asks for something ("..., gak jadi, mau cek DOK-0003")
                cancelled = turn(keywords.CANCEL_PAYLOAD, meta={"text": msg.text})
                if not asks_for_something(reason):
                    return cancelled
                rest, msg = reason, replace(msg, text=reason)
            if not rest and keywords.declines(msg.text) and in_a_form(settings, msg):
                return turn(keywords.CANCEL_PAYLOAD, meta={"text": msg.text})  # "kulo mboten nyuwun jemputan"
            if not rest and keywords.only_asking(msg.text) and rasa_client.active_form(settings, msg.phone) in ASKING_ENDS:
                return turn(keywords.CANCEL_PAYLOAD, meta={"text": msg.text})  # "aku mung takon mbak, dudu lapor"
            payload = worded_payload(msg.text)
            if payload and (rest or not in_a_form(settings, msg)):  # inside a form, words are an answer
                return turn(places.with_village(payload, msg.text), meta={"text": msg.text})
        text = keywords.strip_command(msg.text)
        if not text:
            text = "[lokasi]" if msg.latitude is not None else ("[foto]" if msg.media else "")
        if not text:
            return [EMPTY], None, None
    else:
        text = keyword.payload

    return turn(text)


def answer_emergency_question(db, settings: Settings, r: redis.Redis, msg: InboundMessage, message_id: int,
                              token: str):
    """Whatever the villager answered "DARURAT: apa yang terjadi...?" is the emergency, sent with
    those words (a pin or a photo too), unless it plainly takes the choice back."""
    if emergency_net.withdraws(msg.text):
        return [emergency_menu.WITHDRAWN], "emergency_withdrawn", 1.0
    words = msg.text.strip() or ("[lokasi]" if msg.latitude is not None else "[foto]")
    try:
        return rasa_turn(db, settings, r, msg, message_id, emergency_net.EMERGENCY_PAYLOAD, extra={"text": words})
    except RasaDown:
        state.ask_emergency_question(r, msg.phone, token)  # Twilio's retry or the job still pages
        raise


def in_a_form(settings: Settings, msg: InboundMessage) -> bool:
    """Whether Rasa is in the middle of a form for this contact (then text stays text)."""
    return rasa_client.in_a_form(settings, msg.phone)


def end_form(settings: Settings, msg: InboundMessage) -> None:
    """STOP also ends the form in progress (a silent /cancel to Rasa; its reply is not sent)."""
    try:
        rasa_client.send(msg.phone, keywords.CANCEL_PAYLOAD, {"channel": msg.channel, "phone": msg.phone},
                         settings=settings)
    except rasa_client.RasaError as exc:
        log.info("opt-out stored; the form was not ended (%s)", type(exc).__name__)


def rasa_turn(db, settings: Settings, r: redis.Redis, msg: InboundMessage, message_id: int, text: str,
              extra: dict | None = None):
    """One turn through Rasa's REST channel: (replies, intent, confidence), or RasaDown.
    ``extra`` adds to the metadata (the villager's words behind a payload: ``text``)."""
    metadata = {
        "channel": msg.channel,
        "phone": msg.phone,
        "media": msg.media,
        "latitude": msg.latitude,
        "longitude": msg.longitude,
        "message_id": message_id,
        **(extra or {}),
    }
    try:
        answer = rasa_client.send(msg.phone, text, metadata, settings=settings)
    except rasa_client.RasaError as exc:
        log.error("message %s: Rasa failed: %s", message_id, exc)
        store.update_message(db, message_id, error=f"rasa: {exc}")
        state.release_message(r, msg.message_sid)  # a retry of this message may be processed
        raise RasaDown(str(exc)) from exc
    replies = [text for text in (rasa_client.render(reply) for reply in answer) if text]
    if not replies and actions_down(settings):
        # Rasa answers nothing when its action server is gone: the turn did nothing; it waits
        # in the inbox and runs again (bot/inbox.py resends turns marked "actions")
        store.update_message(db, message_id, error="rasa: actions down")
        raise RasaDown("actions down")
    if menu.shows_menu(replies):  # else nothing to write: respond() cleared the flag at the turn's start
        state.set_menu_shown(r, msg.phone, True)
    if text.startswith("/"):
        return replies, text[1:], 1.0
    return replies, LATER, None  # read from the tracker after the reply (record_intent)


def actions_down(settings: Settings) -> bool:
    try:
        rasa_client.action_server_health(settings)
        return False
    except rasa_client.RasaError:
        return True


# Where Rasa's RedisTrackerStore (bot/tracker_store.py, endpoints.yml) keeps a contact's tracker:
# rasa.core.tracker_store.DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX + sender id (a test keeps them equal).
TRACKER_KEY_PREFIX = "tracker:"


def stored_events(settings: Settings, phone: str) -> list[dict] | None:
    """The events of the contact's tracker read straight from the tracker store in Redis (the
    dialogue Rasa serialises there), so reading intents costs Rasa nothing; None when the
    tracker is not there or cannot be read."""
    try:
        raw = get_redis(settings.redis_url).get(TRACKER_KEY_PREFIX + phone)
        if raw is None:
            return None
        events = json.loads(raw).get("events")
    except (redis.RedisError, ValueError, AttributeError) as exc:
        log.info("tracker not read from Redis (%s)", type(exc).__name__)
        return None
    return events if isinstance(events, list) else None


def record_intents(db, settings: Settings, phone: str, message_ids: list[int]) -> int:
    """The intent and confidence of each of ``message_ids``' turns, from the user events that
    carry them in the contact's tracker (one read for them all), written on their rows;
    returns how many were found."""
    events = stored_events(settings, phone)
    if events is None:  # not in Redis (expired, another tracker store): Rasa's HTTP API
        try:
            events = rasa_client.tracker(settings, phone, include_events="AFTER_RESTART").get("events") or []
        except rasa_client.RasaError as exc:
            log.info("%d message(s): no intent recorded (%s)", len(message_ids), type(exc).__name__)
            return 0
    wanted, found = set(message_ids), 0
    for event in events:
        message_id = (event.get("metadata") or {}).get("message_id") if event.get("event") == "user" else None
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if message_id in wanted and intent.get("name"):
            store.update_message(db, message_id, intent=intent["name"], confidence=intent.get("confidence"))
            found += 1
            try:  # a message the model was unsure of goes to the console's review inbox
                review.consider(db, message_id, intent["name"], intent.get("confidence"))
            except Exception:  # the inbox must never cost the intent itself
                log.exception("message %s: not added to the review inbox", message_id)
    return found
