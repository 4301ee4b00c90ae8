"""`make run`'s script on a fresh DATA_DIR, started several times as a newcomer would:
the stack (4 web workers) comes up every time, also when port 5099 (the fake Twilio's)
is taken, and stops cleanly on SIGTERM.

The bug this guards: gunicorn's workers migrated a new SQLite file at the same moment
("database is locked", "Worker failed to boot") and honcho stopped everything.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import requests

from tests.stack import ensure_model
from tests.support import ROOT, free_port

READY = "Smart Kampung is ready"
START_TIMEOUT = 420


@contextmanager
def hold_port(port: int):
    """A program listening on ``port`` (skipped silently when someone else already is)."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
        s.listen(1)
    except OSError:
        s.close()
        s = None  # already taken by another program: just as good for this test
    try:
        yield
    finally:
        if s is not None:
            s.close()


def start_run(tmp_path, name: str, **extra) -> tuple[subprocess.Popen, object, dict]:
    data_dir = tmp_path / name
    env = {k: v for k, v in os.environ.items() if k not in (
        "REDIS_URL", "TWILIO_API_BASE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "RASA_TOKEN",
        "ADMIN_API_TOKEN", "SECRET_KEY", "PUBLIC_BASE_URL", "FAKE_TWILIO_PORT", "SK_TEST_MODEL")}
    env.update({
        "APP_ENV": "development",
        "DATA_DIR": str(data_dir),
        "PORT": str(free_port()),
        "WEB_WORKERS": "4",
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}",
        "PYTHONUNBUFFERED": "1",
        **extra,
    })
    log = open(tmp_path / f"{name}.log", "w+b")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    return proc, log, env


def output(log) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def wait_ready(proc, log) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = output(log)
        if READY in text:
            return text
        if proc.poll() is not None:
            pytest.fail(f"make run exited with {proc.returncode} before it was ready:\n{text[-4000:]}")
        time.sleep(1)
    pytest.fail(f"not ready after {START_TIMEOUT} s:\n{output(log)[-4000:]}")


def stop(proc) -> int:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        pytest.fail("make run did not stop within 60 s of SIGTERM")


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return ensure_model(tmp_path_factory.mktemp("train") / "train.log")


@pytest.mark.parametrize("case", ["plain", "5099 taken", "PORT=5099"])
def test_make_run_comes_up_on_a_fresh_data_dir(tmp_path, model, case):
    extra = {"PORT": "5099"} if case == "PORT=5099" else {}
    with hold_port(5099) if case == "5099 taken" else contextmanager(lambda: (yield))():
        if case == "PORT=5099":
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", 5099)) == 0:
                    extra = {}  # someone else holds 5099: the "taken" case covers it
        proc, log, env = start_run(tmp_path, "data", **extra)
        try:
            text = wait_ready(proc, log)
            health = requests.get(f"http://127.0.0.1:{env['PORT']}/healthz", timeout=10)
            assert health.status_code == 200, health.text
            assert health.json()["database"] == "ok"
        finally:
            code = stop(proc)
            log.close()
    assert "database is locked" not in text and "Worker failed to boot" not in text, text[-4000:]
    assert (tmp_path / "data" / "smartkampung.db").exists()
    assert code in (0, 130, 143, -15), f"exit {code}"
