"""Entity extraction for village / district / document_type (pure, no Rasa).

Used by the PlaceDocumentExtractor component (nlu/gazetteer.py), the tests and anything on
the Python side that wants the same entities as the model.
"""

from __future__ import annotations

from typing import Any

from nlu import places as placelib
from nlu import text as textlib
from nlu.documents import find_documents

ENTITY_ATTRIBUTE_TYPE = "entity"
ENTITY_ATTRIBUTE_START = "start"
ENTITY_ATTRIBUTE_END = "end"
ENTITY_ATTRIBUTE_VALUE = "value"
ENTITY_ATTRIBUTE_CONFIDENCE = "confidence"


def extract(text: str, *, places: bool = True, documents: bool = True, fuzzy: bool = True) -> list[dict[str, Any]]:
    """Pure extraction used by the component and the tests: Rasa-style entity dicts."""
    spans = placelib.word_spans(text)
    entities: list[dict[str, Any]] = []
    if places:
        for m in placelib.find_places([w for w, _, _ in spans], fuzzy=fuzzy):
            start, end = spans[m.start][1], spans[m.end - 1][2]
            entities.append(
                {
                    ENTITY_ATTRIBUTE_TYPE: m.kind,
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    ENTITY_ATTRIBUTE_VALUE: m.value,
                    ENTITY_ATTRIBUTE_CONFIDENCE: 0.8 if m.fuzzy else 1.0,
                }
            )
    if documents:
        words: list[str] = []
        owner: list[int] = []
        for idx, (w, _, _) in enumerate(spans):
            for sub in textlib.normalise_word(w).split():
                words.append(sub)
                owner.append(idx)
        taken = [(e[ENTITY_ATTRIBUTE_START], e[ENTITY_ATTRIBUTE_END]) for e in entities]
        for s, e, value in find_documents(words):
            start, end = spans[owner[s]][1], spans[owner[e - 1]][2]
            if any(start < te and ts < end for ts, te in taken):
                continue
            entities.append(
                {
                    ENTITY_ATTRIBUTE_TYPE: "document_type",
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    ENTITY_ATTRIBUTE_VALUE: value,
                    ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
                }
            )
    entities.sort(key=lambda e: e[ENTITY_ATTRIBUTE_START])
    for e in entities:
        e["text"] = text[e[ENTITY_ATTRIBUTE_START] : e[ENTITY_ATTRIBUTE_END]]
    return entities
