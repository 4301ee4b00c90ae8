"""Officers on WhatsApp/SMS: KASUS, TERIMA, SELESAI, TOLAK by phone from the directory; the
villager is told of each change; officers act only on their own cases; other text goes to Rasa."""
from __future__ import annotations

from tests.e2e.conversation import converse, officer, ref_in, wait_status

OTHER_OPERATOR = "+6285200004001"  # Operator Desa Sarongan, Kec. Pesanggaran


def _complaint(stack, phone):
    r = converse(stack, phone, ["MENU", "6", "6", "sampah menumpuk di sungai dekat sekolah", "Jambewangi", "-", "ya"])
    return ref_in(r[-1], "ADU")


def test_accept_and_close_a_case_and_the_villager_is_told(stack):
    villager = stack.new_phone()
    ref = _complaint(stack, villager)
    op = officer("operator_desa", "Jambewangi", "Sempu")
    stack.wait_outbox(op, contains=ref)

    listed = converse(stack, op, ["KASUS"], whatsapp=True)[0]
    assert ref in listed[0]
    # another village's operator cannot touch it
    assert "tidak ditemukan" in converse(stack, OTHER_OPERATOR, [f"TERIMA {ref}"], whatsapp=True)[0][0]

    assert "diterima" in converse(stack, op, [f"TERIMA {ref}"], whatsapp=True)[0][0]
    assert wait_status(stack, ref, "in_progress")["status"] == "in_progress"
    told = stack.wait_outbox(villager, contains="sedang diproses")
    assert ref in told["body"] and not told["to_raw"].startswith("whatsapp:")  # the villager wrote by SMS

    converse(stack, op, [f"SELESAI {ref} sampah sudah diangkut DLH"], whatsapp=True)
    assert wait_status(stack, ref, "done")["status"] == "done"
    stack.wait_outbox(villager, contains="sudah diangkut DLH")
    status = converse(stack, villager, [f"cek {ref}"])[0][0]
    assert "selesai" in status and "sudah diangkut DLH" in status


def test_reject_with_a_reason(stack):
    villager = stack.new_phone()
    ref = _complaint(stack, villager)
    op = officer("operator_desa", "Jambewangi", "Sempu")
    stack.wait_outbox(op, contains=ref)
    assert "alasan" in converse(stack, op, [f"TOLAK {ref}"], whatsapp=True)[0][0]
    converse(stack, op, [f"TOLAK {ref} laporan ganda, sudah ditangani di ADU lain"], whatsapp=True)
    assert wait_status(stack, ref, "rejected")["status"] == "rejected"
    stack.wait_outbox(villager, contains="laporan ganda")


def test_other_text_from_an_officer_goes_to_the_bot(stack):
    # an officer can report a pregnant woman like anyone else
    op = officer("bhabinkamtibmas", "Jambewangi", "Sempu")
    r = converse(stack, op, ["lapor bumil", "BATAL", "halo"], whatsapp=True)
    assert "ibu hamil" in " ".join(r[0]).lower()  # the pregnancy report starts
    assert "dibatalkan" in " ".join(r[1])
    assert r[2][0].startswith("Halo")


def test_a_villager_answers_the_officer_even_after_selesai(stack):
    """Issue 8: a reply to a BALAS within a day goes to that officer as a message on the case."""
    villager = stack.new_phone()
    ref = _complaint(stack, villager)
    op = officer("operator_desa", "Jambewangi", "Sempu")
    stack.wait_outbox(op, contains=ref)
    converse(stack, op, [f"BALAS {ref} Sampahnya di sebelah mana, Pak?", f"SELESAI {ref} sudah diangkut"],
             whatsapp=True)
    stack.wait_outbox(villager, contains="sebelah mana")
    reply = converse(stack, villager, ["di belakang SD 2, dekat jembatan"])[0]
    assert ref in reply[0] and "diteruskan" in reply[0]
    note = stack.wait_outbox(op, contains="dekat jembatan")
    assert f"BALAS {ref}" in note["body"] and villager in note["body"]
    # a new request in the same window is the bot's, not a message for the operator
    new = " ".join(converse(stack, villager, ["oh iya pak, aku pengen lapor ibu hamil siji maneh"])[0])
    assert "laporan ibu hamil" in new and "diteruskan" not in new
    assert not [m for m in stack.outbox(op) if "siji maneh" in (m["body"] or "")]
