"""The account page (/admin/users, admins only): list, create, change, new password,
deactivate and reactivate; every change in the audit log without the password; the same
desa/kecamatan check as ``flask users create``; other roles refused on every URL."""
from __future__ import annotations

import json

import pytest
from werkzeug.security import check_password_hash

from bot.core.store import audit, users
from tests.unit.admin.conftest import ACCOUNTS, PASSWORD, csrf_token, post, sign_in

NEW_PASSWORD = "sandi-baru-panjang-7"


def create(client, **fields):
    data = {"username": "bidan_sri", "name": "Bidan Sri", "role": "bidan", "village": "jambewangi",
            "district": "", "password": NEW_PASSWORD, "password2": NEW_PASSWORD, **fields}
    return post(client, "/admin/users", data, page="/admin/users")


def user_rows(db) -> list[tuple]:
    """The users table as it stands, password hashes included: what 'nothing changed' compares."""
    return [tuple(sorted(u.items())) for u in users.list_users(db)]


def assert_no_secret(rows, *secrets):
    for row in rows:
        text = json.dumps(row, default=str)
        assert "password_hash" not in text and "scrypt" not in text
        for secret in secrets:
            assert secret not in text


def test_list_shows_every_account_with_role_area_and_last_login(login, db, accounts):
    users.update_user(db, accounts["op_jambe"]["id"], last_login_at="2026-03-02T01:05:00+00:00", active=0)
    page = login("admin").get("/admin/users")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for username in ACCOUNTS:
        assert f">{username}</a>" in html, username
    assert "Nama bidan_jambe" in html and "Bhabinkamtibmas" in html and "Pesanggaran" in html
    assert "02/03/2026 08.05 WIB" in html  # UTC 01.05 shown in WIB
    assert "nonaktif" in html
    assert 'href="/admin/users"' in html  # the admin's nav has the link


def test_nav_link_only_for_admins(login):
    for username in ("op_jambe", "bidan_jambe", "kec_sempu"):
        assert 'href="/admin/users"' not in login(username).get("/admin/cases").get_data(as_text=True), username


def test_create_an_account_that_then_signs_in(app, login, db):
    admin = login("admin")
    response = create(admin)
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users")
    user = users.get_user_by_username(db, "bidan_sri")
    assert user["role"] == "bidan" and user["name"] == "Bidan Sri" and user["active"] == 1
    assert (user["village"], user["district"]) == ("Jambewangi", "Sempu")  # official names, kecamatan found
    assert check_password_hash(user["password_hash"], NEW_PASSWORD)
    assert "bidan_sri" in admin.get("/admin/users").get_data(as_text=True)
    row = audit.entries(db, action="user_created")[0]
    assert row["actor"] == "admin" and row["object_type"] == "user" and row["object_id"] == str(user["id"])
    assert json.loads(row["after"]) == {"username": "bidan_sri", "name": "Bidan Sri", "role": "bidan",
                                        "village": "Jambewangi", "district": "Sempu"}
    assert row["ip"] == "127.0.0.1"
    assert_no_secret([row], NEW_PASSWORD, user["password_hash"])
    assert sign_in(app.test_client(), "bidan_sri", NEW_PASSWORD).status_code == 302


def test_create_keeps_only_the_area_the_role_has(login, db):
    admin = login("admin")
    assert create(admin, username="adm2", role="admin", village="Jambewangi").status_code == 302
    assert create(admin, username="kec2", role="kecamatan", village="Jambewangi").status_code == 302
    assert users.get_user_by_username(db, "adm2")["village"] is None
    assert users.get_user_by_username(db, "adm2")["district"] is None
    kec = users.get_user_by_username(db, "kec2")
    assert (kec["village"], kec["district"]) == (None, "Sempu")


@pytest.mark.parametrize("fields, code, words", [
    ({"village": "Atlantis"}, 400, "Desa “Atlantis” tidak ditemukan"),
    ({"village": "", "district": "Gotham"}, 400, "Kecamatan “Gotham” tidak ada"),
    ({"village": "Tamansari"}, 400, "isi juga kecamatannya"),  # two kecamatan have a Tamansari
    ({"village": "Jambewangi", "district": "Licin"}, 400, "tidak ditemukan di Kec. Licin"),
    ({"password": "pendek", "password2": "pendek"}, 400, "Kata sandi minimal 8 karakter"),
    ({"password2": "lain-sekali-123"}, 400, "Kedua kata sandi tidak sama"),
    ({"username": "OP_JAMBE"}, 409, "sudah dipakai"),  # op_jambe exists: case does not matter
    ({"username": "admin"}, 409, "sudah dipakai"),
    ({"username": "bidan sri"}, 400, "tanpa spasi"),
    ({"role": "lurah"}, 400, "Pilih peran"),
])
def test_create_refuses_bad_input_and_stores_nothing(login, db, fields, code, words):
    admin = login("admin")
    before = user_rows(db)
    response = create(admin, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert words in html
    assert user_rows(db) == before
    assert audit.entries(db, action="user_created") == []
    # the form is given back filled in, except the password
    assert 'value="Bidan Sri"' in html and NEW_PASSWORD not in html


def test_edit_role_and_area(login, db, accounts):
    admin = login("admin")
    user_id = accounts["op_jambe"]["id"]
    response = post(admin, f"/admin/users/{user_id}", {"name": "Pak Budi", "role": "bhabinkamtibmas",
                                                        "village": "sarongan", "district": ""},
                    page=f"/admin/users/{user_id}")
    assert response.status_code == 302
    user = users.get_user(db, user_id)
    assert (user["name"], user["role"], user["village"], user["district"]) == \
        ("Pak Budi", "bhabinkamtibmas", "Sarongan", "Pesanggaran")
    assert user["password_hash"] == accounts["op_jambe"]["password_hash"]
    row = audit.entries(db, action="user_updated")[0]
    assert row["object_id"] == str(user_id) and row["actor"] == "admin"
    assert json.loads(row["before"]) == {"name": "Nama op_jambe", "role": "operator", "village": "Jambewangi",
                                         "district": "Sempu"}
    assert json.loads(row["after"]) == {"name": "Pak Budi", "role": "bhabinkamtibmas", "village": "Sarongan",
                                        "district": "Pesanggaran"}
    # the same again changes nothing and writes no row
    post(admin, f"/admin/users/{user_id}", {"name": "Pak Budi", "role": "bhabinkamtibmas", "village": "Sarongan",
                                            "district": "Pesanggaran"}, page=f"/admin/users/{user_id}")
    assert len(audit.entries(db, action="user_updated")) == 1
    # a desa that does not exist is refused and nothing changes
    response = post(admin, f"/admin/users/{user_id}", {"name": "X", "role": "operator", "village": "Atlantis"},
                    page=f"/admin/users/{user_id}")
    assert response.status_code == 400 and "tidak ditemukan" in response.get_data(as_text=True)
    assert users.get_user(db, user_id)["role"] == "bhabinkamtibmas"


def test_set_password_then_sign_in_with_it(app, login, db, accounts):
    admin = login("admin")
    user_id = accounts["bidan_jambe"]["id"]
    url = f"/admin/users/{user_id}/password"
    refused = post(admin, url, {"password": "pendek", "password2": "pendek"}, page=f"/admin/users/{user_id}")
    assert refused.status_code == 400 and "minimal 8 karakter" in refused.get_data(as_text=True)
    assert users.get_user(db, user_id)["password_hash"] == accounts["bidan_jambe"]["password_hash"]
    response = post(admin, url, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
                    page=f"/admin/users/{user_id}")
    assert response.status_code == 302
    assert sign_in(app.test_client(), "bidan_jambe", NEW_PASSWORD).status_code == 302
    assert sign_in(app.test_client(), "bidan_jambe", PASSWORD).status_code == 401
    rows = audit.entries(db, action="password_set")
    assert len(rows) == 1 and rows[0]["object_id"] == str(user_id) and rows[0]["actor"] == "admin"
    assert_no_secret(rows, NEW_PASSWORD, users.get_user(db, user_id)["password_hash"])


def test_deactivate_stops_the_account_and_reactivate_gives_it_back(app, login, db, accounts):
    user_id = accounts["op_jambe"]["id"]
    victim = login("op_jambe")
    admin = login("admin")
    response = post(admin, f"/admin/users/{user_id}/deactivate", page=f"/admin/users/{user_id}")
    assert response.status_code == 302
    assert users.get_user(db, user_id)["active"] == 0
    assert victim.get("/admin/cases").status_code == 302  # the open session stops working
    assert sign_in(app.test_client(), "op_jambe").status_code == 401
    row = audit.entries(db, action="user_deactivated")[0]
    assert row["object_id"] == str(user_id) and json.loads(row["before"]) == {"active": 1}
    assert "nonaktif" in admin.get(f"/admin/users/{user_id}").get_data(as_text=True)

    assert post(admin, f"/admin/users/{user_id}/activate", page=f"/admin/users/{user_id}").status_code == 302
    assert users.get_user(db, user_id)["active"] == 1
    assert audit.entries(db, action="user_reactivated")[0]["object_id"] == str(user_id)
    assert sign_in(app.test_client(), "op_jambe").status_code == 302


def test_admin_cannot_deactivate_or_demote_themselves(login, db, accounts):
    admin = login("admin")
    me = accounts["admin"]["id"]
    page = admin.get(f"/admin/users/{me}").get_data(as_text=True)
    assert f"/admin/users/{me}/deactivate" not in page  # no button for it
    response = post(admin, f"/admin/users/{me}/deactivate", page=f"/admin/users/{me}")
    assert response.status_code == 403
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.get_data(as_text=True)
    response = post(admin, f"/admin/users/{me}", {"name": "Admin", "role": "operator", "village": "Jambewangi"},
                    page=f"/admin/users/{me}")
    assert response.status_code == 403 and "peran admin Anda sendiri" in response.get_data(as_text=True)
    user = users.get_user(db, me)
    assert user["active"] == 1 and user["role"] == "admin" and user["village"] is None
    assert audit.entries(db, action="user_deactivated") == audit.entries(db, action="user_updated") == []
    assert admin.get("/admin/users").status_code == 200  # still signed in, still admin
    # another admin can be demoted: the one acting stays admin
    other = users.create_user(db, "admin2", accounts["admin"]["password_hash"], "admin")
    response = post(admin, f"/admin/users/{other['id']}", {"name": "admin2", "role": "kecamatan",
                                                           "district": "Licin"}, page=f"/admin/users/{me}")
    assert response.status_code == 302 and users.get_user(db, other["id"])["role"] == "kecamatan"


@pytest.mark.parametrize("username", ["op_jambe", "bidan_jambe", "kec_sempu", "bhabin_jambe"])
def test_other_roles_are_refused_on_every_users_url(login, db, accounts, username):
    client = login(username)
    target = accounts["op_sarongan"]["id"]
    mine = accounts[username]["id"]
    before = user_rows(db)
    audit_before = len(audit.entries(db))
    for url in ("/admin/users", f"/admin/users/{target}", f"/admin/users/{mine}", "/admin/users/99999"):
        assert client.get(url).status_code == 403, url
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    for url, data in (("/admin/users", {"username": "baru", "role": "admin", "password": NEW_PASSWORD,
                                        "password2": NEW_PASSWORD}),
                      (f"/admin/users/{target}", {"name": "x", "role": "admin"}),
                      (f"/admin/users/{mine}", {"name": "x", "role": "admin"}),
                      (f"/admin/users/{target}/password", {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}),
                      (f"/admin/users/{target}/deactivate", {}),
                      (f"/admin/users/{target}/activate", {})):
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 403, url
    assert user_rows(db) == before
    assert len(audit.entries(db)) == audit_before


def test_users_posts_need_the_csrf_token(login, db, accounts):
    admin = login("admin")
    target = accounts["op_jambe"]["id"]
    before = user_rows(db)
    for url, data in (("/admin/users", {"username": "baru", "role": "admin", "password": NEW_PASSWORD,
                                        "password2": NEW_PASSWORD}),
                      (f"/admin/users/{target}", {"name": "x", "role": "admin"}),
                      (f"/admin/users/{target}/password", {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}),
                      (f"/admin/users/{target}/deactivate", {})):
        response = admin.post(url, data=data)
        assert response.status_code == 400, url
        assert "Formulir tidak sah" in response.get_data(as_text=True)
    assert user_rows(db) == before
    assert audit.entries(db, action="user_created") == []


def test_unknown_account_is_404_for_an_admin(login):
    admin = login("admin")
    assert admin.get("/admin/users/99999").status_code == 404
    assert post(admin, "/admin/users/99999/deactivate", page="/admin/users").status_code == 404


def test_signed_out_visitors_reach_nothing(client, accounts, db):
    for url in ("/admin/users", f"/admin/users/{accounts['op_jambe']['id']}"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], url
    before = user_rows(db)
    assert client.post(f"/admin/users/{accounts['op_jambe']['id']}/deactivate").status_code in (400, 401)
    assert user_rows(db) == before
