"""The one form base of every service (rasa-sdk ``FormValidationAction``s).

How a service's form uses it::

    class ValidateRideForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
        def name(self): return "validate_transport_form"

        def validate_jek_name(self, value, dispatcher, tracker, domain):
            name = person_name(value)
            if name is None:
                return retry(domain, "utter_jek_invalid_name", "jek_name")  # re-asked, one SMS
            return {"jek_name": name}

    ASK_ACTIONS = [make_ask_action(slot) for slot in ("jek_name", ...)]   # utter_ask_<slot>
    ActionAskDocNik = make_ask_action("nik", "Berapa NIK pemohon?", form="document_form")

* ``ServiceFormMixin``: cleared slots are not answers; BATAL, MENU and emergencies leave
  the form; text the NLU mistook for them is the answer; a desa set earlier is kept.
* ``NextSlotMixin``: the form always names its next requested slot.
* ``retry``: the one rule for an invalid answer - the slot stays empty and the question is
  asked again in one SMS (the ``retry_prompt`` slot), never "invalid" plus the question.
* ``make_ask_action``: the one ask action - the pending ``retry_prompt``, else the question.

The confirmation that ends a service form is ``actions.confirm.make_confirm_step``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import call_potential_coroutine

from actions.helpers.answers import MARKERS, is_unknown, joined_note
from actions.helpers.catalogue import second_document_clause
from actions.helpers.options import as_numbers
from actions.late_correction import late_correction_events
from actions.place_hold import hold_place, keep_place
from actions.questions import domain_text, question_text
from actions.side_questions import answered_slots, fit_prefix, side_question
from actions.tracker import (
    ATTACHMENT_SLOTS,
    ESCAPE_INTENTS,
    PHOTO_KEPT,
    PIN_KEPT,
    escapes_form,
    hold_answers,
    last_question,
    latest_intent,
    latest_text,
    photo_caption,
)
from bot.core.sms import one_segment
from nlu import faq
from nlu.requests import aside_request, other_service_clause

_NUMERIC_ANSWER = re.compile(r"^[\d\s.,:/+()-]{1,20}$")


UNKNOWN = "TT"  # "tidak tahu": a field the villager could not answer (the officer sees TT)
UNKNOWN_HINT = "Bila tidak tahu, balas TT."


def never_thrice(slot: str, answer, result: dict, tracker: Tracker) -> dict:
    """The one rule for repeated invalid answers to ``slot`` (on top of ``retry``):

    * "TT", "tidak tahu", "gk tau" is an answer: the field is ``UNKNOWN`` and the form goes on;
    * the first failure re-asks (the validator's re-ask, or the question again);
    * the second re-asks with how to get out: "Bila tidak tahu, balas TT.";
    * the third moves on: the field is ``UNKNOWN`` (never invented, never asked a fourth time).
    A valid answer resets the count (slot ``retry_count``: ``{"slot", "n"}``).
    """
    # left empty, nothing else changed (a correction at the confirmation clears other slots)
    failed = result.get(slot) is None and set(result) <= {slot, "retry_prompt"}
    previous = tracker.get_slot("retry_count") or {}
    if not failed:
        return {**result, "retry_count": None} if previous else result
    if is_unknown(str(answer)) and not slot.endswith("_confirm"):  # "?" never confirms a report
        return {**result, slot: UNKNOWN, "retry_prompt": None, "retry_count": None}
    n = previous.get("n", 0) + 1 if previous.get("slot") == slot else 1
    if n >= 3 and slot.endswith("_confirm"):
        # a summary not understood three times goes on, and the officer reads that it was not confirmed
        said = " ".join(str(latest_text(tracker) or answer).split())[:120]
        note = joined_note(tracker.get_slot("case_note"), f'Ringkasan belum dikonfirmasi warga; jawaban terakhir: "{said}"')
        return {**result, slot: True, "case_note": note, "retry_prompt": None, "retry_count": None}
    if n >= 3:
        return {**result, slot: UNKNOWN, "retry_prompt": None, "retry_count": None}
    if n == 2 and slot.endswith("_confirm"):
        return {**result, "retry_count": {"slot": slot, "n": n}}  # the menu again, no "balas TT"
    if n == 2:
        prompt = result.get("retry_prompt") or last_question(tracker)
        result = {**result, "retry_prompt": _fit_hint(prompt) if prompt else UNKNOWN_HINT}
    return {**result, "retry_count": {"slot": slot, "n": n}}


OTHER_REQUEST = "Permintaan lain kami bantu setelah ini (atau ketik MENU)."
# one rule for a side question (actions/side_questions.py)
def _fit_hint(prompt: str) -> str:
    """The re-ask with the way out, in one SMS: the hint kept, the re-ask cut if it must be."""
    text = f"{prompt} {UNKNOWN_HINT}"
    while not one_segment(text) and len(prompt) > 20:
        prompt = prompt[:-1]
        text = f"{prompt.rstrip()}... {UNKNOWN_HINT}"
    return text


def retry(domain: dict, question: str, slot: str) -> dict:
    """The one rule for an invalid answer: the slot stays empty and the form's next question
    is ``question`` (a domain response ``utter_...``, or a text built from data).

    The text goes to the ``retry_prompt`` slot; the ask action of the slot utters it
    instead of the question, so the villager gets one SMS, not "invalid" + the question.
    """
    text = domain_text(domain, question) if question.startswith("utter_") else question
    return {slot: None, "retry_prompt": text}


def make_ask_action(slot: str, question=None, *, form: str | None = None) -> type:
    """An ``action_ask_<slot>`` class (``action_ask_<form>_<slot>`` when ``form`` is given).

    It asks the re-ask a validator left in ``retry_prompt`` (and clears it), else
    ``question`` as text (a domain response named ``utter_...``, or ``callable(tracker) -> str``
    for a question built from data; see ``actions/questions.py``), else the domain's
    ``utter_ask_<slot>`` as a response.
    """
    action_name = f"action_ask_{form}_{slot}" if form else f"action_ask_{slot}"

    class _Ask(Action):
        def name(self) -> str:
            return action_name

        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
            retry_text = tracker.get_slot("retry_prompt")
            if retry_text:
                dispatcher.utter_message(text=retry_text)
                return [SlotSet("retry_prompt", None)]
            if question is None:
                dispatcher.utter_message(response=f"utter_ask_{slot}")
            else:
                dispatcher.utter_message(text=question_text(question, tracker, domain))
            return []

    _Ask.__name__ = "Ask" + "".join(p.title() for p in action_name.split("_"))
    return _Ask


class ServiceFormMixin:
    """Shared behaviour of the pregnancy, ride and Rantang Kasih form validations.

    1. Slots set to None (a start action clearing old answers, a correction) are not
       answers: their validators are not called. rasa_sdk hands every slot event after
       the last non-slot event to the validators, so without this the clearing itself
       would be "validated" as the text "None".
    2. The slot mappings skip BATAL, MENU and emergencies (the form is rejected, the rules
       take over). BATAL and MENU arrive from the webhook as /cancel and /ask_menu: typed
       text the NLU takes for them is an answer (``escapes_form``), and so is a bare
       number ("3", "1 2", "0812...") even when the NLU calls it an emergency - digits
       alone name no danger sign. Such text is given to the requested slot here.
    """

    async def get_validation_events(self, dispatcher, tracker, domain) -> list:
        if (late := await late_correction_events(self, dispatcher, tracker, domain)) is not None:
            return late  # "eh salah, jenenge Sulastri" / "dusun Krajan" at the next question
        held = hold_answers(tracker)
        kept = hold_place(tracker)
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        slots: dict = first_message_aside(tracker, self.form_name())
        for name, value in tracker.slots_to_validate().items():
            if name not in required:
                continue
            validate = getattr(self, f"validate_{name}", None)
            if value is None or validate is None:
                slots[name] = value
                continue
            if isinstance(value, str) and name == tracker.get_slot("requested_slot"):
                if value.strip().lower() in MARKERS and name not in ATTACHMENT_SLOTS:
                    kept_note = PIN_KEPT if value.strip().lower() == "[lokasi]" else PHOTO_KEPT
                    slots.update(never_thrice(name, value, {name: None, "retry_prompt": fit_prefix(
                        kept_note, last_question(tracker))}, tracker))  # three in a row: the form moves on
                    continue
                if name.endswith("_name") and photo_caption(tracker, value):
                    # "/foto surat rujukan bidan" at "Siapa nama ibu hamil?": the photo goes on the
                    # case (casework.with_attachments); its caption is no name; asked again
                    slots.update({name: None, "retry_prompt": fit_prefix(PHOTO_KEPT, last_question(tracker))})
                    continue
                if aside_request(value) and not as_numbers(value, last_question(tracker)):
                    # a different request mid-form is no answer: say how to get it, ask again
                    prompt_slot = "village_prompt" if name == "village" else "retry_prompt"  # the desa asks its own
                    slots.update({name: None, prompt_slot: fit_prefix(OTHER_REQUEST, last_question(tracker)),
                                  "other_request": value})  # named again after the case (casework.come_back)
                    continue
                # one question, two fields ("Siti Aminah, 30 th"): the other parts are answers too
                parts = dict(self.answer_parts(name, value, tracker))
                if parts:
                    filled = await self._validate_parts(parts, name, required, dispatcher, tracker, domain)
                    slots.update(filled)
                    if parts.get(name) is None and filled:
                        slots[name] = None  # the answer named only the other fields: ask the rest
                        continue
                    value = parts.get(name) or value
                # a numbered question answered in words: "sakit tapi bisa jalan" -> "2"
                value = as_numbers(value, last_question(tracker)) or value
            result = await call_potential_coroutine(validate(value, dispatcher, tracker, domain))
            if isinstance(result, dict):
                if (name == tracker.get_slot("requested_slot") and result.get(name) is None
                        and isinstance(value, str) and side_question(value)):
                    # "eh iki mbayar ta gratis?": a question of theirs, no answer to ours - answered now
                    # when it is one we know (data/faq.yml), else kept and named after the case
                    # (casework.come_back); ours asked again; no failure counted
                    slots.update(answered_slots(name, value, tracker))
                    continue
                if name == tracker.get_slot("requested_slot"):
                    result = never_thrice(name, value, result, tracker)
                elif result.get("retry_prompt"):
                    # a field the first message seemed to fill, not valid: asked in its turn, no
                    # error shown now for a question nobody was asked (round-4 conversation 7)
                    result = {name: None}
                slots.update(result)
                tracker.slots.update(result)
        slots.update({name: value for name, value in held.items() if name not in slots})
        return keep_place([SlotSet(name, value) for name, value in slots.items()], kept)

    def answer_parts(self, slot: str, text: str, tracker: Tracker) -> Mapping[str, str]:
        """The raw answers of several slots in one answer to ``slot``'s question (a form that
        asks two things at once overrides this; see ``actions/helpers/answer_parts.py``).
        Empty: the whole text answers ``slot``."""
        return {}

    async def _validate_parts(self, parts: dict, asked: str, required, dispatcher, tracker, domain) -> dict:
        """Each other part, validated by its own slot's validator; kept only when valid and
        that slot is still empty (an invalid part is simply asked on its own later)."""
        filled: dict = {}
        for slot, raw in parts.items():
            validate = getattr(self, f"validate_{slot}", None)
            if slot == asked or slot not in required or validate is None or tracker.get_slot(slot) is not None:
                continue
            result = await call_potential_coroutine(validate(raw, dispatcher, tracker, domain))
            if isinstance(result, dict) and result.get(slot) is not None:
                result = {k: v for k, v in result.items() if k not in ("retry_prompt", "village_prompt")}
                filled.update(result)
                tracker.slots.update(result)
        return filled

    async def get_extraction_events(self, dispatcher, tracker, domain) -> list:
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        text = latest_text(tracker)
        if (
            requested
            and requested != "village"
            and text
            and not text.startswith("/")
            and latest_intent(tracker) in ESCAPE_INTENTS
            and (not escapes_form(tracker) or _NUMERIC_ANSWER.match(text))
            and requested not in tracker.slots_to_validate()
            and not any(e.get("name") == requested for e in events)
        ):
            events.append(SlotSet(requested, text))
        return events


# The service forms whose first message may ask for another service too (not a handover, not
# an emergency: those come first and alone).
ASIDE_FORMS = frozenset({"pregnancy_form", "transport_form", "rantang_kasih_form", "document_form", "complaint_form"})


def first_message_aside(tracker: Tracker, form: str) -> dict:
    """At a form's start, another service the first message asks for ("... Mohon dijemput saat
    persalinan."): kept in ``other_request``, so the case carries it and the villager is
    reminded of it after the case (``casework``)."""
    if (form not in ASIDE_FORMS or tracker.get_slot("requested_slot") is not None
            or tracker.get_slot("other_request")):
        return {}
    text = latest_text(tracker)
    clause = other_service_clause(text, form) or (second_document_clause(text) if form == "document_form" else None)
    # "... kapan bisa jemput?", "itu resmi apa nggak sih?": a question we know, answered after the case
    clause = clause or faq.known_question(text, form)
    return {"other_request": clause} if clause else {}


class NextSlotMixin:
    """Make a ``FormValidationAction`` always name the next requested slot.

    (rasa-sdk leaves it to Rasa when ``required_slots`` happens to equal the domain's
    list, so the events would depend on which slots were skipped.)
    """

    async def run(self, dispatcher, tracker, domain):
        aside = first_message_aside(tracker, self.form_name())
        tracker.slots.update(aside)
        events = await super().run(dispatcher, tracker, domain)
        return [SlotSet(k, v) for k, v in aside.items()] + events

    async def next_requested_slot(self, dispatcher, tracker, domain):
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = next((s for s in required if tracker.slots.get(s) is None), None)
        return SlotSet("requested_slot", missing)
