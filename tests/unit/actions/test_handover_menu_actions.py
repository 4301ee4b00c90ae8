"""Handover (talk_to_human, two fallbacks in a row) and cancel (BATAL)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions import handover, menu
from bot.core import store
from tests.unit.actions.trackers import VILLAGER, make_tracker, responses, run_action, slot_events, texts


def user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def test_first_fallback_gets_out_of_scope_and_menu():
    events, d = run_action(handover.ActionFallback(), make_tracker(text="asdf qwer", intent="nlu_fallback"))
    assert [m.get("response") for m in d.messages] == ["utter_out_of_scope", "utter_menu"]
    assert events == [SlotSet("handover_requested", False)]


@pytest.mark.parametrize("text", ["anak sy demam tinggi", "bapak jatuh dari pohon kelapa tdk sadar"])
def test_an_illness_of_someone_not_pregnant_gets_the_112_hint(text):
    events, d = run_action(handover.ActionFallback(), make_tracker(text=text, intent="out_of_scope"))
    assert [m.get("response") for m in d.messages] == ["utter_medical_help", "utter_menu"]
    assert events == [SlotSet("handover_requested", False)]


def test_a_question_we_know_is_answered_not_called_out_of_scope():
    """Round 9, C12: after BATAL, "jadwal posyandu desa Bubuk kapan?" got "bukan layanan nomor ini"."""
    t = make_tracker(text="jadwal posyandu desa Bubuk kapan?", intent="out_of_scope",
                     events=[user("asdf", "nlu_fallback")])  # also right after another fallback
    events, d = run_action(handover.ActionFallback(), t)
    (said,) = texts(d)
    assert said.startswith("Jadwal posyandu") and events == [SlotSet("handover_requested", False)]


def test_a_ride_turned_down_outside_a_form_is_acknowledged():
    """Round 10, c4: "tp aku gak usah dijemput jek mil ya" started the ride form."""
    t = make_tracker(text="tp aku gak usah dijemput jek mil ya, berangkat dewe", intent="out_of_scope")
    events, d = run_action(handover.ActionFallback(), t)
    assert texts(d) == [handover.NO_RIDE] and events == [SlotSet("handover_requested", False)]


def test_second_fallback_in_a_row_asks_for_a_person():
    t = make_tracker(text="zzz", intent="nlu_fallback", events=[user("asdf", "nlu_fallback")])
    events, d = run_action(handover.ActionFallback(), t)
    assert events == [SlotSet("handover_requested", True), SlotSet("handover_reason", "fallback")]
    assert texts(d) == ["Maaf, kami belum memahami pesan Bapak/Ibu."]
    # not in a row: a greeting in between
    t = make_tracker(text="zzz", intent="nlu_fallback", events=[user("asdf", "nlu_fallback"), user("halo", "greet")])
    events, _ = run_action(handover.ActionFallback(), t)
    assert events == [SlotSet("handover_requested", False)]


def test_a_bare_reference_is_a_status_question(svc):
    events, d = run_action(handover.ActionFallback(), make_tracker(text="DOK-0042", intent="nlu_fallback"))
    assert "DOK-0042" in texts(d)[0] and events == [SlotSet("handover_requested", False)]


def test_handover_form_takes_the_village_from_the_contact(svc):
    store.upsert_contact(svc.db(), VILLAGER, village="Jambewangi", district="Sempu")
    t = make_tracker(text="mau bicara dengan petugas", intent="talk_to_human", active_loop="handover_form",
                     slots={"requested_slot": None})
    events, _ = run_action(handover.ValidateHandoverForm(), t)
    assert events == [SlotSet("village", "Jambewangi"), SlotSet("village_choices", None),
                      SlotSet("village_prompt", None), SlotSet("district", "Sempu"),
                      SlotSet("requested_slot", None)]


def test_handover_form_asks_the_village_when_unknown(svc):
    t = make_tracker(text="mau bicara dengan petugas", intent="talk_to_human", active_loop="handover_form",
                     slots={"requested_slot": None})
    events, _ = run_action(handover.ValidateHandoverForm(), t)
    assert events == [SlotSet("requested_slot", "village")]


def test_submit_opens_opr_case_and_pauses_the_contact(svc):
    t = make_tracker(text="Jambewangi", slots={"village": "Jambewangi", "district": "Sempu",
                                               "handover_reason": "fallback"},
                     events=[user("asdf", "nlu_fallback"), user("zzz", "nlu_fallback")])
    events, d = run_action(handover.ActionSubmitHandover(), t)
    assert "OPR-0001" in texts(d)[0] and len(texts(d)[0]) <= 160
    case = svc.case("OPR-0001")
    assert case["kind"] == "handover" and case["data"]["reason"] == "fallback"
    assert case["data"]["messages"] == ["asdf", "zzz"]  # what was not understood, not the desa answer
    assert "Jambewangi" not in svc.notified[0]["body"].split("Pesan:")[-1]
    assert store.get_contact(svc.db(), VILLAGER)["paused_for"] == "OPR-0001"
    (note,) = svc.notified
    assert note["to"] == "+6285200004174" and "OPR-0001" in note["body"]
    assert SlotSet("handover_requested", False) in events
    # a second request while the first is open opens nothing new
    _, d = run_action(handover.ActionSubmitHandover(), t)
    assert "OPR-0001" in texts(d)[0] and svc.case("OPR-0002") is None


def test_cancel_in_a_form_clears_its_slots():
    t = make_tracker(text="/cancel", intent="cancel", active_loop="document_form",
                     slots={"requested_slot": "nik", "document_type": "ktp", "applicant_name": "Siti"})
    events, d = run_action(menu.ActionCancel(), t)
    assert [m.get("response") for m in d.messages] == ["utter_cancelled"]
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    cleared = slot_events(events)
    for slot in ("document_type", "doc_variant", "applicant_name", "nik", "nik_outside_ok", "doc_confirm",
                 "village", "district", "village_choices", "village_prompt", "retry_prompt"):
        assert slot in cleared and cleared[slot] is None
    assert "hml_mother_name" not in cleared


def test_cancel_of_a_report_that_was_only_a_question_answers_it():
    """Round 23, 2: "aku mung takon mbak, dudu lapor" ends the report (the webhook sends /cancel
    with the words); the question it opened with is answered, never promised and dropped."""
    opener = {"event": "user", "text": "ibu hamil oleh ngombe kopi ta?",
              "parse_data": {"intent": {"name": "report_pregnancy"}}, "metadata": {}}
    t = make_tracker(text="/cancel", intent="cancel", active_loop="pregnancy_form",
                     metadata={"text": "lho aku mung takon mbak, dudu lapor"},
                     events=[opener, {"event": "active_loop", "name": "pregnancy_form"}],
                     slots={"requested_slot": "hml_mother_name"})
    events, d = run_action(menu.ActionCancel(), t)
    assert responses(d)[0] == "utter_cancelled"
    assert texts(d) and texts(d)[0].startswith("Untuk soal kesehatan ibu hamil, tanyakan bidan desa")
    assert events[0] == ActiveLoop(None)
    # a BATAL of a report that was no question says nothing more
    t = make_tracker(text="/cancel", intent="cancel", active_loop="pregnancy_form",
                     events=[{**opener, "text": "mau lapor istri hamil"}, {"event": "active_loop",
                                                                             "name": "pregnancy_form"}])
    _, d = run_action(menu.ActionCancel(), t)
    assert responses(d) == ["utter_cancelled"]


def test_cancel_with_nothing_running(svc):
    events, d = run_action(menu.ActionCancel(), make_tracker(text="/cancel", intent="cancel"))
    assert [m.get("response") for m in d.messages] == ["utter_nothing_to_cancel"]
    assert events == [SlotSet("retry_prompt", None)]


def paused_handover(svc):
    """An open OPR case for the Jambewangi operator, the villager paused for it."""
    db = svc.db()
    case = store.create_case(db, "handover", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=["+6285200004174"])
    store.upsert_contact(db, VILLAGER, paused_for=case["ref"])
    return db, case


def test_cancel_ends_a_handover(svc):
    db, case = paused_handover(svc)
    _, d = run_action(menu.ActionCancel(), make_tracker(text="/cancel", intent="cancel"))
    assert case["ref"] in texts(d)[0]
    assert svc.case(case["ref"])["status"] == "done"
    assert store.get_contact(db, VILLAGER)["paused_for"] is None
    assert svc.notified[0]["to"] == "+6285200004174"


def test_menu_shows_the_menu_and_stops_a_form(svc):
    t = make_tracker(text="/ask_menu", intent="ask_menu", active_loop="complaint_form",
                     slots={"requested_slot": "village", "complaint_category": "kdrt"})
    events, d = run_action(menu.ActionShowMenu(), t)
    assert [m.get("response") for m in d.messages] == ["utter_menu"]
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert slot_events(events)["complaint_category"] is None
    events, d = run_action(menu.ActionShowMenu(), make_tracker(text="/ask_menu", intent="ask_menu"))
    assert events == [] and [m.get("response") for m in d.messages] == ["utter_menu"]


def test_menu_ends_a_handover(svc):
    db, case = paused_handover(svc)
    _, d = run_action(menu.ActionShowMenu(), make_tracker(text="/ask_menu", intent="ask_menu"))
    assert [m.get("response") for m in d.messages] == ["utter_menu"]
    assert svc.case(case["ref"])["status"] == "done"
    assert store.get_contact(db, VILLAGER)["paused_for"] is None


def test_out_of_scope_counts_as_a_fallback():
    t = make_tracker(text="jual pulsa?", intent="out_of_scope", events=[user("harga cabai?", "out_of_scope")])
    events, _ = run_action(handover.ActionFallback(), t)
    assert events == [SlotSet("handover_requested", True), SlotSet("handover_reason", "fallback")]


def test_the_handover_after_an_accident_carries_it_and_the_second_reply_repeats_112(svc):
    """Round 13 M3: "bapak sy jatuh dari pohon kelapa, kakinya patah", "tolong pak", then the desa
    answer (also not understood): the operator read only "tolong pak" and the desa answer; and
    "tolong pak" got "belum memahami" with no 112."""
    fall = user("bapak sy jatuh dari pohon kelapa, kakinya patah", "out_of_scope")
    t = make_tracker(text="tolong pak", intent="nlu_fallback", events=[fall])
    events, d = run_action(handover.ActionFallback(), t)
    assert d.messages[0].get("response") == "utter_medical_help"
    assert SlotSet("handover_requested", True) in events
    t = make_tracker(text="desa bareng kabat pak, bapak sy kesakitan gak bisa jalan",
                     slots={"village": "Bareng", "district": "Kabat", "handover_reason": "fallback"},
                     events=[fall, user("tolong pak", "nlu_fallback"),
                             {"event": "active_loop", "name": "handover_form"}])
    run_action(handover.ActionSubmitHandover(), t)
    case = svc.case("OPR-0001")
    assert case["data"]["messages"] == ["bapak sy jatuh dari pohon kelapa, kakinya patah", "tolong pak"]


def test_an_animal_giving_birth_is_pointed_to_the_vet_not_the_igd():
    # round 17: a goat's bleeding got "segera bawa ke puskesmas atau IGD"
    from actions.handover import ANIMAL_HELP, ActionFallback
    text = "tulung, wedhus isun manak ket mau isuk durung metu anake, getihe metu akeh. isun ring Olehsari"
    _, d = run_action(ActionFallback(), make_tracker(text=text, intent="nlu_fallback"))
    assert [m.get("text") or m.get("response") for m in d.messages] == [ANIMAL_HELP, "utter_menu"]
