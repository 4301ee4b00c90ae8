"""Full-text search over every kept message (FTS5 index ``messages_fts``, migration m004_fts).

``search_messages`` takes what a person typed: words, "a phrase in quotes", FTS syntax
characters, emoji, nothing. Only the letters and digits reach FTS5 (each word quoted by
sqlite-utils' ``quote=True``, a quoted phrase kept as one), so no input raises; a query
without a word finds nothing. All words must occur (FTS5's implicit AND), case and accents
ignored (``unicode61 remove_diacritics 2``); newest messages first; a retried delivery of a
message already kept (status ``duplicate``) is not shown twice.

Each result carries a plain-text ``snippet`` (a window of the body around the first match,
with "…" where cut) and ``highlights``, the ``[start, end)`` offsets of the matched words
inside the snippet. The caller escapes the snippet for HTML; ``highlight_html`` does both.
"""
from __future__ import annotations

import html
import re
import unicodedata
from datetime import date

import sqlite_utils

from bot.core.store import stats  # the one rule of a WIB day and of a fallback
from bot.core.store.schema import select
from bot.core.store.scope import message_scope

RESULT_COLUMNS = ("id", "phone", "direction", "channel", "body", "intent", "confidence", "created_at", "case_ref")
SNIPPET_CHARS = 160
MAX_LIMIT = 500
# What FTS5's unicode61 tokenizer keeps as a token: runs of letters and digits.
_WORD = re.compile(r"[^\W_]+")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"?|([^"\s]+)')
ELLIPSIS = "…"


def fold(word: str) -> str:
    """A word as the index sees it: lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_terms(query: str | None) -> list[str]:
    """The phrases of a typed query, each reduced to its words ('"surat pindah" ktp!' ->
    ['surat pindah', 'ktp']); [] when it holds no word."""
    terms = []
    for phrase, word in _PHRASE_OR_WORD.findall(query or ""):
        words = _WORD.findall(phrase if phrase else word)
        if words:
            terms.append(" ".join(words))
    return terms


def fts_query(terms: list[str]) -> str:
    """The query handed to sqlite-utils' ``search(quote=True)``: a phrase of several words
    already quoted (kept whole), single words bare (quoted by sqlite-utils)."""
    return " ".join(f'"{t}"' if " " in t else t for t in terms)


def search_messages(db: sqlite_utils.Database, query: str, *, villages: list[str] | None = None,
                    phones: list[str] | None = None, limit: int = 50, offset: int = 0,
                    channel: str | None = None, intent: str | None = None, start: date | None = None,
                    end: date | None = None, fallback: bool = False) -> list[dict]:
    """Messages whose body matches ``query``, newest first, within the scope (``villages``:
    None = all desas, [] = none; ``phones``: only these contacts). Each result: id, phone,
    direction, channel, body, intent, confidence, created_at, case_ref, village (the case's
    desa, else the contact's), snippet and highlights.

    Optional filters: ``channel``, ``intent``, WIB dates ``start``/``end`` (inclusive),
    ``fallback`` (only inbound fallbacks and low confidence, as ``stats.fallback_rate`` counts)."""
    terms = query_terms(query)
    if not terms:
        return []
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    where, args = message_scope(villages, phones)
    filters, more = _filters(channel, intent, start, end, fallback)
    where = " AND ".join([where, stats.NOT_DUPLICATE, *filters])
    args.update(more)
    rows = list(db["messages"].search(fts_query(terms), columns=RESULT_COLUMNS, where=where, where_args=args,
                                      order_by='"original"."id" DESC', limit=limit, offset=offset, quote=True))
    if not rows:
        return []
    places = _villages_of(db, [r["id"] for r in rows])
    words = {fold(w) for t in terms for w in t.split()}
    results = []
    for row in rows:
        snippet, highlights = make_snippet(row["body"] or "", words)
        results.append({**row, "village": places.get(row["id"]), "snippet": snippet, "highlights": highlights})
    return results


def _filters(channel, intent, start, end, fallback) -> tuple[list[str], dict]:
    parts, args = [], {}
    if channel:
        parts.append("channel = :f_channel")
        args["f_channel"] = channel
    if intent:
        parts.append("intent = :f_intent")
        args["f_intent"] = intent
    if start:
        parts.append(f"{stats.wib_day('created_at')} >= :f_start")
        args["f_start"] = start.isoformat()
    if end:
        parts.append(f"{stats.wib_day('created_at')} <= :f_end")
        args["f_end"] = end.isoformat()
    if fallback:
        parts.append(stats.FALLBACK_SQL)
        args.update(stats.fallback_args())
    return parts, args


def _villages_of(db: sqlite_utils.Database, ids: list[int]) -> dict[int, str | None]:
    marks = ", ".join("?" * len(ids))
    rows = select(db, "SELECT m.id AS id, COALESCE(k.village, c.village) AS village FROM messages m "
                      "LEFT JOIN contacts c ON c.phone = m.phone LEFT JOIN cases k ON k.ref = m.case_ref "
                      f"WHERE m.id IN ({marks})", ids)
    return {r["id"]: r["village"] for r in rows}


def make_snippet(body: str, words: set[str], size: int = SNIPPET_CHARS) -> tuple[str, list[list[int]]]:
    """A window of ``body`` of about ``size`` characters around its first word in ``words``
    (folded), and the offsets of those words inside the window."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(body) if fold(m.group()) in words]
    if len(body) <= size:
        return body, [[s, e] for s, e in spans]
    first = spans[0][0] if spans else 0
    start = max(0, min(first - size // 4, len(body) - size))
    end = min(len(body), start + size)
    # do not cut a word in two
    while start > 0 and body[start - 1].isalnum() and start > first - size // 2:
        start -= 1
    while end < len(body) and body[end].isalnum() and end < start + size + 20:
        end += 1
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(body) else ""
    shift = len(prefix) - start
    highlights = [[s + shift, e + shift] for s, e in spans if s >= start and e <= end]
    return prefix + body[start:end] + suffix, highlights


def highlight_html(snippet: str, highlights: list[list[int]], tag: str = "mark") -> str:
    """The snippet escaped for HTML with each highlight wrapped in ``<tag>``; nothing of the
    villager's text reaches the page unescaped."""
    out, at = [], 0
    for start, end in sorted(highlights):
        if start < at:
            continue
        out.append(html.escape(snippet[at:start]))
        out.append(f"<{tag}>{html.escape(snippet[start:end])}</{tag}>")
        at = end
    out.append(html.escape(snippet[at:]))
    return "".join(out)
