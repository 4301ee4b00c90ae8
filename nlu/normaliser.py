"""TextNormaliser: a Rasa 3 graph component that normalises villager spellings.

Runs right after the tokenizer. For every token of the message text it sets
``Token.lemma`` to the standard-Indonesian form (slang/SMS/Javanese mapped, repeated
letters collapsed, "kejang2" -> "kejang kejang", 16-digit numbers -> "nomornik"), and it
stores the normalised message as ``text_normalised``. Token text, start and end are never
changed, so entity offsets stay those of the original message. The CountVectorsFeaturizers
read the lemma (their ``use_lemma`` defaults to true).

    pipeline:
      - name: WhitespaceTokenizer
      - name: nlu.normaliser.TextNormaliser
        # map_slang: true            # combined_slang_words.json + nlu/lexicon.py
        # collapse_repeats: true     # tolooong -> tolong
        # expand_reduplication: true # kejang2 -> kejang kejang
        # number_classes: true       # 16 digits -> nomornik (an NIK)
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import text as textlib

NORMALISED_TEXT = "text_normalised"
_BOOL_KEYS = ("map_slang", "collapse_repeats", "expand_reduplication", "number_classes")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class TextNormaliser(GraphComponent):
    """Sets token lemmas to normalised standard Indonesian; offsets untouched."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # map slang, SMS shorthands and Javanese/Madurese/Osing words to Indonesian
            "map_slang": True,
            # collapse runs of a repeated letter ("tolooong" -> "tolong")
            "collapse_repeats": True,
            # expand reduplication written with 2 ("kejang2" -> "kejang kejang")
            "expand_reduplication": True,
            # replace a 16-digit number (an NIK) by the word "nomornik"
            "number_classes": True,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        for key in _BOOL_KEYS:
            if not isinstance(config.get(key), bool):
                raise InvalidConfigException(
                    f"TextNormaliser: option '{key}' must be true or false, got {config.get(key)!r}. "
                    f"Options: {', '.join(_BOOL_KEYS)} (see nlu/normaliser.py)."
                )
        unknown = set(config) - set(cls.get_default_config()) - {"name"}
        unknown = {k for k in unknown if not k.startswith("_")}  # rasa-internal keys
        if unknown:
            raise InvalidConfigException(
                f"TextNormaliser: unknown option(s) {sorted(unknown)}; "
                f"known options are {', '.join(_BOOL_KEYS)}."
            )

    def __init__(self, config: dict[str, Any]) -> None:
        self.validate_config(config)
        self._config = config
        textlib.slang_map()  # load the lexicon once, at start-up

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextNormaliser:
        return cls(config)

    def normalise(self, word: str) -> str:
        cfg = self._config
        return textlib.normalise_word(
            word,
            slang=cfg["map_slang"],
            repeats=cfg["collapse_repeats"],
            redup=cfg["expand_reduplication"],
            numbers=cfg["number_classes"],
        )

    def _process_message(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not tokens:
            return
        parts: list[str] = []
        lemmas = [self.normalise(t.text) for t in tokens]
        if self._config["map_slang"]:
            for i, ref in enumerate(textlib.normalise_words([t.text for t in tokens])):
                if ref == textlib.REF_LEMMA:
                    lemmas[i] = ref
        for token, lemma in zip(tokens, lemmas):
            token.lemma = lemma if lemma else token.text.lower()
            if lemma:
                parts.append(lemma)
        message.set(NORMALISED_TEXT, " ".join(parts))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            if message.get(TEXT):
                self._process_message(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_message(message)
        return messages


def normalised_words(message: Message) -> list[str]:
    """The normalised words of a processed message (lemmas split on spaces)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    words: list[str] = []
    for token in tokens:
        words.extend((token.lemma or "").split())
    if not words and message.get(NORMALISED_TEXT):
        words = message.get(NORMALISED_TEXT).split()
    return words


