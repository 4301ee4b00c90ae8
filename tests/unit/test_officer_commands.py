"""Officer commands (KASUS, TERIMA, SELESAI, TOLAK, BALAS) and the handover pause (bot/handover.py)."""
from __future__ import annotations

import pytest

from bot import handover, officer_commands
from bot.core import store
from bot.core.channels import InboundMessage

OPERATOR = "+6285200004174"   # Operator Desa Jambewangi (Sempu)
BHABIN = "+6285200003174"     # Bhabinkamtibmas Desa Jambewangi
OTHER_OPERATOR = "+6285200004001"  # Operator Desa Sarongan (Pesanggaran)
KEC_OPERATOR = "+6285200004920"    # Operator Kecamatan Sempu
VILLAGER = "+6281200000007"


def msg(phone, text, channel="whatsapp", media=(), lat=None, lon=None):
    return InboundMessage(channel=channel, phone=phone, text=text, message_sid="SM1", media=list(media),
                          latitude=lat, longitude=lon)


@pytest.fixture
def env(tmp_db, notices):
    db, sent = tmp_db, notices
    case = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"document_type": "ktp"}, assigned_to=[OPERATOR])
    return db, sent, case


@pytest.mark.parametrize("text, parsed", [
    ("KASUS", ("KASUS", None, "")),
    ("terima dok-1", ("TERIMA", "DOK-0001", "")),
    ("SELESAI DOK0001 sudah jadi, ambil di balai desa", ("SELESAI", "DOK-0001", "sudah jadi, ambil di balai desa")),
    ("Tolak ADU-12: bukan wilayah kami", ("TOLAK", "ADU-0012", "bukan wilayah kami")),
    ("selesai", ("SELESAI", None, "")),
    ("kasus pencurian di desa", None),
    ("halo bu bidan", None),
])
def test_parse(text, parsed):
    assert officer_commands.parse(text) == parsed


def test_not_an_officer_or_not_a_command_goes_to_rasa(env):
    db, sent, _ = env
    assert officer_commands.handle(db, None, msg(VILLAGER, "KASUS")) is None
    assert officer_commands.handle(db, None, msg(OPERATOR, "ada ibu hamil di dusun krajan")) is None
    assert sent == []


def test_kasus_lists_open_assigned_cases(env):
    db, _, case = env
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, "kasus"))
    assert case["ref"] in reply and "Jambewangi" in reply
    (reply,) = officer_commands.handle(db, None, msg(BHABIN, "KASUS"))
    assert reply.startswith("Tidak ada kasus")


def test_terima_selesai_and_the_villager_is_told(env):
    db, sent, case = env
    ref = case["ref"]
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"TERIMA {ref}"))
    assert "diterima" in reply
    c = store.get_case(db, ref)
    assert c["status"] == "in_progress" and c["acknowledged_by"] == OPERATOR
    assert sent[-1][0] == VILLAGER and sent[-1][2] == "sms" and ref in sent[-1][1] and sent[-1][3] == ref
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"SELESAI {ref} KTP sudah jadi"))
    assert store.get_case(db, ref)["status"] == "done"
    assert "KTP sudah jadi" in sent[-1][1]
    assert [e["event"] for e in store.case_events(db, ref)][-2:] == ["accepted", "done"]
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"TOLAK {ref} salah"))
    assert "sudah ditutup" in reply


def test_balas_on_a_case_closed_lately_still_reaches_the_villager(env, monkeypatch):
    """Exploratory round 7: the family's "bayine slamet ta?" after SELESAI was forwarded with
    "(Balas: BALAS ...)", and the midwife's BALAS was refused as closed."""
    from datetime import timedelta

    from bot.core import clock

    db, sent, case = env
    ref = case["ref"]
    officer_commands.handle(db, None, msg(OPERATOR, f"SELESAI {ref} KTP sudah jadi"))
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"BALAS {ref} ambil di kantor desa jam 8"))
    assert "sudah dikirim" in reply and "ambil di kantor desa" in sent[-1][1] and sent[-1][0] == VILLAGER
    assert store.get_case(db, ref)["status"] == "done"          # still closed
    later = clock.now() + timedelta(days=8)
    monkeypatch.setattr(clock, "now", lambda: later)
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"BALAS {ref} masih ada?"))
    assert "sudah ditutup" in reply


def test_tolak_needs_a_reason_and_tells_the_villager(env):
    db, sent, case = env
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"TOLAK {case['ref']}"))
    assert "alasan" in reply and store.get_case(db, case["ref"])["status"] == "new" and not sent
    officer_commands.handle(db, None, msg(OPERATOR, f"TOLAK {case['ref']} berkas kurang lengkap"))
    c = store.get_case(db, case["ref"])
    assert c["status"] == "rejected" and "berkas kurang lengkap" in sent[-1][1]


def test_only_own_cases_or_own_area(env):
    db, _, case = env
    (reply,) = officer_commands.handle(db, None, msg(OTHER_OPERATOR, f"TERIMA {case['ref']}"))
    assert "tidak ditemukan" in reply and store.get_case(db, case["ref"])["status"] == "new"
    # the Bhabinkamtibmas of the same desa, and the kecamatan's operator, may act
    officer_commands.handle(db, None, msg(BHABIN, f"TERIMA {case['ref']}"))
    assert store.get_case(db, case["ref"])["status"] == "in_progress"
    officer_commands.handle(db, None, msg(KEC_OPERATOR, f"SELESAI {case['ref']} beres"))
    assert store.get_case(db, case["ref"])["status"] == "done"
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, "TERIMA DOK-0999"))
    assert "tidak ditemukan" in reply


def test_handover_pause_forwards_and_closing_lifts_it(env):
    db, sent, _ = env
    case = store.create_case(db, "handover", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    store.upsert_contact(db, VILLAGER, paused_for=case["ref"])
    assert handover.handle(db, None, msg(OPERATOR, "halo")) is None
    (reply,) = handover.handle(db, None, msg(VILLAGER, "tolong telepon saya", channel="sms"))
    assert case["ref"] in reply and len(reply) <= 160
    assert sent[-1][0] == OPERATOR and "tolong telepon saya" in sent[-1][1]
    assert store.case_events(db, case["ref"])[-1]["note"] == "tolong telepon saya"
    officer_commands.handle(db, None, msg(OPERATOR, f"BALAS {case['ref']} Baik, saya telepon jam 10"))
    assert sent[-1][0] == VILLAGER and "saya telepon jam 10" in sent[-1][1]
    officer_commands.handle(db, None, msg(OPERATOR, f"SELESAI {case['ref']} sudah ditelepon"))
    assert store.get_contact(db, VILLAGER)["paused_for"] is None
    assert handover.handle(db, None, msg(VILLAGER, "terima kasih")) is None


def test_a_stale_pause_is_lifted(env):
    db, _, _ = env
    store.upsert_contact(db, VILLAGER, paused_for="OPR-0099")
    assert handover.handle(db, None, msg(VILLAGER, "halo")) is None
    assert store.get_contact(db, VILLAGER)["paused_for"] is None


def test_an_opted_out_villager_in_a_handover_is_told_no_answer_can_come(env):
    """Round 22 M2: after STOP the villager kept being told "Mohon tunggu balasan"."""
    db, sent, _ = env
    case = store.create_case(db, "handover", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             assigned_to=[OPERATOR])
    store.upsert_contact(db, VILLAGER, paused_for=case["ref"])
    store.set_opt_out(db, VILLAGER, True, channel="sms")
    (reply,) = handover.handle(db, None, msg(VILLAGER, "pak aku nerusno akta kelahiran anakku", channel="sms"))
    assert "sudah STOP" in reply and "MULAI" in reply and len(reply) <= 160
    assert sent[-1][0] == OPERATOR  # still forwarded: the operator can call


def test_an_opted_out_villager_is_not_said_to_be_told(env):
    db, _, case = env
    store.set_opt_out(db, VILLAGER, True, channel="sms")
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"TERIMA {case['ref']}"))
    assert "sudah diberi tahu" not in reply and "STOP" in reply and VILLAGER in reply
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"BALAS {case['ref']} besok datang ya"))
    assert "STOP" in reply and VILLAGER in reply and "TIDAK terkirim" in reply
    # a plain message for the case (its number first) is not said to be sent either (round 22 M2)
    (reply,) = officer_commands.handle(db, None, msg(OPERATOR, f"{case['ref']} besok jam 9 ke kantor desa"))
    assert "TIDAK terkirim" in reply and "sudah dikirim" not in reply


def test_a_police_terima_does_not_stop_the_medical_escalation(env):
    from bot.core import escalation

    db, sent, _ = env
    bidan = "+6285200001174"
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"danger_signs": ["perdarahan"]}, assigned_to=[bidan, BHABIN])
    (reply,) = officer_commands.handle(db, None, msg(BHABIN, f"TERIMA {case['ref']}"))
    assert "bidan/puskesmas" in reply.lower()
    after = store.get_case(db, case["ref"])
    assert after["status"] == "new" and not after["acknowledged_by"] and not escalation.acknowledged(after)
    assert [to for to, *_ in sent] == []  # the villager is not told the police are "processing" it
    (reply,) = officer_commands.handle(db, None, msg(BHABIN, f"SELESAI {case['ref']} sudah aman"))
    assert "hanya bisa ditutup oleh bidan" in reply and store.get_case(db, case["ref"])["status"] == "new"
    # the midwife's TERIMA acknowledges it, and the villager hears who is coming
    officer_commands.handle(db, None, msg(bidan, f"TERIMA {case['ref']}"))
    assert escalation.acknowledged(store.get_case(db, case["ref"]))
    by_to = {to: body for to, body, *_ in sent}
    assert set(by_to) == {VILLAGER, BHABIN} and "Bidan Desa Jambewangi" in by_to[VILLAGER]
    assert "sudah menerima" in by_to[BHABIN]  # the police hear who has it

    # news after that goes to the midwife alone; thanks are no news
    sent.clear()
    escalation.tell_news(db, store.get_case(db, case["ref"]), "nggih bu matur suwun, kulo enteni")
    assert sent == []
    escalation.tell_news(db, store.get_case(db, case["ref"]), "bu, getihe tambah akeh")
    assert [to for to, *_ in sent] == [bidan]


def test_a_domestic_violence_reply_reaches_the_victim_under_a_neutral_prefix(env):
    db, sent, _ = env
    case = store.create_case(db, "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"category": "kdrt"}, assigned_to=[BHABIN])
    officer_commands.handle(db, None, msg(BHABIN, f"TERIMA {case['ref']}"))
    officer_commands.handle(db, None, msg(BHABIN, f"BALAS {case['ref']} besok pagi kami datang ke rumah"))
    officer_commands.handle(db, None, msg(BHABIN, f"SELESAI {case['ref']} sudah didampingi"))
    bodies = [body for to, body, *_ in sent if to == VILLAGER]
    assert len(bodies) == 3 and all(b.startswith("Pesan layanan desa:") for b in bodies)
    assert not [b for b in bodies if case["ref"] in b or "Bhabin" in b or "polisi" in b.lower()]
    assert "besok pagi kami datang" in bodies[1]


def test_the_midwifes_clinical_note_does_not_go_to_a_neighbour_who_reported(env):
    db, sent, _ = env
    bidan = "+6285200001174"
    case = store.create_case(db, "pregnancy", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"reporter": "lainnya"}, assigned_to=[bidan])
    officer_commands.handle(db, None, msg(bidan, f"SELESAI {case['ref']} TD 160/110, dirujuk ke RSUD"))
    ((_, body, *_),) = [s for s in sent if s[0] == VILLAGER]
    assert case["ref"] in body and "ditindaklanjuti" in body and "160/110" not in body and "RSUD" not in body


def test_one_officers_tolak_never_closes_an_emergency(env, monkeypatch):
    """Round-5 finding 1: the Licin midwife's TOLAK ("bukan desa kami") closed a fitting mother's
    emergency for everyone, stopped its escalation, and the family read "tidak dapat diproses".
    Now it stays open, the others hear it at once, and the next escalation comes now."""
    from bot.core import escalation

    db, sent, _ = env
    scheduled = []
    monkeypatch.setattr(escalation, "schedule_escalation", lambda db, ref, level, seconds=None:
                        scheduled.append((ref, level, seconds)))
    bidan, puskesmas = "+6285200001174", "+6285200002920"
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"danger_signs": ["kejang"], "escalation_level": 0},
                             assigned_to=[bidan, puskesmas, BHABIN])
    ref = case["ref"]
    (reply,) = officer_commands.handle(db, None, msg(bidan, f"TOLAK {ref} bukan desa kami, mohon diteruskan"))
    assert "tetap terbuka" in reply
    after = store.get_case(db, ref)
    assert after["status"] == "new" and bidan not in after["assigned_to"]
    assert [e["event"] for e in store.case_events(db, ref)][-1] == "ditolak_petugas"
    assert scheduled == [(ref, 1, 1)]                                   # escalation brought forward
    told = {to: body for to, body, *_ in sent}
    assert set(told) == {puskesmas, BHABIN} and "bukan desa kami" in told[puskesmas]
    assert VILLAGER not in told                                          # never "tidak dapat diproses"
    # a TOLAK by the one who had taken it gives it back: open again, escalated now
    sent.clear(), scheduled.clear()
    officer_commands.handle(db, None, msg(puskesmas, f"TERIMA {ref}"))
    officer_commands.handle(db, None, msg(puskesmas, f"TOLAK {ref} ambulans rusak"))
    after = store.get_case(db, ref)
    assert after["status"] == "new" and not after["acknowledged_by"] and scheduled == [(ref, 1, 1)]


def test_a_scheduled_escalation_already_brought_forward_pages_nobody_twice(env):
    from bot.core import escalation

    db, sent, _ = env
    case = store.create_case(db, "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"danger_signs": ["kejang"], "escalation_level": 1}, assigned_to=[BHABIN])
    assert escalation._escalate(db, case["ref"], 1) == "already" and sent == []


def test_the_officers_page_quotes_the_villagers_place_whole():
    """Round 6: the page cut the villager's words at 100 characters and the dusun and landmark at
    the end ("... dusun Krajan cedhek masjid") never reached an officer."""
    from bot.core.escalation import officer_summary

    words = ("tulung, rabi isun meteng wolung sasi getihe metu akeh banget wiwit mau isuk, sing ono montor, "
             "isun nang Glagah dusun Krajan cedhek masjid")
    summary = officer_summary({"village": "Glagah", "data": {"danger_signs": ["pendarahan"], "message": words}})
    assert "dusun Krajan cedhek masjid" in summary


def test_words_after_terima_reach_the_villager(env):
    # round 17: "TERIMA DRT-0001 otw" - the "on my way" was what the cadre wanted to know
    db, sent, case = env
    ref = case["ref"]
    officer_commands.handle(db, None, msg(OPERATOR, f"TERIMA {ref} otw, 10 menit sampai"))
    assert sent[-1][0] == VILLAGER and sent[-1][1].endswith("otw, 10 menit sampai")
    assert store.get_case(db, ref)["status"] == "in_progress"


def test_a_midwife_s_plain_words_after_terima_reach_the_family(tmp_db, notices):
    # round 18: "Pak, kulo sampun mlampah, 15 menit dugi ..." got the villager menu, and
    # "DRT-0002 kulo sampun mlampah" got "Nomor DRT-0002 tidak ditemukan untuk nomor HP ini"
    from bot.core import directory
    bidan = directory.officers_for("bidan", village="Jambewangi", district="Sempu")[0]["phone"]
    case = store.create_case(tmp_db, "emergency", VILLAGER, "whatsapp", village="Jambewangi", district="Sempu",
                             data={"danger_signs": ["perdarahan"]}, assigned_to=[bidan])
    assert officer_commands.handle(tmp_db, None, msg(bidan, "Pak, kulo sampun mlampah, 15 menit dugi")) is None  # not taken yet
    officer_commands.handle(tmp_db, None, msg(bidan, f"TERIMA {case['ref']}"))
    (reply,) = officer_commands.handle(tmp_db, None, msg(bidan, "Pak, kulo sampun mlampah, 15 menit dugi"))
    assert case["ref"] in reply and notices[-1][0] == VILLAGER and notices[-1][1].endswith("15 menit dugi")
    (reply,) = officer_commands.handle(tmp_db, None, msg(bidan, f"{case['ref']} ibune dibaringke"))
    assert notices[-1][1].endswith("ibune dibaringke")
