"""A correction of an earlier answer sent at the next question (round 15: "eh sepurane pak salah,
dudu Roworejo, dusun Krajan RT 3" at the photo question was taken as "no photo", and the wrong
dusun went to the operator; round 18: "Eh salah, jeneng isun Slamet Riyanto dudu Riyadi. Mbah isun
jenenge Sapuan" at the deceased's name question lost both names). The field it names is changed
and the villager is told what changed; the rest of the message, when it answers the question
asked, is its answer, else the question is asked again. Used by every form's ``VillageSlotsMixin``."""
from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.utils import call_potential_coroutine

from actions.helpers.answers import person_name
from actions.helpers.corrections import LATE_MARK, correction_value, late_field
from actions.tracker import last_question, latest_text
from bot.core.sms import cut_to_segment

LABEL = {"dusun": "dusun/RT", "village": "desa", "name": "nama"}
# The name a form's late correction may change, and the words that name it: in a document request
# only the applicant's own name ("jeneng isun", "nama saya", "namaku"); "jenenge" there may be
# the child's or the deceased's, the question being asked.
_OWN = r"(?:saya|sy|aku|isun|kula|kulo|engkok)"
_NAME_FIELDS = {
    "document_form": ("applicant_name", re.compile(
        rf"\b(?:(?:nama|jeneng|nami|asma|nyama)\s+{_OWN}|namaku|jenengku|jeneng\s*ku|namiku)\b", re.IGNORECASE)),
    "pregnancy_form": ("hml_mother_name", re.compile(r"\b(?:nama|jeneng|nami|asma|nyama)\w*\b", re.IGNORECASE)),
    "rantang_kasih_form": ("rks_name", re.compile(r"\b(?:nama|jeneng|nami|asma|nyama)\w*\b", re.IGNORECASE)),
}
_SENTENCES = re.compile(r"(?<=[.!?;\n])\s+")


def _name_correction(form, text: str) -> tuple[str, str, str] | None:
    """("name", slot, new name) for "eh salah, jeneng isun Slamet Riyanto dudu Riyadi"; None."""
    slot, words = _NAME_FIELDS.get(form.form_name(), (None, None))
    if slot is None or not LATE_MARK.search(text) or not words.search(text):
        return None
    name = person_name(correction_value(words.sub(" ", text), ""), titles=True)
    return ("name", slot, name) if name else None


def _found(form, said: str) -> tuple[str, str | None, str] | None:
    """(field, slot, value) of the correction ``said`` holds, else None."""
    found = _name_correction(form, said)
    if found is None and (place := late_field(said)) is not None:
        found = (place[0], "village" if place[0] == "village" else getattr(form, "DUSUN_SLOT", None), place[1])
    return found


async def late_correction_events(form, dispatcher, tracker: Tracker, domain: dict) -> list | None:
    """The events of a late correction, or None when the latest message is none (then the form
    validates it as the answer to its question)."""
    requested = tracker.get_slot("requested_slot")
    text = latest_text(tracker) or ""
    if not requested or requested.endswith("_confirm") or text.startswith("/"):
        return None
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    marked = [s for s in sentences if LATE_MARK.search(s)]
    if not marked:
        return None
    found = _found(form, " ".join(marked))
    if found is None:  # "Salah pak. Dusun Krajan RT 3": the value in the next sentence
        found, marked = _found(form, text), sentences
    if found is None:
        return None
    field, slot, value = found
    if requested == "village" and field != "name":
        return None  # a desa or dusun said at the desa question is its answer (round 20: a name is not)
    if not slot or slot == requested or tracker.get_slot(slot) in (None, ""):
        return None  # not asked yet: the words are part of this answer
    validate = getattr(form, f"validate_{slot}", None)
    if validate is None:
        return None
    result = await call_potential_coroutine(validate(value, dispatcher, tracker, domain))
    if not isinstance(result, dict) or result.get(slot) is None or result.get("retry_prompt") \
            or result.get("village_prompt"):
        return None  # no value the field takes: an answer after all
    events = [SlotSet(k, v) for k, v in result.items()]
    rest = " ".join(s for s in sentences if s not in marked)
    answer = await _answer(form, requested, rest, dispatcher, tracker, domain) if rest else None
    if answer is not None:  # "... Mbah isun jenenge Sapuan": the question asked is answered too
        dispatcher.utter_message(text=f"Baik, {LABEL[field]} kami ubah.")
        return events + [SlotSet(k, v) for k, v in answer.items()]
    prompt = cut_to_segment(f"Baik, {LABEL[field]} kami ubah. {last_question(tracker)}")  # the one SMS rule
    return events + [SlotSet(requested, None), SlotSet("retry_prompt", prompt)]


async def _answer(form, requested: str, rest: str, dispatcher, tracker: Tracker, domain: dict) -> dict | None:
    """The slots the rest of the message sets as the answer to the question asked; None when it
    does not answer it."""
    validate = getattr(form, f"validate_{requested}", None)
    if validate is None:
        return None
    message = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
    said = message.get("text")
    message["text"] = rest  # validators that read the whole message (the desa's) read this rest of it
    try:
        result = await call_potential_coroutine(validate(rest, dispatcher, tracker, domain))
    finally:
        message["text"] = said
    if not isinstance(result, dict) or result.get(requested) is None or result.get("retry_prompt"):
        return None
    return result
