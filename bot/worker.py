"""The RQ worker class of the outbound queue (``rq worker --worker-class bot.worker.PreloadedWorker``).

RQ forks a work horse for every job; a module first imported inside the horse is
imported again for the next job (about a second each for twilio). Importing the job
modules here, in the parent, makes every forked horse start warm. The jobs live in the
core (outbound sends, emergency escalations, ride reminders), and one in ``bot`` that
talks to the Rasa server over HTTP (``bot.emergency_menu.no_answer``: "3 Darurat" from
the menu and no answer): no rasa_sdk, no Flask, no nlu.
The worker's settings are read once, here, and checked for what it needs in production.
"""
from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timezone

from redis import Redis
from rq import Worker
from rq.defaults import DEFAULT_MAINTENANCE_TASK_INTERVAL, DEFAULT_WORKER_TTL
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler

import bot.core.escalation
import bot.core.outbound
import bot.core.reminders
import bot.core.twilio
import bot.emergency_menu
from bot.core import settings as config

# A live scheduler beats every second (RQScheduler's interval); one silent this long is dead.
STALE_SCHEDULER_SECONDS = 15
# How often a worker without the scheduler lock tries again (rq's default: 10 minutes).
MAINTENANCE_SECONDS = 60
WORKER_TTL = MAINTENANCE_SECONDS + 15  # so an idle worker wakes for maintenance every minute

# Delete the lock only if it still names the holder we judged dead (no race with a new holder).
_DELETE_IF_HOLDER = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped, does not: a killed
    worker's scheduler is one where no init reaps orphans)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def take_over_stale_scheduler_locks(connection: Redis, queue_names, now: datetime | None = None) -> list[str]:
    """Free the scheduler locks of ``queue_names`` held by a scheduler that stopped beating.

    A worker killed just after Redis came back empty may have taken the lock again in the new
    Redis before it died, or a worker killed with its scheduler leaves the lock for a minute; RQ
    would then leave the new worker's scheduler (retries, escalations, reminders) idle until the
    next maintenance pass, up to ten minutes. The holder is dead when its ``rq:scheduler:<name>``
    hash is gone, when it ran on this machine and its process is gone, or (another machine) when
    its last heartbeat is older than ``STALE_SCHEDULER_SECONDS``. Returns the queues freed."""
    now = now or datetime.now(timezone.utc)
    freed = []
    for queue in queue_names:
        key = RQScheduler.get_locking_key(queue)
        holder = connection.get(key)
        if holder is None:
            continue
        info = {k.decode(): v.decode() for k, v in connection.hgetall(SCHEDULER_KEY_TEMPLATE % holder.decode()).items()}
        beat = info.get("last_heartbeat")
        if info.get("hostname") == socket.gethostname() and info.get("pid", "").isdigit():
            if _alive(int(info["pid"])):  # on this machine the process itself says it (a fresh beat may be its last)
                continue
        elif beat is not None:
            last = datetime.fromisoformat(beat.replace("Z", "+00:00"))
            if last.tzinfo is None:
                last = last.replace(tzinfo=timezone.utc)
            if (now - last).total_seconds() < STALE_SCHEDULER_SECONDS:
                continue
        if connection.eval(_DELETE_IF_HOLDER, 1, key, holder):
            freed.append(queue)
    return freed


class PreloadedWorker(Worker):
    """rq's Worker, with the job modules already imported in the parent process; it takes over
    the scheduler lock of a dead scheduler at start and retries the lock every minute."""

    def __init__(self, *args, **kwargs):
        config.use(config.load_settings(process="worker"))
        # rq's command line passes its defaults explicitly (600 s, 420 s): ours replace them
        if kwargs.get("maintenance_interval") in (None, DEFAULT_MAINTENANCE_TASK_INTERVAL):
            kwargs["maintenance_interval"] = MAINTENANCE_SECONDS
        # an idle worker waits on its queue for worker_ttl - 15 s before it looks at maintenance
        # (rq's default 420 s): a scheduler lock freed meanwhile would wait that long
        if kwargs.get("worker_ttl") in (None, DEFAULT_WORKER_TTL):
            kwargs["worker_ttl"] = WORKER_TTL
        super().__init__(*args, **kwargs)
        try:  # messages left pending by a crash or a lost Redis are answered (bot.inbox.sweep)
            bot.core.outbound.schedule("bot.inbox.sweep")
        except Exception as exc:  # noqa: BLE001 - the webhook queues a drain for every new pending message
            logging.getLogger(__name__).warning("inbox sweep not scheduled (%s)", type(exc).__name__)

    def _start_scheduler(self, *args, **kwargs):
        freed = take_over_stale_scheduler_locks(self.connection, self.queue_names())
        if freed:
            logging.getLogger(__name__).warning("took over the stale scheduler lock of %s", ", ".join(freed))
        return super()._start_scheduler(*args, **kwargs)

    def run_maintenance_tasks(self):
        if self.scheduler and (not self.scheduler._process or not self.scheduler._process.is_alive()):
            take_over_stale_scheduler_locks(self.connection, self.queue_names())
        return super().run_maintenance_tasks()
