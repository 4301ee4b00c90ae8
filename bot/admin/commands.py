"""``flask users create USERNAME --role ROLE [--village NAME] [--district NAME]`` (CONTRACT.md
section 4a): the password is read from standard input, one line. ``flask users list``,
``set-password USERNAME`` (standard input too) and ``deactivate USERNAME``."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from bot.admin import accounts
from bot.core import access
from bot.core.store import audit, open_db, users

users_cli = AppGroup("users", help="Accounts of the admin console.")
MIN_PASSWORD = accounts.MIN_PASSWORD


def resolve_area(village: str | None, district: str | None) -> tuple[str | None, str | None]:
    """``accounts.resolve_area`` (the one check, shared with the console's account page), its
    refusal as a click error naming the option."""
    try:
        return accounts.resolve_area(village, district)
    except accounts.AreaError as exc:
        raise click.BadParameter(exc.english(), param_hint=f"--{exc.field}") from exc


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(access.ROLES), help="The account's role.")
@click.option("--village", default=None, help="The desa the account works in (official name).")
@click.option("--district", default=None, help="The kecamatan (official name).")
@click.option("--name", default=None, help="The name colleagues see (default: the username).")
def create(username: str, role: str, village: str | None, district: str | None, name: str | None) -> None:
    """Create an account; its password is read from standard input (one line)."""
    from bot.admin.auth import hash_password

    password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"the password (read from standard input) needs at least {MIN_PASSWORD} characters")
    village, district = accounts.area_for_role(role, *resolve_area(village, district))
    db = open_db(current_app.config["SETTINGS"].db_path)
    try:
        try:
            user = users.create_user(db, username, hash_password(password), role, name=name, village=village,
                                     district=district)
        except users.UserError as exc:
            raise click.ClickException(str(exc)) from exc
        audit.record(db, "user_created", actor_label="cli", object_type="user", object_id=user["id"],
                     after={"username": user["username"], "role": role, "village": village, "district": district})
    finally:
        db.close()
    click.echo(f"created {role} {user['username']} ({access.area_label(user)})")
    if accounts.without_area(role, village, district):
        click.echo("warning: the account has no desa or kecamatan, so it sees no case", err=True)


def _account(db, username: str) -> dict:
    user = users.get_user_by_username(db, username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    return user


@users_cli.command("set-password")
@click.argument("username")
def set_password(username: str) -> None:
    """Give an account a new password, read from standard input (one line)."""
    from bot.admin.auth import hash_password

    password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"the password (read from standard input) needs at least {MIN_PASSWORD} characters")
    db = open_db(current_app.config["SETTINGS"].db_path)
    try:
        user = _account(db, username)
        users.update_user(db, user["id"], password_hash=hash_password(password))
        audit.record(db, "password_set", actor_label="cli", object_type="user", object_id=user["id"])
    finally:
        db.close()
    click.echo(f"password of {user['username']} changed")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Close an account: it cannot sign in and its open sessions stop working."""
    db = open_db(current_app.config["SETTINGS"].db_path)
    try:
        user = _account(db, username)
        users.update_user(db, user["id"], active=0)
        audit.record(db, "user_deactivated", actor_label="cli", object_type="user", object_id=user["id"],
                     before={"active": user["active"]}, after={"active": 0})
    finally:
        db.close()
    click.echo(f"{user['username']} deactivated")


@users_cli.command("list")
def list_users() -> None:
    """Print the accounts: username, role, area, active."""
    db = open_db(current_app.config["SETTINGS"].db_path)
    try:
        for user in users.list_users(db):
            click.echo(f"{user['username']}\t{user['role']}\t{access.area_label(user)}\t"
                       f"{'aktif' if user['active'] else 'nonaktif'}")
    finally:
        db.close()


def init_app(app) -> None:
    app.cli.add_command(users_cli)
