"""The console's overview figures (bot/core/store/stats.py), in WIB days."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core import store, workflow
from bot.core.store import stats
from tests.unit.console_data import OFFICER, OFFICER_2, Clock, say, wib

SITI = "+6281234500001"
BUDI = "+6281234500002"


@pytest.fixture
def db():
    db = store.open_db(None)
    store.upsert_contact(db, SITI, village="Jambewangi", district="Sempu")
    store.upsert_contact(db, BUDI, village="Sumberarum", district="Songgon")
    return db


def test_messages_per_day_by_channel_in_wib_days_without_gaps(db, monkeypatch):
    clock = Clock(monkeypatch, wib(2026, 11, 20, 23, 30))  # 16:30 UTC: still the 20th in WIB
    say(db, SITI, "halo")
    clock.set(wib(2026, 11, 21, 0, 15))  # the 20th in UTC, the 21st in WIB
    say(db, SITI, "mau bikin ktp")
    say(db, BUDI, "jalan rusak", channel="whatsapp")
    say(db, SITI, "Untuk KTP bawa KK", direction="out")  # the bot's reply is not a villager's message
    store.log_message(db, "in", "sms", SITI, "mau bikin ktp", status="duplicate")  # Twilio's retry: not counted
    late = say(db, BUDI, "masih rusak", channel="whatsapp")
    # a row an older writer stored in UTC: 18:00 UTC on the 22nd is 01:00 WIB on the 23rd
    store.update_message(db, late, created_at="2026-11-22T18:00:00+00:00")
    rows = stats.messages_per_day(db, date(2026, 11, 20), date(2026, 11, 23))
    assert rows == [
        {"day": "2026-11-20", "total": 1, "sms": 1, "whatsapp": 0},
        {"day": "2026-11-21", "total": 2, "sms": 1, "whatsapp": 1},
        {"day": "2026-11-22", "total": 0, "sms": 0, "whatsapp": 0},
        {"day": "2026-11-23", "total": 1, "sms": 0, "whatsapp": 1},
    ]
    both = stats.messages_per_day(db, date(2026, 11, 21), date(2026, 11, 21), direction=None)
    assert both[0]["sms"] == 2
    scoped = stats.messages_per_day(db, date(2026, 11, 20), date(2026, 11, 23), villages=["Sumberarum"])
    assert [r["total"] for r in scoped] == [0, 1, 0, 1]
    assert all(r["total"] == 0 for r in stats.messages_per_day(db, date(2026, 11, 20), date(2026, 11, 23),
                                                                villages=[]))


def test_the_default_range_is_the_last_30_days_to_today(db, monkeypatch):
    Clock(monkeypatch, wib(2026, 11, 30, 9, 0))
    say(db, SITI, "halo")
    rows = stats.messages_per_day(db)
    assert len(rows) == 30 and rows[0]["day"] == "2026-11-01" and rows[-1] == {
        "day": "2026-11-30", "total": 1, "sms": 1, "whatsapp": 0}


def test_intent_distribution_and_fallback_rate(db, monkeypatch):
    clock = Clock(monkeypatch, wib(2026, 11, 21, 8))
    say(db, SITI, "mau ktp", intent="request_document", confidence=0.95)
    say(db, SITI, "akte", intent="request_document", confidence=0.42)  # low confidence: a fallback
    say(db, BUDI, "pesan pizza", intent="out_of_scope", confidence=0.9)
    say(db, BUDI, "asdf", intent="nlu_fallback", confidence=0.3)
    say(db, BUDI, "belum dibaca worker")  # no intent yet: not counted
    clock.set(wib(2026, 11, 22, 8))
    say(db, SITI, "halo", intent="greet", confidence=0.99)
    assert stats.intent_distribution(db, date(2026, 11, 21), date(2026, 11, 22)) == [
        {"intent": "request_document", "count": 2, "share": 0.4},
        {"intent": "greet", "count": 1, "share": 0.2},
        {"intent": "nlu_fallback", "count": 1, "share": 0.2},
        {"intent": "out_of_scope", "count": 1, "share": 0.2},
    ]
    assert stats.intent_distribution(db, date(2026, 11, 21), date(2026, 11, 22), villages=["Jambewangi"])[0] == {
        "intent": "request_document", "count": 2, "share": round(2 / 3, 4)}
    assert stats.fallback_rate(db, date(2026, 11, 20), date(2026, 11, 22)) == [
        {"day": "2026-11-20", "classified": 0, "fallback": 0, "rate": None},
        {"day": "2026-11-21", "classified": 4, "fallback": 3, "rate": 0.75},
        {"day": "2026-11-22", "classified": 1, "fallback": 0, "rate": 0.0},
    ]
    # a stricter threshold counts the 0.9 out_of_scope still, and the 0.95 document not
    assert stats.fallback_rate(db, date(2026, 11, 21), date(2026, 11, 21), threshold=0.96)[0]["fallback"] == 4


def _cases(db, clock, notices):
    clock.set(wib(2026, 9, 10, 8))
    doc = store.create_case(db, "document", SITI, "sms", village="Jambewangi", district="Sempu",
                            data={"document_type": "ktp"})
    clock.set(wib(2026, 11, 1, 8))
    preg = workflow.open_case(db, "pregnancy", SITI, "sms", village="Jambewangi", district="Sempu",
                              data={"risk_level": "KRST"}, notify_roles=("bidan",), summary="ibu hamil")
    adu = store.create_case(db, "complaint", BUDI, "whatsapp", village="Sumberarum", district="Songgon")
    store.create_case(db, "complaint", BUDI, "whatsapp", village="Sumberarum", district="Songgon")
    return doc, preg, adu


def test_cases_by_kind_status_desa_and_per_month(db, monkeypatch, notices):
    clock = Clock(monkeypatch, wib(2026, 9, 1))
    doc, _, _ = _cases(db, clock, notices)
    clock.set(wib(2026, 11, 2, 8))
    workflow.close(db, store.get_case(db, doc["ref"]), OFFICER, "done", "KTP jadi")
    assert stats.cases_by(db, "kind") == [{"key": "complaint", "count": 2}, {"key": "document", "count": 1},
                                          {"key": "pregnancy", "count": 1}]
    assert stats.cases_by(db, "status") == [{"key": "new", "count": 3}, {"key": "done", "count": 1}]
    assert stats.cases_by(db, "village", villages=["Jambewangi"]) == [{"key": "Jambewangi", "count": 2}]
    assert stats.cases_by(db, "kind", start=date(2026, 11, 1)) == [{"key": "complaint", "count": 2},
                                                                    {"key": "pregnancy", "count": 1}]
    breakdown = stats.cases_breakdown(db, villages=["Sumberarum"])
    assert breakdown["kind"] == [{"key": "complaint", "count": 2}] and breakdown["status"] == [
        {"key": "new", "count": 2}]
    with pytest.raises(ValueError):
        stats.cases_by(db, "phone")
    months = stats.cases_per_month(db, months=4, until=date(2026, 11, 30))
    assert months == [
        {"month": "2026-08", "count": 0},
        {"month": "2026-09", "count": 1, "document": 1},
        {"month": "2026-10", "count": 0},
        {"month": "2026-11", "count": 3, "pregnancy": 1, "complaint": 2},
    ]
    assert [m["count"] for m in stats.cases_per_month(db, months=3, until=date(2026, 11, 5), villages=[])] == [0, 0, 0]


def test_median_time_to_the_first_officer_response_overall_and_per_officer(db, monkeypatch, notices):
    clock = Clock(monkeypatch, wib(2026, 11, 1, 8))
    doc, preg, adu = _cases(db, clock, notices)
    open_at = wib(2026, 11, 1, 8)
    # preg: the bot's own events, the villager's message and a notice do not count
    store.add_case_event(db, preg["ref"], "warga", "message", "halo?")
    clock.set(open_at + timedelta(minutes=30))
    workflow.accept(db, store.get_case(db, preg["ref"]), OFFICER)  # 30 min
    clock.set(open_at + timedelta(minutes=50))
    workflow.reply(db, store.get_case(db, preg["ref"]), OFFICER, "besok saya datang")  # not the first
    clock.set(open_at + timedelta(hours=2))
    workflow.reply(db, store.get_case(db, adu["ref"]), OFFICER_2, "sudah kami cek")  # 2 h
    # doc (opened 10/9) answered on 2/11 but outside the range asked below; one complaint unanswered
    workflow.close(db, store.get_case(db, doc["ref"]), OFFICER_2, "done", "selesai")
    result = stats.first_response_times(db, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert result["overall"] == {"median_seconds": (30 * 60 + 2 * 3600) / 2, "answered": 2, "unanswered": 1}
    assert result["per_officer"] == [
        {"actor": f"bidan:{OFFICER['phone']}", "role": "bidan", "phone": OFFICER["phone"],
         "name": "Bidan Desa Jambewangi", "median_seconds": 1800, "answered": 1},
        {"actor": f"operator:{OFFICER_2['phone']}", "role": "operator", "phone": OFFICER_2["phone"],
         "name": None, "median_seconds": 7200, "answered": 1},
    ]
    everything = stats.first_response_times(db)
    assert everything["overall"]["answered"] == 3
    assert everything["per_officer"][1]["answered"] == 2  # OFFICER_2: the complaint and the document
    scoped = stats.first_response_times(db, villages=["Sumberarum"])
    assert scoped["overall"] == {"median_seconds": 7200, "answered": 1, "unanswered": 1}
    assert stats.first_response_times(db, villages=[])["overall"] == {"median_seconds": None, "answered": 0,
                                                                      "unanswered": 0}


def test_a_message_the_bot_said_it_did_not_understand_is_a_fallback(db, monkeypatch):
    """Console round, F3: "ya" after a case was answered "belum kami pahami" but logged as
    inform 100%: not counted, not filterable, not offered for teaching."""
    import yaml

    from bot.core.settings import ROOT
    from bot.core.store import review

    base = yaml.safe_load((ROOT / "domain" / "base.yml").read_text(encoding="utf-8"))
    assert stats.not_understood([base["responses"]["utter_default"][0]["text"]])
    assert stats.not_understood(["Maaf, kami belum memahami pesan Bapak/Ibu."])  # actions/handover.py
    assert not stats.not_understood(["Maaf Bapak/Ibu, itu bukan layanan nomor ini."])
    Clock(monkeypatch, wib(2026, 11, 21, 8))
    message_id = say(db, SITI, "ya", intent="inform", confidence=1.0)
    say(db, SITI, "mau ktp", intent="request_document", confidence=0.95)
    assert stats.fallback_rate(db, date(2026, 11, 21), date(2026, 11, 21))[0]["fallback"] == 0
    store.update_message(db, message_id, not_understood=1)
    assert stats.fallback_rate(db, date(2026, 11, 21), date(2026, 11, 21))[0] == {
        "day": "2026-11-21", "classified": 2, "fallback": 1, "rate": 0.5}
    assert review.consider(db, message_id, "inform", 1.0) is not None
