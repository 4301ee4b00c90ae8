"""document_type synonyms (nlu/documents.py through nlu/gazetteer.extract)."""
import pytest

from nlu.documents import DOCUMENT_TYPES, PHRASES
from nlu.entities import extract


def docs(text):
    return [(e["value"], e["text"]) for e in extract(text) if e["entity"] == "document_type"]


def test_values_are_the_contract_values():
    assert set(DOCUMENT_TYPES) == {
        "ktp", "kk", "akta_kelahiran", "akta_kematian", "kia", "sktm", "surat_domisili",
        "surat_keterangan_usaha", "surat_pindah", "surat_pengantar_nikah",
    }
    assert {v for v in PHRASES.values() if v} == set(DOCUMENT_TYPES)


@pytest.mark.parametrize(
    "text,value,surface",
    [
        ("mau bikin ktp sy udh 17 thn", "ktp", "ktp"),
        ("anak mau nikah perlu pengantar dr desa", "surat_pengantar_nikah", "pengantar"),
        ("minta pengantar desa buat daftar ke KUA", "surat_pengantar_nikah", "pengantar"),
        ("bikin E-KTP", "ktp", "E-KTP"),
        ("ktp el hilang", "ktp", "ktp el"),
        ("KTP-EL rusak", "ktp", "KTP-EL"),
        ("ktpne kulo ical", "ktp", "ktpne"),
        ("kulo nyuwun damel kk enggal", "kk", "kk"),
        ("kartu keluarga hilang", "kk", "kartu keluarga"),
        ("akte lahir anak sy blm punya", "akta_kelahiran", "akte lahir"),
        ("akta kelahiran", "akta_kelahiran", "akta kelahiran"),
        ("bikin akte buat daftar sd", "akta_kelahiran", "akte"),
        ("akte kematian bapak", "akta_kematian", "akte kematian"),
        ("surat kematian nenek", "akta_kematian", "surat kematian"),
        ("kartu identitas anak", "kia", "kartu identitas anak"),
        ("daftar kia anak", "kia", "kia"),
        ("surat keterangan tidak mampu", "sktm", "surat keterangan tidak mampu"),
        ("surat ket tdk mampu", "sktm", "surat ket tdk mampu"),
        ("SKTM buat berobat", "sktm", "SKTM"),
        ("surat domisili", "surat_domisili", "surat domisili"),
        ("surat ket usaha", "surat_keterangan_usaha", "surat ket usaha"),
        ("sku buat pinjam bank", "surat_keterangan_usaha", "sku"),
        ("syarat surat pindah apa aja pak", "surat_pindah", "surat pindah"),
        ("surat pengantar nikah", "surat_pengantar_nikah", "surat pengantar nikah"),
        ("bikin surat n1", "surat_pengantar_nikah", "surat n1"),
    ],
)
def test_document_synonyms(text, value, surface):
    assert docs(text) == [(value, surface)]


@pytest.mark.parametrize("text", ["buku kia hilang", "akta nikah dari kua", "surat tanah", "mau ke kantor desa"])
def test_not_a_document_of_the_contract(text):
    assert docs(text) == []


def test_offsets_point_into_the_original_text():
    text = "Tolong   bikin AKTE LAHIR anak sy"
    (e,) = [e for e in extract(text) if e["entity"] == "document_type"]
    assert text[e["start"]:e["end"]] == "AKTE LAHIR"


@pytest.mark.parametrize(
    "text,value",
    [("urus akta kematiannya", "akta_kematian"), ("akte kelahirane anakku", "akta_kelahiran"),
     ("ktpku ilang", "ktp"), ("kk-nya rusak", "kk")],
)
def test_suffixed_document_words(text, value):
    assert [v for v, _ in docs(text)] == [value]
