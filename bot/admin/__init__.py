"""The admin console (issue 12; CONTRACT.md section 4a): a server-rendered Flask blueprint
under ``/admin`` for village and regency staff, in Indonesian.

* accounts: Flask-Login sessions (HttpOnly, SameSite=Lax, Secure in production), Werkzeug
  scrypt hashes, ``flask users create`` (bot/admin/commands.py);
* CSRF (Flask-WTF) on every POST of the blueprint (the Twilio and SMSGate webhooks and the
  bearer API are not forms and are left alone);
* login throttling with Flask-Limiter on the bot's Redis;
* security headers on every console response and its static files;
* the one access rule per object: ``bot.core.access`` (every page, export and list).

Pages: ``auth`` (login, logout), ``cases`` (queue, case page, status, assignment, notes,
replies, handover), ``conversations`` (contacts, timeline, message search), ``teach`` (the
review inbox), ``overview`` (figures, CSV), ``audit_views`` (the audit log), ``users_views``
(accounts, admins only).
"""
from __future__ import annotations

import logging
from datetime import timedelta

import redis
from flask import Blueprint, Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect

log = logging.getLogger(__name__)

bp = Blueprint("admin", __name__, url_prefix="/admin")

csrf = CSRFProtect()

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Failed logins per address and username, and all login attempts per address.
LOGIN_FAILURES = "5 per 15 minutes"
LOGIN_ATTEMPTS = "30 per 15 minutes"


def init_app(app: Flask) -> None:
    settings = app.config["SETTINGS"]
    app.config.update(
        SESSION_COOKIE_NAME="sk_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.production,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    for key, value in {
        # CSRF is checked by the console's own before_request, not on every view of the app
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "RATELIMIT_STORAGE_URI": settings.redis_url,
        "RATELIMIT_HEADERS_ENABLED": True,
        "ADMIN_LOGIN_FAILURES": LOGIN_FAILURES,
        "ADMIN_LOGIN_ATTEMPTS": LOGIN_ATTEMPTS,
    }.items():
        app.config.setdefault(key, value)
    app.jinja_env.autoescape = True  # also for templates not ending in .html

    csrf.init_app(app)
    login = LoginManager(app)
    login.login_view = "admin.login"
    login.login_message = "Silakan masuk terlebih dahulu."
    login.login_message_category = "info"
    login.session_protection = "basic"

    # the modules add their routes to bp
    from bot.admin import (  # noqa: F401
        audit_views,
        auth,
        cases,
        casework,
        commands,
        conversations,
        overview,
        privacy_views,
        teach,
        ui,
        users_views,
    )

    login.user_loader(auth.load_user)
    ui.init_app(app)
    app.register_blueprint(bp)

    # One Limiter per app (its storage is the app's Redis): the login POST is throttled. Redis
    # down (a restart, a deploy): the counts go on in the process's memory, never a 500.
    limiter = Limiter(app=app, key_func=get_remote_address, storage_uri=app.config["RATELIMIT_STORAGE_URI"],
                      strategy="fixed-window", in_memory_fallback_enabled=True, swallow_errors=True)
    app.extensions["admin_limiter"] = limiter
    # only the console is limited (its login): every other request (the carriers' webhooks, a
    # message each) skips the limiter's lookups, about 0.2 ms of CPU a request
    limiter.request_filter(lambda: not request.path.startswith(bp.url_prefix))
    view = app.view_functions["admin.login"]
    view = limiter.limit(lambda: app.config["ADMIN_LOGIN_FAILURES"], key_func=auth.login_key, methods=["POST"],
                         deduct_when=auth.login_failed, error_message="login")(view)
    view = limiter.limit(lambda: app.config["ADMIN_LOGIN_ATTEMPTS"], methods=["POST"], error_message="login")(view)
    app.view_functions["admin.login"] = view

    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(redis.RedisError, _redis_down)
    app.register_error_handler(429, auth.too_many)
    commands.init_app(app)


def _security_headers(response):
    if request.path.startswith(("/admin", "/static")):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/admin"):
            response.headers["Cache-Control"] = "no-store"
    return response


REDIS_DOWN = ("Layanan antrean sedang terganggu, perubahan belum disimpan. "
              "Coba lagi beberapa menit lagi.")


def _redis_down(error: redis.RedisError):
    """Redis down under a console page (the send queue, the claim lock): a page that says so,
    503, never a 500. Nothing was sent; the officer tries again."""
    if not request.path.startswith("/admin"):
        raise error
    log.error("console %s %s: Redis unavailable (%s)", request.method, request.path, type(error).__name__)
    return render_template("admin/error.html", code=503, message=REDIS_DOWN), 503


def _csrf_error(error: CSRFError):
    if not request.path.startswith("/admin"):
        return error
    from bot.admin.ui import CSRF_WORDS

    return render_template("admin/error.html", code=400, message=CSRF_WORDS), 400
