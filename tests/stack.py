"""The end-to-end stack (docs/design.md, "The e2e stack fixture"), also used by scripts/bench_turns.py.

Real processes on free loopback ports: redis-server, the fake Twilio REST API,
the rasa-sdk action server (``python -m actions.server``), the Rasa server with
the trained model (``models/``; trained here when there is none), the webhook
(gunicorn, over real HTTP) and an RQ worker with its scheduler. Requests carry
real Twilio signatures. Everything is stopped at the end of the session.
``Stack(workdir, rasa=2)`` starts two Rasa servers (``rasa``, ``rasa2``) sharing the stack's
Redis, both named in RASA_URL (the scale-out of docs/design.md).

The test process installs the stack's settings as its own (``bot.core.settings.use``;
tests/e2e/conftest.py does it again for every test that uses the stack), so core code
called from a test (``bot.core.outbound.notify``) talks to the stack's Redis and database.
The process environment is left as it was.
"""
from __future__ import annotations

import itertools
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests

from bot.core import settings as config
from bot.core import smsgate, store, twilio
from bot.core.settings import load_settings
from bot.fake_smsgate import FakeSmsGateServer
from bot.fake_twilio import FakeTwilioServer
from tests.support import ROOT, free_port, start_process, start_redis, stop_process, tail

VENV_BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 420  # Rasa loads its model in about a minute; a busy machine takes longer
TRAIN_TIMEOUT = 1800
# Rasa's ticket lock lifetime with several Rasa servers (scripts/run.sh sets the same): a server
# killed mid-turn holds that contact's lock this long, not Rasa's default 60 s.
SCALE_OUT_LOCK_LIFETIME = "15"
_UNSET = object()


def ensure_model(log_path: Path) -> Path:
    """The model to serve: SK_TEST_MODEL (a .tar.gz) if set, else `scripts/train.py`'s
    (it trains only when config, domain, data or nlu/ changed since the newest model)."""
    override = os.environ.get("SK_TEST_MODEL")
    if override:
        return Path(override)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}
    with open(log_path, "wb") as log:
        result = subprocess.run([sys.executable, "scripts/train.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, timeout=TRAIN_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"training failed:\n{tail(log_path)}")
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError(f"no trained model (see {log_path})")
    return models[-1]


class Stack:
    """Handle on the running stack; see docs/design.md for the API."""

    def __init__(self, workdir: Path, endpoints: str = "endpoints.yml", rasa: int = 1, env: dict | None = None):
        """``rasa``: how many Rasa servers (``rasa``, ``rasa2``, ...: a scale-out sharing the
        stack's Redis; RASA_URL names them all); ``env``: extra variables for every process."""
        self.workdir = workdir
        self.endpoints = endpoints
        self.rasa_count = rasa
        self.extra_env = dict(env or {})
        self.procs: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, tuple[list[str], Path]] = {}  # how each server was started (restart)
        self.fake: FakeTwilioServer | None = None
        self.phone: FakeSmsGateServer | None = None  # the village's Android phone with SMSGate
        self._phones = itertools.count(random.randint(0, 400000))
        self._settings = None
        self.env: dict[str, str] = {}

    # ------------------------------------------------------------------ life cycle

    def start(self) -> Stack:
        logs = self.workdir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        model = ensure_model(logs / "train.log")

        redis_proc, redis_url = start_redis(self.workdir / "redis")
        self.procs["redis"] = redis_proc
        self.fake = FakeTwilioServer().start()
        self.phone = FakeSmsGateServer().start()

        rasa_ports = [free_port() for _ in range(self.rasa_count)]
        actions_port, web_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{web_port}"
        self.rasa_urls = [f"http://127.0.0.1:{port}" for port in rasa_ports]
        self.rasa_url = self.rasa_urls[0]
        self.actions_url = f"http://127.0.0.1:{actions_port}"
        self.fake_url = self.fake.url
        self.auth_token = secrets.token_hex(16)
        self.rasa_token = secrets.token_hex(16)
        self.env = {
            **os.environ,
            "APP_ENV": "development",
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
            "TWILIO_SMS_FROM": "+15005550006",
            "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "TWILIO_API_BASE": self.fake_url,
            "PUBLIC_BASE_URL": self.url,
            "REDIS_URL": redis_url,
            "DATA_DIR": str(self.workdir / "data"),
            "ADMIN_API_TOKEN": secrets.token_hex(16),
            "SECRET_KEY": secrets.token_hex(16),
            "PORT": str(web_port),
            "HOST": "127.0.0.1",
            "RASA_URL": ",".join(self.rasa_urls),
            "RASA_TOKEN": self.rasa_token,
            "ACTION_SERVER_URL": self.actions_url,
            "EMERGENCY_ACK_SECONDS": "3",
            "SENDER_BURST": "1000",  # scripted villagers answer faster than thumbs (unit tests test the limits)
            "GLOBAL_BURST": "100000",
            "SMSGATE_URL": self.phone.url,
            "SMSGATE_USER": self.phone.user,
            "SMSGATE_PASSWORD": self.phone.password,
            "SMSGATE_WEBHOOK_SECRET": self.phone.secret,
            "SMS_PROVIDER": "twilio",  # SMS to someone who never wrote: as before the local gateway
            "SMS_GATEWAY_INTERVAL": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            **self.extra_env,
        }
        if self.rasa_count > 1:  # as `make run` does with RASA_PROCESSES > 1 (docs/design.md, "Scale-out")
            self.env.setdefault("TICKET_LOCK_LIFETIME", SCALE_OUT_LOCK_LIFETIME)
        self.env.pop("SK_TEST_MODEL", None)
        config.use(self.settings)
        store.migrate(self.settings.db_path)  # before any server starts

        py = sys.executable
        self.commands = {
            "actions": ([py, "-m", "actions.server", "--port", str(actions_port)], logs / "actions.log"),
            **{name: ([py, str(ROOT / "scripts" / "rasa_serve.py"), "--enable-api", "-i", "127.0.0.1",
                       "-p", str(port), "--endpoints", self.endpoints, "--credentials", "credentials.yml",
                       "-m", str(model)], logs / f"{name}.log")
               for name, port in zip(self.rasa_names, rasa_ports)},
            "webhook": ([str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{web_port}", "--workers", "2",
                         "--threads", "4", "--timeout", "60", "--no-control-socket", "wsgi:app"],
                        logs / "webhook.log"),
            "worker": ([str(VENV_BIN / "rq"), "worker", "--with-scheduler", "--worker-class",
                        "bot.worker.PreloadedWorker", "--url", redis_url, "default"], logs / "worker.log"),
        }
        for name, (args, log) in self.commands.items():
            self.procs[name] = start_process(args, log, self.env)
        self.wait_ready()
        self.phone.register(f"{self.url}/smsgate/webhook")  # as the operator does with curl
        return self

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill one server's process group at once (a crash, not a shutdown)."""
        proc = self.procs[name]
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.wait(15)

    def restart(self, name: str) -> None:
        """Start a killed server again as it was started (Redis: same port, empty: no persistence)."""
        if name == "redis":
            port = int(self.env["REDIS_URL"].rsplit(":", 1)[1].split("/")[0])
            self.procs["redis"], _ = start_redis(self.workdir / "redis", port=port)
            return
        args, log = self.commands[name]
        self.procs[name] = start_process(args, log, self.env)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last = None
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log(name)}")
            try:
                response = requests.get(f"{self.url}/healthz", timeout=5)
                last = response.text
                if response.status_code == 200:
                    return
            except requests.RequestException as exc:
                last = repr(exc)
            time.sleep(1)
        raise TimeoutError(f"stack not ready after {STARTUP_TIMEOUT} s: {last}\n{self.log('rasa')}")

    def stop(self) -> None:
        for name in ("webhook", "worker", *self.rasa_names, "actions", "redis"):
            stop_process(self.procs.get(name))
        if self.fake is not None:
            self.fake.stop()
        if self.phone is not None:
            self.phone.stop()
        config.use(None)

    def log(self, name: str, lines: int = 60) -> str:
        """The tail of a process's output (``train``, ``redis``, ``actions``, ``rasa`` (``rasa2``...),
        ``webhook``, ``worker``)."""
        path = self.workdir / ("redis/redis.log" if name == "redis" else f"logs/{name}.log")
        return tail(path, lines)

    # ------------------------------------------------------------------ API for tests

    @property
    def rasa_names(self) -> list[str]:
        """The Rasa servers' process names: ``rasa``, then ``rasa2``, ``rasa3``... (scale-out)."""
        return ["rasa", *(f"rasa{i}" for i in range(2, self.rasa_count + 1))]

    @property
    def settings(self):
        """The stack's settings, as its processes read them."""
        if self._settings is None:
            self._settings = load_settings(self.env)
        return self._settings

    def new_phone(self) -> str:
        """A fresh Indonesian mobile number, unique in this session."""
        return f"+628139{next(self._phones) % 1000000:06d}"

    def sign(self, form: dict, path: str = "/twilio/messages") -> str:
        return twilio.signature(self.auth_token, f"{self.url}{path}", form)

    def post(self, form: dict, *, signature=_UNSET, path: str = "/twilio/messages") -> requests.Response:
        """POST ``form`` as Twilio would; ``signature=None`` sends none, a string sends that one."""
        headers = {}
        if signature is _UNSET:
            headers["X-Twilio-Signature"] = self.sign(form, path)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return requests.post(f"{self.url}{path}", data=form, headers=headers, timeout=60)

    def form(self, phone: str, text: str, *, whatsapp: bool = False, media=(), latitude=None, longitude=None,
             sid: str | None = None) -> dict:
        return twilio.inbound_form(
            phone, text, whatsapp=whatsapp, media=media, latitude=latitude, longitude=longitude, sid=sid,
            account_sid=self.env["TWILIO_ACCOUNT_SID"],
            to=self.env["TWILIO_WHATSAPP_FROM"] if whatsapp else self.env["TWILIO_SMS_FROM"])

    def send(self, phone: str, text: str, *, whatsapp: bool = False, media=(), latitude=None, longitude=None,
             sid: str | None = None) -> list[str]:
        """One signed message through the webhook; the reply texts of its TwiML."""
        response = self.post(self.form(phone, text, whatsapp=whatsapp, media=media, latitude=latitude,
                                       longitude=longitude, sid=sid))
        assert response.status_code == 200, f"HTTP {response.status_code}: {response.text[:300]}"
        assert response.headers["Content-Type"].startswith("text/xml"), response.headers["Content-Type"]
        return twilio.parse_twiml(response.text)

    def outbox(self, to: str | None = None) -> list[dict]:
        """Messages the fake Twilio received: to (no 'whatsapp:'), to_raw, from_, body, sid, status, channel."""
        response = requests.get(f"{self.fake_url}/_fake/messages", params={"to": to or ""}, timeout=10)
        response.raise_for_status()
        return response.json()

    def wait_outbox(self, to: str, contains: str = "", timeout: float = 20) -> dict:
        """Wait for a message to ``to`` whose body contains ``contains`` (case-insensitive)."""
        return self._wait_sent(self.outbox, "message", to, contains, timeout)

    def post_sms(self, phone: str, text: str, *, event: dict | None = None, secret: str | None = None,
                 timestamp: int | None = None) -> requests.Response:
        """An SMS to the village phone, posted to the webhook signed as SMSGate posts it
        (``event``: a ready ``smsgate.received_event``; ``secret``/``timestamp``: to forge)."""
        event = event or smsgate.received_event(phone, text)
        return smsgate.post_signed(requests, f"{self.url}/smsgate/webhook", event,
                                   self.phone.secret if secret is None else secret, timestamp=timestamp, timeout=60)

    def phone_outbox(self, to: str | None = None) -> list[dict]:
        """Messages the fake SMSGate phone was asked to send: id, to, phoneNumbers, body, state, segments."""
        return self.phone.messages(to)

    def wait_phone_outbox(self, to: str, contains: str = "", timeout: float = 30) -> dict:
        """Wait for an SMS through the phone to ``to`` containing ``contains`` (case-insensitive)."""
        return self._wait_sent(self.phone_outbox, "SMS through the phone", to, contains, timeout)

    def _wait_sent(self, sent, what: str, to: str, contains: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for message in sent(to):
                if contains.lower() in (message["body"] or "").lower():
                    return message
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no {what} to {to} containing {contains!r} within {timeout} s; "
                    f"sent: {[m['body'][:60] for m in sent(to)]}\nworker log:\n{self.log('worker', 20)}"
                )
            time.sleep(0.25)

    def cases(self) -> list[dict]:
        """Every case as ``flask cases export`` prints it (CONTRACT.md section 4), read from the store."""
        db = self.db()
        try:
            return store.export_cases(db)
        finally:
            db.close()

    def tracker(self, sender: str) -> dict:
        """Rasa's tracker for ``sender`` (the E.164 phone) through the HTTP API (of the first
        Rasa server still running: they all read the same tracker store)."""
        live = [url for name, url in zip(self.rasa_names, self.rasa_urls) if self.procs[name].poll() is None]
        response = requests.get(
            f"{(live or self.rasa_urls)[0]}/conversations/{quote(sender, safe='+')}/tracker",
            params={"token": self.rasa_token}, timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def db(self):
        """The stack's database (bot.core.store.open_db)."""
        return store.open_db(self.settings.db_path)


def running_stack(workdir, **options):
    """A started Stack (``Stack(workdir, **options)``), stopped at the end (or when it fails
    to start): for fixtures."""
    s = Stack(workdir, **options)
    try:
        s.start()
    except BaseException:
        s.stop()
        raise
    try:
        yield s
    finally:
        s.stop()
