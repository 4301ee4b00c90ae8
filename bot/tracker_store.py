"""Rasa tracker and lock stores on Redis, configured by URL, with bounded trackers.

Rasa 3.6's ``RedisTrackerStore`` reads, merges and rewrites a contact's whole
history on every turn, so a turn costs more the longer a contact has used the
number (measured: p50 54 ms at turn 10, 791 ms at turn 390). This store keeps
only what the dialogue needs: the current conversation session, and within it
at most ``max_events`` events; older events are folded into a snapshot (the
current slot values and active form). The full history is in the SQLite
message log (``bot.core.store``).

endpoints.yml::

    tracker_store:
      type: bot.tracker_store.BoundedRedisTrackerStore
      url: ${REDIS_URL}
      max_events: 200
    lock_store:
      type: bot.tracker_store.UrlRedisLockStore
      url: ${REDIS_URL}

This module is imported by the Rasa server only; it needs nothing from Flask.
"""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import unquote, urlparse

from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)

DEFAULT_MAX_EVENTS = 200


def redis_params(url: str | None, default_db: int = 0) -> dict[str, Any]:
    """'redis://:pw@host:6380/2' -> RedisTrackerStore keyword arguments. A bare host is accepted."""
    url = (url or "").strip() or "redis://127.0.0.1:6379/0"
    if "://" not in url:
        return {"host": url}
    parsed = urlparse(url)
    db = default_db
    if parsed.path and parsed.path.strip("/"):
        db = int(parsed.path.strip("/"))
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 6379,
        "db": db,
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
        "use_ssl": parsed.scheme == "rediss",
    }


def session_events(events: list[Event]) -> list[Event]:
    """The events of the latest conversation session (from its action_session_start)."""
    for i in range(len(events) - 1, -1, -1):
        if isinstance(events[i], SessionStarted):
            if i > 0 and isinstance(events[i - 1], ActionExecuted) and (
                events[i - 1].action_name == ACTION_SESSION_START_NAME
            ):
                return events[i - 1:]
            return events[i:]
    return events


def bounded_events(tracker: DialogueStateTracker, max_events: int) -> list[Event]:
    """The tracker's latest session, folded so that it holds about ``max_events`` at most.

    When the session is longer, the head is replaced by a snapshot (session
    start, SlotSet for every slot that differs from its initial value, the active
    loop) and the tail keeps the newest turns, cut at an ``action_listen`` so the
    dialogue policies see whole turns. Folding keeps half of ``max_events`` so it
    happens once every few turns, not on every turn.
    """
    events = session_events(list(tracker.events))
    if len(events) <= max_events:
        return events
    keep = max(max_events // 2, 1)
    cut = None
    for i in range(len(events) - keep, len(events)):
        event = events[i]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            cut = i
            break
    if cut is None:  # no turn boundary in the tail: keep the whole session
        return events
    head: list[Event] = []
    if isinstance(events[0], ActionExecuted) and events[0].action_name == ACTION_SESSION_START_NAME:
        head.append(events[0])
        if len(events) > 1 and isinstance(events[1], SessionStarted):
            head.append(events[1])
    elif isinstance(events[0], SessionStarted):
        head.append(events[0])
    at = events[cut].timestamp
    for slot in tracker.slots.values():
        if slot.value != slot.initial_value:
            head.append(SlotSet(slot.name, slot.value, timestamp=at))
    if tracker.active_loop_name:
        head.append(ActiveLoop(tracker.active_loop_name, timestamp=at))
    return head + events[cut:]


class UrlRedisTrackerStore(RedisTrackerStore):
    """Rasa's RedisTrackerStore unchanged, configured by a redis:// URL (the benchmark's baseline)."""

    def __init__(self, domain, host: str | None = None, event_broker=None, url: str | None = None,
                 **kwargs: Any) -> None:
        params = redis_params(url or host)
        for key in ("port", "db", "username", "password", "use_ssl"):
            if key in kwargs:  # explicit settings win over the URL
                params[key] = kwargs.pop(key)
        if params.get("port") is not None:
            params["port"] = int(params["port"])
        if params.get("db") is not None:
            params["db"] = int(params["db"])
        super().__init__(domain, event_broker=event_broker, **params, **kwargs)


class BoundedRedisTrackerStore(UrlRedisTrackerStore):
    """A RedisTrackerStore that stores only the current session, bounded."""

    def __init__(self, domain, host: str | None = None, event_broker=None,
                 max_events: int | str = DEFAULT_MAX_EVENTS, **kwargs: Any) -> None:
        super().__init__(domain, host=host, event_broker=event_broker, **kwargs)
        self.max_events = max(int(max_events), 10)

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        """Store the current session (bounded) instead of merging it into the whole history."""
        await self.stream_events(tracker)
        if not timeout and self.record_exp:
            timeout = self.record_exp
        events = bounded_events(tracker, self.max_events)
        if len(events) != len(tracker.events):
            tracker = DialogueStateTracker.from_events(
                tracker.sender_id, events, slots=self.domain.slots, max_event_history=tracker._max_event_history
            )
        self.red.set(self.key_prefix + tracker.sender_id, self.serialise_tracker(tracker), ex=timeout)

    async def _retrieve(self, sender_id: str, fetch_all_sessions: bool) -> DialogueStateTracker | None:
        # Only one session is stored: no splitting into sessions on every read.
        stored = self.red.get(self.key_prefix + sender_id)
        if stored is None:
            return None
        return self.deserialise_tracker(sender_id, stored)


class UrlRedisLockStore(RedisLockStore):
    """Rasa's RedisLockStore, configured by a redis:// URL (``url: ${REDIS_URL}``)."""

    def __init__(self, endpoint_config=None, **kwargs: Any) -> None:
        url = kwargs.pop("url", None)
        options: dict[str, Any] = {}
        if endpoint_config is not None:
            url = url or endpoint_config.url
            options = dict(endpoint_config.kwargs or {})
        options.update(kwargs)
        options.pop("url", None)
        params = redis_params(url, default_db=0)
        params.update({k: options.pop(k) for k in list(options) if k in params})
        super().__init__(**params, **options)
