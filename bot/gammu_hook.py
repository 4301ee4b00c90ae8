"""Gammu SMSD's side of the bot: the RunOnReceive hook, the reconciler and the CLI.

    python -m bot.gammu_hook config      write DATA_DIR/gammu/gammu-smsdrc (and the hook wrapper)
    python -m bot.gammu_hook receive     what SMSD runs after storing a message (RunOnReceive)
    python -m bot.gammu_hook reconcile   take in every stored message not yet in the inbox

The hook and the reconciler do the same thing (``take_in``): under a file lock, every message
in SMSD's inbox folder whose sid (``gammu:`` + its first file's name) is not yet a row of the
messages table is stored through ``inbox.accept`` as ``pending`` and its answer queued
(``answer``: the inbox's drain, through the same pipeline, keywords, Rasa and cases as a
Twilio message; replies go out through the outbound queue and ``sender_for`` to the modem).
SMSD ignores the hook's exit status and never runs it again, so the worker's sweep reconciles
(``reconcile``, at every worker start and every minute): nothing stored by SMSD is lost.

The hook never reads its arguments or SMS_* variables: SMSD passed the file names through
``sh -c`` and they hold the sender's number; the files are read here, in Python.

A status report SMSD stored in the inbox (``DeliveryReport = sms``; its file is named like a
message from the villager the report is about) is never a message: ``take_in`` keeps it as
a row of ``delivery_reports`` and maps it onto the outbound message it is about
(``bot.core.gammu_reports``); nothing is queued, no conversation opens.
"""
from __future__ import annotations

import logging
import re
import sys

from rq import Retry

from bot.core import gammu, gammu_reports, outbound, store
from bot.core import settings as config
from bot.core.channels import SMS, InboundMessage
from bot.core.phones import PhoneError, mask, normalise
from bot.core.settings import Settings
from bot.core.sms import MAX_BODY
from bot.core.store import reports as kept_reports

log = logging.getLogger(__name__)

ANSWER_JOB = "bot.gammu_hook.answer"
# As the inbox's drain: Rasa restarts in about a minute; keep trying for about half an hour.
ANSWER_RETRY = [5, 10, 20, 30, 60, 60, 120, 120, 300, 300, 300, 300, 300]
NOT_A_PHONE = "gammu: the sender is not a phone number"
PHONE_LIKE = re.compile(r"^\+?\d{5,15}$")


def taken_sids(db) -> set[str]:
    """The sids of the modem's messages already in the inbox, and of its status reports
    already kept (two queries)."""
    rows = db.execute("SELECT message_sid FROM messages WHERE direction = 'in' AND message_sid LIKE ?",
                      [gammu.SID_PREFIX + "%"]).fetchall()
    return {row[0] for row in rows} | kept_reports.report_sids(db, gammu.SID_PREFIX)


def store_received(db, message: gammu.Received) -> tuple[int, str | None]:
    """One received message into the inbox: (row id, phone to answer, or None when there is
    nobody to answer: an alphanumeric sender, kept as an error row)."""
    try:
        if not PHONE_LIKE.match(message.number):  # phonenumbers would read letters as a keypad's digits
            raise PhoneError("alphanumeric sender")
        phone = normalise(message.number)
    except PhoneError:
        row = store.log_message(db, "in", SMS, message.number[:40], message.text[:4 * MAX_BODY],
                                message_sid=message.sid, status="error")
        store.update_message(db, row, error=NOT_A_PHONE)
        return row, None
    from bot import inbox  # the web's inbox (accept: the unique index, a repeat kept as duplicate)

    msg = InboundMessage(channel=SMS, phone=phone, text=message.text[:4 * MAX_BODY], message_sid=message.sid,
                         raw={"files": list(message.files)}, provider=gammu.PROVIDER, parts=message.parts)
    row, repeat = inbox.accept(db, msg)
    if repeat:
        return row, None
    if flooding(db, msg, row):
        return row, None
    store.update_message(db, row, status="pending", error=None)  # the drain answers it, in order
    return row, phone


def flooding(db, msg: InboundMessage, row: int) -> bool:
    """The webhook's flood rule on the modem's path: more than SENDER_BURST messages from one
    number within 10 s are kept (``limited``), not answered one by one (each answer is an SMS
    the modem pays for); one polite note goes out. A danger sign always goes through. Redis
    down: no limit (every message is answered)."""
    from bot import inbound, state
    from bot.core.redis_client import get_redis

    settings = config.current()
    try:
        r = get_redis(settings.redis_url)
        count = state.burst(r, msg.phone)
        if not inbound.flooding(db, settings, msg, row, count):
            return False
        if state.first_flood_note(r, msg.phone):
            inbound.deliver(db, msg, row, inbound.fitted([inbound.FLOOD], msg.channel))
    except Exception as exc:  # noqa: BLE001 - no limit rather than no answer
        log.warning("flood check for %s not done (%s)", mask(msg.phone), type(exc).__name__)
        return False
    return True


def take_in(settings: Settings, *, min_age: float = 0.0) -> list[int]:
    """Every stored message not yet in the inbox, stored and its answer queued; the new row
    ids. A status report is kept and matched instead (``gammu_reports.record``)."""
    rows, phones = [], []
    base = gammu.folder(settings)
    with gammu.ingest_lock(settings):
        db = store.open_db(settings.db_path)
        try:
            skip = taken_sids(db)
            for message in gammu.inbox_messages(base / "inbox", skip=skip, min_age=min_age):
                if isinstance(message, gammu.StatusReport):
                    gammu_reports.record(db, base, message)
                    continue
                row, phone = store_received(db, message)
                rows.append(row)
                if phone:
                    phones.append(phone)
                log.info("SMS from %s taken in (%d part(s)): message %s", mask(message.number), message.parts, row)
        finally:
            db.close()
    for phone in dict.fromkeys(phones):
        queue_answer(settings, phone)
    return rows


def queue_answer(settings: Settings, phone: str) -> None:
    try:
        outbound.get_queue(settings).enqueue(
            ANSWER_JOB, phone, retry=Retry(max=len(ANSWER_RETRY), interval=ANSWER_RETRY),
            description=ANSWER_JOB, job_timeout=300)
    except Exception as exc:  # noqa: BLE001 - Redis down: the row is pending, the sweep answers it
        log.warning("answer for %s not queued (%s); the sweep will", mask(phone), type(exc).__name__)


def answer(phone: str) -> str:
    """RQ job: the contact's pending messages through the inbox's drain. While Rasa is down a
    danger sign does not wait (the case is opened and the officers paged, as for Twilio), the
    villager gets the one "received" note of the outage, and the job is retried."""
    from bot import inbox
    from bot.pipeline import RasaDown

    try:
        return inbox.drain(phone)
    except RasaDown:
        without_rasa(phone)
        raise


def without_rasa(phone: str) -> None:
    from bot import emergency_net, inbox

    settings = config.current()
    db = store.open_db(settings.db_path)
    try:
        replies: list[str] = []
        for row in store.pending_inbound(db, phone):
            msg = inbox.message_of(row)
            if emergency_net.alarm(db, msg) and not emergency_net.opened_for(db, row["id"]):
                replies += emergency_net.open_without_rasa(db, msg, row["id"])
        last = store.last_outbound(db, phone)
        if not replies and not (last and last["body"] == inbox.ACK):
            replies = [inbox.ACK]
    finally:
        db.close()
    for text in replies:
        outbound.notify(phone, text, channel=SMS)


def reconcile(settings: Settings | None = None) -> str:
    """From the worker's sweep: messages (and reports) the hook missed, the statuses of those
    sent, and the reports that found no message before."""
    settings = settings or config.current()
    if settings.sms_provider != gammu.PROVIDER:
        return "gammu off"
    rows = take_in(settings, min_age=gammu.SETTLE_SECONDS)
    with gammu.ingest_lock(settings):
        db = store.open_db(settings.db_path)
        try:
            changed = gammu.poll_statuses(db, settings)
            matched = gammu_reports.match_pending(db, gammu.folder(settings))
        finally:
            db.close()
    if rows:
        log.warning("reconciler took in %d message(s) the hook had missed", len(rows))
    return f"{len(rows)} taken in, {changed} statuses, {matched} late reports matched"


USAGE = "usage: python -m bot.gammu_hook config | receive | reconcile"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    command = argv[0] if argv else ""
    settings = config.load_settings(process="cli")
    config.use(settings)
    if command == "config":
        print(gammu.write_config(settings))
        return 0
    if command == "receive":  # SMSD's arguments (after a "#" in the rc anyway) are never read
        store.ensure(settings.db_path)
        take_in(settings)
        return 0
    if command == "reconcile":
        store.ensure(settings.db_path)
        print(reconcile(settings))
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
