"""Smart Kampung NLU components (Rasa 3 graph components) and pure text helpers.

Importing this package does not import Rasa: ``nlu.text`` and ``nlu.lexicon`` are pure
Python and are also used by ``nlu.places``. The Rasa components live in
``nlu.normaliser``, ``nlu.gazetteer`` and ``nlu.safety_net`` and are referenced from
``config.yml`` by their module path.
"""
