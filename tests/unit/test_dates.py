"""Indonesian dates and times for rides and due dates, with a fixed "now", all WIB."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.dates import (
    WIB,
    due_date_from_weeks,
    format_wib,
    parse_due_date,
    parse_gestation_weeks,
    parse_time_of_day,
    parse_when,
    weeks_from_due_date,
    when_text_in_request,
)

# Sunday 22 November 2026, 09.30 WIB
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=WIB)


@pytest.mark.parametrize(
    "text, expected, has_time",
    [
        ("besok jam 8", datetime(2026, 11, 23, 8, 0), True),
        ("besuk jam 8", datetime(2026, 11, 23, 8, 0), True),
        ("bsk jm 7.30", datetime(2026, 11, 23, 7, 30), True),
        ("lusa", datetime(2026, 11, 24, 8, 0), False),
        ("lusa jam 9 pagi", datetime(2026, 11, 24, 9, 0), True),
        ("minggu depan", datetime(2026, 11, 29, 8, 0), False),
        ("tgl 12", datetime(2026, 12, 12, 8, 0), False),
        ("tanggal 25 jam 10", datetime(2026, 11, 25, 10, 0), True),
        ("3 hari lagi", datetime(2026, 11, 25, 8, 0), False),
        ("tiga hari lagi jam 13.00", datetime(2026, 11, 25, 13, 0), True),
        ("2 minggu lagi", datetime(2026, 12, 6, 8, 0), False),
        ("senin pagi", datetime(2026, 11, 23, 8, 0), True),
        ("hari kamis jam 10.30", datetime(2026, 11, 26, 10, 30), True),
        ("nanti sore", datetime(2026, 11, 22, 15, 0), True),
        ("jam 8", datetime(2026, 11, 23, 8, 0), True),  # 08.00 today has passed
        ("jam 2 siang", datetime(2026, 11, 22, 14, 0), True),
        ("jam 2", datetime(2026, 11, 22, 14, 0), True),  # a visit at 02.00 is not meant
        ("jam 7 malam", datetime(2026, 11, 22, 19, 0), True),
        ("12 desember jam 9", datetime(2026, 12, 12, 9, 0), True),
        ("12/12", datetime(2026, 12, 12, 8, 0), False),
        ("5-1-2027 jam 08:00", datetime(2027, 1, 5, 8, 0), True),
        ("bulan depan tgl 3", datetime(2026, 12, 3, 8, 0), False),
        ("senin minggu depan jam 7", datetime(2026, 11, 23, 7, 0), True),
        ("jam sembilan pagi", datetime(2026, 11, 23, 9, 0), True),
        ("sabtu jam 1 siang", datetime(2026, 11, 28, 13, 0), True),
        ("mbenjang jam 3", datetime(2026, 11, 23, 15, 0), True),  # round 17: krama "tomorrow" read as today
        ("mbenjang enjing jam 7", datetime(2026, 11, 23, 7, 0), True),
    ],
)
def test_parse_when(text, expected, has_time):
    when = parse_when(text, NOW)
    assert when is not None, text
    assert when.at == expected.replace(tzinfo=WIB)
    assert when.at.utcoffset().total_seconds() == 7 * 3600
    assert when.has_time is has_time


@pytest.mark.parametrize("text", ["", "kapan2", "terserah", "secepatnya ya"])
def test_parse_when_without_a_date(text):
    assert parse_when(text, NOW) is None


def test_tanggal_already_past_this_month_is_next_month():
    assert parse_when("tgl 20", NOW).at.date() == date(2026, 12, 20)
    assert parse_when("tgl 22", NOW).at.date() == date(2026, 11, 22)


def test_naive_now_is_taken_as_wib():
    assert parse_when("besok jam 8", NOW.replace(tzinfo=None)).at == datetime(2026, 11, 23, 8, 0, tzinfo=WIB)


def test_now_in_utc_is_converted():
    # 23.30 UTC on the 22nd is already 06.30 WIB on the 23rd: "besok" is the 24th
    utc_now = datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)
    assert parse_when("besok", utc_now).at.date() == date(2026, 11, 24)


@pytest.mark.parametrize(
    "text, expected",
    [("jam 8", time(8)), ("jam 08.30", time(8, 30)), ("pukul 10:15", time(10, 15)), ("jam 3 sore", time(15)),
     ("jam 12 siang", time(12)), ("pagi", time(8)), ("sore", time(15)), ("malam", time(19)), ("besok", None)],
)
def test_time_of_day(text, expected):
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("jam setengah sedoso", time(9, 30)),  # round 9, C4 (krama ten)
    ("setengah pitu isuk", time(6, 30)),
    ("jam sewelas", time(11)),
    ("jam kalih welas siang", time(12)),
])
def test_hours_in_javanese_words(text, expected):
    assert parse_time_of_day(text) == expected


def test_krama_tomorrow_in_a_request_is_its_time():
    """Round 9, C4: "benjing enjing" was followed by "Kapan dijemput?"."""
    said = when_text_in_request("nyuwun dipun jemput benjing enjing dhateng puskesmas")
    assert parse_when(said, NOW).at == datetime(2026, 11, 23, 8, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    "dt, with_time, expected",
    [
        (datetime(2026, 11, 23, 8, 0, tzinfo=WIB), True, "Senin 23/11 jam 08.00 WIB"),
        (datetime(2026, 11, 27, 13, 5, tzinfo=WIB), True, "Jumat 27/11 jam 13.05 WIB"),
        (datetime(2026, 11, 29, tzinfo=WIB), False, "Minggu 29/11"),
        (datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc), True, "Senin 23/11 jam 01.00 WIB"),
    ],
)
def test_format_wib(dt, with_time, expected):
    assert format_wib(dt, with_time) == expected


@pytest.mark.parametrize(
    "text, weeks",
    [("30 minggu", 30), ("7 bulan", 30), ("tujuh bulan", 30), ("hamil 8 bln", 35), ("32", 32), ("5", 22),
     ("dua puluh minggu", 20), ("3 bulanan", 13), ("kira2 6 bulan", 26)],
)
def test_gestation_weeks(text, weeks):
    assert parse_gestation_weeks(text) == weeks


@pytest.mark.parametrize("text", ["", "belum tahu", "100 minggu"])
def test_gestation_weeks_invalid(text):
    assert parse_gestation_weeks(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [("HPL 12-03-2027", date(2027, 3, 12)), ("12/3", date(2027, 3, 12)), ("5 desember", date(2026, 12, 5)),
     ("hpl tgl 30", date(2026, 11, 30)), ("12 maret 2027", date(2027, 3, 12))],
)
def test_due_date(text, expected):
    assert parse_due_date(text, NOW.date()) == expected


def test_due_date_far_away_is_rejected():
    assert parse_due_date("12-03-2029", NOW.date()) is None


def test_weeks_and_due_date_round_trip():
    today = NOW.date()
    assert due_date_from_weeks(40, today) == today
    assert due_date_from_weeks(38, today) == date(2026, 12, 6)
    assert weeks_from_due_date(date(2026, 12, 6), today) == 38


PHRASES = ["besok", "besok jam 8", "lusa", "lusa sore", "minggu depan", "3 hari lagi", "senin pagi", "rabu jam 10",
           "tgl 5", "tgl 28 jam 9", "jam 8", "jam 2 siang", "nanti malam", "12 desember", "bulan depan tgl 3"]


@given(
    now=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)),
    phrase=st.sampled_from(PHRASES),
)
def test_relative_phrases_never_land_in_the_past_and_stay_in_wib(now, phrase):
    now = now.replace(tzinfo=WIB)
    when = parse_when(phrase, now)
    assert when is not None, phrase
    assert when.at.tzinfo is not None and when.at.utcoffset().total_seconds() == 7 * 3600
    assert when.at.date() >= now.date()
    if when.has_time and when.at.date() == now.date() and phrase.startswith(("jam", "nanti")):
        # a clock time alone means the next such moment; "nanti" stays today (the form rejects a past one)
        assert phrase.startswith("nanti") or when.at > now
    assert (when.at.date() - now.date()).days <= 366
    assert format_wib(when.at).endswith("WIB")


@pytest.mark.parametrize("text", ["5", "25", "1"])
def test_a_bare_number_is_no_date(text):
    """'5' to "Kapan dijemput?" may be a day, an hour or a menu number: asked again."""
    assert parse_when(text, datetime(2026, 11, 22, 9, 30, tzinfo=WIB)) is None


@pytest.mark.parametrize("text, hhmm", [
    ("lusa habis subuh", "05:00"),
    ("besok setengah 6 habis subuh", "05:30"),
    ("besok bakda maghrib", "18:30"),
    ("besok abis dzuhur", "12:30"),
    ("besok sebelum ashar", "14:30"),
    ("besok jam 7 bakda maghrib", "19:00"),
])
def test_times_given_by_the_prayers(text, hhmm):
    from bot.core.dates import parse_when

    when = parse_when(text, NOW)
    assert when is not None and when.has_time and when.at.strftime("%H:%M") == hhmm


@pytest.mark.parametrize("text, now, expected", [
    # round 12 L1: "benjing enjing" at 00:34 on Thursday was booked for Friday
    ("benjing enjing jam wolu", datetime(2026, 12, 3, 0, 34, tzinfo=WIB), datetime(2026, 12, 3, 8, 0, tzinfo=WIB)),
    ("besok pagi", datetime(2026, 12, 3, 2, 0, tzinfo=WIB), datetime(2026, 12, 3, 8, 0, tzinfo=WIB)),
    # after the night, or a time already gone, "besok" is the next day
    ("besok pagi", datetime(2026, 12, 3, 5, 0, tzinfo=WIB), datetime(2026, 12, 4, 8, 0, tzinfo=WIB)),
    ("besok jam 1", datetime(2026, 12, 3, 1, 30, tzinfo=WIB), datetime(2026, 12, 3, 13, 0, tzinfo=WIB)),
    ("besok jam 2 pagi", datetime(2026, 12, 3, 3, 0, tzinfo=WIB), datetime(2026, 12, 4, 2, 0, tzinfo=WIB)),
    ("besok lusa", datetime(2026, 12, 3, 0, 30, tzinfo=WIB), datetime(2026, 12, 4, 8, 0, tzinfo=WIB)),
    # round 26 F9: at 01:12 "sesuk" was the coming Friday morning but "lusa" Sunday: the day after it
    ("lusa sore aja", datetime(2026, 12, 4, 1, 12, tzinfo=WIB), datetime(2026, 12, 5, 15, 0, tzinfo=WIB)),
    ("lusa sore aja", datetime(2026, 12, 4, 9, 0, tzinfo=WIB), datetime(2026, 12, 6, 15, 0, tzinfo=WIB)),
])
def test_besok_said_after_midnight_is_the_coming_morning(text, now, expected):
    assert parse_when(text, now).at == expected


def test_sesuk_with_a_weekday_is_that_weekday_not_tomorrow():
    """Round 22 H3: "sesuk Kemis" on a Thursday booked the ride for Friday."""
    from datetime import datetime

    from bot.core.clock import WIB
    from bot.core.dates import parse_when

    thursday = datetime(2026, 12, 3, 15, 0, tzinfo=WIB)
    assert parse_when("sesuk Kemis jemput maneh yo", thursday).at.date().isoformat() == "2026-12-10"
    assert parse_when("sesuk Senen jemput aku", thursday).at.date().isoformat() == "2026-12-07"
    assert parse_when("besok jam 8", thursday).at.date().isoformat() == "2026-12-04"


def test_a_weekday_of_next_week_in_javanese():
    """Round 24: "Jumat minggu ngarep" (Thursday 3 December) was read as tomorrow."""
    from datetime import datetime

    from bot.core.dates import WIB, parse_when
    now = datetime(2026, 12, 3, 23, 53, tzinfo=WIB)
    for text in ("jumat minggu ngarep jam 8", "Jumat minggu ngajeng jam 8", "jemuwah minggu ngarep jam 8"):
        assert parse_when(text, now).at == datetime(2026, 12, 11, 8, 0, tzinfo=WIB), text
