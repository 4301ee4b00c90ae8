"""Issue 11: SMS through the village's Android phone (SMSGate, CONTRACT.md 2a) on the real stack.

The fake phone (bot/fake_smsgate.py) has the bot's webhook registered as an operator registers
it; it posts signed ``sms:received`` events as the phone does, takes the bot's replies on its
REST API (Basic auth, our own ids) and posts ``sms:sent``/``sms:delivered`` back. Officers stay
on WhatsApp through the fake Twilio."""
from __future__ import annotations

import time

import requests

from bot import pipeline
from bot.core import outbound, smsgate, store
from bot.core.sms import segments
from tests.e2e.conversation import JAMBEWANGI, case_of, officer
from tests.support import wait_until


def rows(stack, phone: str, direction: str) -> list[dict]:
    db = stack.db()
    try:
        return list(db["messages"].rows_where("phone = ? AND direction = ?", [phone, direction], order_by="id"))
    finally:
        db.close()


def text_from_phone(stack, phone: str, text: str, *, twice: bool = False) -> list[int]:
    """A villager texts the village phone: the phone posts the event to the registered webhook
    (twice, under two event ids, with ``twice``); the HTTP statuses it got."""
    response = requests.post(f"{stack.phone.url}/_fake/receive", json={"phone": phone, "text": text, "twice": twice},
                             timeout=120)
    response.raise_for_status()
    return response.json()["statuses"]


def test_an_sms_through_the_phone_reaches_rasa_and_the_reply_goes_back_through_it(stack):
    villager = stack.new_phone()
    local_form = "0" + villager[3:]  # the phone shows the sender as 0813…: stored as +62813…
    assert text_from_phone(stack, local_form, "mau bikin kk baru") == [200]
    reply = stack.wait_phone_outbox(villager, contains="nama lengkap", timeout=60)
    assert reply["phoneNumbers"] == [villager] and reply["id"].startswith("sk-")
    received = rows(stack, villager, "in")
    assert [(r["provider"], r["channel"], r["status"]) for r in received] == [("smsgate", "sms", "processed")]
    assert stack.tracker(villager)["latest_message"]["text"] == "mau bikin kk baru"  # Rasa had the turn
    # the phone reports sent, then delivered, for our id
    sent = wait_until(lambda: rows(stack, villager, "out"), lambda out: out and out[0]["status"] == "delivered", 30,
                      "the delivery report")
    assert (sent[0]["provider"], sent[0]["message_sid"]) == ("smsgate", reply["id"])
    assert stack.outbox(villager) == []  # nothing through Twilio
    # the conversation goes on through the phone
    assert text_from_phone(stack, villager, "Budi Santoso") == [200]
    stack.wait_phone_outbox(villager, contains="NIK", timeout=60)


def test_forged_and_stale_posts_are_refused_and_nothing_is_processed(stack):
    villager = stack.new_phone()
    forged = stack.post_sms(villager, "mau bikin kk baru", secret="not-the-phone's-secret")
    stale = stack.post_sms(villager, "mau bikin kk baru", timestamp=int(time.time()) - 600)
    unsigned = requests.post(f"{stack.url}/smsgate/webhook", json=smsgate.received_event(villager, "halo"), timeout=30)
    assert (forged.status_code, stale.status_code, unsigned.status_code) == (403, 403, 401)
    time.sleep(2)
    assert rows(stack, villager, "in") == [] and rows(stack, villager, "out") == []
    assert stack.phone_outbox(villager) == []


def test_the_double_post_is_absorbed(stack):
    villager = stack.new_phone()
    assert text_from_phone(stack, villager, "mau bikin kk baru", twice=True) == [200, 200]
    stack.wait_phone_outbox(villager, contains="nama lengkap", timeout=60)
    time.sleep(3)  # a second answer would have been queued by now
    assert sorted(r["status"] for r in rows(stack, villager, "in")) == ["duplicate", "processed"]
    assert len(stack.phone_outbox(villager)) == 1
    user_turns = [e for e in stack.tracker(villager).get("events") or [] if e["event"] == "user"]
    assert [e["text"] for e in user_turns] == ["mau bikin kk baru"]  # one turn in Rasa


def test_an_emergency_by_sms_pages_the_midwife_on_whatsapp(stack):
    husband = stack.new_phone()
    assert text_from_phone(stack, husband, "tolong istri saya hamil 8 bulan keluar darah banyak di desa jambewangi") \
        == [200]
    case = wait_until(lambda: [c for c in stack.cases() if c["phone"] == husband and c["kind"] == "emergency"],
                      lambda found: len(found) == 1, 60, "the emergency case")[0]
    assert (case["channel"], case["village"]) == ("sms", JAMBEWANGI)
    notice = stack.wait_outbox(officer("bidan"), contains=case["ref"], timeout=60)
    assert notice["channel"] == "whatsapp" and notice["to_raw"].startswith("whatsapp:")
    stack.wait_phone_outbox(husband, contains="112", timeout=60)  # the villager's advice, by SMS
    assert stack.outbox(husband) == []  # nothing to the villager through Twilio
    assert case_of(stack, husband, "emergency")["ref"] == case["ref"]


def test_stop_over_the_phone(stack):
    villager = stack.new_phone()
    assert text_from_phone(stack, villager, "STOP") == [200]
    stack.wait_phone_outbox(villager, contains="tidak akan menerima pesan lagi", timeout=60)
    db = stack.db()
    try:
        assert store.is_opted_out(db, villager)
        assert (store.get_contact(db, villager)["provider"]) == "smsgate"
    finally:
        db.close()
    outbound.notify(villager, "Info desa: kerja bakti hari Minggu.", channel="sms")
    wait_until(lambda: rows(stack, villager, "out")[-1], lambda row: row["status"] == "blocked", 30,
               "the later message blocked")
    assert [m["body"] for m in stack.phone_outbox(villager)] == [pipeline.OPTED_OUT]


def test_a_two_part_sms_is_one_message(stack):
    villager = stack.new_phone()
    text = ("selamat pagi bapak ibu perangkat desa, saya warga dusun krajan rt 02 rw 01, "
            "anak saya baru lahir bulan lalu di puskesmas, saya mau bikin akta kelahiran untuk anak saya, "
            "apa saja syaratnya ya")
    assert segments(text) == 2
    assert text_from_phone(stack, villager, text) == [200]
    received = wait_until(lambda: rows(stack, villager, "in"), lambda found: found and found[0]["status"] == "processed",
                          60, "the long SMS answered")
    assert len(received) == 1 and received[0]["parts"] == 2 and received[0]["body"] == text
    stack.wait_phone_outbox(villager, contains="nama lengkap", timeout=60)  # the document form goes on
    tracker = stack.tracker(villager)
    assert tracker["latest_message"]["text"] == text  # Rasa read the whole message, not a part
    assert tracker["slots"]["document_type"] == "akta_kelahiran"
