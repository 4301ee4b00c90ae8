"""EmergencySafetyNet: pregnancy danger signs override the intent classifier.

Placed after FallbackClassifier. When ``nlu.emergency.detect`` finds a danger sign of a
pregnant or just-delivered woman in the normalised words, the intent becomes
``pregnancy_emergency`` whatever DIET or the FallbackClassifier said (including
``nlu_fallback``); its confidence is at least ``min_confidence``, and the intent ranking
is rewritten so that its first entry is the new intent (nlu_fallback removed).
The reason is reported in the parse result as ``emergency_signal``.

The other way round, a classifier's ``pregnancy_emergency`` with no danger sign found and a
subject who is clearly not a pregnant or just-delivered woman ("anak sy demam tinggi",
"bapak jatuh dari pohon": ``nlu.emergency.not_a_mother``) becomes ``veto_intent``
(out_of_scope; the fallback action then gives the 112 number), reported as
``emergency_veto``. Set ``veto_intent: null`` to keep every classifier alarm.

    - name: nlu.safety_net.EmergencySafetyNet
      # intent: pregnancy_emergency   # the intent to force
      # min_confidence: 0.9           # confidence reported when the rule fires
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu.emergency import denies_pregnancy, detect, words_of
from nlu.emergency_words import URGENT
from nlu.subjects import diet_question, general_question, no_complaint, no_mother_named, not_a_mother, past_story

EMERGENCY_SIGNAL = "emergency_signal"
EMERGENCY_VETO = "emergency_veto"


def check_forced_intent(component: str, config: dict[str, Any]) -> None:
    """The options of a component that forces an intent: ``intent`` (a name) and
    ``min_confidence`` (in (0, 1]); a clear message naming the option otherwise."""
    intent = config.get("intent")
    if not isinstance(intent, str) or not intent:
        raise InvalidConfigException(f"{component}: 'intent' must be an intent name, got {intent!r}.")
    conf = config.get("min_confidence")
    if not isinstance(conf, (int, float)) or isinstance(conf, bool) or not 0 < conf <= 1:
        raise InvalidConfigException(f"{component}: 'min_confidence' must be a number in (0, 1], got {conf!r}.")


def force_intent(message: Message, intent: str, min_confidence: float) -> None:
    """Make ``intent`` the message's intent and the top of its ranking."""
    ranking: list[dict[str, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
    previous = next((r for r in ranking if r.get(INTENT_NAME_KEY) == intent), None)
    confidence = max(float(previous[PREDICTED_CONFIDENCE_KEY]) if previous else 0.0, min_confidence)
    new = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}
    rest = [
        r for r in ranking
        if r.get(INTENT_NAME_KEY) not in (intent, DEFAULT_NLU_FALLBACK_INTENT_NAME)
    ]
    message.set(INTENT, dict(new), add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(new)] + rest, add_to_output=True)


def asks_in_general(words: list[str]) -> bool:
    """A question about a sign, of nobody, with nothing urgent ("ketuban pecah dini itu apa sih bahayanya")."""
    return (general_question(words) or diet_question(words)) and not URGENT & set(words)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class EmergencySafetyNet(GraphComponent, IntentClassifier):
    """Rule layer that routes pregnancy danger signs to the emergency intent."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # the intent forced when a danger sign is found
            "intent": "pregnancy_emergency",
            # confidence reported for the forced intent (at least this)
            "min_confidence": 0.9,
            # a classifier alarm about a child, a man or an elder, or one that says she is
            # not pregnant ("dudu ibu hamil"), becomes this (null: keep it)
            "veto_intent": "out_of_scope",
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        check_forced_intent("EmergencySafetyNet", config)
        veto = config.get("veto_intent")
        if veto is not None and (not isinstance(veto, str) or not veto):
            raise InvalidConfigException(
                f"EmergencySafetyNet: 'veto_intent' must be an intent name or null, got {veto!r}."
            )

    def __init__(self, config: dict[str, Any]) -> None:
        self.validate_config(config)
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencySafetyNet:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            # the rules read the raw text's words with its sentence ends and blood pressure readings
            words = words_of(text, boundaries=True)
            reason = detect(words)
            if reason is None:
                self._veto(message, words)
                continue
            force_intent(message, self._config["intent"], float(self._config["min_confidence"]))
            message.set(EMERGENCY_SIGNAL, reason, add_to_output=True)
        return messages

    def _veto(self, message: Message, words: list[str]) -> None:
        veto = self._config.get("veto_intent")
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if veto and intent == self._config["intent"] and (not_a_mother(words) or denies_pregnancy(words)
                                                          or no_mother_named(words) or asks_in_general(words)):
            confidence = float((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            force_intent(message, veto, confidence)
            message.set(EMERGENCY_VETO, True, add_to_output=True)
        elif veto and intent == self._config["intent"] and (no_complaint(words) or past_story(words, URGENT)):
            # "sy UK 14 mgg, gak ada keluhan, gak pusing gak bengkak": a registration, no alarm;
            # "wingi pas arisan mutah-mutah terus ... durung tau priksa" (round 18): a report
            confidence = float((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            force_intent(message, "report_pregnancy", confidence)
            message.set(EMERGENCY_VETO, True, add_to_output=True)
