""""3 Darurat" from the menu (bot/emergency_menu.py, bot/pipeline.py): one question before
anyone is paged, the answer pages with the villager's words, and no answer pages anyway.
Through the signed webhook with a stubbed Rasa (the `rasa` fixture) and a real Redis."""
from __future__ import annotations

import pytest
from rq.job import Job

from bot import emergency_menu, emergency_net, rasa_client, state
from bot.core import menu, outbound, sms, store
from bot.core.redis_client import get_redis
from bot.db import get_db
from tests.unit.test_webhook import make_form, post, replies, rows

PHONE = "+6281234567890"
ANSWER = "istri sy pendarahan di jambewangi"


def redis_of(app):
    return get_redis(app.config["SETTINGS"].redis_url)


def show_menu(client, rasa, phone=PHONE, **form):
    rasa.replies = [{"text": menu.markers()[0] + " ..."}]
    replies(post(client, make_form(phone=phone, body="menu", **form)))
    rasa.turns.clear()
    rasa.replies = [{"text": "Darurat dicatat DRT-0001."}]


def choose_emergency(client, rasa, text="3", phone=PHONE, **form) -> list[str]:
    show_menu(client, rasa, phone, **form)
    return replies(post(client, make_form(phone=phone, body=text, **form)))


def scheduled_job(app) -> Job:
    queue = outbound.get_queue()
    ids = queue.scheduled_job_registry.get_job_ids()
    jobs = [Job.fetch(i, connection=queue.connection) for i in ids]
    jobs = [j for j in jobs if j.func_name == emergency_menu.JOB]
    assert len(jobs) == 1, ids
    return jobs[0]


# --------------------------------------------------------------------------- the question


@pytest.mark.parametrize("text", ["3", "tiga", "yg nomer tiga"])
def test_the_emergency_item_asks_one_question_and_pages_nobody(app, client, rasa, text):
    assert choose_emergency(client, rasa, text) == [emergency_menu.QUESTION]
    assert rasa.turns == []  # no case, no page: Rasa has not been asked
    assert state.emergency_question_pending(redis_of(app), PHONE)
    job = scheduled_job(app)
    assert job.args[:2] == (PHONE, "sms")
    at = outbound.get_queue().scheduled_job_registry.get_scheduled_time(job)
    assert 170 <= (at - job.created_at).total_seconds() <= 190  # EMERGENCY_MENU_WAIT_SECONDS
    assert rows(app, direction="in")[-1]["intent"] == "emergency_question"


def test_the_question_is_one_gsm7_segment():
    for text in (emergency_menu.QUESTION, emergency_menu.WITHDRAWN, emergency_menu.NOT_REACHED):
        assert sms.is_gsm7(text) and sms.one_segment(text), text
    assert "112" in emergency_menu.QUESTION and "desa" in emergency_menu.QUESTION


# --------------------------------------------------------------------------- the answer


def test_the_answer_pages_at_once_with_the_villagers_words(app, client, rasa):
    choose_emergency(client, rasa)
    assert replies(post(client, make_form(body=ANSWER))) == ["Darurat dicatat DRT-0001."]
    (turn,) = rasa.turns
    assert turn["text"] == "/pregnancy_emergency" and turn["metadata"]["text"] == ANSWER
    assert turn["metadata"]["phone"] == PHONE and turn["metadata"]["channel"] == "sms"
    assert not state.emergency_question_pending(redis_of(app), PHONE)
    # the next message is an ordinary one again
    replies(post(client, make_form(body="terima kasih")))
    assert rasa.turns[-1]["text"] == "terima kasih"


@pytest.mark.parametrize("answer", ["tulung bojoku getihen", "3", "cepat!!", "halo"])
def test_whatever_the_answer_says_it_is_the_emergency(app, client, rasa, answer):
    choose_emergency(client, rasa)
    replies(post(client, make_form(body=answer)))
    assert [(t["text"], t["metadata"]["text"]) for t in rasa.turns] == [("/pregnancy_emergency", answer)]


def test_a_pin_as_the_answer_pages_with_the_location(app, client, rasa):
    choose_emergency(client, rasa, whatsapp=True)
    replies(post(client, make_form(body="", whatsapp=True, Latitude="-8.21", Longitude="114.25")))
    (turn,) = rasa.turns
    assert turn["text"] == "/pregnancy_emergency" and turn["metadata"]["text"] == "[lokasi]"
    assert (turn["metadata"]["latitude"], turn["metadata"]["longitude"]) == (-8.21, 114.25)


def test_a_photo_as_the_answer_pages(app, client, rasa):
    choose_emergency(client, rasa, whatsapp=True)
    replies(post(client, make_form(body="", whatsapp=True, NumMedia="1", MediaUrl0="https://api.twilio.com/m/1")))
    (turn,) = rasa.turns
    assert turn["metadata"]["text"] == "[foto]" and turn["metadata"]["media"] == ["https://api.twilio.com/m/1"]


@pytest.mark.parametrize("answer", ["salah pencet", "maaf kepencet pak", "bukan darurat", "keliru, maksud saya 4",
                                    "ora sido mas"])
def test_an_answer_that_takes_the_choice_back_pages_nobody(app, client, rasa, answer):
    choose_emergency(client, rasa)
    assert replies(post(client, make_form(body=answer))) == [emergency_menu.WITHDRAWN]
    assert rasa.turns == []
    assert not state.emergency_question_pending(redis_of(app), PHONE)


@pytest.mark.parametrize("keyword, to_rasa", [("BATAL", "/cancel"), ("gak jadi", "/cancel"), ("MENU", "/ask_menu"),
                                              ("STOP", "/cancel")])
def test_batal_menu_and_stop_end_the_question_as_today(app, client, rasa, keyword, to_rasa):
    choose_emergency(client, rasa)
    replies(post(client, make_form(body=keyword)))
    assert [t["text"] for t in rasa.turns] == [to_rasa]
    assert not state.emergency_question_pending(redis_of(app), PHONE)


def test_rasa_down_on_the_answer_pages_without_rasa(app, client, rasa):
    """Issue 9: the answer does not wait for Rasa: the case is opened and the officers paged."""
    choose_emergency(client, rasa)
    rasa.error = rasa_client.RasaUnavailable("down")
    got = replies(post(client, make_form(body=ANSWER)))
    assert got[0].startswith("DARURAT") and "DRT-0001" in got[1]
    assert not state.emergency_question_pending(redis_of(app), PHONE)
    with app.app_context():
        case = store.get_case(get_db(), "DRT-0001")
    assert case["data"]["opened_without_rasa"] and case["village"] == "Jambewangi"


def test_no_job_scheduled_pages_at_once(app, client, rasa, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis gone")

    monkeypatch.setattr(outbound, "schedule", broken)
    assert choose_emergency(client, rasa) == ["Darurat dicatat DRT-0001."]
    (turn,) = rasa.turns
    assert turn["text"] == "/pregnancy_emergency" and turn["metadata"]["text"] == emergency_menu.NO_ANSWER_TEXT
    assert not state.emergency_question_pending(redis_of(app), PHONE)


# --------------------------------------------------------------------------- no answer: the job


def test_the_job_pages_when_the_question_is_still_pending(app, client, rasa, notices):
    choose_emergency(client, rasa)
    job = scheduled_job(app)
    rasa.replies = [{"text": "DARURAT: segera ke puskesmas atau telp 112."},
                    {"text": "Laporan DRT-0001 dicatat. Di desa mana?"}]
    assert emergency_menu.no_answer(*job.args) == "paged"
    (turn,) = rasa.turns
    assert turn["sender"] == PHONE and turn["text"] == "/pregnancy_emergency"
    assert turn["metadata"]["text"] == "(memilih DARURAT dari menu, belum menjawab)"
    assert turn["metadata"]["channel"] == "sms"
    assert notices == [(PHONE, "DARURAT: segera ke puskesmas atau telp 112.", "sms", None),
                       (PHONE, "Laporan DRT-0001 dicatat. Di desa mana?", "sms", "DRT-0001")]
    assert not state.emergency_question_pending(redis_of(app), PHONE)
    # a message after the job is an ordinary one
    replies(post(client, make_form(body="jambewangi")))
    assert rasa.turns[-1]["text"] == "jambewangi"


def test_the_job_does_nothing_after_an_answer(app, client, rasa, notices):
    choose_emergency(client, rasa)
    job = scheduled_job(app)
    replies(post(client, make_form(body=ANSWER)))
    rasa.turns.clear()
    assert emergency_menu.no_answer(*job.args) == "answered"
    assert rasa.turns == [] and notices == []


def test_the_job_does_nothing_after_a_withdrawal_or_batal(app, client, rasa, notices):
    choose_emergency(client, rasa)
    job = scheduled_job(app)
    replies(post(client, make_form(body="salah pencet")))
    assert emergency_menu.no_answer(*job.args) == "answered"
    assert rasa.turns == [] and notices == []


def test_an_old_job_never_takes_a_newer_question(app, client, rasa, notices):
    choose_emergency(client, rasa)
    old = scheduled_job(app)
    outbound.get_queue().scheduled_job_registry.remove(old)
    replies(post(client, make_form(body="MENU")))  # the first question ends
    choose_emergency(client, rasa)  # and a second one is asked
    rasa.turns.clear()
    assert emergency_menu.no_answer(*old.args) == "answered"
    assert rasa.turns == [] and state.emergency_question_pending(redis_of(app), PHONE)
    assert emergency_menu.no_answer(*scheduled_job(app).args) == "paged"


def test_the_job_with_rasa_down_tells_the_villager_112_and_keeps_the_question(app, client, rasa, notices):
    choose_emergency(client, rasa)
    job = scheduled_job(app)
    rasa.error = rasa_client.RasaUnavailable("down")
    assert emergency_menu.no_answer(*job.args) == "not_reached"  # run outside RQ: no retry left
    assert notices == [(PHONE, emergency_menu.NOT_REACHED, "sms", None)]
    assert state.emergency_question_pending(redis_of(app), PHONE)  # the next message still pages
    rasa.error = None
    replies(post(client, make_form(body=ANSWER)))
    assert [(t["text"], t["metadata"]["text"]) for t in rasa.turns][-1] == ("/pregnancy_emergency", ANSWER)


# --------------------------------------------------------------------------- the withdrawal rule (pure)


@pytest.mark.parametrize("text", ["salah pencet", "slh pencet mas", "Kepencet pak, maaf", "tdk jadi", "ora sido",
                                  "bukan darurat", "keliru", "salah tekan", "maaf mas tadi salah pencet, maksud saya 4",
                                  "mboten wonten nopo2"])
def test_plain_withdrawals(text):
    assert emergency_net.withdraws(text)


@pytest.mark.parametrize("text", [ANSWER, "tidak jadi ke bidan, sakit terus", "bukan darurat tapi tolong",
                                  "salah pencet, istri saya mau lahiran", "keliru, ketuban sudah pecah", "salah",
                                  "tidak jadi melahirkan di rumah", "halo", ""])
def test_no_withdrawal_when_someone_may_be_ill(text):
    assert not emergency_net.withdraws(text)
