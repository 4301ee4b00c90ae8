"""The emergency net of the pipeline: a danger sign is never swallowed by a step before Rasa.

A message that names a pregnancy danger sign skips the handover pause and the follow-ups
(which would only forward it) and goes to Rasa, whose safety net raises the alarm. A sign
named without a pregnancy word ("sakit kepala hebat dan pandangan kabur") counts when the
contact has a pregnancy open with us (a report, a ride, an emergency): it goes to Rasa as the
emergency itself, with the villager's words in the metadata for the officers.
It also decides when the answer to the "3 Darurat" question plainly takes the choice back
(``withdraws``). Pure rules from ``nlu.emergency``; no Rasa needed to decide.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

import yaml

from bot.core import clock, escalation, store
from bot.core.kinds import OPEN_STATUSES
from bot.core.settings import DOMAIN_DIR
from nlu import places
from nlu.danger_signs import name_signs
from nlu.emergency import (
    PREGNANCY,
    URGENT,
    denies_pregnancy,
    detect,
    detect_in_pregnancy,
    words_of,
)
from nlu.subjects import ACUTE

EMERGENCY_PAYLOAD = "/pregnancy_emergency"
COMPLAINT_PAYLOAD = "/file_complaint"
PREGNANCY_DAYS = 300  # a reported pregnancy stays the context for the rest of it


def pregnancy_context(db, phone: str) -> bool:
    """Whether the contact has a pregnancy open with us: a report within the pregnancy, or an
    open ride or emergency."""
    since = clock.now() - timedelta(days=PREGNANCY_DAYS)
    for case in store.list_cases(db, phone=phone, limit=20):
        if case["kind"] == "pregnancy" and datetime.fromisoformat(case["created_at"]) >= since:
            return True
        if case["kind"] in ("transport", "emergency") and case["status"] in OPEN_STATUSES:
            return True
    return False


def alarm(db, msg) -> str | None:
    """'sign': the words name a danger sign of a pregnancy (send them to Rasa as they are);
    'context': they name one only given the contact's open pregnancy (send the emergency
    payload); None: no alarm."""
    if not msg.text:
        return None
    words = words_of(msg.text, boundaries=True)
    if detect(words) is not None:
        return "sign"
    if denies_pregnancy(words) or detect_in_pregnancy(words) is None:
        return None
    return "context" if pregnancy_context(db, msg.phone) else None


# The choice taken back: "salah pencet", "kepencet", "gk jadi" (-> "tidak jadi"), "ora sido",
# "bukan darurat", "keliru", "mboten wonten nopo2" (-> "tidak ada apa apa").
WITHDRAWS = re.compile(
    r"\b(?:salah (?:pencet|tekan|pilih|ketik|kirim|nomor|nomer|klik|pijit)|slh pencet|ke ?pencet|kepijit|"
    r"tidak (?:jadi|sido|dadi)|bukan darurat|tidak darurat|keliru|tidak ada apa)\b")
# Words that keep a withdrawal from counting: someone may be ill after all.
WORRY = (ACUTE | URGENT | PREGNANCY | frozenset(
    {"sakit", "nyeri", "mules", "mulas", "lahir", "bayi", "ketuban", "bengkak", "lemas", "pusing", "tapi"})) - {"darurat"}


def withdraws(text: str) -> bool:
    """The answer to the "3 Darurat" question plainly takes the choice back ("salah pencet",
    "maaf keliru, maksud saya 4"): a withdrawal phrase, no danger sign and no word of illness
    or urgency ("tidak jadi ke bidan, sakit terus" is no withdrawal)."""
    words = words_of(text, boundaries=True)
    raw = " ".join(re.findall(r"[a-z]+", (text or "").lower()))
    if not (WITHDRAWS.search(" ".join(words)) or WITHDRAWS.search(raw)):
        return False
    if detect_in_pregnancy(words) is not None or name_signs(text) != ["lainnya"]:
        return False
    return not any(w in WORRY for w in [*words, *raw.split()])



# --------------------------------------------------------------------------- without Rasa


@lru_cache(maxsize=1)
def responses() -> dict:
    """The emergency's replies as the domain words them (domain/emergency.yml), one source."""
    data = yaml.safe_load((DOMAIN_DIR / "emergency.yml").read_text(encoding="utf-8")) or {}
    return {name: variants[0]["text"] for name, variants in (data.get("responses") or {}).items()}


def open_without_rasa(db, msg, message_id: int) -> list[str]:
    """Rasa cannot answer and the words name a danger sign: open the emergency case now, tell
    the desa's midwife, puskesmas and Bhabinkamtibmas (the duty desk when the desa is unknown),
    start the escalation, and give the villager the advice. The drain later hands the case's
    ref to Rasa (metadata ``emergency_ref``), which goes on with it: no second case or alarm."""
    found = places.resolve_village(msg.text or "")
    village, district = (found[0].name, found[0].district) if len(found) == 1 else (None, None)
    if village is None:
        contact = store.get_contact(db, msg.phone) or {}
        village, district = contact.get("village"), contact.get("district")
    location = {"latitude": msg.latitude, "longitude": msg.longitude} if msg.latitude is not None else None
    case = escalation.open_emergency(
        db, msg.phone, msg.channel, village=village, district=district, signs=name_signs(msg.text or ""),
        text=msg.text or "", location=location,
        extra={"risk_level": "KRST", "opened_without_rasa": True, "message_id": message_id})
    texts = responses()
    done = (texts["utter_emergency_notified"].format(village=village, ref=case["ref"]) if village
            else texts["utter_emergency_recorded"].format(ref=case["ref"]))
    return [texts["utter_emergency_now"], done]


def opened_for(db, message_id: int) -> dict | None:
    """The emergency case opened without Rasa for this message, if any."""
    row = db.execute("SELECT ref FROM cases WHERE kind = 'emergency' AND json_extract(data, '$.message_id') = ?",
                     [message_id]).fetchone()
    return store.get_case(db, row[0]) if row else None
