"""Fixtures for every test: ``app``, ``client``, ``runner`` (flaskr style) with a
tmp DATA_DIR and a throw-away Redis of their own (never port 6379).

The unit layer never starts Rasa: tests that need a turn stub
``bot.rasa_client.send`` (see ``rasa`` below).
"""
from __future__ import annotations

import secrets

import pytest

from bot import create_app, rasa_client
from bot.core import settings as config
from bot.core.redis_client import get_redis
from tests.support import start_redis, stop_process

TEST_TOKEN = "test-twilio-auth-token"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server on a free port for the whole session."""
    proc, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url.rsplit("/", 1)[0] + "/1"
    stop_process(proc)


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test starts with no process settings: the first ``config.current()`` reads the
    environment the test set up (or the app its fixture made installs its own)."""
    config.use(None)
    yield
    config.use(None)


@pytest.fixture
def settings_env(tmp_path, redis_url):
    # Every variable load_settings() reads, so that nothing leaks in from the
    # process environment (the e2e stack exports its own for the session).
    return {
        "APP_ENV": "development",
        "TWILIO_AUTH_TOKEN": TEST_TOKEN,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "DATA_DIR": str(tmp_path / "data"),
        "REDIS_URL": redis_url,
        "ADMIN_API_TOKEN": "test-admin-token",
        "SECRET_KEY": secrets.token_hex(8),
        # Nothing listens here: a test that forgets to stub Rasa fails fast.
        "RASA_URL": "http://127.0.0.1:9",
        "ACTION_SERVER_URL": "http://127.0.0.1:9",
        "RASA_TOKEN": "test-rasa-token",
        "TWILIO_API_BASE": "http://127.0.0.1:9",
        "TWILIO_SMS_FROM": "+15005550006",
        "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
        "PUBLIC_BASE_URL": "",
        "PORT": "5000",
        "HOST": "127.0.0.1",
        "EMERGENCY_ACK_SECONDS": "600",
        "EMERGENCY_MENU_WAIT_SECONDS": "180",
        "SENDER_BURST": "6",
        "GLOBAL_BURST": "100",
    }


@pytest.fixture
def app(settings_env, monkeypatch):
    # Code that calls load_settings() itself (bot.core.outbound) sees the same settings.
    for key, value in settings_env.items():
        monkeypatch.setenv(key, value)
    app = create_app({"TESTING": True, **settings_env})
    get_redis(settings_env["REDIS_URL"]).flushdb()
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class FakeRasa:
    """Records the turns the webhook sends; answers with canned replies."""

    def __init__(self):
        self.turns: list[dict] = []
        self.replies: list[dict] = [{"text": "Halo Bapak/Ibu."}]
        self.error: Exception | None = None
        self.intent: tuple[str | None, float | None] = ("greet", 0.98)
        self.active_loop: str | None = None
        self.events: list[dict] = []  # the tracker's events (the inbox looks for a finished turn)
        self.done: list[dict] = []  # user events of the turns that went through
        self.slots: dict = {}  # the tracker's slots

    def send(self, sender, text, metadata=None, settings=None):
        self.turns.append({"sender": sender, "text": text, "metadata": metadata})
        if self.error:
            raise self.error
        name, confidence = self.intent
        self.done.append({"event": "user", "text": text, "metadata": metadata or {},
                          "parse_data": {"intent": {"name": name, "confidence": confidence}}})
        return list(self.replies)

    def tracker(self, settings, sender, include_events="NONE"):
        return {"sender_id": sender, "active_loop": {"name": self.active_loop} if self.active_loop else {},
                "events": list(self.events) or list(self.done), "slots": dict(self.slots)}


@pytest.fixture
def rasa(monkeypatch):
    fake = FakeRasa()
    monkeypatch.setattr(rasa_client, "send", fake.send)
    monkeypatch.setattr(rasa_client, "tracker", fake.tracker)
    return fake


def pytest_collection_modifyitems(config, items):
    """Fast tests first, then the end-to-end layer (Rasa's start), the browser tests last:
    pytest-playwright's session-scoped ``playwright`` fixture keeps its sync event loop
    running until the session ends, and any ``asyncio.run`` after it (the action tests run
    actions that way) fails with "cannot be called from a running event loop"."""
    def layer(item) -> int:
        parts = item.path.parts
        return 2 if "browser" in parts else 1 if "e2e" in parts else 0

    items.sort(key=layer)
