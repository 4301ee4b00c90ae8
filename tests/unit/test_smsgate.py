"""SMSGate for Android: the signature, the parsing, the typed client against the fake phone,
the settings, the paced queue and the webhook route (with a stubbed Rasa and a real Redis)."""
from __future__ import annotations

import dataclasses
import json
import time

import pytest
import redis
import requests

from bot.core import channels, outbound, pacing, smsgate, store
from bot.core import settings as config
from bot.core.channels import InboundMessage, ParseError
from bot.core.redis_client import get_redis
from bot.core.settings import ConfigError, load_settings
from bot.fake_smsgate import FakeSmsGateServer

SECRET = "test-smsgate-secret"
PHONE = "+6281234567001"


# --------------------------------------------------------------------------- signature


def test_signature_is_hex_hmac_of_body_and_timestamp():
    import hashlib
    import hmac

    body, stamp = b'{"event":"sms:received"}', "1700000000"
    expected = hmac.new(SECRET.encode(), body + stamp.encode(), hashlib.sha256).hexdigest()
    assert smsgate.signature(SECRET, body, stamp) == expected
    assert smsgate.check_signature(SECRET, body, stamp, expected, now=1700000000) is None


@pytest.mark.parametrize("secret, stamp, sig, now, why", [
    ("", "1700000000", "good", 1700000000, "no SMSGATE_WEBHOOK_SECRET"),
    (SECRET, None, "good", 1700000000, "missing"),
    (SECRET, "1700000000", None, 1700000000, "missing"),
    (SECRET, "yesterday", "good", 1700000000, "not a number"),
    (SECRET, "1700000000", "good", 1700000301, "outside the window"),
    (SECRET, "1700000000", "good", 1699999699, "outside the window"),
    (SECRET, "1700000000", "0" * 64, 1700000000, "wrong X-Signature"),
    (SECRET, "1700000000", "é" * 64, 1700000000, "wrong X-Signature"),
])
def test_signature_fails_closed(secret, stamp, sig, now, why):
    body = b"{}"
    if sig == "good":
        sig = smsgate.signature(SECRET, body, stamp or "")
    assert why in smsgate.check_signature(secret, body, stamp, sig, now=now)


def test_signature_of_another_body_is_refused():
    stamp = str(int(time.time()))
    sig = smsgate.signature(SECRET, b'{"a":1}', stamp)
    assert smsgate.check_signature(SECRET, b'{"a":2}', stamp, sig) == "wrong X-Signature"


# --------------------------------------------------------------------------- parsing


def test_received_event_becomes_an_inbound_message():
    event = smsgate.parse_event(json.dumps(smsgate.received_event(
        "081234567001", " halo ", message_id="abc", received_at="2026-12-01T08:00:00.000+07:00")).encode())
    msg = smsgate.parse_received(event)
    assert (msg.channel, msg.provider, msg.phone, msg.text, msg.parts) == ("sms", "smsgate", PHONE, "halo", 1)
    assert msg.received_at == "2026-12-01T08:00:00.000+07:00"
    assert msg.message_sid.startswith("sg-")


def test_text_message_form_and_a_long_text_count_its_parts():
    data = smsgate.received_event(PHONE, "x")
    del data["payload"]["message"]
    data["payload"]["textMessage"] = {"text": "kata " * 70}  # 350 GSM-7 characters: 3 parts
    msg = smsgate.parse_received(smsgate.parse_event(json.dumps(data).encode()))
    assert msg.text == ("kata " * 70).strip() and msg.parts == 3


def test_the_double_post_has_one_key_and_another_sms_another():
    first = smsgate.received_event(PHONE, "halo", message_id="m1", received_at="2026-12-01T08:00:00+07:00")
    again = {**first, "id": "another-event-id"}
    later = smsgate.received_event(PHONE, "halo", message_id="m1", received_at="2026-12-01T08:05:00+07:00")
    keys = [smsgate.parse_received(smsgate.parse_event(json.dumps(e).encode())).message_sid
            for e in (first, again, later)]
    assert keys[0] == keys[1] != keys[2]


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'{"event": "sms:received"}',
                                  b'{"payload": {}}', b'{"event": "", "payload": {}}'])
def test_malformed_events_are_parse_errors(body):
    with pytest.raises(ParseError):
        smsgate.parse_event(body)


@pytest.mark.parametrize("change", [{"phoneNumber": "hello"}, {"messageId": ""}, {"message": None}])
def test_received_without_sender_id_or_text_is_a_parse_error(change):
    data = smsgate.received_event(PHONE, "halo")
    data["payload"].update(change)
    with pytest.raises(ParseError):
        smsgate.parse_received(smsgate.parse_event(json.dumps(data).encode()))


def test_delivery_events_map_to_our_statuses():
    assert smsgate.delivery_status(smsgate.Event("sms:sent", "e", {"messageId": "sk-1"})) == ("sk-1", "sent", None)
    assert smsgate.delivery_status(smsgate.Event("sms:delivered", "e", {"messageId": "sk-1"}))[1] == "delivered"
    failed = smsgate.delivery_status(smsgate.Event("sms:failed", "e", {"messageId": "sk-1", "reason": "RESULT_ERROR"}))
    assert failed == ("sk-1", "failed", "smsgate: RESULT_ERROR")
    assert smsgate.delivery_status(smsgate.Event("system:ping", "e", {})) is None


# --------------------------------------------------------------------------- the client


@pytest.fixture
def phone():
    with FakeSmsGateServer(callbacks=False) as server:
        yield server


def client_for(phone, password=None):
    return smsgate.SmsGateClient(phone.url, phone.user, password or phone.password, timeout=5)


def test_client_sends_with_our_id_and_a_repeat_is_not_sent_twice(phone):
    client = client_for(phone)
    sent = client.send(PHONE, "Halo Bapak/Ibu.", "sk-1-abc")
    assert (sent.sid, sent.status) == ("sk-1-abc", "queued")
    again = client.send(PHONE, "Halo Bapak/Ibu.", "sk-1-abc")
    assert again.sid == "sk-1-abc"
    assert [(m["id"], m["to"], m["body"]) for m in phone.messages()] == [("sk-1-abc", PHONE, "Halo Bapak/Ibu.")]


@pytest.mark.parametrize("status, error, permanent", [
    (500, smsgate.SmsGateUnavailable, False), (503, smsgate.SmsGateUnavailable, False),
    (429, smsgate.SmsGateUnavailable, False), (400, smsgate.SmsGateRejected, True),
])
def test_http_errors_are_typed_retry_or_permanent(phone, status, error, permanent):
    requests.post(f"{phone.url}/_fake/fail", json={"count": 1, "status": status}, timeout=5)
    with pytest.raises(error) as caught:
        client_for(phone).send(PHONE, "halo", "sk-2")
    assert caught.value.permanent is permanent and caught.value.code == status
    assert phone.messages() == []


def test_wrong_password_is_a_permanent_auth_error(phone):
    with pytest.raises(smsgate.SmsGateAuthError) as caught:
        client_for(phone, password="wrong").send(PHONE, "halo", "sk-3")
    assert caught.value.permanent


def test_a_phone_off_the_network_is_worth_a_retry():
    from tests.support import free_port

    client = smsgate.SmsGateClient(f"http://127.0.0.1:{free_port()}", "sms", "x", timeout=2)
    with pytest.raises(smsgate.SmsGateUnavailable) as caught:
        client.send(PHONE, "halo", "sk-4")
    assert not caught.value.permanent


def test_server_mode_posts_to_the_3rdparty_api():
    assert smsgate.messages_url("http://192.168.1.20:8080/") == "http://192.168.1.20:8080/message"
    assert smsgate.messages_url("https://sms.example.id/api/3rdparty/v1") == \
        "https://sms.example.id/api/3rdparty/v1/messages"


# --------------------------------------------------------------------------- settings


def test_smsgate_is_on_when_its_url_is_set():
    assert load_settings({}).channels == ("twilio",)
    on = load_settings({"SMSGATE_URL": "http://192.168.1.20:8080/", "SMSGATE_PASSWORD": "p"})
    assert on.channels == ("twilio", "smsgate") and on.sms_provider == "smsgate"
    assert on.smsgate_url == "http://192.168.1.20:8080" and on.smsgate_user == "sms"
    assert load_settings({"SMSGATE_URL": "http://x", "CHANNELS": "twilio,smsgate", "SMS_PROVIDER": "twilio"}
                         ).sms_provider == "twilio"


@pytest.mark.parametrize("env, words", [
    ({"CHANNELS": "twilio,pigeon"}, "unknown providers: pigeon"),
    ({"CHANNELS": "twilio,smsgate"}, "SMSGATE_URL is not set"),
    ({"SMS_PROVIDER": "smsgate"}, "not one of CHANNELS"),
    ({"SMS_GATEWAY_INTERVAL": "soon"}, "not a number"),
])
def test_bad_channel_settings_are_refused(env, words):
    with pytest.raises(ConfigError, match=words):
        load_settings(env)


def test_production_with_smsgate_and_no_secret_refuses_to_start():
    env = {"APP_ENV": "production", "TWILIO_AUTH_TOKEN": "t", "TWILIO_ACCOUNT_SID": "AC1", "ADMIN_API_TOKEN": "a",
           "SECRET_KEY": "s", "SMSGATE_URL": "http://192.168.1.20:8080", "SMSGATE_PASSWORD": "p"}
    with pytest.raises(ConfigError, match="SMSGATE_WEBHOOK_SECRET"):
        load_settings(env, process="web")
    assert load_settings({**env, "SMSGATE_WEBHOOK_SECRET": "k"}, process="web").smsgate_webhook_secret == "k"
    with pytest.raises(ConfigError, match="SMSGATE_PASSWORD"):
        load_settings({**env, "SMSGATE_PASSWORD": ""}, process="worker")


# --------------------------------------------------------------------------- the route


def test_route_goes_back_the_way_the_person_wrote():
    s = load_settings({"SMSGATE_URL": "http://x"})
    assert channels.route(s, ("sms", "smsgate"), "sms") == ("sms", "smsgate")
    assert channels.route(s, ("whatsapp", "twilio"), "whatsapp") == ("whatsapp", "twilio")
    assert channels.route(s, None, "whatsapp") == ("whatsapp", "twilio")  # officers who never wrote
    assert channels.route(s, None, "sms") == ("sms", "smsgate")  # SMS to someone who never wrote
    assert channels.route(s, ("whatsapp", "twilio"), "sms") == ("sms", "smsgate")
    off = load_settings({})  # the gateway switched off since: Twilio
    assert channels.route(off, ("sms", "smsgate"), "sms") == ("sms", "twilio")


def test_unknown_or_missing_provider_is_a_permanent_send_error():
    s = load_settings({})
    with pytest.raises(channels.SendError) as caught:
        channels.sender_for(s, "pigeon")
    assert caught.value.permanent


# --------------------------------------------------------------------------- pacing (injected clock)


def test_pacing_decision():
    decide = pacing.decide
    assert decide(100.0, None, 3.0, 0, 0).action == "idle"
    assert decide(100.0, None, 3.0, 0, 2) == pacing.Step("send", lane="normal")
    assert decide(100.0, 99.0, 3.0, 0, 2) == pacing.Step("wait", seconds=2.0)
    assert decide(102.0, 99.0, 3.0, 1, 2) == pacing.Step("send", lane="urgent")  # emergencies first
    assert decide(101.0, 99.0, 3.0, 1, 0).action == "wait"  # but never faster than the rate
    assert decide(100.0, 100.0, 0.0, 0, 1).action == "send"


@pytest.fixture
def paced(app, phone):
    """The app's settings with SMSGate on, pointing at the fake phone."""
    s = dataclasses.replace(config.current(), channels=("twilio", "smsgate"), sms_provider="smsgate",
                            smsgate_url=phone.url, smsgate_user=phone.user, smsgate_password=phone.password,
                            sms_gateway_interval=3.0)
    config.use(s)
    return s


def test_pump_sends_urgent_first_at_the_paced_rate(paced, phone, monkeypatch):
    scheduled = []
    monkeypatch.setattr(pacing, "_schedule", lambda provider, seconds: scheduled.append(round(seconds, 1)))
    db = store.open_db(paced.db_path)
    ordinary = [store.log_message(db, "out", "sms", PHONE, f"biasa {i}", status="queued", provider="smsgate")
                for i in range(2)]
    urgent = store.log_message(db, "out", "sms", PHONE, "DARURAT DRT-0001", status="queued", provider="smsgate")
    r = get_redis(paced.redis_url)
    for message_id in ordinary:
        pacing.enqueue(r, "smsgate", message_id)
    pacing.enqueue(r, "smsgate", urgent, urgent=True)
    assert scheduled == [0]  # one pump started, not three
    now = [1000.0]
    assert pacing.pump("smsgate", clock=lambda: now[0]) == f"message {urgent}: sent"
    now[0] += 1.0
    assert pacing.pump("smsgate", clock=lambda: now[0]) == "wait 2.0"  # too soon after the last
    now[0] += 2.0
    assert pacing.pump("smsgate", clock=lambda: now[0]) == f"message {ordinary[0]}: sent"
    now[0] += 3.0
    pacing.pump("smsgate", clock=lambda: now[0])
    now[0] += 3.0
    assert pacing.pump("smsgate", clock=lambda: now[0]) == "idle"
    assert [m["body"] for m in phone.messages(PHONE)] == ["DARURAT DRT-0001", "biasa 0", "biasa 1"]
    sent = {row["id"]: row for row in store.messages_for(db, PHONE)}
    assert sent[urgent]["status"] == "sent"
    assert sent[urgent]["message_sid"] == channels.outbound_ref(urgent, sent[urgent]["created_at"])
    assert pacing.waiting(r, "smsgate") == {"urgent": [], "normal": []}


def test_a_failing_phone_gets_the_message_again_later(paced, phone, monkeypatch):
    monkeypatch.setattr(pacing, "_schedule", lambda provider, seconds: None)
    db = store.open_db(paced.db_path)
    message_id = store.log_message(db, "out", "sms", PHONE, "halo", status="queued", provider="smsgate")
    r = get_redis(paced.redis_url)
    pacing.enqueue(r, "smsgate", message_id)
    requests.post(f"{phone.url}/_fake/fail", json={"count": 1, "status": 503}, timeout=5)
    assert pacing.pump("smsgate", clock=lambda: 1000.0) == f"message {message_id}: retry later"
    assert db["messages"].get(message_id)["status"] == "retrying"
    assert pacing.pump("smsgate", clock=lambda: 1010.0).startswith("wait")  # a pause after a failure
    assert pacing.pump("smsgate", clock=lambda: 1031.0) == f"message {message_id}: sent"
    assert [m["body"] for m in phone.messages(PHONE)] == ["halo"]


def test_replies_keep_their_order_when_the_phone_fails(paced, phone, monkeypatch):
    """Gateways round, F4: after the phone's API failed, the question went out before its
    explanation; a failed message is retried first."""
    monkeypatch.setattr(pacing, "_schedule", lambda provider, seconds: None)
    db = store.open_db(paced.db_path)
    r = get_redis(paced.redis_url)
    ids = [store.log_message(db, "out", "sms", PHONE, body, status="queued", provider="smsgate")
           for body in ("penjelasan", "pertanyaan")]
    for message_id in ids:
        pacing.enqueue(r, "smsgate", message_id)
    requests.post(f"{phone.url}/_fake/fail", json={"count": 1, "status": 503}, timeout=5)
    assert pacing.pump("smsgate", clock=lambda: 1000.0) == f"message {ids[0]}: retry later"
    assert pacing.pump("smsgate", clock=lambda: 1031.0) == f"message {ids[0]}: sent"
    assert pacing.pump("smsgate", clock=lambda: 1035.0) == f"message {ids[1]}: sent"
    assert [m["body"] for m in phone.messages(PHONE)] == ["penjelasan", "pertanyaan"]


def test_notify_goes_back_through_the_phone_the_villager_used(paced, phone):
    db = store.open_db(paced.db_path)
    store.remember_route(db, PHONE, "sms", "smsgate")
    officer = "+6281299990001"
    store.remember_route(db, officer, "whatsapp", "twilio")
    outbound.notify(PHONE, "Permohonan DOK-0001 diterima.", channel="sms", case_ref="DOK-0001")
    outbound.notify(officer, "DARURAT DRT-0002", channel="whatsapp", case_ref="DRT-0002")
    rows = {row["phone"]: row for row in (store.last_outbound(db, PHONE), store.last_outbound(db, officer))}
    assert (rows[PHONE]["provider"], rows[PHONE]["status"]) == ("smsgate", "queued")
    assert (rows[officer]["provider"], rows[officer]["channel"]) == ("twilio", "whatsapp")
    r = get_redis(paced.redis_url)
    assert pacing.waiting(r, "smsgate")["normal"] == [rows[PHONE]["id"]]  # WhatsApp is not paced
    assert outbound.urgent("DRT-0002") and outbound.urgent("drt-0002") and not outbound.urgent("DOK-0001")


# --------------------------------------------------------------------------- the webhook route


@pytest.fixture
def settings_env(settings_env, tmp_path):
    return {**settings_env, "SMSGATE_URL": "http://127.0.0.1:9", "SMSGATE_PASSWORD": "p",
            "SMSGATE_WEBHOOK_SECRET": SECRET}


def post_event(client, event: dict, *, secret=SECRET, timestamp=None, headers=None):
    if headers is not None:
        return client.post("/smsgate/webhook", data=json.dumps(event), headers=headers)
    return smsgate.post_signed(client, "/smsgate/webhook", event, secret, timestamp=timestamp)


def inbound_rows(app, phone=PHONE):
    db = store.open_db(app.config["SETTINGS"].db_path)
    return [r for r in reversed(store.messages_for(db, phone)) if r["direction"] == "in"]


def outbound_rows(app, phone=PHONE):
    db = store.open_db(app.config["SETTINGS"].db_path)
    return [r for r in reversed(store.messages_for(db, phone)) if r["direction"] == "out"]


def test_received_sms_goes_to_rasa_and_the_reply_is_queued_for_the_phone(app, client, rasa):
    rasa.replies = [{"text": "Halo Bapak/Ibu."}]
    response = post_event(client, smsgate.received_event("081234567001", "halo"))
    assert response.status_code == 200 and response.json["outcome"] == "processed"
    assert [t["text"] for t in rasa.turns] == ["halo"] and rasa.turns[0]["sender"] == PHONE
    row = inbound_rows(app)[0]
    assert (row["provider"], row["channel"], row["status"], row["parts"]) == ("smsgate", "sms", "processed", 1)
    out = outbound_rows(app)
    assert [(o["body"], o["provider"], o["status"]) for o in out] == [("Halo Bapak/Ibu.", "smsgate", "queued")]
    r = get_redis(app.config["SETTINGS"].redis_url)
    assert pacing.waiting(r, "smsgate")["normal"] == [out[0]["id"]]
    contact = store.get_contact(store.open_db(app.config["SETTINGS"].db_path), PHONE)
    assert (contact["channel"], contact["provider"]) == ("sms", "smsgate")


def test_the_double_post_is_processed_once(app, client, rasa):
    event = smsgate.received_event(PHONE, "halo")
    assert post_event(client, event).status_code == 200
    second = post_event(client, {**event, "id": "a-new-event-id"})
    assert second.status_code == 200 and second.json["outcome"] == "duplicate"
    assert len(rasa.turns) == 1
    assert sorted(r["status"] for r in inbound_rows(app)) == ["duplicate", "processed"]
    assert len(outbound_rows(app)) == 1


def test_the_double_post_is_absorbed_by_sqlite_when_redis_forgot(app, client, rasa):
    event = smsgate.received_event(PHONE, "halo")
    post_event(client, event)
    get_redis(app.config["SETTINGS"].redis_url).flushdb()  # a restart without persistence
    assert post_event(client, {**event, "id": "another"}).json["outcome"] == "duplicate"
    assert len(rasa.turns) == 1


@pytest.mark.parametrize("kind", ["forged", "stale", "future", "no_headers", "wrong_secret"])
def test_unsigned_forged_or_stale_posts_are_refused_and_nothing_is_stored(app, client, rasa, kind):
    event = smsgate.received_event(PHONE, "halo")
    body = json.dumps(event).encode()
    now = int(time.time())
    if kind == "forged":
        response = post_event(client, event, headers={"X-Timestamp": str(now), "X-Signature": "ab" * 32})
    elif kind == "stale":
        response = post_event(client, event, timestamp=now - 301)
    elif kind == "future":
        response = post_event(client, event, timestamp=now + 301)
    elif kind == "wrong_secret":
        response = post_event(client, event, secret="not-the-secret")
    else:
        response = client.post("/smsgate/webhook", data=body)
    assert response.status_code in (401, 403)
    assert response.status_code == (401 if kind == "no_headers" else 403)
    assert inbound_rows(app) == [] and rasa.turns == []


def test_no_secret_configured_refuses_everything(app, client, rasa):
    config_settings = dataclasses.replace(app.config["SETTINGS"], smsgate_webhook_secret="")
    app.config["SETTINGS"] = config_settings
    response = post_event(client, smsgate.received_event(PHONE, "halo"), secret="")
    assert response.status_code == 403 and inbound_rows(app) == []


@pytest.mark.parametrize("body", [b"", b"{not json", b"[]", b'{"event": "sms:received", "payload": {}}',
                                  (b'{"event": "sms:received", "payload": {"phoneNumber": "x", "message": "a",'
                                  b' "messageId": "1"}}'), b'{"event": "sms:sent", "payload": {}}'])
def test_bad_bodies_are_4xx_never_500(app, client, rasa, body):
    stamp = str(int(time.time()))
    headers = {"X-Timestamp": stamp, "X-Signature": smsgate.signature(SECRET, body, stamp),
               "Content-Type": "application/json"}
    response = client.post("/smsgate/webhook", data=body, headers=headers)
    assert response.status_code == 400
    assert rasa.turns == []


def test_a_huge_body_is_413(app, client, rasa):
    event = smsgate.received_event(PHONE, "x" * (smsgate.MAX_WEBHOOK_BYTES + 10))
    assert post_event(client, event).status_code == 413
    assert inbound_rows(app) == []


def test_delivery_events_update_our_message(app, client):
    db = store.open_db(app.config["SETTINGS"].db_path)
    message_id = store.log_message(db, "out", "sms", PHONE, "halo", status="sent", message_sid="sk-9-abc",
                                   provider="smsgate")
    assert post_event(client, smsgate.status_event("sms:delivered", "sk-9-abc", PHONE)).json["updated"] == 1
    assert db["messages"].get(message_id)["status"] == "delivered"
    post_event(client, smsgate.status_event("sms:sent", "sk-9-abc", PHONE))  # late: no step back
    assert db["messages"].get(message_id)["status"] == "delivered"
    post_event(client, smsgate.status_event("sms:failed", "sk-9-abc", PHONE, reason="RESULT_ERROR_NO_SERVICE"))
    row = db["messages"].get(message_id)
    assert (row["status"], row["error"]) == ("failed", "smsgate: RESULT_ERROR_NO_SERVICE")
    ping = {"deviceId": "d", "event": "system:ping", "id": "e", "webhookId": "w", "payload": {}}
    assert post_event(client, ping).json == {"ok": True, "ignored": "system:ping"}


def test_stop_over_smsgate_opts_out_and_the_confirmation_still_goes(app, client, rasa, paced, phone):
    response = post_event(client, smsgate.received_event(PHONE, "STOP"))
    assert response.json["outcome"] == "processed" and "STOP" not in [t["text"] for t in rasa.turns]
    db = store.open_db(app.config["SETTINGS"].db_path)
    assert store.is_opted_out(db, PHONE)
    out = outbound_rows(app)
    assert len(out) == 1 and "tidak akan menerima pesan lagi" in out[0]["body"]
    assert outbound.send_once(out[0]["id"], last_attempt=True) == "sent"  # the one message still sent
    later = store.log_message(db, "out", "sms", PHONE, "Info desa", status="queued", provider="smsgate")
    assert outbound.send_once(later, last_attempt=True) == "blocked"  # a notification: not sent
    answer = store.log_message(db, "out", "sms", PHONE, "Jawaban", status="queued", provider="smsgate",
                               reply_to=inbound_rows(app)[0]["id"])
    assert outbound.send_once(answer, last_attempt=True) == "sent"  # an answer to what they wrote: sent
    assert [m["body"] for m in phone.messages(PHONE)] == [out[0]["body"], "Jawaban"]


def test_the_webhook_is_off_without_smsgate(app, client, rasa):
    app.config["SETTINGS"] = dataclasses.replace(app.config["SETTINGS"], channels=("twilio",))
    assert post_event(client, smsgate.received_event(PHONE, "halo")).status_code == 404
    assert inbound_rows(app) == []


def test_a_twilio_message_keeps_its_provider_and_inline_answer():
    msg = InboundMessage(channel="sms", phone=PHONE, text="halo", message_sid="SM1")
    assert msg.provider == "twilio" and msg.parts == 1 and outbound.answers_inline(msg.provider)


def test_a_message_neither_store_can_take_is_refused_for_a_retry(app, client, rasa, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    from bot import inbox
    from bot.core.redis_client import get_redis

    monkeypatch.setattr(store, "log_message", broken)
    monkeypatch.setattr(inbox.time, "sleep", lambda s: None)
    r = get_redis(app.config["SETTINGS"].redis_url)
    response = post_event(client, smsgate.received_event(PHONE, "halo"))
    assert response.status_code == 200 and response.json["outcome"] == "deferred"  # kept in Redis for the sweep
    assert r.llen(inbox.SPILL_KEY) == 1

    def no_redis(*args, **kwargs):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(inbox, "spill", no_redis)
    response = post_event(client, smsgate.received_event(PHONE, "halo lagi"))
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"  # the phone posts it again
    assert rasa.turns == []


def test_a_failing_turn_is_stored_and_the_villager_gets_the_apology_by_sms(app, client, rasa, monkeypatch):
    from bot import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(pipeline, "respond", broken)
    response = post_event(client, smsgate.received_event(PHONE, "halo"))
    assert response.status_code == 200 and response.json["outcome"] == "failed"
    assert inbound_rows(app)[0]["status"] == "error"
    out = outbound_rows(app)
    assert [(o["body"], o["provider"], o["status"]) for o in out] == [(pipeline.UNAVAILABLE, "smsgate", "queued")]


# --------------------------------------------------------------------------- health


def test_healthz_names_the_phones_state_without_gating_readiness(paced, phone, client, monkeypatch):
    """The phone's own health check in /healthz: an admin sees a phone off the network, while
    the bot (WhatsApp, the queued SMS) stays ready."""
    import requests

    from bot import health, rasa_client

    monkeypatch.setattr(rasa_client, "status", lambda settings, server=None: {"model_file": "x"})
    monkeypatch.setattr(rasa_client, "action_server_health", lambda settings: {"status": "ok"})
    assert smsgate.health_url("https://sms.example.id/api/3rdparty/v1") == "https://sms.example.id/api/health"
    client.application.config["SETTINGS"] = paced  # the app's own settings name a phone nowhere
    body = client.get("/healthz").get_json()
    assert body["gateways"] == {"smsgate": "ok"} and body["status"] == "ok"
    for said, shown in (("warn", "warn: phone says warn"), ("fail", "error: phone says fail")):
        requests.post(phone.url + "/_fake/health", json={"status": said}, timeout=5)
        response = client.get("/healthz")
        assert response.status_code == 200 and response.get_json()["gateways"] == {"smsgate": shown}
    gone = dataclasses.replace(paced, smsgate_url="http://127.0.0.1:9")
    assert health.gateways(gone) == {"smsgate": "error: SmsGateUnavailable"}
    assert health.gateways(dataclasses.replace(paced, channels=("twilio",))) == {}


def test_healthz_says_when_the_modems_outbox_is_stuck(app, tmp_path):
    import os
    import time

    from bot import health
    from bot.core import gammu

    s = dataclasses.replace(config.current(), channels=("twilio", "gammu"), sms_provider="gammu",
                            data_dir=str(tmp_path))
    outbox = gammu.folder(s) / "outbox"
    outbox.mkdir(parents=True)
    assert health.gateways(s) == {"gammu": "ok"}
    waiting = outbox / "OUTC20261201_100000_00_+6281234567890_sms0.smsbackup"
    waiting.write_text("x")
    assert health.gateways(s) == {"gammu": "ok"}  # a modem takes seconds: just queued is fine
    old = time.time() - gammu.OUTBOX_STUCK_SECONDS - 120
    os.utime(waiting, (old, old))
    assert health.gateways(s) == {"gammu": "error: 1 SMS waiting in the modem's outbox, the oldest 12 min"}
