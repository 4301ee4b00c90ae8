"""The house holds (docs/design.md): the core stands alone, the NLU knows nothing of the
bot, the worker needs no rasa_sdk, and no module grows past ~400 lines.

Each check imports in a fresh interpreter and reads ``sys.modules``: what a process
really loads, not what a grep finds.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import ROOT

CORE_MODULES = sorted(
    "bot.core." + ".".join(p.relative_to(ROOT / "bot" / "core").with_suffix("").parts)
    for p in (ROOT / "bot" / "core").rglob("*.py")
    if p.name != "__init__.py"
)
PURE_NLU = ["nlu.text", "nlu.lexicon", "nlu.places", "nlu.emergency", "nlu.documents", "nlu.entities"]
MAX_LINES = 400


def loaded_after(*modules: str) -> list[str]:
    code = ("import importlib, json, sys\n"
            f"for m in {list(modules)!r}: importlib.import_module(m)\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    return json.loads(out)


def roots(names: list[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def test_the_core_imports_no_web_no_rasa_and_nothing_of_bot_actions_or_nlu():
    assert len(CORE_MODULES) >= 10
    loaded = loaded_after(*CORE_MODULES)
    assert not roots(loaded) & {"flask", "werkzeug", "rasa_sdk", "rasa", "actions", "nlu", "sanic"}
    bot_modules = {m for m in loaded if m == "bot" or m.startswith("bot.")}
    assert bot_modules and all(m == "bot" or m.startswith("bot.core") for m in bot_modules), bot_modules


def test_the_nlu_imports_nothing_of_the_bot_or_the_actions():
    loaded = loaded_after(*PURE_NLU, "nlu.gazetteer", "nlu.normaliser", "nlu.safety_net")
    assert not roots(loaded) & {"bot", "actions", "flask", "rasa_sdk"}


def test_the_worker_needs_neither_rasa_sdk_nor_the_actions():
    loaded = loaded_after("bot.worker")
    assert not roots(loaded) & {"rasa_sdk", "rasa", "actions", "nlu", "flask"}


def test_the_pipeline_runs_without_flask():
    loaded = loaded_after("bot.pipeline")
    assert not roots(loaded) & {"flask", "rasa_sdk", "actions"}


@pytest.mark.parametrize("folder", ["bot", "actions", "nlu"])
def test_no_module_is_over_the_size_limit(folder):
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / folder).rglob("*.py")}
    assert sizes
    assert {p: n for p, n in sizes.items() if n > MAX_LINES} == {}
