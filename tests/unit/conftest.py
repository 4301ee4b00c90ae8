"""Fixtures of the unit layer on top of tests/conftest.py: a migrated database file and the
notices the outbound queue would send."""
from __future__ import annotations

import pytest

from bot.core import store


@pytest.fixture
def tmp_db(tmp_path):
    """A migrated store in a tmp file."""
    store.migrate(tmp_path / "t.db")
    return store.open_db(tmp_path / "t.db")


@pytest.fixture
def notices(monkeypatch):
    """What ``bot.core.outbound.notify`` was asked to send: (to, body, channel, case_ref) tuples."""
    import bot.core.outbound

    sent: list[tuple] = []
    monkeypatch.setattr(bot.core.outbound, "notify",
                        lambda to, body, channel="whatsapp", case_ref=None: sent.append((to, body, channel, case_ref)))
    return sent
