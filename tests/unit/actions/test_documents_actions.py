"""Documents: validate_document_form step by step (exact events), the questions and the submit action."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import documents
from actions.forms import UNKNOWN
from actions.helpers import catalogue
from bot.core.sms import is_gsm7
from tests.unit.actions.trackers import VILLAGER, make_tracker, run_action, slot_events, texts

FORM = "document_form"
VALIDATE = documents.ValidateDocumentForm()


def form_tracker(requested=None, slots=None, **kw):
    s = {"requested_slot": requested, **(slots or {})}
    return make_tracker(slots=s, active_loop=FORM, **kw)


def test_activation_takes_type_and_variant_from_the_first_message():
    t = form_tracker(text="KTP saya hilang", intent="request_document",
                     entities=[{"entity": "document_type", "value": "ktp"}],
                     candidates={"document_type": "ktp"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("document_type", "ktp"), SlotSet("doc_variant", "hilang"),
                      SlotSet("requested_slot", "applicant_name")]


def test_a_how_to_question_gets_the_requirements_before_the_form_goes_on():
    """Exploratory round 7: "gimana cara bikin KK?" always started an application and never
    gave the requirements."""
    t = form_tracker(text="gimana cara bikin KK pak? syaratnya apa aja", intent="request_document",
                     entities=[{"entity": "document_type", "value": "kk"}], candidates={"document_type": "kk"})
    events, dispatcher = run_action(VALIDATE, t)
    (said,) = texts(dispatcher)
    assert said.startswith("Syarat KK") and "buku nikah" in said and said.endswith("ketik BATAL.")
    assert is_gsm7(said) and len(said) <= 306
    assert SlotSet("document_type", "kk") in events
    t = form_tracker(text="mau bikin KK baru", intent="request_document",
                     entities=[{"entity": "document_type", "value": "kk"}], candidates={"document_type": "kk"})
    assert texts(run_action(VALIDATE, t)[1]) == []   # a plain request: no requirements first


def test_a_second_document_within_hours_keeps_the_applicant_nik_and_desa(svc):
    """Round 20, conversation 8: the KK offered after the akta ("Tadi Bapak/Ibu juga menulis ...",
    YA) asked the applicant and the NIK again ("podo, Agus Salim")."""
    slots = {"document_type": "akta_kelahiran", "doc_variant": "baru", "applicant_name": "Agus Salim",
             "doc_subject": "Muhammad Rizky", "nik": UNKNOWN, "village": "Jambewangi", "district": "Sempu",
             "doc_confirm": True}
    run_action(documents.ActionSubmitDocument(), make_tracker(slots=slots, text="ya"))
    kk = "karo KK ne yo kudu diganti ditambahi anakku"
    t = form_tracker(text=kk, intent="request_document", entities=[{"entity": "document_type", "value": "kk"}],
                     candidates={"document_type": "kk"})
    found = slot_events(run_action(VALIDATE, t)[0])
    assert (found["applicant_name"], found["nik"], found["village"], found["district"]) == (
        "Agus Salim", UNKNOWN, "Jambewangi", "Sempu")
    assert found["requested_slot"] == "doc_confirm"  # everything known: the summary, where a change is made
    # another number, or a desa named in the new request, is not given the old one's
    t = form_tracker(text=kk, intent="request_document", sender="+6281200000077",
                     entities=[{"entity": "document_type", "value": "kk"}], candidates={"document_type": "kk"})
    assert "applicant_name" not in slot_events(run_action(VALIDATE, t)[0])


def test_activation_without_a_type_asks_for_it():
    t = form_tracker(text="/request_document", intent="request_document")
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("requested_slot", "document_type")]


def test_type_by_number_and_village_letters_skip_the_variant():
    t = form_tracker("document_type", text="6", intent="inform", candidates={"document_type": "6"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("document_type", "sktm"), SlotSet("doc_variant", "baru"),
                      SlotSet("requested_slot", "applicant_name")]


def test_unclear_type_is_asked_again_in_one_segment():
    t = form_tracker("document_type", text="itu lho pak", intent="nlu_fallback",
                     candidates={"document_type": "itu lho pak"})
    events, _ = run_action(VALIDATE, t)
    slots = slot_events(events)
    assert slots["document_type"] is None and slots["requested_slot"] == "document_type"
    assert len(slots["retry_prompt"]) <= 160


def test_any_intent_is_an_answer_for_the_name():
    t = form_tracker("applicant_name", slots={"document_type": "ktp", "doc_variant": "baru"},
                     text="siti aminah", intent="greet", candidates={"applicant_name": "siti aminah"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("applicant_name", "Siti Aminah"), SlotSet("requested_slot", "nik")]


def test_invalid_nik_is_asked_again():
    t = form_tracker("nik", slots={"document_type": "ktp", "doc_variant": "baru", "applicant_name": "Siti"},
                     text="3510 1234", candidates={"nik": "3510 1234"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("nik", None), SlotSet("retry_prompt", "NIK harus 16 angka, ada di KTP atau KK. "
                                                    "Mohon tulis lagi NIK-nya."),
                      SlotSet("retry_count", {"slot": "nik", "n": 1}), SlotSet("requested_slot", "nik")]


@pytest.mark.parametrize("text", ["gak apal nik ku mas, ktp ne ilang. kk ne yo melu keli", "TT", "gak tau",
                                  "lupa nik nya", "kula mboten ngertos NIK-ipun"])
def test_a_nik_not_at_hand_is_tt_and_the_form_goes_on(text):
    """Exploratory finding: a KTP and KK lost in a flood; the operator finds the NIK in SIAK."""
    t = form_tracker("nik", slots={"document_type": "ktp", "doc_variant": "hilang", "applicant_name": "Wahyuni"},
                     text=text, candidates={"nik": text})
    events, _ = run_action(VALIDATE, t)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["nik"] == "TT" and slots["nik_outside_ok"] is True and slots["requested_slot"] == "village"


def test_a_nik_wrong_a_third_time_is_not_asked_a_fourth():
    base = {"document_type": "ktp", "doc_variant": "baru", "applicant_name": "Siti",
            "retry_count": {"slot": "nik", "n": 2}}
    t = form_tracker("nik", slots=base, text="3510 1234", candidates={"nik": "3510 1234"})
    events, _ = run_action(VALIDATE, t)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["nik"] == "TT" and slots["requested_slot"] == "village"


def test_banyuwangi_nik_goes_straight_to_the_village():
    base = {"document_type": "ktp", "doc_variant": "baru", "applicant_name": "Siti"}
    t = form_tracker("nik", slots=base, text="3510 0152 0392 0001", candidates={"nik": "3510 0152 0392 0001"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("nik", "3510015203920001"), SlotSet("nik_outside_ok", True),
                      SlotSet("requested_slot", "village")]


def test_nik_from_elsewhere_needs_a_yes():
    base = {"document_type": "ktp", "doc_variant": "baru", "applicant_name": "Siti"}
    t = form_tracker("nik", slots=base, text="3509015203920001", candidates={"nik": "3509015203920001"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("nik", "3509015203920001"), SlotSet("nik_outside_ok", None),
                      SlotSet("requested_slot", "nik_outside_ok")]
    q = documents._outside_question(form_tracker(slots={**base, "nik": "3509015203920001"}))
    assert "3509" in q and len(q) <= 160
    # TIDAK: write the NIK again
    t = form_tracker("nik_outside_ok", slots={**base, "nik": "3509015203920001"}, text="tidak", intent="deny",
                     candidates={"nik_outside_ok": "tidak"})
    events, _ = run_action(VALIDATE, t)
    slots = slot_events(events)
    assert slots["nik"] is None and slots["nik_outside_ok"] is None and slots["requested_slot"] == "nik"
    # YA: go on
    t = form_tracker("nik_outside_ok", slots={**base, "nik": "3509015203920001"}, text="ya benar", intent="affirm",
                     candidates={"nik_outside_ok": "ya benar"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("nik_outside_ok", True), SlotSet("requested_slot", "village")]


def test_ambiguous_village_then_number():
    base = {"document_type": "kk", "doc_variant": "baru", "applicant_name": "Siti", "nik": "3510015203920001",
            "nik_outside_ok": True}
    t = form_tracker("village", slots=base, text="tamansari", intent="inform",
                     entities=[{"entity": "village", "value": "Tamansari"}], candidates={"village": "Tamansari"})
    events, _ = run_action(VALIDATE, t)
    slots = slot_events(events)
    assert slots["village"] is None and slots["requested_slot"] == "village"
    assert len(slots["village_choices"]) == 2
    ask = documents.ActionAskDocumentVillage()
    _, d = run_action(ask, form_tracker("village", slots={**base, **slots}))
    assert texts(d) == [slots["village_prompt"]]
    t = form_tracker("village", slots={**base, **slots}, text="2", intent="inform")
    events, _ = run_action(VALIDATE, t)
    slots2 = slot_events(events)
    assert slots2["village"] == "Tamansari" and slots2["district"] == slots["village_choices"][1].split("|")[1]
    assert slots2["requested_slot"] == "doc_confirm"


def test_confirmation_correction_and_yes():
    full = {"document_type": "kk", "doc_variant": "baru", "applicant_name": "Siti Aminah",
            "nik": "3510015203920001", "nik_outside_ok": True, "village": "Jambewangi", "district": "Sempu"}
    # "3" reopens the name
    t = form_tracker("doc_confirm", slots=full, text="3", candidates={"doc_confirm": "3"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("doc_confirm", None), SlotSet("applicant_name", None), SlotSet("doc_subject", None),
                      SlotSet("requested_slot", "applicant_name")]
    # "desa" reopens the village slots
    t = form_tracker("doc_confirm", slots=full, text="desa salah", candidates={"doc_confirm": "desa salah"})
    slots = slot_events((run_action(VALIDATE, t))[0])
    assert slots["village"] is None and slots["district"] is None and slots["requested_slot"] == "village"
    # "tidak" asks which part
    t = form_tracker("doc_confirm", slots=full, text="tidak", intent="deny", candidates={"doc_confirm": "tidak"})
    slots = slot_events((run_action(VALIDATE, t))[0])
    assert slots["doc_confirm"] is None and "Bagian mana" in slots["retry_prompt"]
    assert len(slots["retry_prompt"]) <= 160
    # "ya" ends the form
    t = form_tracker("doc_confirm", slots=full, text="ya", intent="affirm", candidates={"doc_confirm": "ya"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("doc_confirm", True), SlotSet("requested_slot", None)]


def test_cancel_fills_nothing_so_the_form_is_rejected():
    t = form_tracker("nik", slots={"document_type": "kk"}, text="/cancel", intent="cancel")
    events, _ = run_action(VALIDATE, t)
    assert [e for e in events if e["name"] != "requested_slot"] == []


@pytest.mark.parametrize("ask_cls, slots", [
    (documents.ActionAskDocumentType, {}),
    (documents.ActionAskDocVariant, {"document_type": "akta_kelahiran"}),
    (documents.ActionAskApplicantName, {}),
    (documents.ActionAskNik, {}),
    (documents.ActionAskNikOutsideOk, {"nik": "3509015203920001"}),
    (documents.ActionAskDocumentVillage, {}),
    (documents.ActionAskDocConfirm, {"document_type": "kia", "doc_variant": "hilang", "applicant_name": "Budi Santoso",
                                     "nik": "3510011207850003", "village": "Kemiren"}),
])
def test_every_question_fits_one_segment(ask_cls, slots):
    events, d = run_action(ask_cls(), form_tracker(slots=slots))
    (text,) = texts(d)
    assert len(text) <= 160 and is_gsm7(text) and events == []


def test_a_retry_prompt_replaces_the_question_once():
    events, d = run_action(documents.ActionAskNik(), form_tracker(slots={"retry_prompt": "Ulangi NIK."}))
    assert texts(d) == ["Ulangi NIK."] and events == [SlotSet("retry_prompt", None)]


def test_submit_opens_the_case_for_the_village_operator(svc):
    slots = {"document_type": "ktp", "doc_variant": "hilang", "applicant_name": "Siti Aminah",
             "nik": "3510015203920001", "nik_outside_ok": True, "village": "Jambewangi", "district": "Sempu",
             "doc_confirm": True}
    events, d = run_action(documents.ActionSubmitDocument(), make_tracker(slots=slots, text="ya"))
    (reply,) = texts(d)
    assert reply.startswith("Permohonan KTP-el hilang tercatat, nomor DOK-0001.")
    assert len(reply) <= 306 and is_gsm7(reply)
    case = svc.case("DOK-0001")
    assert case["kind"] == "document" and case["phone"] == VILLAGER and case["channel"] == "sms"
    assert (case["village"], case["district"]) == ("Jambewangi", "Sempu")
    assert case["data"]["document_type"] == "ktp" and case["data"]["variant"] == "hilang"
    assert case["data"]["nik"] == "3510015203920001"
    (note,) = svc.notified
    assert note["to"] == "+6285200004174" and "DOK-0001" in note["body"] and "Jambewangi" in note["body"]
    assert case["assigned_to"] == ["+6285200004174"]
    assert SlotSet("document_type", None) in events and SlotSet("village", None) in events


def test_an_sktm_keeps_the_purpose_the_request_named(svc):
    """Round 20: an SKTM "kanggo daftar sekolah anakku" reached the operator without its purpose."""
    said = "pak aku butuh sktm kanggo daftar sekolah anakku"
    opener = [{"event": "user", "text": said, "parse_data": {"intent": {"name": "request_document"}}},
              {"event": "active_loop", "name": "document_form"}]
    slots = {"document_type": "sktm", "doc_variant": "baru", "applicant_name": "Sumini", "nik": "3510015203920001",
             "village": "Jambewangi", "district": "Sempu", "doc_confirm": True}
    run_action(documents.ActionSubmitDocument(), make_tracker(slots=slots, text="ya", events=opener))
    assert svc.case("DOK-0001")["data"]["purpose"] == "daftar sekolah anakku"
    assert "Keperluan: daftar sekolah anakku." in svc.notified[0]["body"]
    # no purpose said: none made up; a KTP has none
    run_action(documents.ActionSubmitDocument(), make_tracker(slots=slots, text="ya"))
    assert "purpose" not in svc.case("DOK-0002")["data"]
    ktp = {**slots, "document_type": "ktp"}
    run_action(documents.ActionSubmitDocument(), make_tracker(slots=ktp, text="ya", events=opener))
    assert "purpose" not in svc.case("DOK-0003")["data"]
    # a change of mind at the summary (round 21 M4): the purpose said last
    changed = opener + [{"event": "user", "text": "ngapunten pak, mboten sido kangge sekolah. anak kulo malah "
                                                  "diopname teng RSUD Genteng. SKTM-e kangge rumah sakit mawon"}]
    run_action(documents.ActionSubmitDocument(), make_tracker(slots=slots, text="ya", events=changed))
    assert svc.case("DOK-0004")["data"]["purpose"] == "rumah sakit mawon"


def test_submit_without_answers_says_sorry(svc):
    _, d = run_action(documents.ActionSubmitDocument(), make_tracker(slots={}))
    assert d.messages[0]["response"] == "utter_default" and not svc.notified


def test_catalogue_labels_cover_all_types():
    for doc in catalogue.DOC_TYPES:
        assert catalogue.label(doc)


def test_text_taken_for_menu_by_the_nlu_is_still_the_answer():
    # "Ani" predicted as ask_menu: the MENU keyword arrives as "/ask_menu", never as text
    t = form_tracker("applicant_name", slots={"document_type": "sktm", "doc_variant": "baru"},
                     text="Ani", intent="ask_menu")
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("applicant_name", "Ani"), SlotSet("requested_slot", "nik")]
    t = form_tracker("village", slots={"document_type": "sktm", "doc_variant": "baru"}, text="Jambewangi",
                     intent="cancel")
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["village"] == "Jambewangi" and slots["district"] == "Sempu"
    # the keywords themselves still leave the form
    t = form_tracker("applicant_name", slots={"document_type": "sktm"}, text="/ask_menu", intent="ask_menu")
    assert [e for e in run_action(VALIDATE, t)[0] if e["name"] != "requested_slot"] == []


def test_a_ktp_named_while_answering_the_nik_does_not_change_a_kk_request():
    """Issue 8: fields are filled only by answers to their question."""
    tracker = make_tracker(
        text="nik di ktp saya 3510011207850003", active_loop="document_form",
        slots={"requested_slot": "nik", "doc_variant": "baru", "applicant_name": "Budi Santoso"},
        events=[{"event": "slot", "name": "document_type", "value": "kk"}],
        candidates={"document_type": "ktp", "nik": "nik di ktp saya 3510011207850003"},
    )
    events, _ = run_action(VALIDATE, tracker)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots.get("document_type", "kk") == "kk" and slots["nik"] == "3510011207850003"


def test_a_name_the_nlu_took_for_an_emergency_is_the_name():
    """Exploratory round 3 (7b): "Ahmad Fauzi, bapake bayi. bayine jenenge Muhammad Alfarizi"
    was classified pregnancy_emergency (0.57) and paged the duty desk; with no danger sign in
    a document form it answers the question."""
    text = "Ahmad Fauzi, bapake bayi. bayine jenenge Muhammad Alfarizi"
    t = form_tracker("applicant_name", slots={"document_type": "kk", "doc_variant": "perubahan"}, text=text,
                     intent="pregnancy_emergency", events=[{"event": "bot", "text": "Siapa nama lengkap pemohon?"}])
    events, _ = run_action(VALIDATE, t)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["applicant_name"] == "Ahmad Fauzi" and slots["requested_slot"] == "nik"


FULL_DOC = {"document_type": "kk", "doc_variant": "perubahan", "applicant_name": "Siti Aminah",
            "nik": "3510015203920001", "nik_outside_ok": True, "village": "Kenjo", "district": "Glagah"}


@pytest.mark.parametrize("text, expected", [
    # round-4 finding 9: the field was opened but the value in the message thrown away
    ("ingkang leres 3510081407880012", {"nik": "3510081407880012"}),
    ("nik e salah, 3510 0814 0788 0012", {"nik": "3510081407880012"}),
    ("desane salah mas, melu desa Kampunganyar, sanes Kenjo", {"village": "Kampunganyar", "district": "Glagah"}),
    ("namane salah, Siti Rahayu", {"applicant_name": "Siti Rahayu"}),
])
def test_a_correction_that_says_the_new_value_takes_it(text, expected):
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=text, candidates={"doc_confirm": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert {k: slots.get(k) for k in expected} == expected
    assert slots["doc_confirm"] is None and slots["requested_slot"] == "doc_confirm"   # the summary again


@pytest.mark.parametrize("text, expected", [
    # round 9, C8: the name was asked again and the NIK dropped without a word
    ("namanya Hendra Saputra pake a terus NIKnya 3510151203880007",
     {"applicant_name": "Hendra Saputra", "nik": "3510151203880007"}),
    ("nik e 3510081407880012, desane Kampunganyar", {"nik": "3510081407880012", "village": "Kampunganyar"}),
])
def test_two_fields_corrected_in_one_message_both_take_their_value(text, expected):
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=text, candidates={"doc_confirm": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert {k: slots.get(k) for k in expected} == expected
    assert slots["doc_confirm"] is None and slots["requested_slot"] == "doc_confirm"


def test_a_desa_in_a_line_of_a_song_while_the_nik_is_asked_is_no_desa():
    """Round 9, C9: "umbul umbul blambangan" typed while the NIK was asked became Desa Blambangan
    (Kec. Muncar) and the desa question was skipped; a desa said as one ("desa Kemiren") is kept."""
    slots0 = {"document_type": "ktp", "doc_variant": "hilang", "applicant_name": "Slamet"}
    t = form_tracker("nik", slots=slots0, text="umbul umbul blambangan",
                     candidates={"village": "blambangan"}, entities=[{"entity": "village", "value": "blambangan"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots.get("village") is None and slots["requested_slot"] == "nik"
    t = form_tracker("nik", slots=slots0, text="3510151203880007, desa Kemiren",
                     candidates={"village": "Kemiren", "nik": "3510151203880007"},
                     entities=[{"entity": "village", "value": "Kemiren"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["village"] == "Kemiren"


@pytest.mark.parametrize("text, asked", [("nik salah", "nik"), ("desane salah", "village"), ("namane keliru", "applicant_name")])
def test_a_correction_without_a_value_asks_the_field(text, asked):
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=text, candidates={"doc_confirm": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["requested_slot"] == asked and slots[asked] is None


def test_a_wrong_document_corrected_in_words_is_taken_and_its_kind_asked():
    """Round 5 (Madurese): "dokumen na akta kelahiran, banne KIA" asked "perlu dokumen apa?" again."""
    text = "salah pak, dokumen na akta kelahiran, banne KIA"
    slots0 = {**FULL_DOC, "document_type": "kia", "doc_variant": "baru"}
    t = form_tracker("doc_confirm", slots=slots0, text=text, candidates={"doc_confirm": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["document_type"] == "akta_kelahiran" and slots["doc_confirm"] is None
    assert slots["requested_slot"] == "doc_variant"


def test_two_documents_in_the_first_message_make_the_first_and_keep_the_second():
    """Round 5: "ngurus akta kelahiran ana' engkok ..., sakalian KIA" made the KIA and dropped the akta."""
    text = "sapora pak, engkok terro ngurus akta kelahiran ana' engkok se gi' lahir minggu lalu, sakalian KIA. bisa ta?"
    t = make_tracker(text=text, intent="request_document", active_loop=FORM,
                     entities=[{"entity": "document_type", "value": "kia"}],
                     candidates={"document_type": "kia"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["document_type"] == "akta_kelahiran" and slots["other_request"] == "sakalian KIA"


@pytest.mark.parametrize("requested, text", [
    # round 10, c10 (Osing/Indonesian): the switch was read as a wrong NIK three times
    ("nik", "sing, isun ganti ngurus akta kelahiran ae"),
    ("nik", "mas saya mau ganti, bukan KK tapi akta kelahiran anak"),
    ("nik", "eh sik, lek ngono akta kelahiran anak isun disik ae yo, KK e mengko"),
    ("doc_confirm", "dudu KK! akta lahir anak"),
    ("nik", "eh ora sido KK, ganti akta kelahiran wae kanggo anakku"),  # round 11 L2: read as a bad NIK
    # round 15: at KK's own question, read as "KK perubahan data"
    ("doc_variant", "eh ora sido mas, sing tak butuhke akta kelahiran anakku, bayine durung dijenengi soale lagi lair wingi"),
])
def test_another_document_named_with_a_change_replaces_the_one_in_the_form(requested, text):
    slots0 = {**FULL_DOC, "nik": None, "nik_outside_ok": None} if requested == "nik" else FULL_DOC
    if requested == "doc_variant":
        slots0 = {"document_type": "kk"}
    t = form_tracker(requested, slots=slots0, text=text, candidates={requested: text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["document_type"] == "akta_kelahiran"
    if "lair wingi" in text:  # a child born yesterday: a first akta, the kind is not asked (round 16)
        assert slots["doc_variant"] == "baru" and slots["requested_slot"] != "doc_variant"
    else:
        assert slots["requested_slot"] == "doc_variant"


def test_a_document_named_as_where_the_nik_is_changes_nothing():
    t = form_tracker("nik", slots={**FULL_DOC, "nik": None}, text="NIK nya ada di KTP saya, bentar",
                     candidates={"nik": "NIK nya ada di KTP saya, bentar"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert "document_type" not in slots and slots["requested_slot"] == "nik"


@pytest.mark.parametrize("doc, answer, subject", [
    ("akta_kelahiran", "Muhammad Rizky", "Muhammad Rizky"),  # round 11 L5: the child's name never asked
    ("akta_kelahiran", "anake jenenge Bagus Saputra", "Bagus Saputra"),
    ("akta_kelahiran", "belum ada nama", "(belum diberi nama)"),
    ("akta_kelahiran", "durung ono jenenge mas, isih dirembug karo mbahe", "(belum diberi nama)"),  # round 12 H2
    ("akta_kelahiran", "dereng wonten asmanipun", "(belum diberi nama)"),
    ("akta_kelahiran", "durung ana jenenge mas, bapake durung milih", "(belum diberi nama)"),  # round 15: asked twice
    ("akta_kelahiran", "bayine durung dijenengi", "(belum diberi nama)"),
    ("akta_kelahiran", "saya sendiri", "Slamet Riyadi"),
    ("akta_kematian", "almarhum bapak saya, namanya Pak Sutrisno", "Sutrisno"),
    ("akta_kematian", "almarhum Bapak Sukiman", "Sukiman"),  # round 19: stored with the honorifics
    ("akta_kematian", "Alm. Mbah Painah", "Painah"),
])
def test_whom_an_akta_is_for_is_asked_and_goes_with_the_case(svc, doc, answer, subject):
    base = {"document_type": doc, "doc_variant": "baru", "applicant_name": "Slamet Riyadi"}
    t = form_tracker("doc_subject", slots=base, text=answer, candidates={"doc_subject": answer})
    events, _ = run_action(VALIDATE, t)
    assert slot_events(events)["doc_subject"] == subject and slot_events(events)["requested_slot"] == "nik"
    full = {**base, "doc_subject": subject, "nik": "3510015203920001", "village": "Jambewangi", "district": "Sempu"}
    question = documents.confirm_question(full)
    assert question.startswith(f"{catalogue.label(doc, 'baru')[:1].upper()}") and "pemohon" in question
    assert len(question) <= 160 and subject in question
    run_action(documents.ActionSubmitDocument(), form_tracker(None, slots={**full, "doc_confirm": True}, text="ya"))
    case = svc.case("DOK-0001")
    assert case["data"]["subject_name"] == subject and f"a.n. {subject}, pemohon Slamet Riyadi" in svc.notified[0]["body"]


def test_a_ktp_asks_no_subject():
    base = {"document_type": "ktp", "doc_variant": "baru"}
    t = form_tracker("applicant_name", slots=base, text="Siti Aminah", candidates={"applicant_name": "Siti Aminah"})
    assert slot_events(run_action(VALIDATE, t)[0])["requested_slot"] == "nik"


def test_a_yes_with_a_note_at_the_summary_sends_it_with_the_note(svc):
    """Round 12 H2: "YA. Catatan: NIK iku NIK bojoku" asked the NIK a fourth time, the note lost."""
    full = {"document_type": "kk", "doc_variant": "baru", "applicant_name": "Sugeng Riyadi",
            "nik": "3510151203900004", "nik_outside_ok": True, "village": "Jambewangi", "district": "Sempu"}
    text = "YA. Catatan: NIK iku NIK bojoku"
    t = form_tracker("doc_confirm", slots=full, text=text, candidates={"doc_confirm": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_confirm"] is True and slots["case_note"] == "NIK iku NIK bojoku"
    run_action(documents.ActionSubmitDocument(),
               form_tracker(None, slots={**full, "doc_confirm": True, "case_note": "NIK iku NIK bojoku"}, text=text))
    assert svc.case("DOK-0001")["data"]["reporter_note"] == "NIK iku NIK bojoku"
    assert 'Catatan pelapor: "NIK iku NIK bojoku"' in svc.notified[0]["body"]


def test_a_photo_sent_unasked_at_the_summary_is_said_to_be_kept():
    # round 15: the birth letter's photo got only "Bagian mana yang mau diubah?"
    said = "iki surat keterangan lahir saka bidan"
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=said, candidates={"doc_confirm": said},
                     metadata={"channel": "whatsapp", "media": ["https://x/ME1"]})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_confirm"] is None
    assert slots["retry_prompt"].startswith("Foto sudah kami terima untuk petugas. Data di atas benar? Balas YA")
    t = form_tracker("doc_confirm", slots=FULL_DOC, text="hmm", candidates={"doc_confirm": "hmm"})
    assert slot_events(run_action(VALIDATE, t)[0])["retry_prompt"].startswith("Bagian mana yang mau diubah?")


def test_a_yes_with_more_words_keeps_them_for_the_operator_and_a_yes_but_is_no_yes():
    # round 16: "YA pak. nyuwun tulung bayine lair ..." was dropped and the summary came again
    said = "YA pak. nyuwun tulung bayine lair teng puskesmas Paspan tgl 1 Desember, mangke kulo pendet teng balai desa"
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=said, candidates={"doc_confirm": said}, intent="affirm")
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_confirm"] is True and slots["case_note"].startswith("nyuwun tulung bayine lair teng puskesmas Paspan")
    said = "iya, tapi namane salah, Siti Rohmah"
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=said, candidates={"doc_confirm": said}, intent="affirm")
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_confirm"] is None and slots["applicant_name"] == "Siti Rohmah"


def test_a_photo_while_the_nik_is_asked_is_kept_and_the_nik_asked_again():
    # round 16: answered "NIK harus 16 angka", as if the villager had typed a wrong NIK
    said = "niki surat keterangan lair saking bu bidan"
    t = form_tracker("nik", slots={**FULL_DOC, "nik": None, "nik_outside_ok": None}, text=said,
                     candidates={"nik": said}, metadata={"channel": "whatsapp", "media": ["https://x/ME2"]})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["nik"] is None and slots["retry_prompt"].startswith("Foto sudah kami terima untuk petugas. Berapa NIK")


@pytest.mark.parametrize("said, intent, expected", [
    ("eh desaku salah, sing bener Kebaman", "affirm", {"village": "Kebaman"}),  # round 17: filed as a yes
    ("5 Kebaman", "inform", {"village": "Kebaman"}),                           # round 17: "Bagian mana ...?"
    ("3 Siti Rohmah", "inform", {"applicant_name": "Siti Rohmah"}),
])
def test_a_correction_at_the_summary_is_never_a_yes(said, intent, expected):
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=said, candidates={"doc_confirm": said}, intent=intent)
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_confirm"] is None and {k: slots.get(k) for k in expected} == expected


def test_wait_is_no_yes_and_a_caption_with_a_photo_is_no_name():
    t = form_tracker("doc_confirm", slots=FULL_DOC, text="hmmm sek yo", candidates={"doc_confirm": "hmmm sek yo"},
                     intent="out_of_scope")
    assert slot_events(run_action(VALIDATE, t)[0])["doc_confirm"] is None  # round 17: it filed the request
    t = form_tracker("applicant_name", slots={"document_type": "sktm"}, text="iki KTP ku pak",
                     candidates={"applicant_name": "iki KTP ku pak"}, metadata={"channel": "whatsapp", "media": ["https://x/M"]})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["applicant_name"] is None and slots["retry_prompt"].startswith("Foto sudah kami terima")


def test_a_photo_at_the_deceased_name_question_is_kept_and_the_name_asked_again():
    # round 19: "iki surat keterangan kematian saking desa" with a photo got "Mohon tulis namanya saja"
    said = "iki surat keterangan kematian saking desa"
    base = {"document_type": "akta_kematian", "doc_variant": "baru", "applicant_name": "Slamet Riyadi"}
    t = form_tracker("doc_subject", slots=base, text=said, candidates={"doc_subject": said},
                     metadata={"channel": "sms", "media": ["https://x/M3"]})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_subject"] is None
    assert slots["retry_prompt"] == "Foto sudah kami terima untuk petugas. Siapa nama almarhum/almarhumah?"


def test_the_applicants_name_corrected_at_the_next_question_changes_and_the_rest_answers_it():
    # round 18 M4: "Eh salah, jeneng isun Slamet Riyanto dudu Riyadi. Mbah isun jenenge Sapuan" at the
    # deceased's name question: the NIK was asked next and neither name was stored
    said = "Eh salah, jeneng isun Slamet Riyanto dudu Riyadi. Mbah isun jenenge Sapuan"
    base = {"document_type": "akta_kematian", "doc_variant": "baru", "applicant_name": "Slamet Riyadi"}
    t = form_tracker("doc_subject", slots=base, text=said, candidates={"doc_subject": said},
                     events=[{"event": "bot", "text": "Siapa nama almarhum/almarhumah?"}])
    events, dispatcher = run_action(VALIDATE, t)
    slots = slot_events(events)
    assert slots["applicant_name"] == "Slamet Riyanto" and slots["doc_subject"] == "Sapuan"
    assert texts(dispatcher) == ["Baik, nama kami ubah."] and slots["requested_slot"] == "nik"
    # the correction alone: the question is asked again, with what changed
    said = "eh nama saya salah, sing bener Slamet Riyanto"
    t = form_tracker("doc_subject", slots=base, text=said, candidates={"doc_subject": said},
                     events=[{"event": "bot", "text": "Siapa nama almarhum/almarhumah?"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["applicant_name"] == "Slamet Riyanto" and slots["doc_subject"] is None
    assert slots["retry_prompt"] == "Baik, nama kami ubah. Siapa nama almarhum/almarhumah?"


def test_the_deceaseds_name_with_a_taken_back_name_is_the_answer_not_a_correction():
    said = "jenenge Sapuan, dudu Sapardi"
    base = {"document_type": "akta_kematian", "doc_variant": "baru", "applicant_name": "Slamet Riyadi"}
    t = form_tracker("doc_subject", slots=base, text=said, candidates={"doc_subject": said},
                     events=[{"event": "bot", "text": "Siapa nama almarhum/almarhumah?"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert "applicant_name" not in slots and slots["doc_subject"] == "Sapuan"


@pytest.mark.parametrize("said, answer", [
    ("iki mbayar ora?", "Pengurusan dokumen kependudukan gratis"),   # round 18 m1: "Mohon tulis nama lengkap"
    ("nek wis rampung terus dijupuk nang ngendi?", "Pertanyaan Bapak/Ibu kami catat"),  # unknown: kept for later
    # round 21 M9/H4: a question inside more words was the applicant "Sekedap"
    ("sekedap, biayane pinten nggih? kula tiyang mboten gadhah", "Pengurusan dokumen kependudukan gratis"),
])
def test_a_side_question_at_the_applicant_name_is_answered_and_the_name_asked_again(said, answer):
    t = form_tracker("applicant_name", slots={"document_type": "ktp", "doc_variant": "baru"}, text=said,
                     candidates={"applicant_name": said}, intent="deny",
                     events=[{"event": "bot", "text": "Siapa nama lengkap pemohon, sesuai KTP atau KK?"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["applicant_name"] is None and slots["retry_prompt"].startswith(answer)
    assert slots["retry_prompt"].endswith("Siapa nama lengkap pemohon, sesuai KTP atau KK?")
    assert (slots.get("other_request") == said) is answer.startswith("Pertanyaan")


def test_a_cost_question_at_the_nik_and_at_the_summary_is_answered():
    # round 20, M2: "NIK harus 16 angka" three times, then "Bagian mana yang mau diubah?"
    said = "sekedap, biayane pinten nggih?"
    t = form_tracker("nik", slots={**FULL_DOC, "nik": None, "nik_outside_ok": None}, text=said,
                     candidates={"nik": said}, events=[{"event": "bot", "text": "Berapa NIK pemohon? (16 angka)"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["nik"] is None and slots["retry_prompt"].startswith("Pengurusan dokumen kependudukan gratis")
    assert "retry_count" not in slots  # no failure counted
    said = "biayane pinten?"
    t = form_tracker("doc_confirm", slots=FULL_DOC, text=said, candidates={"doc_confirm": said}, intent="out_of_scope")
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["doc_confirm"] is None and slots["retry_prompt"].startswith("Pengurusan dokumen kependudukan gratis")
    assert "Balas YA" in slots["retry_prompt"]


def test_two_documents_in_the_request_each_keep_their_own_kind_and_the_childs_name_is_taken():
    # round 20, M8: "akta lahir sik ae pak, KK ne mengko" gave the akta the KK's "perubahan data";
    # "jeneng anakku Muhammad Rizky Pratama" was asked again
    text = "akta lahir sik ae pak, KK ne mengko. jeneng anakku Muhammad Rizky Pratama"
    t = form_tracker(text=text, intent="request_document",
                     entities=[{"entity": "document_type", "value": "akta_kelahiran"},
                               {"entity": "document_type", "value": "kk"}],
                     candidates={"document_type": "kk"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["document_type"] == "akta_kelahiran" and slots.get("doc_variant") is None
    assert slots["doc_subject"] == "Muhammad Rizky Pratama" and slots["requested_slot"] == "doc_variant"


def test_the_childs_name_after_an_apology_at_its_question():
    """Round 21 H4: "sepurane pak mau tak stop, takon bojoku sik. jeneng anakku Muhammad Alfarizi
    Setiawan" at the child's name question gave "Sepurane Pak."."""
    from actions.helpers.doc_subject import subject_answer

    said = "sepurane pak mau tak stop, takon bojoku sik. jeneng anakku Muhammad Alfarizi Setiawan"
    assert subject_answer(said, "Agus Setiawan") == "Muhammad Alfarizi Setiawan"


def test_the_late_fathers_titles_are_dropped_in_any_part_of_the_answer():
    """Round 21 M5: "sampun kula serat wau, almarhum Bapak Sukarno Hadiwiyono" gave "Almarhum Bapa."."""
    from actions.helpers.doc_subject import subject_answer

    assert subject_answer("sampun kula serat wau, almarhum Bapak Sukarno Hadiwiyono", "Sri") == "Sukarno Hadiwiyono"
    assert subject_answer("Mbah Painah", "Sri") == "Painah"


def test_an_sktm_purpose_changed_at_the_summary_is_acknowledged():
    """Round 22 M6: "mboten sido kangge sekolah ... SKTM-ipun kangge rumah sakit mawon" at the summary
    got "Bagian mana yang mau diubah?"."""
    said = ("ngapunten pak, mboten sido kangge sekolah. bojo kula mlebet rumah sakit. SKTM-ipun kangge rumah "
            "sakit mawon")
    slots = {**FULL_DOC, "document_type": "sktm", "doc_variant": "baru"}
    t = form_tracker("doc_confirm", slots=slots, text=said, candidates={"doc_confirm": said})
    found = slot_events(run_action(VALIDATE, t)[0])
    assert found["doc_confirm"] is None and found["retry_prompt"].startswith("Keperluan kami catat: rumah sakit")
    assert "Benar?" in found["retry_prompt"]
