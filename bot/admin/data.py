"""The console's seams to the data layer built beside it (issue 12, branch console-data):
the FTS5 message search and ``flask nlu export``. Until that layer is merged, a LIKE scan
with the same signature stands in for the search, and the export button says it is missing."""
from __future__ import annotations

import contextlib
import io

import click
from flask import current_app

from bot.core.phones import bare
from bot.core.store.schema import select

try:  # the FTS5 search over every message (bot/core/store/search.py)
    from bot.core.store.search import search_messages
except ImportError:  # pragma: no cover - replaced when the console-data branch is merged

    def search_messages(db, query: str, *, villages=None, phones=None, limit: int = 50) -> list[dict]:
        """Messages whose text contains every word of ``query`` (a LIKE scan), newest first;
        only of ``phones`` and of contacts in ``villages`` when given."""
        words = [w for w in (query or "").split() if w][:8]
        if not words:
            return []
        where = ["m.body LIKE ? ESCAPE '\\'"] * len(words)
        params: list = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
        if phones is not None:
            phones = [bare(p) for p in phones]
            if not phones:
                return []
            where.append(f"m.phone IN ({','.join('?' * len(phones))})")
            params += phones
        if villages is not None:
            villages = list(villages)
            if not villages:
                return []
            where.append(f"lower(c.village) IN ({','.join('lower(?)' for _ in villages)})")
            params += villages
        sql = ("SELECT m.* FROM messages m LEFT JOIN contacts c ON c.phone = m.phone WHERE "
               + " AND ".join(where) + " ORDER BY m.id DESC LIMIT ?")
        return select(db, sql, [*params, int(limit)])


def nlu_export_command() -> click.Command | None:
    """``flask nlu export`` when the application has it."""
    group = current_app.cli.commands.get("nlu")
    if isinstance(group, click.Group):
        return group.commands.get("export")
    return None


def run_nlu_export() -> tuple[bool, str]:
    """Run ``flask nlu export`` in this process: (ran, its output)."""
    command = nlu_export_command()
    if command is None:
        return False, "Perintah ekspor (flask nlu export) belum tersedia di server ini."
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            command.main(args=[], prog_name="flask nlu export", standalone_mode=False)
        except click.ClickException as exc:
            return False, exc.format_message()
    return True, out.getvalue().strip()[-2000:]
