"""Complaints against the village office (nlu/village_office.py)."""
import pytest

from nlu.village_office import against_village_office, levy_story


@pytest.mark.parametrize("text, story", [
    (("pak sy mau lapor. kemarin sy ngurus surat pengantar SKCK di kantor desa Rejosari, sama perangkat desanya "
     "dimintai uang 50 ribu katanya biar cepet. itu resmi apa nggak sih?"), True),
    ("ngurus surat pindah di kantor desa dimintai uang 200rb sm pak carik", True),
    # exploratory round 7, conversation 8: Javanese, answered twice "Belum ada permohonan"
    (("pak, wingi aku ngurus surat pengantar SKCK nang kantor desa Kalirejo, dijaluki duwit 75 ewu karo pak carik, "
     "jarene gawe administrasi. iku resmi opo ora to?"), True),
    # round 10, c9 (Madurese): filed as "pelayanan publik", Saber Pungli never told
    ("e kantor desa Kedungrejo sengko' e soro' majar pesse 150 ebu ngurus KK, ta' eberri' kuitansi", True),
    ("ngurus ktp di desa bayar berapa?", False),                # a question about a fee
    ("mau bikin surat domisili di desa jambewangi", False),
    ("kemarin sy ngurus surat di kantor desa, pelayanannya lama sekali sampai sore", False),  # no levy
])
def test_a_levy_story(text, story):
    assert levy_story(text) is story


def test_the_target_of_a_complaint_against_the_office():
    assert against_village_office("pungli di desa") == "desa_pungli"
    assert against_village_office("pak carik judes, surat saya ditahan") == "desa_layanan"
    assert against_village_office("jalan rusak di dusun krajan") is None


def test_the_villages_own_aid_withheld_goes_above_it():
    """Round 25: "BLT dana desa saya kok gak cair2 ... padahal tetangga sudah dapat" went to the village
    operator (the villager feared the dusun head); BLT Dana Desa is the village's own aid."""
    assert against_village_office("BLT dana desa saya kok gak cair2 dari 3 bulan lalu, padahal tetangga sudah dapat") \
        == "desa_layanan"
    assert against_village_office("BLT-DD bulan ini belum dibagi") == "desa_layanan"
    assert against_village_office("bansos PKH saya belum masuk rekening") is None   # the ministry's aid
