"""A Rasa component for long messages (issue 10): the request wins over the story.

Villagers write a greeting, a story, then what they want ("Assalamualaikum bu, anak saya
kemarin lahir di rumah bidan. Mau tanya gimana bikin akte lahirnya?"). A bag-of-words
classifier weighs every sentence alike, so the story's words (a birth, a pregnancy) can
outvote the request's (a document). This component, after the normaliser and the gazetteer
and before the featurizers, finds the sentence that asks (``request_sentence``: request and
question words, a question mark; the later one on a tie) and repeats its tokens at the end of
the token list, so the featurizers count its words ``copies`` more times. The text, its
offsets and the entities are untouched; a message of one sentence is left as it is. The same
runs on the training data, so training and prediction see the same features.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# Normalised words (the normaliser's lemmas) that ask for something.
REQUEST_WORDS = frozenset({
    "mau", "ingin", "minta", "tolong", "mohon", "bisa", "bagaimana", "cara", "syarat", "daftar", "lapor",
    "melapor", "buat", "bikin", "urus", "jemput", "tanya", "apakah", "kapan", "berapa", "perlu", "butuh",
    "bantu", "bantuan", "ajukan", "mengajukan", "adukan", "mengadu", "cek", "gimana", "piye", "pripun",
})
_SENTENCE = re.compile(r"[^.?!\n]+[.?!\n]*")


def sentence_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, asks) of each sentence of ``text``; ``asks``: it ends with a '?'."""
    spans = []
    for m in _SENTENCE.finditer(text or ""):
        if m.group(0).strip(" .?!\n"):
            spans.append((m.start(), m.end(), "?" in m.group(0)))
    return spans


def request_sentence(text: str, tokens: Sequence[Token]) -> list[Token] | None:
    """The tokens of the sentence that asks, when the text has two sentences or more and one
    of them asks more than the others; None otherwise."""
    spans = sentence_spans(text)
    if len(spans) < 2:
        return None
    scored: list[tuple[int, int, list[Token]]] = []
    for index, (start, end, question) in enumerate(spans):
        inside = [t for t in tokens if start <= t.start < end]
        words = {w for t in inside for w in (t.lemma or t.text.lower()).split()}
        score = 2 * len(words & REQUEST_WORDS) + (1 if question else 0)
        scored.append((score, index, inside))
    best = max(scored, key=lambda s: (s[0], s[1]))
    if best[0] == 0 or not best[2] or sum(1 for s in scored if s[0] == best[0]) == len(scored):
        return None  # nothing asks, or every sentence asks alike: no sentence wins
    return best[2]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class RequestFocus(GraphComponent):
    """Repeats the tokens of a long message's request sentence (see the module's docstring)."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"copies": 1}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        copies = config.get("copies")
        if not isinstance(copies, int) or isinstance(copies, bool) or not 0 <= copies <= 3:
            raise InvalidConfigException(f"RequestFocus: 'copies' must be a whole number from 0 to 3, got {copies!r}.")
        unknown = {k for k in set(config) - {"copies", "name"} if not k.startswith("_")}
        if unknown:
            raise InvalidConfigException(f"RequestFocus: unknown option(s) {sorted(unknown)}; the option is 'copies'.")

    def __init__(self, config: dict[str, Any]) -> None:
        self.validate_config(config)
        self._copies = config["copies"]

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> RequestFocus:
        return cls(config)

    def _focus(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not tokens or not self._copies:
            return
        asked = request_sentence(message.get(TEXT) or "", tokens)
        if asked:
            message.set(TOKENS_NAMES[TEXT], list(tokens) + [copy.copy(t) for _ in range(self._copies) for t in asked])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            if message.get(TEXT):
                self._focus(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._focus(message)
        return messages
