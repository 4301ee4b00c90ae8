"""The web process: the Flask application factory (flaskr style)."""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from bot.core import settings as config
from bot.core.settings import Settings, load_settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the webhook application.

    ``test_config`` may hold ``SETTINGS`` (a ready ``Settings``), environment
    variable names (``TWILIO_AUTH_TOKEN``, ``DATA_DIR``, ...) laid over
    ``os.environ`` for ``load_settings``, and plain Flask config keys.
    """
    test_config = dict(test_config or {})
    settings = test_config.pop("SETTINGS", None)
    if settings is None:
        settings = load_settings({**os.environ, **{k: str(v) for k, v in test_config.items()}})
    assert isinstance(settings, Settings)

    app = Flask(__name__)
    app.session_interface = CookieSessions()
    if settings.proxy_hops:  # behind nginx or a tunnel: the client's address and scheme as it forwards them
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.config.update(SECRET_KEY=settings.secret_key, SETTINGS=settings, MAX_CONTENT_LENGTH=256 * 1024)
    app.config.update(test_config)
    _configure_logging(app)

    from bot import admin, api, cli, db, health, smsgate_webhook, twilio_webhook
    from bot.core import store

    config.use(settings)  # code outside the request (outbound, workflow) reads the same settings
    store.ensure(settings.db_path)  # normally migrated already by the run command: nothing to do
    db.init_app(app)
    app.register_blueprint(twilio_webhook.bp)
    app.register_blueprint(smsgate_webhook.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    admin.init_app(app)  # the console under /admin (issue 12)
    cli.init_app(app)
    from bot.core import menu

    menu.markers()  # the domain's YAML read now, not on the first turn of each worker (about 250 ms)
    return app


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions; a request without the cookie (every webhook request)
    gets an empty session without building the cookie's signer."""

    def open_session(self, app: Flask, request):
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


def _configure_logging(app: Flask) -> None:
    """INFO to stderr unless the host (gunicorn, pytest) configured logging already.
    The bot's own log lines carry no phone numbers or message texts (see channels.mask_phone)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
