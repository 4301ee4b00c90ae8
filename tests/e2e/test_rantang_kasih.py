"""Rantang Kasih end to end: the form, the screen, the RKS case for the village operator."""
from __future__ import annotations

import re

from tests.e2e.conversation import JAMBEWANGI, case_of, converse, officer


def test_elderly_person_reported_to_the_village(stack):
    phone = stack.new_phone()
    replies = converse(stack, phone, [
        "mau daftarkan mbah ke rantang kasih",
        "Mbah Sarinah",
        "Jambewangi",
        "Krajan RT 2",
        "78",
        "ya",
        "tidak ada",
        "3",
        "3",
        "3",
    ])
    assert any("Cek data" in r and "Sarinah" in r for r in replies[-1])
    done = converse(stack, phone, ["ya"])[0]
    text = " ".join(done)
    ref = re.search(r"RKS-\d+", text).group(0)
    assert "memeriksa" in text  # honest: the village verifies
    case = case_of(stack, phone, "rantang_kasih")
    assert case["ref"] == ref and case["village"] == JAMBEWANGI and case["status"] == "new"
    assert case["data"]["screening"] == "sesuai" and case["data"]["bedridden"] is True
    stack.wait_outbox(officer("operator_desa"), contains=ref, timeout=60)


def test_batal_ends_the_form(stack):
    phone = stack.new_phone()
    converse(stack, phone, ["daftar rantang kasih", "Mbah Karto"])
    replies = converse(stack, phone, ["BATAL"])
    assert any("dibatalkan" in r for r in replies[0])
    assert not [c for c in stack.cases() if c["phone"] == phone]


def test_an_elders_condition_in_words_sets_off_no_alarm(stack):
    """Issue 8, blocker 1: 'sakit tapi bisa jalan' answers 'Kondisi beliau?'; no DRT case, no
    midwife paged, the enrolment goes on."""
    phone = stack.new_phone()
    replies = converse(stack, phone, [
        "mau daftarkan mbah ke rantang kasih", "Mbah Painah", "Jambewangi", "Krajan RT 2", "80", "ya", "tidak ada",
    ])
    assert "Kondisi beliau" in " ".join(replies[-1])
    for text in ("sakit tapi bisa jalan", "masih bisa jalan tapi lemah"):
        answer = " ".join(converse(stack, phone, [text])[0])
        assert "DARURAT" not in answer, answer
        if "Kondisi" not in answer:
            break
    assert "kurang mampu" in answer  # the next question
    rest = converse(stack, phone, ["1", "3"])
    assert any("Cek data" in r and "Painah" in r for r in rest[-1])
    assert "RKS-" in " ".join(converse(stack, phone, ["ya"])[0])
    assert not [c for c in stack.cases() if c["phone"] == phone and c["kind"] == "emergency"]
    assert case_of(stack, phone, "rantang_kasih")["data"]["health"] == "sakit_bisa_jalan"
    assert not [m for m in stack.outbox(officer("bidan")) if "Painah" in m["body"] or phone in m["body"]]


def test_the_dusun_given_with_the_desa_is_not_asked_again(stack):
    phone = stack.new_phone()
    replies = converse(stack, phone, ["daftar rantang kasih", "Mbah Karto", "desa jambewangi dusun krajan rt 2"])
    asked = " ".join(replies[-1])
    assert "umur" in asked.lower() and "Dusun atau RT" not in asked
