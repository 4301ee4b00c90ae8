"""A villager withdraws a false emergency alarm, before any language understanding.

"lho kok darurat, iku mbah painah dudu ibu hamil": when the contact has an open emergency
case from the last day and the message says the woman is not pregnant or that it is no
emergency, naming no danger sign (``nlu.emergency.denies_pregnancy``), the case is closed
and the officers already told hear of it (``core.workflow.withdraw``). The emergency
question Rasa may still be asking is ended with a silent /cancel.
"""
from __future__ import annotations

import logging
import re

from bot import rasa_client
from bot.core import workflow
from nlu import places
from nlu.emergency import denies_pregnancy, mentions_pregnancy, words_of

log = logging.getLogger(__name__)

WITHDRAWN_REPORT = "Baik, laporan darurat {ref} dibatalkan dan petugas sudah kami beri tahu. Kami lanjutkan laporan ibu hamil."
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
    meta = {"channel": msg.channel, "phone": msg.phone}
    try:  # end the emergency form (the village question) in Rasa; its reply is not sent
        rasa_client.send(msg.phone, "/cancel", meta, settings=settings)
    except rasa_client.RasaError as exc:
        log.info("withdrawn %s; Rasa not told (%s)", case["ref"], type(exc).__name__)
        return [WITHDRAWN.format(ref=case["ref"])]
    if not still_a_report(msg.text):
        return [WITHDRAWN.format(ref=case["ref"])]
    # "dudu darurat ... aku mung arep lapor nek tonggoku meteng" (round 18): the report she came
    # for goes on, with what both messages said (name, desa, months), not asked again
    said = " ".join(f"{(case.get('data') or {}).get('message') or ''} {msg.text}".split())
    try:
        answer = rasa_client.send(msg.phone, places.with_village("/report_pregnancy", msg.text, said),
                                  {**meta, "text": said[:1000]},
                                  settings=settings)
    except rasa_client.RasaError as exc:
        log.info("withdrawn %s; the report was not started (%s)", case["ref"], type(exc).__name__)
        return [WITHDRAWN.format(ref=case["ref"])]
    return [WITHDRAWN_REPORT.format(ref=case["ref"]),
            *[text for text in (rasa_client.render(reply) for reply in answer) if text]]


# "dudu darurat, aku mung arep lapor nek tonggoku meteng": no alarm, but a pregnancy all the same
_NOT_PREGNANT = re.compile(r"\b(?:dudu|bukan|ora|gak|nggak|tidak|sanes|banne)\s+(?:ibu\s+|wong\s+)?(?:hamil|meteng|bumil|"
                           r"mbobot|ngandung)", re.IGNORECASE)


def still_a_report(text: str) -> bool:
    """Whether a withdrawn alarm still reports a pregnancy (only the emergency was wrong)."""
    return mentions_pregnancy(words_of(text)) and not _NOT_PREGNANT.search(text or "")
