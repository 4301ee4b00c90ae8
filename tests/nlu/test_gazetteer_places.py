"""Place entities from nlu/gazetteer.extract: official values, offsets, variants, cues."""
import pytest

from nlu.entities import extract


def places(text):
    return [(e["entity"], e["value"], text[e["start"]:e["end"]]) for e in extract(text) if e["entity"] != "document_type"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("lapor ada bumil baru di desa kaligondo", [("village", "Kaligondo", "kaligondo")]),
        ("desa olehsari", [("village", "Olehsari", "olehsari")]),
        ("GENTENG WETAN", [("village", "Genteng Wetan", "GENTENG WETAN")]),
        ("gentengwetan", [("village", "Genteng Wetan", "gentengwetan")]),
        ("ds genteng kulon kec genteng", [("village", "Genteng Kulon", "genteng kulon"), ("district", "Genteng", "genteng")]),
        ("kampung mandar", [("village", "Kampungmandar", "kampung mandar")]),
        ("sineporejo", [("village", "Seneporejo", "sineporejo")]),
        ("kec. rogojampi", [("district", "Rogojampi", "rogojampi")]),
        ("tamansari", [("village", "Tamansari", "tamansari")]),  # ambiguous: the actions ask
        ("tamansari licin", [("village", "Tamansari", "tamansari"), ("district", "Licin", "licin")]),
        ("sy tinggal di bareng", [("village", "Bareng", "bareng")]),
        ("ke puskesmas genteng", [("district", "Genteng", "genteng")]),
        ("sy dari ds kaligundo", [("village", "Kaligondo", "kaligundo")]),  # typo after a cue
    ],
)
def test_places(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    ["kaki bengkak", "main bareng teman", "jalan licin", "genteng bocor", "smart kampung banyuwangi",
     "dusun sukorejo rt 2", "pendataan ibu hamil", "ada maling"],
)
def test_no_place(text):
    assert places(text) == []


def test_both_level_name_without_cue_is_the_desa():
    assert places("sempu") == [("village", "Sempu", "sempu")]
    assert places("kecamatan sempu") == [("district", "Sempu", "sempu")]
