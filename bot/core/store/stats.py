"""The console's overview figures (issue 12, item 6), as plain lists and dicts.

Days and months are WIB (``bot.core.clock``): every stored time carries its offset
(``clock.now_iso``), and SQLite's ``date(t, '+7 hours')`` turns any offset into the WIB day.
Each function takes the same scope as the search (``villages``: None = all, [] = none).
Date ranges are inclusive WIB dates; without them, the last ``DEFAULT_DAYS`` days to today.

Message figures count what villagers sent (``direction = 'in'``) unless told otherwise, never
a retried delivery of a message already kept (status ``duplicate``).
A fallback is an inbound message classified as ``nlu_fallback`` or ``out_of_scope``, or with a
confidence below ``LOW_CONFIDENCE`` (the FallbackClassifier's threshold in config.yml).

First officer response: from a case's ``created_at`` to its first case event in
``RESPONSE_EVENTS`` by a person (an actor other than ``bot``/``warga``): TERIMA (``accepted``),
helping (``membantu``), BALAS (``officer_reply``), SELESAI/TOLAK (``done``/``rejected``), an
officer declining an emergency (``ditolak_petugas``). The console records its own status
changes and replies under these event names (or adds its own to ``RESPONSE_EVENTS``).
"""
from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

import sqlite_utils

from bot.core import clock, directory
from bot.core.store.scope import case_scope, message_scope

DEFAULT_DAYS = 30
LOW_CONFIDENCE = 0.5
FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")
RESPONSE_EVENTS = ("accepted", "membantu", "officer_reply", "done", "rejected", "ditolak_petugas")
NOT_OFFICERS = ("bot", "warga", "system")
# The bot's words for "I did not understand" (domain/base.yml utter_default, actions/handover.py):
# the message they answer is a fallback whatever the NLU's confidence (``messages.not_understood``).
NOT_UNDERSTOOD_REPLIES = ("Maaf Bapak/Ibu, pesan belum kami pahami", "Maaf, kami belum memahami pesan")
# An inbound message the model did not understand (named parameters: ``fallback_args``).
FALLBACK_SQL = ("(direction = 'in' AND (COALESCE(not_understood, 0) = 1 OR intent IS NOT NULL AND (intent IN ("
                + ", ".join(f":fb{i}" for i in range(len(FALLBACK_INTENTS)))
                + ") OR COALESCE(confidence, 0) < :fb_threshold)))")


def not_understood(replies) -> bool:
    """Whether the bot's ``replies`` to a message said it did not understand it."""
    return any(str(r).startswith(NOT_UNDERSTOOD_REPLIES) for r in replies or ())
# A retry of a message already kept (same MessageSid, m002_inbox): the same words again, not counted or shown.
NOT_DUPLICATE = "COALESCE(status, '') != 'duplicate'"
CASE_FIELDS = ("kind", "status", "village", "district", "channel")
_HOURS = int(clock.WIB.utcoffset(datetime(2000, 1, 1)).total_seconds() // 3600)


def select(db: sqlite_utils.Database, sql: str, args: dict) -> list[dict]:
    """The rows of a query with named parameters, as dicts."""
    cursor = db.execute(sql, args)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def fallback_args(threshold: float = LOW_CONFIDENCE) -> dict:
    return {**{f"fb{i}": name for i, name in enumerate(FALLBACK_INTENTS)}, "fb_threshold": threshold}


def wib_day(column: str) -> str:
    """SQL: the WIB date ('YYYY-MM-DD') of a stored ISO time with offset."""
    return f"date({column}, '{_HOURS:+d} hours')"


def day_range(start: date | None = None, end: date | None = None, days: int = DEFAULT_DAYS) -> tuple[date, date]:
    end = end or clock.today()
    start = start or end - timedelta(days=days - 1)
    if start > end:
        start, end = end, start
    return start, end


def _days(start: date, end: date) -> list[str]:
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def _messages(db, start, end, villages, direction: str | None = "in", extra: str = "", columns: str = "*",
              phones=None):
    start, end = day_range(start, end)
    where, args = message_scope(villages, phones)
    sql = (f"SELECT {wib_day('created_at')} AS day, {columns} FROM messages WHERE {where} AND {NOT_DUPLICATE} "
           f"AND {wib_day('created_at')} BETWEEN :start AND :end")
    args.update(start=start.isoformat(), end=end.isoformat())
    if direction:
        sql += " AND direction = :direction"
        args["direction"] = direction
    if extra:
        sql += f" AND {extra}"
    return start, end, sql, args


def messages_per_day(db: sqlite_utils.Database, start: date | None = None, end: date | None = None, *,
                     villages: list[str] | None = None, direction: str | None = "in",
                     phones: set[str] | None = None) -> list[dict]:
    """One row a day (no gaps): {"day", "total", <channel>: count ...} for each channel seen
    (``sms`` and ``whatsapp`` always present). ``phones``: only these contacts (None = all)."""
    start, end, sql, args = _messages(db, start, end, villages, direction, columns="channel", phones=phones)
    counts = select(db, f"SELECT day, channel, COUNT(*) AS n FROM ({sql}) GROUP BY day, channel", args)
    channels = sorted({"sms", "whatsapp"} | {r["channel"] or "unknown" for r in counts})
    rows = {d: {"day": d, "total": 0, **{c: 0 for c in channels}} for d in _days(start, end)}
    for r in counts:
        row = rows[r["day"]]
        row[r["channel"] or "unknown"] += r["n"]
        row["total"] += r["n"]
    return list(rows.values())


def intent_distribution(db: sqlite_utils.Database, start: date | None = None, end: date | None = None, *,
                        villages: list[str] | None = None, phones: set[str] | None = None) -> list[dict]:
    """Inbound messages per intent, most frequent first: {"intent", "count", "share"} (share of
    the classified messages, 0..1)."""
    _, _, sql, args = _messages(db, start, end, villages, "in", extra="intent IS NOT NULL", columns="intent",
                                phones=phones)
    counts = select(db, f"SELECT intent, COUNT(*) AS n FROM ({sql}) GROUP BY intent ORDER BY n DESC, intent", args)
    total = sum(r["n"] for r in counts)
    return [{"intent": r["intent"], "count": r["n"], "share": round(r["n"] / total, 4)} for r in counts]


def fallback_rate(db: sqlite_utils.Database, start: date | None = None, end: date | None = None, *,
                  villages: list[str] | None = None, threshold: float = LOW_CONFIDENCE,
                  phones: set[str] | None = None) -> list[dict]:
    """One row a day: {"day", "classified", "fallback", "rate"} (rate None on a day without
    classified messages)."""
    start, end, sql, args = _messages(db, start, end, villages, "in",
                                      extra="(intent IS NOT NULL OR COALESCE(not_understood, 0) = 1)",
                                      columns="direction, intent, confidence, not_understood", phones=phones)
    args.update(fallback_args(threshold))
    counts = select(db, f"SELECT day, COUNT(*) AS n, SUM(CASE WHEN {FALLBACK_SQL} THEN 1 ELSE 0 END) AS fb "
                        f"FROM ({sql}) GROUP BY day", args)
    by_day = {r["day"]: r for r in counts}
    out = []
    for d in _days(start, end):
        r = by_day.get(d)
        n, fb = (r["n"], r["fb"]) if r else (0, 0)
        out.append({"day": d, "classified": n, "fallback": fb, "rate": round(fb / n, 4) if n else None})
    return out


def _cases(villages, start: date | None, end: date | None, columns: str) -> tuple[str, dict]:
    where, args = case_scope(villages)
    sql = f"SELECT {columns} FROM cases WHERE {where}"
    if start:
        sql += f" AND {wib_day('created_at')} >= :start"
        args["start"] = start.isoformat()
    if end:
        sql += f" AND {wib_day('created_at')} <= :end"
        args["end"] = end.isoformat()
    return sql, args


def cases_by(db: sqlite_utils.Database, field: str, *, villages: list[str] | None = None,
             start: date | None = None, end: date | None = None) -> list[dict]:
    """Cases counted by ``field`` (kind, status, village, district, channel), largest first:
    {"key", "count"} (key None for cases without that field). Without dates: all cases."""
    if field not in CASE_FIELDS:
        raise ValueError(f"cannot count cases by {field!r}")
    sql, args = _cases(villages, start, end, f"{field} AS key")
    return [{"key": r["key"], "count": r["n"]}
            for r in select(db, f"SELECT key, COUNT(*) AS n FROM ({sql}) GROUP BY key ORDER BY n DESC, key", args)]


def cases_breakdown(db: sqlite_utils.Database, *, villages: list[str] | None = None,
                    start: date | None = None, end: date | None = None) -> dict[str, list[dict]]:
    """{"kind": [...], "status": [...], "village": [...]} as ``cases_by`` gives them."""
    return {f: cases_by(db, f, villages=villages, start=start, end=end) for f in ("kind", "status", "village")}


def cases_per_month(db: sqlite_utils.Database, *, villages: list[str] | None = None, months: int = 12,
                    until: date | None = None) -> list[dict]:
    """The last ``months`` WIB months up to ``until`` (default: this month), no gaps:
    {"month": "YYYY-MM", "count", <kind>: count ...}."""
    until = until or clock.today()
    keys = []
    y, m = until.year, until.month
    for _ in range(max(1, months)):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    sql, args = _cases(villages, None, None, f"substr({wib_day('created_at')}, 1, 7) AS month, kind")
    rows = {k: {"month": k, "count": 0} for k in keys}
    for r in select(db, f"SELECT month, kind, COUNT(*) AS n FROM ({sql}) GROUP BY month, kind", args):
        if r["month"] in rows:
            rows[r["month"]]["count"] += r["n"]
            rows[r["month"]][r["kind"]] = rows[r["month"]].get(r["kind"], 0) + r["n"]
    return list(rows.values())


def first_responses(db: sqlite_utils.Database, *, villages: list[str] | None = None,
                    start: date | None = None, end: date | None = None) -> list[dict]:
    """Per case opened in the range: {"ref", "kind", "village", "created_at", "actor",
    "responded_at", "seconds"} (actor/responded_at/seconds None when nobody answered yet)."""
    sql, args = _cases(villages, start, end, "ref, kind, village, created_at")
    events = ", ".join(f":ev{i}" for i in range(len(RESPONSE_EVENTS)))
    others = ", ".join(f":no{i}" for i in range(len(NOT_OFFICERS)))
    args.update({f"ev{i}": e for i, e in enumerate(RESPONSE_EVENTS)})
    args.update({f"no{i}": a for i, a in enumerate(NOT_OFFICERS)})
    rows = select(db, f"""
        SELECT c.ref, c.kind, c.village, c.created_at, e.actor, e.at AS responded_at
        FROM ({sql}) c LEFT JOIN case_events e ON e.id = (
            SELECT id FROM case_events WHERE ref = c.ref AND event IN ({events}) AND actor NOT IN ({others})
            ORDER BY at, id LIMIT 1)
        ORDER BY c.created_at""", args)
    for r in rows:
        r["seconds"] = None
        if r["responded_at"]:
            delta = datetime.fromisoformat(r["responded_at"]) - datetime.fromisoformat(r["created_at"])
            r["seconds"] = max(0, int(delta.total_seconds()))
    return rows


def first_response_times(db: sqlite_utils.Database, *, villages: list[str] | None = None,
                         start: date | None = None, end: date | None = None) -> dict:
    """Median time to the first officer response, overall and per officer (the one who
    responded first): {"overall": {"median_seconds", "answered", "unanswered"},
    "per_officer": [{"actor", "role", "phone", "name", "median_seconds", "answered"}]} (fastest
    first; ``name`` from the officer directory, None for a number no longer in it)."""
    rows = first_responses(db, villages=villages, start=start, end=end)
    answered = [r for r in rows if r["seconds"] is not None]
    by_actor: dict[str, list[int]] = {}
    for r in answered:
        by_actor.setdefault(r["actor"], []).append(r["seconds"])
    per_officer = []
    for actor, seconds in by_actor.items():
        role, _, who = actor.partition(":")
        officer = directory.officer_by_phone(who) if who.startswith("+") else None
        per_officer.append({"actor": actor, "role": role if who else None, "phone": who or actor,
                            "name": (officer or {}).get("name") or None,
                            "median_seconds": statistics.median(seconds), "answered": len(seconds)})
    per_officer.sort(key=lambda r: (r["median_seconds"], r["actor"]))
    return {
        "overall": {"median_seconds": statistics.median([r["seconds"] for r in answered]) if answered else None,
                    "answered": len(answered), "unanswered": len(rows) - len(answered)},
        "per_officer": per_officer,
    }
