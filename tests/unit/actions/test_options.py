"""Numbered questions answered in words (actions/helpers/options.py), read off the domain's
own question texts."""
from __future__ import annotations

import pytest

from actions.helpers.options import as_numbers, numbered_options
from tests.unit.actions.trackers import DOMAIN


@pytest.mark.parametrize("response, answer, numbers", [
    ("utter_ask_hml_risk_a", "operasi sesar", "1"),
    ("utter_ask_hml_risk_a", "pernah sesar", "1"),
    ("utter_ask_hml_risk_a", "sc sama vakum", "1 2"),
    ("utter_ask_hml_risk_a", "pernah keguguran sekali, badannya pendek", "5 8"),
    ("utter_ask_hml_risk_a", "anak terakhir masih kecil", "6"),
    # round 8, finding 6: a police officer's history in words, asked three times
    ("utter_ask_hml_risk_a", "pernah diinfus waktu persalinan kedua, selain itu tidak ada", "4"),
    ("utter_ask_hml_risk_a", "tidak ada yang lain, hanya perdarahan waktu persalinan kedua itu", "4"),
    ("utter_ask_hml_risk_a", "caesar th 2024 dan transfusi pd persalinan ke-2", "1 4"),
    ("utter_ask_hml_risk_a", "anak ke-2 lahir sesar", "1"),
    ("utter_ask_hml_risk_c", "bengkak dan darah tinggi", "4"),
    ("utter_ask_hml_risk_c", "anemia", "1"),
    ("utter_ask_hml_risk_c", "darah tinggi sama kembar", "4 5"),
    ("utter_ask_hml_reporter", "tetangga", "6"),
    ("utter_ask_hml_reporter", "kader posyandu", "3"),
    ("utter_ask_hml_reporter", "yg nomer dua", "2"),
    ("utter_ask_rks_health", "sakit tapi bisa jalan", "2"),
    ("utter_ask_rks_health", "pertama", "1"),
    ("utter_ask_rks_poor", "tidak bisa masak", "2"),
    # round 9: "loro2ne" (both) was stored as option 2
    ("utter_ask_rks_poor", "loro2ne", "3"), ("utter_ask_rks_poor", "kalih-kalihipun", "3"),
    ("utter_ask_rks_health", "halo pak", None),
    ("utter_ask_hml_reporter", "3", None),  # digits: the form's own parser reads them
])
def test_answers_in_words_become_the_options_numbers(response, answer, numbers):
    text = next(v["text"] for v in DOMAIN["responses"][response])
    assert as_numbers(answer, text) == numbers


def test_options_are_read_in_order_and_numbers_inside_labels_are_no_options():
    text = ("Ada yg berikut? Balas nomor, boleh lebih dari 1 (mis. 1 3): 1 tinggi 145cm/kurang 2 anak terakhir "
            "<2 th 3 jarak 10 th/lebih 4 pernah keguguran 0 tidak ada")
    assert sorted(numbered_options(text)) == [1, 2, 3, 4]
    assert as_numbers("pendek", text) == "1" and as_numbers("jarak anak dekat", text) == "2"
    assert as_numbers("pernah keguguran", text) == "4"


def test_every_numbered_question_of_the_domain_has_its_options_read():
    numbered = [(name, v["text"]) for name, variants in DOMAIN["responses"].items() for v in variants
                if "Balas nomor" in (v.get("text") or "")]
    assert numbered
    for name, text in numbered:
        assert len(numbered_options(text)) >= 2, name


def test_a_form_takes_the_words_as_the_answer_to_the_question_just_asked():
    from actions import pregnancy
    from tests.unit.actions.trackers import make_tracker, run_action

    asked = next(v["text"] for v in DOMAIN["responses"]["utter_ask_hml_risk_c"])
    tracker = make_tracker(text="bengkak dan darah tinggi", active_loop="pregnancy_form",
                           slots={"requested_slot": "hml_risk_c"}, candidates={"hml_risk_c": "bengkak dan darah tinggi"},
                           events=[{"event": "bot", "text": asked}])
    events, _ = run_action(pregnancy.ValidatePregnancyForm(), tracker)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["hml_risk_c"] == ["bengkak_tekanan_darah_tinggi"]


@pytest.mark.parametrize("text, answered", [
    ("bengkak dan darah tinggi", True),     # the option's own words: an answer, no alarm
    ("keluar darah banyak sekarang", False),  # a danger sign: the emergency takes over
])
def test_an_option_answered_in_words_is_no_emergency_even_if_the_nlu_says_so(text, answered):
    from actions import pregnancy
    from tests.unit.actions.trackers import make_tracker, run_action

    asked = next(v["text"] for v in DOMAIN["responses"]["utter_ask_hml_risk_c"])
    tracker = make_tracker(text=text, intent="pregnancy_emergency", active_loop="pregnancy_form",
                           slots={"requested_slot": "hml_risk_c"}, events=[{"event": "bot", "text": asked}])
    events, _ = run_action(pregnancy.ValidatePregnancyForm(), tracker)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert ("hml_risk_c" in slots and slots["hml_risk_c"] is not None) == answered


@pytest.mark.parametrize("answer, numbers", [
    ("namane salah", "1"), ("tujuane rsud dudu senin depan", "4"), ("desanya salah", "2"), ("ya", None),
])
def test_corrections_in_words_at_the_confirmation(answer, numbers):
    text = next(v["text"] for v in DOMAIN["responses"]["utter_jek_confirm_question"])
    assert as_numbers(answer, text) == numbers


@pytest.mark.parametrize("response, answer, numbers", [
    ("utter_ask_rks_reporter", "tetangga", "3"),   # its own option here, not "lainnya"
    ("utter_ask_rks_reporter", "tonggone", "3"),   # Javanese, with a suffix
    ("utter_ask_hml_reporter", "tonggone", "6"),   # "lainnya" where a neighbour is no option
    ("utter_ask_rks_poor", "dua-duanya", "3"),
])
def test_javanese_and_an_options_own_word(response, answer, numbers):
    text = next(v["text"] for v in DOMAIN["responses"][response])
    assert as_numbers(answer, text) == numbers
