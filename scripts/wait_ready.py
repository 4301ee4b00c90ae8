"""Wait until GET /healthz answers 200, say so once, then idle (a `make run` helper).

It stays alive after printing because honcho stops every process when one exits.
"""
from __future__ import annotations

import os
import signal
import sys
import time

import requests

START = float(os.environ.get("SK_RUN_STARTED") or time.time())
TIMEOUT = 900


def main() -> None:
    host = os.environ.get("HOST") or "127.0.0.1"
    host = "127.0.0.1" if host == "0.0.0.0" else host
    url = f"http://{host}:{os.environ.get('WEB_PORT') or os.environ.get('PORT') or 5000}/healthz"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            response = requests.get(url, timeout=5)
            if response.status_code == 200:
                print(f"Smart Kampung is ready after {time.time() - START:.0f} s: {url} -> {response.text.strip()}",
                      flush=True)
                print("Try it: .venv/bin/flask --app wsgi chat --phone +6281234567890", flush=True)
                signal.pause()
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    print(f"not ready after {TIMEOUT} s: {url}", file=sys.stderr, flush=True)
    signal.pause()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
