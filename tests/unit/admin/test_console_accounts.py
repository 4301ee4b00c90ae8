"""Accounts, login, sessions, CSRF, throttling (on the real Redis of the test session),
security headers and the audit rows of signing in (CONTRACT.md section 4a)."""
from __future__ import annotations

from werkzeug.security import check_password_hash

from bot.admin.auth import hash_password
from bot.core import store
from bot.core.store import audit, users
from tests.unit.admin.conftest import PASSWORD, csrf_token, sign_in


def test_admin_without_login_redirects_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
    for path in ("/admin/cases", "/admin/cases/DOK-0001", "/admin/conversations", "/admin/messages?q=x",
                 "/admin/teach", "/admin/overview", "/admin/audit", "/admin/cases.csv", "/admin/audit.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], path
    # a POST without a session is refused, never run
    assert client.post("/admin/cases/DOK-0001/status", data={"status": "done"}).status_code in (400, 401)


def test_users_create_reads_the_password_from_stdin(app, runner, db):
    result = runner.invoke(args=["users", "create", "bidan_sri", "--role", "bidan", "--village", "jambewangi",
                                 "--name", "Bidan Sri"], input="rahasia-bidan-1\n")
    assert result.exit_code == 0, result.output
    user = users.get_user_by_username(db, "bidan_sri")
    assert user["role"] == "bidan" and user["village"] == "Jambewangi" and user["district"] == "Sempu"
    assert user["name"] == "Bidan Sri"
    assert user["password_hash"].startswith("scrypt:")
    assert check_password_hash(user["password_hash"], "rahasia-bidan-1")
    assert "rahasia" not in result.output
    rows = audit.entries(db, action="user_created")
    assert rows and rows[0]["actor"] == "cli" and rows[0]["object_id"] == str(user["id"])
    # and the account signs in through the form
    client = app.test_client()
    response = sign_in(client, "bidan_sri", "rahasia-bidan-1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    page = client.get("/admin/")
    assert page.status_code == 200 and "<h1>Kasus</h1>" in page.get_data(as_text=True)


def test_users_create_refuses_bad_input(runner, db):
    def create(*args, password="cukup-panjang-1\n"):
        return runner.invoke(args=["users", "create", *args], input=password)

    assert create("x", "--role", "lurah").exit_code != 0  # not a role
    assert create("pendek", "--role", "admin", password="abc\n").exit_code != 0
    result = create("op1", "--role", "operator", "--village", "Tamansari")  # two kecamatan have a Tamansari
    assert result.exit_code != 0 and "--district" in result.output
    assert create("op2", "--role", "operator", "--village", "Atlantis").exit_code != 0
    assert create("op3", "--role", "operator", "--district", "Gotham").exit_code != 0
    assert users.list_users(db) == []
    result = create("op1", "--role", "operator", "--village", "Tamansari", "--district", "Licin")
    assert result.exit_code == 0, result.output
    assert users.get_user_by_username(db, "op1")["district"] == "Licin"
    assert create("OP1", "--role", "admin").exit_code != 0  # usernames are unique in any case
    assert len(users.list_users(db)) == 1


def test_login_logout_and_audit_rows(client, accounts, db):
    response = sign_in(client, "op_jambe")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development: plain http on the laptop
    assert client.get("/admin/cases").status_code == 200
    login = audit.entries(db, action="login")[0]
    assert login["actor"] == "op_jambe" and login["actor_name"] == "Nama op_jambe" and login["actor_role"] == "operator"
    assert login["ip"] == "127.0.0.1" and login["user_agent"].startswith("Werkzeug")
    assert users.get_user(db, accounts["op_jambe"]["id"])["last_login_at"]
    # logout is a POST with the token; a GET does nothing
    assert client.get("/admin/logout").status_code == 405
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/cases").status_code == 302
    assert audit.entries(db, action="logout")[0]["actor"] == "op_jambe"


def test_wrong_password_and_unknown_user_fail_alike(client, accounts, db):
    for username, password in (("op_jambe", "salah-sekali"), ("nobody", PASSWORD)):
        response = sign_in(client, username, password)
        assert response.status_code == 401
        assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)
        assert client.get("/admin/cases").status_code == 302
    failed = audit.entries(db, action="login_failed")
    assert [r["actor"] for r in failed] == ["nobody", "op_jambe"]
    assert failed[1]["object_id"] == str(accounts["op_jambe"]["id"]) and failed[0]["object_id"] is None


def test_inactive_account_cannot_sign_in_and_loses_its_session(client, accounts, db):
    assert sign_in(client, "op_jambe").status_code == 302
    users.update_user(db, accounts["op_jambe"]["id"], active=0)
    assert client.get("/admin/cases").status_code == 302  # the session no longer counts
    assert sign_in(client, "op_jambe").status_code == 401


def test_login_post_without_csrf_token_is_refused(client, accounts, db):
    response = client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400
    assert "Formulir tidak sah" in response.get_data(as_text=True)
    assert client.get("/admin/cases").status_code == 302
    assert audit.entries(db, action="login") == []
    bad = client.post("/admin/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "forged"})
    assert bad.status_code == 400


def test_every_console_post_needs_the_csrf_token(login, cases, db):
    client = login("admin")
    for url, data in ((f"/admin/cases/{cases['doc']}/status", {"status": "done", "note": "ok"}),
                      (f"/admin/cases/{cases['doc']}/note", {"note": "catatan"}),
                      (f"/admin/cases/{cases['doc']}/reply", {"text": "halo"}),
                      (f"/admin/cases/{cases['doc']}/assign", {"username": "admin"}),
                      ("/admin/teach/export", {}), ("/admin/logout", {})):
        assert client.post(url, data=data).status_code == 400, url
    case = db["cases"].get(cases["doc"])
    assert case["status"] == "new" and case["assignee"] is None
    assert [e["event"] for e in db["case_events"].rows_where("ref = ?", [cases["doc"]])] == ["created"]


def test_failed_logins_are_throttled_on_redis(app, client, accounts, db):
    from bot.core.redis_client import get_redis

    assert app.extensions["admin_limiter"]._storage.__class__.__name__ == "RedisStorage"
    for _ in range(5):
        assert sign_in(client, "admin", "tebakan-salah").status_code == 401
    assert any(k.startswith(b"LIMITER") for k in get_redis(app.config["SETTINGS"].redis_url).keys("*"))
    # the sixth try is refused even with the right password
    response = sign_in(client, "admin")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    assert client.get("/admin/cases").status_code == 302
    assert audit.entries(db, action="login_throttled")[0]["actor"] == "admin"
    # another account from the same address is not locked by it
    assert sign_in(app.test_client(), "op_jambe").status_code == 302


def test_successful_logins_are_not_counted_as_failures(app, accounts):
    for _ in range(7):
        assert sign_in(app.test_client(), "admin").status_code == 302


def test_next_only_leads_inside_the_console(app, accounts):
    assert sign_in(app.test_client(), "admin", next_url="/admin/overview").headers["Location"] == "/admin/overview"
    for target in ("https://evil.example/", "//evil.example/admin", "/twilio/messages"):
        response = sign_in(app.test_client(), "admin", next_url=target)
        assert response.headers["Location"] == "/admin/", target


def test_security_headers_on_console_pages_and_static(client, accounts):
    for path in ("/admin/login", "/static/admin/admin.css"):
        response = client.get(path)
        assert response.status_code == 200
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    # the webhook's answers are not the console's business
    assert "Content-Security-Policy" not in client.get("/healthz").headers


def test_production_cookies_are_secure(settings_env):
    from bot import create_app

    app = create_app({**settings_env, "APP_ENV": "production", "TESTING": True})
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_webhooks_need_no_csrf_token(client):
    # CSRF covers the console only: Twilio's POST reaches its own signature check (403), not a 400
    assert client.post("/twilio/messages", data={"From": "+6281234567890", "Body": "halo"}).status_code == 403


def test_set_password_and_deactivate(app, runner, accounts, db):
    result = runner.invoke(args=["users", "set-password", "op_jambe"], input="sandi-baru-panjang\n")
    assert result.exit_code == 0, result.output
    assert sign_in(app.test_client(), "op_jambe").status_code == 401
    assert sign_in(app.test_client(), "op_jambe", "sandi-baru-panjang").status_code == 302
    assert runner.invoke(args=["users", "set-password", "op_jambe"], input="x\n").exit_code != 0
    assert runner.invoke(args=["users", "set-password", "nobody"], input="sandi-baru-panjang\n").exit_code != 0
    client = app.test_client()
    assert sign_in(client, "op_jambe", "sandi-baru-panjang").status_code == 302
    assert runner.invoke(args=["users", "deactivate", "op_jambe"]).exit_code == 0
    assert client.get("/admin/cases").status_code == 302  # the open session stops working
    assert sign_in(app.test_client(), "op_jambe", "sandi-baru-panjang").status_code == 401
    assert [r["action"] for r in audit.entries(db)][:2] == ["login_failed", "user_deactivated"]
    listing = runner.invoke(args=["users", "list"]).output
    assert "op_jambe\toperator\tDesa Jambewangi, Kec. Sempu\tnonaktif" in listing


def test_login_works_and_stays_throttled_while_redis_is_down(settings_env, monkeypatch, tmp_path):
    """Redis down (restart, deploy): the console still signs people in, never a 500, and
    failed logins are still counted (in the process's memory until Redis is back)."""
    import socket

    from bot import create_app

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    env = {**settings_env, "REDIS_URL": dead}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = create_app({"TESTING": True, **env})
    db = store.open_db(app.config["SETTINGS"].db_path)
    try:
        users.create_user(db, "admin", hash_password(PASSWORD), "admin", name="Nama admin")
        client = app.test_client()
        assert sign_in(client, "admin").status_code == 302
        assert client.get("/admin/cases").status_code == 200
        other = app.test_client()
        for _ in range(5):
            assert sign_in(other, "admin", "tebakan-salah").status_code == 401
        assert sign_in(other, "admin").status_code == 429
        assert audit.entries(db, action="login_throttled")[0]["actor"] == "admin"
        # the pages still show; an answer that needs the send queue says it was not sent
        ref = store.create_case(db, "document", "+6281234567890", "sms", village="Jambewangi", district="Sempu",
                                data={"document_type": "ktp"})["ref"]
        for path in ("/admin/cases", f"/admin/cases/{ref}", "/admin/conversations", "/admin/overview"):
            assert client.get(path).status_code == 200, path
        html = client.get(f"/admin/cases/{ref}").get_data(as_text=True)
        reply = client.post(f"/admin/cases/{ref}/reply", data={"text": "Berkas sudah jadi", "csrf_token": csrf_token(html)})
        assert reply.status_code == 503 and "belum disimpan" in reply.get_data(as_text=True)
        assert [m for m in db["messages"].rows_where("direction = 'out'")] == []
    finally:
        db.close()


def test_a_copy_of_the_cookie_is_worthless_after_logout(app, accounts, db):
    """Console round, F5: after "Keluar" a copied session cookie still opened the queue."""
    client = app.test_client()
    sign_in(client, "op_jambe")
    stolen = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session")).value
    other = app.test_client()  # the same account on a second device
    sign_in(other, "op_jambe")
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie(app.config.get("SESSION_COOKIE_NAME", "session"), stolen)
    assert replay.get("/admin/cases").status_code == 302  # to the login page
    assert other.get("/admin/cases").status_code == 200  # the other sign-in stands
    users.update_user(db, accounts["op_jambe"]["id"], password_hash="x")  # a new password ends it too
    assert other.get("/admin/cases").status_code == 302
