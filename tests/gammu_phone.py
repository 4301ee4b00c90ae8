"""A stand-in for the GSM network in front of Gammu's dummy phone driver: an SMS "arrives"
when its file appears in ``<device>/sms/1/<location>`` in Gammu's smsbackup format (what the
dummy driver reads, see Gammu's docs "Dummy Driver"); a multi-part message is one file per
part with its concatenation header (UDH), as a modem stores them."""
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
