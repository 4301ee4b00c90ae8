"""A question of the villager's own typed instead of an answer ("iki mbayar ora?", round 18 m1:
answered "Mohon tulis nama lengkap pemohon"): answered at once when data/faq.yml knows it, else
kept and named after the case (``casework.come_back``); the form's question asked again, no
failure counted. One rule for every form (``ServiceFormMixin`` and ``VillageSlotsMixin``)."""
from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.tracker import last_question, latest_text
from bot.core.sms import cut_to_segment
from nlu import faq

OTHER_QUESTION = "Pertanyaan Bapak/Ibu kami catat, dijawab setelah ini."
_QUESTION = re.compile(r"\?\s*$|\b(kapan|piye|pripun|gimana|bagaimana|berapa|pira|pinten|opo|apa|apakah|ta|tah|kah|"
                       r"sopo|siapa|ngendi|endi|dimana|mana|bayar|mbayar|gratis|biaya\w*)\b.*\?", re.IGNORECASE)


def side_question(text: str) -> bool:
    """Whether an answer that did not answer is a question of the villager's own ("posyandu
    jambewangi kapan yo?", "eh iki mbayar ta gratis?")."""
    return bool(_QUESTION.search(text or "")) and len(text) > 6


def fit_prefix(prefix: str, question: str) -> str:
    """``prefix`` then the question, in one SMS (the question cut if it must be)."""
    return cut_to_segment(f"{prefix} {question}".strip())


def answered_slots(name: str, value: str, tracker: Tracker) -> dict:
    """The slots for a side question typed at ``name``'s question: the answer (or the note that
    it is kept) before the question again."""
    known = faq.answer(value, tracker.active_loop_name)
    slots = {name: None, "retry_prompt": fit_prefix(known or OTHER_QUESTION, last_question(tracker))}
    return slots if known else {**slots, "other_request": value}


def side_question_events(events: list, tracker: Tracker) -> list:
    """``events`` of a form's validation, with a side question typed instead of the answer
    answered (the failed answer's re-ask replaced)."""
    requested = tracker.get_slot("requested_slot")
    text = latest_text(tracker) or ""
    if not requested or requested.endswith("_confirm") or not side_question(text):
        return events
    if not any(e.get("name") == requested and e.get("value") is None for e in events) or not any(
            e.get("name") == "retry_prompt" and e.get("value") for e in events):
        return events  # answered after all (or asked again for another reason)
    slots = answered_slots(requested, text, tracker)
    return [e for e in events if e.get("name") not in slots and e.get("name") != "retry_count"] + [
        SlotSet(k, v) for k, v in slots.items()]


def summary_answer(text: str | None, form: str | None) -> str | None:
    """The answer to a question of theirs typed at a summary ("biayane pinten?", round 20: "Bagian
    mana yang mau diubah?"), else None."""
    return faq.answer(text, form) if text and side_question(text) else None
