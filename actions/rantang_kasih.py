"""Rantang Kasih (meals for poor elderly people living alone): ``rantang_kasih_form`` -> RKS-....

The programme (data/reference/domain/programmes.md) is described as "lansia + hidup
sebatang kara + miskin"; no formal criteria or age threshold are published and Dinas
Sosial PPKB verifies. So the bot only screens (``screen``), records why, and opens a case
for the village operator to verify; the reply never promises a place.
"""
from __future__ import annotations

import logging
import re

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.confirm import make_confirm_step
from actions.forms import UNKNOWN, ServiceFormMixin, make_ask_action, retry
from actions.helpers.answer_parts import alone_and_caregiver, none_and_more, split_age
from actions.helpers.answers import (
    MARKERS,
    PIN_PLACE,
    clean_free_text,
    clean_place,
    is_unknown,
    person_name,
    place_marker,
    yes_no,
)
from actions.helpers.first_message import bedridden, rantang_facts, rantang_fields
from actions.questions import paired
from actions.tracker import latest_text
from actions.village import VillageSlotsMixin, make_ask_village_action
from bot.core.numbers import parse_choice, parse_choices, parse_int

logger = logging.getLogger(__name__)

FORM = "rantang_kasih_form"
FORM_SLOTS = ("rks_name", "rks_dusun", "rks_age", "rks_alone", "rks_caregiver", "rks_health",
              "rks_poor", "rks_reporter", "rks_confirm")
NOT_KNOWN = UNKNOWN  # the one "tidak tahu" marker (actions/forms.py)
NONE = "tidak_ada"
NOT_ASKED = "-"  # a field the form skipped (who looks in on someone who lives with family)
NONE_BUT = NONE + ": "  # "sing ana, ... mung isun tonggone kadang nyambangi": nobody, and what else was said


def carer(value) -> tuple[str | None, str | None]:
    """The caregiver slot as (who looks after the elder or None, a note told with "nobody")."""
    if not value or value in (NONE, NOT_ASKED):
        return None, None
    if str(value).startswith(NONE_BUT):
        return None, str(value)[len(NONE_BUT):]
    return str(value), None

HEALTH = {1: "sehat", 2: "sakit_bisa_jalan", 3: "terbaring"}
HEALTH_LABEL = {"sehat": "sehat", "sakit_bisa_jalan": "sakit, bisa jalan", "terbaring": "hanya berbaring"}
POOR = {1: ("kurang_mampu",), 2: ("tidak_bisa_masak",), 3: ("kurang_mampu", "tidak_bisa_masak")}
REPORTERS = {1: "lansia_sendiri", 2: "keluarga", 3: "tetangga", 4: "rt_kader", 5: "lainnya"}
REPORTER_LABEL = {"lansia_sendiri": "lansia sendiri", "keluarga": "keluarga", "tetangga": "tetangga",
                  "rt_kader": "RT/kader", "lainnya": "lainnya"}
CORRECTIONS = {
    1: ("rks_name",),
    2: ("village", "district", "village_choices", "village_prompt", "rks_dusun"),
    3: ("rks_age",),
    4: ("rks_alone", "rks_caregiver"),
    5: ("rks_health",),
    6: ("rks_poor",),
    7: ("rks_reporter",),
}
# Age used by Indonesian law for "lanjut usia" (UU 13/1998): a note for the village,
# not a programme rule (the programme publishes none).
LANSIA_AGE = 60


# --------------------------------------------------------------------------- pure helpers


def screen(*, age: int | None, alone: bool | None, caregiver: str | None, poor: list[str] | None) -> dict:
    """Screen against the programme as described: lansia, living alone, poor / cannot cook.

    Returns ``{"result": "sesuai" | "perlu_dicek" | "kurang_sesuai", "reasons": [...]}``.
    "kurang_sesuai" only when the answers say neither alone nor poor; anything unsure
    is "perlu_dicek" and the village decides in every case.
    """
    reasons = []
    is_poor = bool(poor) and "kurang_mampu" in poor
    cannot_cook = bool(poor) and "tidak_bisa_masak" in poor
    if age is None:
        reasons.append("umur tidak diketahui")
    elif age < LANSIA_AGE:
        reasons.append(f"umur di bawah {LANSIA_AGE}")
    if alone is False:
        reasons.append("tidak tinggal sendiri")
    has_carer = carer(caregiver)[0] is not None
    if has_carer and alone:
        reasons.append("ada yang merawat")
    if not is_poor:
        reasons.append("tidak disebut kurang mampu" + ("" if cannot_cook else ", bisa memasak"))
    if alone and is_poor and age is not None and age >= LANSIA_AGE and not has_carer:
        result = "sesuai"
    elif alone is False and not is_poor and not cannot_cook:
        result = "kurang_sesuai"
    else:
        result = "perlu_dicek"
    return {"result": result, "reasons": reasons}


_REPORTER_ROLES = (
    ((r"\b(anak\w*|cucu\w*|wayah\w*|putu\w*|keluarga|saudara\w*|sedulur\w*|keponakan\w*|ponakan\w*|menantu\w*|"
     r"mantu\w*|putra\w*|putri\w*)\b"), "keluarga"),
    (r"\b(tetangga\w*|tangga(?:ne)?|tanggi\w*|tonggo\w*|tatangg\w*)\b", "tetangga"),
    (r"\b(rt|rw|kader|pkk|pak\s+rt|bu\s+rt)\b", "rt_kader"),
)
# The elderly person herself, only when nobody else is named ("saya tetangganya" is a neighbour)
_SELF = re.compile(r"\b(sendiri|saya|aku|kulo|kula|isun|engkok|piyambak|dhewe|dewe)\b")


_SELF_ROLE = re.compile(r"\b(?:saya|sy|aku|kula|kulo|isun|engkok)\s+(?:iki\s+|niki\s+|ini\s+)?(\w+)", re.IGNORECASE)


def _self_role(text: str) -> str | None:
    """Who the writer says she is in passing ("mung isun tonggone kadang nyambangi"): a role
    named right after "saya"/"isun", else None."""
    found = _SELF_ROLE.search(text or "")
    if not found:
        return None
    role = parse_reporter(found.group(1))
    return role if role not in (None, "lansia_sendiri") else None


def parse_reporter(text: str) -> str | None:
    """Who writes: a number, else the role named first ("kula wayahipun": family), else the
    elderly person herself when only "saya"/"aku" is said."""
    n = parse_choice(text, len(REPORTERS))
    if n is not None:
        return REPORTERS[n]
    t = (text or "").lower()
    named = [(found.start(), value) for pattern, value in _REPORTER_ROLES if (found := re.search(pattern, t))]
    if named:
        return min(named)[1]
    return "lansia_sendiri" if _SELF.search(t) else None


def summary_text(slots: dict, *, for_officer: bool = False) -> str:
    age = slots.get("rks_age")
    parts = [f"{slots.get('rks_name') or '-'}" + (f" ({age} th)" if isinstance(age, int) else "")]
    place = []
    if not for_officer and slots.get("village"):
        place.append(f"Desa {slots['village']}")
    if slots.get("rks_dusun") and slots["rks_dusun"] != NOT_KNOWN:
        place.append("(lokasi peta)" if slots["rks_dusun"] == PIN_PLACE else f"Dusun/RT {slots['rks_dusun']}")
    if place:
        parts.append(" ".join(place))
    alone = slots.get("rks_alone")
    parts.append("tinggal sendiri" if alone is True else "tidak tinggal sendiri" if alone is False else "-")
    caregiver = slots.get("rks_caregiver")
    if caregiver != NOT_ASKED:
        who, note = carer(caregiver)
        parts.append(f"perawat: {who}" if who else "tidak ada yang merawat" + (f" ({note})" if note else ""))
    if slots.get("rks_health"):
        parts.append(HEALTH_LABEL.get(slots["rks_health"], slots["rks_health"]))
    poor = slots.get("rks_poor")
    if isinstance(poor, list):
        labels = {"kurang_mampu": "kurang mampu", "tidak_bisa_masak": "tidak bisa masak"}
        parts.append(", ".join(labels[p] for p in poor) if poor else "mampu, bisa masak")
    if slots.get("rks_reporter"):
        parts.append(f"pelapor {REPORTER_LABEL.get(slots['rks_reporter'], slots['rks_reporter'])}")
    return ". ".join(parts) + "."


def tracker_slots(tracker: Tracker) -> dict:
    return {k: tracker.get_slot(k) for k in (*FORM_SLOTS, "village", "district")}


def _screen_slots(slots: dict) -> dict:
    age = slots.get("rks_age")
    return screen(
        age=age if isinstance(age, int) else None,
        alone=slots.get("rks_alone") if isinstance(slots.get("rks_alone"), bool) else None,
        caregiver=slots.get("rks_caregiver"),
        poor=slots.get("rks_poor") if isinstance(slots.get("rks_poor"), list) else None,
    )


# --------------------------------------------------------------------------- actions


class ActionRantangKasihStart(Action):
    def name(self) -> str:
        return "action_rantang_kasih_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        from actions.pregnancy import village_from_request

        dispatcher.utter_message(response="utter_rantang_kasih_intro")
        events = [SlotSet(s, None) for s in (*FORM_SLOTS, "retry_prompt") if tracker.get_slot(s) is not None]
        fields = [SlotSet(name, value) for name, value in rantang_fields(latest_text(tracker)).items()]
        return events + village_from_request(tracker) + fields


# The questions that ask two things while the second is still empty (see ``answer_parts``).
PAIRED = {
    "rks_name": paired("rks_age", "utter_ask_rks_name_age", "utter_ask_rks_name"),
    "rks_alone": paired("rks_caregiver", "utter_ask_rks_alone_caregiver", "utter_ask_rks_alone"),
}
ASK_ACTIONS = [make_ask_action(slot) for slot in (
    "rks_dusun", "rks_age", "rks_caregiver", "rks_health", "rks_poor", "rks_reporter")] + [
    make_ask_action(slot, question) for slot, question in PAIRED.items()]

ActionAskRantangKasihFormVillage = make_ask_village_action(FORM, "utter_ask_rantang_kasih_form_village")

CONFIRM = make_confirm_step("rks_confirm", lambda tracker: summary_text(tracker_slots(tracker)), CORRECTIONS,
                           {1: ("rks_name",), 2: ("village", "rks_dusun"), 3: ("rks_age",), 5: ("rks_health",),
                            7: ("rks_reporter",)},
                           facts=rantang_facts)  # round 18 M6: a change of mind told in sentences
ActionAskRksConfirm = CONFIRM.ask_action


class ValidateRantangKasihForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
    DUSUN_SLOT = "rks_dusun"  # a dusun given with the desa is not asked again

    def name(self) -> str:
        return "validate_rantang_kasih_form"

    def answer_parts(self, slot: str, text: str, tracker: Tracker) -> dict:
        if slot == "rks_name" and tracker.get_slot("rks_age") is None:
            rest, age = split_age(text, 20, 120)
            return {"rks_name": rest, "rks_age": age} if age else {}
        if slot == "rks_alone" and tracker.get_slot("rks_caregiver") is None:
            return alone_and_caregiver(text)
        return {}

    def validate_rks_name(self, value, dispatcher, tracker, domain) -> dict:
        name = person_name(str(value)) or (None if str(value).lower() in MARKERS else clean_free_text(str(value), 60))
        if not name or name.isdigit():
            return retry(domain, "utter_ask_rks_name", "rks_name")
        return {"rks_name": name}

    def validate_rks_dusun(self, value, dispatcher, tracker, domain) -> dict:
        marker = place_marker(str(value))
        if marker is not None:
            return {"rks_dusun": marker or None}
        return {"rks_dusun": NOT_KNOWN if is_unknown(str(value)) else clean_place(str(value), 80)}

    def validate_rks_age(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, int) or value == NOT_KNOWN:
            return {"rks_age": value}
        if is_unknown(str(value)):
            return {"rks_age": NOT_KNOWN}
        age = parse_int(str(value))
        if age is None or not 20 <= age <= 120:
            return retry(domain, "utter_rks_invalid_age", "rks_age")
        return {"rks_age": age}

    def validate_rks_alone(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, bool):
            return {"rks_alone": value}
        text = str(value).lower()
        answer = yes_no(text)
        if answer is None and re.search(r"sendiri|sebatang ?kara|dhewe|dewean", text):
            answer = not re.search(r"\b(tidak|gak|nggak|ndak|bukan|mboten)\b", text)
        if answer is None and re.search(r"\b(dengan|sama|bareng|karo|kaliyan)\b", text):
            answer = False
        if answer is None:
            return retry(domain, "utter_rks_invalid_yes_no", "rks_alone")
        if answer is False and tracker.get_slot("rks_caregiver") is None:
            return {"rks_alone": False, "rks_caregiver": NOT_ASKED}  # lives with family: not asked who looks in
        return {"rks_alone": answer}

    def validate_rks_caregiver(self, value, dispatcher, tracker, domain) -> dict:
        text = str(value)
        if text == NOT_ASKED:
            return {"rks_caregiver": NOT_ASKED}
        if parse_choices(text, 0) == set() or yes_no(text) is False:
            return {"rks_caregiver": NONE}
        # "sing ana, anake nang Bali kabeh. mung isun tonggone kadang nyambangi" (round 20): nobody,
        # and the rest is a note; the neighbour who wrote it says who she is
        more = none_and_more(text, lambda c: parse_choices(c, 0) == set() or yes_no(c) is False, lambda c: False)
        if more:
            found = {"rks_caregiver": NONE_BUT + clean_free_text(more, 80)}
            if tracker.get_slot("rks_reporter") is None and (reporter := _self_role(more)):
                found["rks_reporter"] = reporter
            return found
        return {"rks_caregiver": clean_free_text(text, 80)}

    def validate_rks_health(self, value, dispatcher, tracker, domain) -> dict:
        if value in HEALTH_LABEL:
            return {"rks_health": value}
        text = str(value).lower()
        n = parse_choice(text, 3)
        if n is None:
            if bedridden(text) or re.search(r"tiduran|tidak bisa (jalan|bangun)|di kasur|ambruk", text):
                n = 3
            elif re.search(r"sakit|lemah|pakai tongkat|\bloro\b|\blara\b|gerah|gringgingen|\bsepuh\s+sanget\b", text):
                n = 2  # Javanese "sering loro", "gerah": ill (the number word "loro" is no option here)
            elif re.search(r"sehat|bisa jalan|kuat|\b(iso|isa|saged)\s+mlaku\b", text):
                n = 1
        if n is None:
            return retry(domain, "utter_rks_invalid_health", "rks_health")
        return {"rks_health": HEALTH[n]}

    def validate_rks_poor(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, list):
            return {"rks_poor": value}
        picked = parse_choices(str(value), 3)
        if picked is None:
            return retry(domain, "utter_rks_invalid_poor", "rks_poor")
        found: set[str] = set()
        for n in picked:
            found.update(POOR[n])
        return {"rks_poor": sorted(found)}

    def validate_rks_reporter(self, value, dispatcher, tracker, domain) -> dict:
        reporter = value if value in REPORTER_LABEL else parse_reporter(str(value))
        if reporter is None:
            return retry(domain, "utter_rks_invalid_reporter", "rks_reporter")
        return {"rks_reporter": reporter}

    validate_rks_confirm = CONFIRM.validate


class ActionRantangKasihSubmit(Action):
    def name(self) -> str:
        return "action_rantang_kasih_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        slots = tracker_slots(tracker)
        village, district = slots.get("village"), slots.get("district")
        result = _screen_slots(slots)
        age = slots.get("rks_age")
        who_cares, care_note = carer(slots.get("rks_caregiver"))
        data = {
            "name": slots.get("rks_name"),
            "dusun": None if slots.get("rks_dusun") == NOT_KNOWN else slots.get("rks_dusun"),
            "age": age if isinstance(age, int) else None,
            "lives_alone": slots.get("rks_alone"),
            "caregiver": who_cares,
            "health": slots.get("rks_health"),
            "bedridden": slots.get("rks_health") == "terbaring",
            "poor": "kurang_mampu" in (slots.get("rks_poor") or []),
            "cannot_cook": "tidak_bisa_masak" in (slots.get("rks_poor") or []),
            "reporter": slots.get("rks_reporter"),
            "screening": result["result"],
            "screening_notes": result["reasons"],
        }
        if care_note:
            data["caregiver_note"] = care_note
        summary = summary_text(slots, for_officer=True) + f" Skrining: {result['result'].replace('_', ' ')}. Mohon diverifikasi."
        case = casework.open_case(
            "rantang_kasih", tracker, village=village, district=district, data=data,
            notify_roles=["operator_desa"], summary=summary,
        )
        dispatcher.utter_message(response="utter_rantang_kasih_done", ref=case["ref"], village=village or "-")
        if result["result"] != "sesuai":
            dispatcher.utter_message(response="utter_rantang_kasih_screen_note")
        if data["bedridden"]:
            dispatcher.utter_message(response="utter_rantang_kasih_bedridden")
        events = [SlotSet(s, None) for s in FORM_SLOTS] + [SlotSet("requested_slot", None), SlotSet("rks_ref", case["ref"])]
        return events + casework.come_back(dispatcher, tracker, FORM)
