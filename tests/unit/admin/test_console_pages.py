"""Conversations and message search, the review inbox (filled when intents are recorded),
the overview's SVG bars, and the audit log (append-only, admins read and export it)."""
from __future__ import annotations

import json
import re
import sqlite3

import pytest

from bot import pipeline
from bot.core import store
from bot.core.store import audit, review
from tests.unit.admin.conftest import VILLAGER, VILLAGER2, csrf_token


@pytest.fixture
def talk(db, cases):
    """A conversation of each villager, with intents and confidences."""
    ids = {}
    ids["ktp"] = store.log_message(db, "in", "sms", VILLAGER, "saya mau bikin KTP baru")
    store.update_message(db, ids["ktp"], intent="request_document", confidence=0.97, status="processed")
    ids["reply"] = store.log_message(db, "out", "sms", VILLAGER, "Untuk KTP bawa KK.", status="sent")
    ids["odd"] = store.log_message(db, "in", "whatsapp", VILLAGER, "kucing saya hilang di sawah")
    store.update_message(db, ids["odd"], intent="nlu_fallback", confidence=0.31, status="processed")
    ids["other"] = store.log_message(db, "in", "sms", VILLAGER2, "kucing tetangga berisik")
    store.update_message(db, ids["other"], intent="file_complaint", confidence=0.55, status="processed")
    return ids


def test_conversations_list_by_last_activity(login, talk):
    html = login("admin").get("/admin/conversations").get_data(as_text=True)
    links = re.findall(r'href="/admin/conversations/(\d+)"', html)
    assert links == [str(talk["other"]), str(talk["odd"])]  # the latest message of each contact, newest first
    assert "+62812****7890" in html and VILLAGER not in html  # masked in lists
    assert "WhatsApp" in html and "Jambewangi" in html
    sms_only = login("admin").get("/admin/conversations?channel=sms").get_data(as_text=True)
    assert re.findall(r'href="/admin/conversations/(\d+)"', sms_only) == [str(talk["other"]), str(talk["reply"])]


def test_timeline_latest_first_with_intents(login, talk, db):
    html = login("op_jambe").get(f"/admin/conversations/{talk['ktp']}").get_data(as_text=True)
    assert html.index("kucing saya hilang") < html.index("Untuk KTP bawa KK") < html.index("saya mau bikin KTP")
    assert "request_document · yakin 97%" in html and "nlu_fallback · yakin 31%" in html
    assert 'class="in doubt"' in html
    # paging: latest turns first, older ones on demand
    for i in range(35):
        store.log_message(db, "in", "sms", VILLAGER, f"pesan nomor {i}")
    client = login("op_jambe")
    first = client.get(f"/admin/conversations/{talk['ktp']}").get_data(as_text=True)
    assert "pesan nomor 34" in first and "saya mau bikin KTP" not in first
    older = re.search(r'href="(/admin/conversations/\d+\?before=\d+)"', first).group(1)
    assert "saya mau bikin KTP" in client.get(older.replace("&amp;", "&")).get_data(as_text=True)


def test_search_finds_a_word_within_the_role_scope(login, talk):
    admin = login("admin").get("/admin/messages?q=kucing").get_data(as_text=True)
    assert "kucing saya hilang" in admin and "kucing tetangga" in admin and "bikin KTP" not in admin
    jambe = login("op_jambe").get("/admin/messages?q=kucing").get_data(as_text=True)
    assert "kucing saya hilang" in jambe and "kucing tetangga" not in jambe
    assert "kucing" not in login("kec_licin").get("/admin/messages?q=kucing").get_data(as_text=True).split("<tbody>")[1]


def test_message_filters(login, talk):
    client = login("admin")

    def bodies(query):
        html = client.get("/admin/messages" + query).get_data(as_text=True)
        return [b for b in ("bikin KTP", "Untuk KTP", "kucing saya", "kucing tetangga") if b in html]

    assert bodies("?channel=whatsapp") == ["kucing saya"]
    assert bodies("?intent=request_document") == ["bikin KTP"]
    assert bodies("?doubt=fallback") == ["kucing saya"]
    assert bodies("?doubt=low") == ["kucing saya", "kucing tetangga"]
    assert bodies("?q=kucing&doubt=fallback") == ["kucing saya"]
    assert bodies("?from=2000-01-01&to=2000-01-02") == []
    assert len(bodies("?from=2000-01-01")) == 4
    assert client.get("/admin/messages?from=kemarin").status_code == 400


def test_low_confidence_messages_fill_the_review_inbox(app, db, rasa, talk):
    ids = [store.log_message(db, "in", "sms", VILLAGER, text) for text in
           ("mbok ya dibantu", "Mbok ya dibantu ", "saya mau KK", "blablabla")]
    rasa.events = [
        {"event": "user", "metadata": {"message_id": ids[0]}, "parse_data": {"intent": {"name": "inform",
                                                                                        "confidence": 0.42}}},
        {"event": "user", "metadata": {"message_id": ids[1]}, "parse_data": {"intent": {"name": "inform",
                                                                                        "confidence": 0.40}}},
        {"event": "user", "metadata": {"message_id": ids[2]}, "parse_data": {"intent": {"name": "request_document",
                                                                                        "confidence": 0.99}}},
        {"event": "user", "metadata": {"message_id": ids[3]}, "parse_data": {"intent": {"name": "nlu_fallback",
                                                                                        "confidence": 0.9}}},
    ]
    assert pipeline.record_intents(db, app.config["SETTINGS"], VILLAGER, ids) == 4
    rows = review.list_reviews(db)
    assert [(r["message_id"], r["predicted_intent"], r["status"]) for r in rows] == [
        (ids[3], "nlu_fallback", "new"), (ids[0], "inform", "new")]  # the confident one and the repeat skipped
    assert rows[1]["text"] == "mbok ya dibantu" and rows[1]["confidence"] == 0.42
    assert db["messages"].get(ids[1])["intent"] == "inform"  # the intent itself is still recorded
    assert review.consider(db, ids[0], "inform", 0.1) is None  # never twice


def test_review_confirm_correct_flag(login, db, talk):
    first = review.consider(db, talk["odd"], "nlu_fallback", 0.31)
    second = review.consider(db, talk["other"], "file_complaint", 0.55)
    client = login("op_jambe")
    html = client.get("/admin/teach").get_data(as_text=True)
    assert "kucing saya hilang" in html and "kucing tetangga" not in html  # another desa's message
    token = csrf_token(html)
    assert client.post(f"/admin/teach/{second}", data={"action": "flag", "csrf_token": token}).status_code == 404
    response = client.post(f"/admin/teach/{first}", data={"action": "correct", "intent": "file_complaint",
                                                          "entities": "village: sawah, district: Sempu",
                                                          "csrf_token": token})
    assert response.status_code == 400  # 'sawah' is no desa
    assert review.get_review(db, first)["status"] == "new"
    response = client.post(f"/admin/teach/{first}", data={"action": "correct", "intent": "file_complaint",
                                                          "entities": "village: Jambewangi", "csrf_token": token})
    assert response.status_code == 302
    row = review.get_review(db, first)
    assert row["status"] == "reviewed" and row["corrected_intent"] == "file_complaint"
    assert row["reviewed_by"] == "op_jambe" and row["reviewed_at"]
    assert row["entities"] == [{"entity": "village", "value": "Jambewangi"}]
    assert client.post(f"/admin/teach/{first}", data={"action": "correct", "intent": "bikin_kopi",
                                                      "csrf_token": token}).status_code == 400
    admin = login("admin")
    token = csrf_token(admin.get("/admin/teach").get_data(as_text=True))
    assert admin.post(f"/admin/teach/{second}", data={"action": "confirm", "entities": "village: tetangga",
                                                      "csrf_token": token}).status_code == 400
    assert admin.post(f"/admin/teach/{second}", data={"action": "flag", "csrf_token": token}).status_code == 302
    assert review.get_review(db, second)["status"] == "flagged"
    assert review.counts(db) == {"new": 0, "reviewed": 1, "flagged": 1}
    assert [json.loads(r["after"])["status"] for r in audit.entries(db, action="nlu_review")] == ["flagged",
                                                                                                  "reviewed"]
    # kecamatan reads, never reviews
    kec = login("kec_sempu")
    token = csrf_token(kec.get("/admin/teach?status=all").get_data(as_text=True))
    assert kec.post(f"/admin/teach/{first}", data={"action": "flag", "csrf_token": token}).status_code == 403


def test_review_entities_get_official_values_and_their_span(db, talk, login):
    message = store.log_message(db, "in", "sms", VILLAGER, "mau urus kartu keluarga di jambewangi")
    first = review.consider(db, message, "inform", 0.2)
    client = login("admin")
    token = csrf_token(client.get("/admin/teach").get_data(as_text=True))
    response = client.post(f"/admin/teach/{first}", data={"action": "correct", "intent": "request_document",
                                                          "entities": "village: JAMBEWANGI; document_type: kk",
                                                          "csrf_token": token})
    assert response.status_code == 302
    assert review.get_review(db, first)["entities"] == [
        {"entity": "village", "value": "Jambewangi", "start": 27, "end": 37},
        {"entity": "document_type", "value": "kk"},  # 'kk' is not written there: no span
    ]
    for bad in ("kota: Jambewangi", "document_type: paspor", "district: Atlantis", "village"):
        assert client.post(f"/admin/teach/{first}", data={"action": "correct", "intent": "inform",
                                                          "entities": bad, "csrf_token": token}).status_code == 400
    assert review.get_review(db, first)["corrected_intent"] == "request_document"


def test_export_button_runs_flask_nlu_export(app, login, db, talk):
    out = app.config["SETTINGS"].nlu_export_out
    assert "pytest" in str(out)  # never the repository's data/nlu in a test
    first = review.consider(db, talk["odd"], "nlu_fallback", 0.31)
    review.set_review(db, first, status="reviewed", reviewed_by="admin", corrected_intent="file_complaint")
    client = login("admin")
    html = client.get("/admin/teach").get_data(as_text=True)
    assert "belum terpasang" not in html
    response = client.post("/admin/teach/export", data={"csrf_token": csrf_token(html)})
    assert response.status_code == 302
    written = out.read_text(encoding="utf-8")
    assert "intent: file_complaint" in written and "kucing saya hilang di sawah" in written
    page = client.get("/admin/teach?status=reviewed").get_data(as_text=True)
    assert "Ekspor selesai." in page and "1 contoh ditulis" in page
    assert json.loads(audit.entries(db, action="nlu_export")[0]["after"]) == {"ran": True, "reviewed": 1}


def test_export_button_without_the_command_says_so(app, login, db):
    app.cli.commands.pop("nlu")
    client = login("admin")
    html = client.get("/admin/teach").get_data(as_text=True)
    assert "belum terpasang" in html
    response = client.post("/admin/teach/export", data={"csrf_token": csrf_token(html)})
    assert response.status_code == 302
    assert "Ekspor gagal" in client.get("/admin/teach?status=reviewed").get_data(as_text=True)
    assert json.loads(audit.entries(db, action="nlu_export")[0]["after"])["ran"] is False


def test_overview_draws_linked_svg_bars(login, talk, cases):
    html = login("admin").get("/admin/overview").get_data(as_text=True)
    assert "<svg" in html and "<script" not in html
    assert 'href="/admin/cases?status=all&amp;folder=kind%3Apregnancy"' in html
    assert 'href="/admin/messages?intent=nlu_fallback"' in html
    assert re.search(r'href="/admin/cases\?status=all&amp;village=Sarongan"', html)
    assert "33%" in html  # 1 fallback of 3 understood messages
    # a bar's link opens the filtered list
    client = login("admin")
    listing = client.get("/admin/cases?status=all&folder=kind:pregnancy").get_data(as_text=True)
    assert set(re.findall(r'href="/admin/cases/([A-Z]+-\d+)"', listing)) == {cases["preg"], cases["preg_sarongan"]}
    # scoped: another area's figures are not counted
    sarongan = login("op_sarongan").get("/admin/overview").get_data(as_text=True)
    assert "village=Jambewangi" not in sarongan and "<strong>2</strong><span>kasus" in sarongan


def test_audit_log_is_append_only(db, accounts):
    row_id = audit.record(db, "login", actor=accounts["admin"], ip="10.0.0.1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_log SET actor = 'someone' WHERE id = ?", [row_id])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    assert audit.entries(db)[0]["actor"] == "admin"
    assert not hasattr(audit, "update") and not hasattr(audit, "delete")


def test_audit_keeps_the_name_as_it_was(db, accounts, login):
    login("op_jambe")
    from bot.core.store import users

    users.update_user(db, accounts["op_jambe"]["id"], name="Nama Baru")
    login("op_jambe")
    assert [r["actor_name"] for r in audit.entries(db, action="login")] == ["Nama Baru", "Nama op_jambe"]


def test_admin_reads_and_exports_the_audit_log(login, db, cases):
    client = login("admin")
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "login" in html and "127.0.0.1" in html
    assert "login" in client.get("/admin/audit?action=login").get_data(as_text=True)
    response = client.get("/admin/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).strip().splitlines()
    assert lines[0] == ",".join(audit.COLUMNS) and ",login," in lines[1]
    assert audit.entries(db, action="export")[0]["object_id"] == "audit.csv"


def test_admin_exports_and_erases_a_contact(login, db, talk, cases):
    from bot.core.store.search import search_messages

    client = login("admin")
    html = client.get(f"/admin/conversations/{talk['odd']}").get_data(as_text=True)
    assert "Hapus data warga" in html
    response = client.get(f"/admin/conversations/{talk['odd']}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert {m["body"] for m in data["messages"]} >= {"kucing saya hilang di sawah", "saya mau bikin KTP baru"}
    assert audit.entries(db, action="contact_export")[0]["object_id"] == "+62812****7890"
    token = csrf_token(html)
    refused = client.post(f"/admin/conversations/{talk['odd']}/erase", data={"csrf_token": token, "confirm": "ya"})
    assert refused.status_code == 400 and search_messages(db, "kucing", phones=[VILLAGER])
    response = client.post(f"/admin/conversations/{talk['odd']}/erase", data={"csrf_token": token,
                                                                               "confirm": "HAPUS"})
    assert response.status_code == 302
    assert search_messages(db, "kucing", phones=[VILLAGER]) == []  # gone from the search index too
    assert "kucing saya" not in client.get("/admin/messages?q=kucing").get_data(as_text=True)
    assert client.get(f"/admin/conversations/{talk['odd']}").status_code == 404
    assert store.get_case(db, cases["doc"])["phone"] != VILLAGER  # pseudonymised, still counted
    row = audit.entries(db, action="contact_erase")[0]
    assert row["actor"] == "admin:admin" and VILLAGER not in json.dumps(row)
    assert "kucing tetangga" in client.get("/admin/messages?q=kucing").get_data(as_text=True)  # others keep theirs


def test_only_admins_export_or_erase_a_contact(login, talk, db):
    client = login("op_jambe")
    html = client.get(f"/admin/conversations/{talk['odd']}").get_data(as_text=True)
    assert "Hapus data warga" not in html
    assert client.get(f"/admin/conversations/{talk['odd']}/export.json").status_code == 403
    response = client.post(f"/admin/conversations/{talk['odd']}/erase",
                           data={"csrf_token": csrf_token(html), "confirm": "HAPUS"})
    assert response.status_code == 403
    assert db["messages"].get(talk["odd"])["body"] == "kucing saya hilang di sawah"


def test_a_midwife_reads_the_talk_around_her_cases_not_the_rest(login, db):
    """UU PDP: the midwife of a pregnancy report reads the conversation that led to it and
    what followed, not the same villager's KTP request (its NIK) of a week before."""
    from datetime import timedelta

    from bot.core import clock

    def at(message_id: int, when) -> None:
        db.execute("UPDATE messages SET created_at = ? WHERE id = ?", [when.replace(microsecond=0).isoformat(),
                                                                       message_id])

    now = clock.now()
    phone = "+6281234567899"
    old = store.log_message(db, "in", "sms", phone, "bikin KTP NIK 3510012345670009 buat anakku")
    at(old, now - timedelta(days=7))
    asked = store.log_message(db, "in", "sms", phone, "mau lapor ibu hamil tetangga saya")
    at(asked, now - timedelta(minutes=20))
    case = store.create_case(db, "pregnancy", phone, "sms", village="Jambewangi", district="Sempu",
                             data={"risk_level": "KRT"})
    store.log_message(db, "out", "sms", phone, f"{case['ref']} diterima bidan", case_ref=case["ref"])
    later = store.log_message(db, "in", "sms", phone, "rumahnya dekat masjid")
    for who, sees_old in (("bidan_jambe", False), ("op_jambe", True), ("admin", True)):
        client = login(who)
        html = client.get(f"/admin/conversations/{later}").get_data(as_text=True)
        assert "mau lapor ibu hamil" in html and "dekat masjid" in html and "diterima bidan" in html, who
        assert ("3510012345670009" in html) is sees_old, who
        found = client.get("/admin/messages?q=KTP").get_data(as_text=True)  # lists mask the NIK itself
        assert ("buat anakku" in found) is sees_old, who
        listed = client.get("/admin/messages").get_data(as_text=True)
        assert ("buat anakku" in listed) is sees_old and "dekat masjid" in listed, who
        page = client.get(f"/admin/cases/{case['ref']}").get_data(as_text=True)  # the case page's latest turns
        assert ("buat anakku" in page or "3510012345670009" in page) is sees_old and "dekat masjid" in page, who
    # a case closed more than a day ago: what the villager writes now is not the midwife's
    store.update_case(db, case["ref"], actor="bidan", event="done", status="done")
    db.execute("UPDATE cases SET updated_at = ? WHERE ref = ?",
               [(now - timedelta(days=3)).replace(microsecond=0).isoformat(), case["ref"]])
    fresh = store.log_message(db, "in", "sms", phone, "mau tanya surat pindah")
    html = login("bidan_jambe").get(f"/admin/conversations/{fresh}").get_data(as_text=True)
    assert "surat pindah" not in html and "diterima bidan" in html  # the case's own messages stay


def test_the_overview_counts_by_the_rules_of_stats(login, talk, cases, db):
    """One rule per figure: the overview's message figures are ``stats``'s (a retried delivery
    is not counted twice; a low-confidence message is a fallback), for the admin and scoped."""
    from bot.admin import overview
    from bot.core.store import stats

    dup = store.log_message(db, "in", "sms", VILLAGER, "saya mau bikin KTP baru")
    store.update_message(db, dup, intent="request_document", confidence=0.97, status="duplicate")
    low = store.log_message(db, "in", "sms", VILLAGER, "anu pak")
    store.update_message(db, low, intent="request_document", confidence=0.2, status="processed")
    with login("admin").application.test_request_context():
        figures = overview.message_figures(db, None)
    days = stats.fallback_rate(db, *stats.day_range(days=overview.DAYS))
    assert (figures["fallback"], figures["understood"]) == (sum(d["fallback"] for d in days),
                                                            sum(d["classified"] for d in days)) == (2, 4)
    per_day = {row["label"]: row["value"] for row in figures["per_day"]["rows"] if row["value"]}
    today = stats.messages_per_day(db, *stats.day_range(days=1))[0]
    label = f"{today['day'][8:10]}/{today['day'][5:7]}"
    assert per_day == {f"{label} SMS": today["sms"], f"{label} WA": today["whatsapp"]} == {f"{label} SMS": 3,
                                                                                            f"{label} WA": 1}
    html = login("admin").get("/admin/overview").get_data(as_text=True)
    assert "50%" in html and "(2 dari 4)" in html
