"""Reviewed messages -> a Rasa NLU file (bot/core/nlu_export.py, ``flask nlu export``)."""
from __future__ import annotations

import csv
import json

import pytest
import yaml

from bot.core import nlu_export, store
from tests.unit.console_data import ensure_nlu_review, say

SITI = "+6281234500001"
REAL_NIK = "3510123456780001"
REAL_PHONE = "081298765432"


def review(db, text, *, predicted="out_of_scope", corrected=None, status="reviewed", entities=(), by="rina",
           confidence=0.41):
    message_id = say(db, SITI, text, intent=predicted, confidence=confidence)
    return db["nlu_review"].insert({
        "message_id": message_id, "text": text, "predicted_intent": predicted, "confidence": confidence,
        "status": status, "corrected_intent": corrected, "entities": json.dumps(list(entities)),
        "reviewed_by": by if status != "new" else None,
        "reviewed_at": "2026-11-30T09:00:00+07:00" if status != "new" else None}).last_pk


@pytest.fixture
def db():
    db = store.open_db(None)
    ensure_nlu_review(db)
    return db


def load(path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path))


def test_reviewed_examples_become_a_rasa_file_without_personal_data(db, tmp_path):
    text = f"nama saya Wartini Sukesih NIK {REAL_NIK} hp {REAL_PHONE} mau bikin akta lahir di desa Jambewangi"
    start = text.index("Jambewangi")
    first = review(db, text, corrected="request_document",
                   entities=[{"start": start, "end": start + len("Jambewangi"), "entity": "village",
                              "value": "Jambewangi"}])
    second = review(db, "Bu Sumiyati pendarahan banyak tolong", predicted="report_pregnancy",
                    corrected="pregnancy_emergency", by="bidan_ani")
    confirmed = review(db, "lampu jalan mati sejak seminggu", predicted="file_complaint", confidence=0.55)
    out = tmp_path / "nlu" / "reviewed.yml"
    report = nlu_export.export_reviewed(db, out)
    assert (report.written, report.duplicates, report.unknown_intent) == (3, 0, 0)
    written = out.read_text(encoding="utf-8")
    for personal in (REAL_NIK, REAL_PHONE, "Wartini", "Sukesih", "Sumiyati"):
        assert personal not in written
    assert nlu_export.FAKE_NIK in written and "081234567890" in written
    data = load(out)
    by_text = {m.get("text"): m for m in data.intent_examples}
    assert set(data.intents) == {"request_document", "pregnancy_emergency", "file_complaint"}
    doc = next(m for m in data.intent_examples if m.get("intent") == "request_document")
    assert doc.get("text") == (f"nama saya Siti Aminah NIK {nlu_export.FAKE_NIK} hp 081234567890 mau bikin akta "
                               "lahir di desa Jambewangi")
    assert doc.get("entities") == [{"start": doc.get("text").index("Jambewangi"),
                                    "end": len(doc.get("text")), "entity": "village", "value": "Jambewangi"}]
    assert by_text["Bu Siti pendarahan banyak tolong"].get("intent") == "pregnancy_emergency"
    assert by_text["lampu jalan mati sejak seminggu"].get("intent") == "file_complaint"
    with report.provenance.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert report.provenance == tmp_path / "nlu" / "reviewed.provenance.csv"
    assert [(int(r["review_id"]), r["intent"], r["reviewed_by"]) for r in rows] == [
        (first, "request_document", "rina"), (second, "pregnancy_emergency", "bidan_ani"),
        (confirmed, "file_complaint", "rina")]
    assert all(r["message_id"] and r["reviewed_at"] == "2026-11-30T09:00:00+07:00" for r in rows)


def test_only_reviewed_rows_of_known_intents_and_no_duplicates(db, tmp_path):
    review(db, "mau bikin ktp", corrected="request_document")  # in data/nlu/documents.yml already
    review(db, "  MAU   bikin KTP ", corrected="request_document")  # the same, typed otherwise
    review(db, "surat keterangan tidak mampu buat sekolah anak", corrected="request_document")
    review(db, "Surat keterangan tidak mampu buat sekolah anak", corrected="request_document")  # an exact repeat
    review(db, "pesan tiket kereta", corrected="nlu_fallback")  # not an intent of the domain
    review(db, "bantuan sembako belum turun", corrected="beg_for_aid")  # nor this
    review(db, "halo min", status="new")
    review(db, "asdfgh", status="flagged")
    report = nlu_export.export_reviewed(db, tmp_path / "reviewed.yml")
    assert (report.written, report.duplicates, report.unknown_intent) == (1, 3, 2)
    assert any("'nlu_fallback' is not in the domain" in w for w in report.warnings)
    assert any("'beg_for_aid'" in w for w in report.warnings)
    data = load(tmp_path / "reviewed.yml")
    assert [m.get("text") for m in data.intent_examples] == ["surat keterangan tidak mampu buat sekolah anak"]


def test_bad_entities_are_dropped_with_a_warning_and_brackets_do_not_become_entities(db, tmp_path):
    review(db, "akta [segera] (penting) di Jambewangi {x}", corrected="request_document",
           entities=[{"start": 0, "end": 4, "entity": "document_type", "value": "akta_kelahiran"},
                     {"start": 50, "end": 60, "entity": "village", "value": "Jambewangi"},
                     {"start": 5, "end": 10, "entity": "person", "value": "x"},
                     {"start": 2, "end": 3, "entity": "village"},
                     {"entity": "village"}])
    report = nlu_export.export_reviewed(db, tmp_path / "reviewed.yml")
    assert report.written == 1 and len(report.warnings) == 4
    example = load(tmp_path / "reviewed.yml").intent_examples[0]
    assert example.get("text") == "akta (segera) (penting) di Jambewangi (x)"
    assert example.get("entities") == [{"start": 0, "end": 4, "entity": "document_type", "value": "akta_kelahiran"}]


def test_an_empty_review_table_gives_a_valid_empty_file_and_a_rerun_rebuilds_it(db, tmp_path):
    out = tmp_path / "reviewed.yml"
    assert nlu_export.export_reviewed(db, out).written == 0
    assert yaml.safe_load(out.read_text()) == {"version": "3.1", "nlu": []}
    review(db, "lampu jalan mati sejak seminggu", corrected="file_complaint")
    assert nlu_export.export_reviewed(db, out).written == 1
    assert nlu_export.export_reviewed(db, out).written == 1  # its own file is no training duplicate
    assert len(load(out).intent_examples) == 1


@pytest.mark.parametrize("text, expected", [
    ("nama saya wati lestari umur 30", "nama saya siti aminah umur 30"),
    ("Bu Ratna Sari hamil 7 bulan", "Bu Siti Aminah hamil 7 bulan"),
    ("pak slamet sakit", "pak budi sakit"),
    ("atas nama SLAMET RIYADI", "atas nama SITI AMINAH"),
    ("an. Ponirah minta surat", "an. Siti minta surat"),
    ("pak rt tidak ada, bu bidan juga", "pak rt tidak ada, bu bidan juga"),
    ("Pak Kades ada?", "Pak Kades ada?"),
    ("wa saya +62 812-9876-5432", "wa saya +6281234567890"),
    ("hp 6281298765432 nik 3510 1234 5678 0001", f"hp 6281234567890 nik {nlu_export.FAKE_NIK}"),
    ("umur 35 tahun rt 03", "umur 35 tahun rt 03"),
])
def test_personal_data_stand_ins_read_naturally(text, expected):
    assert nlu_export.replace_personal(text) == expected


def test_cli_nlu_export(app, runner, tmp_path):
    db = store.open_db(app.config["SETTINGS"].db_path)
    ensure_nlu_review(db)
    review(db, "lampu jalan mati sejak seminggu", corrected="file_complaint")
    review(db, "pesan tiket kereta", corrected="nlu_fallback")
    out = tmp_path / "nlu" / "reviewed.yml"
    result = runner.invoke(args=["nlu", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 contoh ditulis" in result.stdout and "warning: review 2" in result.stderr
    assert [m.get("intent") for m in load(out).intent_examples] == ["file_complaint"]
    assert (tmp_path / "nlu" / "reviewed.provenance.csv").exists()
    assert runner.invoke(args=["nlu", "export", "--out", str(tmp_path / "x.txt")]).exit_code == 2
