"""Helpers shared by the unit and end-to-end fixtures (no test here)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (never 6379/5005/5055/5000: the OS picks high ports)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server_binary() -> str:
    found = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)
    if not found:
        raise RuntimeError("redis-server is missing: run `make setup` (or apt-get install redis-server)")
    return found


def start_process(args: list[str], log_path: Path, env: dict | None = None, cwd: Path = ROOT) -> subprocess.Popen:
    """Start a child in its own process group, output to ``log_path``."""
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(cwd), start_new_session=True
    )


def stop_process(proc: subprocess.Popen | None, timeout: float = 15) -> None:
    """SIGTERM the child's process group (only what we started), SIGKILL after ``timeout``."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


def start_redis(workdir: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """A throw-away redis-server (no persistence) on ``port`` or a free loopback port: (process, url)."""
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    proc = start_process(
        [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir), "--protected-mode", "yes"],
        workdir / "redis.log",
    )
    wait_for_port(port, proc, timeout=15)
    return proc, f"redis://127.0.0.1:{port}/0"


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port} after {timeout} s")


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until(get, check, timeout: float, what: str, interval: float = 0.25):
    """Call ``get()`` until ``check(value)`` holds and return that value; AssertionError with
    the last value when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = get()
        if check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s; last seen: {value!r}"[:2000])
        time.sleep(interval)
