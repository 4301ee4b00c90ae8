"""Menu, cancel and small talk. The menu itself and small talk are responses (domain/base.yml)
driven by rules (data/rules/base.yml); this module holds the actions behind them."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import casework
from actions.tracker import latest_text, request_opening, sender_phone
from actions.village import VILLAGE_SLOTS
from bot.core import store, workflow
from nlu import faq


def form_slots(domain: dict, form: str) -> list[str]:
    """Every slot a form fills: its required slots and any slot mapped only while it is active."""
    spec = (domain.get("forms") or {}).get(form) or {}
    required = spec.get("required_slots") or []
    names = list(required.keys()) if isinstance(required, dict) else list(required)
    for slot, slot_spec in (domain.get("slots") or {}).items():
        for mapping in (slot_spec or {}).get("mappings") or []:
            if any(c.get("active_loop") == form for c in mapping.get("conditions") or []) and slot not in names:
                names.append(slot)
    return names


def end_handover(tracker: Tracker, note: str = "Diakhiri warga (BATAL).") -> str | None:
    """BATAL (or MENU) while the bot is paused for a handover: close that case and lift the pause."""
    db = casework.db()
    phone = sender_phone(tracker)
    contact = store.get_contact(db, phone) or {}
    ref = contact.get("paused_for")
    if not ref:
        return None
    store.upsert_contact(db, phone, paused_for=None)
    case = store.get_case(db, ref)
    if case is None or case["status"] not in store.OPEN_STATUSES:
        return None
    store.update_case(db, ref, actor="warga", event="done", status="done", note=note)
    casework.notify_officers(case, [{"phone": p, "role": "officer", "channel": _channel_of(p)}
                                  for p in case.get("assigned_to") or []],
                           f"{ref}: warga mengakhiri percakapan ({note}). Kasus ditutup.")
    return ref


def _channel_of(phone: str) -> str:
    from bot.core import directory

    return (directory.officer_by_phone(phone) or {}).get("channel") or "whatsapp"


class ActionCancel(Action):
    """BATAL (sent as /cancel): stop the active form and forget its answers."""

    def name(self) -> str:
        return "action_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        form = tracker.active_loop_name
        if form in (None, "emergency_form"):
            # BATAL right after an alarm (a false one: "bukan darurat"): withdraw it, tell the officers
            case = workflow.recent_open_case(casework.db(), sender_phone(tracker), "emergency")
            if case is not None:
                workflow.withdraw(casework.db(), case, "warga membalas BATAL")
                dispatcher.utter_message(response="utter_emergency_withdrawn", ref=case["ref"])
                return stop_form_events(domain, form) if form else [SlotSet("retry_prompt", None)]
        if not form:
            ref = end_handover(tracker)
            if ref:
                dispatcher.utter_message(
                    text=f"Percakapan dengan petugas ({ref}) diakhiri. Ketik MENU untuk layanan lain.")
            else:
                dispatcher.utter_message(response="utter_nothing_to_cancel")
            return [SlotSet("retry_prompt", None)]
        dispatcher.utter_message(response="utter_cancelled")
        # "lho aku mung takon mbak, dudu lapor" (round 23): the question behind the form, answered
        known = faq.outside(latest_text(tracker)) or faq.outside(request_opening(tracker) or "")
        if known:
            dispatcher.utter_message(text=known)
        return stop_form_events(domain, form)


def stop_form_events(domain: dict, form: str) -> list:
    """Deactivate ``form`` and forget its answers."""
    slots = [*form_slots(domain, form), *VILLAGE_SLOTS, "retry_prompt", "retry_count"]
    events: list = [ActiveLoop(None), SlotSet("requested_slot", None)]
    events += [SlotSet(slot, None) for slot in dict.fromkeys(slots) if slot in (domain.get("slots") or {})]
    return events


class ActionShowMenu(Action):
    """MENU (sent as /ask_menu): the service menu. A form in progress is stopped, so that
    the digit the villager answers next is a menu choice, never an answer of that form
    (a "3" must not become an emergency in the middle of a document request)."""

    def name(self) -> str:
        return "action_show_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        form = tracker.active_loop_name
        # The villager wants the bot again: a handover in progress ends (the webhook sends
        # MENU to Rasa even while the bot is paused for an officer).
        end_handover(tracker, note="Warga memilih MENU.")
        dispatcher.utter_message(response="utter_menu")
        return stop_form_events(domain, form) if form else []
