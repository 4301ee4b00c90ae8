"""What the action tests need to call an action the way the action server does: the merged
domain, a rasa_sdk ``Tracker`` after a user message, running an action, reading what it
said and set, and the phones of the officers the demo directory routes to.

The ``svc`` fixture (a tmp database, notifications and schedules captured) is in
``conftest.py`` next to this file.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

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
    """domain/*.yml merged the way Rasa merges the folder (slots, forms, responses, actions,
    intents), with Rasa's own ``requested_slot`` slot: the domain the action server gets."""
    merged: dict = {"slots": {}, "forms": {}, "responses": {}, "actions": [], "intents": []}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("slots", "forms", "responses"):
            merged[key].update(part.get(key) or {})
        for key in ("actions", "intents"):
            merged[key] += part.get(key) or []
    merged["slots"].setdefault("requested_slot", {"type": "any", "mappings": []})
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
    events: list[dict] | None = None,
    sender: str = VILLAGER,
    channel: str = "sms",
    metadata: dict | None = None,
) -> Tracker:
    """A tracker whose latest user event is the message ``text``.

    Every domain slot is there (None unless ``slots`` sets it), as Rasa sends them.
    ``candidates``: slot values Rasa core's own mappings (from_text, from_entity) found in
    the message; they are set and follow the user event as slot events, the way the form
    action hands them to the validation action. ``events``: earlier events, before the
    message. The message's metadata is ``{"channel": channel, "phone": sender}`` updated
    with ``metadata``.
    """
    meta = {"channel": channel, "phone": sender}
    meta.update(metadata or {})
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99},
              "entities": entities or [], "metadata": meta}
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    all_slots.update(candidates or {})
    history = list(events or []) + [{"event": "user", "text": text, "parse_data": latest, "metadata": meta}]
    history += [{"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items()]
    return Tracker(
        sender_id=sender, slots=all_slots, latest_message=latest, events=history, paused=False,
        followup_action=None, active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run_action(action, tracker: Tracker) -> tuple[list[dict], CollectingDispatcher]:
    """Run an action (its ``run`` is a coroutine) and return its events and dispatcher."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher


def slot_events(events: list[dict]) -> dict:
    """The slots the events set: name -> value (the last one wins)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    """The plain texts the action sent (messages with a response name are left out)."""
    return [m.get("text") for m in dispatcher.messages if m.get("text")]


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    """Everything the action sent, in order: each message's response name, or its text
    when it has none."""
    return [m.get("response") or m.get("text") for m in dispatcher.messages]


def answer(action, form: str, slot: str, text: str, *, slots: dict | None = None, intent: str = "inform",
           entities: list[dict] | None = None, sender: str = VILLAGER, metadata: dict | None = None):
    """The user answers ``text`` to ``slot`` of ``form``: returns (slot events, ``responses``).

    The text is the slot's candidate (its from_text mapping), except for the village,
    which the form's own extraction reads from the message.
    """
    tracker = make_tracker(
        text=text, intent=intent, entities=entities, active_loop=form, sender=sender, metadata=metadata,
        slots={**(slots or {}), "requested_slot": slot},
        candidates={} if slot == "village" else {slot: text},
    )
    events, dispatcher = run_action(action, tracker)
    return slot_events(events), responses(dispatcher)
