"""What every local stand-in of an outside service shares (bot/fake_twilio.py, bot/fake_smsgate.py):
its Flask app served on a free loopback port in a background thread."""
from __future__ import annotations

import logging
import threading

from flask import Flask
from werkzeug.serving import make_server


class BackgroundServer:
    """``app`` served in a thread: ``with Server(...) as fake: fake.url``."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0):
        self.app = app
        self._server = make_server(host, port, app, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(app: Flask, host: str, port: int, name: str) -> None:
    """Serve ``app`` in the foreground (``python -m bot.fake_…``) until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {name} %(levelname)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # request lines carry phone numbers
    server = make_server(host, port, app, threaded=True)
    print(f"{name} listening on http://{host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
