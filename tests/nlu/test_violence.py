"""Disclosures of violence at home (nlu/violence.py)."""
from __future__ import annotations

import pytest

from nlu.violence import discloses_violence, fears_discovery


@pytest.mark.parametrize("text, violence", [
    ("bojoku seneng mukul aku", True),
    ("saya sering dipukul suami", True),
    ("tetangga saya sering dipukul suaminya", True),
    ("digebuki bojone saben bengi", True),
    ("ada KDRT di rumah sebelah", True),
    ("jalan rusak di dusun krajan", False),
    ("mau bikin kk baru", False),
    ("anak saya dipukul temannya di sekolah", False),
])
def test_disclosures(text, violence):
    assert discloses_violence(text) is violence


@pytest.mark.parametrize("text, fear", [
    ("ojo sampe bojoku ngerti yo, aku wedi", True),
    ("jangan sampai suami tahu, saya takut", True),
    ("gak ono foto, wedi nek hp ku dicek bojoku", True),
    ("ojo ditelpon, sms wae", True),
    # Madurese (exploratory round 4): "my husband often looks at my phone; if he knows I report..."
    ("lakeh engkok sering ngabes hp engkok mun tao engkok lapor engkok bisa epateh", True),
    ("dusun krajan rt 2", False),
    ("krajan, sebelah masjid", False),
    ("sing penting aman", False),
])
def test_a_victims_fear_is_told_from_an_address(text, fear):
    assert fears_discovery(text) is fear


@pytest.mark.parametrize("text", [
    "mbak, engkok epokol lakeh polè, tanang engkok lebbâm kabbhi",   # Madurese, round 4
    "bukan itu mbak. lakeh engkok mokol engkok, tolong",
    "mbak aku gak kuat maneh, bojoku wingi bengi ngantemi aku maneh, raiku biru kabeh",  # Javanese, round 3
    # round 5: got "itu bukan layanan nomor ini"
    "mbak aku isin arep crito. bojoku nek mendem mesti ngamuk, wingi bengi aku dijotos sampe lambeku getihen",
    "aku dijotos bojoku",
])
def test_disclosures_in_madurese_and_javanese(text):
    assert discloses_violence(text)


@pytest.mark.parametrize("text", [
    # exploratory round 7, conversation 9: "sengko'" (I) was not read, 110/SAPA came only in the 6th reply
    "lakeh sengko' mokol sengko' sabban malem, sengko' tako'",
    "lakeh sengko' dhibi' se mokol",   # "my own husband is the one who hits"
    "engko' epokol lakeh",
])
def test_madurese_sengko_is_i(text):
    assert discloses_violence(text)


def test_a_neighbours_wife_beaten_in_krama_is_a_disclosure():
    """Round 28 F8: "tangga kula garwanipun dipun gebugi" opened a pregnancy report."""
    assert discloses_violence("ngapunten, kula badhe lapor. tangga kula garwanipun dipun gebugi terus saben dalu")
    assert discloses_violence("istriku dipukuli terus")
    assert not discloses_violence("garwa kula ngandheg tigang wulan")
