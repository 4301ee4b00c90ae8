"""A villager withdraws a false emergency alarm, before any language understanding.

"lho kok darurat, iku mbah painah dudu ibu hamil": when the contact has an open emergency
case from the last day and the message says the woman is not pregnant or that it is no
emergency, naming no danger sign (``nlu.emergency.denies_pregnancy``), the case is closed
and the officers already told hear of it (``core.workflow.withdraw``). The emergency
question Rasa may still be asking is ended with a silent /cancel.
"""
from __future__ import annotations

import logging

from bot import rasa_client
from bot.core import workflow
from nlu.emergency import denies_pregnancy, words_of

log = logging.getLogger(__name__)

WITHDRAWN = ("Baik, laporan darurat {ref} dibatalkan dan petugas sudah kami beri tahu. Mohon maaf. "
             "Bila ada yang sakit berat, telepon 112. Ketik MENU untuk layanan lain.")


def handle(db, settings, msg) -> list[str] | None:
    """Replies when ``msg`` withdraws the contact's recent emergency, else None."""
    if not msg.text or not denies_pregnancy(words_of(msg.text)):
        return None
    case = workflow.recent_open_case(db, msg.phone, "emergency")
    if case is None:
        return None
    workflow.withdraw(db, case, f'"{msg.text[:120]}"')
    try:  # end the emergency form (the village question) in Rasa; its reply is not sent
        rasa_client.send(msg.phone, "/cancel", {"channel": msg.channel, "phone": msg.phone}, settings=settings)
    except rasa_client.RasaError as exc:
        log.info("withdrawn %s; Rasa not told (%s)", case["ref"], type(exc).__name__)
    return [WITHDRAWN.format(ref=case["ref"])]
