"""Pregnancy report (Laskar Sakina): ``pregnancy_form``, KSPR screening, case HML-....

The form asks the mother's name, desa and dusun, age, pregnancy age or HPL, which pregnancy and how
many children, risk factors by number (SMS-style), who reports and a number to reach her; the KSPR
score (actions/helpers/kspr.py) decides who is told: the village midwife and the kecamatan's puskesmas
always, the village Bhabinkamtibmas for KRT/KRST. A danger sign mid-form is an ``pregnancy_emergency``
intent: the slot mappings skip it, the form is rejected and the emergency rule takes over.
"""
from __future__ import annotations

import logging
import re
from datetime import date, datetime

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.confirm import make_confirm_step
from actions.forms import UNKNOWN, ServiceFormMixin, make_ask_action, retry
from actions.helpers import kspr, pregnancy_report
from actions.helpers.answer_parts import (
    none_and_more,
    phone_in,
    pregnancy_numbers,
    reporter_and_contact,
    same_number,
    split_age,
)
from actions.helpers.answers import (
    clean_free_text,
    clean_place,
    is_unknown,
    joined_note,
    person_name,
    place_marker,
    said_more,
    unknown_first,
    yes_no,
)
from actions.helpers.first_message import REPORTER_OF_ROLE, pregnancy_fields
from actions.helpers.options import as_numbers
from actions.helpers.pregnancy_report import (  # noqa: F401  (the report's pure parts)
    FACTOR_SHORT,
    NOT_ASKED,
    REPORTER_LABEL,
    REPORTERS,
    RISK_UNKNOWN_LABEL,
    SINGGAH_WINDOW_DAYS,
    assess_slots,
    due_soon,
    factor_text,
    last_child_years,
    married_years,
    not_examined,
    parse_gestation,
    parse_pregnancy_number,
    parse_reporter,
    risk_label,
    summary_text,
)
from actions.questions import paired
from actions.tracker import last_question, latest_entity, latest_text, sender_phone
from actions.village import VILLAGE_SLOTS, VillageSlotsMixin, make_ask_village_action, village_outcome
from bot.core import clock, directory
from bot.core.numbers import parse_choices, parse_int
from bot.core.phones import indonesian_mobile

logger = logging.getLogger(__name__)

FORM = "pregnancy_form"

FORM_SLOTS = ("hml_mother_name", "hml_dusun", "hml_age", "hml_gestation", "hml_gestation_weeks", "hml_due_date",
              "hml_gravida", "hml_first_pregnancy", "hml_children", "hml_risk_a", "hml_risk_b", "hml_risk_c",
              "hml_reporter", "hml_contact", "hml_singgah", "hml_confirm")

CORRECTIONS = {
    1: ("hml_mother_name",),
    2: ("village", "district", "village_choices", "village_prompt", "hml_dusun"),
    3: ("hml_age",),
    4: ("hml_gestation", "hml_gestation_weeks", "hml_due_date", "hml_singgah"),
    5: ("hml_gravida", "hml_first_pregnancy", "hml_children", "hml_risk_a"),
    6: ("hml_risk_a", "hml_risk_b", "hml_risk_c"),
    7: ("hml_reporter", "hml_contact"),
    8: ("hml_contact",),
}

def now_wib() -> datetime:
    """Current time in WIB (the one clock; patched in tests)."""
    return clock.now()


def today_wib() -> date:
    return now_wib().date()


def tracker_slots(tracker: Tracker) -> dict:
    # the sender: a neighbour's own number is "HP pelapor", not "HP ibu" (round 15)
    return {k: tracker.get_slot(k) for k in (*FORM_SLOTS, "village", "district")} | {"sender": sender_phone(tracker)}


# --------------------------------------------------------------------------- actions

class ActionPregnancyStart(Action):
    """Clears the slots of an earlier report and keeps a village named in the request."""

    def name(self) -> str:
        return "action_pregnancy_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(response="utter_pregnancy_intro")
        events = [SlotSet(s, None) for s in (*FORM_SLOTS, "retry_prompt", "case_note") if tracker.get_slot(s) is not None]
        return events + village_from_request(tracker) + fields_from_request(tracker)


def fields_from_request(tracker: Tracker) -> list:
    """What the first message already says (an officer's full report), as answers for the form
    to validate; an officer of the directory is not asked who reports."""
    fields = pregnancy_fields(latest_text(tracker))
    officer = directory.officer_by_phone(sender_phone(tracker))
    if officer:  # he is who the directory says, whatever role his report names ("hasil posyandu", round 9 C2)
        fields["hml_reporter"] = REPORTER_OF_ROLE.get(officer["role"], "lainnya")
    return [SlotSet(name, value) for name, value in fields.items()]


_UNSET = object()


def village_from_request(tracker: Tracker, entity=_UNSET) -> list:
    """Village slots from an entity in the triggering message (or ``entity``, the one the
    caller chose), else cleared."""
    if entity is _UNSET:
        entity = latest_entity(tracker, "village")
    district = latest_entity(tracker, "district")
    if entity:
        slots, prompt = village_outcome(entity, entity_village=entity, entity_district=district)
        if prompt is None and slots.get("village"):
            return [SlotSet(k, slots.get(k)) for k in VILLAGE_SLOTS]
    return [SlotSet(k, None) for k in VILLAGE_SLOTS if tracker.get_slot(k) is not None]


# The questions that ask two things while the second is still empty (answers split by
# ``answer_parts``); once it is known, only the first is asked.
PAIRED = {
    "hml_mother_name": paired("hml_age", "utter_ask_hml_mother_name_age", "utter_ask_hml_mother_name"),
    "hml_gestation": paired("hml_gravida", "utter_ask_hml_gestation_gravida", "utter_ask_hml_gestation"),
    "hml_reporter": paired("hml_contact", "utter_ask_hml_reporter_contact", "utter_ask_hml_reporter"),
}
ASKED_SLOTS = ("hml_dusun", "hml_age", "hml_gravida", "hml_children", "hml_risk_a", "hml_risk_c", "hml_contact",
               "hml_singgah")
ASK_ACTIONS = [make_ask_action(slot) for slot in ASKED_SLOTS] + [make_ask_action(s, q) for s, q in PAIRED.items()]

ActionAskPregnancyFormVillage = make_ask_village_action(FORM, "utter_ask_pregnancy_form_village")

_WHICH_PREGNANCY = re.compile(r"\b(kaping\w*|kapindo|ke-?\s?\d|keping\w*)\b", re.IGNORECASE)
# The confirmation: a summary, then the question (or the correction menu after 'tidak').
CONFIRM = make_confirm_step("hml_confirm", lambda tracker: summary_text(tracker_slots(tracker)), CORRECTIONS,
                           {1: ("hml_mother_name",), 2: ("village", "hml_dusun"), 3: ("hml_age",), 4: ("hml_gestation",), 5: ("hml_gravida",),
                            6: ("hml_risk_a",), 7: ("hml_reporter",), 8: ("hml_contact",)},
                           # "tapi hamil e sing kaping telu" (round 17): which pregnancy, said with no field number;
                           # "ana' se terakhir gi' omor settong taon" (round 23): the spacing
                           {5: lambda said: _WHICH_PREGNANCY.search(said) is not None,
                            6: lambda said: last_child_years(f"anak {said}") is not None})  # "anak" is menu 5's word
ActionAskHmlConfirm = CONFIRM.ask_action




_AGE_UNKNOWN = re.compile(r"\b(?:umur|umure|umurnya|usia|usiane|yuswane)\s+(?:\w+\s+)?"
                          r"(?:gak|ga|gk|nggak|ora|tidak|tdk|ndak|mboten)\s+(?:ngerti|ngreti|tau|tahu|ngertos|weruh)"
                          r"(?:\s+(?:aku|saya|sy|kulo|mbak|mas|pak|bu))*", re.IGNORECASE)


class ValidatePregnancyForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
    DUSUN_SLOT = "hml_dusun"  # a dusun given with the desa is not asked again

    def name(self) -> str:
        return "validate_pregnancy_form"

    def answer_parts(self, slot: str, text: str, tracker: Tracker) -> dict:
        if slot == "hml_mother_name" and tracker.get_slot("hml_age") is None:
            rest, age = split_age(text, 10, 60)
            unknown = _AGE_UNKNOWN.search(text) if not age else None
            if unknown:  # "jenenge mbak Sulastri, umure gak ngerti aku": the age is answered too (round 16)
                rest, age = (text[:unknown.start()] + text[unknown.end():]).strip(" ,."), "TT"
            return {"hml_mother_name": rest, "hml_age": age} if age else {}
        if slot == "hml_gestation":
            return pregnancy_numbers(text)
        if slot == "hml_reporter" and tracker.get_slot("hml_contact") is None:
            return reporter_and_contact(text)
        return {}

    def validate_hml_mother_name(self, value, dispatcher, tracker, domain) -> dict:
        name = person_name(str(value), titles=True)
        if name is None:
            return retry(domain, "utter_ask_hml_mother_name", "hml_mother_name")
        return {"hml_mother_name": name}

    def validate_hml_dusun(self, value, dispatcher, tracker, domain) -> dict:
        marker = place_marker(str(value))
        if marker is not None:
            return {"hml_dusun": marker or None}
        if is_unknown(str(value)):
            return {"hml_dusun": NOT_ASKED}
        return {"hml_dusun": clean_place(str(value), 80)}

    def validate_hml_age(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, int):
            return {"hml_age": value}
        if unknown_first(str(value)):  # "GAK NGERTI mbak umure, jenenge Sulastri" (round 16: refused)
            return {"hml_age": "TT"}
        age = parse_int(str(value))
        if age is None or not 10 <= age <= 60:
            return retry(domain, "utter_hml_invalid_age", "hml_age")
        return {"hml_age": age}

    def validate_hml_gestation(self, value, dispatcher, tracker, domain) -> dict:
        today = today_wib()
        parsed = parse_gestation(str(value), today)
        if parsed is None:
            return retry(domain, "utter_hml_invalid_gestation", "hml_gestation")
        due = parsed["due"]
        return {
            "hml_gestation": clean_free_text(str(value), 40),
            "hml_gestation_weeks": parsed["weeks"],
            "hml_due_date": due.isoformat() if due else None,
            # the rumah singgah question is asked only when the due date is near
            "hml_singgah": None if due and due_soon(due.isoformat(), today) else NOT_ASKED,
        }

    def validate_hml_gravida(self, value, dispatcher, tracker, domain) -> dict:
        # "kapindo, anake siji": which pregnancy, and the children said with it
        parts = pregnancy_numbers(str(value)) if not isinstance(value, int) else {}
        n = parse_pregnancy_number(parts.get("hml_gravida") or str(value))
        if n is None:
            return retry(domain, "utter_hml_invalid_number", "hml_gravida")
        slots: dict = {"hml_gravida": n, "hml_first_pregnancy": n == 1}
        if tracker.get_slot("hml_first_pregnancy") not in (None, n == 1):
            slots["hml_risk_a"] = None  # a first pregnancy corrected (or the reverse): its own risk question
        said = parse_int(parts["hml_children"]) if "hml_children" in parts else None
        if said is not None and n > 1 and 0 <= said < n:
            tracker.slots["hml_children"] = said
            slots["hml_children"] = said
        children = tracker.get_slot("hml_children")
        if children == 0 and tracker.get_slot("hml_first_pregnancy"):
            children = None  # set by an earlier "first pregnancy", now corrected
        if n == 1:
            slots["hml_children"] = 0
        elif children in (None, NOT_ASKED):
            # 4 children or more is a KSPR factor; fewer than 4 earlier pregnancies cannot make it
            slots["hml_children"] = None if n >= 5 else NOT_ASKED
        return slots

    def validate_hml_children(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, int) or value == NOT_ASKED:
            return {"hml_children": value}
        text = str(value)
        n = 0 if parse_choices(text, 0) == set() else parse_int(text)
        if n is None or not 0 <= n <= 20:
            return retry(domain, "utter_hml_invalid_number", "hml_children")
        return {"hml_children": n}

    def _risk(self, slot: str, value, tracker, domain) -> dict:
        if isinstance(value, list):
            return {slot: value}
        if tracker.get_slot("requested_slot") == "hml_confirm":  # a correction at the summary
            return pregnancy_report.spacing_fix(slot, latest_text(tracker), tracker.get_slot(slot))
        question = slot
        if slot == "hml_risk_a" and tracker.get_slot("hml_first_pregnancy"):
            question = "hml_risk_a_first"
        if unknown_first(str(value)) or not_examined(str(value)):
            # "tidak tahu", "belum diperiksa": unknown, never "no risk" (round 5: an unexamined
            # girl's risks went to the midwife as "risiko: tidak ada"); what was said besides it
            # ("gak ngerti, tapi sikile kadang abuh", round 15) goes to the midwife as a note
            said = latest_text(tracker) if tracker.get_slot("requested_slot") == slot else ""
            more = said_more(said) or (said and not is_unknown(said) and not not_examined(said))
            note = {"case_note": joined_note(tracker.get_slot("case_note"), said)} if more else {}
            return {slot: UNKNOWN, **note}
        options = kspr.RISK_QUESTIONS[question]
        picked = parse_choices(str(value), max(options))
        said = latest_text(tracker) if tracker.get_slot("requested_slot") == slot else str(value)
        age = last_child_years(said) if question == "hml_risk_a" else None
        if age is not None:  # "anak terakhir umur 1,5 th": the spacing from the age, not from digits
            picked = (picked or set()) - {6, 7} | ({6} if age < 2 else {7} if age >= 10 else set())
        married = married_years(said) if question == "hml_risk_a_first" else None
        if married is not None:  # "baru menikah bulan lalu": the years say it, not the option's words
            picked = (picked or set()) - {2} | ({2} if married >= 4 else set())
        more = none_and_more(said, lambda c: parse_choices(c, 0) == set(),
                             lambda c: parse_choices(c, max(options)) or as_numbers(c, last_question(tracker)))
        if picked is None and more:  # "ora ono, mung wingi muntah-muntah thok" (round 19): none, and a note
            return {slot: sorted(kspr.factors_for_choices(question, set())),
                    "case_note": joined_note(tracker.get_slot("case_note"), more)}
        if picked is None or any(n not in options for n in picked):
            return retry(domain, "utter_hml_invalid_choices", slot)
        return {slot: sorted(kspr.factors_for_choices(question, picked))}

    def validate_hml_risk_a(self, value, dispatcher, tracker, domain) -> dict:
        return self._risk("hml_risk_a", value, tracker, domain)

    def validate_hml_risk_c(self, value, dispatcher, tracker, domain) -> dict:
        return self._risk("hml_risk_c", value, tracker, domain)

    def validate_hml_reporter(self, value, dispatcher, tracker, domain) -> dict:
        reporter = value if value in REPORTER_LABEL else parse_reporter(str(value))
        if reporter is None and tracker.get_slot("hml_contact") is not None and not is_unknown(str(value)):
            reporter = "lainnya"  # "pak RT, 0812...": a number given, the relation in words of his own
        if reporter is None:
            return retry(domain, "utter_hml_invalid_reporter", "hml_reporter")
        slots: dict = {"hml_reporter": reporter}
        if reporter == "ibu_sendiri":
            slots["hml_contact"] = sender_phone(tracker)
        return slots

    def validate_hml_contact(self, value, dispatcher, tracker, domain) -> dict:
        text = str(value).strip().lower()
        written = phone_in(text)  # "ibune gak duwe hp, iki nomere bojone 0852...": the number wins
        if written and indonesian_mobile(written):
            return {"hml_contact": indonesian_mobile(written)}
        if text in ("0", "nol", "sama", "ini") or same_number(text):
            return {"hml_contact": sender_phone(tracker)}  # "nomor ini aja", "sama dgn nomor ini" (round 10)
        if is_unknown(text):  # "TT", "ra ngerti": no number to give (round 9: "TT" reached the midwife as one)
            return {"hml_contact": "tidak_ada"}
        if re.search(r"\b(tidak|tdk|gak|ga|gk|nggak|ndak|belum|ora|mboten)\s*(ada|punya|nduwe|duwe|gadah|wonten)\b|"
                     r"^-$|^(tidak|tdk|gak|ga|gk|nggak|ndak|belum|ora|mboten)$|"
                     r"^(ta'?\s*ada|tak\s+ada|tadha'?|tada'?|tadak|ta'?\s*andi'?|sing\s+(ono|ana|duwe|nduwe))\b", text):
            return {"hml_contact": "tidak_ada"}
        phone = indonesian_mobile(text)
        if phone is None:
            return retry(domain, "utter_hml_invalid_phone", "hml_contact")
        return {"hml_contact": phone}

    def validate_hml_singgah(self, value, dispatcher, tracker, domain) -> dict:
        if value is True or value is False or value == NOT_ASKED:
            return {"hml_singgah": value}
        answer = yes_no(str(value))
        if answer is None:
            return retry(domain, "utter_hml_invalid_yes_no", "hml_singgah")
        return {"hml_singgah": answer}

    validate_hml_confirm = CONFIRM.validate


class ActionPregnancySubmit(Action):
    """Scores the report, opens the HML case, tells the officers and the reporter."""

    def name(self) -> str:
        return "action_pregnancy_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        slots = tracker_slots(tracker)
        result = assess_slots(slots)
        village, district = slots.get("village"), slots.get("district")
        data = case_data(slots, result)
        roles = ["bidan", "puskesmas"] + (["bhabinkamtibmas"] if result.high_risk else [])
        # the police help a high-risk mother reach care: her name and place, not her health
        police = (f"Ibu {slots.get('hml_mother_name') or '-'}, laporan ibu hamil yang perlu didampingi. "
                  "Bidan desa sudah diberi tahu dan menindaklanjuti.")
        case = casework.open_case(
            "pregnancy", tracker, village=village, district=district, data=data,
            notify_roles=roles, summary=summary_text(slots, for_officer=True),
            summary_for={"bhabinkamtibmas": police},
        )
        logger.info("pregnancy case %s opened", case["ref"])
        dispatcher.utter_message(
            response="utter_pregnancy_done", ref=case["ref"], score=result.score,
            risk_label=risk_label(slots, result),
        )
        if directory.officer_by_phone(sender_phone(tracker)) is None:  # the advice is the mother's, not an officer's
            dispatcher.utter_message(response=f"utter_pregnancy_advice_{result.risk_level.lower()}")
        if slots.get("hml_singgah") is True:
            dispatcher.utter_message(response="utter_pregnancy_singgah_noted")
        events = [SlotSet(s, None) for s in FORM_SLOTS]
        events += [SlotSet("requested_slot", None), SlotSet("hml_ref", case["ref"])]
        return events + casework.come_back(dispatcher, tracker, FORM)


def case_data(slots: dict, result: kspr.KsprResult) -> dict:
    """The case's ``data`` (contract: risk_level and kspr_score for pregnancy cases)."""
    age = slots.get("hml_age")
    contact = slots.get("hml_contact")
    return {
        "risk_level": result.risk_level,
        "kspr_score": result.score,
        "factors": list(result.factors),
        # risk questions answered "tidak tahu" / "belum diperiksa": unknown, not absent
        "factors_unknown": [RISK_UNKNOWN_LABEL[s] for s in ("hml_risk_a", "hml_risk_c") if slots.get(s) == UNKNOWN],
        # KSPR from what a lay reporter could answer; the midwife re-screens
        "kspr_basis": "laporan warga (skrining awal)",
        "mother_name": slots.get("hml_mother_name"),
        "dusun": None if slots.get("hml_dusun") == NOT_ASKED else slots.get("hml_dusun"),
        "age": age if isinstance(age, int) else None,
        "gestation_weeks": slots.get("hml_gestation_weeks"),
        "due_date": slots.get("hml_due_date"),
        "pregnancy_number": slots.get("hml_gravida"),
        "children": slots.get("hml_children") if isinstance(slots.get("hml_children"), int) else None,
        "reporter": slots.get("hml_reporter"),
        "contact_phone": None if contact in (None, "tidak_ada", NOT_ASKED) else contact,
        "rumah_singgah_requested": slots.get("hml_singgah") is True,
    }
