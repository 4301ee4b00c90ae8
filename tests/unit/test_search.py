"""Full-text search over the messages (m004_fts, bot/core/store/search.py)."""
from __future__ import annotations

import pytest
import sqlite_utils

from bot.core import store
from bot.core.store import schema
from bot.core.store.search import highlight_html, search_messages
from tests.unit.console_data import OFFICER, say

SITI = "+6281234500001"
BUDI = "+6281234500002"
TUTI = "+6281234500003"


@pytest.fixture
def db():
    db = store.open_db(None)
    store.upsert_contact(db, SITI, channel="sms", village="Jambewangi", district="Sempu")
    store.upsert_contact(db, BUDI, channel="whatsapp", village="Sumberarum", district="Songgon")
    return db


def ids(results):
    return [r["id"] for r in results]


def test_the_migration_indexes_the_messages_kept_before_it(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    schema.m001_initial(db)
    schema.m002_inbox(db)
    old = store.log_message(db, "in", "sms", SITI, "akte kelahiran anak saya hilang")
    assert not db["messages_fts"].exists()
    schema.migration.apply(db)
    assert ids(search_messages(db, "kelahiran")) == [old]
    new = store.log_message(db, "in", "sms", SITI, "akte kelahiran lagi")
    assert ids(search_messages(db, "kelahiran")) == [new, old]  # the trigger indexes new rows, newest first


def test_a_word_finds_its_messages_with_their_fields_and_desa(db):
    first = say(db, SITI, "Mau bikin KTP baru", intent="request_document", confidence=0.93)
    say(db, BUDI, "jalan rusak di dusun krajan", channel="whatsapp", intent="file_complaint", confidence=0.8)
    reply = say(db, SITI, "Untuk KTP baru bawa KK.", direction="out")
    results = search_messages(db, "ktp")
    assert ids(results) == [reply, first]
    hit = results[1]
    assert {k: hit[k] for k in ("phone", "direction", "channel", "body", "intent", "confidence", "village")} == {
        "phone": SITI, "direction": "in", "channel": "sms", "body": "Mau bikin KTP baru",
        "intent": "request_document", "confidence": 0.93, "village": "Jambewangi"}
    assert hit["created_at"].endswith("+07:00")
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "KTP"


def test_case_and_accents_are_folded_and_all_words_must_occur(db):
    m = say(db, SITI, "Surat Keterangan Usaha buat warung CAFÉ")
    say(db, SITI, "surat pindah")
    assert ids(search_messages(db, "cafe")) == [m]
    assert ids(search_messages(db, "SURAT usaha")) == [m]
    assert ids(search_messages(db, '"keterangan usaha"')) == [m]
    assert search_messages(db, '"usaha keterangan"') == []  # a quoted phrase keeps its order


@pytest.mark.parametrize("query", ["", "   ", '"', '""', 'a"b', "NOT", "OR ktp", "ktp AND", "*", "ktp*", "^ktp",
                                   "body:ktp", "NEAR(ktp surat)", "(ktp", "ktp)", "-ktp", "'", "🙏", "ktp 🙏🙏",
                                   "\x00", "ktp\nsurat", "{ktp}", "a" * 2000, "💥' OR 1=1 --", "%", "_"])
def test_no_query_raises(db, query):
    say(db, SITI, "mau bikin ktp, NOT urgent OR later 🙏")
    results = search_messages(db, query)
    assert isinstance(results, list)
    for r in results:  # whatever it finds holds the word asked for
        assert "ktp" in r["body"].lower() or "not" in r["body"].lower()


def test_emoji_and_operators_are_words_or_nothing(db):
    m = say(db, SITI, "mau bikin ktp, NOT urgent OR later 🙏")
    assert ids(search_messages(db, "NOT")) == [m]  # a word, not an operator
    assert ids(search_messages(db, "ktp 🙏")) == [m]
    assert search_messages(db, "🙏") == []
    assert search_messages(db, "") == []


def test_villages_scope_the_contacts_and_the_cases_of_those_desas(db, notices):
    siti = say(db, SITI, "minta surat domisili")
    budi = say(db, BUDI, "minta surat pindah")
    # TUTI has no contact desa, but her case is in Jambewangi: its messages are Jambewangi's
    case = store.create_case(db, "document", TUTI, "sms", village="Jambewangi", district="Sempu")
    tuti = say(db, TUTI, "minta surat nikah", case_ref=case["ref"])
    officer_notice = say(db, OFFICER["phone"], f"{case['ref']} surat nikah", direction="out", case_ref=case["ref"])
    assert ids(search_messages(db, "surat")) == [officer_notice, tuti, budi, siti]
    assert ids(search_messages(db, "surat", villages=["Jambewangi"])) == [officer_notice, tuti, siti]
    assert ids(search_messages(db, "surat", villages=["jambewangi"])) == [officer_notice, tuti, siti]
    assert ids(search_messages(db, "surat", villages=["Sumberarum"])) == [budi]
    assert search_messages(db, "surat", villages=[]) == []  # no desa: nothing, never everything
    assert ids(search_messages(db, "surat", phones=["whatsapp:" + BUDI])) == [budi]
    assert search_messages(db, "surat", villages=["Sumberarum"], phones=[SITI]) == []
    assert search_messages(db, "surat", phones=[]) == []
    assert search_messages(db, "surat", villages=["Jambewangi"])[1]["village"] == "Jambewangi"


def test_limit_and_offset_page_through_newest_first(db):
    made = [say(db, SITI, f"pesan ktp nomor {i}") for i in range(7)]
    newest_first = list(reversed(made))
    assert ids(search_messages(db, "ktp", limit=3)) == newest_first[:3]
    assert ids(search_messages(db, "ktp", limit=3, offset=3)) == newest_first[3:6]
    assert ids(search_messages(db, "ktp", limit=3, offset=6)) == newest_first[6:]
    assert search_messages(db, "ktp", limit=0) == []
    assert ids(search_messages(db, "ktp", limit=-5, offset=-1)) == []


def test_a_long_message_gives_a_window_around_the_match(db):
    body = ("salam " * 60) + "tolong bantu akta kematian bapak saya " + ("terima kasih " * 40)
    say(db, SITI, body)
    hit = search_messages(db, "kematian")[0]
    assert len(hit["snippet"]) < 220
    assert hit["snippet"].startswith("…") and hit["snippet"].endswith("…")
    (start, end), = hit["highlights"]
    assert hit["snippet"][start:end] == "kematian"


def test_the_snippet_is_plain_text_and_highlight_html_escapes_it(db):
    say(db, SITI, '<script>alert("ktp")</script> & ktp')
    hit = search_messages(db, "ktp")[0]
    assert hit["snippet"] == '<script>alert("ktp")</script> & ktp'
    assert highlight_html(hit["snippet"], hit["highlights"]) == (
        "&lt;script&gt;alert(&quot;<mark>ktp</mark>&quot;)&lt;/script&gt; &amp; <mark>ktp</mark>")


def test_status_changes_keep_the_index_and_a_changed_body_is_reindexed(db):
    m = say(db, SITI, "jemput ke puskesmas")
    store.update_message(db, m, status="processed", intent="request_pregnancy_transport", confidence=0.9)
    assert ids(search_messages(db, "puskesmas")) == [m]
    store.update_message(db, m, body="jemput ke rumah singgah")
    assert search_messages(db, "puskesmas") == []
    assert ids(search_messages(db, "singgah")) == [m]
    db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")


def test_new_connections_writing_at_once_are_not_locked_out_by_the_index(tmp_path):
    """Each new connection connects the FTS table at open (schema.open_db): connected on its
    first INSERT instead, inside a deferred transaction, five of six such writers failed
    at once with "database is locked"."""
    import sqlite3
    import threading

    path = tmp_path / "busy.db"
    store.migrate(path)
    errors, start = [], threading.Barrier(8)

    def write(i):
        db = store.open_db(path)
        try:
            start.wait()
            store.log_message(db, "in", "sms", SITI, f"pesan serentak {i}")
        except sqlite3.OperationalError as exc:
            errors.append(str(exc))
        finally:
            db.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(search_messages(store.open_db(path), "serentak")) == 8


def test_filters_by_channel_intent_wib_dates_and_fallback(db, monkeypatch):
    from datetime import date

    from tests.unit.console_data import Clock, wib

    clock = Clock(monkeypatch, wib(2026, 11, 20, 23, 50))
    sms = say(db, SITI, "surat domisili dong", intent="request_document", confidence=0.9)
    clock.set(wib(2026, 11, 21, 0, 10))
    wa = say(db, BUDI, "surat apa ini", channel="whatsapp", intent="out_of_scope", confidence=0.95)
    low = say(db, SITI, "surat gmn", intent="request_document", confidence=0.31)
    reply = say(db, SITI, "Surat domisili: bawa KTP", direction="out")
    assert ids(search_messages(db, "surat", channel="whatsapp")) == [wa]
    assert ids(search_messages(db, "surat", intent="request_document")) == [low, sms]
    assert ids(search_messages(db, "surat", start=date(2026, 11, 21))) == [reply, low, wa]
    assert ids(search_messages(db, "surat", end=date(2026, 11, 20))) == [sms]
    assert ids(search_messages(db, "surat", fallback=True)) == [low, wa]
    assert ids(search_messages(db, "surat", fallback=True, villages=["Jambewangi"])) == [low]


def test_a_retried_delivery_is_not_found_twice(db):
    first = store.log_message(db, "in", "sms", SITI, "akta kematian bapak", message_sid="SM" + "1" * 32)
    store.log_message(db, "in", "sms", SITI, "akta kematian bapak", message_sid="SM" + "1" * 32, status="duplicate")
    assert ids(search_messages(db, "kematian")) == [first]
