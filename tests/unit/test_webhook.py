"""The webhook's pipeline with a stubbed Rasa (the `rasa` fixture) and a real Redis."""
from __future__ import annotations

import secrets
import sqlite3
import threading

import pytest
import redis
from twilio.request_validator import RequestValidator

from bot import handover, inbox, officer_commands, pipeline, rasa_client, state
from bot.core import menu, store, twilio
from bot.core.sms import is_gsm7
from bot.db import get_db
from tests.conftest import TEST_TOKEN

URL = "http://localhost/twilio/messages"


PHONE_E164 = "+6281234567890"


def make_form(phone="+6281234567890", body="halo", *, whatsapp=False, sid=None, **extra):
    return twilio.inbound_form(phone, body, whatsapp=whatsapp, sid=sid, to="+15005550006", **extra)


def post(client, form, *, signature="valid", url=URL, token=TEST_TOKEN, **kwargs):
    if signature == "valid":
        return twilio.post_signed(client, "/twilio/messages", form, token, signed_url=url, **kwargs)
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return client.post("/twilio/messages", data=form, headers=headers, **kwargs)


def replies(response) -> list[str]:
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/xml"
    return twilio.parse_twiml(response.data)


def rows(app, phone="+6281234567890", direction=None):
    db = store.open_db(app.config["SETTINGS"].db_path)
    found = list(reversed(store.messages_for(db, phone)))
    return [r for r in found if direction is None or r["direction"] == direction]


# --------------------------------------------------------------------------- happy path


def test_message_goes_to_rasa_and_reply_is_twiml(app, client, rasa):
    rasa.replies = [{"text": "Halo Bapak/Ibu."}, {"text": "Ketik MENU."}]
    response = post(client, make_form(body="halo", Latitude="-8.2", Longitude="114.3"))
    assert replies(response) == ["Halo Bapak/Ibu.", "Ketik MENU."]
    turn = rasa.turns[0]
    assert turn["sender"] == "+6281234567890" and turn["text"] == "halo"
    meta = turn["metadata"]
    assert meta["channel"] == "sms" and meta["phone"] == "+6281234567890"
    assert (meta["latitude"], meta["longitude"]) == (-8.2, 114.3) and meta["media"] == []
    inbound = rows(app, direction="in")
    assert len(inbound) == 1 and inbound[0]["id"] == meta["message_id"]
    assert inbound[0]["status"] == "processed"
    assert inbound[0]["intent"] is None  # read by the worker, off the villager's wait
    with app.app_context():
        assert inbox.record_intents() == "1 intents of 1 contacts"
    inbound = rows(app, direction="in")
    assert (inbound[0]["intent"], inbound[0]["confidence"]) == ("greet", 0.98)
    assert [r["body"] for r in rows(app, direction="out")] == ["Halo Bapak/Ibu.", "Ketik MENU."]


def test_intents_are_read_from_the_tracker_store_in_redis_not_from_rasa(app, client, rasa, monkeypatch):
    """Issue 9: reading each turn's intent through Rasa's HTTP API cost Rasa about 4 ms a message;
    the worker reads the tracker Rasa's RedisTrackerStore keeps instead."""
    from rasa.core.tracker_store import DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX, SerializedTrackerAsText
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.core.redis_client import get_redis

    assert pipeline.TRACKER_KEY_PREFIX == DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX
    phone = "+6281234500042"
    replies(post(client, make_form(phone=phone, body="mau bikin ktp")))
    (row,) = rows(app, phone, direction="in")
    tracker = DialogueStateTracker.from_events(phone, [UserUttered(
        "mau bikin ktp", intent={"name": "request_document", "confidence": 0.91},
        parse_data={"intent": {"name": "request_document", "confidence": 0.91}},
        metadata={"message_id": row["id"]})])
    settings = app.config["SETTINGS"]
    get_redis(settings.redis_url).set(pipeline.TRACKER_KEY_PREFIX + phone, SerializedTrackerAsText.serialise_tracker(tracker))

    def no_http(*args, **kwargs):
        raise AssertionError("the tracker was read through Rasa's HTTP API")

    monkeypatch.setattr(rasa_client, "tracker", no_http)
    with app.app_context():
        assert inbox.record_intents() == "1 intents of 1 contacts"
    (row,) = rows(app, phone, direction="in")
    assert (row["intent"], row["confidence"]) == ("request_document", 0.91)


def test_whatsapp_metadata_and_media(app, client, rasa):
    form = make_form(whatsapp=True, body="", NumMedia="1", MediaUrl0="https://api.twilio.com/media/1")
    replies(post(client, form))
    meta = rasa.turns[0]["metadata"]
    assert meta["channel"] == "whatsapp" and meta["media"] == ["https://api.twilio.com/media/1"]
    assert rasa.turns[0]["text"] == "[foto]"


def test_buttons_are_numbered_lines(client, rasa):
    rasa.replies = [{"text": "Pilih:", "buttons": [{"title": "KTP", "payload": "/x"}, {"title": "KK", "payload": "/y"}]}]
    assert replies(post(client, make_form())) == ["Pilih:\n1. KTP\n2. KK"]


def test_message_is_logged_before_processing(app, client, rasa):
    seen = []

    def spy(sender, text, metadata=None, settings=None):
        seen.extend(rows(app, direction="in"))
        return [{"text": "ok"}]

    rasa_client.send = spy  # the fixture restores the original
    replies(post(client, make_form(body="lapor")))
    assert seen and seen[0]["body"] == "lapor" and seen[0]["status"] == "received"


# --------------------------------------------------------------------------- the handler's cases, as a table
# (label, form changes, signature, HTTP status, replies, what Rasa got, stored inbound status)
LONG = "panjang " * 250
WEBHOOK_CASES = [
    ("sms text", {}, "valid", 200, ["Halo Bapak/Ibu."], ["halo"], "processed"),
    ("whatsapp text", {"From": "whatsapp:+6281234567890"}, "valid", 200, ["Halo Bapak/Ibu."], ["halo"], "processed"),
    ("no signature", {}, None, 403, None, [], None),
    ("empty signature", {}, "", 403, None, [], None),
    ("forged signature", {}, "bm90IGEgc2lnbmF0dXJl", 403, None, [], None),
    ("empty body", {"Body": "   "}, "valid", 200, [pipeline.EMPTY], [], "processed"),
    ("overlong body", {"Body": LONG}, "valid", 200, [pipeline.TOO_LONG], [], "processed"),
    # STOP is never read by the NLU; it ends the form in progress with a silent /cancel
    ("stop", {"Body": "STOP"}, "valid", 200, [pipeline.OPTED_OUT], ["/cancel"], "processed"),
    ("berhenti", {"Body": "berhenti."}, "valid", 200, [pipeline.OPTED_OUT], ["/cancel"], "processed"),
    ("mulai", {"Body": "Mulai"}, "valid", 200, [pipeline.OPTED_IN], [], "processed"),
    ("no sender", {"From": ""}, "valid", 400, None, [], "error"),
    ("sender not a number", {"From": "not-a-number"}, "valid", 400, None, [], "error"),
    ("whatsapp sender not a number", {"From": "whatsapp:abc"}, "valid", 400, None, [], "error"),
    ("no MessageSid", {"MessageSid": ""}, "valid", 400, None, [], "error"),
]


@pytest.mark.parametrize("label, changes, signature, status, expected, to_rasa, stored", WEBHOOK_CASES,
                         ids=[case[0] for case in WEBHOOK_CASES])
def test_webhook_cases(app, client, rasa, label, changes, signature, status, expected, to_rasa, stored):
    form = {**make_form(), **changes}
    response = post(client, form, signature=signature)
    assert response.status_code == status, response.data
    if expected is not None:
        assert replies(response) == expected
    assert [turn["text"] for turn in rasa.turns] == to_rasa
    db = store.open_db(app.config["SETTINGS"].db_path)
    inbound = [r for r in db["messages"].rows_where("direction = 'in'")]
    assert [r["status"] for r in inbound] == ([stored] if stored else [])


def test_mulai_sends_the_officers_messages_held_by_stop(app, client, rasa):
    """Round 22: the operator's replies blocked by STOP never reached the villager after MULAI."""
    db = store.open_db(app.config["SETTINGS"].db_path)
    store.set_opt_out(db, PHONE_E164, True)
    held = store.log_message(db, "out", "sms", PHONE_E164, "DOK-0001: KK sudah jadi", status="blocked",
                             case_ref="DOK-0001")
    store.update_message(db, held, error="opted out")
    assert replies(post(client, make_form(body="MULAI"))) == [pipeline.OPTED_IN + pipeline.HELD.format(n=1)]
    assert db["messages"].get(held)["status"] == "queued" and not store.is_opted_out(db, PHONE_E164)


def test_a_stop_sent_by_mistake_opts_back_in(app, client, rasa):
    db = store.open_db(app.config["SETTINGS"].db_path)
    assert replies(post(client, make_form(body="STOP", sid="SM-stop"))) == [pipeline.OPTED_OUT]
    got = replies(post(client, make_form(body="sepurane pak mau kepencet STOP. jeneng anakku Aditya", sid="SM-slip")))
    assert got == [pipeline.SLIPPED] and not store.is_opted_out(db, PHONE_E164)
    assert [turn["text"] for turn in rasa.turns] == ["/cancel"]    # only STOP's silent cancel reached Rasa


# --------------------------------------------------------------------------- signature


def test_signature_for_another_token_or_body_is_refused(app, client, rasa):
    form = make_form()
    assert post(client, form, token="another-token").status_code == 403
    signature = RequestValidator(TEST_TOKEN).compute_signature(URL, form)
    tampered = {**form, "Body": "ganti"}
    assert client.post("/twilio/messages", data=tampered, headers={"X-Twilio-Signature": signature}).status_code == 403
    assert rasa.turns == []


def test_no_token_configured_fails_closed(settings_env, monkeypatch, rasa):
    from bot import create_app

    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "")
    app = create_app({**settings_env, "TWILIO_AUTH_TOKEN": "", "DEBUG": True})
    form = make_form()
    # Even a request "signed" with an empty token is refused.
    response = post(app.test_client(), form, token="")
    assert response.status_code == 403 and rasa.turns == []


def test_signature_checked_against_public_base_url(settings_env, rasa):
    from bot import create_app

    app = create_app({**settings_env, "PUBLIC_BASE_URL": "https://bot.example.id"})
    client = app.test_client()
    form = make_form()
    assert post(client, form).status_code == 403  # signed for the internal URL
    signed = post(client, form, url="https://bot.example.id/twilio/messages")
    assert replies(signed) == ["Halo Bapak/Ibu."]


def test_wrong_content_type_is_415(client, rasa):
    url_only = RequestValidator(TEST_TOKEN).compute_signature(URL, {})
    response = client.post("/twilio/messages", json={"Body": "halo"}, headers={"X-Twilio-Signature": url_only})
    assert response.status_code == 415 and rasa.turns == []
    # And without a valid signature, 403 first.
    assert client.post("/twilio/messages", json={"Body": "halo"}).status_code == 403


# --------------------------------------------------------------------------- de-duplication


def test_retried_message_sid_is_answered_but_processed_once(app, client, rasa):
    form = make_form(sid="SM" + "b" * 32)
    first = replies(post(client, form))
    rasa.replies = [{"text": "lain"}]
    again = replies(post(client, form))
    assert again == first == ["Halo Bapak/Ibu."]
    assert len(rasa.turns) == 1
    assert sorted(r["status"] for r in rows(app, direction="in")) == ["duplicate", "processed"]


def test_concurrent_messages_of_one_sender_are_serialised(app, rasa):
    active, overlaps = [], []
    lock = threading.Lock()

    def slow(sender, text, metadata=None, settings=None):
        with lock:
            active.append(text)
            if len(active) > 1:
                overlaps.append(text)
        threading.Event().wait(0.3)
        with lock:
            active.remove(text)
        return [{"text": text}]

    rasa_client.send = slow
    results = {}

    def worker(body):
        results[body] = replies(post(app.test_client(), make_form(body=body)))

    threads = [threading.Thread(target=worker, args=(b,)) for b in ("satu", "dua", "tiga")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert results == {"satu": ["satu"], "dua": ["dua"], "tiga": ["tiga"]}
    assert overlaps == []


# --------------------------------------------------------------------------- keywords


@pytest.mark.parametrize("word", ["STOP", "berhenti", "Unsubscribe"])
def test_stop_opts_out_without_rasa(app, client, rasa, word):
    reply = replies(post(client, make_form(body=word)))
    assert "MULAI" in reply[0] and [t["text"] for t in rasa.turns] == ["/cancel"]  # ends a form, silently
    db = store.open_db(app.config["SETTINGS"].db_path)
    assert store.is_opted_out(db, "+6281234567890")
    assert rows(app, direction="in")[0]["intent"] == "stop"


def test_start_opts_in_again(app, client, rasa):
    replies(post(client, make_form(body="STOP")))
    reply = replies(post(client, make_form(body="mulai")))
    assert "MENU" in reply[0]
    assert not store.is_opted_out(store.open_db(app.config["SETTINGS"].db_path), "+6281234567890")


def test_menu_and_batal_become_intents(client, rasa):
    replies(post(client, make_form(body="Menu")))
    replies(post(client, make_form(body="BATAL")))
    assert [t["text"] for t in rasa.turns] == ["/ask_menu", "/cancel"]


def test_batal_first_in_a_sentence_ends_the_form_then_reads_the_rest(client, rasa):
    """Exploratory round 6, conversation 14: "batal pak. sy mau cek yg DOK-0003" was taken for
    the applicant's name; only a bare BATAL cancelled."""
    rasa.replies = [{"text": "DOK-0003 ..."}]
    assert replies(post(client, make_form(body="batal pak. sy mau cek yg DOK-0003"))) == ["DOK-0003 ..."]
    assert [t["text"] for t in rasa.turns] == ["/cancel", "sy mau cek yg DOK-0003"]
    rasa.turns.clear()
    replies(post(client, make_form(body="Batal ngurus ktp, mau akta", sid="SM-batal-2")))
    assert [t["text"] for t in rasa.turns] == ["Batal ngurus ktp, mau akta"]  # no BATAL said first


def test_batal_between_a_story_and_a_reason_ends_the_form_and_nothing_more(client, rasa):
    """Round 24: "waduh KTPne nang bojoku, wis lah mas gak sido wae, sesuk ae tak urus dewe" was read
    as a status question and the form went on."""
    rasa.replies = [{"text": "Baik, permintaan dibatalkan."}]
    body = "waduh KTPne nang bojoku, wis lah mas gak sido wae, sesuk ae tak urus dewe nang balai desa"
    assert replies(post(client, make_form(body=body))) == ["Baik, permintaan dibatalkan."]
    assert [t["text"] for t in rasa.turns] == ["/cancel"]
    rasa.turns.clear()
    post(client, make_form(body="ya wis, gak jadi, mau cek DOK-0003 aja", sid="SM-batal-3"))
    assert [t["text"] for t in rasa.turns] == ["/cancel", "ya wis mau cek DOK-0003 aja"]   # the rest asks: read


def test_another_request_instead_of_the_form_ends_it_and_is_read(client, rasa):
    """Round 25: "eh sebentar, aku mau lapor jalan rusak aja" went on with the pregnancy report."""
    rasa.active_loop = "pregnancy_form"
    body = "eh sebentar, aku mau lapor jalan rusak aja, jalan ke dusun sukorejo bolong2 gede"
    rasa.replies = [{"text": "Di desa mana?"}]
    said = replies(post(client, make_form(body=body)))
    assert [t["text"] for t in rasa.turns] == ["/cancel", "/file_complaint"]
    # round 27 F7: the villager is told the report was dropped (in the first reply's segment)
    assert said == ["Laporan ibu hamil tadi tidak dilanjutkan. Di desa mana?"]
    assert rasa.turns[1]["metadata"]["text"] == body          # the form reads the words
    rasa.turns.clear()
    post(client, make_form(body="eh gak sido, aku arep ngurus KK anyar wae soale adikku wis rabi", sid="SM-instead-3"))
    assert [t["text"] for t in rasa.turns] == ["/cancel", "/request_document"]   # round 26: read as no service
    rasa.turns.clear()
    rasa.active_loop = "transport_form"
    post(client, make_form(body="mau dijemput jam 8 aja", sid="SM-instead-2"))
    assert [t["text"] for t in rasa.turns] == ["mau dijemput jam 8 aja"]   # the ride's own answer


def test_a_status_question_in_words_is_a_status_check(app, client, rasa):
    """Exploratory round 6, conversation 14: "yang KIA kenapa ditolak pak?" opened a new KIA
    application. It is the status of her cases (the words go along), or that this number has
    none (a fresh-clone chat: "yang KK kenapa ditolak?" from a new number asked "KK untuk apa?")."""
    replies(post(client, make_form(body="yang KIA kenapa ditolak pak?")))
    ((turn,),) = [rasa.turns]
    assert turn["text"] == "/check_status" and turn["metadata"]["text"] == "yang KIA kenapa ditolak pak?"
    rasa.turns.clear()
    replies(post(client, make_form(body="gimana cara bikin kia", sid="SM-status-3")))
    assert [t["text"] for t in rasa.turns] == ["gimana cara bikin kia"]  # a how-to is a request


def test_a_levy_story_opens_a_complaint_with_its_words(client, rasa):
    """Exploratory round 6, conversation 12: the levy story was read as a status check
    ("Belum ada permohonan dari nomor HP ini") and its facts never reached the case."""
    story = ("pak sy mau lapor. kemarin sy ngurus surat pengantar SKCK di kantor desa Rejosari, sama perangkat "
             "desanya dimintai uang 50 ribu katanya biar cepet. itu resmi apa nggak sih?")
    replies(post(client, make_form(body=story)))
    ((turn,),) = [rasa.turns]
    # the desa it names goes with it (round 18: "di kantor desa Olehsari" was asked again)
    assert turn["text"] == '/file_complaint{"village": "Rejosari"}' and turn["metadata"]["text"] == story
    rasa.turns.clear()
    replies(post(client, make_form(body="ngurus ktp di desa bayar berapa?", sid="SM-levy-2")))
    assert [t["text"] for t in rasa.turns] == ["ngurus ktp di desa bayar berapa?"]  # a question, no story


def test_digit_right_after_the_menu_is_the_menu_choice(app, client, rasa):
    marker = menu.markers()[0]
    rasa.replies = [{"text": marker + " ..."}]
    replies(post(client, make_form(body="menu")))
    rasa.replies = [{"text": "Dokumen apa?"}]
    replies(post(client, make_form(body="1")))
    replies(post(client, make_form(body="1")))  # no longer right after the menu
    assert [t["text"] for t in rasa.turns] == ["/ask_menu", "/request_document", "1"]
    # "3 Darurat" asks first: tests/unit/test_emergency_menu.py


def test_digit_without_menu_is_plain_text(client, rasa):
    replies(post(client, make_form(body="2")))
    assert rasa.turns[0]["text"] == "2"


def test_leading_slash_is_stripped(client, rasa):
    replies(post(client, make_form(body="/pregnancy_emergency")))
    assert rasa.turns[0]["text"] == "pregnancy_emergency"


def test_officer_commands_then_handover_before_rasa(app, client, rasa, monkeypatch):
    calls = []
    monkeypatch.setattr(officer_commands, "handle", lambda db, s, msg: calls.append("officer") or None)
    monkeypatch.setattr(handover, "handle", lambda db, s, msg: calls.append("handover") or ["Pesan diteruskan."])
    assert replies(post(client, make_form(body="tolong"))) == ["Pesan diteruskan."]
    assert calls == ["officer", "handover"] and rasa.turns == []
    monkeypatch.setattr(officer_commands, "handle", lambda db, s, msg: ["KASUS: tidak ada"])
    assert replies(post(client, make_form(body="KASUS"))) == ["KASUS: tidak ada"]


# --------------------------------------------------------------------------- bad input and failures


def test_overlong_body_gets_a_clear_reply_and_is_logged(app, client, rasa):
    body = "panjang " * 250
    reply = replies(post(client, make_form(body=body)))
    assert reply == [pipeline.TOO_LONG] and rasa.turns == []
    assert rows(app, direction="in")[0]["body"] == body.strip()


def test_emoji_reaches_rasa_and_sms_reply_is_gsm7(client, rasa):
    rasa.replies = [{"text": "Baik 👍 “Bapak/Ibu” – terima kasih…"}]
    reply = replies(post(client, make_form(body="halo 😀🙏")))
    assert rasa.turns[0]["text"] == "halo 😀🙏"
    assert reply == ['Baik "Bapak/Ibu" - terima kasih...'] and all(is_gsm7(r) for r in reply)


def test_whatsapp_reply_keeps_unicode(client, rasa):
    rasa.replies = [{"text": "Baik 👍"}]
    assert replies(post(client, make_form(whatsapp=True))) == ["Baik 👍"]


@pytest.mark.parametrize("sender", ["", "not-a-number", "whatsapp:abc"])
def test_missing_or_malformed_from_is_400_and_logged(app, client, rasa, sender):
    form = make_form()
    form["From"] = sender
    response = post(client, form)
    assert response.status_code == 400 and rasa.turns == []
    db = store.open_db(app.config["SETTINGS"].db_path)
    logged = list(db["messages"].rows_where("message_sid = ?", [form["MessageSid"]]))
    assert len(logged) == 1 and logged[0]["status"] == "error" and logged[0]["error"]


def test_rasa_down_keeps_the_message_and_notes_it_once(app, client, rasa, notices):
    """Issue 9: a message Rasa cannot answer waits in the inbox (status pending), the villager
    gets one short note per outage, and the drain answers in order once Rasa is back."""
    rasa.error = rasa_client.RasaUnavailable("ConnectionError calling Rasa")
    first, second = make_form(body="halo", sid="SM" + "1" * 32), make_form(body="mau bikin ktp", sid="SM" + "2" * 32)
    assert replies(post(client, first)) == [inbox.ACK]
    assert replies(post(client, second)) == []          # one note per outage, not an apology per message
    assert replies(post(client, first)) == []           # Twilio's retry: no second turn
    pending = [r for r in rows(app, direction="in") if r["status"] == "pending"]
    assert [r["body"] for r in sorted(pending, key=lambda r: r["id"])] == ["halo", "mau bikin ktp"]
    assert "rasa" in pending[0]["error"] or "rasa" in pending[1]["error"]
    rasa.error, rasa.turns = None, []
    with app.app_context():
        assert inbox.drain(PHONE_E164) == "2 answered"
    assert [t["text"] for t in rasa.turns] == ["halo", "mau bikin ktp"]   # in order, each once
    assert [body for to, body, *_ in notices] == ["Halo Bapak/Ibu.", "Halo Bapak/Ibu."]
    assert {r["status"] for r in rows(app, direction="in") if r["body"] in ("halo", "mau bikin ktp")} >= {"processed"}
    with app.app_context():
        assert inbox.drain(PHONE_E164) == "0 answered"   # nothing twice


def test_a_turn_rasa_finished_after_the_webhook_gave_up_is_not_run_again(app, client, rasa, notices):
    """Exactly once: the tracker shows the turn of that message id; its replies are sent."""
    rasa.error = rasa_client.RasaUnavailable("ReadTimeout")
    post(client, make_form(body="halo"))
    (row,) = [r for r in rows(app, direction="in") if r["status"] == "pending"]
    rasa.error, rasa.turns = None, []
    rasa.events = [{"event": "user", "text": "halo", "metadata": {"message_id": row["id"]}},
                   {"event": "bot", "text": "Sudah dijawab."}]
    with app.app_context():
        inbox.drain(PHONE_E164)
    assert rasa.turns == [] and [body for _, body, *_ in notices] == ["Sudah dijawab."]


def test_a_timed_out_turn_is_not_sent_again_until_rasa_has_settled(app, client, rasa, notices, monkeypatch):
    """A timeout delivered the turn: a paused Rasa may still run it. No blind resend."""
    rasa.error = rasa_client.RasaUnavailable("ReadTimeout calling Rasa")
    post(client, make_form(body="halo"))
    rasa.error, rasa.turns = None, []
    with app.app_context(), pytest.raises(inbox.Busy):
        inbox.drain(PHONE_E164)
    assert rasa.turns == []
    monkeypatch.setattr(inbox, "SETTLE_SECONDS", 0)   # Rasa answered and showed no trace of it since
    with app.app_context():
        assert inbox.drain(PHONE_E164) == "1 answered"
    assert [t["text"] for t in rasa.turns] == ["halo"]


def test_unexpected_error_is_never_a_500(app, client, rasa, monkeypatch):
    def boom(db, settings, msg):
        raise RuntimeError("bug")

    monkeypatch.setattr(officer_commands, "handle", boom)
    reply = replies(post(client, make_form()))
    assert reply == [pipeline.UNAVAILABLE]
    assert rows(app, direction="in")[0]["status"] == "error"


def test_logs_carry_no_phone_or_body(app, client, rasa, caplog):
    rasa.error = rasa_client.RasaUnavailable("down")
    with caplog.at_level("DEBUG"):
        replies(post(client, make_form(body="rahasia pribadi")))
        post(client, make_form(), signature="forged")
        form = make_form()
        form["From"] = "garbage-number"
        post(client, form)
    text = caplog.text
    assert "6281234567890" not in text and "rahasia" not in text and "garbage-number" not in text


# --------------------------------------------------------------------------- status callback


def test_status_callback_updates_outbound_message(app, client):
    db = store.open_db(app.config["SETTINGS"].db_path)
    message_id = store.log_message(db, "out", "sms", "+6281234567890", "x", status="sent")
    store.update_message(db, message_id, message_sid="SM" + "c" * 32)
    form = {"MessageSid": "SM" + "c" * 32, "MessageStatus": "delivered"}
    url = "http://localhost/twilio/status"
    signature = RequestValidator(TEST_TOKEN).compute_signature(url, form)
    assert client.post("/twilio/status", data=form).status_code == 403
    assert client.post("/twilio/status", data=form, headers={"X-Twilio-Signature": signature}).status_code == 204
    assert db["messages"].get(message_id)["status"] == "delivered"


def test_a_message_the_database_refuses_is_kept_in_redis_and_answered_later(app, client, rasa, monkeypatch):
    """Never a lost message: the database refuses the row (locked past every attempt, disk
    full); Redis keeps the message, the villager hears it was received (a danger sign gets
    the advice at once), and the sweep stores it as pending for the drain."""
    from bot.core import outbound
    from bot.core.redis_client import get_redis

    settings = app.config["SETTINGS"]
    r = get_redis(settings.redis_url)
    real = store.log_message

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "log_message", broken)
    monkeypatch.setattr(inbox.time, "sleep", lambda s: None)
    monkeypatch.setattr(outbound, "schedule", lambda *a, **k: None)
    assert replies(post(client, make_form(body="halo", sid="SM" + "1" * 32))) == [inbox.ACK]
    danger = replies(post(client, make_form(body="istri hamil 8 bulan pendarahan banyak", sid="SM" + "2" * 32)))
    assert len(danger) == 1 and "DARURAT" in danger[0] and "112" in danger[0]
    assert rasa.turns == [] and r.llen(inbox.SPILL_KEY) == 2
    monkeypatch.setattr(store, "log_message", real)  # the database is back
    monkeypatch.setattr(inbox, "schedule_drain", lambda phone: None)
    db = store.open_db(settings.db_path)
    assert inbox.take_spilled(db, r) == 2 and r.llen(inbox.SPILL_KEY) == 0
    assert [(m["body"], m["status"]) for m in rows(app, direction="in")] == [
        ("halo", "pending"), ("istri hamil 8 bulan pendarahan banyak", "pending")]
    # the same sid spilled twice (Twilio's retry while the database still refused) is one message
    monkeypatch.setattr(store, "log_message", broken)
    post(client, make_form(body="halo", sid="SM" + "1" * 32))
    monkeypatch.setattr(store, "log_message", real)
    assert inbox.take_spilled(db, r) == 1
    assert [m["status"] for m in rows(app, direction="in")] == ["pending", "pending", "duplicate"]
    # an unreadable record is set aside, and the messages behind it are still taken
    r.rpush(inbox.SPILL_KEY, b"{not json")
    monkeypatch.setattr(store, "log_message", broken)
    post(client, make_form(body="masih ada", sid="SM" + "3" * 32))
    monkeypatch.setattr(store, "log_message", real)
    assert inbox.take_spilled(db, r) == 1 and r.llen(inbox.SPILL_KEY) == 0
    assert r.lrange(inbox.SPILL_KEY + ":unreadable", 0, -1) == [b"{not json"]
    assert rows(app, direction="in")[-1]["body"] == "masih ada"


def test_database_and_redis_both_down_still_answer(app, client, rasa, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    def no_redis(*args, **kwargs):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(store, "log_message", broken)
    monkeypatch.setattr(inbox, "spill", no_redis)
    assert replies(post(client, make_form())) == [pipeline.UNAVAILABLE]
    assert rasa.turns == []


# Twilio's status words and error codes -> the project's status of the outbound message.
STATUS_CASES = [
    ("queued", None, "queued"),
    ("sending", None, "sent"),
    ("sent", None, "sent"),
    ("delivered", None, "delivered"),
    ("read", None, "delivered"),
    ("undelivered", "30003", "failed"),
    ("failed", "30008", "failed"),
    ("failed", "21610", "blocked"),  # the recipient texted STOP to our number
    ("undelivered", "63018", "failed"),
    ("receiving", None, "sent"),  # a word we do not map: the row keeps its status
]


@pytest.mark.parametrize("twilio_status, error, ours", STATUS_CASES)
def test_status_callback_words_map_to_ours(app, client, twilio_status, error, ours):
    db = store.open_db(app.config["SETTINGS"].db_path)
    message_id = store.log_message(db, "out", "sms", "+6281234567890", "x", status="sent")
    sid = "SM" + secrets.token_hex(16)
    store.update_message(db, message_id, message_sid=sid)
    form = {"MessageSid": sid, "MessageStatus": twilio_status, **({"ErrorCode": error} if error else {})}
    response = twilio.post_signed(client, "/twilio/status", form, TEST_TOKEN,
                                  signed_url="http://localhost/twilio/status")
    assert response.status_code == 204
    row = db["messages"].get(message_id)
    assert row["status"] == ours
    assert (row["error"] or None) == (f"twilio {error}" if error else None)


# --------------------------------------------------------------------------- the emergency net


def test_a_sign_without_a_pregnancy_word_is_an_emergency_for_a_contact_with_a_report(app, client, rasa):
    db = store.open_db(app.config["SETTINGS"].db_path)
    store.create_case(db, "pregnancy", "+6281234567890", "sms", village="Jambewangi", district="Sempu")
    replies(post(client, make_form(body="sakit kepala hebat dan pandangan kabur")))
    (turn,) = rasa.turns
    assert turn["text"] == "/pregnancy_emergency"
    assert turn["metadata"]["text"] == "sakit kepala hebat dan pandangan kabur"


def test_the_same_words_from_a_stranger_go_to_the_nlu_as_they_are(client, rasa):
    replies(post(client, make_form(phone="+6281234567899", body="sakit kepala hebat dan pandangan kabur")))
    assert [t["text"] for t in rasa.turns] == ["sakit kepala hebat dan pandangan kabur"]


def test_a_danger_sign_is_never_swallowed_by_a_follow_up(app, client, rasa):
    """A reply window to an officer (BALAS) forwards messages; a danger sign goes to Rasa instead."""
    db = store.open_db(app.config["SETTINGS"].db_path)
    case = store.create_case(db, "pregnancy", "+6281234567890", "sms", village="Jambewangi", district="Sempu",
                             assigned_to=["+6285200001174"])
    store.update_case(db, case["ref"], actor="bidan:+6285200001174", event="officer_reply", note="besok saya datang")
    assert "diteruskan" in replies(post(client, make_form(body="baik bu bidan terima kasih")))[0]
    replies(post(client, make_form(body="bu tolong istri saya hamil keluar darah banyak")))
    assert [t["text"] for t in rasa.turns] == ["bu tolong istri saya hamil keluar darah banyak"]


@pytest.mark.parametrize("text", ["bojoku seneng mukul aku, aku wedi", "saya sering dipukul suami"])
def test_a_disclosure_of_violence_opens_a_complaint(client, rasa, text):
    replies(post(client, make_form(body=text)))
    (turn,) = rasa.turns
    assert turn["text"] == "/file_complaint" and turn["metadata"]["text"] == text


def test_in_a_form_a_disclosure_stays_the_villagers_words(client, rasa):
    rasa.active_loop = "pregnancy_form"
    replies(post(client, make_form(body="bojoku seneng mukul aku")))
    assert [t["text"] for t in rasa.turns] == ["bojoku seneng mukul aku"]


def test_a_flood_from_one_number_gets_one_note_then_silence(app, client, rasa):
    """Issue 9: 40 messages in a burst cost the bot 6 answers and one note, not 40 SMS; every
    one is stored; a danger sign still goes through."""
    got = [replies(post(client, make_form(body=f"tes {i}", sid=f"SM{i:032d}"))) for i in range(40)]
    answered = [g for g in got if g == ["Halo Bapak/Ibu."]]
    notes = [g for g in got if g and g[0].startswith("Maaf Bapak/Ibu, pesan terlalu banyak")]
    assert len(answered) == 6 and len(notes) == 1 and sum(1 for g in got if g == []) == 33
    inbound = rows(app, direction="in")
    assert len(inbound) == 40 and sum(1 for r in inbound if r["status"] == "limited") == 34
    # the note is kept like every reply (round 20: it was not), as sent in the answer
    (kept,) = [r for r in rows(app, direction="out") if r["body"].startswith("Maaf Bapak/Ibu, pesan terlalu banyak")]
    assert kept["status"] == "sent" and kept["reply_to"] is not None
    alarm = replies(post(client, make_form(body="tolong istri sy hamil pendarahan banyak", sid="SM" + "9" * 32)))
    assert alarm == ["Halo Bapak/Ibu."] and rasa.turns[-1]["text"] == "tolong istri sy hamil pendarahan banyak"
    other = replies(post(client, make_form(phone="+6281299999999", body="halo", sid="SM" + "8" * 32)))
    assert other == ["Halo Bapak/Ibu."]  # one number's flood is that number's


def test_past_the_global_limit_messages_wait_in_the_inbox(app, client, rasa, monkeypatch, notices):
    """Issue 9: a burst from many numbers does not overload Rasa: past GLOBAL_BURST in 10 s new
    messages are kept pending (one note each) and drained at the worker's pace; a danger sign
    still goes through at once."""
    import dataclasses

    monkeypatch.setitem(app.config, "SETTINGS", dataclasses.replace(app.config["SETTINGS"], global_burst=3))
    got = [replies(post(client, make_form(phone=f"+628130000{i:04d}", body="halo", sid=f"SM{i:032d}")))
           for i in range(5)]
    assert got[:3] == [["Halo Bapak/Ibu."]] * 3 and got[3:] == [[inbox.ACK]] * 2
    waiting = [r for i in range(3, 5) for r in rows(app, phone=f"+628130000{i:04d}", direction="in")]
    assert [r["status"] for r in waiting] == ["pending", "pending"]
    alarm = replies(post(client, make_form(phone="+6281300009999", body="tolong istri sy hamil pendarahan banyak",
                                           sid="SM" + "7" * 32)))
    assert alarm == ["Halo Bapak/Ibu."]   # through to Rasa at once


def test_a_message_cut_off_mid_turn_goes_back_to_the_inbox(app, client, rasa, notices):
    """A webhook worker killed mid-request leaves the row "received": the sweep puts it back
    (pending) and the drain answers it; fresh rows are left alone."""
    with app.app_context():
        db = get_db()
        old = store.log_message(db, "in", "sms", PHONE_E164, "halo", message_sid="SM" + "5" * 32)
        fresh = store.log_message(db, "in", "sms", "+6281200000002", "halo", message_sid="SM" + "6" * 32)
        db["messages"].update(old, {"updated_at": "2020-01-01T00:00:00+07:00"})
        assert inbox.interrupted(db) == 1
        assert db["messages"].get(old)["status"] == "pending" and db["messages"].get(fresh)["status"] == "received"
        assert inbox.drain(PHONE_E164) == "1 answered"
    assert [body for _, body, *_ in notices] == ["Halo Bapak/Ibu."]


def test_a_message_behind_one_cut_off_waits_for_it(app, client, rasa, notices):
    """Order per contact across a dead webhook worker: the contact's older message still
    "received" (its turn was cut off) goes first; the new one waits in the inbox behind it and
    the drain answers both in order once the cut-off one is given up."""
    with app.app_context():
        db = get_db()
        old = store.log_message(db, "in", "sms", PHONE_E164, "Budi Santoso", message_sid="SM" + "5" * 32)
        db["messages"].update(old, {"created_at": "2020-01-01T00:00:00+07:00"})   # no live request is that old
    got = replies(post(client, make_form(body="3510011207850003", sid="SM" + "6" * 32)))
    assert got == [inbox.ACK] and rasa.turns == []                       # not processed before the older one
    with app.app_context():
        db = get_db()
        new = rows(app, phone=PHONE_E164, direction="in")[-1]
        assert new["status"] == "pending"
        with pytest.raises(inbox.Busy):                                  # the older one may still be running
            inbox.drain(PHONE_E164)
        assert rasa.turns == []
        db["messages"].update(old, {"updated_at": "2020-01-01T00:00:00+07:00"})
        assert inbox.drain(PHONE_E164) == "2 answered"                   # given up: both, in order
    assert [t["text"] for t in rasa.turns] == ["Budi Santoso", "3510011207850003"]


def test_the_sender_lock_not_taken_the_message_waits(app, client, rasa, monkeypatch, notices, redis_url):
    """A turn of this contact still holds the lock (or its worker died holding it): the new
    message is kept for the drain, never processed beside it."""
    from bot.core.redis_client import get_redis

    get_redis(redis_url).set(f"sk:lock:{PHONE_E164}", "another turn", ex=60)
    monkeypatch.setattr(state, "LOCK_WAIT_SECONDS", 0.3)
    assert replies(post(client, make_form(body="halo"))) == [inbox.ACK]
    assert rasa.turns == [] and rows(app, direction="in")[-1]["status"] == "pending"


def test_batal_first_then_a_reason_ends_the_form_and_reads_nothing_more(client, rasa):
    """Round 28 F6: "mboten sios mas, piyambakipun sampun lapor dhateng bu bidan kiyambak" ended the
    form, then read the reason as a status question ("Belum ada permohonan")."""
    rasa.replies = [{"text": "Baik, permintaan dibatalkan."}]
    said = replies(post(client, make_form(body="mboten sios mas, piyambakipun sampun lapor dhateng bu bidan kiyambak")))
    assert said == ["Baik, permintaan dibatalkan."] and [t["text"] for t in rasa.turns] == ["/cancel"]


@pytest.mark.parametrize("signed, checked", [
    ("https://bot.example/twilio/messages", "https://bot.example/twilio/messages"),
    ("https://bot.example:443/twilio/messages", "https://bot.example/twilio/messages"),   # Twilio signed the port
    ("https://bot.example/twilio/messages", "https://bot.example:443/twilio/messages"),
    ("http://localhost:5000/twilio/messages?x=1", "http://localhost:5000/twilio/messages?x=1"),
    ("https://bot.example/twilio/other", "https://bot.example/twilio/messages"),           # another URL: refused
])
def test_the_signature_check_agrees_with_twilios_validator(signed, checked, monkeypatch):
    """Issue 9: one HMAC when the first form of the URL matches, never a different verdict."""
    from bot import twilio_webhook

    form = {"From": "+6281234567890", "Body": "halo & <b>", "MessageSid": "SM1"}
    validator = RequestValidator(TEST_TOKEN)
    for signature in (validator.compute_signature(signed, form), "wrong", "ÿ" * 28, ""):
        assert twilio_webhook.signature_matches(validator, checked, form, signature) == validator.validate(
            checked, form, signature)
    computed = []
    real = validator.compute_signature
    monkeypatch.setattr(validator, "compute_signature", lambda url, params: computed.append(url) or real(url, params))
    twilio_webhook.signature_matches(validator, checked, form, real("https://bot.example/twilio/messages", form))
    portless = twilio_webhook.remove_port(twilio_webhook.urlparse(checked))
    assert len(computed) == (1 if portless == "https://bot.example/twilio/messages" else 2)


def test_a_repeated_form_field_is_checked_not_a_server_error(app, client, rasa):
    """A field sent twice (Body=a&Body=b) made the signature check raise: a 500 for anyone
    who posts one. Now it is signed with both values, as Twilio's validator reads a form."""
    from werkzeug.datastructures import MultiDict

    form = MultiDict([*make_form(body="a").items(), ("Body", "b")])
    data = "&".join(f"{k}={v}" for k, v in form.items(multi=True)).replace("+", "%2B")
    wrong = client.post("/twilio/messages", data=data, content_type="application/x-www-form-urlencoded",
                        headers={"X-Twilio-Signature": "abc"})
    assert wrong.status_code == 403
    signature = RequestValidator(TEST_TOKEN).compute_signature(URL, form)
    right = client.post("/twilio/messages", data=data, content_type="application/x-www-form-urlencoded",
                        headers={"X-Twilio-Signature": signature})
    assert right.status_code == 200
