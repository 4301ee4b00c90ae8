"""The admin console in a real browser: Debian's headless Chromium driven by
pytest-playwright (``playwright install`` cannot download browsers here; the test command
installs ``chromium`` when it is missing: scripts/setup.sh).

The stack is the console's part of the real one, as real processes on free ports: Redis,
the fake Twilio REST API, the web process (gunicorn ``wsgi:app``) and the RQ worker that
sends the outbound queue through the fake Twilio. No Rasa: nothing here needs a turn (the
handover pause answers a villager before Rasa is asked). Accounts are made with the
contract's command, ``flask --app wsgi users create``, the password on standard input.
"""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.core import settings as config
from bot.core import store, twilio
from bot.core.settings import load_settings
from bot.fake_twilio import FakeTwilioServer
from tests.support import ROOT, free_port, start_process, start_redis, stop_process, tail, wait_for_port

CHROMIUM = "/usr/bin/chromium"
VENV_BIN = Path(sys.executable).parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "Sandi-Konsol-2026"
# username -> (role, village, district, name)
ACCOUNTS = {
    "admin": ("admin", None, None, "Admin Kabupaten"),
    "op_jambewangi": ("operator", "Jambewangi", "Sempu", "Operator Jambewangi"),
    "bidan_sarongan": ("bidan", "Sarongan", "Pesanggaran", "Bidan Sarongan"),
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


class ConsoleStack:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.procs: dict[str, subprocess.Popen] = {}
        self.fake: FakeTwilioServer | None = None

    def start(self) -> ConsoleStack:
        logs = self.workdir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.procs["redis"], redis_url = start_redis(self.workdir / "redis")
        self.fake = FakeTwilioServer().start()
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.auth_token = secrets.token_hex(16)
        self.env = {
            **os.environ, "APP_ENV": "development", "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16), "TWILIO_SMS_FROM": "+15005550006",
            "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "TWILIO_API_BASE": self.fake.url,
            "PUBLIC_BASE_URL": self.url, "REDIS_URL": redis_url, "DATA_DIR": str(self.workdir / "data"),
            "ADMIN_API_TOKEN": secrets.token_hex(16), "SECRET_KEY": secrets.token_hex(16), "PORT": str(port),
            "HOST": "127.0.0.1", "RASA_URL": "http://127.0.0.1:9", "ACTION_SERVER_URL": "http://127.0.0.1:9",
            "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
            "NLU_EXPORT_OUT": str(self.workdir / "nlu" / "reviewed.yml"),  # not the repository's data/nlu
        }
        self.settings = load_settings(self.env)
        config.use(self.settings)
        store.migrate(self.settings.db_path)
        for username, (role, village, district, name) in ACCOUNTS.items():
            args = [str(VENV_BIN / "flask"), "--app", "wsgi", "users", "create", username, "--role", role,
                    "--name", name]
            args += ["--village", village] if village else []
            args += ["--district", district] if district else []
            done = subprocess.run(args, input=PASSWORD + "\n", text=True, capture_output=True, env=self.env, cwd=ROOT,
                                  timeout=120, check=False)
            assert done.returncode == 0, done.stderr + done.stdout
        self.procs["webhook"] = start_process(
            [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
             "--timeout", "60", "--no-control-socket", "wsgi:app"], logs / "webhook.log", self.env)
        self.procs["worker"] = start_process(
            [str(VENV_BIN / "rq"), "worker", "--with-scheduler", "--worker-class", "bot.worker.PreloadedWorker",
             "--url", redis_url, "default"], logs / "worker.log", self.env)
        wait_for_port(port, self.procs["webhook"], timeout=120)
        return self

    def stop(self) -> None:
        for name in ("webhook", "worker", "redis"):
            stop_process(self.procs.get(name))
        if self.fake is not None:
            self.fake.stop()
        config.use(None)

    def db(self):
        return store.open_db(self.settings.db_path)

    def log(self, name: str) -> str:
        return tail(self.workdir / "logs" / f"{name}.log")

    def villager_writes(self, phone: str, text: str, *, whatsapp: bool = False) -> list[str]:
        """A signed inbound message through the real webhook; the TwiML's reply texts."""
        form = twilio.inbound_form(phone, text, whatsapp=whatsapp, account_sid=self.env["TWILIO_ACCOUNT_SID"],
                                   to=self.env["TWILIO_WHATSAPP_FROM"] if whatsapp else self.env["TWILIO_SMS_FROM"])
        response = twilio.post_signed(requests, f"{self.url}/twilio/messages", form, self.auth_token, timeout=60)
        assert response.status_code == 200, response.text[:300]
        return twilio.parse_twiml(response.text)

    def wait_outbox(self, to: str, contains: str, timeout: float = 60) -> dict:
        """The fake Twilio's record of a message to ``to`` containing ``contains``."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.fake.messages(to):
                if contains.lower() in (message["body"] or "").lower():
                    return message
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing to {to} containing {contains!r}; outbox: "
                                     f"{[m['body'][:60] for m in self.fake.messages(to)]}\n{self.log('worker')}")
            time.sleep(0.25)


@pytest.fixture(scope="session")
def console(tmp_path_factory):
    stack = ConsoleStack(tmp_path_factory.mktemp("console"))
    try:
        stack.start()
    except BaseException:
        stack.stop()
        raise
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(autouse=True)
def fresh_settings(request):
    """Overrides the root one: a test on the console stack runs with its settings."""
    if "console" in request.fixturenames:
        config.use(request.getfixturevalue("console").settings)
    yield
    config.use(None)


@pytest.fixture
def shot():
    """``shot(page, name)``: a full-page screenshot into docs/screenshots/NAME.png (the README shows them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000
        return path
    return take


def sign_in(page, console: ConsoleStack, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{console.url}/admin/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/(cases[^/]*)?$"))
    page.locator("h1", has_text="Kasus").wait_for()
