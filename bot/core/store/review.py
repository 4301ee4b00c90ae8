"""The ``nlu_review`` table: inbound messages the model was unsure of (the fallback, out of
scope, or a confidence under ``LOW_CONFIDENCE``), for staff to confirm or correct. Reviewed
rows are what ``flask nlu export`` writes as training data.

Filled when the worker writes a message's intent (``bot.pipeline.record_intents``); a text
already in the inbox (the same words, any case) is not added twice.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from bot.core.clock import now_iso
from bot.core.store.schema import select
from bot.core.store.stats import FALLBACK_INTENTS

LOW_CONFIDENCE = 0.6  # wider than stats.LOW_CONFIDENCE: the inbox also takes what the model barely knew
STATUSES = ("new", "reviewed", "flagged")


def needs_review(intent: str | None, confidence: float | None) -> bool:
    if not intent:
        return False
    return intent in FALLBACK_INTENTS or (confidence is not None and confidence < LOW_CONFIDENCE)


def consider(db: sqlite_utils.Database, message_id: int, intent: str | None, confidence: float | None) -> int | None:
    """Add the inbound message to the review inbox when the model was unsure of it; the new
    row's id, or None (confident, no text, not inbound, or its words are there already)."""
    rows = select(db, "SELECT body, direction, not_understood FROM messages WHERE id = ?", [message_id])
    # "belum kami pahami" was the answer: to teach, whatever the NLU's confidence (console round, F3)
    if not (needs_review(intent, confidence) or rows and rows[0]["not_understood"]):
        return None
    if not rows or rows[0]["direction"] != "in" or not (rows[0]["body"] or "").strip():
        return None
    text = rows[0]["body"].strip()
    if db.execute("SELECT 1 FROM nlu_review WHERE lower(trim(text)) = ? LIMIT 1", [text.lower()]).fetchone():
        return None  # the same words are in the inbox already
    with db.conn:
        cursor = db.execute(
            "INSERT OR IGNORE INTO nlu_review (message_id, text, predicted_intent, confidence, status, entities, "
            "created_at) VALUES (?, ?, ?, ?, 'new', '[]', ?)",
            [message_id, text, intent, confidence, now_iso()])
    return cursor.lastrowid if cursor.rowcount else None


def get_review(db: sqlite_utils.Database, review_id) -> dict | None:
    try:
        review_id = int(review_id)
    except (TypeError, ValueError):
        return None
    rows = select(db, "SELECT r.*, m.phone, m.channel, m.created_at AS message_at FROM nlu_review r "
                      "LEFT JOIN messages m ON m.id = r.message_id WHERE r.id = ?", [review_id])
    return _decode(rows[0]) if rows else None


def _decode(row: dict) -> dict:
    row = dict(row)
    try:
        row["entities"] = json.loads(row.get("entities") or "[]")
    except ValueError:
        row["entities"] = []
    return row


def list_reviews(db: sqlite_utils.Database, *, status: str | None = None, limit: int = 200) -> list[dict]:
    """Rows with their message's phone and channel, newest first (optionally of one status)."""
    where, params = "", []
    if status:
        where, params = "WHERE r.status = ?", [status]
    rows = select(db, "SELECT r.*, m.phone, m.channel, m.created_at AS message_at FROM nlu_review r "
                      f"LEFT JOIN messages m ON m.id = r.message_id {where} ORDER BY r.id DESC LIMIT ?",
                  [*params, int(limit)])
    return [_decode(r) for r in rows]


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    found = dict(db.execute("SELECT status, COUNT(*) FROM nlu_review GROUP BY status").fetchall())
    return {s: found.get(s, 0) for s in STATUSES}


def set_review(db: sqlite_utils.Database, review_id: int, *, status: str, reviewed_by: str,
               corrected_intent: str | None = None, entities: Iterable[dict] = ()) -> dict:
    if status not in STATUSES:
        raise ValueError(f"unknown review status {status!r}")
    with db.conn:
        db.execute("UPDATE nlu_review SET status = ?, corrected_intent = ?, entities = ?, reviewed_by = ?, "
                   "reviewed_at = ? WHERE id = ?",
                   [status, corrected_intent or None, json.dumps(list(entities), ensure_ascii=False), reviewed_by,
                    now_iso(), int(review_id)])
    return get_review(db, review_id)
