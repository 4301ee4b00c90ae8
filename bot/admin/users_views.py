"""Accounts of the console, for admins (``/admin/users``): the list, a new account, its name,
role, desa and kecamatan, a new password, closing and reopening it. The rules are those of
``flask users`` (``bot.admin.accounts``: the official desa/kecamatan, the area each role keeps,
at least 8 characters); usernames are unique in any case. Every change is in the audit log,
never a password or its hash. An admin cannot close their own account or take away their
own admin role, so the console is never left without an admin."""
from __future__ import annotations

import sqlite3

from flask import abort, flash, redirect, render_template, request, url_for

from bot.admin import accounts, bp
from bot.admin.auth import client, hash_password
from bot.admin.ui import me, require_admin
from bot.core import access
from bot.core.store import audit, users
from bot.db import get_db

MAX_NAME = 100
FIELDS = ("name", "role", "village", "district")
# What each role sees (bot.core.access), as the new-account form explains it.
ROLE_HELP = {
    "admin": "Semua kasus dan percakapan se-kabupaten, jejak audit, dan akun pengguna.",
    "operator": "Semua kasus dan percakapan desanya (kecamatannya, bila akun hanya berisi kecamatan).",
    "bidan": "Kasus ibu hamil, darurat dan JEK-MIL di desanya, atau di wilayah puskesmas bila akun hanya "
             "berisi kecamatan.",
    "bhabinkamtibmas": "Pengaduan dan kasus darurat di desanya.",
    "kecamatan": "Membaca semua kasus dan percakapan desa-desa di kecamatannya, tanpa mengubah.",
}


def _record(action: str, user: dict, before=None, after=None) -> None:
    audit.record(get_db(), action, actor=me(), object_type="user", object_id=user["id"], before=before,
                 after=after, **client())


def _places() -> dict:
    """The official names for the desa and kecamatan suggestions of the forms."""
    from nlu import places

    return {"villages": sorted(places.all_villages(), key=lambda p: (p.name, p.district)),
            "districts": sorted(p.name for p in places.all_districts())}


def _form() -> dict:
    """The account fields of the posted form, trimmed (never the password)."""
    return {key: (request.form.get(key) or "").strip()[:200] for key in ("username", *FIELDS)}


def _password_problem() -> str | None:
    password = request.form.get("password") or ""
    if len(password) < accounts.MIN_PASSWORD:
        return f"Kata sandi minimal {accounts.MIN_PASSWORD} karakter."
    if len(password) > accounts.MAX_PASSWORD:
        return f"Kata sandi maksimal {accounts.MAX_PASSWORD} karakter."
    if password != (request.form.get("password2") or ""):
        return "Kedua kata sandi tidak sama."
    return None


def _details(form: dict) -> tuple[dict | None, str | None]:
    """(name, role, village, district) checked and resolved as the CLI does, or the problem."""
    if form["role"] not in access.ROLES:
        return None, "Pilih peran akun."
    if len(form["name"]) > MAX_NAME:
        return None, f"Nama maksimal {MAX_NAME} karakter."
    try:
        village, district = accounts.resolve_area(form["village"], form["district"])
    except accounts.AreaError as exc:
        return None, exc.indonesian()
    village, district = accounts.area_for_role(form["role"], village, district)
    return {"name": form["name"], "role": form["role"], "village": village, "district": district}, None


def _warn_without_area(user: dict) -> None:
    if accounts.without_area(user["role"], user.get("village"), user.get("district")):
        flash(f"Akun {user['username']} belum punya desa atau kecamatan, jadi belum melihat kasus apa pun.", "info")


def _taken(username: str) -> str:
    return f"Nama pengguna “{username}” sudah dipakai (huruf besar dan kecil dianggap sama). Pilih nama lain."


def _list_page(form: dict | None = None, code: int = 200):
    rows = users.list_users(get_db())
    return render_template("admin/users.html", rows=rows, form=form or {"role": "operator"}, roles=access.ROLES,
                           min_password=accounts.MIN_PASSWORD, myself=False, role_help=ROLE_HELP,
                           **_places()), code


def _account_or_404(user_id: int) -> dict:
    user = users.get_user(get_db(), user_id)
    if user is None:
        abort(404)
    return user


def _edit_page(user: dict, form: dict | None = None, code: int = 200):
    return render_template("admin/user.html", user=user, form=form or user, roles=access.ROLES,
                           user_area=access.area_label(user), min_password=accounts.MIN_PASSWORD,
                           myself=user["id"] == me()["id"], **_places()), code


def _refuse_edit(user: dict, message: str, code: int, form: dict | None = None):
    flash(message, "error")
    return _edit_page(user, form, code)


def _back(user: dict):
    return redirect(url_for("admin.user_page", user_id=user["id"]))


@bp.get("/users")
def users_page():
    require_admin()
    return _list_page()


@bp.post("/users")
def user_create():
    require_admin()
    db = get_db()
    form = _form()

    def refuse(message: str, code: int = 400):
        flash(message, "error")
        return _list_page(form, code)

    username = form["username"]
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        return refuse("Nama pengguna 1–64 karakter, tanpa spasi.")
    if users.get_user_by_username(db, username) is not None:
        return refuse(_taken(username), 409)
    details, problem = _details(form)
    if problem:
        return refuse(problem)
    problem = _password_problem()
    if problem:
        return refuse(problem)
    try:
        user = users.create_user(db, username, hash_password(request.form["password"]), details["role"],
                                 name=details["name"] or None, village=details["village"],
                                 district=details["district"])
    except (users.UserError, sqlite3.IntegrityError):  # made by someone else a moment ago
        return refuse(_taken(username), 409)
    _record("user_created", user, after={"username": user["username"], **{k: user[k] for k in FIELDS}})
    flash(f"Akun {user['username']} ({access.ROLE_WORD[user['role']]}, {access.area_label(user)}) dibuat.", "ok")
    _warn_without_area(user)
    return redirect(url_for("admin.users_page"))


@bp.get("/users/<int:user_id>")
def user_page(user_id: int):
    require_admin()
    return _edit_page(_account_or_404(user_id))


@bp.post("/users/<int:user_id>")
def user_update(user_id: int):
    require_admin()
    user = _account_or_404(user_id)
    form = {**_form(), "username": user["username"]}
    if user["id"] == me()["id"] and form["role"] != "admin":
        return _refuse_edit(user, "Anda tidak dapat mencabut peran admin Anda sendiri.", 403, form)
    details, problem = _details(form)
    if problem:
        return _refuse_edit(user, problem, 400, form)
    details["name"] = details["name"] or user["username"]
    changes = {k: v for k, v in details.items() if v != user[k]}
    if not changes:
        flash("Tidak ada perubahan.", "info")
        return _back(user)
    users.update_user(get_db(), user["id"], **changes)
    _record("user_updated", user, before={k: user[k] for k in changes}, after=changes)
    user = users.get_user(get_db(), user["id"])
    flash(f"Akun {user['username']} disimpan: {access.ROLE_WORD[user['role']]}, {access.area_label(user)}.", "ok")
    _warn_without_area(user)
    return _back(user)


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):
    require_admin()
    user = _account_or_404(user_id)
    problem = _password_problem()
    if problem:
        return _refuse_edit(user, problem, 400)
    users.update_user(get_db(), user["id"], password_hash=hash_password(request.form["password"]))
    _record("password_set", user, after={"username": user["username"]})
    flash(f"Kata sandi {user['username']} diganti. Sampaikan langsung kepada pemilik akun.", "ok")
    return _back(user)


@bp.post("/users/<int:user_id>/deactivate")
def user_deactivate(user_id: int):
    require_admin()
    user = _account_or_404(user_id)
    if user["id"] == me()["id"]:
        return _refuse_edit(user, "Anda tidak dapat menonaktifkan akun Anda sendiri.", 403)
    if user["active"]:
        users.update_user(get_db(), user["id"], active=0)
        _record("user_deactivated", user, before={"active": user["active"]},
                after={"active": 0, "username": user["username"]})
    flash(f"Akun {user['username']} nonaktif: tidak dapat masuk, sesi yang terbuka berhenti.", "ok")
    return _back(user)


@bp.post("/users/<int:user_id>/activate")
def user_activate(user_id: int):
    require_admin()
    user = _account_or_404(user_id)
    if not user["active"]:
        users.update_user(get_db(), user["id"], active=1)
        _record("user_reactivated", user, before={"active": user["active"]},
                after={"active": 1, "username": user["username"]})
    flash(f"Akun {user['username']} aktif kembali.", "ok")
    return _back(user)
