"""Pregnancy emergency: danger signs now. Never a long form before help is on its way.

1. ``action_emergency`` (intent ``pregnancy_emergency``, at any time, also inside any
   other form): says what to do now, opens case DRT-... at once (even with no place
   known), tells the bidan, puskesmas and Bhabinkamtibmas of whatever place is known
   (message entities, the ``village`` slot, the contact's stored village) and schedules
   the escalation.
2. ``emergency_form`` asks only the village, when it is unknown (twice at most).
3. ``action_emergency_village`` puts the village on the case and tells its officers.
4. ``escalate(ref, level)`` (RQ job): if no officer acknowledged (TERIMA sets
   ``acknowledged_by``; any status change counts too), the next in line is told again,
   then the one after, up to ``MAX_LEVEL``.
"""
from __future__ import annotations

import logging
import math
import re
from datetime import datetime, timedelta
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.helpers import kspr
from actions.pregnancy import ServiceFormMixin
from bot import store
from bot.config import load_settings
from bot.store import WIB

logger = logging.getLogger(__name__)

FORM = "emergency_form"
ROLES = ("bidan", "puskesmas", "bhabinkamtibmas")
# Told at once when nothing is known of the place: the regency's duty desk.
UNKNOWN_PLACE_ROLES = ("piket_darurat",)
MAX_LEVEL = 2
MAX_VILLAGE_TRIES = 2
RECENT_CASE_STATUSES = ("new", "in_progress")

# Danger signs (Buku KIA, data/reference/domain/danger_signs.md) -> words villagers use.
DANGER_SIGNS: dict[str, str] = {
    "perdarahan": r"p[ea]ndarahan|perdarahan|berdarah|darah(nya)? (keluar|banyak|terus)|keluar darah|getih|flek",
    "kejang": r"kejang|kejeng|step\b|kaku[- ]kaku|sawan",
    "ketuban_pecah": r"ketuban|kawah|pecah air|air (keluar|ngerembes|merembes)|rembes",
    "demam_tinggi": r"demam|panas (tinggi|banget|sekali)|meriang|menggigil",
    "sakit_kepala_pandangan_kabur": r"sakit kepala|pusing (berat|hebat|sekali|banget)|pandangan kabur|mata kabur|"
                                    r"berkunang|ngelu",
    "pingsan": r"pingsan|tidak sadar|tak sadar|semaput|kelenger|lemas sekali",
    "janin_kurang_gerak": r"(tidak|tdk|gak|ga|kurang|jarang|ndak|nggak) (ber)?gerak|gerak(an)?(nya)? (ber)?kurang|"
                          r"tidak terasa gerak|bayi(nya)? diam",
    "muntah_terus": r"muntah terus|muntah-muntah|muntah muntah",
    "bengkak": r"bengkak",
    "persalinan": r"mau (me)?lahir|akan (me)?lahir|mules|mulas|kontraksi|kenceng|bukaan|sudah lahir|baru lahir|"
                  r"melahirkan|tali pusa?r",
}
# Danger signs that are KSPR group III factors (8 points each).
SIGN_FACTOR = {"perdarahan": "perdarahan_dalam_kehamilan", "kejang": "preeklampsia_berat_kejang"}
SIGN_LABEL = {
    "perdarahan": "perdarahan", "kejang": "kejang", "ketuban_pecah": "ketuban pecah",
    "demam_tinggi": "demam tinggi", "sakit_kepala_pandangan_kabur": "sakit kepala/pandangan kabur",
    "pingsan": "pingsan", "janin_kurang_gerak": "janin kurang gerak", "muntah_terus": "muntah terus",
    "bengkak": "bengkak", "persalinan": "persalinan/melahirkan",
}


# --------------------------------------------------------------------------- pure helpers


def detect_signs(text: str) -> list[str]:
    """Danger signs named in a message, in a fixed order ('lainnya' when none is recognised)."""
    low = (text or "").lower()
    found = [sign for sign, pattern in DANGER_SIGNS.items() if re.search(pattern, low)]
    return found or ["lainnya"]


def signs_text(signs: list[str]) -> str:
    return ", ".join(SIGN_LABEL.get(s, "tanda bahaya lain") for s in signs)


def emergency_kspr(signs: list[str], earlier_factors: list[str] | None) -> dict:
    """risk_level is KRST for every emergency (a danger sign: group III, rujukan tepat waktu).

    kspr_score only where it is known: the woman was screened before (an earlier HML case);
    group III factors named now are added to her factors.
    """
    data: dict[str, Any] = {"risk_level": kspr.KRST}
    if earlier_factors is not None:
        factors = set(earlier_factors) | {SIGN_FACTOR[s] for s in signs if s in SIGN_FACTOR}
        result = kspr.score(factors)
        data["kspr_score"] = result.score
        data["factors"] = list(result.factors)
    return data


def escalation_targets(case: dict, level: int) -> list[dict]:
    """Who is told at an escalation level (the village's officers were told at once).

    level 1: the kecamatan's puskesmas and its police (the kecamatan-wide
             Bhabinkamtibmas row: Kanit Binmas of the Polsek);
    level 2: every kecamatan-wide officer (bidan koordinator, puskesmas, Kanit Binmas,
             ride coordinator, kecamatan operator) - a bounded list, one row per role.
    Nothing known about the place -> the regency's duty desk again.
    """
    from bot import directory

    village, district = case.get("village"), case.get("district")
    if not district and village:
        found = common.route(ROLES, village, None)
        district = next((o.get("district") for o in found if o.get("district")), None)
    if not district:
        return common.route(UNKNOWN_PLACE_ROLES, None, None)
    d = district.strip().lower()
    wide = [dict(r) for r in directory.load_officers() if r["district"].strip().lower() == d and not r["village"]]
    if level <= 1:
        out = [r for r in wide if r["role"] in ("puskesmas", "bhabinkamtibmas")]
        out = out or common.route(("puskesmas", "bhabinkamtibmas"), None, district)
    else:
        order = ("puskesmas", "bhabinkamtibmas", "bidan", "koordinator_jekmil", "operator_desa")
        out = sorted((r for r in wide if r["role"] in order), key=lambda r: order.index(r["role"]))
        out = out or common.route(order, None, district)
    seen: set[str] = set()
    unique = []
    for officer in out:
        if officer["phone"] not in seen:
            seen.add(officer["phone"])
            unique.append(officer)
    return unique


def acknowledged(case: dict) -> bool:
    return bool(case.get("acknowledged_by")) or case.get("status") != "new"


def officer_summary(case: dict) -> str:
    data = case.get("data") or {}
    text = f"Tanda bahaya: {signs_text(data.get('danger_signs') or ['lainnya'])}."
    if not case.get("village"):
        text += " Desa belum diketahui."
    if data.get("pregnancy_ref"):
        text += f" Laporan hamil {data['pregnancy_ref']}"
        if data.get("kspr_score") is not None:
            text += f" (KSPR {data['kspr_score']})"
        text += "."
    location = data.get("location")
    if location:
        text += f" Lokasi: https://maps.google.com/?q={location['latitude']},{location['longitude']}"
    message = (data.get("message") or "").strip()
    if message:
        text += f' Pesan: "{message[:100]}"'
    return text


# --------------------------------------------------------------------------- place


def known_place(tracker: Tracker) -> tuple[str | None, str | None]:
    """(village, district) from the message, the slots or the contact's stored village."""
    entity = common.latest_entity(tracker, "village")
    ent_district = common.latest_entity(tracker, "district")
    if entity:
        slots, prompt = common.village_outcome(entity, entity_village=entity, entity_district=ent_district)
        if prompt is None and slots.get("village"):
            return slots["village"], slots.get("district")
    if tracker.get_slot("village"):
        return tracker.get_slot("village"), tracker.get_slot("district")
    try:
        contact = store.get_contact(common.db(), common.sender_phone(tracker))
    except Exception:  # the store must never hold up an emergency reply
        logger.exception("contact lookup failed")
        contact = None
    if contact and contact.get("village"):
        return contact["village"], contact.get("district")
    try:  # the desa of the sender's latest case (an earlier report, a document request)
        for case in store.list_cases(common.db(), phone=common.sender_phone(tracker), limit=5):
            if case.get("village"):
                return case["village"], case.get("district")
    except Exception:
        logger.exception("case lookup failed")
    district = ent_district or tracker.get_slot("district")
    if district:
        return None, district
    return None, None


def earlier_pregnancy(tracker: Tracker) -> dict | None:
    """The sender's latest pregnancy case (this conversation's, or an earlier open one)."""
    handle = common.db()
    ref = tracker.get_slot("hml_ref")
    case = store.get_case(handle, ref) if ref else None
    if case is None:
        cases = store.list_cases(handle, phone=common.sender_phone(tracker), kind="pregnancy",
                                 statuses=RECENT_CASE_STATUSES, limit=1)
        case = cases[0] if cases else None
    return case


def ack_due(seconds: int | None = None) -> str:
    """When the officers told now must have answered (ISO, WIB)."""
    seconds = load_settings().emergency_ack_seconds if seconds is None else seconds
    return (datetime.now(WIB) + timedelta(seconds=seconds)).replace(microsecond=0).isoformat()


def schedule_escalation(ref: str, level: int, seconds: int | None = None) -> None:
    from bot import outbound

    seconds = load_settings().emergency_ack_seconds if seconds is None else seconds
    try:
        outbound.schedule("actions.emergency.escalate", ref, level, in_seconds=seconds)
    except Exception:  # Redis down: the case and the first notices still stand
        logger.exception("could not schedule escalation %s of %s", level, ref)
        store.add_case_event(common.db(), ref, "bot", "escalation_not_scheduled", str(level))


def notify_place(case: dict, officers: list[dict], prefix: str = "") -> dict:
    """Tell ``officers`` about the case and add them to ``assigned_to``."""
    body = prefix + common.officer_message(case, officer_summary(case), contact=case["phone"])
    common.notify_officers(case, officers, body)
    assigned = list(case.get("assigned_to") or [])
    assigned += [o["phone"] for o in officers if o["phone"] not in assigned]
    return store.update_case(common.db(), case["ref"], actor="bot", event="notified",
                             note=", ".join(o["role"] for o in officers), assigned_to=assigned)


def tell_again(case: dict, text: str) -> None:
    """Send the villager's new message on an open emergency to the officers already told."""
    from bot.directory import officer_by_phone

    officers = [o for o in (officer_by_phone(p) for p in case.get("assigned_to") or []) if o]
    if officers:
        body = (f"Smart Kampung {case['ref']} DARURAT pesan baru dari warga {case['phone']}: "
                f"\"{text[:200]}\" Balas TERIMA {case['ref']}")
        common.notify_officers(case, officers, body)


# --------------------------------------------------------------------------- actions


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        # What to do now comes first, whatever happens below: a failing store or queue
        # must not swallow the instructions (an action that raises sends no message).
        dispatcher.utter_message(response="utter_emergency_now")
        try:
            return self._open(dispatcher, tracker)
        except Exception:
            logger.exception("emergency case could not be opened")
            dispatcher.utter_message(response="utter_emergency_not_recorded")
            return [ActiveLoop(None), SlotSet("requested_slot", None),
                    SlotSet("emergency_village_tries", MAX_VILLAGE_TRIES)]

    def _open(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        text = common.latest_text(tracker)
        signs = detect_signs(text)
        village, district = known_place(tracker)
        handle = common.db()

        existing = None
        ref = tracker.get_slot("emergency_ref")
        if ref:
            existing = store.get_case(handle, ref)
            if existing and existing["status"] not in RECENT_CASE_STATUSES:
                existing = None

        if existing is not None:
            case = existing
            merged = sorted((set(case["data"].get("danger_signs") or []) | set(signs)) - {"lainnya"}) or ["lainnya"]
            case = store.update_case(handle, case["ref"], actor="warga", event="pesan_lagi",
                                     note=text[:300], data={"danger_signs": merged})
            if village and not case.get("village"):
                case = set_village(case, village, district)
            elif case.get("status") == "new":
                # nobody has answered yet: the officers already told hear the news at once
                # ("darahnya makin banyak, pingsan"), not at the next escalation
                tell_again(case, text)
        else:
            data: dict[str, Any] = {"danger_signs": signs, "message": text[:300], "escalation_level": 0}
            if village or district:
                data["ack_due"] = ack_due()
            location = common.message_location(tracker)
            if location:
                data["location"] = location
            earlier = earlier_pregnancy(tracker)
            data.update(emergency_kspr(signs, earlier["data"].get("factors") if earlier else None))
            if earlier:
                data["pregnancy_ref"] = earlier["ref"]
            if tracker.get_slot("hml_mother_name"):  # a report was being made when the sign came
                data["mother_name"] = tracker.get_slot("hml_mother_name")
            draft = {"ref": "", "village": village, "district": district, "data": data}
            case = common.open_case(
                "emergency", tracker, village=village, district=district, data=data,
                notify_roles=ROLES if (village or district) else UNKNOWN_PLACE_ROLES, summary=officer_summary(draft),
            )
            schedule_escalation(case["ref"], 1)

        if case.get("village"):
            dispatcher.utter_message(response="utter_emergency_notified", village=case["village"], ref=case["ref"])
        else:
            dispatcher.utter_message(response="utter_emergency_recorded", ref=case["ref"])
        # Whatever form was running is over; emergency_form (next in the rule) starts afresh
        # and asks only the village, if it is still unknown.
        events: list = [ActiveLoop(None), SlotSet("requested_slot", None),
                        SlotSet("emergency_ref", case["ref"]), SlotSet("emergency_village_tries", 0)]
        if case.get("village"):
            events += [SlotSet("village", case["village"]), SlotSet("district", case.get("district"))]
        else:
            events += [SlotSet("village", None), SlotSet("district", case.get("district"))]
        return events


def set_village(case: dict, village: str, district: str | None) -> dict:
    """Put the place on the case and tell its officers who were not told yet."""
    handle = common.db()
    case = store.update_case(handle, case["ref"], actor="bot", event="lokasi", village=village, district=district)
    officers = [o for o in common.route(ROLES, village, district) if o["phone"] not in case["assigned_to"]]
    if officers:
        case = notify_place(case, officers)
        if case["data"].get("escalation_level", 0) == 0:
            # the village's officers get the whole time to answer before anyone else is told
            case = store.update_case(handle, case["ref"], actor="bot", event="batas_jawab",
                                     data={"ack_due": ack_due()})
    try:
        store.upsert_contact(handle, case["phone"], village=village, district=district)
    except Exception:  # pragma: no cover - convenience only
        logger.exception("contact update failed for %s", case["ref"])
    return case


ActionAskEmergencyFormVillage = common.make_ask_village_action(
    FORM, "Di desa mana ibu sekarang? Balas nama desanya agar bidan terdekat kami kabari."
)


class ValidateEmergencyForm(ServiceFormMixin, common.VillageSlotsMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_emergency_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list:
        if (tracker.get_slot("emergency_village_tries") or 0) >= MAX_VILLAGE_TRIES:
            return []
        return list(domain_slots)

    def extract_village(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        # In an emergency any answer is the village (the safety net may call it an emergency
        # again: "Jambewangi, cepat!"); only BATAL / MENU leave.
        if tracker.get_slot("requested_slot") != "village":
            return {}
        if common.latest_intent(tracker) in ("cancel", "ask_menu"):
            return {}
        text = common.latest_text(tracker)
        if not text or text.startswith("/"):
            return {}
        if (common.latest_intent(tracker) == "pregnancy_emergency" and detect_signs(text) != ["lainnya"]
                and not common.latest_entity(tracker, "village")):
            return {}  # more danger signs, no place: the emergency rule updates the case
        return {"village": text}

    def validate_village(self, value: Any, dispatcher, tracker, domain) -> dict:
        slots = super().validate_village(value, dispatcher, tracker, domain)
        if slots.get("village"):
            return slots
        tries = (tracker.get_slot("emergency_village_tries") or 0) + 1
        slots["emergency_village_tries"] = tries
        if tries >= MAX_VILLAGE_TRIES:
            slots["village_prompt"] = None
            slots["village_choices"] = None
        return slots


class ActionEmergencyVillage(Action):
    """After the village question: update the case and tell that village's officers."""

    def name(self) -> str:
        return "action_emergency_village"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        ref = tracker.get_slot("emergency_ref")
        case = store.get_case(common.db(), ref) if ref else None
        events = [SlotSet("emergency_village_tries", None), SlotSet("village_prompt", None),
                  SlotSet("village_choices", None)]
        if case is None:
            return events
        village, district = tracker.get_slot("village"), tracker.get_slot("district")
        if village and case.get("village") != village:
            case = set_village(case, village, district)
            dispatcher.utter_message(response="utter_emergency_village_ok", village=village, ref=case["ref"])
        elif not village and not case.get("village"):
            if district and case.get("district") != district:
                case = store.update_case(common.db(), case["ref"], actor="bot", event="lokasi", district=district)
                officers = [o for o in common.route(ROLES, None, district) if o["phone"] not in case["assigned_to"]]
                if officers:
                    notify_place(case, officers)
            dispatcher.utter_message(response="utter_emergency_village_unknown", ref=case["ref"])
        return events


# --------------------------------------------------------------------------- escalation job


def escalate(ref: str, level: int) -> str:
    """RQ job: nobody acknowledged ``ref`` in time -> tell the next in line, schedule the next level.

    Returns what happened ("acknowledged", "postponed", "escalated", "unrouted", "missing").
    Level 1 waits until ``data.ack_due``: officers told late (the village came after the
    first message) get the whole EMERGENCY_ACK_SECONDS too.
    """
    handle = common.db()
    case = store.get_case(handle, ref)
    if case is None:
        return "missing"
    if acknowledged(case):
        store.add_case_event(handle, ref, "bot", "eskalasi_tidak_perlu", str(level))
        return "acknowledged"
    due = case["data"].get("ack_due")
    if level == 1 and due:
        left = (datetime.fromisoformat(due) - datetime.now(WIB)).total_seconds()
        if left > 0.5:  # the village became known later: its officers still have time
            schedule_escalation(ref, level, seconds=math.ceil(left))
            return "postponed"
    officers = escalation_targets(case, level)
    outcome = "escalated" if officers else "unrouted"
    if officers:
        prefix = f"ULANG {level}: belum ada petugas yang TERIMA. "
        case = notify_place(case, officers, prefix=prefix)
    store.update_case(handle, ref, actor="bot", event=f"eskalasi_{level}",
                      note=f"{len(officers)} petugas", data={"escalation_level": level})
    if level == 1:
        _tell_villager(case)
    if level < MAX_LEVEL:
        schedule_escalation(ref, level + 1)
    logger.info("emergency %s: escalation level %s, %d officer(s)", ref, level, len(officers))
    return outcome


def _tell_villager(case: dict) -> None:
    from bot import outbound

    body = (f"Laporan {case['ref']} belum dijawab petugas, kami kabari petugas lain. Jangan menunggu: "
            "segera ke puskesmas/RS terdekat atau telp 112 (gratis).")
    try:
        outbound.notify(case["phone"], body, channel=case.get("channel") or "whatsapp", case_ref=case["ref"])
    except Exception:
        logger.exception("could not tell the villager about escalation of %s", case["ref"])
