"""Personal data (UU PDP): masking, retention, a contact's export and erasure, with the text
gone from the search and from the FTS5 index itself (bot/core/privacy.py, bot/data_cli.py)."""
from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
import sqlite_utils

from bot.core import privacy, store, workflow
from bot.core.redis_client import get_redis
from bot.core.store import reports, stats
from bot.core.store.audit import record_audit
from bot.core.store.search import search_messages
from tests.unit.console_data import OFFICER, Clock, ensure_nlu_review, say, wib

KEY = "test-secret-key"
SITI = "+6281234500001"
BUDI = "+6281234500002"
# Words that occur nowhere else, so that their bytes in the index's pages are theirs.
SECRET_WORD = "qzxwirosari"
OTHER_WORD = "vbnjambewangi"
NOW = wib(2026, 11, 30, 10)


@pytest.fixture
def db():
    return store.open_db(None)


def fts_rows(db, word: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?", [word])]


def fts_terms(db) -> set[str]:
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, 'messages_fts', 'row')")
    return {r[0] for r in db.execute("SELECT term FROM temp.fts_terms")}


def in_index_pages(db, word: str) -> bool:
    """Whether the word's bytes are still somewhere in the FTS5 index's own pages."""
    return any(word.encode() in bytes(r[0]) for r in db.execute("SELECT block FROM messages_fts_data")
               if r[0] is not None)


@pytest.mark.parametrize("text, masked", [
    ("3510123456780001", "3510********0001"),
    ("NIK saya 3510123456780001 ya", "NIK saya 3510********0001 ya"),
    ("nik 3510 1234 5678 0001.", "nik 3510********0001."),
    ("hp 081234567890", "hp 0812****7890"),
    ("hubungi 0812-3456-7890 atau +6281234567890", "hubungi 0812****7890 atau +62812****7890"),
    ("wa 6281234567890", "wa 62812****7890"),
    ("+62 812 3456 7890", "+62812****7890"),
    ("KK 3510123456780001, hp 08123456789", "KK 3510********0001, hp 0812***6789"),
    ("rt 03 rw 05 umur 35 tahun 2026", "rt 03 rw 05 umur 35 tahun 2026"),
    ("", ""),
])
def test_mask_text(text, masked):
    assert privacy.mask_text(text) == masked


def test_mask_nik_and_masked_text_is_stable():
    assert privacy.mask_nik("3510123456780001") == "3510********0001"
    assert privacy.mask_nik("3510-1234-5678-0001") == "3510********0001"
    assert privacy.mask_nik("12345") == "*****"
    once = privacy.mask_text("nik 3510123456780001 hp 081234567890")
    assert privacy.mask_text(once) == once


def test_a_pseudonym_is_stable_keyed_and_reveals_no_digits():
    a = privacy.pseudonym(SITI, KEY)
    assert a == privacy.pseudonym("whatsapp:" + SITI, KEY) and a.startswith("anon-") and len(a) == 21
    assert a != privacy.pseudonym(SITI, "another-key") and a != privacy.pseudonym(BUDI, KEY)
    assert "1234500001" not in a
    with pytest.raises(ValueError):
        privacy.pseudonym(SITI, "")


def _history(db, monkeypatch, notices):
    """Siti wrote 400 days ago (her KRST pregnancy, closed then) and again last week; Budi
    wrote 400 days ago (his complaint is still open)."""
    clock = Clock(monkeypatch, NOW - timedelta(days=400))
    store.upsert_contact(db, SITI, channel="sms", village="Jambewangi", district="Sempu")
    old = say(db, SITI, f"nama saya Siti Wirosari NIK 3510123456780001 {SECRET_WORD}", intent="report_pregnancy",
              confidence=0.9)
    case = workflow.open_case(db, "pregnancy", SITI, "sms", village="Jambewangi", district="Sempu",
                              data={"mother_name": "Siti Wirosari", "nik": "3510123456780001", "risk_level": "KRST",
                                    "kspr_score": 14}, notify_roles=("bidan",), summary="ibu hamil")
    store.add_case_event(db, case["ref"], "warga", "message", f"saya Siti Wirosari {SECRET_WORD}")
    workflow.accept(db, store.get_case(db, case["ref"]), OFFICER)
    workflow.close(db, store.get_case(db, case["ref"]), OFFICER, "done", "sudah dikunjungi bu Siti")
    budi_old = say(db, BUDI, f"jalan {OTHER_WORD} rusak")
    adu = store.create_case(db, "complaint", BUDI, "whatsapp", village="Sumberarum", data={"description": "jalan"})
    clock.set(NOW - timedelta(days=7))
    recent = say(db, SITI, "kapan bidan datang ke Jambewangi")
    clock.set(NOW)
    return {"old": old, "case": case["ref"], "budi_old": budi_old, "adu": adu["ref"], "recent": recent}


def test_retention_deletes_old_messages_from_the_search_and_the_index(db, monkeypatch, notices):
    h = _history(db, monkeypatch, notices)
    assert search_messages(db, SECRET_WORD) and fts_rows(db, SECRET_WORD) == [h["old"]]
    assert SECRET_WORD in fts_terms(db) and in_index_pages(db, SECRET_WORD)
    before = stats.cases_by(db, "kind")
    result = privacy.run_retention(db, 365, KEY, now=NOW)
    assert result["messages_deleted"] == 2  # (the officers' notices went to the stubbed queue, not the table)
    assert result["cases_pseudonymised"] == 1
    remaining = [r[0] for r in db.execute("SELECT id FROM messages")]
    assert h["old"] not in remaining and h["budi_old"] not in remaining and h["recent"] in remaining
    assert search_messages(db, SECRET_WORD) == [] and search_messages(db, OTHER_WORD) == []
    assert fts_rows(db, SECRET_WORD) == [] and fts_rows(db, "wirosari") == []
    assert SECRET_WORD not in fts_terms(db) and not in_index_pages(db, SECRET_WORD)
    assert not in_index_pages(db, OTHER_WORD)
    assert [r["id"] for r in search_messages(db, "bidan")] == [h["recent"]]  # what is kept is still found
    db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
    # the closed pregnancy is pseudonymised, the statistics unchanged; the open complaint is not touched
    case = store.get_case(db, h["case"])
    assert case["phone"] == privacy.pseudonym(SITI, KEY)
    assert case["data"] == {"risk_level": "KRST", "kspr_score": 14}
    assert case["status"] == "done" and case["village"] == "Jambewangi" and case["acknowledged_by"] == OFFICER["phone"]
    events = store.case_events(db, h["case"])
    assert all(e["note"] is None for e in events[:-1]) and events[-1]["event"] == "dianonimkan"
    assert "Siti" not in json.dumps(events) and SECRET_WORD not in json.dumps(events)
    assert store.get_case(db, h["adu"])["phone"] == BUDI
    assert stats.cases_by(db, "kind") == before
    assert stats.first_response_times(db)["overall"]["answered"] == 1
    # a second run finds nothing more
    again = privacy.run_retention(db, 365, KEY, now=NOW)
    assert again["messages_deleted"] == 0 and again["cases_pseudonymised"] == 0


def test_retention_needs_a_day_at_least(db):
    with pytest.raises(ValueError):
        privacy.run_retention(db, 0, KEY)


def test_export_gives_everything_about_the_contact_and_nothing_of_others(db, monkeypatch, notices):
    h = _history(db, monkeypatch, notices)
    data = privacy.export_contact(db, SITI)
    assert data["phone"] == SITI and data["contact"]["village"] == "Jambewangi"
    ids = {m["id"] for m in data["messages"]}
    assert {h["old"], h["recent"]} <= ids and h["budi_old"] not in ids
    assert [c["ref"] for c in data["cases"]] == [h["case"]]
    assert data["cases"][0]["data"]["nik"] == "3510123456780001"
    assert [e["event"] for e in data["cases"][0]["events"]][:1] == ["created"]
    json.dumps(data)  # all of it serialisable


def test_erase_removes_the_contact_from_search_index_and_cases(db, monkeypatch, notices):
    h = _history(db, monkeypatch, notices)
    ensure_nlu_review(db)
    db["nlu_review"].insert({"message_id": h["old"], "text": "nama saya Siti Wirosari", "status": "new"})
    db["nlu_review"].insert({"message_id": h["budi_old"], "text": "jalan rusak", "status": "new"})
    assert in_index_pages(db, SECRET_WORD)
    result = privacy.erase_contact(db, "whatsapp:" + SITI, KEY, actor="admin:rina")
    anon = privacy.pseudonym(SITI, KEY)
    assert result["pseudonym"] == anon and result["cases_pseudonymised"] == 1 and result["contact_cleared"]
    assert result["messages_deleted"] >= 2
    assert db.execute("SELECT COUNT(*) FROM messages WHERE phone = ?", [SITI]).fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM messages WHERE case_ref = ?", [h["case"]]).fetchone()[0] == 0
    assert search_messages(db, SECRET_WORD) == [] and search_messages(db, "Jambewangi", phones=[SITI]) == []
    assert fts_rows(db, SECRET_WORD) == [] and SECRET_WORD not in fts_terms(db)
    assert not in_index_pages(db, SECRET_WORD) and not in_index_pages(db, "wirosari")
    assert [r["id"] for r in search_messages(db, OTHER_WORD)] == [h["budi_old"]]  # others keep theirs
    assert [r["message_id"] for r in db["nlu_review"].rows] == [h["budi_old"]]
    assert store.get_contact(db, SITI) is None
    assert store.get_contact(db, anon)["village"] is None
    case = store.get_case(db, h["case"])
    assert case["phone"] == anon and "nik" not in case["data"] and "mother_name" not in case["data"]
    after = privacy.export_contact(db, SITI)
    assert (after["contact"], after["messages"], after["cases"]) == (None, [], [])
    assert SITI not in json.dumps(db.execute("SELECT * FROM cases").fetchall())
    assert result["audited"] is True  # the console's audit log (m005_console), the pseudonym only
    assert SITI not in json.dumps(db.execute("SELECT * FROM audit_log").fetchall())
    assert store.case_events(db, h["case"])[-1]["actor"] == "admin:rina"


def test_record_audit_writes_only_when_the_console_table_is_there(db):
    bare = sqlite_utils.Database(memory=True)  # a store without the console's migration
    assert record_audit(bare, "admin:rina", "contact_erase", target="anon-1") is False
    assert not bare["audit_log"].exists()
    assert record_audit(db, "admin:rina", "contact_erase", target="anon-1", before={"phone": "+62812****0001"})
    row = next(db["audit_log"].rows)
    assert row["action"] == "contact_erase" and json.loads(row["before"]) == {"phone": "+62812****0001"}
    assert row["actor"] == "admin:rina" and row["object_id"] == "anon-1"


def test_erase_writes_the_audit_row_with_the_pseudonym_only(db, monkeypatch, notices):
    _history(db, monkeypatch, notices)
    result = privacy.erase_contact(db, SITI, KEY, actor="admin:rina")
    assert result["audited"] is True
    row = next(db["audit_log"].rows)
    assert row["actor"] == "admin:rina" and row["object_id"] == result["pseudonym"]
    assert json.loads(row["after"])["messages_deleted"] == result["messages_deleted"]
    assert SITI not in json.dumps(row)


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def file_db(app):
    db = store.open_db(app.config["SETTINGS"].db_path)
    yield db
    db.close()


def test_cli_retention_run(app, runner, file_db, monkeypatch, notices):
    h = _history(file_db, monkeypatch, notices)
    result = runner.invoke(args=["retention", "run", "--days", "30"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["days"] == 30 and out["cases_pseudonymised"] == 1 and out["messages_deleted"] >= 2
    check = store.open_db(app.config["SETTINGS"].db_path)
    assert [r[0] for r in check.execute("SELECT id FROM messages WHERE phone IN (?, ?)", [SITI, BUDI])] == [
        h["recent"]]
    assert fts_rows(check, SECRET_WORD) == [] and not in_index_pages(check, SECRET_WORD)
    assert runner.invoke(args=["retention", "run", "--days", "0"]).exit_code == 2


def test_cli_retention_defaults_to_the_setting(app, runner, file_db, monkeypatch, notices):
    _history(file_db, monkeypatch, notices)
    assert app.config["SETTINGS"].retention_days == 365
    out = json.loads(runner.invoke(args=["retention", "run"]).output)
    assert out["days"] == 365 and out["cases_pseudonymised"] == 1


def test_cli_contacts_export_and_erase(app, runner, file_db, monkeypatch, notices, settings_env):
    h = _history(file_db, monkeypatch, notices)
    redis = get_redis(settings_env["REDIS_URL"])
    redis.set(f"tracker:{SITI}", "conversation with " + SECRET_WORD)
    redis.set(f"tracker:{BUDI}", "another conversation")
    exported = runner.invoke(args=["contacts", "export", "0812-3450-0001"])
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.output)
    assert data["phone"] == SITI and h["old"] in [m["id"] for m in data["messages"]]
    assert runner.invoke(args=["contacts", "erase", SITI], input="n\n").exit_code == 1  # not confirmed
    assert store.get_contact(file_db, SITI) is not None
    erased = runner.invoke(args=["contacts", "erase", SITI, "--yes", "--actor", "admin:rina"])
    assert erased.exit_code == 0, erased.output
    out = json.loads(erased.stdout)
    assert out["pseudonym"] == privacy.pseudonym(SITI, app.config["SETTINGS"].secret_key)
    assert out["redis_keys_deleted"] == 1 and redis.get(f"tracker:{SITI}") is None
    assert redis.get(f"tracker:{BUDI}") is not None
    check = store.open_db(app.config["SETTINGS"].db_path)
    assert fts_rows(check, SECRET_WORD) == [] and not in_index_pages(check, SECRET_WORD)
    assert check.execute("SELECT COUNT(*) FROM messages WHERE phone = ?", [SITI]).fetchone()[0] == 0
    missing = runner.invoke(args=["contacts", "export", SITI])
    assert missing.exit_code == 1 and "Tidak ada data" in missing.output and "+6281234500001" not in missing.output
    bad = runner.invoke(args=["contacts", "erase", "halo", "--yes"])
    assert bad.exit_code == 2 and "PHONE" in bad.output


def test_an_audit_row_that_cannot_be_written_does_not_undo_the_erase(db, monkeypatch, notices):
    from bot.core.store import audit

    _history(db, monkeypatch, notices)

    def broken(*args, **kwargs):
        raise sqlite3.IntegrityError("NOT NULL constraint failed: audit_log.ip")

    monkeypatch.setattr(audit, "record", broken)
    db.execute("PRAGMA secure_delete = 0")
    result = privacy.erase_contact(db, SITI, KEY, actor="admin:rina")
    assert result["audited"] is False and result["messages_deleted"] >= 2
    assert db.execute("SELECT COUNT(*) FROM messages WHERE phone = ?", [SITI]).fetchone()[0] == 0
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 0  # the connection is left as it was


def test_without_fts5_secure_delete_the_index_is_rebuilt(db, monkeypatch, notices):
    """This venv's SQLite (3.40) has no FTS5 secure-delete: told it has, the refused option
    falls back to the rebuild, and the word is gone from the index pages all the same."""
    h = _history(db, monkeypatch, notices)
    monkeypatch.setattr(privacy, "SECURE_FTS", True)
    assert privacy.delete_messages(db, [h["old"]]) == 1
    assert fts_rows(db, SECRET_WORD) == [] and not in_index_pages(db, SECRET_WORD)
    assert [r["id"] for r in search_messages(db, OTHER_WORD)] == [h["budi_old"]]


def _report(db, phone: str, sid: str, message_id: int | None, received_at: str) -> None:
    reports.add_report(db, provider="gammu", report_sid=sid, phone=phone, reference=42, word="Delivered",
                       status="delivered", sc_time=None, received_at=received_at)
    if message_id:
        reports.link_report(db, db.execute("SELECT id FROM delivery_reports WHERE report_sid = ?", [sid]).fetchone()[0],
                            message_id)


def test_delivery_reports_go_with_the_contact_and_with_age(db, monkeypatch, notices):
    """A modem's delivery report names the villager (its number): erased with them, exported
    with them, and deleted by the retention like their messages."""
    h = _history(db, monkeypatch, notices)
    _report(db, SITI, "gammu:IN1", h["recent"], (NOW - timedelta(days=7)).isoformat())
    _report(db, SITI, "gammu:IN2", None, (NOW - timedelta(days=7)).isoformat())  # matched to no message
    _report(db, BUDI, "gammu:IN3", h["budi_old"], (NOW - timedelta(days=364)).isoformat())  # goes with its message
    _report(db, BUDI, "gammu:IN4", None, (NOW - timedelta(days=400)).isoformat())
    _report(db, BUDI, "gammu:IN5", None, (NOW - timedelta(days=3)).isoformat())
    assert [r["report_sid"] for r in privacy.export_contact(db, SITI)["delivery_reports"]] == ["gammu:IN1", "gammu:IN2"]
    privacy.run_retention(db, 365, KEY, now=NOW)
    assert [r[0] for r in db.execute("SELECT report_sid FROM delivery_reports ORDER BY id")] == [
        "gammu:IN1", "gammu:IN2", "gammu:IN5"]
    privacy.erase_contact(db, SITI, KEY, actor="admin:rina")
    assert [r[0] for r in db.execute("SELECT report_sid FROM delivery_reports")] == ["gammu:IN5"]
