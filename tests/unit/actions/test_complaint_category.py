"""Complaint category guessing and routing."""
from __future__ import annotations

import pytest

from actions.helpers import complaint_category as cc


@pytest.mark.parametrize("text, category", [
    ("jalan di dusun krajan rusak parah berlubang", "jalan_fasilitas"),
    ("lampu jalan mati sudah sebulan", "jalan_fasilitas"),
    ("suami saya sering memukul saya", "kdrt"),
    ("ada kdrt di rumah tetangga", "kdrt"),
    ("istri dipukul suaminya tiap malam", "kdrt"),
    ("ada maling motor semalam", "keamanan"),
    ("pemuda mabuk bikin ribut tiap malam", "keamanan"),
    ("saya tidak dapat BLT padahal miskin", "bansos"),
    ("bantuan PKH salah sasaran", "bansos"),
    ("diminta bayar 50rb buat urus surat di kantor desa, pungli", "pelayanan_publik"),
    ("sampah menumpuk di sungai bau sekali", "lingkungan"),
    ("banjir tiap hujan", "lingkungan"),
])
def test_guess(text, category):
    assert cc.guess(text) == category


@pytest.mark.parametrize("text", ["saya mau lapor", "mau mengadu pak", "", "halo"])
def test_no_guess_without_keywords(text):
    assert cc.guess(text) is None


def test_routing():
    assert cc.ROUTE["keamanan"] == cc.ROUTE["kdrt"] == "bhabinkamtibmas"
    for other in ("jalan_fasilitas", "bansos", "pelayanan_publik", "lingkungan", "lainnya"):
        assert cc.ROUTE[other] == "operator_desa"


def test_choices_by_number_and_word():
    assert cc.parse_choice("2") == "kdrt"
    assert cc.parse_choice("7") == "lainnya"
    assert cc.parse_choice("lingkungan") == "lingkungan"
    assert cc.parse_choice("8") is None


@pytest.mark.parametrize("text, described", [
    ("saya mau lapor pak", False),
    ("mau mengadu", False),
    # a topic and a place say nothing of what happened (round 10 c11): the form asks
    ("pak sy mau ngadu soal jembatan di desa Bareng", False),
    ("kulo badhe wadul perkara dalan ing dusun Krajan", False),
    ("jalan rusak di dusun krajan", True),
    ("jembatan di desa Bareng putus kena banjir", True),
    ("lampu jalan rt 3 mati sudah sebulan", True),
    ("kepala desa minta uang 200rb buat surat pindah", True),
    ("pungli di kantor desa", True),
])
def test_description_in_the_first_message(text, described):
    assert cc.has_description(text) is described
