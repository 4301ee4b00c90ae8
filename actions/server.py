"""Run the rasa-sdk action server bound to loopback.

rasa-sdk 3.6 has no host flag; it reads the bind address from ``SANIC_HOST``
(default 0.0.0.0). This wrapper sets it to 127.0.0.1 unless the environment
says otherwise, reads the settings once, then runs rasa-sdk's own command line with
``--actions actions``:

    python -m actions.server --port 5055
"""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    from bot.core import settings as config

    # Read once for this process; the action server needs no Twilio or admin secret.
    config.use(config.load_settings(process="actions"))
    args = list(sys.argv[1:] if argv is None else argv)
    if "--actions" not in args:
        args = ["--actions", "actions", *args]
    sys.argv = ["rasa_sdk", *args]
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()
