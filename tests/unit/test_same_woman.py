"""Two alarms from one desa from two numbers within hours may be one woman (round 9, finding 8:
her mother's "Yuni saiki wis semaput" from another phone made DRT-0002, paged first to the
regency's duty desk, which never heard that the desa's midwife had it)."""
from __future__ import annotations

from bot.core import clock, escalation, store, workflow

HUSBAND, MOTHER = "+6281200000091", "+6281200000092"
PIKET = "+6285200006001"  # Piket Darurat Dinkes Kab. Banyuwangi


def test_the_second_alarm_names_the_first_and_the_duty_desk_hears_where_it_went(tmp_db, notices):
    officers = workflow.route(escalation.ROLES, "Kemiren", "Glagah")
    first = store.create_case(tmp_db, "emergency", HUSBAND, "whatsapp", village="Kemiren", district="Glagah",
                              assigned_to=[o["phone"] for o in officers])
    second = store.create_case(tmp_db, "emergency", MOTHER, "whatsapp", assigned_to=[PIKET])
    second = store.update_case(tmp_db, second["ref"], actor="bot", event="lokasi", village="Kemiren", district="Glagah")
    second = escalation.notify_place(tmp_db, second, officers, placed=True)
    to_desa = [body for to, body, *_ in notices if to in {o["phone"] for o in officers}]
    assert len(to_desa) == len(officers) and all(b.startswith(f"Mungkin sama dengan {first['ref']}") for b in to_desa)
    (note,) = [body for to, body, *_ in notices if to == PIKET]
    assert note == escalation.PLACED_NOTE.format(ref=second["ref"], village="Kemiren",
                                                 roles=", ".join(sorted({o["role"] for o in officers})))
    assert second["data"]["related"] == [first["ref"]] and PIKET in second["assigned_to"]


def test_another_desa_another_hour_or_the_same_number_is_no_relation(tmp_db, notices):
    store.create_case(tmp_db, "emergency", HUSBAND, "sms", village="Olehsari", district="Glagah")
    mine = store.create_case(tmp_db, "emergency", HUSBAND, "sms", village="Kemiren", district="Glagah")
    other = store.create_case(tmp_db, "emergency", MOTHER, "sms", village="Kemiren", district="Glagah")
    assert escalation.same_place_open(tmp_db, other) == [mine["ref"]]
    assert escalation.same_place_open(tmp_db, {**mine, "phone": HUSBAND}) == [other["ref"]]
    store.update_case(tmp_db, mine["ref"], actor="x", event="done", status="done")
    assert escalation.same_place_open(tmp_db, other) == []
    officers = workflow.route(escalation.ROLES, "Kemiren", "Glagah")
    escalation.notify_place(tmp_db, other, officers)  # the first notice: no one was told before
    assert all(not body.startswith("Mungkin") for _, body, *_ in notices)
    assert {to for to, *_ in notices} == {o["phone"] for o in officers}


def test_an_officer_who_reports_is_named_as_the_reporter_not_as_a_villager():
    """Round 10, c6: a Bhabinkamtibmas's report reached the midwife with "Kontak warga: <his number>"."""
    bhabin = "+6285200003174"  # Bhabinkamtibmas Desa Jambewangi
    case = {"ref": "DRT-0009", "kind": "emergency", "village": "Jambewangi", "district": "Sempu"}
    body = workflow.officer_message(case, "Tanda bahaya: kejang.", contact=bhabin)
    assert f"Pelapor: Bhabinkamtibmas Desa Jambewangi ({bhabin})." in body and "Kontak warga" not in body
    assert "Kontak warga: +6281200000091." in workflow.officer_message(case, "x", contact=HUSBAND)


def test_the_midwife_who_takes_one_alarm_hears_of_the_other_and_its_caller_hears_who_took_it(tmp_db, notices):
    """Round 11 M3: the grandmother's DRT-0002 (kejang) went on to the duty desk, and nobody told
    the midwife who took the husband's DRT-0001 of the new sign, nor the grandmother of her."""
    from bot import officer_commands
    from bot.core.channels import InboundMessage

    officers = workflow.route(escalation.ROLES, "Kemiren", "Glagah")
    phones = [o["phone"] for o in officers]
    (bidan,) = [o for o in officers if o["role"] == "bidan"]
    first = store.create_case(tmp_db, "emergency", HUSBAND, "sms", village="Kemiren", district="Glagah",
                              assigned_to=phones, data={"danger_signs": ["perdarahan"]})
    second = store.create_case(tmp_db, "emergency", MOTHER, "sms", village="Kemiren", district="Glagah",
                               assigned_to=phones, data={"danger_signs": ["kejang"], "related": [first["ref"]]})
    notices.clear()
    officer_commands.handle(tmp_db, None, InboundMessage(channel="whatsapp", phone=bidan["phone"],
                                                         text=f"TERIMA {first['ref']}", message_sid="SMt"))
    to_bidan = [body for to, body, *_ in notices if to == bidan["phone"] and second["ref"] in body]
    assert len(to_bidan) == 1 and "kejang" in to_bidan[0] and f"TERIMA {second['ref']}" in to_bidan[0]
    (to_mother,) = [body for to, body, *_ in notices if to == MOTHER]
    # round 13 M1: her own report is not taken yet, said first
    assert to_mother.startswith(f"Laporan {second['ref']} belum diterima petugas, terus kami kabari. {bidan['name']} "
                                "sudah menerima")
    assert store.case_events(tmp_db, second["ref"])[-1]["event"] == "terkait_diterima"
    assert store.get_case(tmp_db, second["ref"])["status"] == "new"  # maybe another woman: still open
    # its next page names who took the other one
    notices.clear()
    assert escalation._escalate(tmp_db, second["ref"], 1) == "escalated"
    pages = [body for to, body, *_ in notices if body.startswith("ULANG 1: belum ada petugas yang TERIMA. Mungkin sama")]
    assert pages and all(f"{first['ref']} sudah diterima {bidan['name']}." in b for b in pages)
    # taking the second one too tells nobody of the first again
    notices.clear()
    officer_commands.handle(tmp_db, None, InboundMessage(channel="whatsapp", phone=bidan["phone"],
                                                         text=f"TERIMA {second['ref']}", message_sid="SMu"))
    assert not [b for to, b, *_ in notices if to == HUSBAND]


def test_the_last_page_is_said_and_a_new_sign_pages_again(tmp_db, notices, monkeypatch):
    """Round 13 H1: after ULANG 9 an alarm nobody took went quiet; "anakku saiki semaput" later
    did not wake it."""
    scheduled = []
    waits = []
    monkeypatch.setattr(escalation, "schedule_escalation",
                        lambda db, ref, level, seconds=None: (scheduled.append(level), waits.append(seconds)))
    officers = workflow.route(escalation.ROLES, "Kemiren", "Glagah")
    case = store.create_case(tmp_db, "emergency", MOTHER, "sms", village="Kemiren", district="Glagah",
                             assigned_to=[o["phone"] for o in officers],
                             data={"danger_signs": ["kejang"], "escalation_level": escalation.MAX_LEVEL + escalation.REPEATS - 1})
    last = escalation.MAX_LEVEL + escalation.REPEATS
    assert escalation._escalate(tmp_db, case["ref"], last) == "escalated"
    assert any(b.startswith(f"ULANG {last} (TERAKHIR)") for _, b, *_ in notices)
    assert [b for to, b, *_ in notices if to == MOTHER] == [escalation.NOBODY_TOOK.format(ref=case["ref"])]
    assert scheduled == []
    case = store.get_case(tmp_db, case["ref"])
    assert escalation.wake(tmp_db, case) is True and scheduled == [1]  # the whole ladder again (round 14)
    woken = store.get_case(tmp_db, case["ref"])["data"]
    assert woken["escalation_level"] == 0
    # round 15: the news went to everyone at once; ULANG 1 waits a whole window, not 1 s
    assert waits[-1] is None and woken["ack_due"] > clock.now().isoformat()
    assert escalation._escalate(tmp_db, case["ref"], 1) == "postponed"
    taken = store.update_case(tmp_db, case["ref"], actor="x", event="accepted", status="in_progress")
    assert escalation.wake(tmp_db, taken) is False
