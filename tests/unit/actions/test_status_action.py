"""Status: own cases only; another person's case gets the same answer as an unknown one."""
from __future__ import annotations

import pytest

from actions import status
from bot.core import store
from tests.unit.actions.trackers import VILLAGER, make_tracker, run_action, texts

OTHER = "+6281299990000"


@pytest.fixture
def cases(svc):
    db = svc.db()
    mine = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"document_type": "ktp", "variant": "hilang"})
    theirs = store.create_case(db, "complaint", OTHER, "sms", village="Jambewangi", district="Sempu")
    store.update_case(db, mine["ref"], actor="operator_desa:+6285200004174", event="done", status="done",
                      note="KTP sudah jadi, ambil di kantor desa")
    return mine["ref"], theirs["ref"]


@pytest.mark.parametrize("text", ["cek DOK-0001", "DOK0001", "dok-1", "status dok 1 gimana"])
def test_own_case_by_reference(cases, text):
    _, d = run_action(status.ActionCheckStatus(), make_tracker(text=text, intent="check_status"))
    (reply,) = texts(d)
    assert reply.startswith("DOK-0001 (KTP-el hilang,") and "selesai" in reply
    assert "KTP sudah jadi" in reply and len(reply) <= 306


def test_someone_elses_case_looks_like_an_unknown_one(cases):
    _, d1 = run_action(status.ActionCheckStatus(), make_tracker(text="cek ADU-0001", intent="check_status"))
    _, d2 = run_action(status.ActionCheckStatus(), make_tracker(text="cek ADU-0099", intent="check_status"))
    assert texts(d1)[0] == status.NOT_FOUND.format(ref="ADU-0001")
    assert texts(d2)[0] == status.NOT_FOUND.format(ref="ADU-0099")
    assert "Jambewangi" not in texts(d1)[0]


def test_latest_cases_of_the_sender(cases, svc):
    store.create_case(svc.db(), "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu")
    _, d = run_action(status.ActionCheckStatus(), make_tracker(text="/check_status", intent="check_status"))
    (reply,) = texts(d)
    assert "DOK-0001" in reply and "ADU-0002" in reply and "ADU-0001" not in reply


def test_nothing_yet(svc):
    _, d = run_action(status.ActionCheckStatus(), make_tracker(text="cek status", intent="check_status"))
    assert texts(d) == [status.NONE_YET]


def test_only_officers_notes_are_shown(svc):
    db = svc.db()
    case = store.create_case(db, "handover", VILLAGER, "sms", village="Jambewangi", district="Sempu")
    store.update_case(db, case["ref"], actor="warga", event="done", status="done", note="Warga memilih MENU.")
    _, d = run_action(status.ActionCheckStatus(), make_tracker(text=f"cek {case['ref']}", intent="check_status"))
    assert "Catatan" not in texts(d)[0] and "selesai" in texts(d)[0]


def test_core_fallback_answers_a_bare_reference(cases):
    from rasa_sdk.events import UserUtteranceReverted

    _, d = run_action(status.ActionDefaultFallback(), make_tracker(text="DOK0001", intent="inform"))
    assert texts(d)[0].startswith("DOK-0001")
    events, d = run_action(status.ActionDefaultFallback(), make_tracker(text="Jambewangi", intent="inform"))
    assert [m.get("response") for m in d.messages] == ["utter_default"] and events == [UserUtteranceReverted()]


def test_a_withdrawn_alarm_reads_as_cancelled_not_rejected(svc):
    from actions.status import one_case_text
    from bot.core import workflow

    case = store.create_case(svc.db(), "emergency", VILLAGER, "sms", village="Jambewangi", district="Sempu")
    workflow.withdraw(svc.db(), case, "bukan ibu hamil")
    text = one_case_text(svc.db(), store.get_case(svc.db(), case["ref"]))
    assert "dibatalkan" in text and "ditolak" not in text
    # round 18 m7: in the list of her cases too ("DRT-0001 darurat ibu hamil: ditolak")
    store.create_case(svc.db(), "pregnancy", VILLAGER, "sms", village="Jambewangi", district="Sempu")
    _, d = run_action(status.ActionCheckStatus(), make_tracker(text="/check_status", intent="check_status"))
    (reply,) = texts(d)
    assert f"{case['ref']} darurat ibu hamil: dibatalkan" in reply and "ditolak" not in reply and len(reply) <= 160


def test_a_question_in_words_names_its_case(svc):
    """Exploratory round 6, conversation 14: "yang KIA kenapa ditolak pak?" after an akta and a
    KIA: the KIA's status and the operator's reason, not a new KIA application nor a list."""
    db = svc.db()
    akta = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                             data={"document_type": "akta_kelahiran", "variant": "baru"})
    kia = store.create_case(db, "document", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                            data={"document_type": "kia", "variant": "baru"})
    store.update_case(db, kia["ref"], actor="operator_desa:+6285200004174", event="rejected", status="rejected",
                      note="NIK anak belum ada, datang bawa KK asli")
    _, d = run_action(status.ActionCheckStatus(),
                      make_tracker(text="/check_status", intent="check_status",
                                   metadata={"text": "yang KIA kenapa ditolak pak?"}))
    (reply,) = texts(d)
    assert reply.startswith(f"{kia['ref']} (KIA") and "ditolak" in reply and "NIK anak belum ada" in reply
    _, d = run_action(status.ActionCheckStatus(),
                      make_tracker(text="pak, aktanya sudah jadi belum ya?", intent="check_status"))
    (reply,) = texts(d)
    assert reply.startswith(akta["ref"]) and "tercatat, menunggu petugas" in reply
    _, d = run_action(status.ActionCheckStatus(), make_tracker(text="cek status", intent="check_status"))
    (listed,) = texts(d)  # the list names each document, and an unaccepted case is not "diterima"
    assert "akta kelahiran" in listed and "KIA" in listed and "diterima" not in listed
