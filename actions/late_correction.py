"""A correction of an earlier answer sent at the next question (round 15: "eh sepurane pak salah,
dudu Roworejo, dusun Krajan RT 3" at the photo question was taken as "no photo", and the wrong
dusun went to the operator). The field it names is changed, the question asked is asked again,
and the villager is told what changed. Used by every form's ``VillageSlotsMixin``."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.utils import call_potential_coroutine

from actions.helpers.corrections import late_field
from actions.tracker import last_question, latest_text
from bot.core.sms import cut_to_segment

LABEL = {"dusun": "dusun/RT", "village": "desa"}


async def late_correction_events(form, dispatcher, tracker: Tracker, domain: dict) -> list | None:
    """The events of a late correction, or None when the latest message is none (then the form
    validates it as the answer to its question)."""
    requested = tracker.get_slot("requested_slot")
    text = latest_text(tracker) or ""
    if not requested or requested.endswith("_confirm") or requested == "village" or text.startswith("/"):
        return None
    found = late_field(text)
    if found is None:
        return None
    field, value = found
    slot = "village" if field == "village" else getattr(form, "DUSUN_SLOT", None)
    if not slot or slot == requested or tracker.get_slot(slot) in (None, ""):
        return None  # not asked yet: the words are part of this answer
    validate = getattr(form, f"validate_{slot}", None)
    if validate is None:
        return None
    result = await call_potential_coroutine(validate(value, dispatcher, tracker, domain))
    if not isinstance(result, dict) or result.get(slot) is None or result.get("retry_prompt") \
            or result.get("village_prompt"):
        return None  # no value the field takes: an answer after all
    prompt = cut_to_segment(f"Baik, {LABEL[field]} kami ubah. {last_question(tracker)}")  # the one SMS rule
    return [SlotSet(k, v) for k, v in result.items()] + [SlotSet(requested, None), SlotSet("retry_prompt", prompt)]
