"""Status end to end: by reference or the latest cases of the sender; never another person's case."""
from __future__ import annotations

from tests.e2e.conversation import converse, ref_in


def _document(stack, phone):
    r = converse(stack, phone, ["MENU", "1", "7", "Ani", "3510015203920001", "Jambewangi", "ya"])
    return ref_in(r[-1], "DOK")


def test_own_case_by_reference_and_latest_cases(stack):
    phone = stack.new_phone()
    ref = _document(stack, phone)
    number = int(ref.split("-")[1])
    r = converse(stack, phone, [f"cek {ref}", f"DOK{number:04d}", "MENU", "7"])
    assert r[0][0].startswith(ref) and "menunggu petugas" in r[0][0]
    assert r[1][0].startswith(ref)
    assert ref in r[3][0]


def test_nobody_sees_another_persons_case(stack):
    owner, other = stack.new_phone(), stack.new_phone()
    ref = _document(stack, owner)
    r = converse(stack, other, [f"cek {ref}", "cek DOK-9999"])
    assert "tidak ditemukan" in r[0][0] and "Jambewangi" not in r[0][0]
    assert r[0][0].replace(ref, "X") == r[1][0].replace("DOK-9999", "X")


def test_a_question_in_words_gets_the_reason_and_batal_in_a_sentence_ends_a_form(stack):
    """Exploratory round 6, conversation 14: "yang KIA kenapa ditolak pak?" opened a new
    application, and "batal pak. sy mau cek yg DOK-…" was taken for the applicant's name."""
    from tests.e2e.conversation import officer, wait_status

    phone = stack.new_phone()
    ref = _document(stack, phone)
    op = officer("operator_desa")
    stack.wait_outbox(op, contains=ref)
    converse(stack, op, [f"TOLAK {ref} datang langsung bawa KK asli"], whatsapp=True)
    assert wait_status(stack, ref, "rejected")["status"] == "rejected"
    (answer,) = converse(stack, phone, ["pak, surat domisili saya kenapa ditolak ya?"])[0]
    assert answer.startswith(ref) and "ditolak" in answer and "bawa KK asli" in answer
    r = converse(stack, phone, ["MENU", "1", f"batal pak. sy mau cek yg {ref}"])
    assert "nama" not in r[2][0].lower() and r[2][0].startswith(ref)
    after = converse(stack, phone, ["halo"])[0][0]
    assert "nama lengkap" not in after.lower()  # the form is over
