"""A stand-in for the GSM network in front of Gammu's dummy phone driver: an SMS "arrives"
when its file appears in ``<device>/sms/1/<location>`` in Gammu's smsbackup format (what the
dummy driver reads, see Gammu's docs "Dummy Driver"); a multi-part message is one file per
part with its concatenation header (UDH), as a modem stores them.

A status report arrives the same way (``deliver_report``): the dummy driver never makes one
(it "sends" with reference 0xff and nothing more, libgammu/phone/dummy/dummy.c 777-801), but
it reads ``PDU = Status_Report`` back from its folder, and SMSD stores it as a modem's.
``add_sent_info`` is what SMSD 1.42 does to a file it sent, for tests without SMSD."""
from __future__ import annotations

import itertools
import random
from datetime import datetime, timezone
from pathlib import Path

from bot.core.sms import is_gsm7

_locations = itertools.count(random.randint(100, 5000) * 10)


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def backup_part(number: str, text: str, *, unicode: bool, udh: str = "", when: datetime | None = None) -> str:
    when = when or datetime.now(timezone.utc)
    lines = [
        "[SMSBackup000]",
        "SMSC = \"+6281100000\"",
        "PDU = Deliver",
        f"DateTime = {when.strftime('%Y%m%dT%H%M%S')}Z",
        "State = UnRead",
        f"Number = \"{number}\"",
        f"NumberUnicode = {_hex(number)}",
        "Name = \"\"",
        *([f"UDH = {udh}"] if udh else []),
        f"Text00 = {_hex(text)}",
        f"Coding = {'Unicode_No_Compression' if unicode else 'Default_No_Compression'}",
        "Folder = 1",
        f"Length = {len(text)}",
        "Class = -1",
    ]
    return "\n".join(lines) + "\n"


def deliver(device: Path, number: str, parts: list[str], *, unicode: bool | None = None) -> list[Path]:
    """Put an SMS (one or more parts) into the dummy phone's inbox; the paths written."""
    unicode = (not all(is_gsm7(p) for p in parts)) if unicode is None else unicode
    folder = Path(device) / "sms" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    ref = random.randint(1, 255)
    written = []
    for i, text in enumerate(parts, start=1):
        udh = f"050003{ref:02X}{len(parts):02X}{i:02X}" if len(parts) > 1 else ""
        path = folder / str(next(_locations) % 9000 + 1)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(backup_part(number, text, unicode=unicode, udh=udh), encoding="utf-8")
        written.append((tmp, path))
    for tmp, path in written:  # every part in place at once: the phone never shows half a message
        tmp.rename(path)
    return [path for _, path in written]


def report_part(number: str, word: str, reference: int, *, when: datetime | None = None, zone: str = "Z") -> str:
    """A status report in smsbackup format, as SMSD 1.42 stores it in its inbox (``zone``:
    "Z" for an SMSC in UTC, "" for one in its local zone, as Gammu writes them)."""
    when = when or datetime.now(timezone.utc)
    lines = [
        "[SMSBackup000]",
        f"; {word}",
        "PDU = Status_Report",
        f"DateTime = {when.strftime('%Y%m%dT%H%M%S')}{zone}",
        "State = UnRead",
        f"Number = \"{number}\"",
        f"NumberUnicode = {_hex(number)}",
        "Name = \"\"",
        f"Text00 = {_hex(word)}",
        "Coding = Unicode_No_Compression",
        "Folder = 1",
        f"Length = {len(word)}",
        "Class = -1",
        "ReplySMSC = False",
        "RejectDuplicates = False",
        "ReplaceMessage = 0",
        f"MessageReference = {reference}",
    ]
    return "\n".join(lines) + "\n"


def deliver_report(device: Path, number: str, word: str, reference: int, *, when: datetime | None = None) -> Path:
    """Put a status report into the dummy phone's inbox; the path written."""
    folder = Path(device) / "sms" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / str(next(_locations) % 9000 + 1)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(report_part(number, word, reference, when=when), encoding="utf-8")
    tmp.rename(path)
    return path


def add_sent_info(text: str, reference: int) -> str:
    """SMSD 1.42's ``SMSDFiles_AddSentSMSInfo`` on an outbox file after a part went out
    (smsd/services/files.c 682-762, tag 1.42.0): the text up to the first ``MessageReference`` line, the
    part's reference, then the whole file again from its second line (``lineEnd`` is the
    first newline of the file, not of that line)."""
    start = text.find("\nMessageReference = ")
    if start < 0:
        return text
    return text[:start + 1] + f"MessageReference = {reference}\n" + text[text.find("\n") + 1:]
