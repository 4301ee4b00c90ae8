"""The shared store: cases, references, contacts, export format (CONTRACT.md section 4)."""
import json
import re

import pytest

from bot.core import store


@pytest.fixture
def db():
    return store.open_db(":memory:")


def test_migrate_is_idempotent(tmp_path):
    path = tmp_path / "x.db"
    store.migrate(path)
    first = store.open_db(path)
    store.create_case(first, "document", "+6281234567890", "sms")
    store.migrate(path)  # runs a second time on the same file: nothing to do
    again = store.open_db(path)
    assert [c["ref"] for c in store.export_cases(again)] == ["DOK-0001"]
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_references_count_per_prefix_and_fit_a_keypad(db):
    refs = [store.create_case(db, kind, "+62811", "sms")["ref"] for kind in ("document", "document", "complaint")]
    assert refs == ["DOK-0001", "DOK-0002", "ADU-0001"]
    for ref in refs:
        assert re.fullmatch(r"[A-Z]+-\d+", ref) and len(ref) <= 10


@pytest.mark.parametrize(
    "text, ref",
    [
        ("cek DOK-0042", "DOK-0042"),
        ("DOK0042", "DOK-0042"),
        ("dok-42", "DOK-0042"),
        ("status adu 12 gmn", "ADU-0012"),
        ("Hml-0007 sudah?", "HML-0007"),
        ("halo pak", None),
        ("", None),
        ("XYZ-0001", None),
    ],
)
def test_parse_ref(text, ref):
    assert store.parse_ref(text) == ref


def test_export_has_exactly_the_contract_fields(db):
    case = store.create_case(
        db, "pregnancy", "whatsapp:+6281234567890", "whatsapp",
        village="Jambewangi", district="Sempu", data={"risk_level": "KRT", "kspr_score": 6},
    )
    (line,) = store.export_cases(db)
    assert set(line) == {"ref", "kind", "status", "phone", "channel", "village", "district",
                         "created_at", "updated_at", "data"}
    assert line["phone"] == "+6281234567890"
    assert line["status"] == "new"
    assert line["data"] == {"risk_level": "KRT", "kspr_score": 6}
    assert line["created_at"].endswith("+07:00")
    json.dumps(line)  # serialisable
    assert case["ref"] == line["ref"]


def test_update_case_merges_data_and_records_event(db):
    ref = store.create_case(db, "document", "+62811", "sms", data={"document_type": "ktp"})["ref"]
    updated = store.update_case(db, ref, actor="+62852", event="accepted", status="in_progress", data={"note": "ok"})
    assert updated["status"] == "in_progress"
    assert updated["data"] == {"document_type": "ktp", "note": "ok"}
    assert [e["event"] for e in store.case_events(db, ref)] == ["created", "accepted"]
    with pytest.raises(ValueError):
        store.update_case(db, ref, actor="x", event="bad", status="finished")


def test_list_cases_by_phone_status_and_assignee(db):
    a = store.create_case(db, "complaint", "+62811", "sms", assigned_to=["+62852001"])
    store.create_case(db, "complaint", "+62899", "sms", assigned_to=["+62852002"])
    assert [c["ref"] for c in store.list_cases(db, phone="+62811")] == [a["ref"]]
    assert [c["ref"] for c in store.list_cases(db, assigned_to="+62852001")] == [a["ref"]]
    assert store.list_cases(db, assigned_to="+6285200") == []  # no prefix match
    store.update_case(db, a["ref"], actor="x", event="done", status="done")
    assert [c["ref"] for c in store.list_cases(db, statuses=store.OPEN_STATUSES)] != [a["ref"]]


def test_opt_out_round_trip(db):
    assert not store.is_opted_out(db, "+62811")
    store.set_opt_out(db, "whatsapp:+62811", True)
    assert store.is_opted_out(db, "+62811")
    store.set_opt_out(db, "+62811", False)
    assert not store.is_opted_out(db, "+62811")


def test_log_message_strips_whatsapp_prefix(db):
    mid = store.log_message(db, "in", "whatsapp", "whatsapp:+62811", "halo", message_sid="SM1")
    store.update_message(db, mid, intent="greet", confidence=0.97, status="processed")
    (row,) = store.messages_for(db, "+62811")
    assert (row["phone"], row["intent"], row["status"]) == ("+62811", "greet", "processed")


def test_inbox_accept_tries_a_locked_database_again(db, monkeypatch):
    """A burst of writers can outlast SQLite's busy timeout: the inbound message is stored
    on the next attempt, not answered with an apology and lost."""
    import sqlite3

    from bot import inbox
    from bot.core.channels import InboundMessage

    real, calls = store.log_message, []

    def locked_once(*args, **kwargs):
        calls.append(kwargs.get("status"))
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "log_message", locked_once)
    monkeypatch.setattr(inbox.time, "sleep", lambda s: None)
    msg = InboundMessage(channel="sms", phone="+6281234567890", text="halo", message_sid="SM" + "1" * 32)
    message_id, repeat = inbox.accept(db, msg)
    assert (repeat, calls) == (False, ["received", "received"])
    assert db["messages"].get(message_id)["status"] == "received"
    assert inbox.accept(db, msg)[1] is True  # the same sid again is a repeat, kept as such

    def always_locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "log_message", always_locked)
    with pytest.raises(sqlite3.OperationalError):
        inbox.accept(db, InboundMessage(channel="sms", phone="+6281234567890", text="x", message_sid="SM" + "2" * 32))
