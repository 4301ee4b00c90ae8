"""Gammu SMSD (issue 11): file names, decoding, joining parts, the rc, the hook's shell
safety, the sender on the real gammu-smsd-inject, the status poller, the take-in, and the
delivery reports SMSD stores in its inbox (kept apart, matched, mapped to our statuses)."""
from __future__ import annotations

import os
import secrets
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rq import Queue

from bot import gammu_hook
from bot.core import clock, gammu, gammu_files, gammu_reports, store
from bot.core import settings as config
from bot.core.channels import route, sender_for
from bot.core.redis_client import get_redis
from bot.core.settings import ConfigError, load_settings
from bot.core.twilio import TwilioSender
from tests.gammu_phone import add_sent_info, backup_part, report_part

UCS2_PARTS = ["Ibu hamil perdarahan 🙏 ", "di desa Jambewangi, tolong"]


@pytest.fixture
def gammu_settings(settings_env, tmp_path):
    env = {**settings_env, "SMS_PROVIDER": "gammu", "GAMMU_MODEL": "dummy", "GAMMU_DEVICE": str(tmp_path / "phone")}
    settings = load_settings(env)
    config.use(settings)
    store.migrate(settings.db_path)
    gammu.write_config(settings)
    return settings


def inbox_of(settings) -> Path:
    return gammu.folder(settings) / "inbox"


# --------------------------------------------------------------------------- names and decoding


@pytest.mark.parametrize("name, expected", [
    ("IN20261201_101500_00_+6281234567890_00.txt", ("20261201_101500", 0, "+6281234567890", 0, "txt")),
    ("IN20261201_101503_01_+6281234567890_02.txt", ("20261201_101503", 1, "+6281234567890", 2, "txt")),
    ("IN20261201_101500_00_TELKOM_SEL_00.bin", ("20261201_101500", 0, "TELKOM_SEL", 0, "bin")),
    ("IN20261201_101500_00_$(touch x)_00.txt", ("20261201_101500", 0, "$(touch x)", 0, "txt")),
])
def test_inbox_file_names_are_read(name, expected):
    parsed = gammu_files.parse_name(name)
    assert (parsed.stamp, parsed.serial, parsed.number, parsed.part, parsed.ext) == expected


@pytest.mark.parametrize("name", ["OUTC20261201_101500_00_+628_sms0.txt", "IN2026_1015_00_+62_00.txt",
                                  "IN20261201_101500_00_+6281234567890_00.smsbackup", "ingest.lock", ""])
def test_other_files_are_not_messages(name):
    assert gammu_files.parse_name(name) is None


def test_unicode_files_are_utf16_and_standard_files_utf8():
    text = "Bu bidan, ada perdarahan 🙏 ñ"
    assert gammu_files.decode_text(b"\xfe\xff" + text.encode("utf-16-be")) == text
    assert gammu_files.decode_text(b"\xff\xfe" + text.encode("utf-16-le")) == text
    assert gammu_files.decode_text("Mau bikin KK @ £5".encode()) == "Mau bikin KK @ £5"


def test_a_detail_file_joins_its_parts_in_the_order_of_their_headers(tmp_path):
    # parts stored out of order: the concatenation header says which comes first
    second = backup_part("+6281234567890", UCS2_PARTS[1], unicode=True, udh="0500034A0202")
    first = backup_part("+6281234567890", UCS2_PARTS[0], unicode=True, udh="0500034A0201")
    path = tmp_path / "IN20261201_101500_00_+6281234567890_00.txt"
    path.write_text(second + "\n" + first.replace("SMSBackup000", "SMSBackup001"), encoding="utf-8")
    message = gammu_files.read_message([path])
    assert message.text == "".join(UCS2_PARTS)
    assert (message.parts, message.number, message.sid) == (2, "+6281234567890", "gammu:" + path.stem)


def test_a_section_written_twice_is_one_part():
    # SMSD appends a second copy of the message to the file it moves to "sent"
    part = backup_part("+6281234567890", "Halo Bapak/Ibu", unicode=False)
    assert [p["text"] for p in gammu_files.parse_backup(part + part)] == ["Halo Bapak/Ibu"]


def test_a_gsm7_detail_file_is_read():
    part = gammu_files.parse_backup(backup_part("+6281234567890", "Halo @ bidan {KK}", unicode=False))
    assert part[0]["text"] == "Halo @ bidan {KK}" and part[0]["coding"] == "Default_No_Compression"


def test_one_file_a_part_is_joined_in_order(tmp_path):
    # the "unicode" inbox format: one UTF-16 file a part, each named by its own time
    names = {
        "IN20261201_101500_00_+6281234567890_00.txt": UCS2_PARTS[0],
        "IN20261201_101502_00_+6281234567890_01.txt": UCS2_PARTS[1],
        "IN20261201_101501_00_+6281299999999_00.txt": "pesan lain",
        "IN20261201_101600_00_+6281234567890_00.txt": "MENU",
    }
    for name, text in names.items():
        (tmp_path / name).write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    messages = list(gammu_files.inbox_messages(tmp_path))
    assert [(m.number, m.text, m.parts) for m in messages] == [
        ("+6281234567890", "".join(UCS2_PARTS), 2), ("+6281299999999", "pesan lain", 1), ("+6281234567890", "MENU", 1)]
    skip = {"gammu:IN20261201_101500_00_+6281234567890_00"}
    assert [m.text for m in gammu_files.inbox_messages(tmp_path, skip=skip)] == ["pesan lain", "MENU"]
    assert list(gammu_files.inbox_messages(tmp_path, min_age=60)) == []  # SMSD may still write them


# --------------------------------------------------------------------------- the rc and the hook


def test_the_rc_is_written_from_the_settings(gammu_settings):
    rc = gammu.rc_path(gammu_settings).read_text()
    base = gammu.folder(gammu_settings)
    for line in ("Service = files", f"InboxPath = {base}/inbox/", f"OutboxPath = {base}/outbox/",
                 f"SentSMSPath = {base}/sent/", f"ErrorSMSPath = {base}/error/", "CheckSecurity = 0",
                 "model = dummy", "connection = none", f"device = {gammu_settings.gammu_device}/",
                 f"RunOnReceive = exec {gammu.hook_path(gammu_settings)} #"):
        assert line in rc.splitlines()
    assert all((base / name).is_dir() for name in gammu.FOLDERS)
    assert os.access(gammu.hook_path(gammu_settings), os.X_OK)


def test_a_modem_rc_has_the_serial_port_and_the_pin(settings_env):
    settings = load_settings({**settings_env, "SMS_PROVIDER": "gammu", "GAMMU_PIN": "1234"})
    rc = gammu.smsdrc(settings).splitlines()
    assert "device = /dev/ttyUSB0" in rc and "connection = at" in rc and "PIN = 1234" in rc
    assert not any(line.startswith("model") for line in rc)


@pytest.mark.parametrize("device", ["/dev/ttyUSB0 ; reboot", "/dev/$(id)", "/dev/tty`id`", "/dev/tty\nPIN = 1"])
def test_a_device_that_is_not_a_plain_path_is_refused(settings_env, device):
    with pytest.raises(ConfigError):
        gammu.smsdrc(load_settings({**settings_env, "GAMMU_DEVICE": device}))


EVIL = ["$(touch pwned1)", "`touch pwned2`", "x;touch pwned3;", "a\ntouch pwned4", "'\"$(touch pwned5)\"'",
        "x\n$(touch pwned6)\n`touch pwned7`", "&& touch pwned8 ||"]


@pytest.mark.parametrize("number", EVIL)
def test_a_senders_number_never_reaches_the_shell(tmp_path, number):
    """SMSD 1.42 runs ``sh -c "<RunOnReceive> <file names>"``; the names hold the sender's number."""
    hook = tmp_path / "hook"
    ran = tmp_path / "ran"
    hook.write_text(f"#!/bin/sh\necho \"$#\" > {ran}\n")
    hook.chmod(0o700)
    name = f"IN20261201_101500_00_{number}_00.txt"
    command = f"{gammu.run_on_receive(hook)} {name} "  # as smsd/core.c builds it: "%s %s"
    subprocess.run(["/bin/sh", "-c", command], cwd=tmp_path, check=True, timeout=10)
    assert ran.read_text().strip() == "0"  # the hook ran, with no argument at all
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hook", "ran"]  # nothing else ran


def test_the_hook_wrapper_quotes_our_settings_and_reads_no_argument(settings_env, tmp_path):
    settings = load_settings({**settings_env, "DATA_DIR": str(tmp_path / "it's data"),
                              "REDIS_URL": "redis://:p$ss`w@127.0.0.1:1/0"})
    script = gammu.hook_script(settings, python="/usr/bin/python3")
    out = subprocess.run(["/bin/sh", "-n", "-c", script], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "'redis://:p$ss`w@127.0.0.1:1/0'" in script and '"$@"' not in script and "$1" not in script
    assert "SMS_1" not in script and "DECODED" not in script


# --------------------------------------------------------------------------- sending


def test_replies_go_to_the_modem_only_for_sms_when_gammu_is_on(gammu_settings, settings_env):
    assert route(gammu_settings, None, "sms") == ("sms", "gammu")
    assert route(gammu_settings, None, "whatsapp") == ("whatsapp", "twilio")
    assert route(load_settings(settings_env), None, "sms") == ("sms", "twilio")
    assert isinstance(sender_for(gammu_settings, "gammu"), gammu.GammuSender)
    assert isinstance(sender_for(gammu_settings, "twilio"), TwilioSender)


def test_the_inject_command_is_an_argv_and_unicode_only_when_needed(gammu_settings):
    plain = gammu.inject_command(gammu_settings, "+6281234567890", "Halo $(touch x); id && id")
    assert plain[-2:] == ["-text", "Halo $(touch x); id && id"] and "-unicode" not in plain
    assert plain[plain.index("-len") + 1] == str(len("Halo $(touch x); id && id"))
    assert "-unicode" in gammu.inject_command(gammu_settings, "+6281234567890", "Terima kasih 🙏")


def _outbox_text(path: Path) -> tuple[str, list[dict]]:
    parts = gammu_files.parse_backup(path.read_text(encoding="utf-8"))
    return "".join(p["text"] for p in parts), parts


def test_the_sender_writes_the_outbox_through_gammu_smsd_inject(gammu_settings, tmp_path):
    long = "Permohonan KK Bapak/Ibu sudah kami terima. " * 6  # 264 GSM-7 characters: 2 parts
    sent = gammu.GammuSender(gammu_settings).send("+6281234567890", long, "sms")
    assert sent.sid.startswith("gammu:OUT") and sent.status == "queued"
    path = gammu.folder(gammu_settings) / "outbox" / sent.sid.removeprefix("gammu:")
    text, parts = _outbox_text(path)
    assert text == long and len(parts) == 2 and parts[0]["number"] == "+6281234567890"
    assert {p["coding"] for p in parts} == {"Default_No_Compression"}
    assert not (tmp_path / "x").exists()
    emoji = gammu.GammuSender(gammu_settings).send("+6281234567890", "Terima kasih 🙏", "sms")
    text, parts = _outbox_text(gammu.folder(gammu_settings) / "outbox" / emoji.sid.removeprefix("gammu:"))
    assert text == "Terima kasih 🙏" and parts[0]["coding"] == "Unicode_No_Compression"


def test_sms_files_moved_by_smsd_become_statuses(gammu_settings):
    db = store.open_db(gammu_settings.db_path)
    ids = {}
    for name in ("OUTC1_sms0.smsbackup", "OUTC2_sms0.smsbackup", "OUTC3_sms0.smsbackup"):
        ids[name] = store.log_message(db, "out", "sms", "+6281234567890", "x", message_sid="gammu:" + name,
                                      status="sent")
    store.update_message(db, ids["OUTC2_sms0.smsbackup"], status="retrying")
    base = gammu.folder(gammu_settings)
    (base / "error" / "OUTC1_sms0.smsbackup").write_text("")
    (base / "sent" / "OUTC2_sms0.smsbackup").write_text("")
    assert gammu.poll_statuses(db, gammu_settings) == 2
    status = {name: db["messages"].get(i)["status"] for name, i in ids.items()}
    assert status == {"OUTC1_sms0.smsbackup": "failed", "OUTC2_sms0.smsbackup": "sent",
                      "OUTC3_sms0.smsbackup": "sent"}
    assert gammu.poll_statuses(db, gammu_settings) == 0  # nothing changes twice


# --------------------------------------------------------------------------- taking messages in


def test_stored_messages_are_taken_in_once_and_their_answer_queued(gammu_settings, redis_url):
    get_redis(gammu_settings.redis_url).flushdb()
    inbox = inbox_of(gammu_settings)
    (inbox / "IN20261201_101500_00_+6281234567890_00.txt").write_text(
        backup_part("+6281234567890", UCS2_PARTS[0], unicode=True, udh="0500037F0201") + "\n"
        + backup_part("+6281234567890", UCS2_PARTS[1], unicode=True, udh="0500037F0202").replace("000]", "001]"))
    (inbox / "IN20261201_101501_00_TELKOMSEL_00.txt").write_text(backup_part("TELKOMSEL", "Promo", unicode=False))
    rows = gammu_hook.take_in(gammu_settings)
    db = store.open_db(gammu_settings.db_path)
    stored = [db["messages"].get(i) for i in rows]
    assert [(m["phone"], m["body"], m["status"], m["channel"]) for m in stored] == [
        ("+6281234567890", "".join(UCS2_PARTS), "pending", "sms"), ("TELKOMSEL", "Promo", "error", "sms")]
    assert stored[1]["error"] == gammu_hook.NOT_A_PHONE
    jobs = Queue("default", connection=get_redis(gammu_settings.redis_url)).jobs
    assert [(j.func_name, j.args) for j in jobs] == [(gammu_hook.ANSWER_JOB, ("+6281234567890",))]
    assert gammu_hook.take_in(gammu_settings) == []  # the hook and the reconciler: idempotent
    assert db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 2


def test_with_redis_down_the_message_still_waits_in_the_inbox(settings_env, tmp_path):
    settings = load_settings({**settings_env, "SMS_PROVIDER": "gammu", "REDIS_URL": "redis://127.0.0.1:9/0"})
    store.migrate(settings.db_path)
    gammu.write_config(settings)
    (inbox_of(settings) / "IN20261201_101500_00_081234567890_00.txt").write_bytes(
        b"\xfe\xff" + "halo".encode("utf-16-be"))
    rows = gammu_hook.take_in(settings)
    row = store.open_db(settings.db_path)["messages"].get(rows[0])
    assert (row["phone"], row["status"]) == ("+6281234567890", "pending")  # the sweep drains it


def test_the_hook_command_takes_messages_in_as_smsd_runs_it(gammu_settings, tmp_path):
    (inbox_of(gammu_settings) / "IN20261201_101500_00_+6281234567890_00.txt").write_text(
        backup_part("+6281234567890", "mau bikin kk", unicode=False))
    line = gammu.run_on_receive(gammu.hook_path(gammu_settings)) + " IN20261201_101500_00_$(touch pwned)_00.txt "
    done = subprocess.run(["/bin/sh", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": os.environ["PATH"], "SMS_1_TEXT": "$(touch pwned)"})
    assert done.returncode == 0, done.stderr
    db = store.open_db(gammu_settings.db_path)
    assert [(r["body"], r["status"]) for r in db["messages"].rows] == [("mau bikin kk", "pending")]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("sender", ["TELKOMSEL", "INFO", "1-800-FLOWERS", "+62 812 3456 7890x", "$(id)"])
def test_a_sender_that_is_not_a_phone_number_gets_no_answer(gammu_settings, sender):
    message = gammu_files.Received("gammu:IN1", sender, "Promo pulsa", 1, None)
    db = store.open_db(gammu_settings.db_path)
    row, phone = gammu_hook.store_received(db, message)
    assert phone is None and db["messages"].get(row)["status"] == "error"


def test_the_reconciler_runs_only_with_gammu_on(settings_env):
    assert gammu_hook.reconcile(load_settings(settings_env)) == "gammu off"


def _pending(settings, phone: str, text: str) -> int:
    db = store.open_db(settings.db_path)
    row = store.log_message(db, "in", "sms", phone, text, message_sid=f"gammu:IN{secrets.token_hex(4)}",
                            status="pending")
    return row


def _queued_to(settings, phone: str) -> list[str]:
    db = store.open_db(settings.db_path)
    return [r["body"] for r in db["messages"].rows_where("phone = ? AND direction = 'out'", [phone], order_by="id")]


def test_with_rasa_down_a_danger_sign_by_modem_does_not_wait(gammu_settings):
    """RASA_URL points where nothing listens: the answer job opens the emergency, pages the
    officers (WhatsApp) and gives the advice by SMS; it raises for RQ to retry, and a retry
    opens no second case."""
    from bot.pipeline import RasaDown

    get_redis(gammu_settings.redis_url).flushdb()
    phone = "+6281234500001"
    row = _pending(gammu_settings, phone, "tolong istri saya hamil pendarahan banyak di desa Jambewangi")
    for _ in range(2):
        with pytest.raises(RasaDown):
            gammu_hook.answer(phone)
    db = store.open_db(gammu_settings.db_path)
    cases = list(db["cases"].rows_where("phone = ? AND kind = 'emergency'", [phone]))
    assert len(cases) == 1 and db["messages"].get(row)["status"] == "pending"
    advice = _queued_to(gammu_settings, phone)
    assert len(advice) >= 1 and any("112" in text for text in advice)
    assert all(r["channel"] == "sms" for r in db["messages"].rows_where("phone = ? AND direction = 'out'", [phone]))
    paged = list(db["messages"].rows_where("direction = 'out' AND channel = 'whatsapp' AND body LIKE ?",
                                           [f"%{cases[0]['ref']}%"]))
    assert paged


def test_with_rasa_down_other_messages_get_one_note(gammu_settings):
    from bot import inbox
    from bot.pipeline import RasaDown

    get_redis(gammu_settings.redis_url).flushdb()
    phone = "+6281234500002"
    _pending(gammu_settings, phone, "mau bikin kk")
    _pending(gammu_settings, phone, "halo?")
    for _ in range(2):
        with pytest.raises(RasaDown):
            gammu_hook.answer(phone)
    assert _queued_to(gammu_settings, phone) == [inbox.ACK]


def test_a_flood_from_one_number_by_modem_gets_one_note_not_an_sms_each(gammu_settings):
    """The webhook's flood rule on the modem's path (every answer is an SMS the modem pays
    for): past SENDER_BURST in 10 s the messages are kept as 'limited', one polite note goes
    out, and a danger sign among them is still answered."""
    from bot import inbound

    get_redis(gammu_settings.redis_url).flushdb()
    limit = gammu_settings.sender_burst
    texts = [f"tes {i}" for i in range(limit + 3)] + ["tolong istri saya hamil 8 bulan pendarahan banyak"]
    for i, text in enumerate(texts):
        (inbox_of(gammu_settings) / f"IN20261201_1015{i:02d}_00_+6281234567890_00.txt").write_text(
            backup_part("+6281234567890", text, unicode=False))
    rows = gammu_hook.take_in(gammu_settings)
    db = store.open_db(gammu_settings.db_path)
    statuses = [db["messages"].get(i)["status"] for i in rows]
    assert statuses == ["pending"] * limit + ["limited"] * 3 + ["pending"]
    notes = [m["body"] for m in db["messages"].rows_where("direction = 'out'")]
    assert notes == [inbound.FLOOD]


# --------------------------------------------------------------------------- delivery reports


def test_the_rc_asks_for_delivery_reports(gammu_settings):
    assert "DeliveryReport = sms" in gammu.rc_path(gammu_settings).read_text().splitlines()


@pytest.mark.parametrize("word, status", [
    ("Delivered", "delivered"), ("Failed", "failed"), ("Pending", "sent"), ("Unknown", "sent"),
    (" delivered ", "delivered"), ("", "sent"), ("Terima kasih", "sent"),
])
def test_gammus_report_words_map_to_our_statuses(word, status):
    assert gammu_reports.report_status(word) == status


def test_a_status_report_file_is_a_report_not_a_message(tmp_path):
    path = tmp_path / "IN20261202_134000_00_+6281234567890_00.txt"
    path.write_text(report_part("+6281234567890", "Failed", 17, when=datetime(2026, 12, 2, 13, 40), zone=""))
    report = gammu_files.read_message([path])
    assert isinstance(report, gammu_files.StatusReport)
    assert (report.sid, report.number, report.word, report.reference) == (
        "gammu:" + path.stem, "+6281234567890", "Failed", 17)
    assert report.sc_time == datetime(2026, 12, 2, 13, 40) and report.stored_at == path.stat().st_mtime
    assert gammu_reports.sc_epoch(report.sc_time) == datetime(2026, 12, 2, 6, 40, tzinfo=timezone.utc).timestamp()


def _outbox(number: str, texts: list[str]) -> str:
    """An outbox file as gammu-smsd-inject writes it (MessageReference = 0 in each part)."""
    sections = [backup_part(number, text, unicode=False).replace("PDU = Deliver", "PDU = Submit")
                .replace("SMSBackup000", f"SMSBackup{i:03d}") + "MessageReference = 0\n\n" for i, text in enumerate(texts)]
    return "; This file format was designed for Gammu\n; Saved 20261202T063836\n\n" + "".join(sections)


def test_the_references_of_a_sent_file_are_read_as_smsd_142_and_later_write_them():
    one = add_sent_info(_outbox("+6281234567890", ["Halo"]), 42)
    assert gammu_files.sent_references(one) == {42}
    two = add_sent_info(add_sent_info(_outbox("+6281234567890", ["part one ", "part two"]), 7), 8)
    assert two.count("MessageReference") == 4  # 1.42: the newest first, then the outbox's zeros
    assert gammu_files.sent_references(two) == {7, 8}
    fixed = _outbox("+6281234567890", ["a", "b"]).replace("MessageReference = 0", "MessageReference = 9", 1)
    assert gammu_files.sent_references(fixed.replace("MessageReference = 0", "MessageReference = 10", 1)) == {9, 10}
    assert gammu_files.sent_references(_outbox("+6281234567890", ["x"])) == {0}  # TP-MR 0 is a reference too


PHONE = "+6281234567890"


def _sent(settings, phone: str, references: list[int], *, age: float = 30, status: str = "sent",
          name: str | None = None) -> int:
    """An outbound row of the modem and its file in SMSD's sent folder, ``age`` seconds old."""
    name = name or f"OUTC20261202_101500_00_{phone}_sms{secrets.token_hex(3)}.smsbackup"
    text = _outbox(phone, [f"bagian {i}" for i in range(len(references))])
    for reference in references:
        text = add_sent_info(text, reference)
    path = gammu.folder(settings) / "sent" / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (time.time() - age, time.time() - age))
    db = store.open_db(settings.db_path)
    return store.log_message(db, "out", "sms", phone, "balasan", message_sid="gammu:" + name, status=status,
                             provider="gammu")


def _report(settings, phone: str, word: str, reference: int, *, sc_age: float = 31, serial: int = 0) -> Path:
    """A report as SMSD stores it in its inbox (named like a message from ``phone``)."""
    when = datetime.now(timezone.utc) - timedelta(seconds=sc_age)
    path = inbox_of(settings) / f"IN{when:%Y%m%d_%H%M%S}_{serial:02d}_{phone}_00.txt"
    path.write_text(report_part(phone, word, reference, when=when), encoding="utf-8")
    return path


def _status(settings, message_id: int) -> tuple[str, str | None]:
    row = store.open_db(settings.db_path)["messages"].get(message_id)
    return row["status"], row["error"]


def _kept(settings) -> list[dict]:
    return list(store.open_db(settings.db_path)["delivery_reports"].rows_where(order_by="id"))


@pytest.mark.parametrize("word, reference, status, error, matched", [
    ("Delivered", 42, "delivered", None, True),
    ("Failed", 42, "failed", "gammu: delivery report Failed", True),  # expired, refused: the SMSC gave up
    ("Pending", 42, "sent", None, True),  # the SMSC still tries
    ("Unknown", 42, "sent", None, True),
    ("Delivered", 43, "sent", None, False),  # another message's reference: matches nothing
])
def test_a_report_is_kept_and_maps_onto_its_message(gammu_settings, word, reference, status, error, matched):
    message = _sent(gammu_settings, PHONE, [42])
    path = _report(gammu_settings, PHONE, word, reference)
    assert gammu_hook.take_in(gammu_settings) == []  # no message of the inbox
    assert _status(gammu_settings, message) == (status, error)
    (kept,) = _kept(gammu_settings)
    assert (kept["word"], kept["reference"], kept["phone"], kept["message_id"]) == (
        word, reference, PHONE, message if matched else None)
    db = store.open_db(gammu_settings.db_path)
    assert db.execute("SELECT COUNT(*) FROM messages WHERE direction = 'in'").fetchone()[0] == 0
    path.write_text(backup_part(PHONE, "halo", unicode=False))  # a kept report's file is not read again
    assert gammu_hook.take_in(gammu_settings) == [] and len(_kept(gammu_settings)) == 1


def test_a_report_about_another_number_or_an_old_message_matches_nothing(gammu_settings):
    other = _sent(gammu_settings, "+6281299999999", [42])
    old = _sent(gammu_settings, PHONE, [42], age=gammu_reports.REPORT_MAX_AGE + 120)
    _report(gammu_settings, PHONE, "Delivered", 42)
    gammu_hook.take_in(gammu_settings)
    assert _status(gammu_settings, other)[0] == "sent" and _status(gammu_settings, old)[0] == "sent"
    assert [k["message_id"] for k in _kept(gammu_settings)] == [None]


def test_a_report_for_a_message_already_delivered_changes_nothing(gammu_settings):
    message = _sent(gammu_settings, PHONE, [42])
    _report(gammu_settings, PHONE, "Delivered", 42)
    gammu_hook.take_in(gammu_settings)
    _report(gammu_settings, PHONE, "Failed", 42, serial=1)  # a late, contradicting or repeated report
    _report(gammu_settings, PHONE, "Pending", 42, serial=2)
    gammu_hook.take_in(gammu_settings)
    assert _status(gammu_settings, message) == ("delivered", None)
    assert [(k["word"], k["message_id"]) for k in _kept(gammu_settings)] == [
        ("Delivered", message), ("Failed", message), ("Pending", message)]  # every report kept


def test_a_long_message_is_delivered_when_every_part_is_and_failed_when_one_fails(gammu_settings):
    long = _sent(gammu_settings, PHONE, [7, 8])
    other = _sent(gammu_settings, "+6281299999999", [9, 10])
    _report(gammu_settings, PHONE, "Delivered", 7)
    _report(gammu_settings, "+6281299999999", "Delivered", 9)
    gammu_hook.take_in(gammu_settings)
    assert _status(gammu_settings, long)[0] == "sent" and _status(gammu_settings, other)[0] == "sent"
    _report(gammu_settings, PHONE, "Delivered", 8, serial=1)
    _report(gammu_settings, "+6281299999999", "Failed", 10, serial=1)
    gammu_hook.take_in(gammu_settings)
    assert _status(gammu_settings, long) == ("delivered", None)
    assert _status(gammu_settings, other) == ("failed", "gammu: delivery report Failed")


def test_the_time_stamp_decides_between_two_messages_with_one_reference(gammu_settings):
    """TP-MR is one byte: after 256 parts it comes again. Both messages await a report; the one
    sent nearest the report's TP-SCTS (naive: WIB, as an Indonesian SMSC stamps it) is meant."""
    first = _sent(gammu_settings, PHONE, [42], age=3 * 3600)
    second = _sent(gammu_settings, PHONE, [42], age=60)
    sc = datetime.now(clock.WIB) - timedelta(hours=3)  # when the SMSC took the first one, WIB
    path = inbox_of(gammu_settings) / f"IN{sc:%Y%m%d_%H%M%S}_00_{PHONE}_00.txt"
    path.write_text(report_part(PHONE, "Failed", 42, when=sc, zone=""), encoding="utf-8")
    gammu_hook.take_in(gammu_settings)
    assert _status(gammu_settings, first)[0] == "failed" and _status(gammu_settings, second)[0] == "sent"
    _report(gammu_settings, PHONE, "Delivered", 42, sc_age=61, serial=1)
    gammu_hook.take_in(gammu_settings)
    assert _status(gammu_settings, second)[0] == "delivered" and _status(gammu_settings, first)[0] == "failed"


def test_a_report_stored_before_its_message_reached_sent_is_matched_by_the_sweep(gammu_settings):
    # a long message: its first part is reported while SMSD still sends the next (the file in outbox)
    name = f"OUTC20261202_101500_00_{PHONE}_sms0.smsbackup"
    db = store.open_db(gammu_settings.db_path)
    message = store.log_message(db, "out", "sms", PHONE, "balasan", message_sid="gammu:" + name, status="sent",
                                provider="gammu")
    _report(gammu_settings, PHONE, "Delivered", 42)
    gammu_hook.take_in(gammu_settings)
    assert [k["message_id"] for k in _kept(gammu_settings)] == [None] and _status(gammu_settings, message)[0] == "sent"
    path = gammu.folder(gammu_settings) / "sent" / name
    path.write_text(add_sent_info(_outbox(PHONE, ["balasan"]), 42), encoding="utf-8")
    assert gammu_hook.reconcile(gammu_settings).endswith("1 late reports matched")
    assert _status(gammu_settings, message)[0] == "delivered"
    assert gammu_hook.reconcile(gammu_settings).endswith("0 late reports matched")


def test_the_folder_poll_does_not_undo_what_a_report_said(gammu_settings):
    delivered = _sent(gammu_settings, PHONE, [42])
    failed = _sent(gammu_settings, "+6281299999999", [43])
    _report(gammu_settings, PHONE, "Delivered", 42)
    _report(gammu_settings, "+6281299999999", "Failed", 43)
    gammu_hook.take_in(gammu_settings)
    db = store.open_db(gammu_settings.db_path)
    assert gammu.poll_statuses(db, gammu_settings) == 0
    assert _status(gammu_settings, delivered)[0] == "delivered" and _status(gammu_settings, failed)[0] == "failed"


def test_a_villagers_sms_next_to_a_report_still_goes_to_the_bot(gammu_settings):
    """The report's file is named like an SMS from the villager it is about: only its content
    tells them apart. The SMS is answered; the report opens no conversation."""
    get_redis(gammu_settings.redis_url).flushdb()
    message = _sent(gammu_settings, PHONE, [42])
    when = datetime.now(timezone.utc) - timedelta(seconds=31)
    _report(gammu_settings, PHONE, "Delivered", 42)
    sms = inbox_of(gammu_settings) / f"IN{when:%Y%m%d_%H%M%S}_01_{PHONE}_00.txt"
    sms.write_text(backup_part(PHONE, "Delivered", unicode=False), encoding="utf-8")  # the villager's own word
    rows = gammu_hook.take_in(gammu_settings)
    db = store.open_db(gammu_settings.db_path)
    (row,) = [db["messages"].get(i) for i in rows]
    assert (row["phone"], row["body"], row["status"], row["message_sid"]) == (PHONE, "Delivered", "pending",
                                                                               "gammu:" + sms.stem)
    jobs = Queue("default", connection=get_redis(gammu_settings.redis_url)).jobs
    assert [(j.func_name, j.args) for j in jobs] == [(gammu_hook.ANSWER_JOB, (PHONE,))]  # once, for the SMS
    assert _status(gammu_settings, message)[0] == "delivered" and len(_kept(gammu_settings)) == 1
    assert gammu_hook.take_in(gammu_settings) == []


@pytest.mark.parametrize("reference, sc_time, stored, expected", [
    (42, None, 1000.0, 2),  # no time stamp: the newest sent before it
    (42, 100.0, 1000.0, 1),  # the one sent nearest the SMSC's time stamp
    (7, None, 1000.0, None),  # no message holds that reference
    (None, None, 1000.0, None),
    (42, None, 1000.0 - gammu_reports.SEND_SKEW - 200, 1),  # the second was sent long after it
])
def test_pick_chooses_the_message_a_report_is_about(reference, sc_time, stored, expected):
    sent = [gammu_reports.Sent(1, "sent", frozenset({42}), 90.0),
            gammu_reports.Sent(2, "sent", frozenset({41, 42}), 900.0)]
    found = gammu_reports.pick(reference, sc_time, stored, sent)
    assert (found.message_id if found else None) == expected
