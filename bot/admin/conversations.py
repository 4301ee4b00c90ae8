"""Conversations: contacts by last activity, a contact's timeline (latest first, each inbound
message's intent and confidence, the bot's replies), and the messages list with the search
box (``search_messages``, scoped to the phones the user may read) and its filters.

A contact is addressed by the id of one of its messages (``/admin/conversations/<id>``), so
no phone number is ever in a URL or a server log."""
from __future__ import annotations

from datetime import date

from flask import abort, render_template, request

from bot.admin import bp, scope
from bot.admin.ui import me
from bot.core import access, clock, store
from bot.core.kinds import OPEN_STATUSES
from bot.core.store.review import FALLBACK_INTENTS, LOW_CONFIDENCE
from bot.core.store.schema import select
from bot.core.store.search import search_messages
from bot.db import get_db

CONTACTS_PAGE = 100
TIMELINE_PAGE = 30
MESSAGES_PAGE = 100


def _in(column: str, values) -> tuple[str, list]:
    values = list(values)
    if not values:
        return "0", []
    return f"{column} IN ({','.join('?' * len(values))})", values


@bp.get("/conversations")
def conversations():
    db = get_db()
    user = me()
    visible = scope.visible_phones(db, user)
    where, params = ("1", []) if visible is None else _in("m.phone", visible)
    channel = request.args.get("channel", "")
    village = (request.args.get("village") or "").strip()
    if channel in ("sms", "whatsapp"):
        where += " AND m.channel = ?"
        params.append(channel)
    rows = select(db, "SELECT m.phone, MAX(m.id) AS last_id, MAX(m.created_at) AS last_at, COUNT(*) AS n, "
                      "SUM(m.direction = 'in') AS inbound FROM messages m "
                      f"WHERE {where} GROUP BY m.phone ORDER BY last_id DESC LIMIT ?", [*params, CONTACTS_PAGE * 3])
    contacts = []
    for row in rows:
        contact, cases, level = scope.contact_of(db, user, row["phone"])
        if level == access.NONE:
            continue
        if village and (contact.get("village") or "").lower() != village.lower():
            continue
        last = select(db, "SELECT channel, direction, body FROM messages WHERE id = ?", [row["last_id"]])[0]
        contacts.append({**row, "contact": contact, "channel": last["channel"],
                         "open_cases": [c for c in cases if c["status"] in OPEN_STATUSES
                                        and access.case_level(user, c) != access.NONE],
                         "paused": bool(contact.get("paused_for"))})
        if len(contacts) >= CONTACTS_PAGE:
            break
    return render_template("admin/conversations.html", contacts=contacts, channel=channel, village=village)


def _contact_of_message(db, message_id: int) -> tuple[str, dict, list, str]:
    rows = select(db, "SELECT phone FROM messages WHERE id = ?", [message_id])
    if not rows:
        abort(404)
    phone = rows[0]["phone"]
    contact, cases, level = scope.contact_of(db, me(), phone)
    if level == access.NONE:
        abort(404)  # another area's contact: not even its existence is told
    return phone, contact, cases, level


@bp.get("/conversations/<int:message_id>")
def timeline(message_id: int):
    db = get_db()
    phone, contact, cases, level = _contact_of_message(db, message_id)
    before = request.args.get("before", type=int)
    user = me()
    readable, readable_params = access.message_clause(access.message_windows(user, cases))
    where, params = f"phone = ? AND {readable}", [phone, *readable_params]
    if before:
        where += " AND id < ?"
        params.append(before)
    messages = select(db, f"SELECT * FROM messages WHERE {where} ORDER BY id DESC LIMIT ?", [*params, TIMELINE_PAGE + 1])
    more = len(messages) > TIMELINE_PAGE
    messages = messages[:TIMELINE_PAGE]
    shown_cases = [c for c in cases if access.case_level(user, c) != access.NONE]
    return render_template("admin/timeline.html", key=message_id, contact=contact, messages=messages, more=more,
                           oldest=messages[-1]["id"] if messages else None, cases=shown_cases, level=level,
                           low=LOW_CONFIDENCE, fallback=FALLBACK_INTENTS)


def _date(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        abort(400, description="Tanggal tidak sah (pakai TTTT-BB-HH).")


@bp.get("/messages")
def messages():
    """Every message the user may read, newest first: the search box (``q``) and filters by
    date, channel, intent, and the model's doubt (fallback or low confidence)."""
    db = get_db()
    user = me()
    q = (request.args.get("q") or "").strip()[:200]
    channel = request.args.get("channel", "")
    intent = (request.args.get("intent") or "").strip()[:64]
    doubt = request.args.get("doubt", "")
    start, end = _date(request.args.get("from")), _date(request.args.get("to"))
    visible = scope.visible_phones(db, user)
    if q:
        rows = search_messages(db, q, phones=None if visible is None else sorted(visible), limit=500,
                               channel=channel if channel in ("sms", "whatsapp") else None, intent=intent or None,
                               start=date.fromisoformat(start) if start else None,
                               end=date.fromisoformat(end) if end else None)
        if visible is not None:
            rows = [r for r in rows if r.get("phone") in visible]  # the rule again, whatever the search did
    else:
        where, params = ("1", []) if visible is None else _in("phone", visible)
        for clause, value in (("channel = ?", channel if channel in ("sms", "whatsapp") else None),
                              ("intent = ?", intent or None), ("substr(created_at, 1, 10) >= ?", start),
                              ("substr(created_at, 1, 10) <= ?", end)):
            if value:
                where += f" AND {clause}"
                params.append(value)
        if doubt == "fallback":
            where += f" AND intent IN ({','.join('?' * len(FALLBACK_INTENTS))})"
            params += list(FALLBACK_INTENTS)
        elif doubt == "low":
            where += " AND direction = 'in' AND confidence < ?"
            params.append(LOW_CONFIDENCE)
        rows = select(db, f"SELECT * FROM messages WHERE {where} ORDER BY id DESC LIMIT ?", [*params, MESSAGES_PAGE])

    def keep(row: dict) -> bool:
        day = (row.get("created_at") or "")[:10]
        if start and day < start or end and day > end:
            return False
        if channel in ("sms", "whatsapp") and row.get("channel") != channel:
            return False
        if intent and row.get("intent") != intent:
            return False
        if doubt == "fallback" and row.get("intent") not in FALLBACK_INTENTS:
            return False
        unsure = row.get("direction") == "in" and row.get("confidence") is not None \
            and row["confidence"] < LOW_CONFIDENCE
        return doubt != "low" or unsure

    windows: dict[str, object] = {}

    def readable(row: dict) -> bool:  # a midwife reads the talk around her cases, not the rest
        if row["phone"] not in windows:
            windows[row["phone"]] = access.message_windows(user, store.list_cases(db, phone=row["phone"]))
        return access.message_readable(windows[row["phone"]], row)

    rows = [r for r in rows if keep(r) and readable(r)][:MESSAGES_PAGE]
    intents = [r[0] for r in db.execute("SELECT DISTINCT intent FROM messages WHERE intent IS NOT NULL "
                                        "ORDER BY intent").fetchall()]
    return render_template("admin/messages.html", rows=rows, q=q, channel=channel, intent=intent, doubt=doubt,
                           start=start or "", end=end or "", intents=intents, low=LOW_CONFIDENCE,
                           today=clock.today().isoformat())

