""""3 Darurat" from the menu: one question before anyone is paged, and no silence after it.

The menu's emergency item is answered with ``QUESTION`` (one SMS segment: what is happening,
in which desa, and 112) and the contact is marked (``state.ask_emergency_question``); no case
is opened yet. The villager's next message is the emergency: ``bot.pipeline`` sends it to
Rasa as ``/pregnancy_emergency`` with the words in metadata ``text``, so the case is opened
and the officers paged at once with those words (BATAL, STOP and MENU end the question; an
answer that plainly takes the choice back gets ``WITHDRAWN``).

A question never answered must not leave a possible emergency unheard: ``ask`` schedules
``no_answer`` (RQ, ``EMERGENCY_MENU_WAIT_SECONDS`` later), which runs the same emergency turn
with ``NO_ANSWER_TEXT`` when the question is still pending and sends Rasa's replies to the
villager through the outbound queue.

The worker preloads this module: no Flask, no rasa_sdk, no ``nlu`` here.
"""
from __future__ import annotations

import logging

import redis
from rq import Retry, get_current_job

from bot import rasa_client, state
from bot.core import menu, outbound, store
from bot.core import settings as config
from bot.core.channels import InboundMessage
from bot.core.phones import mask
from bot.core.redis_client import get_redis
from bot.core.settings import Settings

log = logging.getLogger(__name__)

JOB = "bot.emergency_menu.no_answer"
PAYLOAD = menu.MENU_CHOICES[menu.EMERGENCY_CHOICE]  # "/pregnancy_emergency"
# Rasa down when the job runs: try again (the question stays pending meanwhile).
RETRY_INTERVALS = [30, 60, 120]

# Replies to the villager (GSM-7, one SMS segment each: tests/unit/test_emergency_menu.py).
QUESTION = ("DARURAT: apa yang terjadi pada ibu, dan di desa mana? Jawaban Bapak/Ibu langsung kami "
            "teruskan ke bidan. Bila sangat gawat, telp 112 (gratis) sekarang.")
WITHDRAWN = "Baik, tidak kami teruskan ke petugas. Bila ada yang gawat, telp 112 (gratis). Ketik MENU untuk layanan lain."
NOT_REACHED = ("Maaf, layanan sedang gangguan. Bila ada yang gawat, segera telp 112 (gratis) atau ke "
               "puskesmas terdekat. Balas apa yang terjadi, kami teruskan ke petugas.")
# What the officers read when the villager chose DARURAT and said nothing more.
NO_ANSWER_TEXT = "(memilih DARURAT dari menu, belum menjawab)"


def ask(settings: Settings, r: redis.Redis, msg: InboundMessage) -> bool:
    """Mark the question pending and schedule ``no_answer``; False when the job could not be
    scheduled (then nothing is pending: the caller pages at once rather than wait unwatched)."""
    token = msg.message_sid
    state.ask_emergency_question(r, msg.phone, token)
    try:
        outbound.schedule(JOB, msg.phone, msg.channel, token, in_seconds=settings.emergency_menu_wait_seconds,
                          retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS))
    except Exception:  # Redis or RQ of any kind
        log.exception("emergency question for %s not scheduled: paging now", mask(msg.phone))
        state.take_emergency_question(r, msg.phone, token)
        return False
    return True


def metadata(phone: str, channel: str, text: str, message_id: int | None = None) -> dict:
    """The metadata of an emergency turn the villager's message did not carry."""
    return {"channel": channel, "phone": phone, "media": [], "latitude": None, "longitude": None,
            "message_id": message_id, "text": text}


def no_answer(phone: str, channel: str, token: str) -> str:
    """RQ job: the question ``token`` is still pending -> the emergency turn through Rasa with
    ``NO_ANSWER_TEXT``, its replies to the villager. Returns "answered" (nothing to do),
    "paged" or "not_reached" (Rasa never answered: the villager is told to call 112)."""
    settings = config.current()
    r = get_redis(settings.redis_url)
    with state.sender_lock(r, phone):  # not while a message of the contact is being answered
        if state.take_emergency_question(r, phone, token) is None:
            return "answered"
        try:
            answer = rasa_client.send(phone, PAYLOAD, metadata(phone, channel, NO_ANSWER_TEXT), settings=settings)
        except rasa_client.RasaError as exc:
            state.ask_emergency_question(r, phone, token)  # still pending: a retry or an answer takes it
            job = get_current_job()
            if job is not None and job.retries_left:
                log.warning("emergency question of %s: Rasa failed (%s), will retry", mask(phone), exc)
                raise
            log.error("emergency question of %s: Rasa failed (%s), the villager is told 112", mask(phone), exc)
            outbound.notify(phone, NOT_REACHED, channel)
            return "not_reached"
        replies = [text for text in (rasa_client.render(reply) for reply in answer) if text]
        state.set_menu_shown(r, phone, menu.shows_menu(replies))
    for text in replies:
        outbound.notify(phone, text, channel, case_ref=store.parse_ref(text))
    log.info("emergency question of %s unanswered: paged, %d repl(ies) queued", mask(phone), len(replies))
    return "paged"
