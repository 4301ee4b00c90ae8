"""A form's question left unanswered is reminded once (bot/nudge.py; round 9, finding 10: a
clear complaint about a street light reached nobody after she stopped at the desa question)."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from bot import nudge
from bot.core import clock, sms, store

PHONE, OTHER = "+6281234500011", "+6281234500012"
QUESTION = "Di desa mana lampu jalan itu? Contoh: Jambewangi."


def said(db, phone, body, minutes_ago, direction="in"):
    at = (clock.now() - timedelta(minutes=minutes_ago)).isoformat(timespec="seconds")
    message_id = store.log_message(db, direction, "sms", phone, body, status="processed")
    with db.conn:
        db.execute("UPDATE messages SET created_at = ? WHERE id = ?", [at, message_id])
    return message_id


@pytest.fixture
def form(rasa, tmp_path, monkeypatch, tmp_db):
    monkeypatch.setattr("bot.core.settings.current",
                        lambda: SimpleNamespace(db_path=tmp_path / "t.db", form_nudge_minutes=20))
    rasa.active_loop = "complaint_form"
    rasa.events = [{"event": "user", "text": "lampu jalan mati"}, {"event": "bot", "text": QUESTION}]
    return rasa


def test_a_question_left_open_is_reminded_once_with_that_question(tmp_db, notices, form):
    said(tmp_db, PHONE, "lampu jalan depan masjid mati udah sebulan, bahaya buat anak2 pulang ngaji", 26)
    last = said(tmp_db, PHONE, "iya", 25)
    said(tmp_db, PHONE, QUESTION, 25, direction="out")
    said(tmp_db, OTHER, "Jambewangi", 5)  # too recent
    settings = SimpleNamespace(form_nudge_minutes=20)
    assert nudge.due(tmp_db, settings) == [(PHONE, last)]
    assert nudge.sweep(tmp_db, settings) == 1
    ((to, body, channel, _),) = notices
    assert to == PHONE and channel == "sms" and QUESTION in body and body.endswith("ketik BATAL.")
    assert sms.one_segment(body) and body.startswith(nudge.PREFIX)
    said(tmp_db, PHONE, body, 0, direction="out")  # outbound.notify logs it (faked here)
    assert nudge.nudge(PHONE, last) == "reminded"  # once per silence
    assert nudge.sweep(tmp_db, settings) == 0 and len(notices) == 1


def test_no_reminder_after_an_answer_without_a_form_or_when_switched_off(tmp_db, notices, form):
    first = said(tmp_db, PHONE, "lampu jalan mati", 30)
    said(tmp_db, PHONE, "Jambewangi", 25)
    assert nudge.nudge(PHONE, first) == "answered"
    assert nudge.due(tmp_db, SimpleNamespace(form_nudge_minutes=0)) == []
    assert nudge.due(tmp_db, SimpleNamespace(form_nudge_minutes=40)) == []  # not yet
    assert [p for p, _ in nudge.due(tmp_db, SimpleNamespace(form_nudge_minutes=10))] == [PHONE]
    form.active_loop = None  # the form ended: nothing to remind
    assert nudge.sweep(tmp_db, SimpleNamespace(form_nudge_minutes=20)) == 0 and notices == []
    old = said(tmp_db, OTHER, "lampu", 20 + nudge.WINDOW_MINUTES + 5)  # found too late: left alone
    assert (OTHER, old) not in nudge.due(tmp_db, SimpleNamespace(form_nudge_minutes=20))


def test_an_opted_out_contact_is_not_reminded(tmp_db, notices, form):
    last = said(tmp_db, PHONE, "lampu jalan mati", 25)
    store.set_opt_out(tmp_db, PHONE, True)
    assert nudge.nudge(PHONE, last) == "opted out" and notices == []


@pytest.mark.parametrize("question", [QUESTION, "x" * 150, "y" * 400, None])
def test_the_reminder_is_at_most_two_segments(question):
    text = nudge.body(question)
    assert sms.segments(text) <= 2 and text.endswith("ketik BATAL.")
    assert (question or "") in text or sms.segments(f"{nudge.SHORT_HEAD} {question} {nudge.TAIL}") > 2
