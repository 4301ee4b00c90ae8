"""Issue 11: SMS through a USB GSM modem and Gammu SMSD, on the real processes.

A real ``gammu-smsd`` runs with Gammu's dummy phone driver (``model = dummy``, ``connection =
none``, a device folder) and the ``gammu-smsdrc`` the project writes. An SMS "arrives" when its
file appears in the dummy phone's inbox (``<device>/sms/1``, Gammu's smsbackup format,
``tests/gammu_phone.py``); SMSD stores it in its FILES inbox and runs the hook, which takes it
into the bot's inbox; the worker answers through Rasa and injects the reply into SMSD's outbox;
SMSD "sends" it through the dummy phone and moves it to its ``sent`` folder.

Delivery reports: the dummy phone "sends" every part with message reference 0xff and makes no
status report of its own (libgammu/phone/dummy/dummy.c 777-801), so the test plays the
network: it puts a status report (``PDU = Status_Report``, ``tests/gammu_phone.deliver_report``)
into the dummy phone's inbox; SMSD reads it as a modem's, stores it in its FILES inbox (named
like an SMS from the villager) and runs the hook, as it would for a real modem.

A stack of this module's own: its SMS go to the modem, not to the fake Twilio."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot import gammu_hook
from bot.core import gammu, gammu_files
from tests.e2e.conversation import officer
from tests.gammu_phone import deliver, deliver_report
from tests.stack import running_stack
from tests.support import wait_until


class Smsd:
    """A gammu-smsd process on the stack's generated rc (its own process group)."""

    def __init__(self, settings, workdir: Path):
        self.settings = settings
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None
        self.cwd = workdir / "cwd"  # where SMSD runs its hook's shell
        self.cwd.mkdir(parents=True, exist_ok=True)

    def start(self, hook: str | None = None) -> None:
        rc = gammu.write_config(self.settings, hook=hook)
        log = open(self.workdir / "smsd.out", "ab")  # noqa: SIM115 - the process keeps it
        self.proc = subprocess.Popen(["gammu-smsd", "-c", str(rc)], cwd=self.cwd, stdout=log, stderr=log,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)

    def log(self) -> str:
        path = gammu.folder(self.settings) / "smsd.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-30:]) if path.exists() else ""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    phone = tmp_path_factory.mktemp("dummy-phone")
    env = {"SMS_PROVIDER": "gammu", "GAMMU_MODEL": "dummy", "GAMMU_DEVICE": str(phone)}
    yield from running_stack(tmp_path_factory.mktemp("gammu"), env=env)


@pytest.fixture(scope="module")
def smsd(stack, tmp_path_factory):
    daemon = Smsd(stack.settings, tmp_path_factory.mktemp("smsd"))
    daemon.start()
    yield daemon
    daemon.stop()


def _rows(stack, phone: str, direction: str) -> list[dict]:
    db = stack.db()
    try:
        return list(db["messages"].rows_where("phone = ? AND direction = ?", [phone, direction], order_by="id"))
    finally:
        db.close()


def sent_to(stack, phone: str) -> list[tuple[str, str]]:
    """(file name, text) of every SMS SMSD sent to ``phone`` (its ``sent`` folder)."""
    found = []
    for path in sorted((gammu.folder(stack.settings) / "sent").iterdir()):
        parts = gammu_files.parse_backup(path.read_text(encoding="utf-8", errors="replace"))
        if parts and parts[0]["number"] == phone:
            found.append((path.name, "".join(p["text"] for p in parts)))
    return found


def wait_reply(stack, smsd, phone: str, count: int = 1, timeout: float = 90) -> list[tuple[str, str]]:
    try:
        return wait_until(lambda: sent_to(stack, phone), lambda s: len(s) >= count, timeout, f"{count} SMS to {phone}")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nsmsd:\n{smsd.log()}\nworker:\n{stack.log('worker', 30)}") from None


def _user_texts(stack, phone: str) -> list[str]:
    return [e.get("text") for e in stack.tracker(phone)["events"] if e.get("event") == "user"]


def test_an_sms_reaches_rasa_and_the_reply_leaves_by_the_modem(stack, smsd):
    phone = stack.new_phone()
    deliver(stack.settings.gammu_device, phone, ["halo"])
    replies = wait_reply(stack, smsd, phone)
    (inbound,) = _rows(stack, phone, "in")
    assert (inbound["body"], inbound["channel"], inbound["status"]) == ("halo", "sms", "processed")
    assert re.fullmatch(r"gammu:IN\d{8}_\d{6}_\d{2}_" + re.escape(phone) + r"_00", inbound["message_sid"])
    assert _user_texts(stack, phone) == ["halo"]  # the same Rasa conversation as any SMS
    outbound = wait_until(lambda: _rows(stack, phone, "out"), lambda rows: rows and all(
        r["status"] == "sent" for r in rows), 30, "the replies' rows")
    # each reply the bot logged is the one SMSD sent, named by its outbox file
    assert sorted(("gammu:" + name, text) for name, text in replies) == sorted(
        (r["message_sid"], r["body"]) for r in outbound)
    assert stack.outbox(phone) == []  # nothing went through Twilio


def test_a_two_part_ucs2_sms_arrives_joined(stack, smsd):
    phone = stack.new_phone()
    parts = ["Selamat pagi 🙏 saya mau tanya, bagaimana cara ", "mengurus akta kelahiran anak saya?"]
    deliver(stack.settings.gammu_device, phone, parts, unicode=True)
    wait_reply(stack, smsd, phone)
    (inbound,) = _rows(stack, phone, "in")
    assert inbound["body"] == "".join(parts)
    assert _user_texts(stack, phone) == ["".join(parts)]


def test_an_emergency_by_modem_sms_pages_the_duty_desk_on_whatsapp(stack, smsd):
    phone = stack.new_phone()
    deliver(stack.settings.gammu_device, phone, ["tolong istri saya hamil pendarahan banyak"])
    wait_reply(stack, smsd, phone)
    replies = wait_until(lambda: " ".join(t for _, t in sent_to(stack, phone)), lambda t: "DRT-" in t, 60,
                         "the emergency's ref by SMS")
    ref = re.search(r"DRT-\d+", replies).group(0)
    assert "112" in replies
    message = stack.wait_outbox(officer("piket_darurat", None, None), contains=ref, timeout=60)
    assert message["channel"] == "whatsapp"


def test_a_hostile_sender_name_never_reaches_the_shell(stack, smsd):
    """An alphanumeric sender spelling shell: SMSD 1.42 puts it in the file name it appends to
    the hook's command line (run by ``sh -c``)."""
    sender = "`touch pwned1`$(touch pwned2);id"
    deliver(stack.settings.gammu_device, sender, ["$(touch pwned4) `touch pwned5`"])
    row = wait_until(lambda: _rows(stack, sender, "in"), bool, 30, "the hostile message's row")[0]
    assert (row["status"], row["error"], row["body"]) == ("error", gammu_hook.NOT_A_PHONE,
                                                          "$(touch pwned4) `touch pwned5`")
    assert list(smsd.cwd.iterdir()) == [] and not list(Path(stack.workdir).glob("**/pwned*"))


def test_a_message_whose_hook_failed_is_taken_in_by_the_reconciler(stack, smsd):
    """SMSD ignores the hook's exit status and never runs it again: the worker's sweep finds
    the stored message (every minute) and it is answered all the same."""
    smsd.stop()
    smsd.start(hook="/bin/false")  # the hook fails (the bot's side down, a broken venv...)
    try:
        phone = stack.new_phone()
        deliver(stack.settings.gammu_device, phone, ["halo, mau tanya"])
        inbox = gammu.folder(stack.settings) / "inbox"
        wait_until(lambda: [p.name for p in inbox.iterdir() if phone in p.name], bool, 30, "SMSD stored it")
        time.sleep(2)
        assert _rows(stack, phone, "in") == []  # the hook did not take it in
        wait_reply(stack, smsd, phone, timeout=150)
        (inbound,) = _rows(stack, phone, "in")
        assert (inbound["body"], inbound["status"]) == ("halo, mau tanya", "processed")
    finally:
        smsd.stop()
        smsd.start()


def _out_row(stack, message_id: int) -> dict:
    db = stack.db()
    try:
        return db["messages"].get(message_id)
    finally:
        db.close()


@pytest.mark.parametrize("word, status, error", [("Delivered", "delivered", None),
                                                 ("Failed", "failed", "gammu: delivery report Failed")])
def test_a_delivery_report_sets_the_replys_status_and_opens_no_conversation(stack, smsd, word, status, error):
    phone = stack.new_phone()
    deliver(stack.settings.gammu_device, phone, ["halo"])
    replies = wait_reply(stack, smsd, phone)
    rows = wait_until(lambda: _rows(stack, phone, "out"), lambda r: r and all(m["status"] == "sent" for m in r), 30,
                      "the replies' rows")
    newest = rows[-1]
    sent_file = gammu.folder(stack.settings) / "sent" / newest["message_sid"].removeprefix(gammu.SID_PREFIX)
    (reference,) = gammu_files.sent_references(sent_file.read_text(encoding="utf-8"))  # 0xff: the dummy's
    inbound, turns = _rows(stack, phone, "in"), _user_texts(stack, phone)
    time.sleep(1.5)  # the report's time stamp (whole seconds) after the last reply's
    deliver_report(stack.settings.gammu_device, phone, word, reference)
    try:
        row = wait_until(lambda: _out_row(stack, newest["id"]), lambda r: r["status"] == status, 30, "the status")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nsmsd:\n{smsd.log()}\nworker:\n{stack.log('worker', 30)}") from None
    assert row["error"] == error
    stored = [p for p in (gammu.folder(stack.settings) / "inbox").iterdir() if phone in p.name]
    assert any("PDU = Status_Report" in p.read_text(encoding="utf-8") for p in stored)  # SMSD stored it as a report
    time.sleep(3)  # what a message would have set off by now: a row, a Rasa turn, a reply
    assert _rows(stack, phone, "in") == inbound and _user_texts(stack, phone) == turns
    assert len(sent_to(stack, phone)) == len(replies)
    assert [m["status"] for m in _rows(stack, phone, "out")[:-1]] == ["sent"] * (len(rows) - 1)
    db = stack.db()
    try:
        kept = list(db["delivery_reports"].rows_where("phone = ?", [phone]))
    finally:
        db.close()
    assert [(k["word"], k["reference"], k["message_id"]) for k in kept] == [(word, reference, newest["id"])]
