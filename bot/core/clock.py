"""The one clock: every time the bot stores or shows is in WIB (Asia/Jakarta)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def now() -> datetime:
    """The current time, aware, in WIB."""
    return datetime.now(WIB)


def today() -> date:
    return now().date()


def now_iso() -> str:
    """The current time as ISO 8601 in WIB, seconds precision ('2026-11-22T08:15:00+07:00')."""
    return now().replace(microsecond=0).isoformat()


def to_wib(dt: datetime) -> datetime:
    """An aware datetime in WIB; a naive one is taken to be WIB already."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=WIB)
    return dt.astimezone(WIB)


def format_wib(dt: datetime, with_time: bool = True) -> str:
    """'Senin 23/11 jam 08.00 WIB' (or 'Senin 23/11' without a time)."""
    dt = to_wib(dt)
    text = f"{DAY_NAMES[dt.weekday()]} {dt.day:02d}/{dt.month:02d}"
    if with_time:
        text += f" jam {dt.hour:02d}.{dt.minute:02d} WIB"
    return text
