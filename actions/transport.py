"""JEK-MIL ride for a pregnant woman: ``transport_form`` -> case JEK-....

Who, pick-up (desa + dusun/landmark), destination (puskesmas, posyandu, rumah singgah,
other) and when (Indonesian, WIB: bot/core/dates.py). The case goes to the ride
coordinator of the kecamatan (``koordinator_jekmil``), else its puskesmas; the villager
gets a reminder the day before (``bot.core.reminders.remind``, scheduled through the outbound queue).
The bot never promises the ride: the officer confirms.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.confirm import make_confirm_step
from actions.forms import ServiceFormMixin, make_ask_action, retry
from actions.helpers.answers import MARKERS, clean_free_text, person_name
from actions.helpers.first_message import dusun_in, pregnancy_fields
from actions.helpers.places_of_care import CARE_WORDS, HOSPITAL_WORDS, pickup_village_entity
from actions.tracker import latest_text, message_location, sender_phone
from actions.village import VillageSlotsMixin, make_ask_village_action
from bot.core import clock, reminders, store
from bot.core.dates import WIB, format_wib, parse_date_part, parse_time_of_day, parse_when, when_text_in_request
from bot.core.numbers import parse_choice
from bot.core.reminders import REMINDER_HOUR, reminder_body, reminder_time  # noqa: F401
from nlu.requests import SAME_AS_BEFORE

logger = logging.getLogger(__name__)

FORM = "transport_form"
FORM_SLOTS = ("jek_name", "jek_pickup", "jek_destination", "jek_when", "jek_time", "jek_confirm",
              "jek_at", "jek_date_label")
DESTINATIONS = {1: "puskesmas", 2: "posyandu", 3: "rumah singgah"}
CORRECTIONS = {
    1: ("jek_name",),
    2: ("village", "district", "village_choices", "village_prompt", "jek_pickup"),
    3: ("jek_pickup",),
    4: ("jek_destination",),
    5: ("jek_when", "jek_time", "jek_at", "jek_date_label"),
}
HAS_TIME = "ada"  # jek_time when the time came with the date


def now_wib() -> datetime:
    """Current time in WIB (the one clock; patched in tests)."""
    return clock.now()


# --------------------------------------------------------------------------- pure helpers


# A hospital named in a first message ("ke RSUD Blambangan, ada surat rujukan"): its name ends
# at punctuation, a number or the next word that is no part of a name.
_HOSPITAL = re.compile(rf"\b({HOSPITAL_WORDS})\s+((?:[a-z'-]+\s*){{1,3}})", re.IGNORECASE)
_NOT_NAME = re.compile(r"^(ada|ono|enten|krn|karena|karna|soale|soalnya|untuk|utk|buat|gawe|kangge|jam|pukul|besok|"
                       r"sesuk|lusa|benjing|dengan|dg|dr|dari|min|mas|mbak|pak|bu|ya|yo|nggih|kapan|sama|karo|"
                       r"tanggal|tgl|hari|senin|selasa|rabu|kamis|jumat|sabtu|minggu|pagi|siang|sore|malam|isuk|"
                       r"mengko|nanti|sy|saya|aku|kulo|periksa|kontrol|tapi|tp|trus|terus|dan|lan)$", re.IGNORECASE)


def hospital_in_request(text: str) -> str | None:
    """'RSUD Blambangan' from "pesen jekmil buat istri sy ke RSUD Blambangan, ada surat rujukan"."""
    found = _HOSPITAL.search(text or "")
    if not found:
        return None
    name = []
    for word in found.group(2).split():
        if _NOT_NAME.match(word):
            break
        name.append(word.capitalize())
    if not name:
        return None
    return f"{found.group(1).upper() if len(found.group(1)) <= 4 else 'Rumah Sakit'} {' '.join(name)}"


def destination_in_request(text: str) -> str | None:
    """A destination named outright ("dijemput ke posyandu"): rumah singgah, posyandu or
    puskesmas; None otherwise (a pustu, a hospital or nothing)."""
    t = (text or "").lower()
    if "singgah" in t:
        return "rumah singgah"
    if "posyandu" in t:
        return "posyandu"
    if re.search(r"puskesmas|pkm|\bpuskes\b", t) and "pustu" not in t:
        return "puskesmas"
    # "ke polindes lusa jam 9" (round 24: asked again): the village's own midwife post
    if (post := re.search(r"\b(polindes|poskesdes)\b", t)):
        return post.group(1)
    return None


# A place of care named in free words ("dirujuk nang RSUD Blambangan"): the name starts at its word.
# The mother a ride is for, with a title: "buat bu Ana", "kanggo mbak Siti Rohmah".
_FOR_HER = re.compile(r"\b(?:buat|untuk|utk|kanggo|kangge|gawe|nggo|kagem)\s+(?:bu|ibu|mbak|mbk|mb|yu|ning|ny\.?)\s+"
                      r"((?!bidan|kader|hamil|bumil|dokter)[a-z']{2,}(?:\s+(?!(?:ke|nang|ning|di|jam|tgl|tanggal|besok|sesuk|"
                      r"lusa|pagi|sore|hari|dino|minggu|senin|selasa|rabu|kamis|jumat|sabtu|dari|teko|mas|pak|mbak|ya|yo)\b)"
                      r"[a-z']{3,})?)\b", re.IGNORECASE)
_FACILITY = re.compile(rf"\b({CARE_WORDS}|posyandu|rumah\s+singgah)\b", re.IGNORECASE)


def names_facility(text: str) -> bool:
    return _FACILITY.search(text or "") is not None


def parse_destination(text: str) -> str | None:
    t = (text or "").strip().lower()
    n = parse_choice(t, 4)
    if n is not None and re.fullmatch(r"\s*\d\s*[.)]?\s*", t):
        return DESTINATIONS.get(n)  # 4 alone: ask them to write the place
    named = destination_in_request(t)
    if named:
        return named
    m = re.match(r"^\s*4\s*[.)]?\s*(.+)$", (text or "").strip())
    if m and len(m.group(1)) >= 3:
        return clean_free_text(m.group(1), 60)
    if n is None and len(t) >= 3 and not t.isdigit():
        facility = _FACILITY.search(text)
        if facility:  # "RS Blambangan mas, kan wis tak omongi": the place, not the rest of the sentence
            place = re.split(r"[,.;!?\n]", text[facility.start():])[0]
            place = re.sub(r"(\s+(?:mas|mbak|mbk|pak|bu|ya|yo|nggih|lho|kok|ae|wae|aja|saja))+\s*$", "", place,
                           flags=re.IGNORECASE)
            return clean_free_text(place, 60)
        return clean_free_text(text, 60)
    return None


def when_slots(when, value: str) -> dict:
    """The jek_* slots for a parsed pick-up day/time."""
    slots = {"jek_when": clean_free_text(value, 60)}
    if when.has_time:
        slots.update({"jek_time": HAS_TIME, "jek_at": when.at.isoformat(), "jek_date_label": None})
    else:
        slots.update({"jek_time": None, "jek_at": when.at.isoformat(),
                      "jek_date_label": format_wib(when.at, with_time=False)})
    return slots


def prefilled_from_request(text: str, now: datetime, phone: str | None = None) -> dict:
    """What the first message already says ("sy hamil minta dijemput lusa ke posyandu"):
    the destination and the day (and time), so they are not asked again. The form
    validates them like answers."""
    if not text or text.startswith("/"):
        return {}
    slots: dict = {}
    dest = hospital_in_request(text) or destination_in_request(text)
    if dest:
        slots["jek_destination"] = dest
    when_text = when_text_in_request(text)
    when = parse_when(when_text, now) if when_text else None
    hour = same_hour(text, phone) if when is not None and not when.has_time and phone else None
    if hour:  # "podo kyok mau, gawe kontrol minggu ngarep" (round 24): the last ride's hour
        when = parse_when(f"{when_text} jam {hour}", now)
    if when is not None and when.at > now:
        slots.update(when_slots(when, when_text))
    # "jenengku Rini Astuti nang Karangsari dusun Sukorejo" (round 21 M7: both asked again)
    told = pregnancy_fields(text)
    for_her = _FOR_HER.search(text)  # "... ke posyandu buat bu Ana" (round 26: the name asked again)
    if told.get("hml_mother_name") or for_her:
        slots["jek_name"] = told.get("hml_mother_name") or person_name(for_her.group(1))
    if (dusun := dusun_in(text)):
        slots["jek_pickup"] = f"dusun {dusun}"
    return slots


def route_roles(village: str | None, district: str | None) -> list[str]:
    """The kecamatan's ride coordinator, else its puskesmas."""
    from bot.core import directory

    if directory.officers_for("koordinator_jekmil", village=village, district=district):
        return ["koordinator_jekmil"]
    return ["puskesmas"]


def summary_text(slots: dict, *, for_officer: bool = False) -> str:
    at = slots.get("jek_at")
    when = format_wib(datetime.fromisoformat(at)) if at else "-"
    place = slots.get("jek_pickup") or "-"
    if not for_officer and slots.get("village"):
        place = f"Desa {slots['village']}, {place}"
    return f"Jemput Ibu {slots.get('jek_name') or '-'} di {place}, ke {slots.get('jek_destination') or '-'}, {when}."


def tracker_slots(tracker: Tracker) -> dict:
    return {k: tracker.get_slot(k) for k in (*FORM_SLOTS, "village", "district")}


# --------------------------------------------------------------------------- actions


class ActionTransportStart(Action):
    def name(self) -> str:
        return "action_transport_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        from actions.pregnancy import village_from_request

        dispatcher.utter_message(response="utter_transport_intro")
        events = [SlotSet(s, None) for s in (*FORM_SLOTS, "retry_prompt") if tracker.get_slot(s) is not None]
        prefill = prefilled_from_request(latest_text(tracker), now_wib(), sender_phone(tracker))
        place = village_from_request(tracker, pickup_village_entity(tracker.latest_message, places_of_care=True))
        # "iso dijemput maneh?" (round 18 M7), a second ride minutes later (round 20); the desa of the
        # ride before, still set, is cleared by ``place`` and is no desa of this request
        if not any(e.get("value") for e in place):
            text = latest_text(tracker) or ""
            again = last_ride(sender_phone(tracker), days=14 if AGAIN.search(text) or SAME.search(text) else 3 / 24,
                              same=bool(SAME.search(text)))
            prefill = {**again, **prefill}
        if prefill.get("jek_time") == HAS_TIME and (ref := booked(sender_phone(tracker), prefill["jek_at"])):
            # "siji maneh ... rebo jam wolu" on the slot already booked (round 25): said, and asked again
            dispatcher.utter_message(text=f"{format_wib(datetime.fromisoformat(prefill['jek_at']))} sudah dipesan ({ref}).")
            prefill = {k: v for k, v in prefill.items() if k not in ("jek_when", "jek_time", "jek_at", "jek_date_label")}
        return events + place + [SlotSet(k, v) for k, v in prefill.items()]


# "iso dijemput maneh", "jemput lagi": another ride for the woman of the last one
AGAIN = re.compile(r"\b(maneh|meneh|maning|lagi|lg|malih|pole|kembali)\b", re.IGNORECASE)


SAME = SAME_AS_BEFORE  # "aku maneh, podo kyok mau" (round 23): the ride as the last one


def _latest_ride_case(phone: str, days: float) -> dict | None:
    since = (now_wib() - timedelta(days=days)).isoformat()
    return next((c for c in store.list_cases(casework.db(), phone=phone, limit=5)
                 if c["kind"] == "transport" and c["created_at"] >= since), None)


def last_ride(phone: str, days: float = 14, same: bool = False) -> dict:
    """Who and where the sender's latest ride (of the last ``days``) was for: its name, desa and
    pick-up place (and, ``same``, its destination), asked again only if the summary shows them
    wrong; {} when there is none."""
    case = _latest_ride_case(phone, days)
    if case is None:
        return {}
    found = {"jek_name": case["data"].get("name"), "jek_pickup": case["data"].get("pickup"),
             "village": case.get("village"), "district": case.get("district"),
             "jek_destination": case["data"].get("destination") if same else None}
    return {k: v for k, v in found.items() if v}


def booked(phone: str, at: str) -> str | None:
    """The ref of the sender's open ride already at ``at`` (ISO), else None (round 24: a second
    ride put on the first one's slot without a word)."""
    for case in store.list_cases(casework.db(), phone=phone, kind="transport", statuses=store.OPEN_STATUSES,
                                 limit=10):
        if (case.get("data") or {}).get("pickup_at") == at:
            return case["ref"]
    return None


def same_hour(text: str, phone: str) -> str | None:
    """"jame podo kyok mau": the hour of the sender's latest ride ("08.00"), else None."""
    case = _latest_ride_case(phone, 14) if SAME.search(text or "") else None
    at = (case or {}).get("data", {}).get("pickup_at")
    return datetime.fromisoformat(at).strftime("%H.%M") if at else None


ASK_ACTIONS = [make_ask_action(slot) for slot in ("jek_name", "jek_pickup", "jek_destination", "jek_when", "jek_time")]

ActionAskTransportFormVillage = make_ask_village_action(FORM, "utter_ask_transport_form_village")

# A correction at the confirmation that says the new value is taken at once ("tujuane rsud", "jam 7").
DIRECT = {1: ("jek_name",), 2: ("village",), 3: ("jek_pickup",), 4: ("jek_destination",), 5: ("jek_new_time",)}
# Corrections that name no field ("ternyata dirujuk nang RSUD Blambangan", "jam pitu wae"): the value says which
BY_SHAPE = {4: names_facility,
            5: lambda said: re.search(r"\b(jam|pukul|pkl)\s*\w|\b(pagi|isuk|esuk|enjing|siang|siyang|awan|sore|sonten|"
                                      r"bengi|malam|dalu|subuh)\b", said, re.IGNORECASE) is not None}
# The last time said in a correction is the new one ("jam 4 kesuwen, jam 7 isuk ae", round 16).
_TIME_BIT = re.compile(r"\b(?:jam|pukul|pkl)\s*\d{1,2}(?:[.:]\d{2})?(?:\s+(?:pagi|isuk|esuk|enjing|siang|awan|sore|sonten|"
                       r"bengi|malam|dalu|subuh))?|\b(?:pagi|isuk|esuk|enjing|siang|siyang|awan|sore|sonten|bengi|malam|dalu)\b",
                       re.IGNORECASE)
CONFIRM = make_confirm_step("jek_confirm", lambda tracker: summary_text(tracker_slots(tracker)), CORRECTIONS, DIRECT,
                            BY_SHAPE)
ActionAskJekConfirm = CONFIRM.ask_action


class ValidateTransportForm(ServiceFormMixin, VillageSlotsMixin, FormValidationAction):
    PLACES_OF_CARE_ARE_DESTINATIONS = True  # "teng puskesmas Paspan": where she goes, not her desa
    def name(self) -> str:
        return "validate_transport_form"

    DUSUN_SLOT = "jek_pickup"  # "karangsari, dusun sukorejo, omah pager biru": the pick-up place is not asked again

    def validate_jek_name(self, value, dispatcher, tracker, domain) -> dict:
        name = person_name(str(value), titles=True) or (
            None if str(value).lower() in MARKERS else clean_free_text(str(value), 60))
        if not name or name.isdigit():
            return retry(domain, "utter_ask_jek_name", "jek_name")
        return {"jek_name": name}

    def validate_jek_pickup(self, value, dispatcher, tracker, domain) -> dict:
        pin = message_location(tracker)
        if pin and tracker.get_slot("requested_slot") == "jek_pickup":
            # a pin is the best pickup place there is: kept with the case, a map link for the driver
            return {"jek_pickup": f"lokasi peta https://maps.google.com/?q={pin['latitude']},{pin['longitude']}"}
        return {"jek_pickup": clean_free_text(str(value), 100)}

    def validate_jek_destination(self, value, dispatcher, tracker, domain) -> dict:
        if SAME.search(str(value)) and (dest := last_ride(sender_phone(tracker), same=True).get("jek_destination")):
            return {"jek_destination": dest}  # "podo kyok mau" (round 26: stored as the destination)
        dest = parse_destination(str(value))
        if dest is None:
            return retry(domain, "utter_jek_invalid_destination", "jek_destination")
        return {"jek_destination": dest}

    def validate_jek_when(self, value, dispatcher, tracker, domain) -> dict:
        now = now_wib()
        hour = same_hour(str(value), sender_phone(tracker))  # "dino Jumat, jame podo kyok mau" (round 23)
        when = parse_when(f"{SAME.sub(' ', str(value))} jam {hour}" if hour else str(value), now)
        if when is None:
            return retry(domain, "utter_jek_invalid_when", "jek_when")
        if when.has_time and when.at <= now or when.at.date() < now.date():
            return retry(domain, "utter_jek_past_when", "jek_when")
        if when.has_time and (ref := booked(sender_phone(tracker), when.at.isoformat())):
            return retry(domain, f"{format_wib(when.at)} sudah dipesan ({ref}). Kapan jemput yang baru?", "jek_when")
        return when_slots(when, str(value))

    def validate_jek_new_time(self, value, dispatcher, tracker, domain) -> dict:
        """A new pick-up time said at the confirmation: a day named moves the day, else the
        same day at the new hour ("jam pitu isuk")."""
        if parse_date_part(str(value), now_wib().date()) is not None:
            result = self.validate_jek_when(value, dispatcher, tracker, domain)
        else:
            times = _TIME_BIT.findall(str(value))
            result = self.validate_jek_time(times[-1] if len(times) > 1 else value, dispatcher, tracker, domain)
        return result if result.get("jek_at") and not result.get("retry_prompt") else {}

    def validate_jek_time(self, value, dispatcher, tracker, domain) -> dict:
        if value == HAS_TIME:
            return {"jek_time": HAS_TIME}
        text = same_hour(str(value), sender_phone(tracker)) or str(value).strip()
        clock = parse_time_of_day(f"jam {text}" if re.fullmatch(r"\d{1,2}([.:]\d{2})?", text) else text)
        at = tracker.get_slot("jek_at")
        if clock is None or not at:
            return retry(domain, "utter_jek_invalid_time", "jek_time")
        pickup = datetime.combine(datetime.fromisoformat(at).date(), clock, WIB)
        if pickup <= now_wib():
            return {**retry(domain, "utter_jek_past_when", "jek_when"), "jek_time": None, "jek_at": None,
                    "jek_date_label": None}
        if (ref := booked(sender_phone(tracker), pickup.isoformat())):
            return {**retry(domain, f"{format_wib(pickup)} sudah dipesan ({ref}). Kapan jemput yang baru?", "jek_when"),
                    "jek_time": None, "jek_at": None, "jek_date_label": None}
        said = tracker.get_slot("jek_when")  # the words kept for the coordinator say the change (round 15)
        changed = {"jek_when": f"{said}; diubah: {text}"[:100]} \
            if said and said != text and value != HAS_TIME and tracker.get_slot("jek_time") else {}
        return {"jek_time": clock.strftime("%H:%M"), "jek_at": pickup.isoformat(), **changed}

    validate_jek_confirm = CONFIRM.validate


class ActionTransportSubmit(Action):
    def name(self) -> str:
        return "action_transport_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        slots = tracker_slots(tracker)
        village, district = slots.get("village"), slots.get("district")
        pickup = datetime.fromisoformat(slots["jek_at"])
        roles = route_roles(village, district)
        data = {
            "name": slots.get("jek_name"),
            "pickup": slots.get("jek_pickup"),
            "destination": slots.get("jek_destination"),
            "pickup_at": pickup.isoformat(),
            "pickup_text": slots.get("jek_when"),
            "routed_to": roles[0],
        }
        case = casework.open_case(
            "transport", tracker, village=village, district=district, data=data,
            notify_roles=roles, summary=summary_text(slots, for_officer=True),
        )
        to = "koordinator jemput" if roles[0] == "koordinator_jekmil" else "puskesmas"
        dispatcher.utter_message(response="utter_transport_done", ref=case["ref"], when=format_wib(pickup), to=to)
        remind_at = reminder_time(pickup, now_wib())
        scheduled = reminders.queue(case["ref"], remind_at)
        if scheduled:
            store.update_case(casework.db(), case["ref"], actor="bot", event="pengingat_dijadwalkan",
                              data={"reminder_at": remind_at.isoformat()})
        dispatcher.utter_message(response="utter_transport_reminder_set" if scheduled else "utter_transport_no_reminder")
        events = [SlotSet(s, None) for s in FORM_SLOTS]
        events += [SlotSet("requested_slot", None), SlotSet("jek_ref", case["ref"])]
        return events + casework.come_back(dispatcher, tracker, FORM)
