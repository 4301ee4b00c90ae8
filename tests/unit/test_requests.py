"""Requests in words: another service asked for in a form's first message (other_service_clause), a question about a case (asks_about_case)."""
from __future__ import annotations

import pytest

from nlu.requests import asks_about_case, other_service_clause

REPORT = ("Izin Ndan, lapor bumil an. Ny. Wulandari, 17 th, alamat Dsn. Roworejo Ds. Sarongan Kec. Pesanggaran, "
          "UK 8 bulan, anak pertama, tdk punya BPJS, rumah jauh dr puskesmas. Mohon dijemput saat persalinan. "
          "HP ortu 081259871234. Demikian Ndan.")
LEVY = ("pak sy mau lapor, kemarin ngurus surat SKTM buat anak sekolah di kantor desa Tegalsari, kok dimintain 50rb "
        "sm petugasnya, ga dikasih kwitansi. itu boleh ga sih? trus SKTM ku blm jadi sampe skrg")


@pytest.mark.parametrize("text, form, clause", [
    (REPORT, "pregnancy_form", "Mohon dijemput saat persalinan"),
    (LEVY, "complaint_form", "trus SKTM ku blm jadi sampe skrg"),   # the levy story's SKTM is no request
    ("mau daftar rantang kasih buat mbah saya, sekalian mau bikin KTP beliau yang hilang", "rantang_kasih_form",
     "sekalian mau bikin KTP beliau yang hilang"),
    # the form's own service, a service not wanted, a document only mentioned: nothing
    ("bojoku meteng 7 wulan sesuk kudu kontrol, iso dijemput JEK-MIL ta?", "transport_form", None),
    ("bojoku meteng, gak perlu dijemput, mung lapor wae", "pregnancy_form", None),
    ("lapor bu bidan, tetangga saya hamil 5 bulan, sudah punya buku KIA", "pregnancy_form", None),
    ("kemarin ngurus KTP di kantor desa dimintai uang 100rb", "complaint_form", None),
    ("", "document_form", None),
])
def test_other_service_clause(text, form, clause):
    assert other_service_clause(text, form) == clause


def test_a_levy_story_naming_a_document_asks_for_no_document():
    """make bench-messages: the wordy levy complaint got a reminder of its own story."""
    assert other_service_clause("ngurus surat pindah di kantor desa dimintai uang 200rb sm pak carik",
                                "complaint_form") is None


@pytest.mark.parametrize("text", [
    "pak, akta anak sy sama KIA kakaknya kemarin itu sudah jadi belum ya?", "yang KIA kenapa ditolak pak?",
    "alasannya apa kok ditolak", "piye laporanku mas", "ktp ku wis dadi durung?", "surat pindah saya udah jadi?",
    "sudah diproses belum pengaduan saya", "kok suwe men aktane",
])
def test_a_question_about_a_case_in_words(text):
    assert asks_about_case(text)


@pytest.mark.parametrize("text", [
    "gimana cara bikin ktp", "mau bikin ktp", "kenapa harus bawa kk", "wis dadi bojoku 5 taun",
    "ibu hamil sudah keluar darah belum berhenti",
    "pak sy mau lapor. kemarin sy ngurus surat pengantar SKCK di kantor desa, dimintai uang 50 ribu. itu resmi apa nggak?",
])
def test_no_question_about_a_case(text):
    assert not asks_about_case(text)


@pytest.mark.parametrize("text, form, instead", [
    # round 25, 3: the form went on, or took the words for the mother's name
    ("eh sebentar, aku mau lapor jalan rusak aja, jalan ke dusun sukorejo bolong2 gede", "pregnancy_form", True),
    ("bukan mas, aku gak jadi lapor ibu hamil. mau lapor jalan rusak", "pregnancy_form", True),
    ("tapi aku mau minta jemput aja mbak", "pregnancy_form", True),
    ("mau dijemput jam 8 aja", "transport_form", False),          # an answer of the ride itself
    ("eh aku mau ngurus KK aja", "document_form", False),          # another document: the form's own switch
    ("aku mau lapor aja", "pregnancy_form", False),                # no other service named
    ("Siti Aminah", "pregnancy_form", False),
])
def test_another_request_instead_of_the_form(text, form, instead):
    from nlu.requests import instead_of, instead_request
    assert instead_of(instead_request(text), form) is instead


@pytest.mark.parametrize("text, wanted", [
    # round 28 F5: the form took these as its answer ("desa itu tidak ada", "NIK harus 16 angka")
    ("eh mas, sing penting saiki njaluk jemput bojoku nang puskesmas sesuk isuk ae", "transport"),
    ("duduk desa mas, aku njaluk jemput ae", "transport"),
    ("ora usah KTP, aku pengen ngadu lampu dalan", "complaint"),
    ("eh mas, sakjane aku luwih butuh jemputan kanggo bojoku meteng nang posyandu rebo ngarep", "transport"),
    ("njaluk nang puskesmas wae", None), ("ora usah dijemput, bojoku iso ngeterno", None), ("gak usah mas", None),
])
def test_another_service_asked_instead_in_more_words(text, wanted):
    from nlu.requests import instead_request
    assert instead_request(text) == wanted
