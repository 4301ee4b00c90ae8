"""Helpers of the console data tests: a clock that can be set, and conversations built
through the store's own functions (log_message, update_message, workflow)."""
from __future__ import annotations

from datetime import datetime

from bot.core import clock, store

WIB = clock.WIB
# The directory's midwife of Jambewangi (data/officers.csv); OFFICER_2 is in no directory.
OFFICER = {"phone": "+6285200001174", "role": "bidan", "name": "Bidan Desa Jambewangi", "village": "Jambewangi",
           "district": "Sempu"}
OFFICER_2 = {"phone": "+6281300000002", "role": "operator", "name": "Pak Carik", "village": "Sumberarum",
             "district": "Songgon"}

# The columns the console's migration (m005_console) gives the review table.
NLU_REVIEW = {"id": int, "message_id": int, "text": str, "predicted_intent": str, "confidence": float, "status": str,
              "corrected_intent": str, "entities": str, "reviewed_by": str, "reviewed_at": str}


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


class Clock:
    """``clock.now`` (and with it now_iso/today, which every store function uses) set by hand."""

    def __init__(self, monkeypatch, start: datetime):
        self.at = start
        monkeypatch.setattr(clock, "now", lambda: self.at)

    def set(self, when: datetime) -> None:
        self.at = when


def say(db, phone: str, body: str, *, channel: str = "sms", intent: str | None = None,
        confidence: float | None = None, direction: str = "in", case_ref: str | None = None) -> int:
    """A message as the webhook stores it, with the intent the worker writes back later."""
    message_id = store.log_message(db, direction, channel, phone, body, case_ref=case_ref,
                                   status="processed" if direction == "in" else "queued")
    if intent is not None:
        store.update_message(db, message_id, intent=intent, confidence=confidence)
    return message_id


def ensure_nlu_review(db) -> None:
    """The console's review table, when this branch's migrations do not make it."""
    if not db["nlu_review"].exists():
        db["nlu_review"].create(NLU_REVIEW, pk="id")
