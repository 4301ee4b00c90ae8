"""The desa a form holds: a place named in passing in a later answer does not move the case
(``hold_place`` before a form's validation, ``keep_place`` after it)."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.tracker import slot_before_latest_message


def hold_place(tracker: Tracker) -> tuple[str, str | None] | None:
    """Call first in a form's ``get_validation_events``. A place named in a later answer ("puskesmas
    sobo", "dekat desa kaliploso") must not move the case: when this turn has desa candidates while the
    form asked something else, they are dropped and the old (village, district) returned; else None."""
    requested = tracker.get_slot("requested_slot")
    if not requested or requested == "village":
        return None
    before, district = slot_before_latest_message(tracker, "village"), slot_before_latest_message(tracker, "district")
    if not before or (requested.endswith("_confirm") and tracker.get_slot("village") == before
                      and tracker.get_slot("district") == district):
        return None  # the same desa mid-form ("cedek SDN 2 Grajagan", round 20) is held; at a summary "RSUD Genteng"
        # said in passing is no new kecamatan of the same desa (round 21 H2)
    # this turn's candidates: the slot events after the latest user message (Rasa's own extraction may
    # be followed by other events, so not only the trailing ones)
    n = max((k + 1 for k, e in enumerate(tracker.events) if e.get("event") == "user"), default=0)
    if not any(e.get("event") == "slot" and e.get("name") in ("village", "district") for e in tracker.events[n:]):
        return None  # no desa this turn: nothing to hold (round 21: set again every turn, BATAL never ended the form)
    kept = (before, district)
    tracker.slots["village"], tracker.slots["district"] = kept
    tracker.events[n:] = [e for e in tracker.events[n:]
                          if not (e.get("event") == "slot" and e.get("name") in ("village", "district"))]
    return kept


def keep_place(events: list, kept: tuple[str, str | None] | None) -> list:
    """The validation events, with the held (village, district) set again."""
    if kept is None:
        return events
    return [e for e in events if e.get("name") not in ("village", "district")] + [
        SlotSet("village", kept[0]), SlotSet("district", kept[1])]
