"""Fixtures of the console's Flask tests: accounts of every role in two areas, cases in
them, and a client that signs in through the real login form (CSRF token and all)."""
from __future__ import annotations

import re

import pytest

from bot.admin.auth import hash_password
from bot.core import store
from bot.core.store import users

PASSWORD = "kata-sandi-uji-123"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

# username -> (role, village, district)
ACCOUNTS = {
    "admin": ("admin", None, None),
    "op_jambe": ("operator", "Jambewangi", "Sempu"),
    "op_sarongan": ("operator", "Sarongan", "Pesanggaran"),
    "bidan_jambe": ("bidan", "Jambewangi", "Sempu"),
    "bidan_sempu": ("bidan", None, "Sempu"),
    "bhabin_jambe": ("bhabinkamtibmas", "Jambewangi", "Sempu"),
    "kec_sempu": ("kecamatan", None, "Sempu"),
    "kec_licin": ("kecamatan", None, "Licin"),
}

VILLAGER = "+6281234567890"  # Jambewangi
VILLAGER2 = "+6281234567891"  # Sarongan
VILLAGER3 = "+6281234567892"  # Karangsari (Sempu), not Jambewangi


def csrf_token(html: str) -> str:
    m = _TOKEN.search(html)
    assert m, "no csrf_token field in the page"
    return m.group(1) or m.group(2)


@pytest.fixture
def app(settings_env, monkeypatch, tmp_path):
    """The root ``app``, with the review export written under tmp (never into data/nlu)."""
    from bot import create_app
    from bot.core.redis_client import get_redis

    env = {**settings_env, "NLU_EXPORT_OUT": str(tmp_path / "nlu" / "reviewed.yml")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = create_app({"TESTING": True, **env})
    get_redis(env["REDIS_URL"]).flushdb()
    yield app


@pytest.fixture
def db(app):
    handle = store.open_db(app.config["SETTINGS"].db_path)
    yield handle
    handle.close()


@pytest.fixture
def accounts(db):
    made = {}
    hashed = hash_password(PASSWORD)  # scrypt once: it is slow on purpose
    for username, (role, village, district) in ACCOUNTS.items():
        made[username] = users.create_user(db, username, hashed, role, name=f"Nama {username}", village=village,
                                           district=district)
    return made


@pytest.fixture
def cases(db):
    """Cases in two kecamatan: Jambewangi and Karangsari (Sempu), Sarongan (Pesanggaran)."""
    def make(kind, phone, village, district, data=None, channel="sms"):
        return store.create_case(db, kind, phone, channel, village=village, district=district, data=data or {})

    made = {
        "doc": make("document", VILLAGER, "Jambewangi", "Sempu", {"document_type": "ktp", "nik": "3510012345670001",
                                                                   "applicant_name": "Siti"}),
        "preg": make("pregnancy", VILLAGER, "Jambewangi", "Sempu",
                     {"risk_level": "KRST", "kspr_score": 14, "factors": ["terlalu_muda", "pernah_operasi_sesar"]}),
        "emerg": make("emergency", VILLAGER, "Jambewangi", "Sempu", {"risk_level": "KRT"}),
        "adu": make("complaint", VILLAGER, "Jambewangi", "Sempu", {"category": "keamanan"}),
        "adu_desa": make("complaint", VILLAGER, "Jambewangi", "Sempu",
                         {"category": "pungli", "excluded_roles": ["operator_desa"]}),
        "jek_karangsari": make("transport", VILLAGER3, "Karangsari", "Sempu"),
        "opr": make("handover", VILLAGER, "Jambewangi", "Sempu", channel="whatsapp"),
        "doc_sarongan": make("document", VILLAGER2, "Sarongan", "Pesanggaran", {"document_type": "kk"}),
        "preg_sarongan": make("pregnancy", VILLAGER2, "Sarongan", "Pesanggaran", {"risk_level": "KRR"}),
    }
    store.upsert_contact(db, VILLAGER, channel="sms", village="Jambewangi", district="Sempu",
                         paused_for=made["opr"]["ref"])
    store.upsert_contact(db, VILLAGER2, channel="sms", village="Sarongan", district="Pesanggaran")
    return {k: v["ref"] for k, v in made.items()}


def sign_in(client, username: str, password: str = PASSWORD, next_url: str | None = None):
    page = client.get("/admin/login")
    assert page.status_code == 200
    url = "/admin/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password,
                                  "csrf_token": csrf_token(page.get_data(as_text=True))})


@pytest.fixture
def login(app, accounts):
    """``login(username)``: a new client signed in as that account."""
    def go(username: str):
        client = app.test_client()
        response = sign_in(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client
    return go


def post(client, url: str, data: dict | None = None, page: str | None = None):
    """POST a console form with the CSRF token of ``page`` (default: the page at ``url``'s case)."""
    html = client.get(page or "/admin/cases").get_data(as_text=True)
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(html)})
