"""Answers to the side questions villagers ask in the middle of a form ("iki gratis ta?",
"suwe ora mas?"), from data/faq.yml; pure. None when the question is not one we know (the
form keeps it and names it again after the case)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.emergency_text import words_of
from nlu.service_keys import health_question

FAQ_PATH = Path(__file__).resolve().parents[1] / "data" / "faq.yml"


@lru_cache(maxsize=1)
def topics(path: str | None = None) -> dict:
    data = yaml.safe_load(Path(path or FAQ_PATH).read_text(encoding="utf-8")) or {}
    return data.get("topics") or {}


def _said(words, text: str) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in words or ())


def _raises(topic: dict, text: str) -> bool:
    """One of the topic's words, and one of its ``with`` words when it has them."""
    return _said(topic.get("words"), text) and (not topic.get("with") or _said(topic["with"], text))


def answer(question: str | None, form: str | None) -> str | None:
    """The answer for ``form`` (``default`` otherwise) of the first topic the question raises."""
    text = " ".join(re.findall(r"[a-z]+", (question or "").lower()))
    for topic in topics().values():
        if _raises(topic, text):
            answers = topic.get("answers") or {}
            return answers.get(form or "") or answers.get("default")
    return None


_QUESTION_END = re.compile(r"\?\s*$")
_QUESTION_WORD = re.compile(r"\b(ta|tah|kah|mboten|nggak|ga|gak|ora|enggak|tidak|apa|opo|nopo|napa|kapan|piye|"
                            r"pripun|gimana|berapa|pinten|pira|dangu|suwe|lama|lami)\s*\W*$", re.IGNORECASE)
_CLAUSE = re.compile(r"(?<=[.!?\n])\s+")


def is_question(text: str | None) -> bool:
    """"niki mbayar mboten pak?", "gratis ta", "dangu mboten": a question (a question mark, or
    a question word at its end)."""
    t = re.sub(r"\s+(pak|bu|mas|mbak|min|dik|ya|yo|nggih|sih|to)\W*$", "", (text or "").strip(), flags=re.IGNORECASE)
    return bool(_QUESTION_END.search(text or "") or _QUESTION_WORD.search(t))


def known_question(text: str | None, form: str | None) -> str | None:
    """The sentence of ``text`` that asks a question we know the answer to ("siang min. sy mau
    pesen jekmil ... kapan bisa jemput?" -> "kapan bisa jemput?"), else None."""
    for clause in _CLAUSE.split(text or ""):
        clause = clause.strip()
        if clause and is_question(clause) and answer(clause, form):
            return clause
    return None


def health_answer(text: str | None) -> str | None:
    """The answer to a question about a pregnancy's health ("oleh ngombe kopi ta?", "flek wingi
    wis mandek, bahaya ora?"), known by the rule that keeps it from a report or an alarm
    (``nlu.service_keys.health_question``), in every language that rule reads; else None."""
    if text and health_question(words_of(text, boundaries=True)):
        return topics()["pregnancy_health"]["answers"]["outside"]
    return None


def outside(text: str | None) -> str | None:
    """The answer to a question asked on its own, outside any service ("jadwal posyandu kapan?"),
    from a topic that has one (``outside`` in data/faq.yml), else None; first a question about
    a pregnancy's health (``health_answer``)."""
    if (health := health_answer(text)):
        return health
    words = " ".join(re.findall(r"[a-z]+", (text or "").lower()))
    for topic in topics().values():
        if "outside" in (topic.get("answers") or {}) and _raises(topic, words):
            return topic["answers"]["outside"]
    return None
