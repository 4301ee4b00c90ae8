"""Document types, variants, the catalogue and the final SMS of the documents service."""
from __future__ import annotations

import pytest

from actions.documents import confirm_question
from actions.helpers import catalogue
from actions.helpers.catalogue import reply_text
from bot.core.sms import is_gsm7


@pytest.mark.parametrize("text, doc, variant", [
    ("KTP saya hilang", "ktp", "hilang"),
    ("mau bikin e-ktp", "ktp", "baru"),
    ("kk baru setelah nikah", "kk", "baru"),
    ("akte kelahiran anak saya", "akta_kelahiran", None),
    ("akta kematian bapak", "akta_kematian", None),
    ("kartu identitas anak rusak", "kia", "rusak"),
    ("surat keterangan tidak mampu", "sktm", None),
    ("surat domisili", "surat_domisili", None),
    ("SKU untuk pinjam bank", "surat_keterangan_usaha", None),
    ("surat pindah", "surat_pindah", None),
    ("pengantar nikah", "surat_pengantar_nikah", None),
    ("nama di kk salah", "kk", "perbaikan_data"),
    ("mau bikin KTP baru, KTP saya hilang", "ktp", "hilang"),   # round 23, 15: filed as a first KTP
    ("bikin KK baru, kurang tau syaratnya", "kk", "baru"),
])
def test_parse_document_and_variant(text, doc, variant):
    assert catalogue.parse_document_type(text) == doc
    assert catalogue.parse_variant(text, allow_number=False) == variant


def test_numbers_follow_the_question():
    q = catalogue.document_question()
    assert len(q) <= 160 and is_gsm7(q)
    assert catalogue.parse_document_type("1") == "ktp"
    assert catalogue.parse_document_type("10") == "surat_pengantar_nikah"
    assert catalogue.parse_document_type("11") is None
    assert catalogue.parse_variant("4") == "perbaikan_data"
    assert catalogue.parse_variant("hmm") is None


def test_every_contract_document_has_an_entry_with_a_source():
    data = catalogue.load()
    assert set(data) == set(catalogue.DOC_TYPES)
    for doc, variants in data.items():
        for key, entry in variants.items():
            if key == "label":
                continue
            assert entry.get("source"), (doc, key)
            assert "verified" in entry, (doc, key)


def test_unverified_requirements_are_hedged_and_unverified_fields_left_out():
    sktm = catalogue.essentials("sktm", "baru")
    assert sktm[0].startswith("Biasanya diminta:") and "(bisa beda)" in sktm[0]
    assert not any(p.startswith(("Biaya", "Lama", "Tempat")) for p in sktm)
    kk = catalogue.essentials("kk", "baru")
    assert kk[0].startswith("Bawa:") and "Biaya: gratis." in kk
    ktp_change = catalogue.essentials("ktp", "perubahan")
    assert ktp_change[0] == "Syarat akan disampaikan operator desa."


@pytest.mark.parametrize("doc", catalogue.DOC_TYPES)
@pytest.mark.parametrize("variant", catalogue.VARIANTS)
def test_reply_fits_two_sms_segments(doc, variant):
    text = reply_text("DOK-0042", doc, variant)
    assert text.startswith("Permohonan ") and "DOK-0042" in text
    assert text.endswith("CEK DOK-0042")
    assert len(text) <= 306 and is_gsm7(text)


def test_confirmation_question_fits_one_segment_even_with_long_names():
    q = confirm_question({
        "document_type": "akta_kelahiran", "doc_variant": "perbaikan_data",
        "applicant_name": "Siti Aminah Nur Rahmawati Putri Kusumawardani", "nik": "3510014107900001",
        "village": "Kebondalem",
    })
    assert len(q) <= 160 and "3510014107900001" in q and "Balas YA" in q
    letter = confirm_question({"document_type": "sktm", "applicant_name": "Budi", "nik": "3510011207850003",
                               "village": "Jambewangi"})
    assert "2 jenis" not in letter


@pytest.mark.parametrize("text, kk, akta", [
    ("nambah anak, anak saya baru lahir", "perubahan", "baru"),   # exploratory finding: not a new KK
    ("anyar, bayi lahir", "perubahan", "baru"),
    ("masukin bayi ke kk", "perubahan", None),
    ("tanggal lahir salah", "perbaikan_data", "perbaikan_data"),
    ("baru nikah", "baru", "baru"),
    ("1", "baru", "baru"),
])
def test_a_birth_changes_the_kk_but_makes_a_new_akta(text, kk, akta):
    assert catalogue.parse_variant(text, document_type="kk") == kk
    assert catalogue.parse_variant(text, document_type="akta_kelahiran") == akta


@pytest.mark.parametrize("text, variant", [
    ("1, durung tau digawe", "baru"),       # round 18 m2: "Maaf, belum jelas"
    ("2 hilang pak", "hilang"),
    ("2 minggu lalu hilang", "hilang"),     # a measure is no menu number
])
def test_the_menu_number_before_words_is_the_answer(text, variant):
    assert catalogue.parse_variant(text, document_type="akta_kematian") == variant
