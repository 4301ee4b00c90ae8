"""nlu/text.py: slang, repeated letters, reduplication (pure, no Rasa)."""
import pytest

from nlu.text import (
    collapse_repeats,
    expand_reduplication,
    fold,
    normalise_text,
    normalise_word,
    place_key,
    slang_map,
)


@pytest.mark.parametrize(
    "word,expected",
    [
        # SMS shorthands, including those the JSON lacks
        ("gak", "tidak"), ("ga", "tidak"), ("GK", "tidak"), ("sy", "saya"), ("gmn", "bagaimana"),
        ("blm", "belum"), ("udh", "sudah"), ("tdk", "tidak"), ("bs", "bisa"), ("utk", "untuk"),
        ("tlg", "tolong"), ("bsk", "besok"), ("bgmn", "bagaimana"), ("yg", "yang"),
        # Javanese / Madurese / Osing
        ("kulo", "saya"), ("nyuwun", "minta"), ("meteng", "hamil"), ("getihen", "pendarahan"),
        ("sampun", "sudah"), ("mboten", "tidak"), ("nggih", "iya"), ("damel", "buat"),
        ("enggal", "baru"), ("semaput", "pingsan"), ("isun", "saya"), ("enggi", "iya"),
        # the JSON is overridden where it is wrong for this domain
        ("kk", "kk"), ("KK", "kk"), ("pk", "pak"), ("dah", "sudah"),
        # domain words survive
        ("ktp", "ktp"), ("sktm", "sktm"), ("bidan", "bidan"), ("mbah", "mbah"), ("bengkak", "bengkak"),
        # repeated letters
        ("tolooong", "tolong"), ("TOLOOONGGG", "tolong"), ("sakiiiit", "sakit"), ("maaaf", "maaf"),
        ("tolongg", "tolong"),
        # reduplication with 2
        ("kejang2", "kejang kejang"), ("mbah2", "mbah mbah"), ("KEJANG2", "kejang kejang"),
        ("mbah-mbah", "mbah mbah"), ("anak2nya", "anak anak"),
        # suffixes on known stems
        ("ketubane", "ketuban"), ("ktpne", "ktp"), ("kkne", "kk"), ("anake", "anak"),
        # numbers
        ("3510123456789012", "nomornik"), ("17", "17"), ("ADU-0012", "adu 0012"),
    ],
)
def test_normalise_word(word, expected):
    assert normalise_word(word) == expected


@pytest.mark.parametrize("word", ["rt02", "b2", "buku", "sore", "kene", "desa", "darah", "sakit"])
def test_words_that_must_not_be_mangled(word):
    out = normalise_word(word)
    assert out in (word, "sini")  # 'kene' is Javanese for 'sini'
    assert "ibu" not in out or word == "bu"


def test_collapse_and_expand_helpers():
    assert collapse_repeats("tolooong") == "tolong"
    assert collapse_repeats("saat") == "saat"
    assert expand_reduplication("kejang2") == ["kejang", "kejang"]
    assert expand_reduplication("rt2") == ["rt2"]  # too short a base: a code, not reduplication
    assert expand_reduplication("2") == ["2"]


def test_fold_and_place_key():
    assert fold("  Genteng-Wetan!! ") == "genteng wetan"
    assert place_key("Genteng Wetan") == place_key("gentengwetan") == "gentengwetan"
    assert place_key("Soekorejo") == "sukorejo"  # old Dutch-era spelling


def test_slang_json_is_loaded_and_merged():
    m = slang_map()
    assert len(m) > 1000
    assert m["bgt"] == "banget" or m["bgt"] == "sangat"
    assert m["gak"] == "tidak"


def test_normalise_text_sentence():
    assert normalise_text("kulo nyuwun damel kk enggal") == "saya minta buat kk baru"
    assert normalise_text("TOLOOONG bumil getihen") == "tolong ibu hamil pendarahan"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("cek DOK-0042", "cek nomorreferensi"),
        ("status HML0007", "status nomorreferensi"),
        ("adu 12 gimana", "nomorreferensi 12 bagaimana"),
        ("mau adu domba", "mau adu domba"),          # 'adu' without a number is a word
        ("jek-mil bisa jemput", "jek mil bisa jemput"),  # the JEK-MIL programme, not a reference
    ],
)
def test_case_references_become_one_class_word(text, expected):
    assert normalise_text(text) == expected


def test_common_names_become_one_class_word():
    assert normalise_text("nama saya siti aminah") == "nama saya namaorang namaorang"
    assert normalise_text("ana maling") == "ada maling"  # 'ana' is Javanese 'ada', not a name
