"""The one rule of what part of the store a console user may see, as SQL.

A scope is a list of desa names (``villages``; ``None`` = everything, ``[]`` = nothing) and
optionally a list of phones. A message is in the scope of some desa when its contact lives
there (``contacts.village``) or it belongs to a case of that desa (``messages.case_ref``); a
case when its own ``village`` is one of them. Desa names compare without regard to ASCII case.

Every function returns an SQL fragment with named parameters (``:scope_v0``, ...) and their
values, ready for sqlite-utils' ``search(where=..., where_args=...)`` or plain ``execute``.
"""
from __future__ import annotations

from collections.abc import Iterable

from bot.core.phones import bare as bare_phone

TRUE = "1 = 1"
FALSE = "0 = 1"


def _placeholders(prefix: str, values: Iterable[str]) -> tuple[str, dict[str, str]]:
    args = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{name}" for name in args), args


def _villages(villages: Iterable[str]) -> list[str]:
    return [v.strip() for v in villages if v and v.strip()]


def message_scope(villages: Iterable[str] | None = None, phones: Iterable[str] | None = None, *,
                  table: str = "") -> tuple[str, dict[str, str]]:
    """WHERE fragment over the ``messages`` table (columns prefixed with ``table.`` when given)."""
    col = f"{table}." if table else ""
    parts, args = [], {}
    if villages is not None:
        names = _villages(villages)
        if not names:
            return FALSE, {}
        marks, args = _placeholders("scope_v", names)
        parts.append(f"({col}phone IN (SELECT phone FROM contacts WHERE village COLLATE NOCASE IN ({marks})) "
                     f"OR {col}case_ref IN (SELECT ref FROM cases WHERE village COLLATE NOCASE IN ({marks})))")
    if phones is not None:
        numbers = [bare_phone(p) for p in phones if p]
        if not numbers:
            return FALSE, {}
        marks, phone_args = _placeholders("scope_p", numbers)
        parts.append(f"{col}phone IN ({marks})")
        args.update(phone_args)
    return (" AND ".join(parts) if parts else TRUE), args


def case_scope(villages: Iterable[str] | None = None, *, table: str = "") -> tuple[str, dict[str, str]]:
    """WHERE fragment over the ``cases`` table."""
    if villages is None:
        return TRUE, {}
    names = _villages(villages)
    if not names:
        return FALSE, {}
    marks, args = _placeholders("scope_v", names)
    col = f"{table}." if table else ""
    return f"{col}village COLLATE NOCASE IN ({marks})", args
