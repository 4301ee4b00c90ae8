"""Answers to the side questions villagers ask in the middle of a form ("iki gratis ta?",
"suwe ora mas?"), from data/faq.yml; pure. None when the question is not one we know (the
form keeps it and names it again after the case)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

FAQ_PATH = Path(__file__).resolve().parents[2] / "data" / "faq.yml"


@lru_cache(maxsize=1)
def topics(path: str | None = None) -> dict:
    data = yaml.safe_load(Path(path or FAQ_PATH).read_text(encoding="utf-8")) or {}
    return data.get("topics") or {}


def answer(question: str | None, form: str | None) -> str | None:
    """The answer for ``form`` (``default`` otherwise) of the first topic the question raises."""
    text = " ".join(re.findall(r"[a-z]+", (question or "").lower()))
    for topic in topics().values():
        if any(re.search(rf"\b{re.escape(word)}\b", text) for word in topic.get("words") or ()):
            answers = topic.get("answers") or {}
            return answers.get(form or "") or answers.get("default")
    return None
