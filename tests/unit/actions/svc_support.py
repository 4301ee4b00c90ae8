"""Helpers for the action tests of the services (documents, complaints, status, handover, menu):
a rasa_sdk Tracker builder and a fixture with a tmp database and captured notifications."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from bot.core import store

ROOT = Path(__file__).resolve().parents[3]
VILLAGER = "+6281200000001"
DOMAIN_SLOTS = (
    "village", "district", "village_choices", "village_prompt", "retry_prompt", "requested_slot",
)


def make_tracker(
    *,
    text: str = "",
    intent: str = "inform",
    entities: list[dict] | None = None,
    slots: dict | None = None,
    metadata: dict | None = None,
    active_loop: str | None = None,
    events: list[dict] | None = None,
    sender: str = VILLAGER,
    extracted: dict | None = None,
) -> Tracker:
    """A tracker after a user message. ``extracted``: slot candidates Rasa core's own
    mappings (from_text, from_entity) found in that message, appended as slot events
    the way the form action passes them to the validation action."""
    meta = {"channel": "sms", "phone": sender}
    meta.update(metadata or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        "metadata": meta,
    }
    all_slots = dict(slots or {})
    all_slots.update(extracted or {})
    slot_events = [{"event": "slot", "name": k, "value": v} for k, v in (extracted or {}).items()]
    return Tracker(
        sender_id=sender,
        slots=all_slots,
        latest_message=latest,
        events=list(events or []) + [{"event": "user", "text": text, "parse_data": latest, "metadata": meta}]
        + slot_events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def load_domain() -> dict:
    """The domain folder merged (slots, forms, responses, actions) as the action server gets it."""
    merged: dict = {"slots": {}, "forms": {}, "responses": {}, "actions": [], "intents": []}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("slots", "forms", "responses"):
            merged[key].update(data.get(key) or {})
        for key in ("actions", "intents"):
            merged[key].extend(data.get(key) or [])
    merged["slots"].setdefault("requested_slot", {"type": "any", "mappings": []})
    return merged


DOMAIN = None


def domain() -> dict:
    global DOMAIN
    if DOMAIN is None:
        DOMAIN = load_domain()
    return DOMAIN


def run_action(action, tracker: Tracker) -> tuple[list[dict], CollectingDispatcher]:
    """Run an action (its ``run`` is a coroutine) and return its events and dispatcher."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain()))
    return events, dispatcher


def slot_events(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("text") for m in dispatcher.messages if m.get("text")]


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages if m.get("response")]


@pytest.fixture
def svc(tmp_path, monkeypatch):
    """A tmp DATA_DIR (fresh database handle) and the notifications that would be sent."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    casework.reset_db()
    sent: list[dict] = []

    def fake_notify(to_phone, body, channel="whatsapp", case_ref=None):
        sent.append({"to": to_phone, "body": body, "channel": channel, "case_ref": case_ref})

    import bot.core.outbound

    monkeypatch.setattr(bot.core.outbound, "notify", fake_notify)

    class Ctx:
        notified = sent

        @staticmethod
        def db():
            return casework.db()

        @staticmethod
        def case(ref):
            return store.get_case(casework.db(), ref)

    yield Ctx
    casework.reset_db()
