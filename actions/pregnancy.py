"""Pregnancy report (Laskar Sakina): ``pregnancy_form``, KSPR screening, case HML-....

The form asks the mother's name, desa and dusun, age, pregnancy age or HPL, which
pregnancy and how many children, risk factors by number (SMS-style), who reports and a
number to reach her; the KSPR score (actions/helpers/kspr.py) decides who is told:
the village midwife and the kecamatan's puskesmas always, the village Bhabinkamtibmas
for KRT/KRST. A danger sign mid-form is an ``pregnancy_emergency`` intent: the slot
mappings skip it, the form is rejected and the emergency rule takes over.
"""
from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.forms import ServiceFormMixin, make_ask_action, retry
from actions.helpers import kspr
from actions.helpers.answers import clean_free_text, is_unknown, yes_no
from actions.helpers.dates import (
    due_date_from_weeks,
    format_date,
    parse_due_date,
    parse_gestation_weeks,
    weeks_from_due_date,
)
from actions.helpers.numbers import parse_choice, parse_choices, parse_int
from actions.tracker import latest_entity, latest_text, sender_phone
from actions.village import VILLAGE_SLOTS, VillageSlotsMixin, make_ask_village_action, village_outcome
from bot.core import clock
from bot.core.phones import indonesian_mobile

logger = logging.getLogger(__name__)

FORM = "pregnancy_form"

FORM_SLOTS = (
    "hml_mother_name", "hml_dusun", "hml_age", "hml_gestation", "hml_gestation_weeks",
    "hml_due_date", "hml_gravida", "hml_first_pregnancy", "hml_children", "hml_risk_a",
    "hml_risk_b", "hml_risk_c", "hml_reporter", "hml_contact", "hml_singgah", "hml_confirm",
)

REPORTERS = {
    1: "ibu_sendiri", 2: "keluarga", 3: "kader", 4: "pedagang_sayur", 5: "bhabinkamtibmas", 6: "lainnya",
}
REPORTER_LABEL = {
    "ibu_sendiri": "ibu sendiri", "keluarga": "keluarga", "kader": "kader",
    "pedagang_sayur": "pedagang sayur", "bhabinkamtibmas": "Bhabinkamtibmas", "lainnya": "lainnya",
}
_REPORTER_WORDS = [
    (r"\b(saya sendiri|sendiri|ibunya sendiri|aku|kulo|ibu sendiri)\b", "ibu_sendiri"),
    (r"\b(suami|bojo|keluarga|ibu(?:nya)? mertua|mertua|adik|kakak|ibunya|bapaknya|anak|saudara)\b", "keluarga"),
    (r"\b(kader|posyandu|pkk)\b", "kader"),
    (r"\b(pedagang|sayur|mlijo|melijo|bakul)\b", "pedagang_sayur"),
    (r"\b(bhabin\w*|polisi|babin\w*)\b", "bhabinkamtibmas"),
]

RISK_LABEL = {kspr.KRR: "risiko rendah", kspr.KRT: "risiko tinggi", kspr.KRST: "risiko sangat tinggi"}

# Short names of the factors for SMS summaries.
FACTOR_SHORT = {
    "terlalu_muda": "hamil pertama umur 16 th/kurang",
    "terlalu_lambat_hamil_pertama": "menikah 4 th+ baru hamil",
    "terlalu_tua_hamil_pertama": "hamil pertama umur 35 th+",
    "terlalu_cepat_hamil_lagi": "jarak anak <2 th",
    "terlalu_lama_hamil_lagi": "jarak hamil 10 th+",
    "terlalu_banyak_anak": "anak 4+",
    "terlalu_tua_umur": "umur 35 th+",
    "terlalu_pendek": "tinggi 145cm/kurang",
    "pernah_gagal_kehamilan": "pernah keguguran",
    "riwayat_tarikan_tang_vakum": "riwayat vakum/tang",
    "riwayat_uri_dirogoh": "riwayat uri dirogoh",
    "riwayat_infus_transfusi": "riwayat infus/transfusi",
    "pernah_operasi_sesar": "bekas sesar",
    "penyakit_kurang_darah_malaria": "kurang darah/malaria",
    "penyakit_tbc_payah_jantung": "TBC/sakit jantung",
    "penyakit_kencing_manis": "kencing manis",
    "penyakit_menular_seksual": "penyakit kelamin",
    "bengkak_tekanan_darah_tinggi": "bengkak+darah tinggi",
    "hamil_kembar": "kembar",
    "hamil_kembar_air": "hidramnion",
    "bayi_mati_dalam_kandungan": "bayi mati dlm kandungan",
    "kehamilan_lebih_bulan": "lewat bulan",
    "letak_sungsang": "sungsang",
    "letak_lintang": "lintang",
    "perdarahan_dalam_kehamilan": "perdarahan",
    "preeklampsia_berat_kejang": "preeklampsia/kejang",
}

# Correction menu of the confirmation: number -> slots cleared (asked again).
CORRECTIONS = {
    1: ("hml_mother_name",),
    2: ("village", "district", "village_choices", "village_prompt", "hml_dusun"),
    3: ("hml_age",),
    4: ("hml_gestation", "hml_gestation_weeks", "hml_due_date", "hml_singgah"),
    5: ("hml_gravida", "hml_first_pregnancy", "hml_children", "hml_risk_a", "hml_risk_b"),
    6: ("hml_risk_a", "hml_risk_b", "hml_risk_c"),
    7: ("hml_reporter", "hml_contact"),
    8: ("hml_contact",),
}

SINGGAH_WINDOW_DAYS = 14
NOT_ASKED = "-"  # a slot the form skipped (the form needs it filled)

_DATE_LIKE = re.compile(
    r"\bhpl\b|\btgl\b|\btanggal\b|\d{1,2}\s*[/.-]\s*\d{1,2}|\b\d{1,2}\s+(jan|feb|peb|mar|apr|mei|jun|jul|agu|agt|"
    r"sep|okt|nov|nop|des)[a-z]*\b",
    re.IGNORECASE,
)
_ORDINALS = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
             "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10}


def now_wib() -> datetime:
    """Current time in WIB (the one clock; patched in tests)."""
    return clock.now()


def today_wib() -> date:
    return now_wib().date()


# --------------------------------------------------------------------------- pure parsing


def parse_gestation(text: str, today: date) -> dict | None:
    """An answer to "usia kehamilan?" -> weeks and due date (either may be None for TT)."""
    if is_unknown(text):
        return {"weeks": None, "due": None}
    if _DATE_LIKE.search(text or ""):
        due = parse_due_date(text, today)
        if due is not None:
            return {"weeks": weeks_from_due_date(due, today), "due": due}
    weeks = parse_gestation_weeks(text)
    if weeks is None:
        return None
    return {"weeks": weeks, "due": due_date_from_weeks(weeks, today)}


def parse_pregnancy_number(text: str) -> int | None:
    t = (text or "").lower()
    for word, n in _ORDINALS.items():
        if re.search(rf"\b{word}\b", t):
            return n
    t = re.sub(r"\bke[- ]?(?=\w)", " ", t)
    n = parse_int(t)
    if n is None or not 1 <= n <= 20:
        return None
    return n


def parse_reporter(text: str) -> str | None:
    n = parse_choice(text, len(REPORTERS))
    if n is not None and re.fullmatch(r"\s*\d+\s*[.)]?\s*", text or ""):
        return REPORTERS[n]
    t = (text or "").lower()
    for pattern, value in _REPORTER_WORDS:
        if re.search(pattern, t):
            return value
    if n is not None:
        return REPORTERS[n]
    return None


def due_soon(due_iso: str | None, today: date, window: int = SINGGAH_WINDOW_DAYS) -> bool:
    """True when the due date is within ``window`` days (or already past)."""
    if not due_iso:
        return False
    due = date.fromisoformat(due_iso)
    return (due - today).days <= window


def assess_slots(slots: dict) -> kspr.KsprResult:
    """KSPR result from the form's slot values."""
    def as_int(v: Any) -> int | None:
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    picked: set[str] = set()
    for key in ("hml_risk_a", "hml_risk_b", "hml_risk_c"):
        value = slots.get(key)
        if isinstance(value, list):
            picked.update(value)
    return kspr.assess(
        age=as_int(slots.get("hml_age")),
        pregnancy_number=as_int(slots.get("hml_gravida")),
        children=as_int(slots.get("hml_children")),
        gestation_weeks=as_int(slots.get("hml_gestation_weeks")),
        picked=picked,
    )


def factor_text(factors) -> str:
    return ", ".join(FACTOR_SHORT.get(f, f) for f in factors) or "tidak ada"


def summary_text(slots: dict, *, for_officer: bool = False) -> str:
    """One-line summary of the report (villager confirmation or officer notice)."""
    parts = [f"Ibu {slots.get('hml_mother_name') or '-'}"]
    age = slots.get("hml_age")
    parts[0] += f" ({age} th)" if isinstance(age, int) else ""
    place = []
    if not for_officer and slots.get("village"):
        place.append(f"Desa {slots['village']}")
    dusun = slots.get("hml_dusun")
    if dusun and dusun != NOT_ASKED:
        place.append(f"Dusun/RT {dusun}")
    if place:
        parts.append(" ".join(place))
    weeks, due = slots.get("hml_gestation_weeks"), slots.get("hml_due_date")
    if weeks is not None:
        preg = f"hamil {weeks} mgg"
        if due:
            preg += f" (HPL {format_date(date.fromisoformat(due))})"
        parts.append(preg)
    else:
        parts.append("usia hamil tidak tahu")
    gravida = slots.get("hml_gravida")
    if isinstance(gravida, int):
        g = f"hamil ke-{gravida}"
        children = slots.get("hml_children")
        if isinstance(children, int) and gravida > 1:
            g += f", anak {children}"
        parts.append(g)
    # the factors picked by number and those that follow from the answers (age 16, 35+...),
    # so the villager's summary never says "tidak ada" while the score says high risk
    result = assess_slots(slots)
    if for_officer:
        parts.append(f"KSPR {result.score} {result.risk_level}: {factor_text(result.factors)}")
    else:
        parts.append(f"risiko: {factor_text(result.factors)}")
    reporter = slots.get("hml_reporter")
    if reporter:
        parts.append(f"pelapor {REPORTER_LABEL.get(reporter, reporter)}")
    contact = slots.get("hml_contact")
    if contact and contact not in ("tidak_ada", NOT_ASKED):
        parts.append(f"HP ibu {contact}")
    if slots.get("hml_singgah") is True:
        parts.append("minta bantuan rumah singgah")
    return ". ".join(parts) + "."


def tracker_slots(tracker: Tracker) -> dict:
    return {k: tracker.get_slot(k) for k in (*FORM_SLOTS, "village", "district")}


# --------------------------------------------------------------------------- actions

class ActionPregnancyStart(Action):
    """Clears the slots of an earlier report and keeps a village named in the request."""

    def name(self) -> str:
        return "action_pregnancy_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(response="utter_pregnancy_intro")
        events = [SlotSet(s, None) for s in (*FORM_SLOTS, "retry_prompt") if tracker.get_slot(s) is not None]
        return events + village_from_request(tracker)


def village_from_request(tracker: Tracker) -> list:
    """Village slots from an entity in the triggering message, else cleared."""
    entity = latest_entity(tracker, "village")
    district = latest_entity(tracker, "district")
    if entity:
        slots, prompt = village_outcome(entity, entity_village=entity, entity_district=district)
        if prompt is None and slots.get("village"):
            return [SlotSet(k, slots.get(k)) for k in VILLAGE_SLOTS]
    return [SlotSet(k, None) for k in VILLAGE_SLOTS if tracker.get_slot(k) is not None]


ASKED_SLOTS = ("hml_mother_name", "hml_dusun", "hml_age", "hml_gestation", "hml_gravida", "hml_children",
               "hml_risk_a", "hml_risk_b", "hml_risk_c", "hml_reporter", "hml_contact", "hml_singgah")
ASK_ACTIONS = [make_ask_action(slot) for slot in ASKED_SLOTS]

ActionAskPregnancyFormVillage = make_ask_village_action(
    FORM, "Di desa/kelurahan mana ibu tinggal? Tulis nama desanya, contoh: Jambewangi."
)


class ValidatePregnancyForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_pregnancy_form"

    def validate_hml_mother_name(self, value, dispatcher, tracker, domain) -> dict:
        name = clean_free_text(str(value), 60).strip(" .,")
        name = re.sub(r"^(nama(nya)?|namanya|ibu|bu|mbak|ny\.?)\s+", "", name, flags=re.IGNORECASE).strip()
        if not name or name.isdigit():
            return retry(domain, "utter_ask_hml_mother_name", "hml_mother_name")
        return {"hml_mother_name": name.title() if name.islower() else name}

    def validate_hml_dusun(self, value, dispatcher, tracker, domain) -> dict:
        if is_unknown(str(value)):
            return {"hml_dusun": NOT_ASKED}
        return {"hml_dusun": clean_free_text(str(value), 80)}

    def validate_hml_age(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, int):
            return {"hml_age": value}
        if is_unknown(str(value)):
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
        n = parse_pregnancy_number(str(value))
        if n is None:
            return retry(domain, "utter_hml_invalid_number", "hml_gravida")
        slots: dict = {"hml_gravida": n, "hml_first_pregnancy": n == 1}
        if n == 1:
            slots.update({"hml_children": 0, "hml_risk_b": []})
        else:
            if tracker.get_slot("hml_children") == 0 and tracker.get_slot("hml_first_pregnancy"):
                slots["hml_children"] = None
            if tracker.get_slot("hml_first_pregnancy"):
                slots["hml_risk_b"] = None
        return slots

    def validate_hml_children(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, int):
            return {"hml_children": value}
        text = str(value)
        n = 0 if parse_choices(text, 0) == set() else parse_int(text)
        if n is None or not 0 <= n <= 20:
            return retry(domain, "utter_hml_invalid_number", "hml_children")
        return {"hml_children": n}

    def _risk(self, slot: str, value, tracker, domain) -> dict:
        if isinstance(value, list):
            return {slot: value}
        question = slot
        if slot == "hml_risk_a" and tracker.get_slot("hml_first_pregnancy"):
            question = "hml_risk_a_first"
        options = kspr.RISK_QUESTIONS[question]
        picked = parse_choices(str(value), max(options))
        if picked is None or any(n not in options for n in picked):
            return retry(domain, "utter_hml_invalid_choices", slot)
        return {slot: sorted(kspr.factors_for_choices(question, picked))}

    def validate_hml_risk_a(self, value, dispatcher, tracker, domain) -> dict:
        return self._risk("hml_risk_a", value, tracker, domain)

    def validate_hml_risk_b(self, value, dispatcher, tracker, domain) -> dict:
        return self._risk("hml_risk_b", value, tracker, domain)

    def validate_hml_risk_c(self, value, dispatcher, tracker, domain) -> dict:
        return self._risk("hml_risk_c", value, tracker, domain)

    def validate_hml_reporter(self, value, dispatcher, tracker, domain) -> dict:
        reporter = value if value in REPORTER_LABEL else parse_reporter(str(value))
        if reporter is None:
            return retry(domain, "utter_hml_invalid_reporter", "hml_reporter")
        slots: dict = {"hml_reporter": reporter}
        if reporter == "ibu_sendiri":
            slots["hml_contact"] = sender_phone(tracker)
        elif tracker.get_slot("hml_contact") == sender_phone(tracker):
            slots["hml_contact"] = None  # corrected from "ibu sendiri": ask her number
        return slots

    def validate_hml_contact(self, value, dispatcher, tracker, domain) -> dict:
        text = str(value).strip().lower()
        if text in ("0", "nol", "sama", "ini", "nomor ini", "no ini", "sama dengan nomor ini"):
            return {"hml_contact": sender_phone(tracker)}
        if re.fullmatch(r"(tidak|tdk|gak|ga|nggak|ndak|belum) ?(ada|punya)?|-", text):
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

    def validate_hml_confirm(self, value, dispatcher, tracker, domain) -> dict:
        if value is True:
            return {"hml_confirm": True}
        text = str(value)
        answer = yes_no(text)
        if answer is True:
            return {"hml_confirm": True}
        choice = parse_choice(text, len(CORRECTIONS))
        if choice is not None and re.search(r"\d|satu|dua|tiga|empat|lima|enam|tujuh|delapan", text.lower()):
            slots = {slot: None for slot in CORRECTIONS[choice]}
            slots["hml_confirm"] = None
            return slots
        # "tidak" or anything else: the ask action shows the correction menu
        return {"hml_confirm": None}


class ActionAskHmlConfirm(Action):
    """The confirmation: a summary, then the question (or the correction menu after 'tidak')."""

    def name(self) -> str:
        return "action_ask_hml_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if tracker.get_slot("requested_slot") == "hml_confirm" and yes_no(latest_text(tracker)) is False:
            dispatcher.utter_message(response="utter_hml_ask_correction")
            return []
        dispatcher.utter_message(response="utter_hml_summary", summary=summary_text(tracker_slots(tracker)))
        dispatcher.utter_message(response="utter_hml_confirm_question")
        return []


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
        case = casework.open_case(
            "pregnancy", tracker, village=village, district=district, data=data,
            notify_roles=roles, summary=summary_text(slots, for_officer=True),
        )
        logger.info("pregnancy case %s opened", case["ref"])
        dispatcher.utter_message(
            response="utter_pregnancy_done", ref=case["ref"], score=result.score,
            risk_label=RISK_LABEL[result.risk_level],
        )
        dispatcher.utter_message(response=f"utter_pregnancy_advice_{result.risk_level.lower()}")
        if slots.get("hml_singgah") is True:
            dispatcher.utter_message(response="utter_pregnancy_singgah_noted")
        events = [SlotSet(s, None) for s in FORM_SLOTS]
        events += [SlotSet("requested_slot", None), SlotSet("hml_ref", case["ref"])]
        return events


def case_data(slots: dict, result: kspr.KsprResult) -> dict:
    """The case's ``data`` (contract: risk_level and kspr_score for pregnancy cases)."""
    age = slots.get("hml_age")
    contact = slots.get("hml_contact")
    return {
        "risk_level": result.risk_level,
        "kspr_score": result.score,
        "factors": list(result.factors),
        # KSPR from what a lay reporter could answer; the midwife re-screens
        "kspr_basis": "laporan warga (skrining awal)",
        "mother_name": slots.get("hml_mother_name"),
        "dusun": None if slots.get("hml_dusun") == NOT_ASKED else slots.get("hml_dusun"),
        "age": age if isinstance(age, int) else None,
        "gestation_weeks": slots.get("hml_gestation_weeks"),
        "due_date": slots.get("hml_due_date"),
        "pregnancy_number": slots.get("hml_gravida"),
        "children": slots.get("hml_children"),
        "reporter": slots.get("hml_reporter"),
        "contact_phone": None if contact in (None, "tidak_ada", NOT_ASKED) else contact,
        "rumah_singgah_requested": slots.get("hml_singgah") is True,
    }
