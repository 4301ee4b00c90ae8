"""Delivery reports of the Gammu SMSD channel (FILES backend): kept, matched to the outbound
message they are about, and mapped to the project's statuses.

What Gammu SMSD 1.42 (Debian's, the one this project runs) does, read in its source
(github.com/gammu/gammu, tag 1.42.0):

* ``DeliveryReport`` (``no`` | ``log`` | ``sms``, default ``no``; smsd/core.c 865-869): with
  anything but ``no`` every outgoing part is sent as ``SMS_Status_Report``, i.e. with TP-SRR
  set (smsd/core.c 1764-1768); the rc this project writes says ``sms``.
* A status report reaches SMSD like any received SMS (read from the modem's memory, or a
  +CDS/+CDSI the AT driver hands over: smsd/core.c 2042-2140) and goes through
  ``SMSD_ProcessSMS``: the backend's ``SaveInboxSMS``, then ``RunOnReceive`` (smsd/core.c
  1372-1386). The FILES backend (smsd/services/files.c 68-192) only *logs* it with
  ``DeliveryReport = log`` ("Delivery report: <word> to <number>, message reference 0x..",
  at DebugLevel 1). Otherwise (``sms``, and ``no`` too) it **stores it in the inbox like a
  message**: ``IN<yyyymmdd>_<hhmmss>_<serial>_<number>_00.txt`` where the date is the
  report's TP-SCTS (when the SMSC took *our* SMS) and the number the *recipient* of our SMS:
  the name cannot tell a report from that villager's SMS. Only the ``detail`` format can
  (the ``unicode`` and ``standard`` formats keep the word alone, as if the villager had
  texted "Delivered"): its section says ``PDU = Status_Report``, ``Number`` (the recipient),
  ``DateTime`` (TP-SCTS as the SMSC's wall clock: ``Z`` only when the SMSC's zone is UTC,
  libgammu/service/gsmmisc.c 224-236), ``Text00`` (the word, hex UCS-2) and
  ``MessageReference`` (TP-MR) (libgammu/service/backup/backtext.c 4019-4125). TP-Status
  itself is not written: only Gammu's word for it (libgammu/service/sms/gsmsms.c 384-400):
  ``Delivered`` (TP-ST < 0x03), ``Failed`` (bit 0x40: a permanent error, or a temporary one
  the SMSC gave up on, e.g. 0x46 validity expired), ``Pending`` (bit 0x20: the SMSC still
  tries), else ``Unknown`` (0x03-0x1F: reserved or the SMSC's own). A report whose PDU carries
  user data may show other text: it counts as not final.
* ``DeliveryReportDelay`` (default 600 s) is read by the SQL backend only, which pairs a
  report with a sent row by TPMR + number + |TP-SCTS - sending time| < the delay
  (smsd/services/sql.c 737-809). The FILES backend pairs nothing.
* What the sent message keeps: after each part, ``AddSentSMSInfo`` writes its TPMR into the
  outbox file before the file is moved to ``sent`` (smsd/services/files.c 682-762; 1.42
  rewrites the first ``MessageReference`` line and appends the rest of the file again; read
  by ``gammu_files.sent_references``), and logs "Transmitted <file> (part|total: i) to
  <number>, message reference 0x..". The dummy phone driver encodes the PDU, sends nothing
  and always answers success with reference 0xff (libgammu/phone/dummy/dummy.c 777-801); it makes no report of its own, but
  a report file put into its ``sms/1`` folder is read back as one (backtext.c 3850-3860).
  All of this was also watched on this machine's gammu-smsd 1.42.0 with the dummy driver.

The rule here (the SQL backend's, on files), in ``pick``: a report belongs to the outbound
message of this channel to the same number whose sent file holds the report's TPMR, sent
between ``REPORT_MAX_AGE`` before the report was stored and ``SEND_SKEW`` after it (a long
message's first part may be reported before its last part is sent); of several, the one
sent nearest the report's TP-SCTS (a time without zone is read as WIB, the zone of
Indonesian SMSCs in Java), or, without one, the newest. Limits, said plainly: the TPMR is
one byte and wraps after 256 parts, so two messages to one villager 256 parts apart that
both await a report can be confused (the time stamp then decides); an SMSC stamping another
zone (WITA, WIT) only weakens that tie-break; a report that finds no message (the sent file
removed, a message sent before the bot) is kept, unmatched, and retried for
``RETRY_SECONDS``. A message is ``delivered`` when every part's TPMR has a Delivered report,
``failed`` when any part's report says Failed, otherwise it stays ``sent``; ``delivered``
is never undone. A report is one row of ``delivery_reports``, never a row of the inbox: it
opens no conversation.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.core import clock, store
from bot.core.gammu_files import SID_PREFIX, StatusReport, sent_references
from bot.core.phones import PhoneError, mask, normalise
from bot.core.store import reports as kept

log = logging.getLogger(__name__)

PROVIDER = "gammu"
# Gammu's report words (its reading of TP-Status, gsmsms.c 384-400) -> the project's statuses.
# "sent": not final, the message keeps the status it has (the SMSC still tries, or says
# nothing we can use). A word not here counts as "sent" too.
REPORT_STATUS = {"delivered": "delivered", "failed": "failed", "pending": "sent", "unknown": "sent"}
REPORT_MAX_AGE = 7 * 24 * 3600  # an SMSC keeps trying for a few days at most
SEND_SKEW = 600  # a report stored this long before its message's sent file (the other parts went out)
RETRY_SECONDS = 3600  # an unmatched report is matched again on every sweep for this long


def report_status(word: str | None) -> str:
    return REPORT_STATUS.get((word or "").strip().lower(), "sent")


def _shown(word: str | None) -> str:
    """A report's word for a log line: Gammu's word, never free text."""
    return word.strip() if (word or "").strip().lower() in REPORT_STATUS else "?"


@dataclass(frozen=True)
class Sent:
    """An outbound message of this channel that SMSD sent: its row and what its sent file says."""
    message_id: int
    status: str
    references: frozenset[int]  # TP-MR of each part
    sent_at: float  # the sent file's mtime: when its last part went out


def sc_epoch(value: datetime | str | None) -> float | None:
    """TP-SCTS as a time: aware as given, naive read as WIB."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return clock.to_wib(value).timestamp() if value else None


def pick(reference: int | None, sc_time: float | None, stored_at: float, sent: list[Sent]) -> Sent | None:
    """The message a report is about (see the module's rule), or None."""
    fits = [s for s in sent if reference is not None and reference in s.references
            and stored_at - REPORT_MAX_AGE <= s.sent_at <= stored_at + SEND_SKEW]
    anchor = stored_at if sc_time is None else sc_time
    return min(fits, key=lambda s: (abs(s.sent_at - anchor), -s.sent_at, -s.message_id), default=None)


def message_status(current: str, references: frozenset[int], reports: list[tuple[int | None, str]]) -> str:
    """An outbound message's status from the reports matched to it, ``(reference, status)``:
    failed when a part failed, delivered when every part was, else sent; delivered stays."""
    if current == "delivered":
        return current
    if any(status == "failed" for _, status in reports):
        return "failed"
    delivered = {reference for reference, status in reports if status == "delivered"}
    if references and references <= delivered:
        return "delivered"
    return "sent"


# --------------------------------------------------------------------------- the store


def sent_message(sent_folder: Path, row: dict) -> Sent | None:
    """What SMSD's sent folder says of one outbound row; None when its file is not there."""
    path = sent_folder / row["message_sid"][len(SID_PREFIX):]
    try:
        text, mtime = path.read_text(encoding="utf-8", errors="replace"), path.stat().st_mtime
    except (OSError, ValueError):  # not sent (yet), or in error
        return None
    return Sent(row["id"], row["status"], sent_references(text), mtime)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, clock.WIB).replace(microsecond=0).isoformat()


def _epoch(value: str | None) -> float | None:
    try:
        return datetime.fromisoformat(value).timestamp() if value else None
    except ValueError:
        return None


def record(db, base: Path, report: StatusReport) -> int | None:
    """Keep a report SMSD stored (one row, whatever it says) and match it; the message id it
    was matched to, or None."""
    try:
        phone = normalise(report.number)
    except PhoneError:
        phone = report.number[:40]
    row_id = kept.add_report(db, provider=PROVIDER, report_sid=report.sid, phone=phone, reference=report.reference,
                             word=report.word[:40], status=report_status(report.word),
                             sc_time=report.sc_time.isoformat() if report.sc_time else None,
                             received_at=_iso(report.stored_at) if report.stored_at else clock.now_iso())
    if row_id is None:
        return None
    return match(db, base, kept.get_report(db, row_id), first=True)


def match(db, base: Path, row: dict, *, first: bool = False) -> int | None:
    """Match one kept report to its outbound message and set that message's status."""
    stored_at = _epoch(row["received_at"]) or clock.now().timestamp()
    since = _iso(stored_at - REPORT_MAX_AGE - 24 * 3600)  # logged up to a day before it was sent
    candidates = [s for s in (sent_message(base / "sent", r) for r in kept.outbound_to(db, row["phone"], SID_PREFIX,
                                                                                          since)) if s]
    found = pick(row["reference"], sc_epoch(row["sc_time"]), stored_at, candidates)
    if found is None:
        if first:  # not again on every retry
            log.info("delivery report (%s) for %s matches no sent message yet", _shown(row["word"]),
                     mask(row["phone"]))
        return None
    kept.link_report(db, row["id"], found.message_id)
    settle(db, found)
    return found.message_id


def settle(db, sent: Sent) -> str:
    """Set the message's status from every report matched to it; the status."""
    reports = kept.reports_of(db, sent.message_id)
    status = message_status(sent.status, sent.references, [(r["reference"], r["status"]) for r in reports])
    if status != sent.status:
        failed = next((r["word"] for r in reports if r["status"] == "failed"), None)
        store.update_message(db, sent.message_id, status=status,
                             error=f"gammu: delivery report {failed}" if status == "failed" else None)
    log.info("message %s: delivery report(s) %s -> %s", sent.message_id,
             ",".join(_shown(r["word"]) for r in reports), status)
    return status


def match_pending(db, base: Path, now: datetime | None = None) -> int:
    """Match again the reports still unmatched from the last ``RETRY_SECONDS``; how many
    found their message."""
    since = ((now or clock.now()) - timedelta(seconds=RETRY_SECONDS)).replace(microsecond=0).isoformat()
    return sum(match(db, base, row) is not None for row in kept.unmatched_reports(db, PROVIDER, since))
