"""Does a turn cost more as a contact's history grows? (`make bench`)

Starts the real stack (tests/stack.py: Redis, Rasa with the trained model, the
action server, the webhook under gunicorn, the worker, the fake Twilio), then
one contact sends TURNS messages in one conversation session, one at a time,
and the time of each turn is recorded twice over:

- through the webhook (signed Twilio request -> TwiML: the villager's wait), and
- through Rasa's REST channel directly (another contact; the tracker store's share).

Turn 10 is the median of turns 1-20, turn 500 the median of turns 491-510.
The figures replace the "Webhook and turns" section of docs/benchmarks.md.

    python scripts/bench_turns.py [--turns 510] [--store bounded|stock|both] [--stock-turns 210] [--no-write]

``--store stock`` runs Rasa with its own RedisTrackerStore, for comparison
(fewer turns by default: its turns grow too slow to wait for 500 of them).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_doc import DOC, write_section
from scripts.machine_info import cpu_model
from tests.stack import Stack

SECTION = "## Webhook and turns"
TEXTS = ("halo", "terima kasih")


def machine() -> str:
    cpu = cpu_model()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}){mem}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def window(times: list[float], centre: int) -> float:
    """Median time (ms) of the 20 turns around ``centre`` (1-based): centre-9 .. centre+10."""
    start = min(max(centre - 10, 0), max(len(times) - 20, 0))
    return statistics.median(times[start:start + 20]) * 1000


def run(turns: int, store: str) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="sk-bench-"))
    endpoints = "endpoints.yml"
    if store == "stock":
        # The same configuration with Rasa's own store (merely configured by URL).
        stock = workdir / "endpoints-stock.yml"
        text = (ROOT / "endpoints.yml").read_text()
        text = text.replace("bot.tracker_store.BoundedRedisTrackerStore", "bot.tracker_store.UrlRedisTrackerStore")
        stock.write_text(text)
        endpoints = str(stock)
    stack = Stack(workdir, endpoints=endpoints)
    started = time.monotonic()
    try:
        stack.start()
        startup = time.monotonic() - started
        phone_web, phone_rasa = stack.new_phone(), stack.new_phone()
        web, rasa = [], []
        session = requests.Session()
        for i in range(turns):
            text = TEXTS[i % 2]
            t0 = time.perf_counter()
            replies = stack.send(phone_web, text)
            web.append(time.perf_counter() - t0)
            assert replies, f"no reply at turn {i + 1}"
            t0 = time.perf_counter()
            response = session.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                                    json={"sender": phone_rasa, "message": text}, timeout=60)
            rasa.append(time.perf_counter() - t0)
            response.raise_for_status()
            if (i + 1) % 100 == 0:
                print(f"  turn {i + 1}: webhook {web[-1] * 1000:.0f} ms, rasa {rasa[-1] * 1000:.0f} ms", flush=True)
        events = len(stack.tracker(phone_rasa).get("events", []))
    finally:
        stack.stop()
    late = min(500, turns - 10)
    return {
        "store": store,
        "turns": turns,
        "startup_s": startup,
        "web10": window(web, 10),
        "web500": window(web, late),
        "rasa10": window(rasa, 10),
        "rasa500": window(rasa, late),
        "late": late,
        "events": events,
    }


def section(results: list[dict], command: str) -> str:
    lines = [
        SECTION,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `{command}` on {machine()}.",
        "One contact sends alternately `halo` and `terima kasih`, one message at a time, all in one",
        "conversation session; every turn runs through the real stack (tests/stack.py). \"Webhook\" is a",
        "signed Twilio request to `POST /twilio/messages` answered with TwiML (gunicorn, SQLite log, Redis",
        "de-duplication and lock, Rasa turn, intent read back); \"Rasa\" is Rasa's REST channel alone for a",
        "second contact. Turn 10 = median of turns 1-20, turn N = median of the 20 turns around N.",
        "",
        "| tracker store | turn 10 webhook | turn N webhook | ratio | turn 10 Rasa | turn N Rasa | ratio | events kept |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        name = "bounded (bot.tracker_store)" if r["store"] == "bounded" else "Rasa's RedisTrackerStore"
        lines.append(
            f"| {name}, N={r['late']} | {r['web10']:.0f} ms | {r['web500']:.0f} ms | {r['web500'] / r['web10']:.2f}x | "
            f"{r['rasa10']:.0f} ms | {r['rasa500']:.0f} ms | {r['rasa500'] / r['rasa10']:.2f}x | {r['events']} |"
        )
    lines += [
        "",
        f"The machine was shared with other work (load average {os.getloadavg()[0]:.1f} at the end), so single",
        "turns vary; the medians and the ratios are the figures to read. With Rasa's own store the webhook",
        "suffers most: reading the turn's intent back from the tracker reads the contact's whole history too.",
        "",
        "The bounded store keeps only the current session and folds it to at most 200 events (slots and",
        "the active form kept), so turn 500 costs what turn 10 does; the whole history is in the SQLite",
        "message log. The target: turn 500 within 1.2x of turn 10.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="turn 10 vs turn 500 of one contact")
    parser.add_argument("--turns", type=int, default=510)
    parser.add_argument("--store", choices=("bounded", "stock", "both"), default="bounded")
    parser.add_argument("--stock-turns", type=int, default=210)
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    args = parser.parse_args()
    stores = ("bounded", "stock") if args.store == "both" else (args.store,)
    results = []
    for store in stores:
        turns = args.stock_turns if store == "stock" else args.turns
        print(f"{store} tracker store: {turns} turns", flush=True)
        results.append(run(turns, store))
        print(results[-1], flush=True)
    command = "python scripts/bench_turns.py" + "".join(
        f" {a}" for a in sys.argv[1:] if a != "--no-write") if sys.argv[1:] else "make bench"
    text = section(results, command)
    print(text)
    for r in results:
        if r["store"] == "bounded" and r["web500"] > 1.2 * r["web10"]:
            print("WARNING: turn 500 is more than 1.2x turn 10 through the webhook", flush=True)
    if not args.no_write:
        write_section(SECTION, text)
        print(f"written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
