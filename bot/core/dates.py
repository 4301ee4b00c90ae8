"""Dates and times typed in Indonesian, all in WIB (Asia/Jakarta).

``parse_when("besok jam 8", now)`` -> the datetime and whether a time was given.
A small rule layer handles what dateparser (1.2.0) misses: lusa, minggu depan,
"3 hari lagi", "jam 8", day names with a part of the day ("senin pagi"), "nanti sore",
"tgl 12"; dateparser handles the rest ("12 Desember", "12/12/2026"). Pure functions:
every one takes ``now`` so tests can fix it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.core.clock import DAY_NAMES, WIB, format_wib, to_wib  # noqa: F401  (the one clock, re-used here)
from bot.core.numbers import words_to_int

_DAY_WORDS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jumaat": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
    # Javanese
    "senen": 0, "seloso": 1, "rebo": 2, "kemis": 3, "jemuah": 4, "jemuwah": 4, "jumuah": 4, "setu": 5,
}
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
}
# Default hour for a part of the day said without a clock time.
PART_OF_DAY = {"pagi": 8, "siang": 12, "sore": 15, "petang": 17, "malam": 19}


@dataclass(frozen=True)
class When:
    at: datetime  # aware, WIB
    has_time: bool  # a clock time or a part of the day was given

    @property
    def day(self) -> date:
        return self.at.date()


def format_date(d: date) -> str:
    """'23/11/2026'."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _half_word(m: re.Match) -> str:
    hour = words_to_int(m.group(1))
    return f"{(hour - 1) % 24}.30" if hour is not None and 1 <= hour <= 12 else m.group(0)


def _clean(text: str) -> str:
    text = re.sub(r"(?<=[a-z])'(?=\s|$)", "", (text or "").lower())  # Madurese "petto' bulan" (round 21)
    text = text.replace("besuk", "besok").replace("sesuk", "besok").replace("mbesok", "besok")
    # "sesuk Kemis" is the coming Thursday, not tomorrow (round 22: booked for Friday)
    text = re.sub(rf"\bbesok\s+(?=(?:hari\s+)?(?:{'|'.join(_DAY_WORDS)})\b)", "", text)
    text = re.sub(rf"\b({'|'.join(_DAY_WORDS)})\s+besok\b", r"\1", text)  # "rebo sesuk" (round 25: tomorrow)
    text = re.sub(r"\bbsk\b", "besok", text)
    text = re.sub(r"\btgl\b\.?", "tanggal", text)
    text = re.sub(r"\bmg\b|\bmgg\b", "minggu", text)
    # "Jumat minggu ngarep" (round 24: booked for tomorrow), krama "minggu ngajeng", Madurese "minggu
    # dateng": next week
    text = re.sub(r"\b(minggu|pekan|minggon)\s+(ngarep|ngarepe|ngajeng|ngajengipun|dateng|sing\s+bakal|mengkin)\b",
                  "minggu depan", text)
    text = re.sub(r"\bhr\b", "hari", text)
    text = re.sub(r"\bbln\b|\bwulan(an)?\b|\bbulanan\b|\bsasi\b", "bulan", text)  # Javanese "limang wulan"
    text = re.sub(r"\bjm\b|\bpkl\b\.?|\bpukul\b", "jam", text)
    text = re.sub(r"\bmlm\b|\bmalem\b|\bbengi\b|\bdalu\b", "malam", text)
    text = re.sub(r"\bm?benj[ai]ng\b", "besok", text)  # krama "benjing/mbenjang enjing" (round 9 C4, round 17)
    text = re.sub(r"\bpgi\b|\besuk\b|\benjing\b", "pagi", text)
    text = re.sub(r"\bsonten\b|\bsre\b", "sore", text)
    # "setengah 8" is half past seven
    text = re.sub(r"\bsetengah\s*(\d{1,2})\b", lambda m: f"{(int(m.group(1)) - 1) % 24}.30", text)
    text = re.sub(r"\bsetengah\s+([a-z]+)\b", _half_word, text)  # "setengah sedoso", "setengah pitu"
    return re.sub(r"\s+", " ", text).strip()


def when_text_in_request(text: str) -> str | None:
    """The part of a first message that can tell the pick-up time ("minta dijemput lusa ke
    posyandu"), only when a relative day or a clock time is named: pregnancy ages ("hamil
    28 minggu") are taken out, and a message naming a due date (HPL) gives none."""
    t = _clean(text)
    if "hpl" in t or "perkiraan lahir" in t:
        return None
    t = re.sub(r"\s+", " ", re.sub(r"\b\d+\s*(minggu|bulan)\b", " ", t)).strip()
    # a weekday ("Kemis ngarep", round 18 M7: the second ride lost its day) or a date names it too
    weekdays = "|".join(w for w in _DAY_WORDS if w not in ("minggu", "jum'at"))
    # ("tanggal 10": two digits, round 26: the date was lost; and "10 desember")
    months = "|".join(MONTHS)
    day = re.compile(rf"\b(besok|lusa|hari ini|nanti|minggu depan|jam \d{{1,2}}|hari minggu|tanggal \d{{1,2}}|"
                     rf"\d{{1,2}} (?:{months})|{weekdays})\b")
    if not day.search(t):
        return None
    # only the clauses that name it: the rest of a long message is no time and would crowd it out;
    # a greeting ("siang min") names no time, and a long clause is kept from its day on
    kept = []
    for clause in (c.strip() for c in re.split(r"[,.;?!]+", t)):
        if _GREETING_RE.match(clause) or not (day.search(clause) or _PART_RE.search(clause)):
            continue
        found = day.search(clause)
        kept.append(clause[found.start():] if found and len(clause) > 40 else clause)
    return " ".join(kept) or t


# --------------------------------------------------------------------------- time of day

_CLOCK_RE = re.compile(r"\bjam\s*(\d{1,2})(?:\s*[.:]\s*(\d{2}))?")
_BARE_CLOCK_RE = re.compile(r"\b(\d{1,2})[.:](\d{2})\b")
_PART_RE = re.compile(r"\b(pagi|siang|sore|petang|malam)\b")
# "siang min", "selamat pagi bu": a greeting, no time of day
_GREETING_RE = re.compile(r"^(?:selamat\s+|slmt\s+|met\s+)?(?:pagi|siang|sore|petang|malam)"
                          r"(?:\s+(?:min|pak|bu|mas|mbak|mbk|bos|dok|kak|semua|sedoyo))?$")
# Times people give by the prayers (Banyuwangi, about 8 S: they move little over the year).
_PRAYER_RE = re.compile(
    r"\b(?:(habis|abis|bakda|ba'da|bada|sehabis|sesudah|setelah|selesai|sebelum)\s+)?"
    r"(subuh|shubuh|dzuhur|zuhur|dhuhur|luhur|ashar|asar|maghrib|magrib|mahrib|isya|isyak|isak)\b")
_PRAYER = {"subuh": "subuh", "shubuh": "subuh", "dzuhur": "dzuhur", "zuhur": "dzuhur", "dhuhur": "dzuhur",
           "luhur": "dzuhur", "ashar": "ashar", "asar": "ashar", "maghrib": "maghrib", "magrib": "maghrib",
           "mahrib": "maghrib", "isya": "isya", "isyak": "isya", "isak": "isya"}
# The prayer's time, and the time "after" it as people mean a pick-up ("habis subuh": 05.00).
PRAYER_TIME = {"subuh": (4, 30), "dzuhur": (11, 45), "ashar": (15, 0), "maghrib": (17, 50), "isya": (19, 0)}
AFTER_PRAYER = {"subuh": (5, 0), "dzuhur": (12, 30), "ashar": (15, 30), "maghrib": (18, 30), "isya": (19, 30)}
BEFORE_PRAYER = {"subuh": (4, 0), "dzuhur": (11, 0), "ashar": (14, 30), "maghrib": (17, 0), "isya": (18, 30)}
# A clock hour said with a prayer is in that part of the day ("setengah 6 habis subuh": 05.30).
_PRAYER_PART = {"subuh": "subuh", "dzuhur": "siang", "ashar": "sore", "maghrib": "malam", "isya": "malam"}


def parse_time_of_day(text: str) -> time | None:
    """'jam 8' -> 08:00, 'jam 2 siang' -> 14:00, 'jam 7 malam' -> 19:00, '08.30' -> 08:30,
    'sore' -> 15:00; None when no time is given."""
    text = _clean(text)
    part_m = _PART_RE.search(text)
    part = part_m.group(1) if part_m else None
    prayer_m = _PRAYER_RE.search(text)
    prayer = _PRAYER[prayer_m.group(2)] if prayer_m else None
    if prayer and part is None:
        part = _PRAYER_PART[prayer]
    hour = minute = None
    m = _CLOCK_RE.search(text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
    else:
        m = re.search(r"\bjam\s+([a-z]+(?:\s+(?:belas|welas|puluh))?)", text)
        if m:
            hour, minute = words_to_int(m.group(1)), 0
        if hour is None:
            m = _BARE_CLOCK_RE.search(text)
            if m and not re.search(r"\d[./-]\d{1,2}[./-]\d", text):
                hour, minute = int(m.group(1)), int(m.group(2))
    if hour is None:
        if prayer:
            when = prayer_m.group(1)
            table = BEFORE_PRAYER if when == "sebelum" else AFTER_PRAYER if when else PRAYER_TIME
            return time(*table[prayer])
        if part:
            return time(PART_OF_DAY[part], 0)
        return None
    if hour > 24 or minute > 59:
        return None
    if hour == 24:
        hour = 0
    if part in ("siang",) and 1 <= hour <= 6 or part in ("sore", "petang", "malam") and 1 <= hour <= 11:
        hour += 12
    elif part == "subuh":
        pass  # "jam 5 habis subuh" is early morning
    elif part is None and 1 <= hour <= 5:
        # "jam 2" for a trip to the puskesmas is the afternoon, not 02:00
        hour += 12
    return time(hour, minute)


# --------------------------------------------------------------------------- dates


def _next_weekday(today: date, weekday: int, *, allow_today: bool) -> date:
    delta = (weekday - today.weekday()) % 7
    if delta == 0 and not allow_today:
        delta = 7
    return today + timedelta(days=delta)


def _day_of_month(today: date, day: int, month: int | None = None, year: int | None = None) -> date | None:
    """The next date with that day (and month): 'tgl 12' on the 20th is the 12th of next month."""
    try:
        if month is not None:
            candidate = date(year or today.year, month, day)
            if year is None and candidate < today:
                candidate = date(today.year + 1, month, day)
            return candidate
        y, mo = today.year, today.month
        for _ in range(3):
            try:
                candidate = date(y, mo, day)
            except ValueError:
                candidate = None
            if candidate and candidate >= today:
                return candidate
            mo += 1
            if mo > 12:
                y, mo = y + 1, 1
    except ValueError:
        return None
    return None


_REL_RE = re.compile(r"\b(\d+|[a-z]+(?: (?:belas|puluh))?)\s+(hari|minggu|pekan|bulan)\s+(lagi|kedepan|ke depan|mendatang)\b")
_DMY_RE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?\b")
_DAY_MONTH_RE = re.compile(r"\b(\d{1,2})\s+([a-z]+)(?:\s+(\d{4}))?\b")
_TANGGAL_RE = re.compile(r"\btanggal\s*(\d{1,2})\b")


def parse_date_part(text: str, today: date) -> date | None:
    """The date in a phrase, relative to ``today``; None when there is none."""
    text = _clean(text)
    if re.search(r"\b(hari ini|sekarang|nanti|saiki|mengko)\b", text):
        base = today
    else:
        base = None
    if re.search(r"\bbesok lusa\b|\blusa\b|\bmben\b", text):
        return today + timedelta(days=2)
    if re.search(r"\bbesok\b", text):
        return today + timedelta(days=1)
    m = _REL_RE.search(text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else words_to_int(m.group(1))
        if n is not None:
            unit = m.group(2)
            if unit == "hari":
                return today + timedelta(days=n)
            if unit in ("minggu", "pekan"):
                return today + timedelta(weeks=n)
            return _add_months(today, n)
    if re.search(r"\b(minggu|pekan) depan\b", text):
        weekday = _weekday_in(text.replace("minggu depan", "").replace("pekan depan", ""))
        if weekday is not None:
            # "senin minggu depan": the Monday of next week
            start_next_week = today + timedelta(days=7 - today.weekday())
            return start_next_week + timedelta(days=weekday)
        return today + timedelta(days=7)
    if re.search(r"\bbulan depan\b", text):
        m = _TANGGAL_RE.search(text)
        nm = _add_months(today.replace(day=1), 1)
        if m:
            try:
                return nm.replace(day=int(m.group(1)))
            except ValueError:
                return None
        return _add_months(today, 1)
    m = _DMY_RE.search(text)
    if m and not re.search(r"\bjam\s*" + re.escape(m.group(0)), text):
        day, month = int(m.group(1)), int(m.group(2))
        year = m.group(3)
        if year:
            year = int(year) + (2000 if len(year) == 2 else 0)
        if 1 <= month <= 12:
            return _day_of_month(today, day, month, year)
    m = _DAY_MONTH_RE.search(text)
    if m and m.group(2) in MONTHS:
        return _day_of_month(today, int(m.group(1)), MONTHS[m.group(2)], int(m.group(3)) if m.group(3) else None)
    m = _TANGGAL_RE.search(text)
    if m:
        return _day_of_month(today, int(m.group(1)))
    weekday = _weekday_in(text)
    if weekday is not None:
        return _next_weekday(today, weekday, allow_today=False)
    if base is not None:
        return base
    return _dateparser_date(text, today)


def _weekday_in(text: str) -> int | None:
    for word in re.findall(r"[a-z']+", text):
        if word in _DAY_WORDS:
            return _DAY_WORDS[word]
    return None


def _add_months(d: date, n: int) -> date:
    month = d.month - 1 + n
    year = d.year + month // 12
    month = month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _dateparser_date(text: str, today: date) -> date | None:
    import dateparser  # slow import; only when the rules found nothing

    # strip time words dateparser misreads
    cleaned = _CLOCK_RE.sub(" ", text)
    cleaned = _PART_RE.sub(" ", cleaned).strip()
    if not cleaned or not re.search(r"\d|[a-z]{3,}", cleaned):
        return None
    result = dateparser.parse(
        cleaned,
        languages=["id"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day"],
        },
    )
    return result.date() if result else None


def parse_when(text: str, now: datetime) -> When | None:
    """A date and maybe a time, in the future relative to ``now`` (WIB).

    'besok jam 8', 'lusa', 'minggu depan', 'tgl 12', '3 hari lagi', 'senin pagi',
    'nanti sore', 'jam 9' (today, or tomorrow when already past). None when no date.
    """
    now = to_wib(now)
    today = now.date()
    if re.fullmatch(r"\s*\d{1,2}\s*", text or ""):
        return None  # a bare "5" to "Kapan?": a day, an hour, a menu number? ask again
    clock = parse_time_of_day(text)
    day = parse_date_part(text, today)
    if day is None:
        if clock is None:
            return None
        day = today
        if datetime.combine(day, clock, WIB) <= now:
            day = today + timedelta(days=1)
    if (now.hour < NIGHT_ENDS and day == today + timedelta(days=1)
            and re.search(r"\bbesok\b(?! lusa)", _clean(text))
            and datetime.combine(today, clock or time(8, 0), WIB) > now):
        day = today  # "benjing enjing" at 00:34 (round 12): the morning after this night, not the next
    elif (now.hour < NIGHT_ENDS and day == today + timedelta(days=2)
            and re.search(r"\bbesok lusa\b|\blusa\b|\bmben\b", _clean(text))):
        day = today + timedelta(days=1)  # "lusa" at 01:12 (round 26): the day after that morning, as "besok"
    at = datetime.combine(day, clock or time(8, 0), WIB)
    return When(at=at, has_time=clock is not None)


# Before this hour, "besok" said in the night is the coming morning (the villager has not slept yet).
NIGHT_ENDS = 4


# --------------------------------------------------------------------------- pregnancy


def parse_gestation_weeks(text: str) -> int | None:
    """'30 minggu' -> 30, '7 bulan' -> 30, 'tujuh bulan' -> 30, '7,5 bln' -> 32.

    A bare number is months when it is 10 or less, weeks otherwise.
    """
    cleaned = re.sub(r"([a-z])2\b", r"\1", _clean(text))  # "kira2" -> "kira"
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(minggu|mggu|pekan|week|wk|bulan|bl|b)\b", cleaned)
    if m is None:
        m = re.search(r"(\d+(?:[.,]\d+)?)()", cleaned)
    if m:
        value = float(m.group(1).replace(",", "."))
        unit = m.group(2) or None
    else:
        m = re.search(r"([a-z]+(?: (?:belas|puluh)(?: [a-z]+)?)?)\s+(minggu|pekan|bulan)\b", cleaned)
        if not m:
            return None
        n = words_to_int(m.group(1))
        if n is None:
            return None
        value, unit = float(n), m.group(2)
    if unit in ("bulan", "bl", "b") or (unit is None and value <= 10):
        weeks = round(value * 4.345)
    else:
        weeks = round(value)
    if not 1 <= weeks <= 45:
        return None
    return weeks


def parse_due_date(text: str, today: date) -> date | None:
    """A due date (HPL) typed as a date: '12-03-2027', '12/3', '12 maret', 'tgl 5'."""
    cleaned = _clean(text)
    cleaned = re.sub(r"\b(hpl|hpht|perkiraan lahir|lahir)\b", " ", cleaned)
    d = parse_date_part(cleaned, today)
    if d is None:
        return None
    if not today - timedelta(days=30) <= d <= today + timedelta(days=300):
        return None
    return d


def due_date_from_weeks(weeks: int, today: date) -> date:
    """Estimated due date: 40 weeks of pregnancy."""
    return today + timedelta(weeks=40 - weeks)


def weeks_from_due_date(due: date, today: date) -> int:
    return max(0, 40 - round((due - today).days / 7))
