"""Gammu SMSD (a USB GSM modem with a local SIM): the files SMSD reads and writes, and the
outbound sender.

SMSD runs on its own (``gammu-smsd -c DATA_DIR/gammu/gammu-smsdrc``) with the FILES backend:

* it stores every received message in ``DATA_DIR/gammu/inbox`` (``IN<yyyymmdd>_<hhmmss>_<serial>_
  <sender>_<part>.txt``) and then runs ``RunOnReceive`` (``bot.gammu_hook``), which ignores the
  file names SMSD appends (they hold the sender's number and went through ``sh -c``) and scans
  the inbox itself; a reconciler does the same on the worker's sweep, so a failed hook loses
  nothing;
* replies are injected into ``outbox`` with ``gammu-smsd-inject`` (an argv list, no shell);
  SMSD moves a message it sent to ``sent`` and one it could not send to ``error``;
* with ``DeliveryReport = sms`` SMSD asks the network for a status report of every part and
  stores each report in ``inbox`` like a message: ``bot.core.gammu_reports`` keeps it apart
  and maps it onto the message it is about (``delivered``, ``failed``).

Everything here is pure Python: python-gammu is not needed (SMSD talks to the modem; the
files are read and the inject tool is run). Files in the ``detail`` format (Gammu's
smsbackup, the one this project writes into the rc) carry every part of a multi-part message
in one file, the sender's number in hex UCS-2 and each part's coding; the ``unicode``
(UTF-16 with a byte order mark) and ``standard`` (UTF-8) formats are read too, one file a
part (``_00``, ``_01``... joined in order).
"""
from __future__ import annotations

import fcntl
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bot.core import clock
from bot.core import sms as sms_rule
from bot.core.channels import SendError, SentMessage
from bot.core.gammu_files import (  # noqa: F401 - the module's API
    SID_PREFIX,
    Received,
    StatusReport,
    inbox_messages,
    parse_name,
)
from bot.core.phones import mask
from bot.core.settings import ROOT, ConfigError, Settings

log = logging.getLogger(__name__)

PROVIDER = "gammu"
FOLDERS = ("inbox", "outbox", "sent", "error")
RC_NAME = "gammu-smsdrc"
HOOK_NAME = "on-receive"
# SMSD may still be writing a file this young: the reconciler leaves it to the next pass.
SETTLE_SECONDS = 3.0
INJECT_TIMEOUT = 30

_SAFE_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")


# --------------------------------------------------------------------------- configuration


def folder(settings: Settings) -> Path:
    return Path(settings.data_dir) / "gammu"


def rc_path(settings: Settings) -> Path:
    return folder(settings) / RC_NAME


def hook_path(settings: Settings) -> Path:
    return folder(settings) / HOOK_NAME


def _safe(path: Path | str, what: str) -> str:
    text = str(path)
    if not _SAFE_PATH.match(text):
        raise ConfigError(f"{what} must be a plain path (letters, digits, _ . / + -): {text!r}")
    return text


def run_on_receive(hook: Path | str) -> str:
    """The ``RunOnReceive`` line. SMSD 1.42 runs ``sh -c "<this> <file names>"`` and the file
    names hold the sender's number (an alphanumeric sender may spell ``$(...)``, ``;``, a
    newline). ``exec`` replaces the shell at the end of the first line, before it parses
    another one, and ``#`` makes the rest of that line a comment: nothing SMSD appends is
    ever expanded or run."""
    return f"exec {_safe(hook, 'the hook')} #"


def smsdrc(settings: Settings, *, hook: Path | str | None = None) -> str:
    """The text of ``gammu-smsdrc`` from the settings (``GAMMU_DEVICE``, ``GAMMU_CONNECTION``,
    ``GAMMU_MODEL``, ``GAMMU_PIN``); ``hook``: the RunOnReceive program (default: the
    wrapper ``write_config`` writes)."""
    base = folder(settings)
    model = settings.gammu_model.strip()
    device = settings.gammu_device
    if model == "dummy" and not device.endswith("/"):
        device += "/"  # the dummy phone: a folder, its files joined to it as strings
    gammu = [f"device = {_safe(device, 'GAMMU_DEVICE')}",
             f"connection = {'none' if model == 'dummy' else _safe(settings.gammu_connection, 'GAMMU_CONNECTION')}"]
    if model:
        gammu.append(f"model = {_safe(model, 'GAMMU_MODEL')}")
    paths = {name: _safe(f"{base / name}/", "DATA_DIR") for name in FOLDERS}
    lines = [
        "; Written by `python -m bot.gammu_hook config` from the settings: edit those, not this file.",
        "[gammu]", *gammu, "",
        "[smsd]",
        "Service = files",
        f"InboxPath = {paths['inbox']}",
        f"OutboxPath = {paths['outbox']}",
        f"SentSMSPath = {paths['sent']}",
        f"ErrorSMSPath = {paths['error']}",
        "InboxFormat = detail",  # one file a message, every part, the number and the coding exact
        "OutboxFormat = detail",
        "TransmitFormat = auto",
        "CheckSecurity = 0",  # the PIN, when the SIM has one, is given below
        "CheckBattery = 0",
        "DeliveryReport = sms",  # a status report of every part, stored in the inbox (gammu_reports)
        "MultipartTimeout = 600",  # parts of one long SMS are waited for, then joined by SMSD
        f"ReceiveFrequency = {1 if model == 'dummy' else 5}",
        "LoopSleep = 1",
        f"LogFile = {_safe(base / 'smsd.log', 'DATA_DIR')}",
        "DebugLevel = 0",
        f"RunOnReceive = {run_on_receive(hook or hook_path(settings))}",
    ]
    if settings.gammu_pin:
        lines.append(f"PIN = {_safe(settings.gammu_pin, 'GAMMU_PIN')}")
    return "\n".join(lines) + "\n"


# The settings the hook needs, handed to it by its wrapper (SMSD's environment has none of them).
HOOK_ENV = ("APP_ENV", "DATA_DIR", "REDIS_URL", "SMS_PROVIDER", "GAMMU_DEVICE", "GAMMU_CONNECTION", "GAMMU_MODEL")


def hook_script(settings: Settings, python: str | None = None) -> str:
    """The RunOnReceive wrapper: our settings, quoted; then the hook in Python. It reads no
    argument and no SMS_* variable: the message is read from the inbox files, in Python."""
    values = {
        "APP_ENV": settings.app_env, "DATA_DIR": str(settings.data_dir), "REDIS_URL": settings.redis_url,
        "SMS_PROVIDER": PROVIDER, "GAMMU_DEVICE": settings.gammu_device,
        "GAMMU_CONNECTION": settings.gammu_connection, "GAMMU_MODEL": settings.gammu_model,
    }
    exports = "\n".join(f"export {name}={shlex.quote(values[name])}" for name in HOOK_ENV)
    python = python or sys.executable
    return (
        "#!/bin/sh\n"
        "# Written by `python -m bot.gammu_hook config`. Gammu SMSD runs this after storing a\n"
        "# message; the file names it appends are never read (they hold the sender's number).\n"
        f"cd {shlex.quote(str(ROOT))} || exit 1\n"
        f"{exports}\n"
        f"export PYTHONPATH={shlex.quote(str(ROOT))}\n"
        f"exec {shlex.quote(python)} -m bot.gammu_hook receive </dev/null\n"
    )


def write_config(settings: Settings, *, hook: Path | str | None = None, python: str | None = None) -> Path:
    """Create the SMSD folders, the hook wrapper and ``gammu-smsdrc``; returns the rc's path."""
    base = folder(settings)
    for name in FOLDERS:
        (base / name).mkdir(parents=True, exist_ok=True)
    wrapper = hook_path(settings)
    wrapper.write_text(hook_script(settings, python), encoding="utf-8")
    wrapper.chmod(0o700)
    rc = rc_path(settings)
    rc.write_text(smsdrc(settings, hook=hook), encoding="utf-8")
    rc.chmod(0o600)
    return rc


@contextmanager
def ingest_lock(settings: Settings):
    """One taker of the inbox at a time (the hook and the reconciler may run together)."""
    base = folder(settings)
    base.mkdir(parents=True, exist_ok=True)
    with open(base / "ingest.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- sending


def inject_command(settings: Settings, to_phone: str, body: str) -> list[str]:
    """``gammu-smsd-inject`` for ``body``: GSM-7 when every character is in it (``fit`` made
    the reply so), UCS-2 (``-unicode``) only otherwise; ``-len`` makes a long text one
    concatenated message in as few parts as the coding allows. An argv list: no shell."""
    tool = shutil.which("gammu-smsd-inject") or "/usr/bin/gammu-smsd-inject"
    command = [tool, "-c", str(rc_path(settings)), "TEXT", to_phone, "-len", str(len(body))]
    if not sms_rule.is_gsm7(body):
        command.append("-unicode")
    return [*command, "-text", body]


_WRITTEN = re.compile(r"Written message with ID (?P<path>\S+)")


class GammuSender:
    """Outbound through SMSD's outbox; the sid names the outbox file (``poll_statuses`` then
    follows it to ``sent`` or ``error``)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None,
             ref: str | None = None) -> SentMessage:
        # ``ref`` (our id of the message): SMSD's outbox has no field for it.
        if not rc_path(self.settings).exists():
            raise SendError("gammu: no gammu-smsdrc (python -m bot.gammu_hook config)", permanent=True)
        try:
            done = subprocess.run(inject_command(self.settings, to_phone, body), capture_output=True, text=True,
                                  timeout=INJECT_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SendError(f"gammu: inject failed ({type(exc).__name__})") from exc
        found = _WRITTEN.search(done.stdout + done.stderr)
        if done.returncode != 0 or not found:
            log.warning("gammu-smsd-inject for %s exited %s", mask(to_phone), done.returncode)
            raise SendError(f"gammu: inject exited {done.returncode}")
        return SentMessage(sid=SID_PREFIX + Path(found["path"]).name, status="queued")


# The folder SMSD moved an outbox file to -> our status of the message, and the statuses it
# replaces: a row still queued or retrying catches up; what a delivery report said stays.
FOLDER_STATUS = {"sent": "sent", "error": "failed"}
FOLDER_REPLACES = {"sent": ("queued", "retrying"), "error": ("queued", "retrying", "sent")}


def poll_statuses(db, settings: Settings) -> int:
    """Outbound messages SMSD finished: in ``error`` -> ``failed``; in ``sent`` -> ``sent``
    (only from ``queued``/``retrying``: ``delivered`` or ``failed`` from a delivery report is
    not undone). Returns how many rows changed."""
    changed = 0
    for name, status in FOLDER_STATUS.items():
        try:
            files = [entry.name for entry in os.scandir(folder(settings) / name) if entry.is_file()]
        except FileNotFoundError:
            continue
        if not files:
            continue
        error = "gammu: the modem could not send it" if status == "failed" else None
        for chunk in range(0, len(files), 500):
            sids = [SID_PREFIX + f for f in files[chunk:chunk + 500]]
            marks = ",".join("?" * len(sids))
            before = FOLDER_REPLACES[name]
            with db.atomic():
                cursor = db.execute(
                    "UPDATE messages SET status = ?, error = ?, updated_at = ? "
                    f"WHERE direction = 'out' AND message_sid IN ({marks}) "
                    f"AND status IN ({','.join('?' * len(before))})",
                    [status, error, clock.now_iso(), *sids, *before])
            changed += cursor.rowcount
    return changed


# An outbox file older than this means SMSD no longer sends (the modem is gone, no signal,
# no credit, or SMSD is not running): a modem takes seconds per part, not minutes.
OUTBOX_STUCK_SECONDS = 600


def outbox_state(settings: Settings, now: float | None = None) -> str:
    """"ok", or why the modem is not sending: the oldest message waiting in SMSD's outbox
    and its age (``OSError`` when the spool cannot be read)."""
    outbox = folder(settings) / "outbox"
    ages = [(now or time.time()) - entry.stat().st_mtime for entry in os.scandir(outbox) if entry.is_file()]
    oldest = max(ages, default=0.0)
    if oldest > OUTBOX_STUCK_SECONDS:
        return f"error: {len(ages)} SMS waiting in the modem's outbox, the oldest {round(oldest / 60)} min"
    return "ok"

