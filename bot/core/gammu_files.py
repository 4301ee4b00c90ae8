"""Gammu SMSD's files (FILES backend), read in pure Python: the inbox's names, the ``detail``
(smsbackup), ``unicode`` (UTF-16) and ``standard`` (UTF-8) formats, multi-part messages
joined; a status report told from a received message (``StatusReport``: only the ``detail``
format says which is which, see ``bot.core.gammu_reports``); the message references of a
sent file. No settings, no store: ``bot.core.gammu`` and ``bot.gammu_hook`` use it."""
from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)

SID_PREFIX = "gammu:"  # our message_sid of a message carried by the modem (in: inbox file, out: outbox file)
IN_NAME = re.compile(
    r"^IN(?P<date>\d{8})_(?P<time>\d{6})_(?P<serial>\d{2})_(?P<number>.+)_(?P<part>\d{2})\.(?P<ext>txt|bin)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class InName:
    """What an inbox file's name says."""
    name: str
    stamp: str  # yyyymmdd_hhmmss (the part's service-centre time, as SMSD names it)
    serial: int
    number: str
    part: int
    ext: str

    @property
    def received_at(self) -> datetime | None:
        try:
            return datetime.strptime(self.stamp, "%Y%m%d_%H%M%S")
        except ValueError:
            return None


def parse_name(name: str) -> InName | None:
    """``IN20261201_101500_00_+6281234567890_00.txt`` -> its parts; None when not SMSD's."""
    m = IN_NAME.match(name)
    if not m:
        return None
    return InName(name, f"{m['date']}_{m['time']}", int(m["serial"]), m["number"], int(m["part"]), m["ext"])


@dataclass(frozen=True)
class Received:
    """One received message, its parts joined."""
    sid: str  # SID_PREFIX + the first part's file name without extension
    number: str  # as the network gave it (E.164 for a phone; a name for an alphanumeric sender)
    text: str
    parts: int
    received_at: datetime | None
    files: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class StatusReport:
    """A status report (``PDU = Status_Report``) SMSD stored in its inbox like a message: what
    the network says of an SMS the modem sent. Never a villager's message."""
    sid: str  # SID_PREFIX + the file name without extension
    number: str  # the recipient of the SMS it reports on, as the network gave it
    word: str  # Gammu's reading of TP-Status: Delivered, Failed, Pending or Unknown
    reference: int | None  # TP-MR: the reference (one byte) the modem gave the reported SMS part
    sc_time: datetime | None  # TP-SCTS: when the SMSC took the reported SMS (naive: the SMSC's zone)
    stored_at: float | None = None  # when SMSD wrote the file (its mtime, this machine's clock)
    files: tuple[str, ...] = field(default=(), repr=False)


def decode_text(data: bytes) -> str:
    """A text file of SMSD: ``unicode`` (UTF-16 with its byte order mark: SMSD writes FE FF and
    big-endian UCS-2) or ``standard`` (UTF-8)."""
    if data[:2] == b"\xfe\xff":
        return data[2:].decode("utf-16-be", errors="replace")
    if data[:2] == b"\xff\xfe":
        return data[2:].decode("utf-16-le", errors="replace")
    return data.decode("utf-8", errors="replace")


def _hex_ucs2(value: str) -> str:
    value = value.strip()
    try:
        return bytes.fromhex(value).decode("utf-16-be", errors="replace")
    except ValueError:
        return ""


def parse_backup(text: str) -> list[dict]:
    """Gammu's smsbackup format (``[SMSBackup000]`` sections of ``Key = value``): one dict a
    part, with ``text`` (the ``TextNN`` hex UCS-2 joined), ``number``, ``coding``, ``udh``."""
    sections: dict[str, dict] = {}  # a section named twice is one (SMSD appends a copy to a sent file)
    current: dict | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {"section": line[1:-1], "texts": {}})
            continue
        if current is None or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if re.fullmatch(r"Text\d\d", key):
            current["texts"][int(key[4:])] = value
        else:
            current[key.lower()] = value
    parts = []
    for section in sections.values():
        if not section["section"].lower().startswith("smsbackup"):
            continue
        coding = section.get("coding", "")
        body = "" if coding.lower().startswith("8bit") else "".join(
            _hex_ucs2(section["texts"][i]) for i in sorted(section["texts"]))
        number = _hex_ucs2(section["numberunicode"]) if section.get("numberunicode") else section.get(
            "number", "").strip('"')
        parts.append({"text": body, "number": number, "coding": coding, "udh": section.get("udh", ""),
                      "pdu": section.get("pdu", ""), "datetime": section.get("datetime", ""),
                      "reference": _int(section.get("messagereference"))})
    return parts


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


_REFERENCE_LINE = re.compile(r"^MessageReference = (-?\d+)\s*$", re.MULTILINE)


def sent_references(text: str) -> frozenset[int]:
    """The message references (TP-MR) of a file SMSD moved to ``sent``: one a part, written by
    SMSD's ``AddSentSMSInfo`` (smsd/services/files.c) after each part went out. 1.42 puts each
    new one on the first ``MessageReference`` line and appends the rest of the file again (so
    the file holds 2n lines for n parts: the n references newest first, then the n zeros of
    the outbox file); later versions write part i's on the i-th line. In both the first n
    lines are the n references. Empty when the file has none (-1: a part SMSD did not send)."""
    parts = len(parse_backup(text))
    values = [int(v) for v in _REFERENCE_LINE.findall(text)][:parts]
    return frozenset(v for v in values if 0 <= v <= 255)


def _udh_order(udh: str) -> tuple[int, int, int] | None:
    """(reference, total, sequence) of a concatenated-SMS header (IEI 00 or 08), else None."""
    try:
        data = bytes.fromhex(udh)
    except ValueError:
        return None
    i = 1
    while i + 1 < len(data):
        iei, length = data[i], data[i + 1]
        body = data[i + 2:i + 2 + length]
        if iei == 0x00 and length == 3:
            return body[0], body[1], body[2]
        if iei == 0x08 and length == 4:
            return (body[0] << 8) | body[1], body[2], body[3]
        i += 2 + length
    return None


def _backup_datetime(value: str) -> datetime | None:
    try:
        stamp = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    return stamp.replace(tzinfo=timezone.utc) if value.endswith("Z") else stamp


def _report(files: list[Path], part: dict) -> StatusReport:
    when = _backup_datetime(part["datetime"]) if part["datetime"] else None
    return StatusReport(SID_PREFIX + files[0].stem, part["number"] or parse_name(files[0].name).number,
                        part["text"].strip(), part["reference"], when, files[0].stat().st_mtime,
                        tuple(p.name for p in files))


def read_message(files: list[Path]) -> Received | StatusReport:
    """One message from its files (one ``detail`` file, or one file a part in order); a
    ``detail`` file whose PDU is a status report is a ``StatusReport``."""
    first = parse_name(files[0].name)
    texts, number, when = [], first.number, first.received_at
    for path in files:
        data = path.read_bytes()
        head = data[:400].decode("utf-8", errors="replace")
        if "[SMSBackup" in head or "[smsbackup" in head.lower():
            parts = parse_backup(data.decode("utf-8", errors="replace"))
            if parts and parts[0]["pdu"].lower() == "status_report":
                return _report(files, parts[0])
            parts.sort(key=lambda p: (_udh_order(p["udh"]) or (0, 0, 0))[2])
            texts.extend(p["text"] for p in parts)
            if parts and parts[0]["number"]:
                number = parts[0]["number"]
            when = _backup_datetime(parts[0]["datetime"]) if parts and parts[0]["datetime"] else when
        elif path.suffix == ".bin":
            texts.append("")  # an 8-bit (binary) part carries no text
        else:
            texts.append(decode_text(data))
    return Received(SID_PREFIX + files[0].stem, number, "".join(texts), len(texts), when,
                    tuple(p.name for p in files))


def group(names: list[str]) -> list[list[str]]:
    """Inbox file names grouped into messages, in the order received: a ``_00`` file starts
    one, the next parts of the same sender and serial follow it (SMSD names each part by its
    own time, so parts of one message may differ by seconds)."""
    parsed = sorted((n for n in map(parse_name, names) if n), key=lambda n: (n.number, n.stamp, n.serial, n.part))
    messages: list[list[InName]] = []
    for item in parsed:
        last = messages[-1][-1] if messages else None
        if item.part and last and last.number == item.number and last.serial == item.serial \
                and item.part == last.part + 1:
            messages[-1].append(item)
        elif item.part == 0:
            messages.append([item])
        # a part without its first file: not a message SMSD wrote; left alone
    messages.sort(key=lambda m: (m[0].stamp, m[0].name))
    return [[n.name for n in m] for m in messages]


def inbox_messages(inbox: Path, *, skip: set[str] = frozenset(),
                   min_age: float = 0.0) -> Iterator[Received | StatusReport]:
    """The messages (and status reports) stored in SMSD's ``inbox`` folder, but those whose
    sid is in ``skip`` (already taken in: decided from the names alone, no file read) and
    those with a file younger than ``min_age`` seconds (SMSD may still write it)."""
    try:
        names = [entry.name for entry in os.scandir(inbox) if entry.is_file()]
    except FileNotFoundError:
        return
    now = time.time()
    for message in group(names):
        if SID_PREFIX + Path(message[0]).stem in skip:
            continue
        paths = [inbox / name for name in message]
        try:
            if min_age and any(now - p.stat().st_mtime < min_age for p in paths):
                continue
            yield read_message(paths)
        except OSError as exc:  # removed or unreadable meanwhile: the next pass sees it again
            log.warning("inbox file not read (%s)", type(exc).__name__)
