"""The overview: messages per day by channel, intents, the fallback rate, cases by kind,
status and desa, time to the first officer response, cases per month; as SVG bars drawn
on the server (no script, nothing from the internet). Each bar links to the filtered list.
Every figure counts only what the user may read."""
from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta
from urllib.parse import urlencode

from flask import render_template, url_for

from bot.admin import bp, scope
from bot.admin.ui import KIND_WORD, me, to_dt
from bot.core import clock, store
from bot.core.kinds import STATUS_WORD
from bot.core.store import stats
from bot.db import get_db

DAYS = 14
BAR_WIDTH = 260  # px of the longest bar
ROW = 22


def chart(items: list[tuple[str, int, str]], colour: str = "bar") -> dict:
    """An SVG bar chart's geometry: rows (label, value, href, width, y) and its height."""
    top = max((value for _, value, _ in items), default=0) or 1
    rows = [{"label": label, "value": value, "href": href, "width": max(1, round(value / top * BAR_WIDTH)) if value else 0,
             "y": i * ROW} for i, (label, value, href) in enumerate(items)]
    return {"rows": rows, "height": max(ROW, len(rows) * ROW), "width": BAR_WIDTH + 260, "bar": BAR_WIDTH,
            "colour": colour}


def _cases_url(**args) -> str:
    return url_for("admin.cases") + "?" + urlencode({"status": "all", **args})


def _messages_url(**args) -> str:
    return url_for("admin.messages") + "?" + urlencode(args)


def message_figures(db, phones: set[str] | None) -> dict:
    """The message charts of the last ``DAYS`` WIB days, by the rules of ``stats`` (inbound
    only, retried deliveries not counted, a fallback as ``stats.FALLBACK_SQL`` says) over the
    contacts the user may read (``phones``; None = all)."""
    start = clock.today() - timedelta(days=DAYS - 1)
    per_day = stats.messages_per_day(db, start, clock.today(), phones=phones)
    intents = stats.intent_distribution(db, start, clock.today(), phones=phones)
    fallback_days = stats.fallback_rate(db, start, clock.today(), phones=phones)
    day_items = []
    for row in per_day:
        day = row["day"]
        for channel, word in (("sms", "SMS"), ("whatsapp", "WA")):
            day_items.append((f"{day[8:10]}/{day[5:7]} {word}", row.get(channel, 0),
                              _messages_url(**{"from": day, "to": day, "channel": channel})))
    understood = sum(r["classified"] for r in fallback_days)
    fallback = sum(r["fallback"] for r in fallback_days)
    return {
        "per_day": chart(day_items, "bar"),
        "intents": chart([(r["intent"], r["count"], _messages_url(intent=r["intent"])) for r in intents], "bar2"),
        "fallback_rate": (fallback / understood) if understood else None,
        "fallback": fallback, "understood": understood, "since": start.isoformat(),
    }


def first_responses(db, cases: list[dict]) -> tuple[float | None, list[tuple[str, float, int]]]:
    """The median minutes from a case's opening to its first officer response (``stats``'s
    rule: ``RESPONSE_EVENTS`` by a person), overall and per officer: (median, [(officer,
    median, cases)])."""
    overall: list[float] = []
    per: dict[str, list[float]] = {}
    for case in cases:
        opened = to_dt(case["created_at"])
        for event in store.case_events(db, case["ref"]):
            if event["event"] in stats.RESPONSE_EVENTS and event["actor"] not in stats.NOT_OFFICERS:
                at = to_dt(event["at"])
                if opened and at:
                    minutes = max(0.0, (at - opened).total_seconds() / 60)
                    overall.append(minutes)
                    per.setdefault(event["actor"], []).append(minutes)
                break
    officers = sorted(((actor.removeprefix("console:"), statistics.median(v), len(v)) for actor, v in per.items()),
                      key=lambda t: t[1])
    return (statistics.median(overall) if overall else None), officers


@bp.get("/overview")
def overview():
    db = get_db()
    user = me()
    cases = [c for c, _ in scope.visible_cases(db, user)]
    by_kind = Counter(c["kind"] for c in cases)
    by_status = Counter(c["status"] for c in cases)
    by_village = Counter(c.get("village") or "(belum diketahui)" for c in cases)
    by_month = Counter((c["created_at"] or "")[:7] for c in cases)
    median, officers = first_responses(db, cases)
    return render_template(
        "admin/overview.html",
        messages=message_figures(db, scope.visible_phones(db, user)),
        kinds=chart([(KIND_WORD.get(k, k), n, _cases_url(folder=f"kind:{k}")) for k, n in by_kind.most_common()]),
        statuses=chart([(STATUS_WORD.get(s, s), n, _cases_url(status=s)) for s, n in by_status.most_common()], "bar2"),
        villages=chart([(v, n, _cases_url(village=v) if not v.startswith("(") else _cases_url())
                        for v, n in by_village.most_common(20)]),
        months=chart([(m, by_month[m], _cases_url()) for m in sorted(by_month)], "bar2"),
        total=len(cases), median=median, officers=officers[:20],
    )
