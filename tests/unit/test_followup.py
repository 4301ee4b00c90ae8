"""Messages on an open case go to its officers (bot/followup.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot import followup, officer_commands
from bot.core import clock, escalation, store
from bot.core.channels import InboundMessage

VILLAGER = "+6281200000077"
OPERATOR = "+6285200004174"  # Operator Desa Jambewangi
BIDAN, BHABIN = "+6285200001174", "+6285200003174"


def msg(text, phone=VILLAGER, **kw):
    return InboundMessage(channel="sms", phone=phone, text=text, message_sid="SM1", **kw)


@pytest.fixture
def env(tmp_db, notices):
    return tmp_db, notices


def test_a_reply_to_an_officer_reaches_that_officer_even_after_selesai(env):
    db, sent = env
    case = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    officer_commands.handle(db, None, msg(f"BALAS {case['ref']} KK sudah jadi, ambil Senin", phone=OPERATOR))
    officer_commands.handle(db, None, msg(f"SELESAI {case['ref']} sudah jadi", phone=OPERATOR))
    sent.clear()
    (reply,) = followup.handle(db, None, msg("siap pak, yg ambil istri sy boleh?"))
    assert case["ref"] in reply and "Operator Desa Jambewangi" in reply
    ((to, body, *_),) = sent
    assert to == OPERATOR and "yg ambil istri sy boleh" in body and f"BALAS {case['ref']}" in body
    assert store.case_events(db, case["ref"])[-1]["event"] == "message"


def test_news_on_an_open_emergency_goes_to_the_officers_told(env):
    db, sent = env
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[BIDAN, BHABIN])
    (reply,) = followup.handle(db, None, msg("kapan teko bidane?"))
    assert case["ref"] in reply and "112" in reply and "bukan layanan" not in reply
    assert "belum membalas" in reply and "tiap 10 menit" in reply  # nobody took it: the escalation goes on
    assert {to for to, *_ in sent} == {BIDAN, BHABIN}
    assert all("kapan teko bidane" in body and f"TERIMA {case['ref']}" in body for _, body, *_ in sent)


@pytest.mark.parametrize("taker, named", [(BIDAN, True), (BHABIN, False)])
def test_news_on_a_taken_emergency_names_the_midwife_and_her_number(env, taker, named):
    """"kapan teko bidane?": the midwife who took it and her number; a police TERIMA is no answer."""
    db, _ = env
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[BIDAN, BHABIN])
    officer_commands.handle(db, None, msg(f"TERIMA {case['ref']}", phone=taker))
    (reply,) = followup.handle(db, None, msg("kapan teko bidane?"))
    assert case["ref"] in reply and "112" in reply
    assert (("Bidan Desa Jambewangi sudah menerima" in reply and BIDAN in reply) is named)
    assert ("belum membalas" in reply) is not named
    assert BHABIN not in reply


def test_news_on_the_same_womans_second_alarm_names_the_midwife_who_took_the_first(env):
    """Round 9, C3: the grandmother's "bidane wis budhal durung?" (her own alarm, another number)
    was told nothing although the midwife had accepted the husband's."""
    db, _ = env
    first = store.create_case(db, "emergency", "+6281200000093", "sms", village="Jambewangi", district="Sempu",
                              assigned_to=[BIDAN, BHABIN])
    officer_commands.handle(db, None, msg(f"TERIMA {first['ref']}", phone=BIDAN))
    second = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                               assigned_to=[BIDAN, BHABIN], data={"related": [first["ref"]]})
    (reply,) = followup.handle(db, None, msg("bidane wis budhal durung?"))
    assert "Bidan Desa Jambewangi sudah menerima laporan lain dari desa ini" in reply and first["ref"] in reply and BIDAN in reply
    assert second["ref"] != first["ref"]


def test_an_emergency_whose_place_is_unknown_is_left_to_the_village_question(env):
    db, sent = env
    store.create_case(db, "emergency", VILLAGER, "sms", assigned_to=["+6285200006001"])
    assert followup.handle(db, None, msg("Jambewangi")) is None and sent == []


def test_nothing_open_nothing_forwarded(env):
    db, sent = env
    assert followup.handle(db, None, msg("mau bikin ktp")) is None and sent == []


def test_after_menu_the_villager_talks_to_the_bot_again(env):
    db, sent = env
    case = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    officer_commands.handle(db, None, msg(f"BALAS {case['ref']} sudah jadi", phone=OPERATOR))
    # the notice the outbound queue logs for the villager, then the villager's MENU (same second)
    store.log_message(db, "out", "sms", VILLAGER, f"{case['ref']} dari Operator: sudah jadi", case_ref=case["ref"],
                      status="queued")
    message_id = store.log_message(db, "in", "sms", VILLAGER, "MENU")
    store.update_message(db, message_id, intent="ask_menu")
    sent.clear()
    assert followup.handle(db, None, msg("halo")) is None and sent == []


def test_an_emergency_known_only_by_its_kecamatan_is_left_to_the_desa_question(env):
    db, sent = env
    store.create_case(db, "emergency", VILLAGER, "sms", district="Sempu", assigned_to=["+6285200002920"])
    assert followup.handle(db, None, msg("2")) is None and sent == []


def test_a_new_request_in_the_reply_window_is_not_forwarded(env):
    """Exploratory finding: within a day of a BALAS, "aku pengen lapor ibu hamil siji maneh"
    is a new report (Rasa's), not a message for the midwife of the old case."""
    db, sent = env
    case = store.create_case(db, "pregnancy", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[BIDAN])
    officer_commands.handle(db, None, msg(f"BALAS {case['ref']} rumahnya yg mana bu?", phone=BIDAN))
    sent.clear()
    assert followup.handle(db, None, msg("oh iya pak, aku pengen lapor ibu hamil siji maneh, bu Yati")) is None
    assert sent == []
    (reply,) = followup.handle(db, None, msg("omahe sebelah wetan masjid, pager biru"))
    assert case["ref"] in reply and len(sent) == 1


def test_a_status_check_after_a_closing_note_is_for_the_bot(env):
    """CI finding: after SELESAI with a note, "cek ADU-0008" went to the officer instead of
    the status answer; a real reply still goes to her."""
    db, sent = env
    case = store.create_case(db, "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    officer_commands.handle(db, None, msg(f"SELESAI {case['ref']} sampah sudah diangkut", phone=OPERATOR))
    sent.clear()
    for text in (f"cek {case['ref']}", f"CEK {case['ref'].lower()}", "status laporan saya", "kok ditolak pak?",
                 "batal pak, saya cuma mau cek yang kemarin"):  # round 8: went to the operator
        assert followup.handle(db, None, msg(text)) is None, text
    assert sent == []
    (reply,) = followup.handle(db, None, msg("tapi yang di ujung jembatan belum diangkut bu"))
    assert case["ref"] in reply and len(sent) == 1


def test_a_desa_named_after_the_question_was_given_up_reaches_its_officers(env, rasa):
    """Exploratory round 3 (5a): "sing glagah" was not understood, the form gave up; the later
    "desa glagah mas" went nowhere and Glagah's midwife was never told."""
    db, sent = env
    case = store.create_case(db, "emergency", VILLAGER, "sms", assigned_to=["+6285200006001"],
                             data={"danger_signs": ["sakit_kepala_pandangan_kabur"]})
    (reply,) = followup.handle(db, None, msg("desa glagah mas"))
    assert "Desa Glagah" in reply and case["ref"] in reply
    updated = store.get_case(db, case["ref"])
    assert (updated["village"], updated["district"]) == ("Glagah", "Glagah")
    told = {to for to, *_ in sent}
    assert told and all(case["ref"] in body for _, body, *_ in sent)
    # the duty desk is not paged again: it only hears where the case went (round 9, finding 8)
    assert [body for to, body, *_ in sent if to == "+6285200006001"] == [escalation.PLACED_NOTE.format(
        ref=case["ref"], village="Glagah", roles="bhabinkamtibmas, bidan, puskesmas")]
    rasa.active_loop = "emergency_form"   # while the form still asks, the form takes the answer
    other = store.create_case(db, "emergency", "+6281200000078", "sms", data={})
    assert followup.handle(db, None, msg("desa glagah mas", phone="+6281200000078")) is None
    assert store.get_case(db, other["ref"])["village"] is None


def test_a_fear_after_a_kdrt_complaint_is_answered_and_told_to_the_officer(env):
    """Exploratory round 4: "chat iki kudu tak hapus ta? wedi nek dibukak lakeh" after the
    complaint got "bukan layanan nomor ini"."""
    db, sent = env
    case = store.create_case(db, "complaint", VILLAGER, "whatsapp", village="Jambewangi", district="Sempu",
                             data={"category": "kdrt"}, assigned_to=[BHABIN])
    (reply,) = followup.handle(db, None, msg("mbak, chat iki kudu tak hapus ta? wedi nek dibukak lakeh"))
    assert case["ref"] in reply and "dihapus" in reply and "110" in reply
    ((to, body, *_),) = sent
    assert to == BHABIN and "khawatir" in body and "dibukak lakeh" in body
    assert "dibukak lakeh" in store.get_case(db, case["ref"])["data"]["safety_worry"]
    other = store.create_case(db, "complaint", "+6281200000079", "sms", data={"category": "jalan_fasilitas"})
    assert followup.handle(db, None, msg("aku wedi nek dicek", phone="+6281200000079")) is None
    assert other["ref"]


def test_news_on_an_open_kdrt_complaint_reaches_the_officer_with_the_110_advice(env):
    """Exploratory round 6, conversation 13: "mas, bojoku wis mulih. aku kudu lungo nang omahe
    ibuku ta?" while the complaint was in progress got only a status line and never reached
    the Bhabinkamtibmas who had accepted it."""
    db, sent = env
    case = store.create_case(db, "complaint", VILLAGER, "whatsapp", village="Jambewangi", district="Sempu",
                             data={"category": "kdrt"}, assigned_to=[BHABIN])
    officer_commands.handle(db, None, msg(f"TERIMA {case['ref']}", phone=BHABIN))
    sent.clear()
    (reply,) = followup.handle(db, None, msg("mas, bojoku wis mulih. aku kudu lungo nang omahe ibuku ta?"))
    assert "110" in reply and "129" in reply
    assert case["ref"] not in reply and "polisi" not in reply.lower() and "bhabin" not in reply.lower()
    ((to, body, *_),) = sent
    assert to == BHABIN and "bojoku wis mulih" in body and case["ref"] in body
    assert store.case_events(db, case["ref"])[-1]["event"] == "pesan_lagi"
    sent.clear()
    for text in (f"cek {case['ref']}", "makasih mas", "mau bikin ktp juga"):
        assert followup.handle(db, None, msg(text)) is None, text
    assert sent == []


def test_a_question_after_the_midwife_closed_the_emergency_reaches_her_but_thanks_do_not(env):
    """Exploratory round 6, conversation 4: after "SELESAI DRT-… ibu sudah dirujuk ke RSUD",
    "matur nuwun bu bidan. bayine slamet ta?" got "Sama-sama" and never reached the midwife."""
    db, sent = env
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[BIDAN, BHABIN])
    officer_commands.handle(db, None, msg(f"TERIMA {case['ref']}", phone=BIDAN))
    officer_commands.handle(db, None, msg(f"SELESAI {case['ref']} ibu sudah dirujuk ke RSUD, stabil", phone=BIDAN))
    assert store.get_case(db, case["ref"])["status"] == "done"
    sent.clear()
    assert followup.handle(db, None, msg("matur nuwun bu bidan")) is None and sent == []  # thanks: the bot's
    (reply,) = followup.handle(db, None, msg("matur nuwun bu bidan. bayine slamet ta?"))
    assert case["ref"] in reply and "Bidan Desa Jambewangi" in reply
    ((to, body, *_),) = sent
    assert to == BIDAN and "bayine slamet ta?" in body
    assert store.case_events(db, case["ref"])[-1]["event"] == "message"


def test_a_closing_note_opens_the_reply_window_for_a_day_only(env, monkeypatch):
    from datetime import timedelta

    from bot.core import clock

    db, sent = env
    case = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    officer_commands.handle(db, None, msg(f"TOLAK {case['ref']} fotokopi KK kurang jelas", phone=OPERATOR))
    sent.clear()
    (reply,) = followup.handle(db, None, msg("kudu ngirim maneh pak?"))
    assert case["ref"] in reply and [to for to, *_ in sent] == [OPERATOR]
    sent.clear()
    later = clock.now() + timedelta(hours=25)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert followup.handle(db, None, msg("terus piye pak, kudu ngirim maneh?")) is None and sent == []


def test_a_correction_soon_after_a_request_goes_to_its_officers(env, rasa):
    """Exploratory round 7: "lho jeneng anakku kok ditulis Wis Tak Tulis, salah iku" right after
    the ride request got a status line and never reached the coordinator."""
    db, sent = env
    case = store.create_case(db, "transport", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    (reply,) = followup.handle(db, None, msg("lho jeneng anakku kok ditulis Wis Tak Tulis, salah iku. Siti Nurhayati"))
    assert case["ref"] in reply and "Koreksi" in reply
    ((to, body, *_),) = sent
    assert to == OPERATOR and "Siti Nurhayati" in body and case["ref"] in body
    assert store.case_events(db, case["ref"])[-1]["event"] == "koreksi"
    sent.clear()
    rasa.active_loop = "document_form"   # inside a new form the correction is that form's
    assert followup.handle(db, None, msg("salah, namanya Budi")) is None and sent == []


def test_a_request_for_another_document_is_no_correction_of_the_last_one(env, rasa):
    """Round 22 M3: "KK ku yo kudu diganti, alamate salah" a minute after a KTP request was sent to the
    operator as a correction of the KTP."""
    db, sent = env
    ktp = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                            assigned_to=[OPERATOR], data={"document_type": "ktp"})
    assert followup.handle(db, None, msg("pak, KK ku yo kudu diganti, alamate salah. wong Jambewangi")) is None
    assert sent == [] and store.case_events(db, ktp["ref"])[-1]["event"] != "koreksi"
    (reply,) = followup.handle(db, None, msg("KTP ne salah pak, alamate dudu RT 2"))  # its own document: a correction
    assert ktp["ref"] in reply and [to for to, *_ in sent] == [OPERATOR]


COORDINATOR = "+6285200005909"  # Koordinator JEK-MIL Kec. Genteng


def _ride(db):
    return store.create_case(db, "transport", VILLAGER, "whatsapp", village="Setail", district="Genteng",
                             assigned_to=[COORDINATOR], data={"photos": ["https://x/1"]})


@pytest.mark.parametrize("text, kind, reply", [
    ("eh jam tujuh kepagian mas, bisa diganti jam delapan?", "perubahan", "Koordinator JEK-MIL"),
    ("gantos jam sanga mawon", "perubahan", "Koordinator JEK-MIL"),
    ("gak sido dijemput mas, bojoku wis mari", "perubahan", "Koordinator JEK-MIL"),
    ("nyuwun pangapunten, jemputanipun mboten sios nggih", "perubahan", "Koordinator JEK-MIL"),  # round 9, krama
    ("bukan, maksud saya soal {ref} tadi", "pesan", "tentang"),
])
def test_a_change_of_plan_after_a_ride_reaches_its_coordinator(env, rasa, text, kind, reply):
    """Exploratory round 8, finding 1: the new time went to the Setail operator as a fallback
    handover (OPR-0001); the coordinator who holds JEK-0001 never heard of it."""
    db, sent = env
    case = _ride(db)
    (answer,) = followup.handle(db, None, msg(text.format(ref=case["ref"])))
    assert case["ref"] in answer and reply in answer
    ((to, body, *_),) = sent
    assert to == COORDINATOR and f"BALAS {case['ref']}" in body and VILLAGER in body
    assert store.case_events(db, case["ref"])[-1]["event"] == kind
    assert not store.list_cases(db, kind="handover")


def test_a_photo_and_a_pin_after_a_request_go_on_the_case(env, rasa):
    """Round 8, finding 4: a second referral photo got "bukan layanan nomor ini", a complaint's
    pin "pesan belum kami pahami"; both now go on the case and to its officers."""
    db, sent = env
    case = _ride(db)
    (answer,) = followup.handle(db, None, msg("surat rujukan halaman kedua", media=["https://x/2"]))
    assert answer.startswith("Foto sudah kami tambahkan ke " + case["ref"])
    assert store.get_case(db, case["ref"])["data"]["photos"] == ["https://x/1", "https://x/2"]
    (answer,) = followup.handle(db, None, msg("iki balai desane", latitude=-8.59, longitude=114.03))
    assert answer.startswith("Lokasi sudah") and store.get_case(db, case["ref"])["data"]["location"] == {
        "latitude": -8.59, "longitude": 114.03}
    assert [to for to, *_ in sent] == [COORDINATOR, COORDINATOR] and "maps.google.com" in sent[1][1]


def test_a_protest_at_the_risk_score_goes_to_the_midwife_not_a_new_report(env, rasa):
    """Round 8, finding 7: "lho kok risiko tinggi?" after HML-0002 started a new pregnancy report."""
    db, sent = env
    case = store.create_case(db, "pregnancy", VILLAGER, "whatsapp", village="Jambewangi", district="Sempu",
                             assigned_to=[BIDAN])
    text = "lho kok risiko tinggi? ibunya sekarang sehat, perdarahan itu dulu waktu persalinan kedua"
    (answer,) = followup.handle(db, None, msg(text))
    assert case["ref"] in answer and "teruskan ke Bidan Desa Jambewangi" in answer
    ((to, body, *_),) = sent
    assert to == BIDAN and "ibunya sekarang sehat" in body
    (answer,) = followup.handle(db, None, msg("jadi bahaya gak bu?"))  # round 9: reached no one
    assert case["ref"] in answer and sent[-1][0] == BIDAN


@pytest.mark.parametrize("text", [
    "suwun yo mas", "cek {ref}", "mau ganti KTP yg rusak", "MENU", "jadi besok dijemput jam berapa mas?",
    "bukan soal DOK-0009",
])
def test_what_is_not_about_the_case_stays_with_the_bot(env, rasa, text):
    db, sent = env
    case = _ride(db)
    assert followup.handle(db, None, msg(text.format(ref=case["ref"]))) is None and sent == []


def test_nothing_goes_on_an_old_case_or_inside_a_new_form_or_after_menu(env, rasa, monkeypatch):
    db, sent = env
    case = _ride(db)
    rasa.active_loop = "document_form"
    assert followup.handle(db, None, msg("bisa diganti jam delapan?")) is None
    rasa.active_loop = None
    later = clock.now() + timedelta(hours=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert followup.handle(db, None, msg("bisa diganti jam delapan?")) is None and sent == []
    assert store.case_events(db, case["ref"])[-1]["event"] != "perubahan"


def test_an_unnamed_complainant_is_not_named_to_the_officers(env, rasa):
    db, sent = env
    store.create_case(db, "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                      assigned_to=[OPERATOR], data={"category": "jalan", "reporter_named": False})
    followup.handle(db, None, msg("iki dalane", latitude=-8.2, longitude=114.3))
    followup.handle(db, None, msg("salah, dudu RT 2 tapi RT 3"))
    assert len(sent) == 2 and all(VILLAGER not in body for _, body, *_ in sent)


@pytest.mark.parametrize("kind, text, answer", [
    ("complaint", "lha terus aku kudu mbayar opo ora?", "Jangan membayar pungutan"),
    ("transport", "iki gratis ta mas?", "Layanan ini gratis"),
    ("document", "suwe ora pak?", "operator desa menghubungi"),
])
def test_a_side_question_soon_after_a_request_is_answered_for_its_service(env, rasa, kind, text, answer):
    """Round 8, finding 9: "lha terus aku kudu mbayar opo ora?" after the levy complaint got
    "itu bukan layanan nomor ini" and the menu."""
    db, sent = env
    store.create_case(db, kind, VILLAGER, "sms", village="Jambewangi", district="Sempu", assigned_to=[OPERATOR])
    (reply,) = followup.handle(db, None, msg(text))
    assert answer in reply and sent == []
    assert followup.handle(db, None, msg("piye kabare mas?")) is None  # a question we do not know: the bot's


def test_a_side_question_with_a_fact_is_answered_and_the_fact_forwarded(env, rasa):
    """Round 9, C6 (Madurese): "kodhu mayar apa enja'? KK-na kaula ghi' e tahan e kantor" got a
    status line, then an answer saying the complaint is passed on while nothing was sent."""
    db, sent = env
    case = store.create_case(db, "complaint", VILLAGER, "sms", village="Bangsring", district="Wongsorejo",
                             assigned_to=[OPERATOR])
    answer, forwarded = followup.handle(db, None, msg("dadi kaula kodhu mayar apa enja'? KK-na kaula ghi' e tahan e kantor"))
    assert answer.startswith("Jangan membayar pungutan") and case["ref"] in forwarded
    ((to, body, *_),) = sent
    assert to == OPERATOR and "e tahan e kantor" in body and f"BALAS {case['ref']}" in body
    assert store.case_events(db, case["ref"])[-1]["event"] == "pesan"



def test_a_protest_soon_after_a_complaint_reaches_its_officer(env, rasa):
    """Round 10, c3: "lho ojo dirahasiakno, aku gelem disebut kok. jenengku Sugeng, dusun Krajan dudu
    sepurane" six seconds after the case got "bukan layanan nomor ini"."""
    db, sent = env
    case = store.create_case(db, "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR], data={"reporter_named": False})
    text = "lho ojo dirahasiakno, aku gelem disebut kok. jenengku Sugeng, dusun Krajan dudu sepurane"
    (reply,) = followup.handle(db, None, msg(text))
    assert case["ref"] in reply and "teruskan" in reply
    ((to, body, *_),) = sent
    assert to == OPERATOR and "jenengku Sugeng" in body


@pytest.mark.parametrize("answer, also, village, again", [
    # round 10 F14: two requests in one message; after the complaint, "YA" is the SKTM request
    ("ya", "sekalian mau minta SKTM buat anak sekolah", "Tambong",
     "sekalian mau minta SKTM buat anak sekolah, desa Tambong"),
    ("nggih pak", "minta surat domisili di desa Jambewangi", "Jambewangi", "minta surat domisili di desa Jambewangi"),
    ("iyo", "jemput ke puskesmas besok", None, "jemput ke puskesmas besok"),
    ("tidak", "minta SKTM", "Tambong", None),
    ("ya saya mau lapor jalan rusak juga", "minta SKTM", "Tambong", None),  # more than a yes: read as it is
])
def test_yes_to_the_reminder_of_another_request_is_that_request(env, answer, also, village, again):
    db, _ = env
    store.create_case(db, "complaint", VILLAGER, "sms", village=village, data={"also_asked": also})
    store.log_message(db, "out", "sms", VILLAGER, f"{followup.AGAIN_PREFIX} \"{also[:57]}\". Balas YA untuk kami "
                      "proses sekarang, atau ketik MENU.")
    store.log_message(db, "in", "sms", VILLAGER, answer, message_sid="SMa")
    assert followup.asked_again(db, msg(answer)) == again


def test_yes_to_anything_else_is_no_request_again(env):
    db, _ = env
    store.create_case(db, "complaint", VILLAGER, "sms", village="Tambong", data={"also_asked": "minta SKTM"})
    store.log_message(db, "out", "sms", VILLAGER, "Pengaduan tercatat, nomor ADU-0001 ...")
    assert followup.asked_again(db, msg("ya")) is None


def test_the_same_as_before_after_a_ride_is_a_ride_again(env, rasa):
    """Round 23, 12: "aku maneh, podo kyok mau" after a ride got "bukan layanan nomor ini"."""
    db, _ = env
    again = msg("aku maneh, podo kyok mau")
    assert followup.ride_again(db, again) is None            # no ride before: nothing
    store.create_case(db, "transport", VILLAGER, "sms", village="Sumberagung", data={"destination": "puskesmas"})
    assert followup.ride_again(db, again) == followup.RIDE_PAYLOAD
    assert followup.ride_again(db, msg("podo kyok mau, ning aku arep takon liyane sisan mbak ya")) is None  # long
    rasa.active_loop = "document_form"                       # inside a form: its answer
    assert followup.ride_again(db, again) is None
    rasa.active_loop = None
    doc = store.create_case(db, "document", VILLAGER, "sms", village="Sumberagung", data={"document_type": "kk"})
    db["cases"].update(doc["ref"], {"created_at": (clock.now() + timedelta(minutes=1)).isoformat()})
    assert followup.ride_again(db, again) is None            # the latest request was no ride


def test_a_question_about_pregnancy_health_is_answered_not_relayed(env, rasa):
    """Round 24: a coffee question after an emergency went to 7 officers as "DARURAT pesan baru",
    a jamu question after an SKTM to the village operator."""
    db, sent = env
    store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                      assigned_to=[BIDAN, BHABIN])
    (reply,) = followup.handle(db, None, msg("mbok, isun takon, wong meteng iku olih ngombe kopi ta sing?"))
    assert reply.startswith("Untuk soal kesehatan ibu hamil") and sent == []
    rasa.active_loop = "pregnancy_form"   # inside a form the form answers its side questions
    assert followup.handle(db, None, msg("mbok, isun takon, wong meteng iku olih ngombe kopi ta sing?")) != [reply]
    rasa.active_loop = None
    # news that is no question still goes to the officers at once
    followup.handle(db, None, msg("bidane kapan teko? bojoku lemes"))
    assert {to for to, *_ in sent} == {BIDAN, BHABIN}
