"""The ``svc`` fixture of the action tests: a tmp database and the messages and jobs the
actions would queue, captured instead (trackers and domain: ``trackers.py``)."""
from __future__ import annotations

import pytest

from actions import casework
from bot.core import outbound, store


class Services:
    """What a test sees of the services: the database, the cases, and what was queued.

    ``notified``: ``{"to", "body", "channel", "case_ref"}`` per ``outbound.notify``;
    ``scheduled``: ``{"func", "args", "at", "in_seconds"}`` per ``outbound.schedule``.
    """

    def __init__(self):
        self.notified: list[dict] = []
        self.scheduled: list[dict] = []

    def notify(self, to_phone, body, channel="whatsapp", case_ref=None):
        self.notified.append({"to": to_phone, "body": body, "channel": channel, "case_ref": case_ref})

    def schedule(self, func_path, *args, at=None, in_seconds=None, **kwargs):
        self.scheduled.append({"func": func_path, "args": args, "at": at, "in_seconds": in_seconds})

    @staticmethod
    def db():
        return casework.db()

    def case(self, ref: str) -> dict | None:
        return store.get_case(casework.db(), ref)

    def to(self, phone: str) -> list[dict]:
        """The notifications sent to ``phone``."""
        return [n for n in self.notified if n["to"] == phone]


@pytest.fixture
def svc(tmp_path, monkeypatch):
    """A tmp DATA_DIR (a fresh database handle), emergencies acknowledged within 3 seconds,
    and ``outbound.notify``/``outbound.schedule`` recorded on the returned ``Services``, not queued."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EMERGENCY_ACK_SECONDS", "3")
    casework.reset_db()
    services = Services()
    monkeypatch.setattr(outbound, "notify", services.notify)
    monkeypatch.setattr(outbound, "schedule", services.schedule)
    yield services
    casework.reset_db()
