"""The paced queue of a local SMS gateway (an Android phone with SMSGate, a modem with Gammu).

A phone or a modem on the village's own SIM cannot take a burst: Android lets an app send 30
SMS per 30 minutes unless the operator raises that limit, operators flag bursts as spam, a
modem takes seconds a part. So each local gateway sends one message at a time, at least
``SMS_GATEWAY_INTERVAL`` seconds apart (default 3 s: 20 SMS a minute, what a phone with the
limit raised keeps up with; docs in the README), emergencies first.

In Redis, per provider: two lanes (lists of message ids: ``urgent``, ``normal``), the time of
the last send, and a ``pump`` key held while one chain of ``pump`` jobs runs (one at a time
per gateway, however many workers). ``enqueue`` adds an id and starts the chain when none
runs; each ``pump`` step asks ``decide`` what to do now (the one rule, pure, tested with an
injected clock): wait, send from a lane, or stop. A pump lost with a worker lets its key
expire; the next message, or the inbox sweep (``revive``), starts another.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from bot.core import settings as config
from bot.core.channels import LOCAL_GATEWAYS, SendError
from bot.core.redis_client import get_redis

log = logging.getLogger(__name__)

PUMP_JOB = "bot.core.pacing.pump"
URGENT, NORMAL = "urgent", "normal"
# Attempts at one message before it is marked failed (a phone off the network for minutes).
MAX_ATTEMPTS = 5
# Seconds to wait after a failed attempt before the next send through that gateway.
RETRY_PAUSE = 30.0


def _key(provider: str, part: str) -> str:
    return f"sk:pace:{provider}:{part}"


@dataclass(frozen=True)
class Step:
    action: str  # "wait" | "send" | "idle"
    seconds: float = 0.0  # for "wait"
    lane: str = ""  # for "send"


def decide(now: float, last_sent: float | None, interval: float, urgent_waiting: int, normal_waiting: int) -> Step:
    """What the pump does at ``now``: nothing queued -> idle; the last send less than
    ``interval`` ago -> wait the rest; else send the oldest urgent message, or the oldest one."""
    if not urgent_waiting and not normal_waiting:
        return Step("idle")
    if last_sent is not None and now < last_sent + interval:
        return Step("wait", seconds=round(last_sent + interval - now, 3))
    return Step("send", lane=URGENT if urgent_waiting else NORMAL)


def enqueue(r: redis.Redis, provider: str, message_id: int, *, urgent: bool = False) -> None:
    """Queue a logged outbound message on its gateway's lane and make sure a pump runs."""
    r.rpush(_key(provider, URGENT if urgent else NORMAL), message_id)
    start(r, provider)


def start(r: redis.Redis, provider: str, in_seconds: float = 0.0) -> bool:
    """Start the provider's pump unless one runs; whether this call started it."""
    settings = config.current()
    if not r.set(_key(provider, "pump"), "1", nx=True, ex=pump_ttl(settings.sms_gateway_interval)):
        return False
    _schedule(provider, in_seconds)
    return True


def pump_ttl(interval: float) -> int:
    """How long a pump's key lives without a step (a dead pump lets the next one start)."""
    return int(max(interval, RETRY_PAUSE)) + 120


def _schedule(provider: str, in_seconds: float) -> None:
    from bot.core import outbound

    if in_seconds > 0:
        outbound.schedule(PUMP_JOB, provider, in_seconds=max(1, round(in_seconds)))
    else:
        outbound.schedule(PUMP_JOB, provider)


def pump(provider: str, clock: Callable[[], float] = time.time) -> str:
    """RQ job: one step of the provider's paced queue, then the next step scheduled (or the
    pump stopped when the lanes are empty)."""
    from bot.core import outbound

    settings = config.current()
    r = get_redis(settings.redis_url)
    pump_key = _key(provider, "pump")
    r.set(pump_key, "1", ex=pump_ttl(settings.sms_gateway_interval))  # this chain is alive
    last = r.get(_key(provider, "last"))
    step = decide(clock(), float(last) if last else None, settings.sms_gateway_interval,
                  r.llen(_key(provider, URGENT)), r.llen(_key(provider, NORMAL)))
    if step.action == "idle":
        r.delete(pump_key)
        if r.llen(_key(provider, URGENT)) or r.llen(_key(provider, NORMAL)):  # came in meanwhile
            start(r, provider)
        return "idle"
    if step.action == "wait":
        _schedule(provider, step.seconds)
        return f"wait {step.seconds}"
    raw = r.lpop(_key(provider, step.lane))
    if raw is None:  # another pump took it (never two, but cheap to be sure)
        _schedule(provider, 0)
        return "raced"
    message_id = int(raw)
    r.set(_key(provider, "last"), str(clock()))
    attempts = r.hincrby(_key(provider, "attempts"), str(message_id), 1)
    try:
        status = outbound.send_once(message_id, last_attempt=attempts >= MAX_ATTEMPTS)
    except SendError:  # worth a retry: back at the head of its lane (the villager reads the
        # replies in order; gateways round F4: the question came before its explanation), after a pause
        r.lpush(_key(provider, step.lane), message_id)
        r.set(_key(provider, "last"), str(clock() + RETRY_PAUSE - settings.sms_gateway_interval))
        _schedule(provider, RETRY_PAUSE)
        return f"message {message_id}: retry later"
    except Exception:  # a bug or a vanished row: this message is not retried for ever
        log.exception("message %s: paced send failed", message_id)
        status = "error"
    r.hdel(_key(provider, "attempts"), str(message_id))
    _schedule(provider, settings.sms_gateway_interval)
    return f"message {message_id}: {status}"


def revive() -> int:
    """Start the pump of every local gateway that has queued messages and none running (the
    inbox sweep calls it every minute: a pump lost with a worker). How many started."""
    settings = config.current()
    r = get_redis(settings.redis_url)
    started = 0
    for provider in LOCAL_GATEWAYS:
        if provider in settings.channels and (r.llen(_key(provider, URGENT)) or r.llen(_key(provider, NORMAL))):
            started += start(r, provider)
    return started


def waiting(r: redis.Redis, provider: str) -> dict[str, list[int]]:
    """The ids in each lane, oldest first (tests, the admin)."""
    return {lane: [int(x) for x in r.lrange(_key(provider, lane), 0, -1)] for lane in (URGENT, NORMAL)}
