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


def test_a_complaint_left_after_the_reminder_goes_to_the_regency_desk(tmp_db, notices, form):
    """Round 9, finding 10: her clear description reached nobody. An hour after the reminder
    went unanswered, the story becomes an ADU case for the regency's complaint desk."""
    form.slots = {"complaint_description": "lampu jalan depan masjid baiturrahman mati udah sebulan",
                  "complaint_category": "jalan_fasilitas"}
    last = said(tmp_db, PHONE, "iya", 20 + nudge.FILE_AFTER_MINUTES + 5)
    settings = SimpleNamespace(form_nudge_minutes=20)
    assert nudge.file_left(tmp_db, settings, PHONE, last) == "not reminded"  # never without a reminder first
    said(tmp_db, PHONE, nudge.HEAD, 20 + nudge.FILE_AFTER_MINUTES, direction="out")
    assert nudge.due(tmp_db, settings, after=nudge.FILE_AFTER_MINUTES) == [(PHONE, last)]
    nudge.sweep(tmp_db, settings)
    (case,) = store.list_cases(tmp_db, phone=PHONE, kind="complaint")
    assert case["data"]["incomplete"] is True and "baiturrahman" in case["data"]["description"]
    desk = [to for to, body, *_ in notices if "baiturrahman" in body]
    assert desk == ["+6285200008001"]  # Layanan Pengaduan Pemkab Banyuwangi
    assert form.turns[-1]["text"] == "/cancel"  # the form ends
    (told,) = [body for to, body, *_ in notices if to == PHONE]
    assert told == nudge.LEFT_FILED.format(ref=case["ref"])


def test_a_left_form_that_is_no_complaint_or_has_no_story_is_not_filed(tmp_db, notices, form):
    said(tmp_db, PHONE, "lampu", 90)
    last = said(tmp_db, PHONE, "iya", 85)
    said(tmp_db, PHONE, nudge.HEAD, 80, direction="out")
    form.slots = {"complaint_description": "lampu"}
    assert nudge.file_left(tmp_db, SimpleNamespace(form_nudge_minutes=20), PHONE, last) == "not a complaint"
    form.active_loop, form.slots = "document_form", {"complaint_description": "lampu jalan mati sebulan penuh"}
    assert nudge.file_left(tmp_db, SimpleNamespace(form_nudge_minutes=20), PHONE, last) == "not a complaint"
    assert store.list_cases(tmp_db, phone=PHONE) == [] and notices == []


def test_each_silence_is_looked_at_once_not_at_every_sweep(tmp_db, notices, form, redis_url, monkeypatch):
    """A contact stays due for an hour; Rasa's tracker is asked once, not once a minute."""
    from bot import rasa_client
    from bot.core.redis_client import get_redis

    get_redis(redis_url).flushdb()
    looks = []
    real = rasa_client.tracker
    monkeypatch.setattr(rasa_client, "tracker", lambda *a, **kw: looks.append(1) or real(*a, **kw))
    form.active_loop = None  # no form: nothing sent, but looked at
    said(tmp_db, PHONE, "lampu jalan mati", 25)
    settings = SimpleNamespace(form_nudge_minutes=20, redis_url=redis_url)
    assert nudge.sweep(tmp_db, settings) == 0 and nudge.sweep(tmp_db, settings) == 0
    assert len(looks) == 1 and notices == []
