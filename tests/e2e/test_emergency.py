"""Emergency end to end: first reply at once, DRT case, officers told, escalation when
nobody acknowledges within EMERGENCY_ACK_SECONDS (3 in the stack), none after TERIMA;
"3 Darurat" from the menu asks what is happening first."""
from __future__ import annotations

import re
import time

from rq.job import Job

from bot import emergency_menu
from bot.core import outbound, store
from tests.e2e.conversation import (
    JAMBEWANGI,
    SEMPU,
    case_of,
    cases_of,
    converse,
    no_message,
    officer,
    ref_in,
    wait_case,
)


def test_first_reply_then_village_then_escalation(stack):
    phone = stack.new_phone()
    first = converse(stack, phone, ["tolong istri saya hamil pendarahan banyak"])[0]
    text = " ".join(first)
    assert "puskesmas" in text.lower() and "112" in text
    ref = re.search(r"DRT-\d+", text).group(0)
    # the case exists before the village is known
    case = case_of(stack, phone, "emergency")
    assert case["ref"] == ref and case["village"] is None and case["data"]["risk_level"] == "KRST"
    # ... and the regency's duty desk is told at once, before anyone knows the place
    stack.wait_outbox(officer("piket_darurat", None, None), contains=ref, timeout=60)

    converse(stack, phone, ["Jambewangi"])
    case = case_of(stack, phone, "emergency")
    assert (case["village"], case["district"]) == (JAMBEWANGI, SEMPU)
    stack.wait_outbox(officer("bidan"), contains=ref, timeout=60)
    stack.wait_outbox(officer("bhabinkamtibmas"), contains=ref, timeout=60)
    stack.wait_outbox(officer("puskesmas", None), contains=ref, timeout=60)

    # nobody answers TERIMA: level 1 after 3 s (the kecamatan's police too, the villager is told)
    stack.wait_outbox(officer("bhabinkamtibmas", None), contains=ref, timeout=60)
    stack.wait_outbox(phone, contains="112", timeout=60)
    # level 2 after 3 s more: the whole kecamatan, up to the bound
    stack.wait_outbox(officer("koordinator_jekmil", None), contains=ref, timeout=60)
    # level 3 after 3 s more: the regency's duty desk (round 10, finding 1), and no further level
    stack.wait_outbox(officer("piket_darurat", None, None), contains=f"ULANG 3: belum ada petugas yang TERIMA. Smart Kampung {ref}", timeout=60)
    case = wait_case(stack, phone, "emergency", lambda c: c["data"].get("escalation_level", 0) >= 3)
    news = " ".join(stack.send(phone, "kapan teko bidane?"))
    assert "piket darurat kabupaten sudah kami kabari" in news and "tiap" not in news
    # nobody took it: the desa's midwife is paged again after the last level (round 12, H1)
    stack.wait_outbox(officer("bidan"), contains=f"ULANG 4: belum ada petugas yang TERIMA. Smart Kampung {ref}",
                      timeout=60)


def test_no_escalation_after_terima(stack):
    phone = stack.new_phone()
    db = stack.db()
    store.upsert_contact(db, phone, channel="sms", village=JAMBEWANGI, district=SEMPU)  # known contact
    db.close()
    first = converse(stack, phone, ["ketuban sudah pecah, tolong"])[0]
    ref = re.search(r"DRT-\d+", " ".join(first)).group(0)
    assert not any("desa mana" in r.lower() for r in first)  # village known: not asked
    bidan = officer("bidan")
    # the midwife answers at once (the escalation would run 3 s after the first message)
    stack.send(bidan, f"TERIMA {ref}", whatsapp=True)
    stack.wait_outbox(bidan, contains=ref, timeout=60)
    assert case_of(stack, phone, "emergency")["status"] == "in_progress"
    no_message(stack, officer("bhabinkamtibmas", None), ref, wait=8)
    assert case_of(stack, phone, "emergency")["data"]["escalation_level"] == 0


def test_a_child_with_fever_is_no_pregnancy_case_but_gets_112(stack):
    """The classifier alone called these pregnancy emergencies (a false alarm to the midwife);
    the safety net's veto makes them out_of_scope and the fallback names 112."""
    for text in ["anak sy demam tinggi", "bapak sy jatuh dari pohon kelapa"]:
        phone = stack.new_phone()
        reply = " ".join(converse(stack, phone, [text])[0])
        assert "112" in reply and "DRT-" not in reply, reply
        assert [c for c in stack.cases() if c["phone"] == phone] == []


def test_a_false_alarm_is_withdrawn_in_words_and_the_officers_are_told(stack):
    """Issue 8, blocker 1: "iku mbah painah dudu ibu hamil" closes the alarm, tells the
    officers already paged, and raises no second alarm."""
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tolong ibu hamil pendarahan banyak di desa jambewangi"])[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    stack.wait_outbox(officer("bidan"), contains=ref, timeout=60)
    answer = " ".join(converse(stack, phone, ["lho kok darurat, iku mbah painah dudu ibu hamil"])[0])
    assert ref in answer and "dibatalkan" in answer and "112" in answer
    assert "DARURAT" not in answer
    case = case_of(stack, phone, "emergency")  # still exactly one emergency case
    assert case["ref"] == ref and case["status"] == "rejected"
    note = stack.wait_outbox(officer("bidan"), contains=f"{ref} DIBATALKAN", timeout=60)
    assert "mbah painah" in note["body"]
    # the conversation goes on normally afterwards
    assert "DARURAT" not in " ".join(converse(stack, phone, ["halo"])[0])


def test_batal_right_after_an_alarm_withdraws_it(stack):
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tolong istri saya hamil ketuban pecah"])[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    answer = " ".join(converse(stack, phone, ["BATAL"])[0])
    assert ref in answer and "dibatalkan" in answer
    assert case_of(stack, phone, "emergency")["status"] == "rejected"
    stack.wait_outbox(officer("piket_darurat", None, None), contains=f"{ref} DIBATALKAN", timeout=60)


def test_news_on_an_open_emergency_goes_to_the_officers_told_with_112_again(stack):
    """Issue 8: "kapan teko bidane?" is news for the officers, not "bukan layanan nomor ini"."""
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tolong istri saya hamil pendarahan di desa jambewangi"])[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    answer = " ".join(converse(stack, phone, ["kapan teko bidane? wis suwe"])[0])
    assert ref in answer and "112" in answer and "bukan layanan" not in answer.lower()
    stack.wait_outbox(officer("bidan"), contains="kapan teko bidane", timeout=60)
    assert case_of(stack, phone, "emergency")["ref"] == ref  # no second case


def test_a_pin_instead_of_a_village_goes_to_the_officers_at_once(stack):
    """Issue 8: a pin answers "di desa mana?": the map goes to the officers told at once, and
    the nearest desa (data/places/desa_coordinates.csv) is proposed for a YA, never three
    unrelated desa names for "[lokasi]"; the YA tells that desa's midwife."""
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tolong istri saya hamil kejang kejang"], whatsapp=True)[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    pin = {"text": "", "latitude": -8.2615, "longitude": 114.1241}  # a few hundred metres from Jambewangi's centre
    answer = " ".join(converse(stack, phone, [pin], whatsapp=True)[0])
    assert "Lokasi sudah dikirim" in answer and "Desa Jambewangi, Kec. Sempu" in answer and "Maksudnya" not in answer
    assert case_of(stack, phone, "emergency")["data"]["location"] == {"latitude": -8.2615, "longitude": 114.1241}
    note = stack.wait_outbox(officer("piket_darurat", None, None), contains="maps.google.com/?q=-8.2615,114.1241",
                             timeout=60)
    assert ref in note["body"]
    done = " ".join(converse(stack, phone, ["iya betul"], whatsapp=True)[0])
    assert "Jambewangi" in done and ref in done
    assert case_of(stack, phone, "emergency")["village"] == JAMBEWANGI
    stack.wait_outbox(officer("bidan"), contains=ref, timeout=60)


def test_a_pin_outside_every_desa_is_sent_on_without_a_guess(stack):
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tolong istri saya hamil kejang kejang"], whatsapp=True)[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    answer = " ".join(converse(stack, phone, [{"text": "", "latitude": -7.2, "longitude": 112.7}],
                               whatsapp=True)[0])
    assert "Lokasi diterima" in answer and ref in answer and "Desa" not in answer
    stack.wait_outbox(officer("piket_darurat", None, None), contains="maps.google.com/?q=-7.2,112.7", timeout=60)


def test_a_danger_sign_in_a_reply_to_the_midwife_raises_the_alarm(stack):
    """Exploratory finding (docs/exploratory_issue8.md, 8a): after the midwife's BALAS on a
    pregnancy report, "sakit kepala hebat dan pandangan kabur" is an emergency, not a reply."""
    phone = stack.new_phone()
    db = stack.db()
    report = store.create_case(db, "pregnancy", phone, "sms", village=JAMBEWANGI, district=SEMPU,
                               data={"mother_name": "Watini", "risk_level": "KRST"},
                               assigned_to=[officer("bidan")])
    db.close()
    converse(stack, officer("bidan"), [f"BALAS {report['ref']} besok pagi saya periksa"], whatsapp=True)
    stack.wait_outbox(phone, contains="besok pagi saya periksa")
    answer = " ".join(converse(stack, phone, ["sakit kepala hebat dan pandangan kabur"])[0])
    assert "DARURAT" in answer and "112" in answer
    ref = re.search(r"DRT-\d+", answer).group(0)
    note = stack.wait_outbox(officer("bidan"), contains=ref, timeout=60)
    assert "pandangan kabur" in note["body"]


def test_darurat_from_the_menu_asks_first_then_pages_with_the_villagers_words(stack):
    """Choosing "3 Darurat" asks what is happening (no case, nobody paged); the answer in words
    opens the case in the desa it names and the officers read those words."""
    phone = stack.new_phone()
    shown, asked = converse(stack, phone, ["MENU", "3"])
    assert "3 Darurat" in " ".join(shown)
    assert asked == [emergency_menu.QUESTION]
    assert cases_of(stack, phone) == []
    words = "istri sy pendarahan di jambewangi"
    ref = ref_in(converse(stack, phone, [words])[0], "DRT")
    case = case_of(stack, phone, "emergency")
    assert case["ref"] == ref and (case["village"], case["district"]) == (JAMBEWANGI, SEMPU)
    assert case["data"]["danger_signs"] == ["perdarahan"]
    for to in (officer("bidan"), officer("bhabinkamtibmas"), officer("puskesmas", None)):
        note = stack.wait_outbox(to, contains=ref, timeout=60)
        assert words in note["body"], note["body"]


def test_darurat_from_the_menu_never_answered_pages_anyway(stack):
    """Nobody answers the question: the job (run now instead of EMERGENCY_MENU_WAIT_SECONDS
    later, by the real worker and Rasa) opens the case, pages the duty desk and tells the villager."""
    phone = stack.new_phone()
    converse(stack, phone, ["MENU", "3"])
    registry = outbound.get_queue().scheduled_job_registry
    (job,) = [j for j in (Job.fetch(i, connection=registry.connection) for i in registry.get_job_ids())
              if j.func_name == emergency_menu.JOB and j.args[0] == phone]
    registry.remove(job)
    outbound.schedule(emergency_menu.JOB, *job.args)
    told = stack.wait_outbox(phone, contains="DRT-", timeout=60)
    ref = ref_in([told["body"]], "DRT")
    note = stack.wait_outbox(officer("piket_darurat", None, None), contains=ref, timeout=60)
    assert emergency_menu.NO_ANSWER_TEXT in note["body"]
    assert case_of(stack, phone, "emergency")["ref"] == ref


def test_a_desa_named_only_by_a_landmark_is_confirmed_before_its_midwife_is_told(stack):
    """Exploratory finding (conv. 3c): "cedak pasar sempu" is near Sempu's market, maybe in
    another desa: proposed for a YA, and a "no, Jambewangi" goes to Jambewangi."""
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tulung bojoku meteng wolung sasi getihen akeh"])[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    asked = " ".join(converse(stack, phone, ["nang omah pak, cedak pasar sempu"])[0])
    assert "Apakah di Desa Sempu, Kec. Sempu?" in asked
    assert case_of(stack, phone, "emergency")["village"] is None  # nobody of Sempu paged on a guess
    # the place's words reach the officers already told (the duty desk) while the desa is confirmed
    stack.wait_outbox(officer("piket_darurat", None, None), contains="cedak pasar sempu", timeout=60)
    done = " ".join(converse(stack, phone, ["ora, jambewangi"])[0])
    assert "Jambewangi" in done and ref in done
    assert case_of(stack, phone, "emergency")["village"] == JAMBEWANGI
    stack.wait_outbox(officer("bidan"), contains=ref, timeout=60)


def test_the_first_message_of_an_emergency_pages_each_officer_once(stack):
    """The message that opened the case is not "news" on it (the village step used to send it
    to the officers a second time)."""
    phone = stack.new_phone()
    first = " ".join(converse(stack, phone, ["tolong istri sy hamil pendarahan banyak di desa jambewangi"])[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    stack.wait_outbox(officer("bidan"), contains=ref, timeout=60)
    time.sleep(1)
    notices = [m["body"] for m in stack.outbox(officer("bidan"))
               if ref in (m["body"] or "") and not m["body"].startswith("ULANG")]
    assert len(notices) == 1 and "pesan baru" not in notices[0], notices


def test_round_three_menu_in_words_and_a_desa_after_a_dusun(stack):
    """Exploratory round 3 (5a): "sing nomer telu" is the emergency item; "glagah, dusun
    krajan" is Desa Glagah, and its midwife is told."""
    phone = stack.new_phone()
    converse(stack, phone, ["MENU"])
    asked = " ".join(converse(stack, phone, ["sing nomer telu"])[0])
    assert "apa yang terjadi" in asked
    first = " ".join(converse(stack, phone, [
        "bojoku meteng wolung sasi, ket mau sirahe ngelu banget, pandangane kabur"])[0])
    ref = re.search(r"DRT-\d+", first).group(0)
    done = " ".join(converse(stack, phone, ["glagah, dusun krajan"])[0])
    assert "Glagah" in done and ref in done
    assert case_of(stack, phone, "emergency")["village"] == "Glagah"
    stack.wait_outbox(officer("bidan", "Glagah", "Glagah"), contains=ref, timeout=60)


def test_after_the_midwife_closes_the_emergency_a_question_reaches_her_and_thanks_stay_with_the_bot(stack):
    """Exploratory round 6, conversation 4: after SELESAI with "ibu sudah dirujuk ke RSUD",
    "matur nuwun bu bidan. bayine slamet ta?" was answered "Sama-sama" and never reached her."""
    phone = stack.new_phone()
    ref = ref_in(converse(stack, phone, ["tolong istri sy hamil 8 bulan pendarahan banyak di desa jambewangi"])[0],
                 "DRT")
    bidan = officer("bidan")
    stack.wait_outbox(bidan, contains=ref, timeout=60)
    converse(stack, bidan, [f"TERIMA {ref}", f"SELESAI {ref} ibu sudah dirujuk ke RSUD Blambangan, stabil"],
             whatsapp=True)
    stack.wait_outbox(phone, contains="RSUD Blambangan")
    thanks = " ".join(converse(stack, phone, ["matur nuwun bu bidan"])[0])
    assert "diteruskan" not in thanks
    asked = " ".join(converse(stack, phone, ["matur nuwun bu bidan. bayine slamet ta?"])[0])
    assert ref in asked and "diteruskan" in asked, asked
    note = stack.wait_outbox(bidan, contains="bayine slamet", timeout=60)
    assert ref in note["body"]
    assert not [m for m in stack.outbox(bidan) if (m["body"] or "").endswith('"matur nuwun bu bidan"')]
    assert case_of(stack, phone, "emergency")["status"] == "done"


def test_a_danger_sign_named_with_the_desa_at_a_forms_desa_question_pages_at_once(stack):
    """Gateways round, F1: at the pregnancy report's desa question, "kemiren, tapi saiki bojoku
    pendarahan akeh" filled the desa and the form asked its next question; nobody was paged."""
    phone = stack.new_phone()
    converse(stack, phone, ["aku arep lapor tonggoku meteng", "Siti, 25 th"])
    alarm = " ".join(stack.send(phone, "jambewangi, tapi saiki bojoku pendarahan akeh"))
    assert "DARURAT" in alarm and "Jambewangi" in alarm
    case = case_of(stack, phone, "emergency")
    assert case["village"] == JAMBEWANGI
    stack.wait_outbox(officer("bidan"), contains=case["ref"], timeout=60)


def test_the_midwife_who_takes_one_alarm_hears_of_the_other_from_her_desa(stack):
    """Round 11 M3: the grandmother's alarm (kejang) from another phone went on to the duty
    desk; the midwife who took the husband's alarm never heard of the new sign, and the
    grandmother was not told that a midwife had taken the other report."""
    husband, grandmother = stack.new_phone(), stack.new_phone()
    first = ref_in(converse(stack, husband, ["tulung bojoku meteng 8 sasi metu getih akeh, nang Jambewangi"])[0], "DRT")
    second = ref_in(converse(stack, grandmother, ["putuku meteng kejang kejang nang desa Jambewangi, tulung"])[0], "DRT")
    assert first != second
    bidan = officer("bidan")
    stack.send(bidan, f"TERIMA {first}", whatsapp=True)
    linked = stack.wait_outbox(bidan, contains=f"Bila ibu yang sama, balas TERIMA {second}", timeout=60)
    assert "kejang" in linked["body"] and second in linked["body"]
    told = stack.wait_outbox(grandmother, contains=f"sudah menerima laporan lain dari desa ini ({first})", timeout=60)
    assert bidan in told["body"]
    # the second alarm stays open (maybe another woman); its next page says who took the first
    page = stack.wait_outbox(officer("bhabinkamtibmas", None), contains=f"{first} sudah diterima", timeout=60)
    assert second in page["body"]
    assert case_of(stack, grandmother, "emergency")["status"] == "new"


def test_an_officers_whole_report_of_an_emergency_keeps_its_facts_for_the_midwife(stack):
    """Round 10 F8: the case kept only the danger signs, the words cut at 300 characters."""
    # another desa's officer: the Jambewangi one reports a pregnancy in test_officers.py
    police = officer("bhabinkamtibmas", "Olehsari", "Glagah")
    # round 12 M1: a report over 300 characters was also taken as the address and paged twice
    text = ("Ijin melaporkan, ibu hamil risti an. Ny. Siti Aminah umur 38 th, G4P3A0 usia kehamilan 7 bulan, riwayat "
            "SC 2x. TD 160/100, kaki dan wajah bengkak, mengeluh pusing kepala dan pandangan kabur sejak tadi pagi. "
            "Alamat Dsn. Krajan RT 02 RW 01 Desa Olehsari. No HP suami (Bpk. Slamet) 081234509876. Mohon "
            "ditindaklanjuti. Bhabinkamtibmas Olehsari")
    assert len(text) > 300
    ref = ref_in(stack.send(police, text, whatsapp=True), "DRT")
    bidan = officer("bidan", "Olehsari", "Glagah")
    page = stack.wait_outbox(bidan, contains=ref, timeout=60)["body"]
    assert "Ibu: Siti Aminah, umur 38, hamil ke-4" in page and "TD 160/100" in page
    assert "telp keluarga +6281234509876" in page and "Pelapor: Bhabinkamtibmas" in page
    assert "Mohon ditindaklanjuti" in page
    no_message(stack, bidan, "pesan baru", wait=5)  # one page, not the report again as news
    data = case_of(stack, police, "emergency")["data"]
    assert data["history"] and data["message"] == text and "address" not in data


def test_round_twenty_a_cadres_preeclampsia_report_written_from_her_husbands_phone(stack):
    """Round 20, conversation 5 (H1, a missed emergency): "... TD 170/110, nyeri ulu hati, pandangan
    kabur ... (nulis dr HP suaminya)" was answered "bukan layanan nomor ini"; the DRT case then had
    no mother's name."""
    phone = stack.new_phone()
    text = ("Lapor kader posy Dsn Krajan Ds Sumbersari: Ny. Ernawati G2P1A0 UK 34 mgg, TD 170/110, nyeri ulu hati, "
            "pandangan kabur sejak sore, kaki bengkak. Mohon bidan segera. (nulis dr HP suaminya)")
    first = " ".join(stack.send(phone, text, whatsapp=True))
    assert "DARURAT" in first and "bukan layanan" not in first, first
    ref = ref_in([first], "DRT")
    case = case_of(stack, phone, "emergency")
    assert case["ref"] == ref and (case["village"], case["district"]) == ("Sumbersari", "Srono")
    assert case["data"]["mother_name"] == "Ernawati" and case["data"]["blood_pressure"] == "170/110"
    for role in ("bidan", "bhabinkamtibmas"):
        page = stack.wait_outbox(officer(role, "Sumbersari", "Srono"), contains=ref, timeout=60)["body"]
        assert "Sumbersari" in page
    page = stack.wait_outbox(officer("bidan", "Sumbersari", "Srono"), contains=ref, timeout=60)["body"]
    assert "Ibu: Ernawati" in page and "TD 170/110" in page


def test_round_twenty_six_a_madurese_baby_not_moving_pages_at_once(stack):
    """Round 26: "bayina ta' gerrak dari kamari" (the baby has not moved since yesterday) opened a
    routine report twice; a missed emergency."""
    phone = stack.new_phone()
    said = " ".join(converse(stack, phone, [("bini kaula ngandung pettong bulan, bayina ta' ngeddhing gerrak dari "
                                            "kamari, bahaya ta?")])[0])
    assert "DARURAT" in said, said
    assert case_of(stack, phone, "emergency")["data"]["danger_signs"]


def test_round_twenty_seven_the_page_names_the_madurese_baby_not_moving(stack):
    """Round 27 F5: "bayina ta' ngobe' dari kamari, tadha' gerakanna sakale" paged, but as "tanda
    bahaya lain": the safety net did not read it, the classifier alone did."""
    phone = stack.new_phone()
    said = " ".join(converse(stack, phone, [("assalamualaikum, bini kula ngandung, bayina ta' ngobe' dari kamari, "
                                            "tadha' gerakanna sakale")])[0])
    assert "DARURAT" in said, said
    assert case_of(stack, phone, "emergency")["data"]["danger_signs"] == ["janin_kurang_gerak"]


def test_round_twenty_eight_a_madurese_fever_after_the_birth_pages_at_once(stack):
    """Round 28 F1 (a missed emergency): "mare ngalahiragi tello are, sateya panas tenggi meggel,
    badanna ngeter" got "bukan layanan nomor ini", then the village operator."""
    phone = stack.new_phone()
    said = " ".join(converse(stack, phone, [("bini kaula mare ngalahiragi tello are, sateya panas tenggi meggel, "
                                            "badanna ngeter, bahaya ta?")])[0])
    assert "DARURAT" in said and "bukan layanan" not in said, said
    assert case_of(stack, phone, "emergency")["data"]["danger_signs"] == ["demam_tinggi"]
