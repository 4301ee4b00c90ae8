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
