"""Officer commands (KASUS, TERIMA, SELESAI, TOLAK). Stub: filled in by the services work."""
from __future__ import annotations


def handle(db, settings, msg) -> list[str] | None:
    """Replies for an officer's command, or None when this is not one."""
    return None
