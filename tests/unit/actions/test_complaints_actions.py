"""Complaints: guess + confirm, description from the first message, photo and location on
WhatsApp, routing (security/KDRT -> Bhabinkamtibmas with SAPA 129), anonymity."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import complaints
from bot.core.sms import is_gsm7
from tests.unit.actions.trackers import VILLAGER, make_tracker, run_action, slot_events, texts

FORM = "complaint_form"
VALIDATE = complaints.ValidateComplaintForm()
WA = {"channel": "whatsapp"}


def form_tracker(requested=None, slots=None, **kw):
    return make_tracker(slots={"requested_slot": requested, **(slots or {})}, active_loop=FORM, **kw)


def test_first_message_gives_guess_and_description():
    t = form_tracker(text="jalan di dusun krajan rusak parah, banyak lubang", intent="file_complaint")
    events, _ = run_action(VALIDATE, t)
    assert events == [
        SlotSet("complaint_guess", "jalan_fasilitas"),
        SlotSet("complaint_dusun", "Krajan"),  # on SMS the dusun named is not asked again
        SlotSet("complaint_description", "jalan di dusun krajan rusak parah, banyak lubang"),
        SlotSet("requested_slot", "complaint_category"),
    ]
    # on WhatsApp too (round 20: asked again, "lak wis tak kandani dusun Krajan")
    t = form_tracker(text="jalan di dusun krajan rusak parah, banyak lubang", intent="file_complaint", metadata=WA)
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_dusun"] == "Krajan"
    _, d = run_action(complaints.ActionAskComplaintCategory(),
                      form_tracker("complaint_category", slots={"complaint_guess": "jalan_fasilitas"}))
    (q,) = texts(d)
    assert q.startswith("Pengaduan soal jalan dan fasilitas umum? Balas YA") and len(q) <= 160


def test_a_bare_request_asks_everything():
    t = form_tracker(text="saya mau lapor", intent="file_complaint")
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("requested_slot", "complaint_category")]


def test_guess_confirmed_with_yes_or_replaced_by_a_number():
    t = form_tracker("complaint_category", slots={"complaint_guess": "keamanan"}, text="iya", intent="affirm",
                     candidates={"complaint_category": "iya"})
    events, _ = run_action(VALIDATE, t)
    assert events[0] == SlotSet("complaint_category", "keamanan")
    t = form_tracker("complaint_category", slots={"complaint_guess": "keamanan"}, text="2",
                     candidates={"complaint_category": "2"})
    events, _ = run_action(VALIDATE, t)
    assert events[0] == SlotSet("complaint_category", "kdrt")
    t = form_tracker("complaint_category", slots={"complaint_guess": "keamanan"}, text="bukan", intent="deny",
                     candidates={"complaint_category": "bukan"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_category"] is None and slots["complaint_guess"] is None
    assert len(slots["retry_prompt"]) <= 160


def test_sms_skips_the_photo_and_whatsapp_asks_for_it():
    base = {"complaint_category": "lingkungan", "complaint_description": "sampah di sungai",
            "village": "Jambewangi", "district": "Sempu"}
    t = form_tracker("complaint_dusun", slots=base, text="Krajan", candidates={"complaint_dusun": "Krajan"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("complaint_dusun", "Krajan"), SlotSet("requested_slot", "complaint_named")]
    t = form_tracker("complaint_dusun", slots=base, text="Krajan", metadata=WA,
                     candidates={"complaint_dusun": "Krajan"})
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("complaint_dusun", "Krajan"), SlotSet("requested_slot", "complaint_photo")]


def test_whatsapp_photo_and_location_are_kept_at_any_turn():
    base = {"complaint_category": "lingkungan", "complaint_description": "sampah di sungai",
            "village": "Jambewangi", "district": "Sempu"}
    meta = {"channel": "whatsapp", "latitude": -8.25, "longitude": 114.31}
    t = form_tracker("complaint_dusun", slots=base, text="[lokasi]", metadata=meta,
                     candidates={"complaint_dusun": "[lokasi]"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_location"] == {"latitude": -8.25, "longitude": 114.31}
    assert slots["complaint_dusun"] == "lokasi peta" and slots["requested_slot"] == "complaint_photo"
    meta = {"channel": "whatsapp", "media": ["https://api.twilio.com/media/ME1"]}
    t = form_tracker("complaint_photo", slots={**base, "complaint_dusun": "Krajan"}, text="[foto]", metadata=meta,
                     candidates={"complaint_photo": "[foto]"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_photos"] == ["https://api.twilio.com/media/ME1"]
    assert slots["complaint_photo"] == "ada" and slots["requested_slot"] == "complaint_named"
    t = form_tracker("complaint_photo", slots={**base, "complaint_dusun": "Krajan"}, text="tidak ada", metadata=WA,
                     candidates={"complaint_photo": "tidak ada"})
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_photo"] == "tidak"


@pytest.mark.parametrize("requested", ["complaint_category", "complaint_photo", "complaint_named"])
def test_a_photos_caption_at_another_question_goes_with_the_story(requested):
    """Round 20: "iki fotone dalane, cedek SDN 2 Grajagan" sent at the category question lost its landmark."""
    caption = "iki fotone dalane, cedek SDN 2 Grajagan"
    slots = {"complaint_guess": "jalan_fasilitas", "complaint_description": "dalan rusak parah"}
    meta = {"channel": "whatsapp", "media": ["https://api.twilio.com/media/ME3"]}
    t = form_tracker(requested, slots=slots, text=caption, metadata=meta, candidates={requested: caption})
    found = slot_events(run_action(VALIDATE, t)[0])
    assert found["complaint_description"] == f"dalan rusak parah (Foto: {caption})"
    assert found["complaint_photos"] == ["https://api.twilio.com/media/ME3"]
    # a bare photo adds nothing to the story
    t = form_tracker(requested, slots=slots, text="[foto]", metadata=meta, candidates={requested: "[foto]"})
    assert "complaint_description" not in slot_events(run_action(VALIDATE, t)[0])


def test_a_bare_photo_is_not_a_description():
    t = form_tracker("complaint_description", slots={"complaint_category": "lingkungan"}, text="[foto]",
                     metadata={"channel": "whatsapp", "media": ["https://x/ME2"]},
                     candidates={"complaint_description": "[foto]"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_description"] is None and slots["complaint_photos"] == ["https://x/ME2"]
    assert "Mohon ceritakan" in slots["retry_prompt"]


def test_named_yes_no():
    base = {"complaint_category": "lingkungan", "complaint_description": "x y z", "village": "Jambewangi",
            "district": "Sempu", "complaint_dusun": "-"}
    t = form_tracker("complaint_named", slots=base, text="tidak", candidates={"complaint_named": "tidak"})
    assert run_action(VALIDATE, t)[0] == [SlotSet("complaint_named", False), SlotSet("requested_slot", None)]
    # "-" (the question before said "Balas - bila tidak tahu") is no consent, whatever the NLU says
    t = form_tracker("complaint_named", slots=base, text="-", candidates={"complaint_named": "-"}, intent="affirm")
    events = run_action(VALIDATE, t)[0]
    assert SlotSet("complaint_named", None) in events and SlotSet("complaint_named", True) not in events


@pytest.mark.parametrize("text, intent, named", [
    ("jha' pak, rahasiaagi bei, sengko' tako'", "affirm", False),  # round 10, c9 (Madurese): his number went out
    ("gak popo pak, sebutno ae", "deny", True),  # round 10, c3: "that's fine, name me" was kept secret
    ("ojo disebut ya mas, aku wedi", "affirm", False),
    ("iya boleh", None, True),
])
def test_whether_the_reporter_may_be_named_is_read_from_the_words(text, intent, named):
    base = {"complaint_category": "lingkungan", "complaint_description": "x y z", "village": "Jambewangi",
            "district": "Sempu", "complaint_dusun": "-"}
    t = form_tracker("complaint_named", slots=base, text=text, candidates={"complaint_named": text}, intent=intent)
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_named"] is named


@pytest.mark.parametrize("category, role_phone, hotline", [
    ("kdrt", "+6285200003174", "SAPA 129"),
    ("keamanan", "+6285200003174", "110"),
    ("jalan_fasilitas", "+6285200004174", None),
])
def test_submit_routes_by_category(svc, category, role_phone, hotline):
    slots = {"complaint_category": category, "complaint_description": "kejadian semalam di rumah",
             "village": "Jambewangi", "district": "Sempu", "complaint_dusun": "Krajan", "complaint_named": False,
             "complaint_photos": ["https://x/ME1"], "complaint_location": {"latitude": -8.2, "longitude": 114.3}}
    events, d = run_action(complaints.ActionSubmitComplaint(), make_tracker(slots=slots, metadata=WA))
    (reply,) = texts(d)
    assert "ADU-0001" in reply and len(reply) <= 306 and is_gsm7(reply)
    if hotline:
        assert hotline in reply
    if category == "kdrt":
        assert "08111-129-129" in reply
    assert "dirahasiakan" in reply
    (note,) = svc.notified
    assert note["to"] == role_phone
    assert VILLAGER not in note["body"]  # the reporter asked not to be named
    assert "https://x/ME1" in note["body"] and "maps.google.com" in note["body"]
    case = svc.case("ADU-0001")
    assert case["kind"] == "complaint" and case["channel"] == "whatsapp"
    assert case["data"]["category"] == category and case["data"]["reporter_named"] is False
    assert case["data"]["photos"] == ["https://x/ME1"] and case["data"]["dusun"] == "Krajan"
    assert SlotSet("complaint_category", None) in events


@pytest.mark.parametrize("ask_cls, meta", [
    (complaints.ActionAskComplaintCategory, {}),
    (complaints.ActionAskComplaintDescription, {}),
    (complaints.ActionAskComplaintVillage, {}),
    (complaints.ActionAskComplaintDusun, {}),
    (complaints.ActionAskComplaintDusun, WA),
    (complaints.ActionAskComplaintPhoto, WA),
    (complaints.ActionAskComplaintNamed, {}),
])
def test_questions_fit_one_segment(ask_cls, meta):
    _, d = run_action(ask_cls(), form_tracker(metadata=meta))
    (text,) = texts(d)
    assert len(text) <= 160 and is_gsm7(text)


def test_category_question_with_each_guess_fits():
    from actions.helpers import complaint_category as cc

    for code in cc.CATEGORIES:
        q = complaints.category_question(form_tracker(slots={"complaint_guess": code}))
        assert len(q) <= 160, q


KEC_SEMPU, PEMKAB, SABER = "+6285200007920", "+6285200008001", "+6285200009001"
OPERATOR_JAMBEWANGI = "+6285200004174"


@pytest.mark.parametrize("description, told, target", [
    ("ngurus surat pindah di kantor desa dimintai uang 200rb sm pak carik", {KEC_SEMPU, PEMKAB, SABER}, "desa_pungli"),
    ("bantuan blt tidak dikasih sama desa padahal terdaftar", {KEC_SEMPU, PEMKAB}, "desa_layanan"),
])
def test_a_complaint_against_the_village_office_goes_above_it(svc, description, told, target):
    slots = {"complaint_category": "pelayanan_publik", "complaint_description": description, "village": "Jambewangi",
             "district": "Sempu", "complaint_dusun": "-", "complaint_named": True}
    run_action(complaints.ActionSubmitComplaint(), make_tracker(slots=slots))
    assert {n["to"] for n in svc.notified} == told
    case = svc.case("ADU-0001")
    assert OPERATOR_JAMBEWANGI not in case["assigned_to"] and set(case["assigned_to"]) == told
    assert case["data"]["target"] == target and case["data"]["excluded_roles"] == ["operator_desa"]


def test_the_accused_office_cannot_close_the_complaint(svc):
    from bot.core import directory, workflow

    slots = {"complaint_category": "pelayanan_publik", "complaint_named": True, "village": "Jambewangi",
             "district": "Sempu", "complaint_dusun": "-",
             "complaint_description": "pak kades minta uang 500rb buat tanda tangan"}
    _, d = run_action(complaints.ActionSubmitComplaint(), make_tracker(slots=slots))
    (reply,) = texts(d)
    assert "Kecamatan Sempu" in reply and "Saber Pungli" in reply and "operator" not in reply
    case = svc.case("ADU-0001")
    assert not workflow.may_act(directory.officer_by_phone(OPERATOR_JAMBEWANGI), case)
    assert workflow.may_act(directory.officer_by_phone(KEC_SEMPU), case)


def test_the_notice_says_the_dusun_once_and_quotes_the_first_message_once(svc):
    """Round 8, finding 9: "Dusun dusun Krajan", and the levy story quoted twice (in the
    description and again as "Juga ditulis warga")."""
    story = "lur, nang balai desa Jambewangi dijaluk duwit 150 ewu kanggo ngurus KK, iku resmi opo ora?"
    slots = {"complaint_category": "pelayanan_publik", "complaint_description": story, "village": "Jambewangi",
             "district": "Sempu", "complaint_dusun": "dusun Krajan, loket pelayanan", "complaint_named": False,
             "other_request": story}
    run_action(complaints.ActionSubmitComplaint(), make_tracker(slots=slots))
    body = svc.notified[0]["body"]
    assert "(Dusun Krajan, loket pelayanan)" in body and body.count("dijaluk duwit") == 1


DUSUN_BASE = {"complaint_category": "jalan_fasilitas", "complaint_description": "jembatan di desa Bareng",
              "village": "Bareng", "district": "Sempu"}


def test_more_of_the_story_at_the_dusun_question_goes_with_the_story_and_the_dusun_is_asked_once_more():
    # round 12 M3: "... lewat jalan raya ..." made it a place
    story = "anak2 sekolah skrg gak bisa lewat pak, harus muter jauh lewat jalan raya, kemarin ada motor yg hampir kecebur"
    t = form_tracker("complaint_dusun", slots=DUSUN_BASE, text=story, candidates={"complaint_dusun": story},
                     events=[{"event": "bot", "text": "Di dusun/RT mana tepatnya? Balas - bila tidak tahu."}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_dusun"] is None  # round 10 F9: the story was stored as the dusun, cut at 100
    assert slots["complaint_description"] == f"jembatan di desa Bareng {story}"
    assert slots["retry_prompt"] == f"{complaints.NOTED} Di dusun/RT mana tepatnya? Balas - bila tidak tahu."
    # asked once more, the answer is the dusun whatever it is: no loop
    again = "pokoke sing cedhak kali iku lho pak, mboten ngertos jenenge"
    t = form_tracker("complaint_dusun", slots=DUSUN_BASE, text=again, candidates={"complaint_dusun": again},
                     events=[{"event": "bot", "text": slots["retry_prompt"]}])
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_dusun"] == again
    # a short place, or a long one with a word of place, is the dusun at once
    for place in ("Krajan", "dusun Kebonsari rt 02 sebelah masjid pas di tikungan yang gelap itu"):
        t = form_tracker("complaint_dusun", slots=DUSUN_BASE, text=place, candidates={"complaint_dusun": place},
                         events=[{"event": "bot", "text": "Di dusun/RT mana tepatnya? Balas - bila tidak tahu."}])
        assert slot_events(run_action(VALIDATE, t)[0])["complaint_dusun"] == place


def test_a_photo_caption_at_the_dusun_question_is_no_dusun():
    t = form_tracker("complaint_dusun", slots=DUSUN_BASE, text="ini lubangnya pak", metadata={**WA, "media": ["https://x/ME9"]},
                     candidates={"complaint_dusun": "ini lubangnya pak"},
                     events=[{"event": "bot", "text": "Di dusun/RT mana tepatnya? Boleh juga kirim lokasi (Share Location)."}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_dusun"] is None and slots["complaint_photos"] == ["https://x/ME9"]
    assert slots["complaint_description"].endswith("ini lubangnya pak")
    assert slots["retry_prompt"].startswith("Foto sudah kami terima. Di dusun/RT mana")


@pytest.mark.parametrize("text, name", [
    ("boleh pak, nama saya Pak Darmo", "Darmo"),  # round 11 L4: consent given, the name lost
    ("gak popo, jenengku Sugeng", "Sugeng"),
    ("iya boleh", None),
])
def test_a_reporter_who_may_be_named_and_gives_a_name_is_named_to_the_officer(svc, text, name):
    base = {**DUSUN_BASE, "complaint_dusun": "-"}
    t = form_tracker("complaint_named", slots=base, text=text, candidates={"complaint_named": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_named"] is True and slots.get("complaint_reporter") == name
    done = form_tracker(None, slots={**base, "complaint_named": True, "complaint_reporter": name}, text=text)
    run_action(complaints.ActionSubmitComplaint(), done)
    (note,) = svc.notified
    assert svc.case("ADU-0001")["data"].get("reporter_name") == name
    assert (f"Pelapor: {name}." in note["body"]) is (name is not None)


def test_the_complaint_itself_is_never_echoed_as_another_request(svc):
    # round 11 L1: "Tadi Bapak/Ibu juga menulis: <the complaint just filed>"
    story = "Carek (pak kasun) mentah pesse 300 ebu ka engko' mon terro ngurus KK"
    base = {**DUSUN_BASE, "complaint_description": story, "complaint_dusun": "-", "complaint_named": False}
    events, d = run_action(complaints.ActionSubmitComplaint(), form_tracker(None, slots={**base, "other_request": story}))
    assert [m.get("response") for m in d.messages] == [None] and SlotSet("other_request", None) in events
    _, d = run_action(complaints.ActionSubmitComplaint(),
                      form_tracker(None, slots={**base, "other_request": "sekalian minta SKTM"}))
    assert d.messages[-1]["response"] == "utter_other_request_reminder"


def test_another_request_in_the_first_message_is_no_story():
    text = "pak sy mau ngadu soal jembatan di desa Jambewangi, sekalian mau minta SKTM buat anak sekolah"
    events, _ = run_action(VALIDATE, form_tracker(text=text, intent="file_complaint"))
    assert "complaint_description" not in slot_events(events)
    text = "mau lapor lampu jalan mati di dusun krajan desa Tambong sudah 2 minggu, sekalian mau minta SKTM buat anak sekolah"
    events, _ = run_action(VALIDATE, form_tracker(text=text, intent="file_complaint"))
    slots = slot_events(events)  # round 12 M2: the SKTM was part of the story and never offered
    assert slots["complaint_description"] == "mau lapor lampu jalan mati di dusun krajan desa Tambong sudah 2 minggu"
    assert slots["other_request"] == "sekalian mau minta SKTM buat anak sekolah"


def test_the_story_said_with_the_yes_to_the_category_is_kept():
    """Round 13 M5: "iya pak jembatane ambrol separo kena banjir kemarin" lost its story."""
    text = "iya pak jembatane ambrol separo kena banjir kemarin"
    t = form_tracker("complaint_category", slots={"complaint_guess": "jalan_fasilitas"}, text=text, intent="affirm",
                     candidates={"complaint_category": text})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_category"] == "jalan_fasilitas"
    assert slots["complaint_description"] == "jembatane ambrol separo kena banjir kemarin"
    assert slots["requested_slot"] == "village"
    t = form_tracker("complaint_category", slots={"complaint_guess": "jalan_fasilitas"}, text="iya pak", intent="affirm",
                     candidates={"complaint_category": "iya pak"})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert "complaint_description" not in slots and slots["requested_slot"] == "complaint_description"


PHOTO_Q = "Ada foto kejadian? Kirim fotonya sekarang, atau balas TIDAK."


def test_a_dusun_corrected_at_the_photo_question_changes_the_dusun_and_the_photo_is_asked_again():
    # round 15: the correction was taken for "no photo" and "dusun Roworejo pak RT 3" went to the operator
    said = "eh sepurane pak salah, dudu Roworejo, dusun Krajan RT 3"
    base = {**DUSUN_BASE, "complaint_dusun": "dusun Roworejo pak RT 3"}
    t = form_tracker("complaint_photo", slots=base, text=said, candidates={"complaint_photo": said}, metadata=WA,
                     events=[{"event": "bot", "text": PHOTO_Q}])
    events, _ = run_action(VALIDATE, t)
    assert events == [SlotSet("complaint_dusun", "dusun Krajan RT 3"), SlotSet("complaint_photo", None),
                      SlotSet("retry_prompt", f"Baik, dusun/RT kami ubah. {PHOTO_Q}"),
                      SlotSet("requested_slot", "complaint_photo")]


@pytest.mark.parametrize("said, photo", [
    ("tidak ada", "tidak"),
    ("gak ada foto pak, bukan saya yg lihat", "tidak"),  # a "bukan" that names no field is the answer
])
def test_an_answer_to_the_photo_question_is_no_correction(said, photo):
    base = {**DUSUN_BASE, "complaint_dusun": "Krajan"}
    t = form_tracker("complaint_photo", slots=base, text=said, candidates={"complaint_photo": said}, metadata=WA,
                     events=[{"event": "bot", "text": PHOTO_Q}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_photo"] == photo and "complaint_dusun" not in slots


def test_a_desa_corrected_later_changes_the_desa_and_keeps_the_dusun_said_after_it():
    said = "maaf pak desane salah, sing bener Kemiren"
    base = {**DUSUN_BASE, "complaint_dusun": "Krajan"}
    t = form_tracker("complaint_photo", slots=base, text=said, candidates={"complaint_photo": said}, metadata=WA,
                     events=[{"event": "bot", "text": PHOTO_Q}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert (slots["village"], slots["district"]) == ("Kemiren", "Glagah")
    assert "complaint_dusun" not in slots and slots["complaint_photo"] is None
    assert slots["retry_prompt"] == f"Baik, desa kami ubah. {PHOTO_Q}" and slots["requested_slot"] == "complaint_photo"


@pytest.mark.parametrize("said, stored", [
    ("dusune Pancer", "dusun Pancer"),  # round 16: the operator read "(Dusun dusune Pancer)"
    ("nong dusun Krajan", "dusun Krajan"),
    ("dusun Roworejo pak RT 3", "dusun Roworejo RT 3"),  # round 15: "pak" kept
])
def test_the_dusun_is_stored_without_the_villager_s_filler_words(said, stored):
    t = form_tracker("complaint_dusun", slots=DUSUN_BASE, text=said, candidates={"complaint_dusun": said},
                     events=[{"event": "bot", "text": "Di dusun/RT mana tepatnya? Balas - bila tidak tahu."}])
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_dusun"] == stored


def test_a_road_in_javanese_is_a_road_and_a_category_named_in_words_is_taken():
    # round 16: "dalan" was read as a "no" and the category menu came twice
    t = form_tracker(text="mas aku arep ngadu, dalan neng kampungku rusak parah akeh bolongan", intent="file_complaint")
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_guess"] == "jalan_fasilitas"
    t = form_tracker("complaint_category", text="dalan", intent="deny", candidates={"complaint_category": "dalan"})
    assert slot_events(run_action(VALIDATE, t)[0])["complaint_category"] == "jalan_fasilitas"


def test_the_officer_reads_the_whole_story_up_to_600_characters(svc):
    # round 17: the Madurese story was cut at 160 characters, "kaule oreng tak andi' pak" lost
    story = ("BLT dari desa tak olle pak, padahal tetangga olle kabbi. " * 5) + "kaule oreng tak andi' pak"
    base = {**DUSUN_BASE, "complaint_category": "bansos", "complaint_description": story, "complaint_dusun": "-",
            "complaint_named": False}
    run_action(complaints.ActionSubmitComplaint(), form_tracker(None, slots=base, text="tidak"))
    assert svc.notified and all("kaule oreng tak andi' pak" in n["body"] for n in svc.notified)


ROUND18_LEVY = ("Mas aku mau ngadu, di kantor desa Olehsari kalo ngurus surat pengantar dimintai duit 50rb sama "
                "petugasnya, katanya buat uang rokok. Tapi aku gak mau disebut namaku ya, takut")


def test_a_first_message_that_asks_to_stay_unnamed_is_not_asked_again():
    t = form_tracker(text=ROUND18_LEVY, intent="file_complaint", metadata=WA)
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["complaint_named"] is False and slots["requested_slot"] == "complaint_category"
    # a story that says nothing of it: asked in its turn
    t = form_tracker(text="jalan di dusun krajan rusak parah", intent="file_complaint", metadata=WA)
    assert "complaint_named" not in slot_events(run_action(VALIDATE, t)[0])


def test_a_photo_caption_at_the_desa_question_is_no_desa_and_told_you_is_no_dusun():
    # round 18: "ini kuitansinya mas, gak ada capnya" with a photo -> "Maaf, desa itu tidak ada"
    said = "ini kuitansinya mas, gak ada capnya"
    base = {"complaint_category": "pelayanan_publik", "complaint_description": ROUND18_LEVY, "complaint_named": False}
    t = form_tracker("village", slots=base, text=said, candidates={"village": said},
                     metadata={**WA, "media": ["https://x/MK"]})
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["village"] is None and slots["village_prompt"].startswith("Foto sudah kami terima")
    # "lho kan udah tak bilang, Olehsari" (round 18: the dusun became "kan udah tak bilang")
    said = "lho kan udah tak bilang, Olehsari"
    t = form_tracker("village", slots=base, text=said, candidates={"village": said}, metadata=WA,
                     entities=[{"entity": "village", "value": "Olehsari"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots["village"] == "Olehsari" and "complaint_dusun" not in slots


def test_the_same_desa_named_again_near_a_landmark_is_never_cleared():
    # round 20: "iki fotone dalane, cedek SDN 2 Grajagan" at the category question cleared the desa
    # of the first message, and it was asked again
    said = "iki fotone dalane, cedek SDN 2 Grajagan"
    start = said.index("Grajagan")
    t = form_tracker("complaint_category", slots={"complaint_guess": "jalan_fasilitas", "village": "Grajagan",
                                                  "district": "Purwoharjo"},
                     text=said, candidates={"village": "Grajagan"}, metadata={**WA, "media": ["https://x/M9"]},
                     entities=[{"entity": "village", "value": "Grajagan", "start": start, "end": start + 8}],
                     events=[{"event": "slot", "name": "village", "value": "Grajagan"},
                             {"event": "slot", "name": "district", "value": "Purwoharjo"}])
    slots = slot_events(run_action(VALIDATE, t)[0])
    assert slots.get("village", "Grajagan") == "Grajagan" and slots["requested_slot"] != "village"
