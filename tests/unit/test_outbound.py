"""Outbound: notify() queues, the send job sends through the real Twilio client to
the local fake, re-checks the opt-out, retries and logs."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
import requests
from rq import SimpleWorker

from bot.core import outbound, store
from bot.core import settings as config
from bot.core.redis_client import get_redis
from bot.fake_twilio import FakeTwilioServer

PHONE = "+6281234567890"


@pytest.fixture
def fake(app):
    with FakeTwilioServer(callbacks=False) as server:
        # the app installed the process's settings; point their Twilio base at the fake
        config.use(dataclasses.replace(config.current(), twilio_api_base=server.url))
        yield server


def db():
    return store.open_db(config.current().db_path)


def run_jobs():
    queue = outbound.get_queue()
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def out_rows(phone=PHONE):
    return [r for r in reversed(store.messages_for(db(), phone)) if r["direction"] == "out"]


def test_notify_queues_and_logs_then_worker_sends(fake):
    outbound.notify(PHONE, "Kasus DOK-0001 baru.", channel="sms", case_ref="DOK-0001")
    row = out_rows()[0]
    assert (row["status"], row["case_ref"], row["channel"]) == ("queued", "DOK-0001", "sms")
    assert fake.messages() == []  # nothing sent before the worker runs
    run_jobs()
    sent = fake.messages(PHONE)
    assert [(m["to_raw"], m["body"]) for m in sent] == [(PHONE, "Kasus DOK-0001 baru.")]
    row = out_rows()[0]
    assert row["status"] == "sent" and row["message_sid"] == sent[0]["sid"]


def test_whatsapp_is_default_and_addressed_as_whatsapp(fake):
    outbound.notify(PHONE, "Halo 👍")
    run_jobs()
    message = fake.messages(PHONE)[0]
    assert message["to_raw"] == f"whatsapp:{PHONE}" and message["from_"].startswith("whatsapp:")
    assert message["body"] == "Halo 👍"


def test_sms_body_is_fitted_to_gsm7(fake):
    outbound.notify(PHONE, "Jadwal “besok” – jam 8 🙏", channel="sms")
    run_jobs()
    assert fake.messages(PHONE)[0]["body"] == 'Jadwal "besok" - jam 8'


def test_opt_out_is_checked_at_send_time(fake):
    outbound.notify(PHONE, "satu", channel="sms")
    store.set_opt_out(db(), PHONE, True)  # opted out after queueing, before sending
    run_jobs()
    assert fake.messages(PHONE) == []
    assert out_rows()[0]["status"] == "blocked"


def test_an_officers_message_blocked_by_stop_goes_out_after_mulai(fake):
    """Round 22: an officer's reply blocked by the villager's STOP was never delivered after MULAI."""
    store.set_opt_out(db(), PHONE, True)
    outbound.notify(PHONE, "DOK-0001: KK sudah jadi, ambil Senin.", channel="sms", case_ref="DOK-0001")
    outbound.notify(PHONE, "Terima kasih.", channel="sms")                       # the bot's own: no case
    old = outbound.notify(PHONE, "ADU-0001: lama", channel="sms", case_ref="ADU-0001")
    run_jobs()
    assert [r["status"] for r in out_rows()] == ["blocked", "blocked", "blocked"] and old is None
    stale = out_rows()[2]
    db()["messages"].update(stale["id"], {"created_at": (datetime.now(timezone.utc) - timedelta(days=4)).isoformat()})
    store.set_opt_out(db(), PHONE, False)
    assert outbound.resend_held(db(), PHONE) == 1
    run_jobs()
    assert [m["body"] for m in fake.messages(PHONE)] == ["DOK-0001: KK sudah jadi, ambil Senin."]
    assert [r["status"] for r in out_rows()] == ["sent", "blocked", "blocked"]
    assert outbound.resend_held(db(), PHONE) == 0                                  # once


def test_transient_failure_is_retried(fake):
    requests.post(f"{fake.url}/_fake/fail", data={"to": PHONE, "count": 1}, timeout=5)
    outbound.notify(PHONE, "coba lagi", channel="sms")
    run_jobs()
    assert out_rows()[0]["status"] == "retrying"
    assert fake.messages(PHONE) == []
    # RQ schedules the retry later; run it now.
    queue = outbound.get_queue()
    registry = queue.scheduled_job_registry
    for job_id in registry.get_job_ids():
        registry.remove(job_id)
        queue.enqueue_job(queue.fetch_job(job_id))
    run_jobs()
    assert [m["body"] for m in fake.messages(PHONE)] == ["coba lagi"]
    assert out_rows()[0]["status"] == "sent"


def test_permanent_failure_is_not_retried(fake):
    requests.post(f"{fake.url}/_fake/fail", data={"to": PHONE, "count": 1, "status": 400}, timeout=5)
    outbound.notify(PHONE, "nomor salah", channel="sms")
    run_jobs()
    row = out_rows()[0]
    assert row["status"] == "failed" and "21211" in row["error"]
    assert outbound.get_queue().scheduled_job_registry.get_job_ids() == []


def test_unsubscribed_recipient_is_blocked_not_retried(fake):
    requests.post(f"{fake.url}/_fake/fail", data={"to": PHONE, "count": 1, "status": 400, "code": 21610}, timeout=5)
    outbound.notify(PHONE, "kabar", channel="sms")
    run_jobs()
    row = out_rows()[0]
    assert row["status"] == "blocked" and "21610" in row["error"]
    assert outbound.get_queue().scheduled_job_registry.get_job_ids() == []


def test_rate_limit_is_retried(fake):
    requests.post(f"{fake.url}/_fake/fail", data={"to": PHONE, "count": 1, "status": 429}, timeout=5)
    outbound.notify(PHONE, "kabar", channel="whatsapp")
    run_jobs()
    row = out_rows()[0]
    assert row["status"] == "retrying" and "63018" in row["error"]
    assert len(outbound.get_queue().scheduled_job_registry.get_job_ids()) == 1


def test_long_body_is_cut_to_twilio_limit(fake):
    outbound.notify(PHONE, "x" * 1700, channel="whatsapp")
    run_jobs()
    assert len(fake.messages(PHONE)[0]["body"]) == 1600


def test_a_sent_message_is_not_sent_twice(fake):
    outbound.notify(PHONE, "sekali", channel="sms")
    run_jobs()
    message_id = out_rows()[0]["id"]
    assert outbound.send_message(message_id) == "sent"
    assert len(fake.messages(PHONE)) == 1


def test_notify_raises_when_redis_is_down(app):
    config.use(dataclasses.replace(config.current(), redis_url="redis://127.0.0.1:9/0"))
    get_redis.cache_clear()
    with pytest.raises(outbound.OutboundError):
        outbound.notify(PHONE, "x")
    get_redis.cache_clear()
    assert out_rows()[0]["status"] == "failed"


def test_schedule_runs_a_function_later(app):
    job = outbound.schedule("bot.core.clock.now_iso", in_seconds=60)
    assert job.id in outbound.get_queue().scheduled_job_registry.get_job_ids()
    at = datetime.now(timezone.utc) + timedelta(minutes=5)
    job2 = outbound.schedule("bot.core.clock.now_iso", at=at)
    assert job2.id in outbound.get_queue().scheduled_job_registry.get_job_ids()
    job3 = outbound.schedule("bot.core.clock.now_iso")
    run_jobs()
    assert job3.latest_result().return_value.endswith("+07:00")
    with pytest.raises(ValueError):
        outbound.schedule("bot.core.clock.now_iso", at=datetime.now())
    get_redis(config.current().redis_url).flushdb()
