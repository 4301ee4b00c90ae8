"""The backbone end to end: real webhook, Rasa, action server, Redis, worker, signatures."""
from __future__ import annotations

import json
import secrets
import subprocess
import sys

import requests

from bot.core import outbound, store
from bot.core.sms import is_gsm7
from tests.support import ROOT, wait_until


def user_texts(tracker: dict) -> list[str]:
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


def test_healthz_names_every_part(stack):
    response = requests.get(f"{stack.url}/healthz", timeout=10)
    assert response.status_code == 200
    body = response.json()
    for part in ("redis", "rasa", "actions", "database"):
        assert body[part] == "ok"


def test_valid_message_gets_twiml_reply_from_rasa(stack):
    phone = stack.new_phone()
    response = stack.post(stack.form(phone, "halo"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    assert "<Response>" in response.text and "<Message>" in response.text
    replies = stack.send(phone, "halo")
    assert replies and "Bapak/Ibu" in replies[0]
    # The turn reached Rasa (its tracker has the text) and was logged with its intent.
    assert user_texts(stack.tracker(phone)) == ["halo", "halo"]
    db = stack.db()
    inbound = [m for m in store.messages_for(db, phone) if m["direction"] == "in"]
    assert len(inbound) == 2 and all(m["status"] == "processed" for m in inbound)
    assert any(m["direction"] == "out" and m["body"] == replies[0] for m in store.messages_for(db, phone))
    db.close()
    # the intents are read by the worker after the replies (bot.inbox.record_intents, every 20 s)

    def intents():
        db = stack.db()
        try:
            return [(m["intent"], m["confidence"]) for m in store.messages_for(db, phone) if m["direction"] == "in"]
        finally:
            db.close()

    got = wait_until(intents, lambda found: all(i == "greet" for i, _ in found), 90, "the intents recorded")
    assert all(c > 0.3 for _, c in got)


def test_whatsapp_message_goes_through(stack):
    phone = stack.new_phone()
    replies = stack.send(phone, "halo", whatsapp=True)
    assert replies and "Bapak/Ibu" in replies[0]
    inbound = [m for m in store.messages_for(stack.db(), phone) if m["direction"] == "in"]
    assert inbound[0]["channel"] == "whatsapp"


def test_menu_keyword_and_digit(stack):
    phone = stack.new_phone()
    menu = stack.send(phone, "menu")
    assert any("1 Dokumen" in r or "1." in r for r in menu), menu
    assert user_texts(stack.tracker(phone)) == ["/ask_menu"]
    stack.send(phone, "1")
    # Right after the menu a bare digit is the menu's intent; later it is just text.
    stack.send(phone, "1")
    assert user_texts(stack.tracker(phone)) == ["/ask_menu", "/request_document", "1"]


def test_user_cannot_inject_intents(stack):
    phone = stack.new_phone()
    stack.send(phone, "/pregnancy_emergency")
    assert user_texts(stack.tracker(phone)) == ["pregnancy_emergency"]


def test_forged_or_missing_signature_is_refused_and_not_processed(stack):
    phone = stack.new_phone()
    form = stack.form(phone, "halo")
    forged = stack.post(form, signature="bm90IGEgc2lnbmF0dXJl")
    missing = stack.post(stack.form(phone, "halo"), signature=None)
    # Signed for another URL, or with another token.
    other_url = stack.post(form, signature=stack.sign(form, "/twilio/other"))
    assert [forged.status_code, missing.status_code, other_url.status_code] == [403, 403, 403]
    assert user_texts(stack.tracker(phone)) == []
    assert store.messages_for(stack.db(), phone) == []


def test_repeated_message_sid_is_one_rasa_turn(stack):
    phone = stack.new_phone()
    sid = "SM" + secrets.token_hex(16)
    first = stack.send(phone, "halo", sid=sid)
    again = stack.send(phone, "halo", sid=sid)
    assert first and again == first
    assert user_texts(stack.tracker(phone)) == ["halo"]
    statuses = [m["status"] for m in store.messages_for(stack.db(), phone) if m["direction"] == "in"]
    assert sorted(statuses) == ["duplicate", "processed"]


def test_stop_opts_out_and_no_later_outbound_message_is_sent(stack):
    phone = stack.new_phone()
    # Before STOP a notification reaches the number...
    outbound.notify(phone, "Pengingat: periksa kehamilan besok.", channel="sms")
    stack.wait_outbox(phone, "Pengingat")
    reply = stack.send(phone, "STOP")
    assert reply and "MULAI" in reply[0]
    assert store.is_opted_out(stack.db(), phone)
    # ...after it, none does, on either channel.
    outbound.notify(phone, "Pesan setelah berhenti.", channel="sms")
    outbound.notify(phone, "Pesan WhatsApp setelah berhenti.", channel="whatsapp")
    blocked = wait_until(
        lambda: [m for m in store.messages_for(stack.db(), phone)
                 if m["direction"] == "out" and "berhenti" in m["body"] and m["status"] == "blocked"],
        lambda found: len(found) == 2, 15, "two blocked notices")
    assert len(blocked) == 2
    assert [m["body"] for m in stack.outbox(phone)] == ["Pengingat: periksa kehamilan besok."]
    # MULAI opts in again.
    assert "MENU" in stack.send(phone, "mulai")[0]
    outbound.notify(phone, "Selamat datang kembali.")
    assert stack.wait_outbox(phone, "kembali")["to_raw"] == f"whatsapp:{phone}"


def test_outbound_status_callback_updates_the_log(stack):
    phone = stack.new_phone()
    outbound.notify(phone, "Kabar status.", channel="sms")
    sent = stack.wait_outbox(phone, "Kabar status")
    row = wait_until(lambda: store.message_by_sid(stack.db(), sent["sid"], direction="out"),
                     lambda row: bool(row) and row["status"] == "delivered", 15, "delivered status")
    assert row is not None and row["status"] == "delivered"


def test_sms_replies_are_gsm7(stack):
    phone = stack.new_phone()
    replies = stack.send(phone, "halo 😀 “apa kabar”")
    assert replies, "no reply to check"
    assert all(is_gsm7(reply) for reply in replies), replies


def test_cases_export_command_prints_every_case_of_the_store(stack):
    case = store.create_case(stack.db(), "complaint", stack.new_phone(), "sms", village="Jambewangi",
                             district="Sempu", data={"category": "jalan_fasilitas"})
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "cases", "export"], cwd=ROOT,
                            env=stack.env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert lines == stack.cases()
    assert [line for line in lines if line["ref"] == case["ref"]] == [store.export_case(case)]
