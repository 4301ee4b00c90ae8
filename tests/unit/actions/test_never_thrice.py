"""No question is asked three times in a row, whatever the answers (actions/forms.py
``never_thrice``): a property over every question of the pregnancy, ride and Rantang Kasih
forms, and the rule's steps one by one."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions import pregnancy, rantang_kasih, transport
from actions.forms import UNKNOWN, UNKNOWN_HINT
from bot.core.sms import one_segment
from tests.unit.actions.trackers import DOMAIN, make_tracker, run_action

BASE = {
    "pregnancy_form": {"village": "Jambewangi", "district": "Sempu", "hml_gravida": 2, "hml_first_pregnancy": False,
                       "hml_mother_name": "Siti", "hml_age": 30},
    "rantang_kasih_form": {"village": "Jambewangi", "district": "Sempu", "rks_name": "Mbah Sarinah"},
    "transport_form": {"village": "Jambewangi", "district": "Sempu", "jek_name": "Siti"},
}
VALIDATORS = {"pregnancy_form": pregnancy.ValidatePregnancyForm(), "rantang_kasih_form": rantang_kasih.ValidateRantangKasihForm(),
              "transport_form": transport.ValidateTransportForm()}
QUESTIONS = [(form, slot) for form in VALIDATORS for slot in DOMAIN["forms"][form]["required_slots"]
             if slot != "village"]


def answer(form: str, slot: str, text: str, retry_count=None) -> dict:
    slots = {**BASE[form], "requested_slot": slot, "retry_count": retry_count}
    tracker = make_tracker(text=text, active_loop=form, slots=slots, candidates={slot: text})
    events, _ = run_action(VALIDATORS[form], tracker)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("form, slot", QUESTIONS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
                        min_size=3, max_size=3))
def test_no_question_is_asked_three_times_in_a_row(form, slot, answers):
    retry_count, prompts = None, []
    for text in answers:
        set_now = answer(form, slot, text, retry_count)
        if set_now.get(slot) is not None or set(set_now) - {slot, "retry_prompt", "retry_count", "requested_slot"}:
            return  # answered, marked unknown, or a correction: the form moves on to another question
        prompts.append(set_now.get("retry_prompt"))
        retry_count = set_now.get("retry_count")
    pytest.fail(f"{slot} still empty after 3 answers {answers!r}; re-asks {prompts!r}")


def test_the_second_failure_offers_a_way_out_and_the_third_moves_on():
    first = answer("rantang_kasih_form", "rks_age", "entah")
    assert first["rks_age"] is None and UNKNOWN_HINT not in first["retry_prompt"]
    second = answer("rantang_kasih_form", "rks_age", "waduh pak", first["retry_count"])
    assert second["rks_age"] is None and second["retry_prompt"].endswith(UNKNOWN_HINT)
    assert second["retry_prompt"] != first["retry_prompt"] and one_segment(second["retry_prompt"])
    third = answer("rantang_kasih_form", "rks_age", "waduh", second["retry_count"])
    assert third["rks_age"] == UNKNOWN and third["retry_prompt"] is None and third["retry_count"] is None


@pytest.mark.parametrize("text", ["TT", "tidak tahu", "gak tau"])
def test_dont_know_is_an_answer(text):
    set_now = answer("pregnancy_form", "hml_age", text)
    assert set_now["hml_age"] == UNKNOWN and set_now.get("retry_prompt") is None


def test_a_valid_answer_resets_the_count():
    first = answer("rantang_kasih_form", "rks_age", "entah")
    ok = answer("rantang_kasih_form", "rks_age", "78", first["retry_count"])
    assert ok["rks_age"] == 78 and ok["retry_count"] is None


def test_a_question_mark_never_confirms_a_report():
    set_now = answer("rantang_kasih_form", "rks_confirm", "?")
    assert set_now.get("rks_confirm") is None
