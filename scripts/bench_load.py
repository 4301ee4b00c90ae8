"""The whole path against Rasa alone, under load, in the same run (part of `make bench`).

Starts the real stack (tests/stack.py); every phone plays the KK baru form (request, name, NIK,
desa, YA) with a new number each time, every reply checked (a wrong one is an error and ends it).
1. Closed loop, N phones at once: the whole path (``stack.send``: signed Twilio request, TwiML
   back), then the same dialogue to Rasa's REST channel for the same time; msg/s, percentiles, ratio.
2. Open loop, whole path: a fixed rate from as many phones as it takes for none to write again
   within GAP s or before its reply; latency from the scheduled time (a late send counts too).
3. Peak memory (VmHWM) of every process of the stack and its children; CPU time per message.
The figures replace the "Whole path under load" section of docs/benchmarks.md.
4. With ``--rasa N`` (scale-out): the closed loop at the largest phone count again, whole path and
   Rasa alone, on the stack with one Rasa server and on a second stack with N Rasa servers sharing
   its Redis (RASA_URL naming them all; "Rasa alone" sends each phone to its own server, as the
   webhook picks it), the two taking turns in ``--rounds`` rounds so that other load on a shared
   machine falls on both alike; msg/s, ratios, and how busy the CPUs were (the whole machine from
   /proc/stat, and each process of the stack). The figures replace the "Scale-out" section;
   ``--scale-only`` measures and writes that section alone.

    python scripts/bench_load.py [--phones 1,8] [--seconds 40] [--rate 10] [--open-seconds 30]
                                 [--rasa 2 [--scale-only] [--rounds 4]] [--no-write]
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import rasa_client
from scripts.bench_doc import DOC, write_section
from scripts.bench_turns import machine
from tests.stack import Stack

SECTION = "## Whole path under load"
SCALE_SECTION = "## Scale-out: several Rasa servers"
# (message, words its reply must contain)
DIALOGUE = [("mau bikin kk baru", "nama lengkap"), ("Budi Santoso", "NIK"), ("3510011207850003", "desa/kelurahan"),
            ("Jambewangi", "Benar?"), ("ya", "nomor DOK-")]
GAP = 2.0  # open loop: seconds at least between two messages of one phone
TICK = 1000 / os.sysconf("SC_CLK_TCK")  # ms per clock tick in /proc/<pid>/stat


def whole(stack: Stack, phone: str, text: str) -> list[str]:
    return stack.send(phone, text)  # asserts HTTP 200 and TwiML


def rasa_alone(stack: Stack, phone: str, text: str) -> list[str]:
    server = rasa_client.servers(stack.settings, phone)[0]  # the phone's own server, as the webhook picks it
    response = requests.post(f"{server}/webhooks/rest/webhook", timeout=60, json={
        "sender": phone, "message": text, "metadata": {"channel": "sms", "phone": phone}})
    response.raise_for_status()
    return [m.get("text") or "" for m in response.json()]


def turn(path, stack: Stack, phone: str, step: int) -> bool:
    """Send step ``step`` of the dialogue; True when the reply is the expected one."""
    text, expect = DIALOGUE[step]
    try:
        return any(expect.lower() in r.lower() for r in path(stack, phone, text))
    except (AssertionError, requests.RequestException, ValueError, KeyError):
        return False


def summary(latencies: list[float], errors: int, elapsed: float) -> dict:
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else (latencies or [0]) * 99
    return {"messages": len(latencies), "rate": len(latencies) / elapsed, "errors": errors,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def closed_loop_raw(stack: Stack, path, phones: int, seconds: float) -> tuple[list[float], int, float]:
    """N phones, each sending its next message as soon as the reply is in: (latencies, errors, seconds)."""
    latencies, errors, lock = [], [0], threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def villager() -> None:
        while time.perf_counter() < deadline:
            phone = stack.new_phone()
            for step in range(len(DIALOGUE)):
                if time.perf_counter() >= deadline:
                    break
                t0 = time.perf_counter()
                ok = turn(path, stack, phone, step)
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    errors[0] += not ok
                if not ok:
                    break

    with ThreadPoolExecutor(max_workers=phones) as pool:
        list(pool.map(lambda _: villager(), range(phones)))
    return latencies, errors[0], time.perf_counter() - start


def open_loop(stack: Stack, rate: float, seconds: float) -> dict:
    ready: list[tuple[float, str, int]] = []  # (not before, phone, next step) of conversations under way
    latencies, errors, phones, lock = [], [0], [0], threading.Lock()

    def one(phone: str, step: int, due: float) -> None:
        ok = turn(whole, stack, phone, step)
        now = time.perf_counter()
        with lock:
            latencies.append(now - due)
            errors[0] += not ok
            if ok and step + 1 < len(DIALOGUE):
                ready.append((max(due + GAP, now), phone, step + 1))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i in range(int(rate * seconds)):
            due = start + i / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            with lock:
                waiting = [c for c in ready if c[0] <= due]
                if waiting:
                    chosen = min(waiting)
                    ready.remove(chosen)
                    phone, step = chosen[1], chosen[2]
                else:
                    phone, step = stack.new_phone(), 0
                    phones[0] += 1
            pool.submit(one, phone, step, due)
    result = summary(latencies, errors[0], time.perf_counter() - start)
    return {**result, "offered": rate, "phones": phones[0], "seconds": seconds}


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (through /proc/<pid>/task/*/children)."""
    found = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [p for c in children.read_text().split() for p in tree(int(c))]
        except OSError:
            pass
    return found


def vm_hwm(pid: int) -> int:
    """The process's peak resident set (kB), 0 once it is gone."""
    try:
        return int(re.search(r"^VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE).group(1))
    except (OSError, AttributeError):
        return 0


def cpu_ms(stack: Stack) -> dict[str, float]:
    """CPU ms used so far by each process of the stack with its children (reaped ones in cutime), and by this one."""
    groups = {name: tree(proc.pid) for name, proc in stack.procs.items()}
    groups["bench client + fake Twilio"] = [os.getpid()]  # itself only: the stack's processes are its children
    used = {}
    for name, pids in groups.items():
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(f) for f in fields[11:15 if pid == pids[0] else 13])  # utime stime (cutime cstime)
        used[name] = total * TICK
    return used


def sample_memory(stack: Stack, peak: dict, stopping: threading.Event) -> None:
    """Largest VmHWM (kB) seen of every process of the stack and its children, every half second."""
    while not stopping.wait(0.5):
        for name, proc in list(stack.procs.items()):
            for pid in tree(proc.pid):
                peak[name, pid != proc.pid, pid] = max(peak.get((name, pid != proc.pid, pid), 0), vm_hwm(pid))


def memory_rows(names, peak: dict) -> list[str]:
    rows = []
    for name in names:
        main = max((kb for (n, child, _), kb in peak.items() if n == name and not child), default=0)
        kids = sorted((kb for (n, child, _), kb in peak.items() if n == name and child), reverse=True)
        shown = ", ".join(f"{kb / 1024:.0f}" for kb in kids[:3]) + (f" ... ({len(kids)} seen)" if kids[3:] else "")
        rows.append(f"| {name} | {main / 1024:.0f} MB | {shown + ' MB' if kids else '-'} |")
    return rows + [f"| bench client + fake Twilio (this process) | {vm_hwm(os.getpid()) / 1024:.0f} MB | - |"]


def section(c: dict, o: dict, memory: list[str], cpu: dict, command: str, loads: tuple) -> str:
    def ms(x: dict) -> str:
        return f"{x['p50']:.0f} / {x['p95']:.0f} / {x['p99']:.0f} ms"

    lines = [
        SECTION, "",
        (f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `{command}` on {machine()}; load average "
         f"{loads[0]:.2f} before the stack started, {loads[1]:.2f} after the run (the machine is shared). The real "
         "stack of tests/stack.py (gunicorn 2 workers x 4 threads); every phone plays the KK baru form (request, "
         "name, NIK, desa, YA; every reply checked; a new number each time). \"Whole path\": a signed Twilio request "
         "to `POST /twilio/messages`, TwiML back. \"Rasa alone\": the same dialogue to Rasa's REST channel. Closed "
         "loop: N phones each send their next message as soon as the reply is in; the whole path and Rasa alone take "
         "turns in blocks (A B B A ...), the same time each, in the same run. The client runs on the same 2 cores."),
        "",
        ("| phones | whole path msg/s | Rasa alone msg/s | ratio | whole path p50 / p95 / p99 | "
         "Rasa alone p50 / p95 / p99 | p50 difference | messages (errors) whole / Rasa |"),
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, (w, r) in c.items():
        lines.append(
            f"| {n} | {w['rate']:.1f} | {r['rate']:.1f} | {w['rate'] / r['rate']:.2f} | {ms(w)} | {ms(r)} | "
            f"{w['p50'] - r['p50']:+.0f} ms | {w['messages']} ({w['errors']}) / {r['messages']} ({r['errors']}) |")
    lines += ["", (f"Open loop, whole path: {o['offered']:g} messages/s offered for {o['seconds']:g} s from "
                   f"{o['phones']} phones (none writes again within {GAP:g} s, nor before its reply); latency from "
                   "the scheduled time. Errors: a non-200, an empty or an unexpected reply."), "",
              "| offered | achieved | messages | p50 | p95 | p99 | errors |", "|" + " --- |" * 7,
              (f"| {o['offered']:g}/s | {o['rate']:.1f}/s | {o['messages']} | {o['p50']:.0f} ms | {o['p95']:.0f} ms | "
               f"{o['p99']:.0f} ms | {o['errors']} |"), "",
              "CPU time per message in the closed loops (all phone counts together), by process:", "",
              "| process | whole path | Rasa alone |", "| --- | --- | --- |"]
    lines += [f"| {name} | {w:.1f} ms | {r:.1f} ms |" for name, (w, r) in cpu.items()]
    lines += ["", "Peak memory (VmHWM, sampled every 0.5 s throughout the run):", "",
              "| process | main | children (largest first) |", "| --- | --- | --- |", *memory, ""]
    verdicts = [f"ratio {w['rate'] / r['rate']:.2f} at {n} phone{'s' if n > 1 else ''} "
                f"({'met' if w['rate'] >= 0.95 * r['rate'] else 'not met'})" for n, (w, r) in c.items()]
    lines += [(f"Targets (issue 9): throughput ratio >= 0.95 at 1 and at 8 phones: {'; '.join(verdicts)}. "
               f"p99 <= 500 ms at 10 messages/s open loop: {o['p99']:.0f} ms "
               f"({'met' if o['p99'] <= 500 else 'not met'}{'' if o['offered'] == 10 else ', at another rate'})."),
              ""]
    return "\n".join(lines)


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs together since boot (/proc/stat), every process's."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


def scale_measure(stack: Stack, phones: int, seconds: float, acc: dict) -> None:
    """One closed loop of ``seconds`` at ``phones``, whole path then Rasa alone, added to ``acc``
    with the CPU each process of the stack and the whole machine (/proc/stat) used meanwhile."""
    for path in (whole, rasa_alone):
        time.sleep(3)  # let the worker's notifications of the previous run settle
        cpu0, (busy0, total0) = cpu_ms(stack), machine_jiffies()
        latencies, errors, elapsed = closed_loop_raw(stack, path, phones, seconds)
        cpu1, (busy1, total1) = cpu_ms(stack), machine_jiffies()
        a = acc.setdefault(path.__name__, {"latencies": [], "errors": 0, "seconds": 0.0, "used": {}, "busy": 0,
                                           "total": 0})
        a["latencies"] += latencies
        a["errors"] += errors
        a["seconds"] += elapsed
        a["busy"] += busy1 - busy0
        a["total"] += total1 - total0
        for name in cpu0:
            a["used"][name] = a["used"].get(name, 0) + cpu1[name] - cpu0[name]
        print(f"{len(stack.rasa_urls)} Rasa, {phones} phones, {path.__name__}: {len(latencies) / elapsed:.1f} msg/s, "
              f"{errors} errors, machine busy {100 * (busy1 - busy0) / max(total1 - total0, 1):.0f}%", flush=True)


def scale_point(acc: dict) -> dict:
    """{path name: (result, {"machine": % of all cores, "stack": % of all cores, process: % of one core,
    "stack ms", "rasa ms": CPU per message})} from what ``scale_measure`` gathered."""
    out = {}
    for name, a in acc.items():
        result = summary(a["latencies"], a["errors"], a["seconds"])
        wall_ms, used = a["seconds"] * 1000, a["used"]
        util = {"stack ms": sum(used.values()) / max(result["messages"], 1),
                "rasa ms": sum(ms for n, ms in used.items() if n.startswith("rasa")) / max(result["messages"], 1),
                "machine": 100 * a["busy"] / max(a["total"], 1),
                "stack": 100 * sum(used.values()) / (wall_ms * os.cpu_count()),
                **{n: 100 * ms / wall_ms for n, ms in used.items()}}
        out[name] = (result, util)
    return out


def scale_section(points: dict, phones: int, rounds: int, seconds: float, command: str, loads: tuple) -> str:
    """``points``: {number of Rasa servers: scale_point(...)}."""
    base_whole, base_rasa = points[1]["whole"][0]["rate"], points[1]["rasa_alone"][0]["rate"]
    cores = os.cpu_count()
    lines = [
        SCALE_SECTION, "",
        (f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `{command}` on {machine()}; load average "
         f"{loads[0]:.2f} before the first stack started, {loads[1]:.2f} after the run (the machine is shared). "
         f"The closed loop of \"Whole path under load\" at {phones} phones (the KK baru form, every reply "
         "checked) on two stacks running side by side, one with one Rasa server and one with more Rasa servers "
         "sharing its Redis (tracker and lock stores; RASA_URL names them all and the webhook picks each phone's "
         f"server, docs/design.md \"Scale-out\"); {seconds:g} s per stack and path, in {rounds} rounds in which "
         "the two stacks take turns (the other one idle), so that other load on the shared machine falls on both "
         "alike. \"Rasa alone\" sends each phone's dialogue to its own "
         "server's REST channel. CPU: the whole machine's busy share of all its cores (/proc/stat: every process, "
         "other people's too), the stack's (its processes and this client) share of all cores, the difference "
         "(other processes on the machine), and each Rasa server's share of one core."), "",
        ("| Rasa servers | path | msg/s | vs 1 Rasa alone | vs 1 Rasa, same path | p50 / p95 / p99 | messages (errors) | "
         f"machine CPU (of {cores} cores) | stack CPU | other processes | each Rasa (of one core) | "
         "CPU per message: stack / Rasa |"),
        "|" + " --- |" * 12,
    ]
    for n, point in sorted(points.items()):
        for name, label, base in (("whole", "whole path", base_whole), ("rasa_alone", "Rasa alone", base_rasa)):
            r, util = point[name]
            rasas = ", ".join(f"{util[k]:.0f}%" for k in util if k.startswith("rasa") and k != "rasa ms")
            lines.append(
                f"| {n} | {label} | {r['rate']:.1f} | {r['rate'] / base_rasa:.2f} | {r['rate'] / base:.2f} | "
                f"{r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f} ms | {r['messages']} ({r['errors']}) | "
                f"{util['machine']:.0f}% | {util['stack']:.0f}% | {max(util['machine'] - util['stack'], 0):.0f}% | "
                f"{rasas} | {util['stack ms']:.0f} / {util['rasa ms']:.0f} ms |")
    lines += [""]
    return "\n".join(lines)


def warm_up(stack: Stack) -> None:
    """One conversation on each path and each Rasa server, not measured."""
    for server in stack.rasa_urls:
        for path in (whole, rasa_alone):
            phone = stack.new_phone()
            while rasa_client.servers(stack.settings, phone)[0] != server:
                phone = stack.new_phone()
            assert all(turn(path, stack, phone, s) for s in range(len(DIALOGUE))), f"{path.__name__}: dialogue"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="1,8", help="closed loop: numbers of phones at once, comma-separated")
    parser.add_argument("--seconds", type=float, default=40, help="closed loop: seconds per measurement")
    parser.add_argument("--rate", type=float, default=10, help="open loop: messages per second")
    parser.add_argument("--open-seconds", type=float, default=30, help="open loop: seconds")
    parser.add_argument("--rasa", type=int, default=1,
                        help="scale-out: also measure the largest phone count with this many Rasa servers")
    parser.add_argument("--scale-only", action="store_true",
                        help="with --rasa: only the scale-out measurement and its section")
    parser.add_argument("--rounds", type=int, default=4,
                        help="the closed loop's seconds are split in this many rounds in which the whole path and "
                             "Rasa alone take turns (with --rasa also the scale-out's: one Rasa and several), so "
                             "that other load on the machine falls on both alike")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if args.scale_only and args.rasa < 2:
        parser.error("--scale-only needs --rasa 2 or more")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake Twilio's access log
    load_before = os.getloadavg()[0]
    counts = [int(p) for p in args.phones.split(",")]
    closed, cpu, sent, points = {}, {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="sk-load-") as tmp:
        stack = Stack(Path(tmp) / "one").start()
        peak, stopping = {}, threading.Event()
        threading.Thread(target=sample_memory, args=(stack, peak, stopping), daemon=True).start()
        try:
            warm_up(stack)
            if not args.scale_only:
                for n in counts:
                    # the two paths take turns (A B B A ...) in --rounds blocks, so that a change in
                    # the other load on a shared machine falls on both alike
                    raw: dict = {whole: ([], 0, 0.0), rasa_alone: ([], 0, 0.0)}
                    for i in range(max(args.rounds, 1)):
                        for path in ((whole, rasa_alone) if i % 2 == 0 else (rasa_alone, whole)):
                            time.sleep(3)  # let the worker's notifications of the previous run settle
                            before = cpu_ms(stack)
                            latencies, errors, elapsed = closed_loop_raw(stack, path, n, args.seconds / max(args.rounds, 1))
                            for name, used in cpu_ms(stack).items():
                                cpu[path.__name__, name] = cpu.get((path.__name__, name), 0) + used - before[name]
                            sent[path.__name__] = sent.get(path.__name__, 0) + len(latencies)
                            kept = raw[path]
                            raw[path] = (kept[0] + latencies, kept[1] + errors, kept[2] + elapsed)
                            print(f"{n} phones, {path.__name__}, round {i + 1}: "
                                  f"{summary(latencies, errors, elapsed)}", flush=True)
                    for path in (whole, rasa_alone):
                        closed.setdefault(n, []).append(summary(*raw[path]))
                time.sleep(3)
                opened = open_loop(stack, args.rate, args.open_seconds)
                print(f"open loop: {opened}", flush=True)
            stopping.set()
            if args.rasa > 1:  # a second stack with several Rasa servers; the two take turns
                scaled = Stack(Path(tmp) / "scaled", rasa=args.rasa).start()
                try:
                    warm_up(scaled)
                    acc: dict[int, dict] = {1: {}, args.rasa: {}}
                    for i in range(args.rounds):
                        for s in ((stack, scaled) if i % 2 == 0 else (scaled, stack)):
                            scale_measure(s, max(counts), args.seconds / args.rounds, acc[len(s.rasa_urls)])
                    points = {n: scale_point(a) for n, a in acc.items()}
                finally:
                    scaled.stop()
        finally:
            stopping.set()
            stack.stop()
    command = "python scripts/bench_load.py" + "".join(f" {a}" for a in sys.argv[1:] if a != "--no-write")
    loads = (load_before, os.getloadavg()[0])
    texts = []
    if not args.scale_only:
        per_message = {name: (cpu["whole", name] / sent["whole"], cpu["rasa_alone", name] / sent["rasa_alone"])
                       for name in dict.fromkeys(name for _, name in cpu)}
        texts.append((SECTION, section(closed, opened, memory_rows(stack.procs, peak), per_message, command, loads)))
    if points:
        texts.append((SCALE_SECTION, scale_section(points, max(counts), args.rounds, args.seconds, command, loads)))
    for heading, text in texts:
        print(text)
        if not args.no_write:
            write_section(heading, text)
            print(f"written to {DOC.relative_to(ROOT)} ({heading})")


if __name__ == "__main__":
    main()
