"""Ride reminders (JEK-MIL): the day before a pick-up, the villager is reminded.

The transport action schedules ``remind(ref)`` at ``reminder_time(pickup, now)``; the
worker runs it. A closed case gets no reminder.
"""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from bot.core import outbound, store
from bot.core import settings as config
from bot.core.clock import WIB, format_wib, to_wib
from bot.core.kinds import OPEN_STATUSES

log = logging.getLogger(__name__)

JOB = "bot.core.reminders.remind"
REMINDER_HOUR = 17  # the reminder goes out at 17.00 WIB the day before


def reminder_time(pickup: datetime, now: datetime) -> datetime | None:
    """17.00 WIB the day before the pick-up; None when that moment has passed."""
    pickup = to_wib(pickup)
    at = datetime.combine(pickup.date() - timedelta(days=1), time(REMINDER_HOUR, 0), WIB)
    if at <= to_wib(now):
        return None
    return at


def queue(ref: str, at: datetime | None) -> bool:
    """Queue ``remind(ref, due=at)`` for ``at``: the one way a ride's reminder is scheduled (at
    booking, and when the ride is moved). False when there is no time or the queue is down."""
    if at is None:
        return False
    try:
        outbound.schedule(JOB, ref, at=at, due=at.isoformat())
        return True
    except Exception:  # the queue being down must not lose the booking
        log.exception("could not schedule the reminder of %s", ref)
        return False


def reminder_body(case: dict) -> str:
    data = case.get("data") or {}
    when = format_wib(datetime.fromisoformat(data["pickup_at"])) if data.get("pickup_at") else "besok"
    return (f"Pengingat {case['ref']}: jemput ibu hamil ke {data.get('destination') or 'tujuan'} "
            f"{when}. Mohon siap di {data.get('pickup') or 'tempat jemput'}. Bila batal, mohon kabari bidan desa.")


def remind(ref: str, due: str | None = None) -> str:
    """RQ job: remind the villager of tomorrow's ride (unless the case was closed, or the ride
    was moved since: ``due`` is the reminder time this job was scheduled for)."""
    path = config.current().db_path
    store.ensure(path)
    db = store.open_db(path)
    try:
        case = store.get_case(db, ref)
        if case is None:
            return "missing"
        if case["status"] not in OPEN_STATUSES:
            return "closed"
        if due is not None and (case.get("data") or {}).get("reminder_at") != due:
            return "moved"
        outbound.notify(case["phone"], reminder_body(case), channel=case.get("channel") or "whatsapp",
                        case_ref=ref)
        store.add_case_event(db, ref, "bot", "pengingat_dikirim")
        return "sent"
    finally:
        db.close()
