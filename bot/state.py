"""Per-contact and per-message state in Redis: de-duplication, stored replies,
the "menu just shown" flag, the pending "3 Darurat" question and the per-sender lock."""
from __future__ import annotations

import json
from contextlib import contextmanager

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
return {1, sender, redis.call('incr', KEYS[3])}
"""
_ADMIT_SCRIPT = Script(None, _ADMIT.encode())  # EVALSHA; loaded into Redis again when it restarted empty


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


@contextmanager
def sender_lock(r: redis.Redis, phone: str):
    """Process one contact's messages one at a time. Yields whether the lock was taken."""
    lock = r.lock(f"sk:lock:{phone}", timeout=LOCK_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS)
    acquired = lock.acquire()
    try:
        yield acquired
    finally:
        if acquired:
            try:
                lock.release()
            except redis.exceptions.LockError:
                pass
