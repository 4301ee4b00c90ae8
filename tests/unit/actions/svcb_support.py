"""Support for the action tests of pregnancy, emergency, transport and Rantang Kasih:
the merged domain, a tmp database with captured notifications and schedules, and a
helper that runs a form validation the way Rasa calls it (slot candidates after the
user's message)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from bot.core import store

ROOT = Path(__file__).resolve().parents[3]
VILLAGER = "+6281200000001"

# Officers of Desa Jambewangi / Kec. Sempu in data/officers.csv
BIDAN_JAMBEWANGI = "+6285200001174"
BHABIN_JAMBEWANGI = "+6285200003174"
OPERATOR_JAMBEWANGI = "+6285200004174"
PUSKESMAS_SEMPU = "+6285200002920"
BINMAS_SEMPU = "+6285200003920"
JEKMIL_SEMPU = "+6285200005920"


def load_domain() -> dict:
    """domain/*.yml merged the way Rasa merges the folder (enough for rasa_sdk)."""
    merged: dict = {"slots": {}, "forms": {}, "responses": {}, "actions": [], "intents": []}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("slots", "forms", "responses"):
            merged[key].update(part.get(key) or {})
        for key in ("actions", "intents"):
            merged[key] += part.get(key) or []
    return merged


DOMAIN = load_domain()


def retry_text(response: str) -> str:
    """The text an invalid answer is re-asked with (the response's unconditional variant)."""
    return next(v["text"] for v in DOMAIN["responses"][response] if not v.get("condition"))


def make_tracker(
    *,
    text: str = "",
    intent: str = "inform",
    entities: list[dict] | None = None,
    slots: dict | None = None,
    candidates: dict | None = None,
    active_loop: str | None = None,
    sender: str = VILLAGER,
    channel: str = "sms",
) -> Tracker:
    """A tracker whose latest event is the user's message, followed by slot candidates."""
    meta = {"channel": channel, "phone": sender}
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99},
              "entities": entities or [], "metadata": meta}
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots["requested_slot"] = None
    all_slots.update(slots or {})
    all_slots.update(candidates or {})
    events = [{"event": "user", "text": text, "parse_data": latest, "metadata": meta}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items()]
    return Tracker(
        sender_id=sender, slots=all_slots, latest_message=latest, events=events, paused=False,
        followup_action=None, active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher


def slot_events(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") or m.get("text") for m in dispatcher.messages]


def answer(action, form: str, slot: str, text: str, *, slots: dict | None = None, intent: str = "inform",
           entities: list[dict] | None = None, sender: str = VILLAGER):
    """The user answers ``text`` to ``slot``: returns (slot events, response names)."""
    tracker = make_tracker(
        text=text, intent=intent, entities=entities, active_loop=form, sender=sender,
        slots={**(slots or {}), "requested_slot": slot},
        candidates={} if slot == "village" else {slot: text},
    )
    events, dispatcher = run(action, tracker)
    return slot_events(events), responses(dispatcher)


def svcb_context(tmp_path, monkeypatch):
    """(generator for a fixture) A tmp DATA_DIR with a fresh database handle; notify/schedule captured, not queued."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EMERGENCY_ACK_SECONDS", "3")
    casework.reset_db()
    notified: list[dict] = []
    scheduled: list[dict] = []

    def fake_notify(to_phone, body, channel="whatsapp", case_ref=None):
        notified.append({"to": to_phone, "body": body, "channel": channel, "case_ref": case_ref})

    def fake_schedule(func_path, *args, at=None, in_seconds=None, **kwargs):
        scheduled.append({"func": func_path, "args": args, "at": at, "in_seconds": in_seconds})

    import bot.core.outbound

    monkeypatch.setattr(bot.core.outbound, "notify", fake_notify)
    monkeypatch.setattr(bot.core.outbound, "schedule", fake_schedule)

    class Ctx:
        pass

    ctx = Ctx()
    ctx.notified = notified
    ctx.scheduled = scheduled
    ctx.db = casework.db
    ctx.case = lambda ref: store.get_case(casework.db(), ref)
    ctx.to = lambda phone: [n for n in notified if n["to"] == phone]
    yield ctx
    casework.reset_db()
