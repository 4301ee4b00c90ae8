"""A Rasa component that says no (issue 10): a service intent whose key object is absent
from the words becomes ``out_of_scope`` (``nlu.service_keys.vetoed``); a status question that
tells of aid not received becomes a complaint (``nlu.service_keys.redirected``). Between the
classifier and the FallbackClassifier; the emergency safety net still runs after it, so a
danger sign wins over the gate."""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.emergency import words_of
from nlu.requests import declines_ride
from nlu.safety_net import check_forced_intent, force_intent
from nlu.service_keys import redirected, vetoed
from nlu.village_office import levy_story

SERVICE_VETO = "service_veto"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ServiceGate(GraphComponent, IntentClassifier):
    """Out of scope when the words hold nothing the predicted service makes."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # the intent a vetoed service becomes
            "intent": "out_of_scope",
            # its confidence (at least this): above the FallbackClassifier's threshold
            "min_confidence": 0.9,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        check_forced_intent("ServiceGate", config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.validate_config(config)
        self._config = config

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ServiceGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            words = words_of(text, boundaries=True) if text else []
            instead = redirected(intent, words)
            if intent == "request_document" and levy_story(text):
                instead = "file_complaint"  # a levy told while getting a letter: a complaint, as the webhook reads it
            if intent == "request_pregnancy_transport" and declines_ride(text):
                instead = self._config["intent"]  # "tp aku gak usah dijemput jek mil ya" (round 10)
            if instead:  # "PKH tahap ini tidak masuk rekening": a complaint, not a status question
                confidence = float((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                force_intent(message, instead, max(confidence, float(self._config["min_confidence"])))
                # the intent the words overrule leaves the ranking: level with the new one, the
                # FallbackClassifier's ambiguity rule would make it "not understood"
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [r for r in ranking if r.get(INTENT_NAME_KEY) != intent or intent == instead],
                            add_to_output=True)
                continue
            if not text or not vetoed(intent, words):
                continue
            confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY)
            force_intent(message, self._config["intent"], float(self._config["min_confidence"]))
            message.set(SERVICE_VETO, {"intent": intent, "confidence": confidence}, add_to_output=True)
        return messages
