"""The case queue and the case page: urgent first, folders and filters, the KSPR panel,
status changes and assignment that tell the villager through the outbound queue, notes,
replies with the claim lock, closing a handover; each in the store and the audit log."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from bot.core import clock, store
from bot.core.store import audit
from tests.unit.admin.conftest import VILLAGER, csrf_token


def order(html: str) -> list[str]:
    return re.findall(r'href="/admin/cases/([A-Z]+-\d+)"', html)


def test_queue_puts_emergencies_and_krst_first_and_marks_overdue(login, cases, db):
    old = (clock.now() - timedelta(days=10)).replace(microsecond=0).isoformat()
    db["cases"].update(cases["doc"], {"created_at": old})
    html = login("admin").get("/admin/cases").get_data(as_text=True)
    refs = order(html)
    assert refs[0] == cases["emerg"] and refs[1] == cases["preg"]  # DARURAT, then the KRST pregnancy
    assert refs.index(cases["doc"]) < refs.index(cases["adu"])  # overdue first among the rest
    row = html[html.index(f">{cases['doc']}</a>"):][:200]
    assert "terlambat" in row
    assert "terlambat" not in html[html.index(f">{cases['adu']}</a>"):][:200]


def test_queue_folders_and_filters(login, cases, db):
    client = login("admin")
    db["cases"].update(cases["doc"], {"status": "done"})
    db["cases"].update(cases["adu"], {"assignee": "admin"})
    assert cases["doc"] not in order(client.get("/admin/cases").get_data(as_text=True))  # open ones by default
    assert order(client.get("/admin/cases?status=done").get_data(as_text=True)) == [cases["doc"]]
    assert order(client.get("/admin/cases?folder=mine").get_data(as_text=True)) == [cases["adu"]]
    unassigned = order(client.get("/admin/cases?folder=unassigned").get_data(as_text=True))
    assert cases["adu"] not in unassigned and cases["preg"] in unassigned
    assert set(order(client.get("/admin/cases?folder=kind:pregnancy").get_data(as_text=True))) == {
        cases["preg"], cases["preg_sarongan"]}
    assert set(order(client.get("/admin/cases?village=Sarongan").get_data(as_text=True))) == {
        cases["doc_sarongan"], cases["preg_sarongan"]}
    old = (clock.now() - timedelta(days=4)).replace(microsecond=0).isoformat()
    db["cases"].update(cases["adu"], {"created_at": old})
    assert order(client.get("/admin/cases?age=3").get_data(as_text=True)) == [cases["adu"]]


def test_case_page_shows_data_kspr_and_history(login, cases, db):
    store.add_case_event(db, cases["preg"], "bidan:+6285200001001", "accepted")
    html = login("bidan_jambe").get(f"/admin/cases/{cases['preg']}").get_data(as_text=True)
    assert "KSPR" in html and "Skor 14" in html and "KRST" in html
    assert "Terlalu muda" in html and "sesar" in html.lower()
    assert VILLAGER in html  # the midwife working the case sees the whole number
    assert "bidan +62852****1001</strong> diterima (diproses)" in html and "bot</strong> dibuat" in html
    assert "Ubah status" in html


def test_status_change_notifies_the_villager_and_is_audited(login, cases, db, notices):
    client = login("op_jambe")
    html = client.get(f"/admin/cases/{cases['doc']}").get_data(as_text=True)
    token = csrf_token(html)
    response = client.post(f"/admin/cases/{cases['doc']}/status",
                           data={"status": "in_progress", "csrf_token": token})
    assert response.status_code == 302
    case = store.get_case(db, cases["doc"])
    assert case["status"] == "in_progress" and case["acknowledged_by"] == "console:op_jambe"
    assert notices[-1][0] == VILLAGER and notices[-1][2] == "sms" and notices[-1][3] == cases["doc"]
    assert "sudah diterima Nama op_jambe" in notices[-1][1]
    # done needs a note for the villager
    assert client.post(f"/admin/cases/{cases['doc']}/status",
                       data={"status": "done", "note": "", "csrf_token": token}).status_code == 400
    assert store.get_case(db, cases["doc"])["status"] == "in_progress"
    response = client.post(f"/admin/cases/{cases['doc']}/status",
                           data={"status": "done", "note": "KTP bisa diambil Senin.", "csrf_token": token})
    assert response.status_code == 302
    assert store.get_case(db, cases["doc"])["status"] == "done"
    assert notices[-1][1] == f"{cases['doc']} sudah selesai. Catatan petugas: KTP bisa diambil Senin."
    rows = audit.entries(db, action="status")
    assert [json.loads(r["after"])["status"] for r in rows] == ["done", "in_progress"]
    assert json.loads(rows[0]["before"]) == {"status": "in_progress"}
    assert rows[0]["actor_name"] == "Nama op_jambe" and rows[0]["object_id"] == cases["doc"]
    events = [e["event"] for e in store.case_events(db, cases["doc"])]
    assert events == ["created", "accepted", "done"]
    # a closed case changes no more
    assert client.post(f"/admin/cases/{cases['doc']}/status",
                       data={"status": "rejected", "note": "x", "csrf_token": token}).status_code == 409
    assert store.get_case(db, cases["doc"])["status"] == "done"


def test_bad_status_values_are_refused(login, cases, db, notices):
    client = login("admin")
    token = csrf_token(client.get("/admin/cases").get_data(as_text=True))
    for status in ("new", "deleted", ""):
        response = client.post(f"/admin/cases/{cases['doc']}/status", data={"status": status, "csrf_token": token})
        assert response.status_code == 400
    too_long = client.post(f"/admin/cases/{cases['doc']}/status",
                           data={"status": "done", "note": "x" * 5000, "csrf_token": token})
    assert too_long.status_code == 400
    assert store.get_case(db, cases["doc"])["status"] == "new" and notices == []


def test_only_lead_roles_change_an_emergency(login, cases, db, notices):
    client = login("bhabin_jambe")
    html = client.get(f"/admin/cases/{cases['emerg']}").get_data(as_text=True)
    assert "Simpan status" not in html and "bidan/puskesmas" in html
    response = client.post(f"/admin/cases/{cases['emerg']}/status",
                           data={"status": "done", "note": "aman", "csrf_token": csrf_token(html)})
    assert response.status_code == 403
    assert store.get_case(db, cases["emerg"])["status"] == "new"
    client = login("bidan_jambe")
    token = csrf_token(client.get(f"/admin/cases/{cases['emerg']}").get_data(as_text=True))
    assert client.post(f"/admin/cases/{cases['emerg']}/status",
                       data={"status": "in_progress", "csrf_token": token}).status_code == 302
    assert store.get_case(db, cases["emerg"])["status"] == "in_progress"


def test_assignment_tells_the_villager(login, cases, db, notices):
    client = login("admin")
    html = client.get(f"/admin/cases/{cases['preg']}").get_data(as_text=True)
    assert 'value="bidan_jambe"' in html and 'value="op_sarongan"' not in html  # only who may work it
    response = client.post(f"/admin/cases/{cases['preg']}/assign",
                           data={"username": "bidan_jambe", "csrf_token": csrf_token(html)})
    assert response.status_code == 302
    assert store.get_case(db, cases["preg"])["assignee"] == "bidan_jambe"
    assert notices[-1][:1] == (VILLAGER,) and "ditangani Nama bidan_jambe" in notices[-1][1]
    row = audit.entries(db, action="assign")[0]
    assert json.loads(row["before"]) == {"assignee": None} and json.loads(row["after"]) == {"assignee": "bidan_jambe"}
    mine = login("bidan_jambe").get("/admin/cases?folder=mine").get_data(as_text=True)
    assert order(mine) == [cases["preg"]]


def test_internal_notes_stay_internal(login, cases, db, notices):
    client = login("op_jambe")
    token = csrf_token(client.get(f"/admin/cases/{cases['doc']}").get_data(as_text=True))
    assert client.post(f"/admin/cases/{cases['doc']}/note",
                       data={"note": "Sudah telepon, <b>besok</b> datang", "csrf_token": token}).status_code == 302
    assert notices == []
    events = store.case_events(db, cases["doc"])
    assert events[-1]["event"] == "catatan" and events[-1]["actor"] == "console:op_jambe"
    html = client.get(f"/admin/cases/{cases['doc']}").get_data(as_text=True)
    assert "&lt;b&gt;besok&lt;/b&gt;" in html and "<b>besok</b>" not in html  # escaped
    assert audit.entries(db, action="note")[0]["after"] == '{"chars": 34}'


def test_reply_goes_through_the_queue_with_a_claim_lock(app, login, cases, db, notices):
    first, second = login("op_jambe"), login("admin")
    token1 = csrf_token(first.get(f"/admin/cases/{cases['opr']}").get_data(as_text=True))
    token2 = csrf_token(second.get(f"/admin/cases/{cases['opr']}").get_data(as_text=True))
    assert first.post(f"/admin/cases/{cases['opr']}/claim", data={"csrf_token": token1}).status_code == 302
    html = second.get(f"/admin/cases/{cases['opr']}").get_data(as_text=True)
    assert "Sedang dijawab oleh Nama op_jambe" in html
    refused = second.post(f"/admin/cases/{cases['opr']}/reply", data={"text": "Halo juga", "csrf_token": token2})
    assert refused.status_code == 409 and notices == []
    response = first.post(f"/admin/cases/{cases['opr']}/reply",
                          data={"text": "Baik Bu, kami segera datang.", "csrf_token": token1})
    assert response.status_code == 302
    assert notices == [(VILLAGER, f"{cases['opr']} dari Nama op_jambe: Baik Bu, kami segera datang.", "whatsapp",
                        cases["opr"])]
    assert store.case_events(db, cases["opr"])[-1]["event"] == "officer_reply"
    row = audit.entries(db, action="reply")[0]
    after = json.loads(row["after"])
    assert after["segments"] == 1 and after["to"] == "+62812****7890" and after["channel"] == "whatsapp"
    # released, the other officer may answer
    assert first.post(f"/admin/cases/{cases['opr']}/release", data={"csrf_token": token1}).status_code == 302
    assert second.post(f"/admin/cases/{cases['opr']}/reply",
                       data={"text": "Saya bantu juga.", "csrf_token": token2}).status_code == 302
    assert len(notices) == 2
    # an empty reply sends nothing
    assert second.post(f"/admin/cases/{cases['opr']}/reply", data={"text": " ", "csrf_token": token2}).status_code == 400
    assert len(notices) == 2


def test_closing_the_handover_gives_the_contact_back_to_the_bot(login, cases, db, notices):
    assert store.get_contact(db, VILLAGER)["paused_for"] == cases["opr"]
    client = login("op_jambe")
    html = client.get(f"/admin/cases/{cases['opr']}").get_data(as_text=True)
    assert "Akhiri percakapan" in html
    response = client.post(f"/admin/cases/{cases['opr']}/handover/close", data={"csrf_token": csrf_token(html)})
    assert response.status_code == 302
    assert store.get_case(db, cases["opr"])["status"] == "done"
    assert store.get_contact(db, VILLAGER)["paused_for"] is None
    assert "Ketik MENU" in notices[-1][1] and notices[-1][0] == VILLAGER
    row = audit.entries(db, action="handover_closed")[0]
    assert json.loads(row["before"])["paused_for"] == cases["opr"] and json.loads(row["after"])["paused_for"] is None
    # not a handover case: refused
    token = csrf_token(html)
    assert client.post(f"/admin/cases/{cases['doc']}/handover/close", data={"csrf_token": token}).status_code == 400


def test_canned_replies_and_segment_rule_on_the_page(login, cases):
    html = login("op_jambe").get(f"/admin/cases/{cases['opr']}").get_data(as_text=True)
    assert "canned-reply" in html and "(1 SMS)" in html
    assert 'data-gsm7-extended="^{}\\[~]|€' in html
    assert "/static/admin/sms-count.js" in html and "<script>" not in html  # no inline script (CSP)


def test_villager_text_is_escaped_everywhere(login, cases, db):
    store.log_message(db, "in", "sms", VILLAGER, '<script>alert("x")</script> tolong')
    store.update_case(db, cases["opr"], actor="warga", event="message", note='<img src=x onerror=alert(1)>')
    client = login("admin")
    for url in (f"/admin/cases/{cases['opr']}", "/admin/messages", "/admin/messages?q=tolong"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in client.get("/admin/messages").get_data(as_text=True)


def test_stale_handovers_close_themselves(app, cases, db, notices, monkeypatch):
    from bot import inbox
    from bot.core import workflow

    old = (clock.now() - timedelta(hours=30)).replace(microsecond=0).isoformat()
    db["cases"].update(cases["opr"], {"updated_at": old})
    db.execute("UPDATE case_events SET at = ? WHERE ref = ?", [old, cases["opr"]])
    db.conn.commit()
    assert workflow.close_stale_handovers(db, 48) == []  # not stale yet at 48 h
    store.add_case_event(db, cases["opr"], "warga", "message", "masih di sana?")  # the villager just wrote
    assert workflow.close_stale_handovers(db, 24) == []
    assert store.get_contact(db, VILLAGER)["paused_for"] == cases["opr"]
    db.execute("UPDATE case_events SET at = ? WHERE ref = ?", [old, cases["opr"]])
    db.conn.commit()
    monkeypatch.setattr(inbox, "schedule_drain", lambda phone: None)
    monkeypatch.setattr(inbox.outbound, "schedule", lambda *a, **k: None)
    assert inbox.sweep() == "0 contacts drained"  # the worker's sweep (every minute) closes it
    assert store.get_case(db, cases["opr"])["status"] == "done"
    assert store.get_contact(db, VILLAGER)["paused_for"] is None
    assert notices[-1][0] == VILLAGER and "tidak ada kabar selama 24 jam" in notices[-1][1]
    assert store.case_events(db, cases["opr"])[-1]["actor"] == "bot"


def test_the_note_for_the_villager_goes_with_diproses(login, cases, db, notices):
    """Console round, F1: "Catatan untuk warga" typed with "diproses" was filed as an internal
    note; the desk worker believed the villager was told to come on Thursday."""
    client = login("op_jambe")
    token = csrf_token(client.get(f"/admin/cases/{cases['doc']}").get_data(as_text=True))
    note = "Berkas sedang kami siapkan, mohon datang ke kantor desa hari Kamis."
    assert client.post(f"/admin/cases/{cases['doc']}/status",
                       data={"status": "in_progress", "note": note, "csrf_token": token}).status_code == 302
    assert notices[-1][0] == VILLAGER and notices[-1][1].endswith(f"sedang diproses. Catatan petugas: {note}")
    events = store.case_events(db, cases["doc"])
    assert events[-1]["event"] == "accepted" and events[-1]["note"] == note
    assert not [e for e in events if e["event"] == "catatan"]


def test_the_reply_is_counted_with_its_prefix(login, cases, db, notices):
    """Console round, F4: 147 characters were shown and audited as 1 SMS; with the prefix
    "DOK-0001 dari <officer>: " two went out."""
    client = login("op_jambe")
    page = client.get(f"/admin/cases/{cases['doc']}").get_data(as_text=True)
    assert f'data-prefix="{cases["doc"]} dari Nama op_jambe: "' in page
    text = "b" * 147
    client.post(f"/admin/cases/{cases['doc']}/reply", data={"text": text, "csrf_token": csrf_token(page)})
    assert notices[-1][1] == f"{cases['doc']} dari Nama op_jambe: {text}"
    assert json.loads(audit.entries(db, action="reply")[0]["after"])["segments"] == 2
