"""A villager withdraws a false emergency alarm (bot/false_alarm.py, core.workflow.withdraw)."""
from __future__ import annotations

import pytest

from bot import false_alarm, rasa_client
from bot.core import store
from bot.core.channels import InboundMessage

VILLAGER = "+6281200000099"
BIDAN, PUSKESMAS = "+6285200001174", "+6285200002920"


def msg(text, phone=VILLAGER):
    return InboundMessage(channel="sms", phone=phone, text=text, message_sid="SM1")


@pytest.fixture
def env(tmp_db, notices, monkeypatch):
    db, sent, turns = tmp_db, notices, []
    monkeypatch.setattr(rasa_client, "send", lambda sender, text, metadata=None, settings=None: turns.append(text))
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"danger_signs": ["lainnya"]}, assigned_to=[BIDAN, PUSKESMAS])
    return db, sent, turns, case


@pytest.mark.parametrize("text", ["lho kok darurat, iku mbah painah dudu ibu hamil", "bukan ibu hamil pak",
                                  "maaf salah kirim"])
def test_a_denial_withdraws_the_open_emergency_and_tells_the_officers(env, text):
    db, sent, turns, case = env
    (reply,) = false_alarm.handle(db, None, msg(text))
    assert case["ref"] in reply and "dibatalkan" in reply and "112" in reply
    assert store.get_case(db, case["ref"])["status"] == "rejected"
    assert [e["event"] for e in store.case_events(db, case["ref"])][-1] == "dibatalkan_warga"
    assert {to for to, *_ in sent} == {BIDAN, PUSKESMAS}
    assert all("DIBATALKAN" in body for _, body, *_ in sent)
    assert turns == ["/cancel"]


@pytest.mark.parametrize("text", ["istri sy hamil keluar darah banyak", "kapan bidan datang?", "halo"])
def test_other_messages_withdraw_nothing(env, text):
    db, sent, turns, case = env
    assert false_alarm.handle(db, None, msg(text)) is None
    assert store.get_case(db, case["ref"])["status"] == "new" and sent == [] and turns == []


def test_nothing_to_withdraw_without_a_recent_open_emergency(env):
    db, sent, _, case = env
    assert false_alarm.handle(db, None, msg("bukan ibu hamil", phone="+6281200000098")) is None
    store.update_case(db, case["ref"], actor="x", event="done", status="done")
    assert false_alarm.handle(db, None, msg("bukan ibu hamil")) is None
    assert sent == []


def test_an_alarm_withdrawn_by_a_neighbour_who_came_to_report_goes_on_as_her_report(tmp_db, notices, monkeypatch):
    # round 18: "dudu darurat ... aku mung arep lapor nek tonggoku meteng" dropped the report with the alarm
    turns = []

    def send(sender, text, metadata=None, settings=None):
        turns.append((text, (metadata or {}).get("text")))
        return [] if text == "/cancel" else [{"text": "Baik, kami catat laporan ibu hamil."}]

    monkeypatch.setattr(rasa_client, "send", send)
    case = store.create_case(tmp_db, "emergency", VILLAGER, "sms", data={
        "danger_signs": ["muntah_terus"], "message": "tonggoku lagi meteng telung sasi, wingi mutah-mutah terus"})
    said = ("Lho dudu darurat kok mbak, mutahe iku wingi thok. Aku mung arep lapor nek tonggoku meteng. "
            "Jenenge Sulastri, omahe nang Desa Kemiren")
    replies = false_alarm.handle(tmp_db, None, msg(said))
    assert replies[0] == false_alarm.WITHDRAWN_REPORT.format(ref=case["ref"])
    assert replies[1] == "Baik, kami catat laporan ibu hamil."
    assert store.get_case(tmp_db, case["ref"])["status"] == "rejected"
    (cancel, _), (report, text) = turns
    assert cancel == "/cancel" and report == '/report_pregnancy{"village": "Kemiren"}'
    assert "telung sasi" in text and "Jenenge Sulastri" in text
