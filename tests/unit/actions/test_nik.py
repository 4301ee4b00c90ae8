"""NIK checks: 16 digits, region code, birth date (women: day + 40), serial."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.helpers import nik


def test_banyuwangi_man():
    n = nik.parse("3510011207850003")
    assert n.in_banyuwangi and not n.female
    assert n.birth_date == date(1985, 7, 12)
    assert n.kecamatan == "351001" and n.serial == "0003"


def test_woman_has_day_plus_40():
    n = nik.parse("3510205203920001")  # 52 -> 12th, woman
    assert n.female and n.birth_date == date(1992, 3, 12)


def test_woman_on_the_31st_and_29_february():
    assert nik.parse("3510017101800001").birth_date == date(1980, 1, 31)
    assert nik.parse("3510016902000001").birth_date == date(2000, 2, 29)


@pytest.mark.parametrize("typed", ["3510 0112 0785 0003", "3510.0112.0785.0003", "NIK saya 3510-011207-850003"])
def test_spaces_dots_and_words_around_are_accepted(typed):
    assert nik.parse(typed).nik == "3510011207850003"


@pytest.mark.parametrize("bad, reason", [
    ("351001120785", "length"),
    ("35100112078500031", "length"),
    ("", "length"),
    ("abcd", "length"),
    ("9910011207850003", "region"),   # no province 99
    ("3599011207850003", "region"),   # Jawa Timur has no regency 99
    ("3510991207850003", "region"),   # Banyuwangi has kecamatan 01-25 only
    ("3510001207850003", "region"),   # kecamatan 00
    ("3510013207850003", "date"),     # day 32
    ("3510017207850003", "date"),     # day 72 (woman 32)
    ("3510011213850003", "date"),     # month 13
    ("3510013002850003", "date"),     # 30 February
    ("3510014002850003", "date"),     # day 40 is neither a man's nor a woman's day
    ("3510011207850000", "serial"),
])
def test_invalid(bad, reason):
    with pytest.raises(nik.NikError) as exc:
        nik.parse(bad)
    assert exc.value.reason == reason
    assert len(nik.ERROR_MESSAGES[reason]) <= 160


def test_other_regions_are_valid_but_not_banyuwangi():
    jember = nik.parse("3509011207850003")
    assert not jember.in_banyuwangi and jember.province_name == "Jawa Timur"
    surabaya = nik.parse("3578011207850003")
    assert not surabaya.in_banyuwangi
    bali = nik.parse("5101011207850003")
    assert bali.province_name == "Bali"


def test_mask():
    assert nik.mask("3510011207850003") == "3510********0003"


@given(
    kec=st.integers(1, 25),
    born=st.dates(min_value=date(1931, 1, 1), max_value=date(2025, 12, 31)),
    female=st.booleans(),
    serial=st.integers(1, 9999),
)
def test_any_banyuwangi_nik_round_trips(kec, born, female, serial):
    day = born.day + (40 if female else 0)
    text = f"3510{kec:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    n = nik.parse(text)
    assert n.in_banyuwangi and n.female == female and n.serial == f"{serial:04d}"
    assert (n.birth_date.day, n.birth_date.month, n.birth_date.year % 100) == (born.day, born.month, born.year % 100)
