"""Evaluate the NLU model: held-out set, entity values, latency, k-fold cross-validation.

    .venv/bin/python scripts/eval_nlu.py            # what `make eval-nlu` runs
    .venv/bin/python scripts/eval_nlu.py --skip-cv  # held-out only (about a minute)
    .venv/bin/python scripts/eval_nlu.py --sweep    # also sweep FallbackClassifier thresholds

Self-sufficient: trains an NLU model (`rasa train nlu`) when none matches the current
config.yml, data/nlu/, nlu/*.py (places included) and data/places/ (fingerprint in the file
name, under --model-dir, default /tmp/nlu-models), then loads it in-process and parses the
held-out messages (tests/data/nlu_heldout.tsv) one at a time.

Reports (printed and saved to results/nlu_eval.json): intent accuracy, macro-F1, per-intent
F1, the most frequent confusions, pregnancy_emergency recall, entity value precision/recall/F1
for document_type, village and district, parse latency p50/p95, and the k-fold CV intent
macro-F1 on the training data. `nlu_fallback` counts as `out_of_scope` (CONTRACT.md 3).
A place name that is both a desa and a kecamatan (Sempu, Rogojampi...) counts as found when it
comes out as either entity (CONTRACT.md 3).

The threshold sweep uses the out-of-fold predictions of the cross-validation (never the
held-out set) and prints the (threshold, ambiguity_threshold) pairs with the best macro-F1.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from scripts.bench_doc import write_section
from scripts.machine_info import cpu_model

HELDOUT = ROOT / "tests" / "data" / "nlu_heldout.tsv"
HELDOUT_B = ROOT / "tests" / "data" / "nlu_heldout_b.tsv"
HELDOUT_C = ROOT / "tests" / "data" / "nlu_heldout_c.tsv"
# Every set no one tuned the classifier on before its first run: the sealed held-out sets, the
# independent sets D, E, F, G, H... (each with its first, before-tuning run in docs/benchmarks.md)
# and the long messages; `make eval-nlu` reports each of them (by_file).
DEFAULT_SETS = [HELDOUT, HELDOUT_B, HELDOUT_C, *sorted((ROOT / "tests" / "data").glob("nlu_indep_*.tsv")),
                ROOT / "tests" / "data" / "nlu_long_dev.tsv", ROOT / "tests" / "data" / "nlu_long_test.tsv"]
NLU_DIR = ROOT / "data" / "nlu"
CONFIG = ROOT / "config.yml"
OUT_JSON = ROOT / "results" / "nlu_eval.json"
FINGERPRINT_INPUTS = [CONFIG, NLU_DIR, ROOT / "nlu", ROOT / "data" / "places",
                      ROOT / "data" / "reference" / "combined_slang_words.json"]
ENTITY_TYPES = ("document_type", "village", "district")
EMERGENCY = "pregnancy_emergency"
FALLBACK = "nlu_fallback"
OOS = "out_of_scope"
# Everyday requests to a phone assistant (alarms, weather, music), none a service of ours:
# data/ood/SOURCE.txt (xSID 0.7, Indonesian test split, CC BY-SA 4.0).
EVERYDAY = ROOT / "data" / "ood" / "xsid_id_test.txt"
# The intents that start or touch a service: an everyday request routed to one is a false route.
SERVICE_INTENTS = frozenset({"request_document", "report_pregnancy", "pregnancy_emergency",
                             "request_pregnancy_transport", "enroll_rantang_kasih", "file_complaint",
                             "check_status", "talk_to_human"})


# ----------------------------------------------------------------------------- data


def read_heldout(path: Path = HELDOUT) -> list[dict]:
    """Rows of the held-out TSV: intent, text, entities [(type, value)]."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        intent, text = parts[0].strip(), parts[1].strip()
        ents = []
        if len(parts) > 2 and parts[2].strip():
            for item in parts[2].split(";"):
                etype, value = item.split("=", 1)
                ents.append((etype.strip(), value.strip()))
        rows.append({"intent": intent, "text": text, "entities": ents, "source": path.name})
    return rows


def read_training_examples(nlu_dir: Path = NLU_DIR) -> list[tuple[str, str]]:
    """(intent, text) for every training example in data/nlu/*.yml (annotations stripped)."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for path in sorted(nlu_dir.glob("*.yml")):
        td = load_data(str(path))
        for m in td.intent_examples:
            examples.append((m.get("intent"), m.get("text")))
    return examples


def fingerprint(extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for base in FINGERPRINT_INPUTS:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for f in files:
            h.update((str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else f.name).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


# ----------------------------------------------------------------------------- model


def set_config(path: Path) -> None:
    """Use another pipeline config (experiments); it enters the model fingerprint."""
    global CONFIG
    CONFIG = path
    if path not in FINGERPRINT_INPUTS:
        FINGERPRINT_INPUTS.append(path)


def train(config: Path, nlu: Path, out_dir: Path, name: str, log: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [str(ROOT / ".venv" / "bin" / "rasa"), "train", "nlu", "--config", str(config), "--nlu", str(nlu),
           "--out", str(out_dir), "--fixed-model-name", name, "--quiet"]
    if not Path(cmd[0]).exists():
        cmd[0:1] = [sys.executable, "-m", "rasa"]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    t0 = time.time()
    with log.open("w") as fh:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        sys.exit(f"training failed (see {log})")
    print(f"  trained {name} in {time.time() - t0:.0f} s", flush=True)
    return out_dir / f"{name}.tar.gz"


def quiet_logs() -> None:
    import structlog

    logging.getLogger().setLevel(logging.WARNING)
    for name in ("rasa", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.ERROR)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


class Parser:
    """A trained NLU model loaded in-process (the same graph the Rasa server runs)."""

    def __init__(self, model_path: Path) -> None:
        from rasa.core.agent import Agent

        quiet_logs()
        self.agent = Agent.load(str(model_path))
        quiet_logs()  # loading re-configures logging
        self.loop = asyncio.new_event_loop()

    def parse(self, text: str) -> dict:
        return self.loop.run_until_complete(self.agent.parse_message(text))


# ----------------------------------------------------------------------------- metrics


def canon(intent: str | None) -> str:
    return OOS if intent in (FALLBACK, None) else intent


def intent_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    gold = [canon(g) for g in gold]
    pred = [canon(p) for p in pred]
    labels = sorted(set(gold))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per = {lab: {"precision": round(float(pi), 4), "recall": round(float(ri), 4), "f1": round(float(fi), 4), "support": int(si)}
           for lab, pi, ri, fi, si in zip(labels, p, r, f, s)}
    confusions = Counter((g, q) for g, q in zip(gold, pred) if g != q)
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4),
        "per_intent": per,
        "emergency_recall": per.get(EMERGENCY, {}).get("recall"),
        "emergency_precision": per.get(EMERGENCY, {}).get("precision"),
        "top_confusions": [{"gold": g, "predicted": q, "count": c} for (g, q), c in confusions.most_common(10)],
    }


def _both_level_names() -> set:
    from nlu.places import all_districts, all_villages

    return {p.name for p in all_villages()} & {p.name for p in all_districts()}


def entity_metrics(gold_rows: Sequence[list[tuple[str, str]]], pred_rows: Sequence[list[tuple[str, str]]]) -> dict:
    both = _both_level_names()

    def key(etype: str, value: str) -> tuple[str, str]:
        if etype in ("village", "district") and value in both:
            return ("place", value)
        return (etype, value)

    tp = Counter()
    fp = Counter()
    fn = Counter()
    errors = []
    for gold, pred in zip(gold_rows, pred_rows):
        g = Counter(key(*e) for e in gold if e[0] in ENTITY_TYPES)
        p = Counter(key(*e) for e in pred if e[0] in ENTITY_TYPES)
        for k in set(g) | set(p):
            hit = min(g[k], p[k])
            # report a both-level name under the type the gold set used
            etype = k[0]
            if etype == "place":
                etype = next((e[0] for e in gold if e[1] == k[1]), None) or next(e[0] for e in pred if e[1] == k[1])
            tp[etype] += hit
            fp[etype] += p[k] - hit
            fn[etype] += g[k] - hit
        if g != p:
            errors.append({"gold": sorted(map(list, g.elements())), "predicted": sorted(map(list, p.elements()))})
    out = {}
    for etype in ENTITY_TYPES + ("all",):
        if etype == "all":
            t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, f_p, f_n = tp[etype], fp[etype], fn[etype]
        prec = t / (t + f_p) if t + f_p else 1.0
        rec = t / (t + f_n) if t + f_n else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[etype] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
                      "tp": t, "fp": f_p, "fn": f_n}
    out["errors"] = errors[:20]
    return out


def percentile(values: Sequence[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def raw_ranking(result: dict) -> list[dict]:
    return [r for r in result.get("intent_ranking", []) if r.get("name") != FALLBACK]


def simulate(result: dict, threshold: float, ambiguity: float) -> str:
    """The intent the pipeline would give with other FallbackClassifier thresholds."""
    if result.get("emergency_signal"):
        return EMERGENCY
    ranking = raw_ranking(result)
    if not ranking:
        return FALLBACK
    top = ranking[0]
    if top["confidence"] < threshold:
        return FALLBACK
    if len(ranking) > 1 and top["confidence"] - ranking[1]["confidence"] < ambiguity:
        return FALLBACK
    return top["name"]


def sweep(golds: Sequence[str], results: Sequence[dict]) -> list[dict]:
    from sklearn.metrics import f1_score

    gold = [canon(g) for g in golds]
    labels = sorted(set(gold))
    rows = []
    for t in [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]:
        for a in [0.0, 0.02, 0.05, 0.1, 0.15, 0.2]:
            pred = [canon(simulate(r, t, a)) for r in results]
            f1 = f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
            oos = [p for g, p in zip(gold, pred) if g == OOS]
            oos_recall = sum(p == OOS for p in oos) / len(oos) if oos else 1.0
            svc_to_oos = sum(1 for g, p in zip(gold, pred) if g != OOS and p == OOS)
            rows.append({"threshold": t, "ambiguity_threshold": a, "macro_f1": round(float(f1), 4),
                         "out_of_scope_recall": round(oos_recall, 4), "in_scope_sent_to_fallback": svc_to_oos})
    rows.sort(key=lambda r: (-r["macro_f1"], r["in_scope_sent_to_fallback"]))
    return rows


# ----------------------------------------------------------------------------- runs


def evaluate_heldout(parser: Parser, rows: list[dict], latency_runs: int = 1) -> dict:
    for r in rows[:3]:  # warm-up (first parse builds TF functions)
        parser.parse(r["text"])
    latencies, preds, pred_ents, results = [], [], [], []
    for r in rows:
        t0 = time.perf_counter()
        res = parser.parse(r["text"])
        latencies.append((time.perf_counter() - t0) * 1000)
        results.append(res)
        preds.append(res["intent"]["name"] if res.get("intent") else None)
        pred_ents.append([(e["entity"], e["value"]) for e in res.get("entities", [])])
    for _ in range(max(0, latency_runs - 1)):
        for r in rows:
            t0 = time.perf_counter()
            parser.parse(r["text"])
            latencies.append((time.perf_counter() - t0) * 1000)
    metrics = intent_metrics([r["intent"] for r in rows], preds)
    metrics["entities"] = entity_metrics([r["entities"] for r in rows], pred_ents)
    metrics["latency_ms"] = {"p50": round(percentile(latencies, 0.5), 2), "p95": round(percentile(latencies, 0.95), 2),
                             "max": round(max(latencies), 2), "n": len(latencies)}
    metrics["misclassified"] = [
        {"text": r["text"], "gold": r["intent"], "predicted": canon(p),
         "confidence": round(res["intent"]["confidence"], 3) if res.get("intent") else None}
        for r, p, res in zip(rows, preds, results) if canon(p) != canon(r["intent"])
    ]
    metrics["fallback_rate"] = round(sum(p == FALLBACK for p in preds) / len(preds), 4)
    metrics["_results"] = results
    return metrics


def cross_validate(examples: list[tuple[str, str]], folds: int, model_dir: Path, seed: int = 7) -> dict:
    """Stratified k-fold on the training examples; out-of-fold parse results."""
    by_intent = defaultdict(list)
    for intent, text in examples:
        by_intent[intent].append(text)
    rng = random.Random(seed)
    fold_of: list[list[tuple[str, str]]] = [[] for _ in range(folds)]
    for intent in sorted(by_intent):
        texts = by_intent[intent][:]
        rng.shuffle(texts)
        for i, text in enumerate(texts):
            fold_of[i % folds].append((intent, text))
    golds, results = [], []
    fold_scores = []
    lookup = (NLU_DIR / "places_lookup.yml").read_text(encoding="utf-8")
    for k in range(folds):
        train_ex = [e for j in range(folds) if j != k for e in fold_of[j]]
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            nlu = tmpdir / "nlu"
            nlu.mkdir()
            (nlu / "places_lookup.yml").write_text(lookup, encoding="utf-8")
            (nlu / "train.yml").write_text(to_yaml(train_ex), encoding="utf-8")
            name = f"cv{k}-{fingerprint()}"
            path = model_dir / f"{name}.tar.gz"
            if not path.exists():
                path = train(CONFIG, nlu, model_dir, name, model_dir / f"{name}.log")
        parser = Parser(path)
        fold_gold, fold_pred = [], []
        for intent, text in fold_of[k]:
            res = parser.parse(text)
            golds.append(intent)
            results.append(res)
            fold_gold.append(intent)
            fold_pred.append(res["intent"]["name"])
        fold_scores.append(intent_metrics(fold_gold, fold_pred)["macro_f1"])
        print(f"  fold {k + 1}/{folds}: macro-F1 {fold_scores[-1]:.4f}", flush=True)
    metrics = intent_metrics(golds, [r["intent"]["name"] for r in results])
    metrics["fold_macro_f1"] = fold_scores
    metrics["_golds"] = golds
    metrics["_results"] = results
    return metrics


def to_yaml(examples: list[tuple[str, str]]) -> str:
    by_intent = defaultdict(list)
    for intent, text in examples:
        by_intent[intent].append(text)
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        for text in by_intent[intent]:
            lines.append(f"    - {text}")
    return "\n".join(lines) + "\n"


def machine() -> dict:
    cpu = cpu_model()
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    return {"nproc": os.cpu_count(), "cpu": cpu or platform.processor(), "python": platform.python_version(),
            "loadavg_1_5_15": load}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-cv", action="store_true", help="skip the k-fold cross-validation")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--sweep", action="store_true", help="sweep FallbackClassifier thresholds on the CV predictions")
    ap.add_argument("--config", type=Path, default=ROOT / "config.yml", help="pipeline config (default config.yml)")
    ap.add_argument("--model", type=Path, help="evaluate this model instead of the fingerprinted one")
    ap.add_argument("--model-dir", type=Path, default=Path(os.environ.get("NLU_MODEL_DIR", "/tmp/nlu-models")))
    ap.add_argument("--heldout", type=Path, action="append",
                    help="held-out TSV (repeatable); default every set of DEFAULT_SETS, reported one by one")
    ap.add_argument("--everyday", type=Path, default=EVERYDAY,
                    help="everyday requests, one per line (text[TAB]label): the share routed to a service")
    ap.add_argument("--out", type=Path, default=OUT_JSON)
    ap.add_argument("--latency-runs", type=int, default=1,
                    help="parse the held-out set this many times for the latency figures")
    ap.add_argument("--write-benchmarks", action="store_true",
                    help="rewrite the '## NLU' section of docs/benchmarks.md with these figures")
    args = ap.parse_args(argv)

    t_start = time.time()
    config = args.config.resolve()
    set_config(config)
    fp = fingerprint()
    model = args.model or args.model_dir / f"nlu-{fp}.tar.gz"
    if not model.exists():
        print(f"training NLU model {model.name} (no model matches the current data/config)", flush=True)
        model = train(CONFIG, NLU_DIR, args.model_dir, f"nlu-{fp}", args.model_dir / f"nlu-{fp}.log")
    print(f"model: {model}", flush=True)
    files = args.heldout or [f for f in DEFAULT_SETS if f.exists()]
    rows = [r for f in files for r in read_heldout(f)]
    train_texts = {t.lower().strip() for _, t in read_training_examples()}
    overlap = [r["text"] for r in rows if r["text"].lower().strip() in train_texts]
    parser = Parser(model)
    held = evaluate_heldout(parser, rows, args.latency_runs)
    results = held.pop("_results")
    by_file = {}
    for f in files:
        idx = [i for i, r in enumerate(rows) if r["source"] == f.name]
        sub = intent_metrics([rows[i]["intent"] for i in idx], [results[i]["intent"]["name"] for i in idx])
        ents = entity_metrics([rows[i]["entities"] for i in idx],
                              [[(e["entity"], e["value"]) for e in results[i].get("entities", [])] for i in idx])
        by_file[f.name] = {k: sub[k] for k in ("n", "accuracy", "macro_f1", "emergency_recall")}
        by_file[f.name]["entity_f1"] = ents["all"]["f1"]
    held["by_file"] = by_file
    everyday = routed_to_service(parser, args.everyday) if args.everyday and args.everyday.exists() else None
    report = {
        "command": "make eval-nlu  (.venv/bin/python scripts/eval_nlu.py" + (" --skip-cv" if args.skip_cv else "") + ")",
        "machine": machine(),
        "model": str(model),
        "fingerprint": fp,
        "heldout_file": ", ".join(str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f) for f in files),
        "heldout_overlap_with_training": overlap,
        "heldout": held,
        "everyday": everyday,
    }
    if not args.skip_cv:
        print(f"{args.folds}-fold cross-validation on the training data (trains {args.folds} models)...", flush=True)
        cv = cross_validate(read_training_examples(), args.folds, args.model_dir)
        golds, results = cv.pop("_golds"), cv.pop("_results")
        report["cross_validation"] = cv
        if args.sweep:
            report["threshold_sweep_cv"] = sweep(golds, results)[:15]
    report["seconds"] = round(time.time() - t_start, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\nsaved {args.out}")
    if args.write_benchmarks:
        write_benchmarks(report)
        print(f"updated {BENCHMARKS.relative_to(ROOT)} (section NLU)")
    return 0


BENCHMARKS = ROOT / "docs" / "benchmarks.md"


def routed_to_service(parser: Parser, path: Path) -> dict:
    """How many everyday requests the model routes to a service (target <= 3 %), and which."""
    texts = [line.split("\t")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    routed = []
    for text in texts:
        intent = parser.parse(text)["intent"]["name"]
        if intent in SERVICE_INTENTS:
            routed.append({"text": text, "predicted": intent})
    return {"file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path), "n": len(texts),
            "routed": len(routed), "rate": round(len(routed) / max(len(texts), 1), 4),
            "by_intent": dict(Counter(r["predicted"] for r in routed)), "examples": routed[:30]}


def benchmarks_section(report: dict) -> str:
    h = report["heldout"]
    m = report["machine"]
    lat = h["latency_ms"]
    ents = h["entities"]
    lines = [
        "## NLU",
        "",
        (f"Command: `make eval-nlu` (= `.venv/bin/python scripts/eval_nlu.py`); full output in "
        f"`results/nlu_eval.json`. Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, Python {m['python']}; "
        f"load average at the end {m.get('loadavg_1_5_15')} (the 2 CPUs were shared with other jobs)."),
        "",
        f"Held-out messages ({h['n']}, never in training: {report['heldout_file']}):",
        "",
        "| metric | value | target |",
        "| --- | --- | --- |",
        f"| intent accuracy | {h['accuracy']:.3f} | |",
        f"| intent macro-F1 | {h['macro_f1']:.3f} | >= 0.95 |",
        f"| pregnancy_emergency recall | {h['emergency_recall']:.3f} (precision {h['emergency_precision']:.3f}) | >= 0.98 |",
        (f"| entity value F1, all (P / R) | {ents['all']['f1']:.3f} ({ents['all']['precision']:.3f} / "
        f"{ents['all']['recall']:.3f}) | >= 0.90 |"),
    ]
    for etype in ENTITY_TYPES:
        e = ents[etype]
        lines.append(f"| entity {etype} P / R / F1 | {e['precision']:.3f} / {e['recall']:.3f} / {e['f1']:.3f} | |")
    lines.append(f"| parse latency p50 / p95 (in-process, one at a time) | {lat['p50']:.1f} ms / {lat['p95']:.1f} ms "
                 "| p95 <= 50 ms |")
    for name, b in h.get("by_file", {}).items():
        lines.append(f"| {name}: accuracy / macro-F1 / emergency recall | {b['accuracy']:.3f} / {b['macro_f1']:.3f} / "
                     f"{b['emergency_recall']:.3f} | |")
    lines.append("")
    lines.append("Per-intent F1: " + ", ".join(f"{k} {v['f1']:.2f}" for k, v in h["per_intent"].items()) + ".")
    lines.append("")
    conf = "; ".join(f"{c['gold']} -> {c['predicted']} ({c['count']})" for c in h["top_confusions"][:8])
    lines.append(f"Most frequent confusions (gold -> predicted): {conf or 'none'}.")
    if "cross_validation" in report:
        cv = report["cross_validation"]
        lines += [
            "",
            f"{len(cv['fold_macro_f1'])}-fold cross-validation on the training data ({cv['n']} examples, "
            f"stratified): intent macro-F1 {cv['macro_f1']:.3f}, accuracy {cv['accuracy']:.3f}, "
            f"pregnancy_emergency recall {cv['emergency_recall']:.3f}; folds "
            + ", ".join(f"{x:.3f}" for x in cv["fold_macro_f1"]) + ".",
        ]
        if cv.get("note"):
            lines.append(f"(CV {cv['note']}.)")
    if report.get("threshold_sweep_cv"):
        best = report["threshold_sweep_cv"][0]
        lines += [
            "",
            ("FallbackClassifier thresholds: swept over the CV out-of-fold predictions (`--sweep`, threshold "
            "0-0.8 x ambiguity 0-0.2, never the held-out set). The surface is flat: best macro-F1 "
            f"{best['macro_f1']:.4f} at threshold {best['threshold']} / ambiguity {best['ambiguity_threshold']}, "
            f"which sends {best['in_scope_sent_to_fallback']} in-scope CV messages to fallback. config.yml keeps "
            "0.5 / 0.05, within 0.003 macro-F1 of the best with half as many in-scope messages lost to fallback."),
        ]
    lines += ["", (f"Latency: {lat['n']} parses of the held-out messages through the model loaded in-process. "
                   f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, model fingerprint "
                   f"`{report['fingerprint']}`."), ""]
    return "\n".join(lines)


def write_benchmarks(report: dict) -> None:
    write_section("## NLU", benchmarks_section(report), BENCHMARKS)


def print_report(report: dict) -> None:
    h = report["heldout"]
    print(f"\n== held-out ({h['n']} messages, {report['heldout_file']}) ==")
    print(f"intent accuracy {h['accuracy']:.4f}   macro-F1 {h['macro_f1']:.4f}   "
          f"pregnancy_emergency recall {h['emergency_recall']}   precision {h['emergency_precision']}")
    for name, b in h.get("by_file", {}).items():
        print(f"  {name}: n {b['n']} accuracy {b['accuracy']:.4f} macro-F1 {b['macro_f1']:.4f} "
              f"emergency recall {b['emergency_recall']} entity F1 {b['entity_f1']:.3f}")
    print("per-intent F1: " + ", ".join(f"{k} {v['f1']:.2f}" for k, v in h["per_intent"].items()))
    if report.get("everyday"):
        e = report["everyday"]
        print(f"everyday requests routed to a service: {e['routed']}/{e['n']} = {e['rate']:.1%} ({e['file']}; "
              f"{e['by_intent']})")
    print("top confusions: " + "; ".join(f"{c['gold']}->{c['predicted']} x{c['count']}" for c in h["top_confusions"]) or "none")
    for etype in ENTITY_TYPES + ("all",):
        e = h["entities"][etype]
        print(f"entity {etype:14s} P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f} (tp {e['tp']} fp {e['fp']} fn {e['fn']})")
    lat = h["latency_ms"]
    print(f"parse latency p50 {lat['p50']} ms  p95 {lat['p95']} ms  (in-process, one message at a time)")
    if report["heldout_overlap_with_training"]:
        print(f"WARNING: {len(report['heldout_overlap_with_training'])} held-out messages also in training data")
    if "cross_validation" in report:
        cv = report["cross_validation"]
        print(f"\n== {len(cv['fold_macro_f1'])}-fold CV on training data ({cv['n']} examples) ==")
        print(f"intent accuracy {cv['accuracy']:.4f}  macro-F1 {cv['macro_f1']:.4f}  folds {cv['fold_macro_f1']}")
        print("top confusions: " + "; ".join(f"{c['gold']}->{c['predicted']} x{c['count']}" for c in cv["top_confusions"][:6]))
    if "threshold_sweep_cv" in report:
        print("\nFallbackClassifier sweep (CV out-of-fold predictions), best first:")
        for r in report["threshold_sweep_cv"][:8]:
            print(f"  threshold {r['threshold']:.2f} ambiguity {r['ambiguity_threshold']:.2f}: macro-F1 {r['macro_f1']:.4f} "
                  f"oos recall {r['out_of_scope_recall']:.3f} in-scope->fallback {r['in_scope_sent_to_fallback']}")
    print(f"\nmachine: {report['machine']}  time {report['seconds']} s")


if __name__ == "__main__":
    raise SystemExit(main())
