"""Flask CLI commands: ``chat`` (a basic phone in the terminal) and ``cases export``."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click
import requests
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from bot.core import store, twilio
from bot.core.phones import PhoneError, normalise
from bot.core.sms import info

cases_cli = AppGroup("cases", help="Cases: export.")

# Written by the run command (scripts/run.sh) into DATA_DIR with the development
# secrets it generated.
DEV_ENV_NAME = "dev.env"


@cases_cli.command("export")
def export_cases() -> None:
    """Print every case as one JSON object a line (CONTRACT.md section 4)."""
    db = store.open_db(current_app.config["SETTINGS"].db_path)
    try:
        for case in store.export_cases(db):
            click.echo(json.dumps(case, ensure_ascii=False))
    finally:
        db.close()


def read_dev_env(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of the development secrets file (missing file: {})."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return values
    for line in lines:
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            values[key.strip()] = value.strip().strip("'\"")
    return values


# What a phone can send besides words, typed as a line of its own in the chat:
#   /pin -8.2934,114.3072   a shared location (WhatsApp), with optional words after it
#   /foto [words]           a photo (a placeholder image URL), with optional caption
_PIN = re.compile(r"^/pin\s+(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*(.*)$", re.IGNORECASE)
_PHOTO = re.compile(r"^/foto\b\s*(.*)$", re.IGNORECASE)
PHOTO_URL = "https://api.twilio.com/2010-04-01/Accounts/ACchat/Messages/MMchat/Media/MEchat"


def chat_line(line: str) -> tuple[str, dict]:
    """The text and the extra Twilio fields of one typed chat line."""
    if (m := _PIN.match(line.strip())):
        return m.group(3), {"latitude": float(m.group(1)), "longitude": float(m.group(2))}
    if (m := _PHOTO.match(line.strip())):
        return m.group(1), {"media": (PHOTO_URL,)}
    return line, {}


@click.command("chat")
@click.option("--phone", required=True, help="The villager's number, e.g. +6281234567890.")
@click.option("--whatsapp", is_flag=True, help="Write as a WhatsApp user instead of SMS.")
@click.option("--url", default=None, help="Webhook base URL (default: http://HOST:PORT).")
@with_appcontext
def chat(phone: str, whatsapp: bool, url: str | None) -> None:
    """A basic phone in the terminal: each line goes through the real webhook. A line
    "/pin LAT,LON" shares a location, "/foto [caption]" sends a photo."""
    settings = current_app.config["SETTINGS"]
    try:
        phone = normalise(phone)
    except PhoneError as exc:
        raise click.BadParameter(str(exc), param_hint="--phone") from exc
    token = settings.twilio_auth_token
    dev_env = Path(settings.data_dir) / DEV_ENV_NAME
    if not token and not settings.production:
        token = read_dev_env(dev_env).get("TWILIO_AUTH_TOKEN", "")
    if not token:
        raise click.ClickException(
            f"TWILIO_AUTH_TOKEN is not set. Use the token the run command printed (also in {dev_env})."
        )
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "") else settings.host
    base = (url or f"http://{host}:{settings.port}").rstrip("/")
    endpoint = f"{base}/twilio/messages"
    public = f"{settings.public_base_url}/twilio/messages" if settings.public_base_url else endpoint
    to = settings.twilio_whatsapp_from if whatsapp else settings.twilio_sms_from
    channel = "WhatsApp" if whatsapp else "SMS"
    click.echo(f"Chatting as {phone} over {channel} with {endpoint}. Ctrl-D to quit.")
    while True:
        try:
            line = input("> " if sys.stdin.isatty() else "")
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            return
        text, extra = chat_line(line)
        form = twilio.inbound_form(phone, text, whatsapp=whatsapp, to=to, account_sid=settings.twilio_account_sid,
                                   **extra)
        try:
            response = twilio.post_signed(requests, endpoint, form, token, signed_url=public, timeout=30)
        except requests.RequestException as exc:
            click.echo(f"[webhook unreachable: {type(exc).__name__}]")
            continue
        if response.status_code != 200:
            click.echo(f"[HTTP {response.status_code}: {response.text.strip()[:200]}]")
            continue
        replies = twilio.parse_twiml(response.text)
        if not replies:
            click.echo("[no reply]")
        for text in replies:
            sms = info(text)
            click.echo(text)
            click.echo(f"  [{sms.segments} SMS, {sms.encoding}, {len(text)} chars]")


def init_app(app) -> None:
    from bot import data_cli

    app.cli.add_command(cases_cli)
    app.cli.add_command(chat)
    data_cli.init_app(app)
