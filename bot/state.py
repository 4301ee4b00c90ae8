"""Per-contact and per-message state in Redis: de-duplication, stored replies,
the "menu just shown" flag, the pending "3 Darurat" question and the per-sender lock."""
from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import redis
from redis.commands.core import Script

DEDUP_SECONDS = 86400  # Twilio retries within minutes; keep a day to be safe
MENU_SECONDS = 1800
EMERGENCY_QUESTION_SECONDS = 1800  # the job pages long before; this only bounds a lost job
LOCK_SECONDS = 60  # longer than a turn can take (Rasa timeout 10 s)
LOCK_WAIT_SECONDS = 20


def claim_message(r: redis.Redis, message_sid: str) -> bool:
    """True the first time ``message_sid`` is seen (SET NX EX)."""
    return bool(r.set(f"sk:sid:{message_sid}", "1", nx=True, ex=DEDUP_SECONDS))


def release_message(r: redis.Redis, message_sid: str) -> None:
    """Forget a message that could not be processed, so a retry is processed."""
    r.delete(f"sk:sid:{message_sid}")


def store_reply(r: redis.Redis, message_sid: str, replies: list[str]) -> None:
    r.set(f"sk:reply:{message_sid}", json.dumps(replies), ex=DEDUP_SECONDS)


def stored_reply(r: redis.Redis, message_sid: str) -> list[str] | None:
    value = r.get(f"sk:reply:{message_sid}")
    return None if value is None else json.loads(value)


def set_menu_shown(r: redis.Redis, phone: str, shown: bool) -> None:
    if shown:
        r.set(f"sk:menu:{phone}", "1", ex=MENU_SECONDS)
    else:
        r.delete(f"sk:menu:{phone}")


def pop_menu_shown(r: redis.Redis, phone: str) -> bool:
    """Whether the menu was the last reply; the flag is used up by reading it."""
    with r.pipeline() as pipe:
        pipe.get(f"sk:menu:{phone}")
        pipe.delete(f"sk:menu:{phone}")
        value, _ = pipe.execute()
    return value is not None


def pop_turn_flags(r: redis.Redis, phone: str, take_question: bool = True) -> tuple[bool, str | None]:
    """``pop_menu_shown`` and (with ``take_question``) ``take_emergency_question`` in one round
    trip: (whether the menu was the last reply, the pending question's token or None), both
    cleared by reading them (one MULTI, as each of them alone)."""
    menu_key, question_key = f"sk:menu:{phone}", f"sk:emergency_q:{phone}"
    with r.pipeline() as pipe:
        pipe.get(menu_key)
        pipe.delete(menu_key)
        if take_question:
            pipe.get(question_key)
            pipe.delete(question_key)
        values = pipe.execute()
    token = values[2] if take_question else None
    return values[0] is not None, None if token is None else (token.decode() if isinstance(token, bytes) else str(token))


def ask_emergency_question(r: redis.Redis, phone: str, token: str,
                           seconds: int = EMERGENCY_QUESTION_SECONDS) -> None:
    """The contact chose "3 Darurat" and was asked what is happening; ``token`` names this
    question (its no-answer job carries it, so a later question is never taken for it)."""
    r.set(f"sk:emergency_q:{phone}", token, ex=seconds)


# Delete the key only when it still holds the token (the job's question, not a newer one).
_TAKE_IF = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) return 1 end return 0"


def take_emergency_question(r: redis.Redis, phone: str, token: str | None = None) -> str | None:
    """The pending question's token, cleared by reading it; None when none is pending.
    With ``token``: only that question is taken."""
    key = f"sk:emergency_q:{phone}"
    if token is not None:
        return token if r.eval(_TAKE_IF, 1, key, token) else None
    with r.pipeline() as pipe:
        pipe.get(key)
        pipe.delete(key)
        value, _ = pipe.execute()
    return None if value is None else (value.decode() if isinstance(value, bytes) else str(value))


def emergency_question_pending(r: redis.Redis, phone: str) -> bool:
    return bool(r.exists(f"sk:emergency_q:{phone}"))


FLOOD_WINDOW_SECONDS = 10
FLOOD_PAUSE_SECONDS = 60  # a flooding number is heard again after this long without a message


def burst(r: redis.Redis, phone: str) -> int:
    """How many messages this contact sent in the current 10-second window (this one included)."""
    key = f"sk:burst:{phone}"
    with r.pipeline() as pipe:
        pipe.set(key, 0, ex=FLOOD_WINDOW_SECONDS, nx=True)
        pipe.incr(key)
        _, count = pipe.execute()
    return int(count)


# De-duplication and both burst counters in one round trip (the webhook's first Redis step).
# KEYS: the MessageSid's key, the sender's counter, the global counter.
# ARGV: DEDUP_SECONDS, FLOOD_WINDOW_SECONDS, the sender's limit.
# A repeat counts nowhere; a message over the sender's limit does not count globally (one
# flooding number must not hold everybody back): exactly what claim_message then burst(phone)
# then, when under the sender's limit, burst("*") did in three round trips.
# A flood stays a flood while it goes on (KEYS[4], ARGV[4]): a modem hands over one SMS a
# second, so 20 messages span 20 s and a fresh 10-second window let 6 more through each time
# (gateways round, F2/F3). Until the number pauses ``FLOOD_PAUSE_SECONDS``, it stays held back.
_ADMIT = """
if not redis.call('set', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return {0, 0, 0} end
redis.call('set', KEYS[2], 0, 'EX', ARGV[2], 'NX')
local sender = redis.call('incr', KEYS[2])
local limit = tonumber(ARGV[3])
if sender > limit or redis.call('exists', KEYS[4]) == 1 then
  redis.call('set', KEYS[4], '1', 'EX', ARGV[4])
  if sender <= limit then sender = limit + 1 end
  return {1, sender, 0}
end
redis.call('set', KEYS[3], 0, 'EX', ARGV[2], 'NX')
"""
# EVALSHA; loaded into Redis again when it restarted empty
_ADMIT_SCRIPT = Script(None, (_ADMIT + "return {1, sender, redis.call('incr', KEYS[3])}\n").encode())


def admit(r: redis.Redis, message_sid: str, phone: str, sender_burst: int) -> tuple[bool, int, int]:
    """``claim_message`` and the burst counters in one round trip: (first time seen, the
    sender's count, the global count). A repeat counts nowhere (0, 0); a sender over
    ``sender_burst`` is not counted globally (0): ``burst(r, "*")`` counts it when it goes
    through anyway (a danger sign)."""
    keys = (f"sk:sid:{message_sid}", f"sk:burst:{phone}", "sk:burst:*", f"sk:flooding:{phone}")
    claimed, sender, everyone = _ADMIT_SCRIPT(
        keys, (DEDUP_SECONDS, FLOOD_WINDOW_SECONDS, int(sender_burst), FLOOD_PAUSE_SECONDS), client=r)
    return bool(claimed), int(sender), int(everyone)


def first_flood_note(r: redis.Redis, phone: str, seconds: int = 600) -> bool:
    """True once per ``seconds`` for a flooding contact: one polite note, then silence."""
    return bool(r.set(f"sk:flood_noted:{phone}", "1", nx=True, ex=seconds))


# The webhook's first step (``begin``): ``_ADMIT`` and, for a message that is then processed at
# once, the sender's lock and the turn's flags (``pop_turn_flags``), in one round trip.
# KEYS: as _ADMIT, then the sender's lock, the menu flag, the pending question.
# ARGV: as _ADMIT, then the global limit, the lock's token, its lifetime (ms), whether to take
# the menu flag (0/1; a message answered without reading it leaves it) and the question (0/1).
# Over either limit, or the lock held by another turn: no lock, no flag taken; the caller
# goes on as before (a danger sign over a limit, the blocking wait for the lock).
_BEGIN = _ADMIT + """
local everyone = redis.call('incr', KEYS[3])
if everyone > tonumber(ARGV[5]) or not redis.call('set', KEYS[5], ARGV[6], 'PX', ARGV[7], 'NX') then
  return {1, sender, everyone, 0, false, false}
end
local menu, question = false, false
if ARGV[8] == '1' then
  menu = redis.call('get', KEYS[6])
  redis.call('del', KEYS[6])
  if ARGV[9] == '1' then
    question = redis.call('get', KEYS[7])
    redis.call('del', KEYS[7])
  end
end
return {1, sender, everyone, 1, menu, question}
"""
_BEGIN_SCRIPT = Script(None, _BEGIN.encode())


@dataclass
class Begun:
    """What ``begin`` found: first time seen, the two burst counts (as ``admit``), and, when
    it took the sender's lock, its token and the turn's flags (the menu shown, the question)."""

    claimed: bool
    sender: int
    everyone: int
    token: str | None = None
    took_flags: bool = False
    menu_shown: bool = False
    asked: str | None = None

    @property
    def flags(self) -> tuple[bool, str | None] | None:
        """``pop_turn_flags``' answer when they were taken, else None (the turn reads them)."""
        return (self.menu_shown, self.asked) if self.took_flags else None


def begin(r: redis.Redis, message_sid: str, phone: str, sender_burst: int, global_burst: int,
          take_flags: bool = True, take_question: bool = True) -> Begun:
    """``admit`` and, when the message is under both limits and no other turn of the contact
    runs, the sender's lock (``sender_lock(r, phone, token=...)`` then holds it) and, with
    ``take_flags``, the turn's flags: one round trip for what took three."""
    token = uuid.uuid4().hex
    keys = (f"sk:sid:{message_sid}", f"sk:burst:{phone}", "sk:burst:*", f"sk:flooding:{phone}",
            _lock_key(phone), f"sk:menu:{phone}", f"sk:emergency_q:{phone}")
    args = (DEDUP_SECONDS, FLOOD_WINDOW_SECONDS, int(sender_burst), FLOOD_PAUSE_SECONDS, int(global_burst), token,
            LOCK_SECONDS * 1000, int(take_flags), int(take_question))
    # a repeat or a flood ends as _ADMIT does, with three values
    claimed, sender, everyone, locked, menu, question = (*_BEGIN_SCRIPT(keys, args, client=r), 0, None, None)[:6]
    if not locked:
        return Begun(bool(claimed), int(sender), int(everyone))
    asked = None if question is None else (question.decode() if isinstance(question, bytes) else str(question))
    return Begun(True, int(sender), int(everyone), token, bool(take_flags), menu is not None, asked)


def _lock_key(phone: str) -> str:
    return f"sk:lock:{phone}"


# Delete the lock only while it still holds this turn's token (as redis-py's Lock.release).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
_RELEASE_SCRIPT = Script(None, _RELEASE.encode())
# The turn's end in one round trip: its replies kept for a retried MessageSid, the lock
# released (as _RELEASE), and whether the worker's periodic jobs are due (``inbox.kick``'s
# two SET NX EX). KEYS: the reply, the lock, the intents' and the sweep's marks.
# ARGV: the replies (JSON), DEDUP_SECONDS, the token, the two marks' seconds.
_FINISH = """
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
if redis.call('get', KEYS[2]) == ARGV[3] then redis.call('del', KEYS[2]) end
local intents = redis.call('set', KEYS[3], '1', 'NX', 'EX', ARGV[4]) and 1 or 0
local sweep = redis.call('set', KEYS[4], '1', 'NX', 'EX', ARGV[5]) and 1 or 0
return {intents, sweep}
"""
_FINISH_SCRIPT = Script(None, _FINISH.encode())
KICK_KEYS = ("sk:intents:kick", "sk:sweep:kick")


class Held:
    """The sender's lock as ``sender_lock`` yields it: true while held."""

    def __init__(self, r: redis.Redis, phone: str, token: str | None):
        self.r, self.key, self.token = r, _lock_key(phone), token

    def __bool__(self) -> bool:
        return self.token is not None

    def release(self) -> None:
        if self.token is not None:
            token, self.token = self.token, None
            _RELEASE_SCRIPT((self.key,), (token,), client=self.r)

    def finish(self, message_sid: str, replies: list[str], kick_seconds: tuple[int, int]) -> tuple[bool, bool]:
        """``store_reply``, the release and ``inbox.kick``'s marks in one round trip; returns
        whether the intents job and the sweep are due (scheduled after the response)."""
        token, self.token = self.token, None
        keys = (f"sk:reply:{message_sid}", self.key, *KICK_KEYS)
        intents, sweep = _FINISH_SCRIPT(keys, (json.dumps(replies), DEDUP_SECONDS, token or "", *kick_seconds),
                                        client=self.r)
        return bool(intents), bool(sweep)


@contextmanager
def sender_lock(r: redis.Redis, phone: str, token: str | None = None):
    """Process one contact's messages one at a time. Yields a ``Held``, true when the lock
    was taken (waiting up to ``LOCK_WAIT_SECONDS``); with ``token`` it is held already
    (``begin`` took it). Released on the way out unless ``Held.finish`` released it."""
    if token is None:
        token = uuid.uuid4().hex
        taken = r.lock(_lock_key(phone), timeout=LOCK_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS).acquire(token=token)
        token = token if taken else None
    held = Held(r, phone, token)
    try:
        yield held
    finally:
        held.release()
