"""Handover end to end: talk_to_human (or two fallbacks in a row) opens an OPR case for the
village operator and pauses the bot; the contact's messages go to the case and the officer
until SELESAI/TOLAK lifts the pause."""
from __future__ import annotations

import requests

from tests.e2e.conversation import case_by_ref, converse, officer, ref_in, wait_status


def test_talk_to_a_person_pause_forward_and_close(stack):
    villager = stack.new_phone()
    op = officer("operator_desa", "Jambewangi", "Sempu")
    r = converse(stack, villager, ["saya mau bicara dengan petugas desa", "Jambewangi"])
    assert "desa" in r[0][0].lower()
    ref = ref_in(r[1], "OPR")
    case = case_by_ref(stack, ref)
    assert case["kind"] == "handover" and (case["village"], case["district"]) == ("Jambewangi", "Sempu")
    stack.wait_outbox(op, contains=ref)

    fwd = converse(stack, villager, ["tolong telepon saya soal tanah warisan"])[0]
    assert ref in fwd[0] and "diteruskan" in fwd[0]
    stack.wait_outbox(op, contains="tanah warisan")

    converse(stack, op, [f"BALAS {ref} Baik, saya telepon jam 10"], whatsapp=True)
    stack.wait_outbox(villager, contains="saya telepon jam 10")
    converse(stack, op, [f"SELESAI {ref} sudah ditelepon"], whatsapp=True)
    assert wait_status(stack, ref, "done")["status"] == "done"
    after = converse(stack, villager, ["MENU"])[0]
    assert "Layanan:" in after[0]
    after = converse(stack, villager, ["halo"])[0]
    assert "diteruskan" not in after[0]


# Two texts the bot cannot serve (out_of_scope; nlu_fallback counts the same).
OUT_OF_SCOPE = ["harga cabai hari ini berapa", "skor bola semalam berapa"]


def test_two_fallbacks_in_a_row_hand_over(stack):
    for text in OUT_OF_SCOPE:
        response = requests.post(f"{stack.rasa_url}/model/parse", params={"token": stack.rasa_token},
                                 json={"text": text}, timeout=30)
        response.raise_for_status()
        assert response.json()["intent"]["name"] in ("nlu_fallback", "out_of_scope"), text
    texts = OUT_OF_SCOPE
    villager = stack.new_phone()
    r = converse(stack, villager, [texts[0], texts[1], "Jambewangi"])
    assert "bukan layanan" in " ".join(r[0]) and "Layanan:" in " ".join(r[0])
    assert "petugas desa" in " ".join(r[1])
    ref = ref_in(r[2], "OPR")
    case = case_by_ref(stack, ref)
    assert case["data"]["reason"] == "fallback"
    stack.wait_outbox(officer("operator_desa", "Jambewangi", "Sempu"), contains=ref)


def test_batal_ends_the_handover(stack):
    villager = stack.new_phone()
    r = converse(stack, villager, ["tolong sambungkan ke petugas", "Jambewangi"])
    ref = ref_in(r[1], "OPR")
    done = converse(stack, villager, ["BATAL"])[0]
    assert ref in done[0] and "diakhiri" in done[0]
    assert wait_status(stack, ref, "done")["status"] == "done"


def test_menu_while_paused_gives_the_bot_back(stack):
    villager = stack.new_phone()
    r = converse(stack, villager, ["saya ingin bicara dengan operator desa", "Jambewangi"])
    ref = ref_in(r[1], "OPR")
    menu = converse(stack, villager, ["MENU", "7"])
    assert "Layanan:" in menu[0][0]
    assert ref in menu[1][0]  # the status answer comes from the bot, not the officer
    assert wait_status(stack, ref, "done")["status"] == "done"
