"""Every question of the pregnancy, emergency, ride and Rantang Kasih flows fits one SMS
segment: at most 160 GSM-7 characters (no emoji, no curly quotes)."""
from __future__ import annotations

import re

import pytest

from actions import emergency, pregnancy, rantang_kasih, transport
from tests.unit.actions.trackers import DOMAIN

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENDED = set("^{}\\[~]|€")
PREFIXES = ("hml_", "jek_", "rks_", "emergency", "pregnancy", "transport", "rantang_kasih")


def segment_length(text: str) -> int:
    return sum(2 if c in EXTENDED else 1 for c in text)


def my_questions():
    for name, variants in DOMAIN["responses"].items():
        stem = name.removeprefix("utter_ask_").removeprefix("utter_")
        if not stem.startswith(PREFIXES):
            continue
        for variant in variants:
            yield name, variant["text"]


@pytest.mark.parametrize("name, text", list(my_questions()))
def test_response_is_gsm7(name, text):
    assert set(text) <= GSM7 | EXTENDED, name


@pytest.mark.parametrize("name, text", [(n, t) for n, t in my_questions()
                                        if "ask" in n or "invalid" in n or "question" in n or "correction" in n
                                        or "emergency" in n])
def test_question_fits_one_segment(name, text):
    # template values ({ref}, {village}) are at most 20 characters
    filled = re.sub(r"\{[a-z_]+\}", "x" * 20, text)
    assert segment_length(filled) <= 160, name


@pytest.mark.parametrize("action", [pregnancy.ActionAskPregnancyFormVillage, emergency.ActionAskEmergencyFormVillage,
                                    transport.ActionAskTransportFormVillage,
                                    rantang_kasih.ActionAskRantangKasihFormVillage])
def test_village_questions_fit(action):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from tests.unit.actions.trackers import make_tracker

    dispatcher = CollectingDispatcher()
    asyncio.run(action().run(dispatcher, make_tracker(), DOMAIN))
    text = dispatcher.messages[0]["text"]
    assert segment_length(text) <= 160 and set(text) <= GSM7


def test_every_ask_response_exists_for_the_form_slots():
    for form in ("pregnancy_form", "emergency_form", "transport_form", "rantang_kasih_form"):
        for slot in DOMAIN["forms"][form]["required_slots"]:
            assert (f"utter_ask_{slot}" in DOMAIN["responses"] or f"action_ask_{slot}" in DOMAIN["actions"]
                    or f"action_ask_{form}_{slot}" in DOMAIN["actions"]), (form, slot)
