"""Handover pause: while a contact's handover case is open, messages go to the case. Stub."""
from __future__ import annotations


def handle(db, settings, msg) -> list[str] | None:
    """Replies when the contact is paused for a handover case, or None."""
    return None
