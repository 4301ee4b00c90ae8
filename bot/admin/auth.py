"""Signing in and out. Passwords are Werkzeug scrypt hashes; every login, failed login and
logout is in the audit log with the address and browser; failed logins are throttled
(bot/admin/__init__.py: Flask-Limiter on Redis)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from bot.admin import bp
from bot.core import clock
from bot.core.store import audit, users
from bot.db import get_db

HASH_METHOD = "scrypt"
# Compared against when the username is unknown, so a wrong name costs the same time.
_DUMMY_HASH = generate_password_hash("not-a-password", method=HASH_METHOD)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


class Staff(UserMixin):
    """The Flask-Login user: a row of the users table."""

    def __init__(self, row: dict):
        self.row = row
        self.id = row["id"]

    @property
    def is_active(self) -> bool:
        return bool(self.row.get("active"))


def load_user(user_id: str) -> Staff | None:
    """The signed-in user, only while the sign-in named by the cookie stands on the server."""
    db = get_db()
    row = users.get_user(db, user_id)
    if not row or not row.get("active") or not users.session_open(db, session.get("sid"), row["id"]):
        return None
    return Staff(row)


class LoginForm(FlaskForm):
    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=256)])


def client() -> dict:
    """The request's address and browser, for the audit log."""
    return {"ip": request.remote_addr, "user_agent": request.headers.get("User-Agent", "")}


def login_key() -> str:
    """The throttle's key for failed logins: the address and the username tried."""
    return f"{request.remote_addr}|{(request.form.get('username') or '').strip().lower()[:64]}"


def login_failed(response) -> bool:
    return response.status_code == 401


def safe_next(target: str | None) -> str:
    """Only a path inside the console: never another site (open redirect)."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin") or target.startswith("//"):
        return url_for("admin.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.home"))
    form = LoginForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("admin/login.html", form=form, error="Isi nama pengguna dan kata sandi."), 401
        db = get_db()
        row = users.get_user_by_username(db, form.username.data)
        good = check_password_hash(row["password_hash"] if row else _DUMMY_HASH, form.password.data)
        if not row or not good or not row.get("active"):
            audit.record(db, "login_failed", actor=None, actor_label=form.username.data.strip()[:64],
                         object_type="user", object_id=row["id"] if row else None, **client())
            return render_template("admin/login.html", form=form,
                                   error="Nama pengguna atau kata sandi salah."), 401
        session.clear()  # no session fixation: a new session for the signed-in user
        session["sid"] = users.open_session(db, row["id"])
        login_user(Staff(row))
        session.permanent = True
        users.update_user(db, row["id"], last_login_at=clock.now_iso())
        audit.record(db, "login", actor=row, object_type="user", object_id=row["id"], **client())
        return redirect(safe_next(request.args.get("next")))
    return render_template("admin/login.html", form=form, error=None)


@bp.post("/logout")
def logout():
    audit.record(get_db(), "logout", actor=current_user.row, object_type="user", object_id=current_user.id,
                 **client())
    users.close_session(get_db(), session.get("sid"))  # a copy of the cookie is worthless now
    logout_user()
    session.clear()
    flash("Anda sudah keluar.", "info")
    return redirect(url_for("admin.login"))


@bp.get("/")
def home():
    """The console's front page is the case queue."""
    from bot.admin.cases import cases

    return cases()


def too_many(error):
    """429 from the throttle: an Indonesian page, the attempt recorded."""
    if request.path.startswith("/admin/login"):
        audit.record(get_db(), "login_throttled", actor_label=(request.form.get("username") or "").strip()[:64],
                     object_type="user", **client())
        form = LoginForm()
        return render_template("admin/login.html", form=form, error="Terlalu banyak percobaan masuk. "
                               "Tunggu 15 menit lalu coba lagi."), 429
    return error
