"""The core every process stands on: the webhook, the action server, the worker and
the CLI all import it; it imports none of them (no Flask, no rasa_sdk, nothing of
``bot``'s web modules, ``actions`` or ``nlu``). See docs/design.md for the map.

Importing this package must stay cheap: ``bot/__init__.py`` imports nothing heavy.
"""
