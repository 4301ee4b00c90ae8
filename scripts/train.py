"""Train the Rasa model only when its inputs changed (``make train``).

Rasa 3.6 re-runs training on every ``rasa train`` (cached components make it
quicker, but it still writes a new model and costs the TensorFlow start), so
this wrapper fingerprints what the model reads (config.yml, domain/, the training
data in data/nlu, data/rules and data/stories, the custom NLU components in nlu/ with
the place and word lists they load from data/places and data/reference,
requirements.txt) and skips training when the newest model in models/ was trained
from the same fingerprint. The product's own data (officers, the document catalogue,
the KSPR table) is read by the actions at run time and retrains nothing.

    python scripts/train.py            # train if needed
    python scripts/train.py --force    # train anyway
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
STAMP = MODELS / "fingerprint.json"
KEEP_MODELS = 3
INPUTS = ("config.yml", "domain", "data/nlu", "data/rules", "data/stories", "data/places", "data/reference", "nlu",
          "requirements.txt")
SUFFIXES = {".yml", ".yaml", ".py", ".txt", ".json", ".csv", ".md"}


def input_files() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts
            )
    return sorted(files)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in input_files():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def newest_model() -> Path | None:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def up_to_date(current: str) -> Path | None:
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return None
    model = newest_model()
    if model is not None and stamp.get("fingerprint") == current and stamp.get("model") == model.name:
        return model
    return None


def prune() -> None:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in models[:-KEEP_MODELS]:
        old.unlink(missing_ok=True)


def train(force: bool = False) -> Path:
    MODELS.mkdir(exist_ok=True)
    # Two runs at once (a test session and `make run`) train one after the other.
    with open(MODELS / ".train.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another training is running; waiting for it to finish...", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        return _train(force)


def _train(force: bool) -> Path:
    current = fingerprint()
    model = None if force else up_to_date(current)
    if model is not None:
        print(f"Model up to date, not training: models/{model.name}", flush=True)
        return model
    cmd = [sys.executable, "-m", "rasa", "train", "--domain", "domain", "--data", "data",
           "--config", "config.yml", "--out", "models"]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    print("Training the model: " + " ".join(cmd[1:]), flush=True)
    started = time.monotonic()
    before = newest_model()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    model = newest_model()
    if model is None or model == before:
        raise SystemExit("rasa train wrote no model")
    STAMP.write_text(json.dumps({"fingerprint": current, "model": model.name}, indent=1))
    prune()
    print(f"Trained models/{model.name} in {time.monotonic() - started:.0f} s", flush=True)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even when nothing changed")
    args = parser.parse_args()
    try:
        train(force=args.force)
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"rasa train failed (exit {exc.returncode})") from None


if __name__ == "__main__":
    main()
