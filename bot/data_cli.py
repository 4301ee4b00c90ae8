"""Flask CLI commands of the console's data layer (issue 12): retention, a contact's access
and erasure requests (UU PDP), the export of reviewed NLU examples.

    flask --app wsgi retention run [--days N]
    flask --app wsgi contacts export PHONE
    flask --app wsgi contacts erase PHONE [--yes] [--actor NAME]
    flask --app wsgi nlu export [--out data/nlu/reviewed.yml]

What they print is for the operator at the terminal (the contact's own data for an export);
nothing personal goes to the application log.
"""
from __future__ import annotations

import getpass
import json
import logging
from pathlib import Path

import click
import redis
from flask import current_app
from flask.cli import AppGroup

from bot.core import nlu_export, phones, privacy, store
from bot.core.redis_client import get_redis

log = logging.getLogger(__name__)

retention_cli = AppGroup("retention", help="Retention of conversations (UU PDP).")
contacts_cli = AppGroup("contacts", help="A contact's data: export (access request) and erase.")
nlu_cli = AppGroup("nlu", help="Training data from the console's reviews.")


def _settings():
    return current_app.config["SETTINGS"]


def _db():
    return store.open_db(_settings().db_path)


def _phone(value: str) -> str:
    try:
        return phones.normalise(value)
    except phones.PhoneError as exc:
        raise click.BadParameter(str(exc), param_hint="PHONE") from exc


def _key() -> str:
    key = _settings().secret_key
    if not key:  # pragma: no cover - load_settings always sets one
        raise click.ClickException("SECRET_KEY is needed for pseudonyms.")
    return key


def _operator(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # pragma: no cover - no user name in a container
        return "cli"


@retention_cli.command("run")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Keep this many days (default: RETENTION_DAYS, 365).")
def retention_run(days: int | None) -> None:
    """Delete messages older than N days; pseudonymise closed cases unchanged for N days."""
    days = days or _settings().retention_days
    db = _db()
    try:
        result = privacy.run_retention(db, days, _key())
        privacy.checkpoint(db)
    finally:
        db.close()
    log.info("retention: %d message(s) deleted, %d case(s) pseudonymised", result["messages_deleted"],
             result["cases_pseudonymised"])
    click.echo(json.dumps(result, ensure_ascii=False))


@contacts_cli.command("export")
@click.argument("phone")
def contacts_export(phone: str) -> None:
    """Print everything kept about PHONE as JSON (an access request)."""
    phone = _phone(phone)
    db = _db()
    try:
        data = privacy.export_contact(db, phone)
    finally:
        db.close()
    if not (data["contact"] or data["messages"] or data["cases"]):
        raise click.ClickException(f"Tidak ada data untuk {phones.mask(phone)}.")
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contacts_cli.command("erase")
@click.argument("phone")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--actor", default=None, help="Who asks (for the audit log); default cli:<user>.")
def contacts_erase(phone: str, yes: bool, actor: str | None) -> None:
    """Erase PHONE: messages deleted (from search too), cases pseudonymised, contact cleared."""
    phone = _phone(phone)
    if not yes:
        click.confirm(f"Hapus semua pesan {phones.mask(phone)} dan anonimkan kasusnya?", abort=True)
    db = _db()
    try:
        result = privacy.erase_contact(db, phone, _key(), actor=_operator(actor))
        privacy.checkpoint(db)
    finally:
        db.close()
    sids = result.pop("message_sids")
    try:
        result["redis_keys_deleted"] = get_redis(_settings().redis_url).delete(*privacy.redis_keys(phone, sids))
    except redis.RedisError:
        result["redis_keys_deleted"] = None
        click.echo("Peringatan: Redis tidak terjangkau; riwayat percakapan Rasa belum terhapus.", err=True)
    if not result["audited"]:
        click.echo("Catatan: tabel audit belum ada; penghapusan tercatat di riwayat kasus saja.", err=True)
    log.info("contact erased: %d message(s), %d case(s)", result["messages_deleted"], result["cases_pseudonymised"])
    click.echo(json.dumps(result, ensure_ascii=False))


@nlu_cli.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The NLU file to write (default: data/nlu/reviewed.yml).")
def nlu_export_command(out: Path | None) -> None:
    """Write the reviewed examples as a Rasa NLU file, personal data replaced."""
    out = out or nlu_export.DEFAULT_OUT
    if out.suffix not in (".yml", ".yaml"):
        raise click.BadParameter("must end in .yml", param_hint="--out")
    db = _db()
    try:
        report = nlu_export.export_reviewed(db, out)
    finally:
        db.close()
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{report.written} contoh ditulis ke {report.path} ({report.duplicates} duplikat dilewati, "
               f"{report.unknown_intent} intent tidak dikenal); asal-usul: {report.provenance}")


def init_app(app) -> None:
    for group in (retention_cli, contacts_cli, nlu_cli):
        app.cli.add_command(group)
