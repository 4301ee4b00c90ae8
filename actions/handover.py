"""Handover to a person: talk_to_human, or the NLU falling back twice in a row.

handover_form asks only for the desa when neither the conversation nor the contact
record knows it; action_submit_handover opens an OPR-... case for the village operator
and pauses the bot for the contact (contacts.paused_for = ref). While paused, the
webhook hands the contact's messages to bot/handover.py (appended to the case and
forwarded to the officer) until the officer closes the case (SELESAI/TOLAK) or the
villager types BATAL.
"""
from __future__ import annotations

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.forms import NextSlotMixin
from actions.tracker import form_activating, latest_text, sender_channel, sender_phone
from actions.village import VILLAGE_SLOTS, VillageSlotsMixin, make_ask_village_action
from bot.core import store
from nlu import faq
from nlu.requests import declines_ride
from nlu.subjects import acute_illness, animal_subject, not_a_mother
from nlu.text import normalise_text

FORM = "handover_form"

ActionAskHandoverVillage = make_ask_village_action(FORM, "utter_ask_handover_form_village")


def _user_events(tracker: Tracker) -> list[dict]:
    return [e for e in tracker.events if e.get("event") == "user"]


def recent_texts(tracker: Tracker, n: int = 2) -> list[str]:
    """The last ``n`` texts the user typed (not the webhook's /payloads)."""
    texts = [(e.get("text") or "").strip() for e in _user_events(tracker)]
    return [t for t in texts if t and not t.startswith("/")][-n:]


def request_texts(tracker: Tracker, reason: str) -> list[str]:
    """What the contact asked (the talk_to_human message, or the two messages the bot did not
    understand), not the desa typed afterwards for the handover form."""
    wanted = NOT_UNDERSTOOD if reason == "fallback" else {"talk_to_human"}
    n = 2 if reason == "fallback" else 1
    # the answers to the handover form's own desa question come after its start: not the request
    # (round 13 M3: "desa bareng kabat pak" pushed "bapak sy jatuh dari pohon kelapa" out)
    starts = [i for i, e in enumerate(tracker.events) if e.get("event") == "active_loop"
              and e.get("name") == "handover_form"]
    before = tracker.events[: starts[-1]] if starts else tracker.events
    texts = [(e.get("text") or "").strip() for e in before if e.get("event") == "user"
             and ((e.get("parse_data") or {}).get("intent") or {}).get("name") in wanted]
    texts = [t for t in texts if t and not t.startswith("/")][-n:]
    return texts or recent_texts(tracker, n)


NO_RIDE = "Baik, tidak kami jemput. Bila nanti perlu jemputan JEK-MIL, ketik MENU."
# CONTRACT.md: "out_of_scope ...; nlu_fallback counts as the same".
NOT_UNDERSTOOD = frozenset({"nlu_fallback", "out_of_scope"})


ANIMAL_HELP = ("Untuk hewan ternak yang sakit atau melahirkan, hubungi mantri hewan atau Puskeswan terdekat. "
               "Nomor ini khusus layanan desa di bawah.")


class ActionFallback(Action):
    """nlu_fallback or out_of_scope: the first time, "not a service of this number" + menu;
    the second time in a row, hand over to a person (the rules start handover_form on
    ``handover_requested: true``)."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        text = latest_text(tracker)
        ref = store.parse_ref(text)
        users = _user_events(tracker)
        previous = users[-2] if len(users) >= 2 else None
        previous_intent = ((previous or {}).get("parse_data") or {}).get("intent", {}).get("name")
        if ref:
            # "DOK-0042" alone: the status, not a fallback.
            from actions.status import ActionCheckStatus

            await ActionCheckStatus().run(dispatcher, tracker, domain)
            return [SlotSet("handover_requested", False)]
        known = NO_RIDE if declines_ride(text) else faq.outside(text)
        if known:  # "badhe tanglet jadwal posyandu": answered, never "bukan layanan" (round 9)
            dispatcher.utter_message(text=known)
            return [SlotSet("handover_requested", False)]
        words = normalise_text(text).split()
        if previous_intent in NOT_UNDERSTOOD:
            said = normalise_text(f"{(previous or {}).get('text') or ''} {text}").split()
            if acute_illness(said) and not_a_mother(said):  # "tolong pak" after a fall: 112 first (round 13)
                dispatcher.utter_message(response="utter_medical_help")
            dispatcher.utter_message(text="Maaf, kami belum memahami pesan Bapak/Ibu.")
            return [SlotSet("handover_requested", True), SlotSet("handover_reason", "fallback")]
        if animal_subject(words):  # "wedhus isun manak ... getihe metu akeh" (round 17: told to go to the IGD)
            dispatcher.utter_message(text=ANIMAL_HELP)
        elif acute_illness(words) and not_a_mother(words):
            # "anak sy demam tinggi": not a service here, but say where help is
            dispatcher.utter_message(response="utter_medical_help")
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        dispatcher.utter_message(response="utter_menu")
        return [SlotSet("handover_requested", False)]


class ValidateHandoverForm(NextSlotMixin, VillageSlotsMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_handover_form"

    def extract_village(self, dispatcher, tracker, domain) -> dict:
        if form_activating(tracker) and not tracker.get_slot("village"):
            contact = store.get_contact(casework.db(), sender_phone(tracker)) or {}
            if contact.get("village"):
                return {"village": contact["village"], "district": contact.get("district")}
            return {}
        return super().extract_village(dispatcher, tracker, domain)


class ActionSubmitHandover(Action):
    def name(self) -> str:
        return "action_submit_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        db = casework.db()
        phone = sender_phone(tracker)
        reason = tracker.get_slot("handover_reason") or "talk_to_human"
        reset = [SlotSet("handover_requested", False), SlotSet("handover_reason", None),
                 SlotSet("retry_prompt", None), *[SlotSet(s, None) for s in VILLAGE_SLOTS[2:]]]
        contact = store.get_contact(db, phone) or {}
        open_ref = contact.get("paused_for")
        if open_ref:
            case = store.get_case(db, open_ref)
            if case and case["status"] in store.OPEN_STATUSES:
                dispatcher.utter_message(text=f"Pesan Bapak/Ibu sudah diteruskan ke petugas ({open_ref}). "
                                              "Mohon tunggu balasannya.")
                return reset
        texts = request_texts(tracker, reason)
        village = tracker.get_slot("village")
        district = tracker.get_slot("district")
        quoted = " / ".join(f'"{t[:120]}"' for t in texts)
        summary = ("Pesan warga belum dipahami bot: " if reason == "fallback" else "Warga minta bicara dengan petugas. ")
        summary += f"Pesan: {quoted}." if quoted else ""
        case = casework.open_case(
            "handover", tracker, village=village, district=district,
            data={"reason": reason, "messages": texts},
            notify_roles=["operator_desa"], summary=summary.strip(),
        )
        store.upsert_contact(db, phone, paused_for=case["ref"], channel=sender_channel(tracker))
        dispatcher.utter_message(
            text=f"Pesan diteruskan ke petugas desa, nomor {case['ref']}. Petugas akan membalas. "
                 "Pesan Bapak/Ibu berikutnya kami teruskan ke petugas. Ketik BATAL untuk mengakhiri.")
        return reset
