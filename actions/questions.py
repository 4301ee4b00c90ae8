"""Where a form's question comes from: fixed questions are domain responses (one place for
every villager-facing text, ``utter_ask_...``); questions built from data (the document
catalogue, pending desa choices, summaries) are ``callable(tracker) -> str`` in the service."""
from __future__ import annotations

from collections.abc import Callable

from rasa_sdk import Tracker

Question = str | Callable[[Tracker], str]


def domain_text(domain: dict, response: str) -> str:
    """The text of ``response``'s unconditional variant in the (merged) domain."""
    variants = (domain.get("responses") or {}).get(response) or []
    text = next((v.get("text") for v in variants if not v.get("condition") and v.get("text")), None)
    if text is None:
        raise KeyError(f"no text for {response} in the domain")
    return text


def question_text(question: Question, tracker: Tracker, domain: dict) -> str:
    """A question as text: a domain response named ``utter_...`` (or a callable's answer
    naming one), a callable's answer, or the string."""
    if callable(question):
        question = question(tracker)
    if question.startswith("utter_"):
        return domain_text(domain, question)
    return question


def paired(partner: str, both: str, alone: str) -> Callable[[Tracker], str]:
    """A question that asks two things while slot ``partner`` is empty ("Siapa nama dan umur
    ibu?"), else only its own: the domain response ``both`` or ``alone``."""
    def question(tracker: Tracker) -> str:
        return both if tracker.get_slot(partner) is None else alone
    return question
