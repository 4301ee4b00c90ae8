"""Pregnancy emergency: danger signs now. Never a long form before help is on its way.

1. ``action_emergency`` (intent ``pregnancy_emergency``, at any time, also inside any
   other form): says what to do now, opens case DRT-... at once (even with no place
   known), tells the bidan, puskesmas and Bhabinkamtibmas of whatever place is known
   (message entities, the ``village`` slot, the contact's stored village) and schedules
   the escalation.
2. ``emergency_form`` asks only the village, when it is unknown (twice at most).
3. ``action_emergency_village`` puts the village on the case and tells its officers.
4. The escalation job lives in the core (``bot.core.escalation.escalate``): the worker
   runs it without rasa_sdk.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.forms import ServiceFormMixin
from actions.helpers import kspr
from actions.helpers.answer_parts import place_rest
from actions.helpers.answers import yes_no
from actions.helpers.first_message import pregnancy_fields, report_facts
from actions.tracker import (
    latest_entity,
    latest_intent,
    latest_text,
    message_location,
    message_metadata,
    sender_channel,
    sender_phone,
)
from actions.village import VillageSlotsMixin, make_ask_village_action, pin_proposal, village_outcome
from bot.core import escalation, store, workflow
from bot.core.escalation import (  # noqa: F401  (shared with the escalation job)
    MAX_LEVEL,
    MESSAGE_KEPT,
    ROLES,
    SIGN_LABEL,
    UNKNOWN_PLACE_ROLES,
    ack_due,
    acknowledged,
    escalation_targets,
    officer_summary,
    open_emergency,
    signs_text,
    tell_news,
)
from bot.core.escalation import notify_place as _notify_place
from bot.core.escalation import schedule_escalation as _schedule_escalation
from bot.core.kinds import OPEN_STATUSES
from nlu import places
from nlu.danger_signs import name_signs

logger = logging.getLogger(__name__)

FORM = "emergency_form"
MAX_VILLAGE_TRIES = 2
RECENT_CASE_STATUSES = OPEN_STATUSES

# Danger signs that are KSPR group III factors (8 points each).
SIGN_FACTOR = {"perdarahan": "perdarahan_dalam_kehamilan", "kejang": "preeklampsia_berat_kejang"}
# --------------------------------------------------------------------------- pure helpers


def detect_signs(text: str) -> list[str]:
    """Danger signs named in a message, in a fixed order ('lainnya' when none is recognised):
    the safety net's own vocabulary (``nlu.danger_signs.name_signs``)."""
    return name_signs(text)


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


# --------------------------------------------------------------------------- place


def place_behind_payload(tracker: Tracker) -> tuple[str | None, str | None]:
    """The one desa named in the villager's words behind the webhook's payload (the answer to
    "DARURAT: apa yang terjadi...?" arrives as /pregnancy_emergency with the words in metadata
    ``text``): Rasa's NLU never read them, so no entity came with them."""
    raw = ((tracker.latest_message or {}).get("text") or "").strip()
    words = latest_text(tracker) if raw.startswith("/") else ""
    found = places.resolve_village(words) if words else []
    return (found[0].name, found[0].district) if len(found) == 1 else (None, None)


def known_place(tracker: Tracker) -> tuple[str | None, str | None]:
    """(village, district) from the message (or the words behind its payload), the slots or the
    contact's stored village."""
    entity = latest_entity(tracker, "village")
    ent_district = latest_entity(tracker, "district")
    if entity:
        # the words with it: "neng Kandangan mbak, Pesanggaran" is Kandangan, whatever entity the NLU
        # took (round 15: the Pesanggaran midwife was paged, Kandangan's never)
        slots, prompt = village_outcome(latest_text(tracker) or entity, entity_village=entity, entity_district=ent_district)
        if prompt is None and slots.get("village"):
            return slots["village"], slots.get("district")
    named = place_behind_payload(tracker)
    if named[0]:
        return named
    if tracker.get_slot("village"):
        return tracker.get_slot("village"), tracker.get_slot("district")
    try:
        contact = store.get_contact(casework.db(), sender_phone(tracker))
    except Exception:  # the store must never hold up an emergency reply
        logger.exception("contact lookup failed")
        contact = None
    if contact and contact.get("village"):
        return contact["village"], contact.get("district")
    try:  # the desa of the sender's latest case (an earlier report, a document request)
        for case in store.list_cases(casework.db(), phone=sender_phone(tracker), limit=5):
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
    handle = casework.db()
    ref = tracker.get_slot("hml_ref")
    case = store.get_case(handle, ref) if ref else None
    if case is None:
        cases = store.list_cases(handle, phone=sender_phone(tracker), kind="pregnancy",
                                 statuses=RECENT_CASE_STATUSES, limit=1)
        case = cases[0] if cases else None
    return case


def tell_again(case: dict, text: str) -> None:
    """Send the villager's new message on an open emergency to the officers already told."""
    tell_news(casework.db(), case, text)


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
        text = latest_text(tracker)
        signs = detect_signs(text)
        village, district = known_place(tracker)
        handle = casework.db()

        existing = None
        # the webhook opened this case while Rasa was down (bot/inbox.py): go on with it, no second alarm
        opened = message_metadata(tracker).get("emergency_ref")
        ref = opened or tracker.get_slot("emergency_ref")
        if ref:
            existing = store.get_case(handle, ref)
            if existing and existing["status"] not in RECENT_CASE_STATUSES:
                existing = None

        if existing is not None and opened:
            case = existing
        elif existing is not None:
            case = existing
            before = set(case["data"].get("danger_signs") or [])
            merged = sorted((before | set(signs)) - {"lainnya"}) or ["lainnya"]
            named = {"mother_name": n} if not case["data"].get("mother_name") and (
                n := pregnancy_fields(text).get("hml_mother_name")) else {}  # "... Ny. Ernawati" later (round 20)
            case = store.update_case(handle, case["ref"], actor="warga", event="pesan_lagi",
                                     note=text[:300], data={"danger_signs": merged, **named})
            if set(merged) - before - {"lainnya"}:
                escalation.wake(handle, case)  # a new sign on an alarm whose pages ended (round 13 H1)
            if village and not case.get("village"):
                case = set_village(case, village, district)
            elif case.get("status") == "new":
                # nobody has answered yet: the officers already told hear the news at once
                # ("darahnya makin banyak, pingsan"), not at the next escalation
                tell_again(case, text)
        else:
            earlier = earlier_pregnancy(tracker)
            extra = emergency_kspr(signs, earlier["data"].get("factors") if earlier else None)
            if earlier:
                extra["pregnancy_ref"] = earlier["ref"]
            extra.update(report_facts(text))  # an officer's whole report: who, how old, which pregnancy
            if tracker.get_slot("hml_mother_name"):  # a report was being made when the sign came
                extra["mother_name"] = tracker.get_slot("hml_mother_name")
            case = open_emergency(handle, sender_phone(tracker), sender_channel(tracker), village=village,
                                  district=district, signs=signs, text=text, location=message_location(tracker),
                                  extra=extra)

        if existing is not None and not opened and (existing.get("village") or escalation.taken_by(handle, case)):
            # "bidane kapan teko? bojoku jik metu getih terus" (rounds 10, 11): who took it, or that
            # nobody has yet and who is told next - never the template "sudah kami kabari" again
            dispatcher.utter_message(text=escalation.news_answer(handle, case))
        elif case.get("village"):
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
    handle = casework.db()
    case = store.update_case(handle, case["ref"], actor="bot", event="lokasi", village=village, district=district)
    officers = [o for o in casework.route(ROLES, village, district) if o["phone"] not in case["assigned_to"]]
    if officers:
        case = notify_place(case, officers, placed=True)
        if case["data"].get("escalation_level", 0) == 0:
            # the village's officers get the whole time to answer before anyone else is told
            case = store.update_case(handle, case["ref"], actor="bot", event="batas_jawab",
                                     data={"ack_due": ack_due()})
    try:
        store.upsert_contact(handle, case["phone"], village=village, district=district)
    except Exception:  # pragma: no cover - convenience only
        logger.exception("contact update failed for %s", case["ref"])
    return case


ActionAskEmergencyFormVillage = make_ask_village_action(FORM, "utter_ask_emergency_form_village")


class ValidateEmergencyForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
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
        if latest_intent(tracker) in ("cancel", "ask_menu"):
            return {}
        text = latest_text(tracker)
        if not text or text.startswith("/"):
            return {}
        if (latest_intent(tracker) == "pregnancy_emergency" and detect_signs(text) != ["lainnya"]
                and not latest_entity(tracker, "village")):
            return {}  # more danger signs, no place: the emergency rule updates the case
        return {"village": text}

    def validate_village(self, value: Any, dispatcher, tracker, domain) -> dict:
        pin = message_location(tracker)
        if pin and tracker.get_slot("requested_slot") == "village":
            # a pin instead of a desa: the officers get the map at once; no desa names offered
            share_pin(tracker.get_slot("emergency_ref"), pin)
            tries = (tracker.get_slot("emergency_village_tries") or 0) + 1
            proposal = pin_proposal(pin, "Lokasi sudah dikirim ke petugas. ")
            if proposal and tries < MAX_VILLAGE_TRIES:  # the nearest desa, for a YA: its own officers told
                ref = tracker.get_slot("emergency_ref")
                if ref and store.get_case(casework.db(), ref):  # the desa question is still open (bot/followup.py)
                    store.update_case(casework.db(), ref, actor="bot", event="desa_diusulkan",
                                      data={"desa_proposed": proposal["village_choices"][0]})
                return {**proposal, "emergency_village_tries": tries}
            return {"village": None, "emergency_village_tries": MAX_VILLAGE_TRIES, "village_prompt": None,
                    "village_choices": None}
        slots = super().validate_village(value, dispatcher, tracker, domain)
        if slots.get("village"):
            return slots
        ref = tracker.get_slot("emergency_ref")
        text = latest_text(tracker)
        if ref and text and not text.startswith("/") and yes_no(text) is None and store.get_case(casework.db(), ref):
            # "nang omah, cedak pasar sempu": the words of the place reach the officers even while
            # the desa is still being confirmed
            case = store.update_case(casework.db(), ref, actor="warga", event="alamat", note=text[:300],
                                     data={"address": text[:200]})
            tell_again(case, text)
        tries = (tracker.get_slot("emergency_village_tries") or 0) + 1
        slots["emergency_village_tries"] = tries
        if tries >= MAX_VILLAGE_TRIES:
            slots["village_prompt"] = None
            slots["village_choices"] = None
        return slots


def share_pin(ref: str | None, pin: dict) -> None:
    """Put a location pin on the emergency and send the map to the officers already told."""
    case = store.get_case(casework.db(), ref) if ref else None
    if case is None:
        return
    case = store.update_case(casework.db(), ref, actor="warga", event="lokasi_peta", data={"location": pin})
    link = f"https://maps.google.com/?q={pin['latitude']},{pin['longitude']}"
    casework.notify_officers(case, workflow.officers_told(case),
                             f"Smart Kampung {ref} DARURAT lokasi dari warga: {link} Balas TERIMA {ref}")


_NOT_PLACE = re.compile(r"\b(cepet\w*|segera|tolong|tulung|gek|ndang|buruan|darurat|getih\w*|darah\w*|pendarahan|"
                        r"dhara\w*|dara\w*|dereh|mandheg|mandek|berhenti|terros|terus|"  # Madurese (round 22 M4)
                        r"pingsan|semaput|kejang|ketuban\w*|kawah\w*|mules|lemes|lemas|bidan\w*|ambulans)\b", re.IGNORECASE)


def address_words(text: str, names: list) -> str | None:
    """The words of a place in an answer to the desa question: the desa named, urgings and signs
    left out ("Gombolirang, Kabat. cepetan yo, getihe sing mandheg" has none); None when none."""
    clauses = [c for c in re.split(r"[.,;!?]+", text or "") if c.strip() and not _NOT_PLACE.search(c)]
    rest = place_rest(", ".join(clauses), [n for n in names if n]) if clauses else None
    return rest or None


class ActionEmergencyVillage(Action):
    """After the village question: update the case and tell that village's officers."""

    def name(self) -> str:
        return "action_emergency_village"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        ref = tracker.get_slot("emergency_ref")
        case = store.get_case(casework.db(), ref) if ref else None
        events = [SlotSet("emergency_village_tries", None), SlotSet("village_prompt", None),
                  SlotSet("village_choices", None)]
        if case is None:
            return events
        if (case.get("data") or {}).get("desa_proposed"):
            case = store.update_case(casework.db(), case["ref"], actor="bot", event="desa_dijawab",
                                     data={"desa_proposed": None})
        village, district = tracker.get_slot("village"), tracker.get_slot("district")
        text = latest_text(tracker)
        # the message that opened the case is no news (its words are the case's own), nor is a YA
        news = text and text[:MESSAGE_KEPT] != (case.get("data") or {}).get("message")
        recent = (store.case_events(casework.db(), case["ref"]) or [])[-3:]  # a wake may follow it (round 14)
        if any(e.get("event") == "pesan_lagi" and e.get("note") == text[:300] for e in recent):
            news = False  # action_emergency took it this turn: no address, no second notice (round 10)
        if news and village and yes_no(text) is None:  # a YA to the desa proposed is no address
            # "jambewangi, dusun krajan rumah cat biru. ketubannya pecah": the address and any
            # new danger sign go on the case, and the officers hear the sign at once
            signs = [sg for sg in detect_signs(text) if sg != "lainnya"]
            merged = sorted(set(case["data"].get("danger_signs") or []) - {"lainnya"} | set(signs)) or ["lainnya"]
            place = address_words(text, [village, district])  # round 21 M8: "cepetan yo, getihe ..." is no address
            case = store.update_case(casework.db(), case["ref"], actor="warga", event="alamat", note=text[:300],
                                     data={**({"address": place[:200]} if place else {}), "danger_signs": merged})
            if signs and case.get("village"):
                tell_again(case, text)
        if village and case.get("village") != village:
            case = set_village(case, village, district)
            dispatcher.utter_message(response="utter_emergency_village_ok", village=village, ref=case["ref"])
        elif not village and not case.get("village") and (case.get("data") or {}).get("location"):
            dispatcher.utter_message(response="utter_emergency_location_ok", ref=case["ref"])
        elif not village and not case.get("village"):
            if district and case.get("district") != district:
                case = store.update_case(casework.db(), case["ref"], actor="bot", event="lokasi", district=district)
                officers = [o for o in casework.route(ROLES, None, district) if o["phone"] not in case["assigned_to"]]
                if officers:
                    notify_place(case, officers)
            dispatcher.utter_message(response="utter_emergency_village_unknown", ref=case["ref"])
        return events


def schedule_escalation(ref: str, level: int, seconds: int | None = None) -> None:
    _schedule_escalation(casework.db(), ref, level, seconds)


def notify_place(case: dict, officers: list[dict], prefix: str = "", *, placed: bool = False) -> dict:
    return _notify_place(casework.db(), case, officers, prefix, placed=placed)
