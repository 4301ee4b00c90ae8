"""scripts/train.py trains only when the model's inputs changed."""
from __future__ import annotations

import importlib.util
import json
import os
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train.py"


@pytest.fixture
def train(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("train_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "domain").mkdir()
    (tmp_path / "config.yml").write_text("recipe: default.v1\n")
    (tmp_path / "domain" / "base.yml").write_text("version: '3.1'\n")
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "MODELS", tmp_path / "models")
    monkeypatch.setattr(module, "STAMP", tmp_path / "models" / "fingerprint.json")
    calls = []

    def fake_rasa_train(cmd, cwd, env, check):
        calls.append(cmd)
        assert env["RASA_TELEMETRY_ENABLED"] == "false"
        model = tmp_path / "models" / f"model-{len(calls)}.tar.gz"
        model.write_bytes(b"x")
        os.utime(model, (time.time() + len(calls), time.time() + len(calls)))

    monkeypatch.setattr(module.subprocess, "run", fake_rasa_train)
    module.calls = calls
    return module


def test_trains_once_then_reuses_the_model(train, tmp_path):
    first = train.train()
    assert first.name == "model-1.tar.gz" and len(train.calls) == 1
    assert "--domain" in train.calls[0] and "domain" in train.calls[0]
    assert train.train() == first and len(train.calls) == 1
    assert json.loads((tmp_path / "models" / "fingerprint.json").read_text())["model"] == "model-1.tar.gz"


def test_a_changed_input_trains_again(train, tmp_path):
    train.train()
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: [changed]\n")
    assert train.train().name == "model-2.tar.gz"
    (tmp_path / "domain" / "new.yml").write_text("version: '3.1'\n")
    assert train.train().name == "model-3.tar.gz"
    assert train.train().name == "model-3.tar.gz"
    assert train.train(force=True).name == "model-4.tar.gz"
    assert len(list((tmp_path / "models").glob("*.tar.gz"))) == train.KEEP_MODELS


def test_a_missing_model_trains_again(train, tmp_path):
    model = train.train()
    model.unlink()
    assert train.train().name == "model-2.tar.gz"
