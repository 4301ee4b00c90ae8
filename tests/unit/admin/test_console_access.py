"""The one access rule (bot.core.access) and every route's boundary: a role sees only its
area and kinds, a read-only role changes nothing, a tampered id shows nothing."""
from __future__ import annotations

import pytest

from bot.core import access, store
from bot.core.store import audit
from tests.unit.admin.conftest import VILLAGER, VILLAGER2, csrf_token


def case(kind, village, district, **data):
    return {"kind": kind, "village": village, "district": district, "data": data}


def user(role, village=None, district=None):
    return {"id": 1, "username": "u", "role": role, "village": village, "district": district, "active": 1}


@pytest.mark.parametrize(("who", "what", "level"), [
    (user("admin"), case("document", None, None), "update"),
    (user("operator", "Jambewangi", "Sempu"), case("document", "Jambewangi", "Sempu"), "update"),
    (user("operator", "Jambewangi", "Sempu"), case("emergency", "jambewangi", "SEMPU"), "update"),
    (user("operator", "Jambewangi", "Sempu"), case("document", "Karangsari", "Sempu"), "none"),
    (user("operator", "Jambewangi", "Sempu"), case("complaint", "Jambewangi", "Sempu",
                                                    excluded_roles=["operator_desa"]), "none"),
    (user("operator", "Tamansari", "Licin"), case("document", "Tamansari", "Tegalsari"), "none"),
    (user("bidan", "Jambewangi", "Sempu"), case("pregnancy", "Jambewangi", "Sempu"), "update"),
    (user("bidan", "Jambewangi", "Sempu"), case("transport", "Jambewangi", "Sempu"), "update"),
    (user("bidan", "Jambewangi", "Sempu"), case("document", "Jambewangi", "Sempu"), "none"),
    (user("bidan", "Jambewangi", "Sempu"), case("complaint", "Jambewangi", "Sempu"), "none"),
    (user("bidan", None, "Sempu"), case("emergency", "Karangsari", "Sempu"), "update"),
    (user("bidan", None, "Sempu"), case("emergency", "Sarongan", "Pesanggaran"), "none"),
    (user("bhabinkamtibmas", "Jambewangi", "Sempu"), case("complaint", "Jambewangi", "Sempu"), "update"),
    (user("bhabinkamtibmas", "Jambewangi", "Sempu"), case("emergency", "Jambewangi", "Sempu"), "update"),
    (user("bhabinkamtibmas", "Jambewangi", "Sempu"), case("pregnancy", "Jambewangi", "Sempu"), "none"),
    (user("kecamatan", None, "Sempu"), case("complaint", "Karangsari", "Sempu"), "read"),
    (user("kecamatan", None, "Sempu"), case("document", "Sarongan", "Pesanggaran"), "none"),
    (user("operator"), case("document", "Jambewangi", "Sempu"), "none"),  # no area: nothing
    (user("lurah", "Jambewangi", "Sempu"), case("document", "Jambewangi", "Sempu"), "none"),  # no such role
    ({**user("admin"), "active": 0}, case("document", None, None), "none"),
    (None, case("document", None, None), "none"),
])
def test_case_level(who, what, level):
    assert access.case_level(who, what) == level


def test_contact_level_follows_the_cases_and_the_area():
    jambe = {"phone": VILLAGER, "village": "Jambewangi", "district": "Sempu"}
    preg = case("pregnancy", "Jambewangi", "Sempu")
    doc = case("document", "Jambewangi", "Sempu")
    assert access.contact_level(user("bidan", "Jambewangi", "Sempu"), jambe, [doc]) == "none"
    assert access.contact_level(user("bidan", "Jambewangi", "Sempu"), jambe, [doc, preg]) == "update"
    assert access.contact_level(user("operator", "Jambewangi", "Sempu"), jambe, []) == "update"
    assert access.contact_level(user("kecamatan", None, "Sempu"), jambe, [doc]) == "read"
    assert access.contact_level(user("operator", "Sarongan", "Pesanggaran"), jambe, [doc]) == "none"
    assert access.contact_level(user("admin"), {"phone": "+62811"}, []) == "update"


def test_queue_lists_only_what_the_role_may_read(login, cases):
    def refs(username):
        html = login(username).get("/admin/cases?status=all").get_data(as_text=True)
        return {ref for ref in cases.values() if f">{ref}</a>" in html}

    assert refs("admin") == set(cases.values())
    assert refs("op_jambe") == {cases[k] for k in ("doc", "preg", "emerg", "adu", "opr")}  # not adu_desa
    assert refs("op_sarongan") == {cases["doc_sarongan"], cases["preg_sarongan"]}
    assert refs("bidan_jambe") == {cases["preg"], cases["emerg"]}
    assert refs("bidan_sempu") == {cases["preg"], cases["emerg"], cases["jek_karangsari"]}
    assert refs("bhabin_jambe") == {cases["emerg"], cases["adu"], cases["adu_desa"]}
    assert refs("kec_sempu") == {cases[k] for k in ("doc", "preg", "emerg", "adu", "adu_desa", "jek_karangsari",
                                                    "opr")}
    assert refs("kec_licin") == set()


def test_tampered_case_refs_show_nothing(login, cases):
    client = login("bidan_jambe")
    assert client.get(f"/admin/cases/{cases['preg']}").status_code == 200
    for ref in (cases["doc"], cases["preg_sarongan"], cases["doc_sarongan"], "DOK-9999", "X' OR 1=1--"):
        response = client.get(f"/admin/cases/{ref}")
        assert response.status_code == 404, ref
        assert VILLAGER2 not in response.get_data(as_text=True)
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    for action, data in (("status", {"status": "done", "note": "x"}), ("note", {"note": "x"}),
                         ("reply", {"text": "x"}), ("assign", {"username": "bidan_jambe"}), ("claim", {})):
        response = client.post(f"/admin/cases/{cases['preg_sarongan']}/{action}", data={**data, "csrf_token": token})
        assert response.status_code == 404, action


def test_read_only_role_cannot_change_anything(login, cases, db, notices):
    client = login("kec_sempu")
    page = client.get(f"/admin/cases/{cases['doc']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "hanya dapat membaca" in html and "Simpan status" not in html
    assert VILLAGER not in html and "+62812****7890" in html  # the whole number only to who works the case
    assert "3510012345670001" not in html and "3510********0001" in html
    token = csrf_token(html)
    for action, data in (("status", {"status": "done", "note": "x"}), ("note", {"note": "x"}),
                         ("reply", {"text": "x"}), ("assign", {"username": "op_jambe"}), ("claim", {}),
                         ("handover/close", {})):
        ref = cases["opr"] if action == "handover/close" else cases["doc"]
        response = client.post(f"/admin/cases/{ref}/{action}", data={**data, "csrf_token": token})
        assert response.status_code == 403, action
    assert db["cases"].get(cases["doc"])["status"] == "new"
    assert notices == []
    assert audit.entries(db, action="status") == []


def test_tampered_conversation_ids_show_nothing(login, cases, db):
    from bot.core import store

    mine = store.log_message(db, "in", "sms", VILLAGER, "saya mau urus KTP")
    other = store.log_message(db, "in", "sms", VILLAGER2, "lumbung padi Sarongan")
    client = login("op_jambe")
    assert client.get(f"/admin/conversations/{mine}").status_code == 200
    response = client.get(f"/admin/conversations/{other}")
    assert response.status_code == 404 and "lumbung" not in response.get_data(as_text=True)
    assert client.get("/admin/conversations/999999").status_code == 404
    assert client.get("/admin/conversations/abc").status_code == 404
    listing = client.get("/admin/conversations").get_data(as_text=True)
    assert f"/admin/conversations/{mine}" in listing and f"/admin/conversations/{other}" not in listing
    search = client.get("/admin/messages?q=lumbung").get_data(as_text=True)
    assert "lumbung padi" not in search


def test_admin_only_pages(login, cases):
    for username in ("op_jambe", "bidan_jambe", "kec_sempu"):
        client = login(username)
        assert client.get("/admin/audit").status_code == 403, username
        assert client.get("/admin/audit.csv").status_code == 403, username
        token = csrf_token(client.get("/admin/teach").get_data(as_text=True))
        assert client.post("/admin/teach/export", data={"csrf_token": token}).status_code == 403
    assert login("admin").get("/admin/audit").status_code == 200


def test_assigning_to_someone_outside_the_case_is_refused(login, cases, db, notices):
    client = login("admin")
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    for username in ("op_sarongan", "bidan_jambe", "kec_sempu", "nobody"):  # other desa, wrong kind, read-only
        response = client.post(f"/admin/cases/{cases['doc']}/assign", data={"username": username, "csrf_token": token})
        assert response.status_code == 400, username
    assert db["cases"].get(cases["doc"])["assignee"] is None and notices == []


def test_csv_export_is_scoped_and_masked(login, cases, db):
    client = login("op_sarongan")
    response = client.get("/admin/cases.csv?status=all")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    lines = text.strip().splitlines()
    assert lines[0].startswith("ref,kind,status")
    assert {line.split(",")[0] for line in lines[1:]} == {cases["doc_sarongan"], cases["preg_sarongan"]}
    assert VILLAGER2 not in text and "+62812****7891" in text
    row = audit.entries(db, action="export")[0]
    assert row["actor"] == "op_sarongan" and '"rows": 2' in row["after"]
    # only an admin may ask for whole numbers, and it is recorded
    assert VILLAGER2 not in client.get("/admin/cases.csv?status=all&whole=1").get_data(as_text=True)
    admin_csv = login("admin").get("/admin/cases.csv?status=all&whole=1").get_data(as_text=True)
    assert VILLAGER2 in admin_csv
    assert '"whole_phones": true' in audit.entries(db, action="export")[0]["after"]


def test_odd_input_never_gives_a_500(login, cases, db):
    from bot.core import store

    mid = store.log_message(db, "in", "sms", VILLAGER, "halo")
    client = login("admin")
    for url in ("/admin/cases?folder=kind:zzz&status=zzz&age=abc&village=%00", "/admin/cases/%27%22%3E",
                "/admin/cases/" + "A" * 500, "/admin/cases.csv?status=zzz", "/admin/conversations?channel=fax",
                f"/admin/conversations/{mid}?before=abc", "/admin/messages?q=%22%2A%28&from=2026-13-45",
                "/admin/messages?q=" + "x" * 5000, "/admin/messages?doubt=zzz&intent=%00", "/admin/teach?status=zzz",
                "/admin/overview?x=1", "/admin/audit?page=-3&action=zzz", "/admin/audit.csv?actor=%00"):
        response = client.get(url)
        assert response.status_code < 500, url
        assert response.status_code in (200, 400, 404), (url, response.status_code)
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    for url, data in ((f"/admin/teach/{10**12}", {"action": "flag"}), ("/admin/teach/1", {"action": "zzz"}),
                      (f"/admin/cases/{cases['doc']}/assign", {"username": "x" * 5000}),
                      (f"/admin/cases/{cases['doc']}/reply", {"text": "x" * 5000})):
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code in (400, 404), (url, response.status_code)


def test_console_json_api_goes_through_the_rule(login, cases, db):
    """A bulk export like the CSV (console round, F6: it gave full numbers and NIKs, unaudited)."""
    data = login("bidan_jambe").get("/admin/api/cases?status=all").get_json()
    assert {c["ref"] for c in data} == {cases["preg"], cases["emerg"]}
    assert all(c["access"] == "update" and c["phone"] == "+62812****7890" for c in data)
    kec = login("kec_sempu").get("/admin/api/cases?status=all").get_json()
    doc = next(c for c in kec if c["ref"] == cases["doc"])
    assert doc["access"] == "read" and doc["phone"] == "+62812****7890"
    assert doc["data"]["nik"] == "3510********0001"
    op = login("op_jambe").get("/admin/api/cases?status=all&whole=1").get_json()
    assert next(c for c in op if c["ref"] == cases["doc"])["data"]["nik"] == "3510********0001"
    assert login("kec_licin").get("/admin/api/cases").get_json() == []
    whole = login("admin").get("/admin/api/cases?status=all&whole=1").get_json()
    assert next(c for c in whole if c["ref"] == cases["doc"])["data"]["nik"] == "3510012345670001"
    exports = audit.entries(db, action="export")
    assert {e["object_id"] for e in exports} == {"api/cases"} and len(exports) == 5


def test_an_unnamed_complainant_keeps_the_number_from_officers(login, db):
    """Console round, F2: "TIDAK agar dirahasiakan", yet the case page showed the number."""
    case = store.create_case(db, "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"category": "keamanan", "reporter_named": False})
    page = login("bhabin_jambe").get(f"/admin/cases/{case['ref']}").get_data(as_text=True)
    assert VILLAGER not in page and "+62812****7890" in page and "pelapor minta dirahasiakan" in page
    assert VILLAGER in login("admin").get(f"/admin/cases/{case['ref']}").get_data(as_text=True)
