"""A booked ride moved or called off in words changes the case itself (bot/rides.py, round 9
finding 4: the case still said 08.00, the old reminder stayed, the call-off was only text)."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest

from bot import followup, rides
from bot.core import clock, outbound, reminders, store
from bot.core.channels import InboundMessage

VILLAGER = "+6281200000078"
COORDINATOR = "+6285200008041"  # Koordinator JEK-MIL Kec. Genteng


def msg(text, **kw):
    return InboundMessage(channel="whatsapp", phone=VILLAGER, text=text, message_sid="SM1", **kw)


@pytest.fixture
def scheduled(monkeypatch):
    jobs: list[tuple] = []
    monkeypatch.setattr(outbound, "schedule", lambda func, *args, at=None, **kw: jobs.append((func, args, at, kw)))
    return jobs


def _ride(db, days: int = 2, hour: int = 8):
    pickup = datetime.combine(clock.today() + timedelta(days=days), time(hour, 0), clock.WIB)
    remind_at = reminders.reminder_time(pickup, clock.now())
    return store.create_case(db, "transport", VILLAGER, "whatsapp", village="Setail", district="Genteng",
                             assigned_to=[COORDINATOR],
                             data={"pickup_at": pickup.isoformat(), "reminder_at": remind_at and remind_at.isoformat(),
                                   "destination": "RSUD Genteng", "pickup": "depan masjid"})


def test_a_new_hour_in_krama_moves_the_pickup_and_tells_the_coordinator(tmp_db, notices, rasa, scheduled):
    case = _ride(tmp_db)
    (reply,) = followup.handle(tmp_db, None, msg("nyuwun sewu, jemputipun dipun gantos jam setengah sedoso"))
    moved = store.get_case(tmp_db, case["ref"])
    at = datetime.fromisoformat(moved["data"]["pickup_at"])
    assert (at.date(), at.time()) == (clock.today() + timedelta(days=2), time(9, 30))
    assert reply.startswith(f"Waktu jemput {case['ref']} diubah ke ") and "jam 09.30 WIB" in reply
    assert store.case_events(tmp_db, case["ref"])[-1]["event"] == "waktu_jemput_diubah"
    ((to, body, *_),) = notices
    assert to == COORDINATOR and "jam 08.00 WIB -> " in body and "jam 09.30 WIB" in body
    assert scheduled == []  # the same evening before: the reminder already queued still fits
    assert moved["data"]["reminder_at"] == case["data"]["reminder_at"] and moved["status"] == "new"


def test_a_new_day_moves_the_reminder_and_the_old_one_stays_silent(tmp_db, notices, rasa, scheduled, monkeypatch,
                                                                   tmp_path):
    case = _ride(tmp_db, days=2)
    (reply,) = followup.handle(tmp_db, None, msg("mas, bisa diundur 3 hari lagi? jam 8 tetap"))
    assert reply.startswith("Waktu jemput") and "jam 08.00 WIB" in reply
    moved = store.get_case(tmp_db, case["ref"])
    assert moved["data"]["pickup_at"].startswith((clock.today() + timedelta(days=3)).isoformat())
    ((func, args, at, kw),) = scheduled
    assert func == reminders.JOB and args == (case["ref"],) and kw == {"due": at.isoformat()}
    assert at.isoformat() == moved["data"]["reminder_at"] != case["data"]["reminder_at"]
    monkeypatch.setattr("bot.core.settings.current", lambda: SimpleNamespace(db_path=tmp_path / "t.db"))
    assert reminders.remind(case["ref"], due=case["data"]["reminder_at"]) == "moved"
    assert not [n for n in notices if n[0] == VILLAGER]
    assert reminders.remind(case["ref"], due=moved["data"]["reminder_at"]) == "sent"
    assert notices[-1][0] == VILLAGER and "jam 08.00" in notices[-1][1]


@pytest.mark.parametrize("text", [
    "nyuwun pangapunten, jemputanipun mboten sios nggih",
    "gak sido dijemput mas, bojoku wis mari",
    "mas tolong batalkan jemputan besok ya",
    "ga jadi",
    "Ngapunten mboten sida mawon, garwa kula sampun dipun terke adhinipun",  # round 11: opened a complaint
])
def test_a_call_off_closes_the_ride_and_tells_the_coordinator(tmp_db, notices, rasa, scheduled, text):
    case = _ride(tmp_db)
    (reply,) = followup.handle(tmp_db, None, msg(text))
    assert reply == rides.CALLED_OFF.format(ref=case["ref"])
    closed = store.get_case(tmp_db, case["ref"])
    assert closed["status"] == "rejected" and store.case_events(tmp_db, case["ref"])[-1]["event"] == "dibatalkan_warga"
    ((to, body, *_),) = notices
    assert to == COORDINATOR and "DIBATALKAN warga" in body


@pytest.mark.parametrize("text", [
    "gak jadi jam 8 mas, jam 9 aja",  # a new time after the no: a move, not a call-off
    "bisa diganti jam sembilan?",
])
def test_a_no_with_a_new_time_is_a_move(tmp_db, notices, rasa, scheduled, text):
    case = _ride(tmp_db)
    (reply,) = followup.handle(tmp_db, None, msg(text))
    assert "diubah ke" in reply and store.get_case(tmp_db, case["ref"])["status"] == "new"
    assert "jam 09.00 WIB" in reply
    assert store.get_case(tmp_db, case["ref"])["data"]["pickup_at"].endswith("T09:00:00+07:00")


def test_a_change_without_a_time_we_can_read_is_forwarded_in_her_words(tmp_db, notices, rasa, scheduled):
    case = _ride(tmp_db)
    (reply,) = followup.handle(tmp_db, None, msg("bisa diganti tempat jemputnya ke rumah ibu saya?"))
    assert "teruskan" in reply and store.get_case(tmp_db, case["ref"])["data"]["pickup_at"] == case["data"]["pickup_at"]
    assert store.case_events(tmp_db, case["ref"])[-1]["event"] == "perubahan"


def test_a_past_time_or_a_ride_long_gone_changes_nothing(tmp_db, notices, rasa, scheduled):
    gone = _ride(tmp_db, days=-1)
    assert rides.open_ride(tmp_db, VILLAGER) is None
    assert rides.handle(tmp_db, msg("gak sido dijemput"), "gak sido dijemput", "warga") is None
    assert store.get_case(tmp_db, gone["ref"])["status"] == "new"


def test_inside_a_new_form_the_words_are_its_answers(tmp_db, notices, rasa, scheduled):
    _ride(tmp_db)
    assert rides.handle(tmp_db, msg("ganti jam 9"), "ganti jam 9", "warga", in_form=lambda: True) is None
    assert notices == []


@pytest.mark.parametrize("text", ["mangke kulo dipethuk jam pinten nggih?", "jemputan kulo JEK-0001 jam pinten?",
                                  "besok dijemput jam berapa mas?"])
def test_the_time_of_the_ride_asked_is_answered(tmp_db, notices, rasa, scheduled, text):
    """Round 10, c1: "mangke kulo dipethuk jam pinten nggih?" got "bukan layanan nomor ini"."""
    case = _ride(tmp_db, hour=13)
    (reply,) = followup.handle(tmp_db, None, msg(text))
    assert reply.startswith(f"Jemputan {case['ref']}: ") and "jam 13.00 WIB" in reply and "depan masjid" in reply
    assert notices == [] and store.get_case(tmp_db, case["ref"])["status"] == "new"
