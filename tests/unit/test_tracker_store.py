"""The bounded Redis tracker store: only the current session, at most max_events."""
from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import BoundedRedisTrackerStore, UrlRedisLockStore, bounded_events, redis_params

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, inform]
slots:
  village:
    type: text
    mappings: [{type: custom}]
  count:
    type: float
    initial_value: 0
    mappings: [{type: custom}]
forms:
  document_form:
    required_slots: [village]
responses:
  utter_greet: [{text: "halo"}]
"""
)


def session_start():
    return [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


def turn(i):
    return [
        UserUttered(f"pesan {i}", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("utter_greet"),
        BotUttered("halo"),
        ActionExecuted("action_listen"),
    ]


def tracker_with(turns, *, sessions=1, extra=()):
    events = []
    for _ in range(sessions):
        events += session_start()
        for i in range(turns):
            events += turn(i)
    events += list(extra)
    return DialogueStateTracker.from_events("+6281234567890", events, slots=DOMAIN.slots)


def test_redis_params_from_url():
    assert redis_params("redis://:s3cret@10.0.0.5:6380/2") == {
        "host": "10.0.0.5", "port": 6380, "db": 2, "username": None, "password": "s3cret", "use_ssl": False,
    }
    assert redis_params("rediss://u:p@h/0")["use_ssl"] is True
    assert redis_params("localhost") == {"host": "localhost"}


def test_only_the_latest_session_is_kept():
    tracker = tracker_with(3, sessions=3)
    events = bounded_events(tracker, 200)
    assert len(events) == 3 + 3 * 4
    assert isinstance(events[1], SessionStarted)


def test_long_session_is_folded_keeping_state():
    tracker = tracker_with(100, extra=[SlotSet("village", "Jambewangi"), ActiveLoop("document_form")])
    assert len(tracker.events) > 400
    events = bounded_events(tracker, 200)
    assert len(events) <= 200
    assert [type(e) for e in events[:2]] == [ActionExecuted, SessionStarted]
    folded = DialogueStateTracker.from_events("x", events, slots=DOMAIN.slots)
    assert folded.get_slot("village") == "Jambewangi"
    assert folded.active_loop_name == "document_form"
    assert folded.latest_message.text == "pesan 99"
    # The tail starts at a turn boundary.
    first_tail = next(i for i, e in enumerate(events) if isinstance(e, UserUttered))
    assert isinstance(events[first_tail - 1], ActionExecuted) and events[first_tail - 1].action_name == "action_listen"


@pytest.fixture
def store(redis_url):
    store = BoundedRedisTrackerStore(DOMAIN, host=redis_url, max_events=60)
    store.red.flushdb()
    return store


def test_store_keeps_a_bounded_tracker_in_redis(store):
    sender = "+6281234567890"
    tracker = tracker_with(0)
    asyncio.run(store.save(tracker))
    for i in range(200):
        tracker = asyncio.run(store.retrieve(sender))
        for event in turn(i):
            tracker.update(event)
        asyncio.run(store.save(tracker))
    stored = asyncio.run(store.retrieve(sender))
    assert len(stored.events) <= 60
    assert stored.latest_message.text == "pesan 199"
    assert len(store.red.get(store.key_prefix + sender)) < 60 * 1000
    full = asyncio.run(store.retrieve_full_tracker(sender))
    assert len(full.events) == len(stored.events)


def test_new_session_drops_the_old_one(store):
    sender = "+6281234567890"
    asyncio.run(store.save(tracker_with(5, sessions=2)))
    stored = asyncio.run(store.retrieve(sender))
    assert len(stored.events) == 3 + 5 * 4


def test_lock_store_from_url(redis_url):
    from rasa.utils.endpoints import EndpointConfig

    lock_store = UrlRedisLockStore(EndpointConfig(url=redis_url, type="bot.tracker_store.UrlRedisLockStore"))
    assert lock_store.red.ping()
    lock = lock_store.create_lock("+6281234567890")
    lock_store.save_lock(lock)
    assert lock_store.get_lock("+6281234567890") is not None
