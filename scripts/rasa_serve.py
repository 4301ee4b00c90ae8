"""Start ``rasa run`` with the API token from the environment (``RASA_TOKEN``), never on the
command line: ``ps`` shows every process's arguments to every local user.

    RASA_TOKEN=... python scripts/rasa_serve.py --enable-api -i 127.0.0.1 -p 5005 -m models

The arguments are ``rasa run``'s own; ``--auth-token`` is added inside the process.
"""
from __future__ import annotations

import os
import sys


def argv(args: list[str], token: str | None) -> list[str]:
    """``rasa run`` with ``args``, and the token when one is set."""
    if any(a == "--auth-token" or a.startswith("--auth-token=") for a in args):
        raise SystemExit("give the token in RASA_TOKEN, not on the command line")
    return ["rasa", "run", *args, *(["--auth-token", token] if token else [])]


if __name__ == "__main__":
    from rasa.__main__ import main

    sys.argv = argv(sys.argv[1:], os.environ.get("RASA_TOKEN"))
    main()
