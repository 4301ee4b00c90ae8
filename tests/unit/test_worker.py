"""The RQ worker takes over the scheduler lock of a dead scheduler (issue 9: a worker killed
after Redis came back empty must not leave retries and escalations idle for minutes)."""
from datetime import datetime, timedelta, timezone

import pytest
from redis import Redis
from rq import Queue
from rq.registry import ScheduledJobRegistry
from rq.scheduler import SCHEDULER_KEY_TEMPLATE
from rq.utils import utcformat

from bot.worker import STALE_SCHEDULER_SECONDS, PreloadedWorker, take_over_stale_scheduler_locks

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
LOCK = "rq:scheduler-lock:default"


@pytest.fixture
def r(redis_url):
    conn = Redis.from_url(redis_url)
    conn.flushdb()
    yield conn
    conn.flushdb()


def _holder(r, name, beat_age: float | None):
    r.set(LOCK, name, ex=61)
    if beat_age is not None:
        r.hset(SCHEDULER_KEY_TEMPLATE % name, "last_heartbeat", utcformat(NOW - timedelta(seconds=beat_age)))


@pytest.mark.parametrize(
    ("beat_age", "freed"),
    [
        (1, False),                              # beating: a live scheduler keeps its lock
        (STALE_SCHEDULER_SECONDS - 1, False),
        (STALE_SCHEDULER_SECONDS + 1, True),     # silent: dead
        (None, True),                            # no heartbeat hash at all (a new, empty Redis)
    ],
)
def test_stale_lock_is_freed_live_one_kept(r, beat_age, freed):
    _holder(r, "old-worker", beat_age)
    assert take_over_stale_scheduler_locks(r, ["default"], now=NOW) == (["default"] if freed else [])
    assert (r.get(LOCK) is None) is freed


def test_no_lock_nothing_to_do(r):
    assert take_over_stale_scheduler_locks(r, ["default"], now=NOW) == []
    assert r.get(LOCK) is None


def test_worker_start_runs_scheduled_jobs_despite_a_dead_holder(r, settings_env):
    """A job due now (a retry, an escalation) is enqueued by the new worker's scheduler at once,
    not when the dead holder's lock would have expired."""
    _holder(r, "dead-worker", None)
    queue = Queue("default", connection=r)
    job = queue.enqueue_at(datetime.now(timezone.utc) - timedelta(seconds=1), "builtins.print", "x")
    assert job.id in ScheduledJobRegistry(queue=queue)
    worker = PreloadedWorker([queue], connection=r)
    worker._start_scheduler(burst=True)          # burst: acquire, enqueue due jobs, release
    assert job.id in queue.job_ids
    assert r.get(LOCK) is None                   # released again after the burst


def test_worker_start_leaves_a_live_scheduler_alone(r, settings_env):
    r.set(LOCK, "live-worker", ex=61)
    r.hset(SCHEDULER_KEY_TEMPLATE % "live-worker", "last_heartbeat", utcformat(datetime.now(timezone.utc)))
    queue = Queue("default", connection=r)
    job = queue.enqueue_at(datetime.now(timezone.utc) - timedelta(seconds=1), "builtins.print", "x")
    PreloadedWorker([queue], connection=r)._start_scheduler(burst=True)
    assert job.id not in queue.job_ids           # the live holder schedules it, not us
    assert r.get(LOCK) == b"live-worker"


def test_a_holder_on_this_machine_whose_process_is_gone_is_dead_even_with_a_fresh_beat(r):
    """A worker killed with its scheduler: the last beat is a second old, the process is gone."""
    import os
    import socket
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    fresh = utcformat(datetime.now(timezone.utc))
    r.set(LOCK, "killed", ex=61)
    r.hset(SCHEDULER_KEY_TEMPLATE % "killed", mapping={"last_heartbeat": fresh, "hostname": socket.gethostname(),
                                                       "pid": str(gone.pid)})
    assert take_over_stale_scheduler_locks(r, ["default"]) == ["default"]
    r.set(LOCK, "running", ex=61)
    r.hset(SCHEDULER_KEY_TEMPLATE % "running", mapping={"last_heartbeat": fresh, "hostname": socket.gethostname(),
                                                        "pid": str(os.getpid())})
    assert take_over_stale_scheduler_locks(r, ["default"]) == [] and r.get(LOCK) == b"running"


def test_a_zombie_is_not_alive():
    """A killed worker's scheduler stays a zombie where nothing reaps orphans: it holds no lock."""
    import os
    import subprocess

    from bot.worker import _alive

    child = subprocess.Popen(["true"])
    for _ in range(50):                      # exited, not yet waited for: a zombie
        with open(f"/proc/{child.pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        import time
        time.sleep(0.05)
    assert not _alive(child.pid)
    child.wait()
    assert not _alive(child.pid) and _alive(os.getpid())


def test_an_idle_worker_looks_at_maintenance_every_minute(r, settings_env):
    from bot.worker import MAINTENANCE_SECONDS

    worker = PreloadedWorker([Queue("default", connection=r)], connection=r)
    assert worker.maintenance_interval == MAINTENANCE_SECONDS
    assert worker.dequeue_timeout <= MAINTENANCE_SECONDS          # rq's default would block 405 s
    assert PreloadedWorker([Queue("default", connection=r)], connection=r, worker_ttl=600).worker_ttl == 600
    # rq's command line passes its own defaults explicitly: ours still apply
    cli = PreloadedWorker([Queue("default", connection=r)], connection=r, worker_ttl=420, default_worker_ttl=420,
                          maintenance_interval=600)
    assert cli.maintenance_interval == MAINTENANCE_SECONDS and cli.dequeue_timeout <= MAINTENANCE_SECONDS
