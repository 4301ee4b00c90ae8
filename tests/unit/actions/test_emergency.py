"""Emergency: first reply at once, case DRT at once, officers told, village asked only
when unknown, escalation when nobody acknowledges."""
from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions import emergency
from bot.core import directory, escalation, store
from tests.unit.actions.trackers import (
    BHABIN_JAMBEWANGI,
    BIDAN_JAMBEWANGI,
    BINMAS_SEMPU,
    JEKMIL_SEMPU,
    PUSKESMAS_SEMPU,
    VILLAGER,
    answer,
    make_tracker,
    responses,
    run_action,
    slot_events,
    texts,
)

JAMBEWANGI = [{"entity": "village", "value": "Jambewangi"}]
BIDAN_KOORDINATOR_SEMPU = "+6285200001920"
OPERATOR_KEC_SEMPU = "+6285200004920"


@pytest.mark.parametrize(
    "text, signs",
    [
        ("tolong istri saya pendarahan banyak", ["perdarahan"]),
        ("ibu hamil kejang kejang", ["kejang"]),
        ("air ketuban sudah pecah tapi belum ada bidan", ["ketuban_pecah"]),
        ("demam tinggi dan pusing berat, pandangan kabur", ["demam_tinggi", "sakit_kepala_pandangan_kabur"]),
        ("bayinya tidak bergerak sejak kemarin", ["janin_kurang_gerak"]),
        ("mules mau melahirkan tidak ada kendaraan", ["persalinan"]),
        ("pingsan", ["pingsan"]),
        ("tolong cepat", ["lainnya"]),
    ],
)
def test_detect_signs(text, signs):
    assert emergency.detect_signs(text) == signs


def test_first_reply_and_case_before_the_village_is_known(svc):
    tracker = make_tracker(text="tolong istri saya pendarahan", intent="pregnancy_emergency")
    events, dispatcher = run_action(emergency.ActionEmergency(), tracker)
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_recorded"]
    assert dispatcher.messages[1]["ref"] == "DRT-0001"
    assert events == [
        ActiveLoop(None), SlotSet("requested_slot", None),
        SlotSet("emergency_ref", "DRT-0001"), SlotSet("emergency_village_tries", 0),
        SlotSet("village", None), SlotSet("district", None),
    ]
    case = svc.case("DRT-0001")
    assert case["kind"] == "emergency" and case["status"] == "new" and case["village"] is None
    assert case["data"]["risk_level"] == "KRST"
    assert "kspr_score" not in case["data"]  # not known: she was never screened
    assert case["data"]["danger_signs"] == ["perdarahan"]
    # the place is unknown: the regency's duty desk is told at once, nobody else yet
    (duty,) = svc.notified
    assert duty["to"] == directory.officers_for("piket_darurat")[0]["phone"]
    assert "DRT-0001" in duty["body"]
    assert svc.scheduled == [
        {"func": "bot.core.escalation.escalate", "args": ("DRT-0001", 1), "at": None, "in_seconds": 3}]


def test_instructions_go_out_even_when_the_store_fails(svc, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(emergency, "open_emergency", broken)
    tracker = make_tracker(text="kejang", intent="pregnancy_emergency")
    events, dispatcher = run_action(emergency.ActionEmergency(), tracker)
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_not_recorded"]
    # the village is not asked: the emergency form ends at once
    assert SlotSet("emergency_village_tries", emergency.MAX_VILLAGE_TRIES) in events


def test_village_in_the_message_tells_its_officers_at_once(svc):
    tracker = make_tracker(text="ketuban pecah di jambewangi", intent="pregnancy_emergency", entities=JAMBEWANGI)
    events, dispatcher = run_action(emergency.ActionEmergency(), tracker)
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_notified"]
    assert dispatcher.messages[1]["village"] == "Jambewangi"
    assert slot_events(events)["village"] == "Jambewangi"
    assert [n["to"] for n in svc.notified] == [BIDAN_JAMBEWANGI, PUSKESMAS_SEMPU, BHABIN_JAMBEWANGI]
    body = svc.notified[0]["body"]
    assert "DRT-0001" in body and "ketuban pecah" in body and VILLAGER in body and "TERIMA DRT-0001" in body
    case = svc.case("DRT-0001")
    assert (case["village"], case["district"]) == ("Jambewangi", "Sempu")


def test_a_desa_in_the_words_behind_the_payload_tells_its_officers(svc):
    """The answer to the "3 Darurat" question comes as /pregnancy_emergency with the words in the
    metadata: no entity, but the desa named there is the case's."""
    tracker = make_tracker(text="/pregnancy_emergency", intent="pregnancy_emergency",
                           metadata={"text": "istri sy pendarahan di jambewangi"})
    _, dispatcher = run_action(emergency.ActionEmergency(), tracker)
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_notified"]
    case = svc.case("DRT-0001")
    assert (case["village"], case["district"]) == ("Jambewangi", "Sempu")
    assert case["data"]["danger_signs"] == ["perdarahan"]
    assert [n["to"] for n in svc.notified] == [BIDAN_JAMBEWANGI, PUSKESMAS_SEMPU, BHABIN_JAMBEWANGI]
    assert "istri sy pendarahan di jambewangi" in svc.notified[0]["body"]


def test_no_desa_behind_the_payload_asks_it(svc):
    tracker = make_tracker(text="/pregnancy_emergency", intent="pregnancy_emergency",
                           metadata={"text": "(memilih DARURAT dari menu, belum menjawab)"})
    _, dispatcher = run_action(emergency.ActionEmergency(), tracker)
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_recorded"]
    assert svc.case("DRT-0001")["village"] is None


def test_contact_stored_village_is_used(svc):
    store.upsert_contact(svc.db(), VILLAGER, village="Jambewangi", district="Sempu")
    _, dispatcher = run_action(emergency.ActionEmergency(), make_tracker(text="kejang", intent="pregnancy_emergency"))
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_notified"]
    assert len(svc.notified) == 3


def test_village_of_an_earlier_case_is_used(svc):
    store.create_case(svc.db(), "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                      data={"document_type": "kk"})
    _, dispatcher = run_action(emergency.ActionEmergency(), make_tracker(text="kejang", intent="pregnancy_emergency"))
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_notified"]
    assert svc.case("DRT-0001")["village"] == "Jambewangi"


def test_whatsapp_location_pin_goes_to_the_case_and_the_notice(svc):
    tracker = make_tracker(text="pendarahan di jambewangi", intent="pregnancy_emergency", entities=JAMBEWANGI,
                           channel="whatsapp")
    tracker.latest_message["metadata"].update({"latitude": -8.25, "longitude": 114.2})
    run_action(emergency.ActionEmergency(), tracker)
    assert svc.case("DRT-0001")["data"]["location"] == {"latitude": -8.25, "longitude": 114.2}
    assert "maps.google.com/?q=-8.25,114.2" in svc.notified[0]["body"]


def test_earlier_pregnancy_report_gives_the_kspr_score(svc):
    earlier = store.create_case(svc.db(), "pregnancy", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                                data={"risk_level": "KRT", "kspr_score": 6, "factors": ["terlalu_tua_umur"]})
    tracker = make_tracker(text="pendarahan", intent="pregnancy_emergency", slots={"hml_ref": earlier["ref"]})
    run_action(emergency.ActionEmergency(), tracker)
    data = svc.case("DRT-0001")["data"]
    assert data["risk_level"] == "KRST"
    assert data["kspr_score"] == 14  # 2 + 4 (umur >= 35) + 8 (perdarahan)
    assert data["pregnancy_ref"] == "HML-0001"


def test_a_second_message_updates_the_same_case(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="pendarahan", intent="pregnancy_emergency"))
    tracker = make_tracker(text="sekarang kejang juga, di jambewangi", intent="pregnancy_emergency",
                           entities=JAMBEWANGI, slots={"emergency_ref": "DRT-0001"})
    _, dispatcher = run_action(emergency.ActionEmergency(), tracker)
    assert responses(dispatcher) == ["utter_emergency_now", "utter_emergency_notified"]
    assert store.list_cases(svc.db(), kind="emergency") and len(store.list_cases(svc.db(), kind="emergency")) == 1
    case = svc.case("DRT-0001")
    assert case["data"]["danger_signs"] == ["kejang", "perdarahan"] and case["village"] == "Jambewangi"
    assert len(svc.notified) == 5 and len(svc.scheduled) == 1  # the duty desk, then the village's three
    # round 9, finding 8: the duty desk paged first hears where it went, not left hanging
    last = svc.notified[-1]
    assert last["to"] == svc.notified[0]["to"] and "desa diketahui (Jambewangi)" in last["body"]


def test_village_answer_is_taken_even_when_called_an_emergency_again(svc):
    slots, _said = answer(emergency.ValidateEmergencyForm(), "emergency_form", "village", "Jambewangi cepat",
                         intent="pregnancy_emergency", entities=JAMBEWANGI)
    assert (slots["village"], slots["district"]) == ("Jambewangi", "Sempu")


def test_more_danger_signs_while_asked_for_the_village_go_back_to_the_emergency_rule(svc):
    tracker = make_tracker(text="sekarang kejang juga", intent="pregnancy_emergency", active_loop="emergency_form",
                           slots={"requested_slot": "village"})
    events, _ = run_action(emergency.ValidateEmergencyForm(), tracker)
    assert events == []  # nothing extracted: the form is rejected, action_emergency updates the case


def test_village_asked_twice_at_most(svc):
    v = emergency.ValidateEmergencyForm()
    slots, _ = answer(v, "emergency_form", "village", "xqzv")
    assert slots["village"] is None and slots["emergency_village_tries"] == 1
    assert "requested_slot" not in slots  # Rasa asks the village again
    slots, _ = answer(v, "emergency_form", "village", "xqzv lagi", slots={"emergency_village_tries": 1})
    assert slots["emergency_village_tries"] == 2 and slots["requested_slot"] is None


def test_village_arrives_case_updated_and_officers_told(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="pendarahan", intent="pregnancy_emergency"))
    tracker = make_tracker(text="Jambewangi", slots={"emergency_ref": "DRT-0001", "village": "Jambewangi",
                                                     "district": "Sempu"})
    events, dispatcher = run_action(emergency.ActionEmergencyVillage(), tracker)
    assert responses(dispatcher) == ["utter_emergency_village_ok"]
    assert SlotSet("emergency_village_tries", None) in events
    case = svc.case("DRT-0001")
    assert (case["village"], case["district"]) == ("Jambewangi", "Sempu")
    duty = directory.officers_for("piket_darurat")[0]["phone"]
    # the duty desk paged first hears at the end where it went (round 9, finding 8)
    assert [n["to"] for n in svc.notified] == [duty, BIDAN_JAMBEWANGI, PUSKESMAS_SEMPU, BHABIN_JAMBEWANGI, duty]
    assert "desa diketahui (Jambewangi)" in svc.notified[-1]["body"]
    assert set(case["assigned_to"]) == {duty, BIDAN_JAMBEWANGI, PUSKESMAS_SEMPU, BHABIN_JAMBEWANGI}
    assert store.get_contact(svc.db(), VILLAGER)["village"] == "Jambewangi"


def test_village_known_from_the_start_needs_no_second_message(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="kejang di jambewangi", intent="pregnancy_emergency",
                                                   entities=JAMBEWANGI))
    tracker = make_tracker(slots={"emergency_ref": "DRT-0001", "village": "Jambewangi", "district": "Sempu"})
    _, dispatcher = run_action(emergency.ActionEmergencyVillage(), tracker)
    assert responses(dispatcher) == []
    assert len(svc.notified) == 3


def test_village_never_known(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="pendarahan", intent="pregnancy_emergency"))
    _, dispatcher = run_action(emergency.ActionEmergencyVillage(), make_tracker(slots={"emergency_ref": "DRT-0001"}))
    assert responses(dispatcher) == ["utter_emergency_village_unknown"]


# --------------------------------------------------------------------------- escalation


def _open_case(svc, *, waited=True):
    run_action(emergency.ActionEmergency(), make_tracker(text="kejang di jambewangi", intent="pregnancy_emergency",
                                                   entities=JAMBEWANGI))
    if waited:  # EMERGENCY_ACK_SECONDS have passed
        store.update_case(svc.db(), "DRT-0001", actor="test", event="t", data={"ack_due": "2000-01-01T00:00:00+07:00"})
    svc.notified.clear()
    svc.scheduled.clear()


def test_the_officers_get_their_whole_time_to_answer(svc):
    _open_case(svc, waited=False)
    assert svc.case("DRT-0001")["data"]["ack_due"]
    assert escalation.escalate("DRT-0001", 1) == "postponed"
    assert svc.notified == []
    [job] = svc.scheduled
    assert job["args"] == ("DRT-0001", 1) and 1 <= job["in_seconds"] <= 3


def test_village_given_late_restarts_the_time_to_answer(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="pendarahan", intent="pregnancy_emergency"))
    assert "ack_due" not in svc.case("DRT-0001")["data"]
    tracker = make_tracker(text="Jambewangi", slots={"emergency_ref": "DRT-0001", "village": "Jambewangi",
                                                     "district": "Sempu"})
    run_action(emergency.ActionEmergencyVillage(), tracker)
    assert svc.case("DRT-0001")["data"]["ack_due"]


def test_escalation_level_one_when_nobody_acknowledged(svc):
    _open_case(svc)
    assert escalation.escalate("DRT-0001", 1) == "escalated"
    # the desa's midwife is buzzed once more (round 11), then the kecamatan's police and puskesmas
    assert [n["to"] for n in svc.notified] == [BIDAN_JAMBEWANGI, BINMAS_SEMPU, PUSKESMAS_SEMPU, VILLAGER]
    assert all(n["body"].startswith("ULANG 1") and "DRT-0001" in n["body"] for n in svc.notified[:3])
    assert "112" in svc.notified[-1]["body"]
    assert svc.scheduled == [
        {"func": "bot.core.escalation.escalate", "args": ("DRT-0001", 2), "at": None, "in_seconds": 3}]
    case = svc.case("DRT-0001")
    assert case["data"]["escalation_level"] == 1
    assert BINMAS_SEMPU in case["assigned_to"]
    assert any(e["event"] == "eskalasi_1" for e in store.case_events(svc.db(), "DRT-0001"))


def test_escalation_level_two_tells_the_kecamatan_then_the_regency_duty_desk(svc):
    """Round 10, finding 1: after level 2 nobody else was told, while the villager heard "tiap
    2 menit kami kabari petugas berikutnya"; level 3 is the regency's duty desk, the last."""
    _open_case(svc)
    assert escalation.escalate("DRT-0001", 2) == "escalated"
    told = [n["to"] for n in svc.notified]
    assert told == [PUSKESMAS_SEMPU, BINMAS_SEMPU, BIDAN_KOORDINATOR_SEMPU, JEKMIL_SEMPU, OPERATOR_KEC_SEMPU]
    assert [(j["func"], j["args"]) for j in svc.scheduled] == [(escalation.JOB, ("DRT-0001", 3))]
    svc.notified.clear()
    svc.scheduled.clear()
    assert escalation.escalate("DRT-0001", 3) == "escalated"
    duty = directory.officers_for("piket_darurat")[0]["phone"]
    assert [n["to"] for n in svc.notified] == [duty] and "ULANG 3" in svc.notified[0]["body"]
    answer = escalation.news_answer(svc.db(), svc.case("DRT-0001"))
    assert "piket darurat kabupaten sudah kami kabari" in answer and "tiap" not in answer
    # round 12 H1: nobody took it after the last level, and it went quiet; now the duty desk and
    # the desa's midwife and puskesmas are paged again, REPEATS times, then it stops
    assert [(j["func"], j["args"]) for j in svc.scheduled] == [(escalation.JOB, ("DRT-0001", 4))]
    for level in range(4, escalation.MAX_LEVEL + escalation.REPEATS + 1):
        svc.notified.clear()
        svc.scheduled.clear()
        assert escalation.escalate("DRT-0001", level) == "escalated"
        last = level == escalation.MAX_LEVEL + escalation.REPEATS  # the villager hears the pages end
        assert [n["to"] for n in svc.notified] == [duty, BIDAN_JAMBEWANGI, PUSKESMAS_SEMPU] + ([VILLAGER] if last else [])
        assert svc.notified[0]["body"].startswith(f"ULANG {level}{' (TERAKHIR)' if last else ''}: belum ada petugas")
    assert svc.scheduled == []  # the repeats are over
    svc.notified.clear()
    store.update_case(svc.db(), "DRT-0001", actor="x", event="accepted", status="in_progress",
                      acknowledged_by=BIDAN_JAMBEWANGI)
    assert escalation.escalate("DRT-0001", 5) == "acknowledged" and svc.notified == []


@pytest.mark.parametrize("change", [{"acknowledged_by": BIDAN_JAMBEWANGI}, {"status": "in_progress"}])
def test_no_escalation_after_acknowledgement(svc, change):
    _open_case(svc)
    store.update_case(svc.db(), "DRT-0001", actor=BIDAN_JAMBEWANGI, event="terima", **change)
    assert escalation.escalate("DRT-0001", 1) == "acknowledged"
    assert svc.notified == [] and svc.scheduled == []


def test_escalation_without_a_place_reminds_the_duty_desk(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="pendarahan", intent="pregnancy_emergency"))
    svc.scheduled.clear()
    svc.notified.clear()
    duty = directory.officers_for("piket_darurat")[0]["phone"]
    assert escalation.escalate("DRT-0001", 1) == "escalated"
    assert [n["to"] for n in svc.notified] == [duty, VILLAGER]
    assert svc.notified[0]["body"].startswith("ULANG 1")
    assert len(svc.scheduled) == 1


def test_escalation_of_a_missing_case(svc):
    assert escalation.escalate("DRT-0099", 1) == "missing"
    assert svc.notified == [] and svc.scheduled == []


def test_news_on_an_unanswered_emergency_goes_to_the_officers_already_told(svc):
    first = make_tracker(text="bumil di jambewangi pendarahan", intent="pregnancy_emergency", entities=JAMBEWANGI)
    run_action(emergency.ActionEmergency(), first)
    told = {n["to"] for n in svc.notified}
    assert len(told) == 3
    again = make_tracker(text="darahnya makin banyak, istri sy pingsan", intent="pregnancy_emergency",
                         slots={"emergency_ref": "DRT-0001", "village": "Jambewangi", "district": "Sempu"})
    run_action(emergency.ActionEmergency(), again)
    news = svc.notified[3:]
    assert {n["to"] for n in news} == told
    assert all("pingsan" in n["body"] and "TERIMA DRT-0001" in n["body"] for n in news)
    assert svc.case("DRT-0001")["data"]["danger_signs"] == ["perdarahan", "pingsan"]


def test_a_case_opened_while_rasa_was_down_goes_on_without_a_second_alarm(svc):
    """Issue 9: the inbox hands Rasa the ref of the case the webhook opened (metadata
    ``emergency_ref``): the same case, no second case, no notice to the officers again."""
    opened = store.create_case(svc.db(), "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                               data={"danger_signs": ["perdarahan"], "opened_without_rasa": True},
                               assigned_to=["+6285200001174"])
    tracker = make_tracker(text="istri sy hamil pendarahan di jambewangi", intent="pregnancy_emergency",
                           entities=JAMBEWANGI)
    tracker.latest_message["metadata"]["emergency_ref"] = opened["ref"]
    events, _ = run_action(emergency.ActionEmergency(), tracker)
    assert SlotSet("emergency_ref", opened["ref"]) in events
    assert [c["ref"] for c in store.list_cases(svc.db(), phone=VILLAGER)] == [opened["ref"]]
    assert svc.notified == []


def test_the_same_womans_second_caller_hears_who_took_it_and_is_told_once(svc):
    """Round 10, c5: the grandmother's "bu bidan sampun tindak dereng? putuku durung sadar" (a sign,
    so the emergency action takes it) got the template twice, was stored as the address, and each
    officer got it twice, although the midwife had taken the husband's DRT-0001."""
    db = svc.db()
    first = store.create_case(db, "emergency", "+6281200000093", "sms", village="Jambewangi", district="Sempu",
                              assigned_to=[BIDAN_JAMBEWANGI])
    store.update_case(db, first["ref"], actor=BIDAN_JAMBEWANGI, event="terima", status="in_progress",
                      acknowledged_by=BIDAN_JAMBEWANGI)
    second = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                               assigned_to=[BIDAN_JAMBEWANGI, PUSKESMAS_SEMPU], data={"related": [first["ref"]]})
    text = "bu bidan sampun tindak dereng? putuku durung sadar"
    slots = {"emergency_ref": second["ref"], "village": "Jambewangi", "district": "Sempu"}
    _, dispatcher = run_action(emergency.ActionEmergency(),
                               make_tracker(text=text, intent="pregnancy_emergency", slots=slots))
    said = texts(dispatcher)
    assert any(f"Bidan Desa Jambewangi sudah menerima laporan lain dari desa ini ({first['ref']}), telp" in t for t in said)
    assert sum(text in n["body"] for n in svc.notified) == 2  # the two officers of DRT-0002, once each
    run_action(emergency.ActionEmergencyVillage(), make_tracker(text=text, slots=slots))
    assert sum(text in n["body"] for n in svc.notified) == 2  # no second notice
    assert "address" not in store.get_case(db, second["ref"])["data"]


def test_news_with_a_sign_on_a_placed_alarm_says_whether_anyone_took_it(svc):
    """Round 11, c1: "bidane kapan teko? bojoku jik metu getih terus" at 4 minutes, nobody had
    accepted, got the template "Bidan dan petugas Desa Kemiren sudah kami kabari"."""
    run_action(emergency.ActionEmergency(), make_tracker(text="istri hamil pendarahan di jambewangi",
                                                         intent="pregnancy_emergency", entities=JAMBEWANGI))
    slots = {"emergency_ref": "DRT-0001", "village": "Jambewangi", "district": "Sempu"}
    _, dispatcher = run_action(emergency.ActionEmergency(), make_tracker(
        text="bidane kapan teko? bojoku jik metu getih terus", intent="pregnancy_emergency", slots=slots))
    assert any("Petugas belum membalas" in t and "DRT-0001" in t for t in texts(dispatcher))
    assert "utter_emergency_notified" not in responses(dispatcher)


def test_a_second_number_about_the_same_desa_is_linked_from_its_first_page(svc):
    """Round 11, c1: the grandmother's DRT-0002 (desa named at once) was linked to DRT-0001 only at
    its first escalation, and her "bidane wis budhal durung?" was not told the midwife had it."""
    db = svc.db()
    first = escalation.open_emergency(db, "+6281200000093", "sms", village="Jambewangi", district="Sempu",
                                      signs=["perdarahan"], text="istri pendarahan")
    store.update_case(db, first["ref"], actor=BIDAN_JAMBEWANGI, event="terima", status="in_progress",
                      acknowledged_by=BIDAN_JAMBEWANGI)
    svc.notified.clear()
    second = escalation.open_emergency(db, VILLAGER, "sms", village="Jambewangi", district="Sempu",
                                       signs=["kejang"], text="putuku kejang")
    assert second["data"]["related"] == [first["ref"]]
    pages = [n["body"] for n in svc.notified if n["case_ref"] == second["ref"]]
    assert len(pages) == 3 and all(f"Mungkin sama dengan {first['ref']} (nomor lain)" in b for b in pages)
    taken = escalation.news_answer(db, store.get_case(db, second["ref"]))
    assert f"Bidan Desa Jambewangi sudah menerima laporan lain dari desa ini ({first['ref']})" in taken


def test_an_officers_whole_report_that_is_an_emergency_keeps_its_facts(svc):
    """Round 10 F8: the Bhabinkamtibmas' full report became DRT-0003 with only its signs; the
    mother's name, age, pregnancy, history and the husband's number were lost, the words cut."""
    text = ("Izin Ndan, lapor bumil an. Sdri. WATINI, 38 th, G5, hamil 7 bulan, riwayat SC, tensi 160/100, "
            "kaki bengkak, pusing berat pandangan kabur, Dsn Krajan RT 02 Jambewangi. HP suami 081234567801. "
            "Mohon ditindaklanjuti bidan desa, terima kasih.")
    tracker = make_tracker(text=text, intent="pregnancy_emergency", entities=JAMBEWANGI, sender=BHABIN_JAMBEWANGI)
    run_action(emergency.ActionEmergency(), tracker)
    data = svc.case("DRT-0001")["data"]
    assert (data["mother_name"], data["age"], data["pregnancy_number"]) == ("Watini", "38", "5")
    assert data["contact_phone"] == "+6281234567801" and "pernah_operasi_sesar" in data["history"]
    assert data["message"] == text  # whole, not cut at 300
    (page,) = [n["body"] for n in svc.notified if n["to"] == BIDAN_JAMBEWANGI]
    assert "Ibu: Watini, umur 38, hamil ke-5" in page and "telp keluarga +6281234567801" in page
    assert "Mohon ditindaklanjuti" in page


def test_a_cadres_report_titled_ny_keeps_the_mothers_name(svc):
    """Round 20: DRT cases of "Ny. Ernawati G2P1A0 UK 34 mgg ..." had no mother's name."""
    text = "Lapor kader: Ny. Ernawati G2P1A0 UK 34 mgg, TD 170/110, nyeri ulu hati, pandangan kabur. Ds Jambewangi"
    run_action(emergency.ActionEmergency(), make_tracker(text=text, intent="pregnancy_emergency", entities=JAMBEWANGI))
    data = svc.case("DRT-0001")["data"]
    assert (data["mother_name"], data["gestation"], data["blood_pressure"]) == ("Ernawati", "34 mgg", "170/110")
    (page,) = [n["body"] for n in svc.notified if n["to"] == BIDAN_JAMBEWANGI]
    assert "Ibu: Ernawati" in page


def test_a_villagers_few_words_make_no_report_facts(svc):
    run_action(emergency.ActionEmergency(), make_tracker(text="tolong istri saya pendarahan banyak di jambewangi",
                                                         intent="pregnancy_emergency", entities=JAMBEWANGI))
    data = svc.case("DRT-0001")["data"]
    assert not {"mother_name", "age", "pregnancy_number", "history"} & set(data)


def test_a_new_sign_after_the_pages_ended_pages_again_once_and_keeps_the_address(svc):
    """Round 13 H1 and round 14: "saiki semaput" after the last page did not page again; once it
    did, the same turn's village step forwarded it a second time and stored it as the address."""
    _open_case(svc)
    store.update_case(svc.db(), "DRT-0001", actor="test", event="t",
                      data={"escalation_level": escalation.MAX_LEVEL + escalation.REPEATS, "address": "cedhak masjid"})
    text = "mbak tulung, saiki semaput bojoku"
    tracker = make_tracker(text=text, intent="pregnancy_emergency", slots={"emergency_ref": "DRT-0001"})
    run_action(emergency.ActionEmergency(), tracker)
    assert [j["args"] for j in svc.scheduled] == [("DRT-0001", 1)]  # the whole ladder again
    forwarded = len([n for n in svc.notified if text in n["body"]])
    village_turn = make_tracker(text=text, intent="pregnancy_emergency",
                                slots={"emergency_ref": "DRT-0001", "village": "Jambewangi", "district": "Sempu"})
    run_action(emergency.ActionEmergencyVillage(), village_turn)
    assert len([n for n in svc.notified if text in n["body"]]) == forwarded  # not a second time
    data = svc.case("DRT-0001")["data"]
    assert data["address"] == "cedhak masjid" and "pingsan" in data["danger_signs"]


def test_a_desa_named_with_its_kecamatan_pages_that_desas_midwife(svc):
    """Round 15: "neng Kandangan mbak, Pesanggaran" paged Pesanggaran's midwife (the NLU's entity
    was the kecamatan, which is a desa's name too), never Kandangan's."""
    text = "bojoku meteng 8 sasi metu getih, neng Kandangan mbak, Pesanggaran"
    run_action(emergency.ActionEmergency(), make_tracker(text=text, intent="pregnancy_emergency",
                                                         entities=[{"entity": "village", "value": "Pesanggaran"}]))
    case = svc.case("DRT-0001")
    assert (case["village"], case["district"]) == ("Kandangan", "Pesanggaran")
    bidan = directory.officers_for("bidan", village="Kandangan", district="Pesanggaran")[0]["phone"]
    assert svc.notified[0]["to"] == bidan


@pytest.mark.parametrize("text, names, address", [
    ("Gombolirang, Kabat. cepetan yo, getihe sing mandheg", ["Gombolirang", "Kabat"], None),
    ("jambewangi, dusun krajan rumah cat biru. ketubannya pecah", ["Jambewangi", "Sempu"], "dusun krajan cat biru"),
    ("Jambewangi", ["Jambewangi", "Sempu"], None),
    ("Bajulmati, dharana ta mandheg", ["Bajulmati", "Wongsorejo"], None),  # round 22 M4
])
def test_the_address_of_a_desa_answer_is_its_place_words_only(text, names, address):
    """Round 21 M8: the page repeated "Alamat: Gombolirang, Kabat. cepetan yo, getihe sing mandheg"."""
    assert emergency.address_words(text, names) == address


def test_the_mothers_name_in_a_later_message_goes_on_the_case(svc):
    """Round 20: "Ny. Ernawati" said after the alarm never reached the DRT case."""
    _open_case(svc)
    tracker = make_tracker(text="tolong mbak, Ny. Ernawati darahnya makin banyak", intent="pregnancy_emergency",
                           slots={"emergency_ref": "DRT-0001"})
    run_action(emergency.ActionEmergency(), tracker)
    assert svc.case("DRT-0001")["data"]["mother_name"] == "Ernawati"
    tracker = make_tracker(text="Ny. Sulastri masih pendarahan", intent="pregnancy_emergency",
                           slots={"emergency_ref": "DRT-0001"})
    run_action(emergency.ActionEmergency(), tracker)
    assert svc.case("DRT-0001")["data"]["mother_name"] == "Ernawati"   # a name once given stays
