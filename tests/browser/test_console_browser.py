"""The admin console in headless Chromium: log in, find a conversation by a word, open the
case, work it to done and see the villager's notice in the fake Twilio's record; answer a
handover (live SMS count, canned reply, claim) and give the contact back to the bot;
correct an intent; a midwife sees only her area. Screenshots of the main pages go to
docs/screenshots/ (shown in the README)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bot.core import sms, store
from bot.core.store import audit, review, users
from tests.browser.conftest import sign_in

VILLAGER = "+6281377700011"  # Jambewangi, a complaint
MOTHER = "+6281377700012"  # Jambewangi, a handover over WhatsApp
SARONGAN = "+6281377700013"  # Sarongan, a pregnancy


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "id-ID",
            "timezone_id": "Asia/Jakarta"}


@pytest.fixture(scope="module")
def seeded(console):
    db = console.db()
    try:
        adu = store.create_case(db, "complaint", VILLAGER, "sms", village="Jambewangi", district="Sempu",
                                data={"category": "jalan_fasilitas", "summary": "Jembatan bambu di dusun Krajan putus"})
        store.upsert_contact(db, VILLAGER, channel="sms", village="Jambewangi", district="Sempu")
        for direction, body, intent, confidence in (
                ("in", "Pak, jembatan bambu di dusun Krajan putus, anak-anak tidak bisa sekolah", "file_complaint",
                 0.93),
                ("out", f"Pengaduan Bapak/Ibu sudah dicatat dengan nomor {adu['ref']}.", None, None),
                ("in", "terus kapan dibenerin", "nlu_fallback", 0.34)):
            mid = store.log_message(db, direction, "sms", VILLAGER, body, status="processed" if direction == "in"
                                    else "sent", case_ref=adu["ref"] if direction == "out" else None)
            if intent:
                store.update_message(db, mid, intent=intent, confidence=confidence)
                review.consider(db, mid, intent, confidence)
        opr = store.create_case(db, "handover", MOTHER, "whatsapp", village="Jambewangi", district="Sempu",
                                data={"summary": "ingin bicara dengan petugas"})
        store.upsert_contact(db, MOTHER, channel="whatsapp", village="Jambewangi", district="Sempu",
                             paused_for=opr["ref"])
        hml = store.create_case(db, "pregnancy", SARONGAN, "sms", village="Sarongan", district="Pesanggaran",
                                data={"risk_level": "KRST", "kspr_score": 14, "mother_name": "Ibu Sari",
                                      "factors": ["terlalu_muda", "pernah_operasi_sesar", "letak_sungsang"]})
        store.log_message(db, "in", "sms", SARONGAN, "istri saya hamil 7 bulan, dulu pernah operasi sesar")
        return {"adu": adu["ref"], "opr": opr["ref"], "hml": hml["ref"]}
    finally:
        db.close()


def test_officer_finds_a_message_and_works_the_case_to_done(page, console, seeded, shot):
    page.goto(f"{console.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    expect(page.locator("h1")).to_have_text("Masuk ke konsol")
    shot(page, "login")
    sign_in(page, console, "op_jambewangi")
    expect(page.locator("table.list")).to_contain_text(seeded["adu"])
    expect(page.locator("table.list")).not_to_contain_text(seeded["hml"])  # Sarongan is not hers
    shot(page, "cases")

    page.click("text=Cari pesan")
    page.fill("#search-q", "jembatan")
    page.press("#search-q", "Enter")
    results = page.locator("#results")
    expect(results).to_contain_text("jembatan bambu di dusun Krajan putus")
    expect(results).to_contain_text("+62813****0011")
    shot(page, "search")

    results.locator("a", has_text="+62813****0011").first.click()
    expect(page.locator("ol.timeline")).to_contain_text("file_complaint · yakin 93%")
    expect(page.locator("ol.timeline li.doubt")).to_contain_text("terus kapan dibenerin")
    shot(page, "conversation")

    page.click(f"a:text('{seeded['adu']}')")
    expect(page.locator("h1")).to_contain_text(seeded["adu"])
    page.select_option("#status-select", "in_progress")
    page.click("text=Simpan status")
    expect(page.locator(".flash.ok")).to_contain_text("diproses")
    page.select_option("#status-select", "done")
    page.fill("#status-form textarea[name=note]", "Jembatan sudah diperbaiki warga bersama perangkat desa.")
    page.click("text=Simpan status")
    expect(page.locator(".flash.ok")).to_contain_text("selesai")
    expect(page.locator("h1 .status")).to_have_text("selesai")
    shot(page, "case")

    notice = console.wait_outbox(VILLAGER, "sudah selesai")
    assert "Jembatan sudah diperbaiki" in notice["body"] and notice["channel"] == "sms"
    console.wait_outbox(VILLAGER, "sudah diterima Operator Jambewangi")
    db = console.db()
    try:
        assert store.get_case(db, seeded["adu"])["status"] == "done"
        assert [r["action"] for r in audit.entries(db, actor="op_jambewangi")][:3] == ["status", "status", "login"]
    finally:
        db.close()


def test_officer_answers_a_handover_and_gives_the_contact_back(page, console, seeded, shot):
    forwarded = console.villager_writes(MOTHER, "Bu bidan, anak saya demam tinggi sejak semalam", whatsapp=True)
    assert forwarded and seeded["opr"] in forwarded[0]
    sign_in(page, console, "op_jambewangi")
    page.goto(f"{console.url}/admin/cases/{seeded['opr']}")
    expect(page.locator("ol.events").first).to_contain_text("anak saya demam tinggi")
    page.click("text=Saya yang menjawab")
    expect(page.locator("#reply")).to_contain_text("Anda sedang menjawab warga ini")

    count = page.locator("#reply-count")
    # the count is of what is sent: "OPR-0001 dari <officer>: " and the words (console round, F4)
    prefix = page.locator("#reply-text").get_attribute("data-prefix")
    assert prefix.startswith(f"{seeded['opr']} dari ")

    def shown(text: str) -> str:
        return f"{len(text)} karakter · {sms.info(prefix + text).segments} SMS"

    expect(count).to_have_text(shown(""))
    page.locator(".canned-reply").nth(2).click()
    expect(page.locator("#reply-text")).to_have_value("Petugas akan menghubungi Bapak/Ibu lewat telepon hari ini.")
    expect(count).to_have_text(shown("Petugas akan menghubungi Bapak/Ibu lewat telepon hari ini."))
    page.fill("#reply-text", "a" * 130)  # alone one SMS, with the prefix two
    assert sms.info("a" * 130).segments == 1
    expect(count).to_have_text("130 karakter · 2 SMS")
    for text in ("€" * 60, "€" * 81, "[ok] " * 30):  # extension characters cost two, as bot/core/sms.py counts
        page.fill("#reply-text", text)
        expect(count).to_have_text(f"{len(text)} karakter · {sms.info(prefix + text).segments} SMS")
    page.fill("#reply-text", "Baik Bu 🙏 " + "b" * 70)
    expect(count).to_contain_text("2 SMS")
    expect(count).to_contain_text("UCS-2")
    page.fill("#reply-text", "Bidan desa akan datang jam 10 pagi ini. Kompres dengan air hangat dulu ya Bu.")
    expect(count).to_have_text(shown("Bidan desa akan datang jam 10 pagi ini. Kompres dengan air hangat dulu ya Bu."))
    shot(page, "handover")
    page.click("text=Kirim balasan")
    expect(page.locator(".flash.ok")).to_contain_text("antrean kirim (1 SMS)")
    sent = console.wait_outbox(MOTHER, "Bidan desa akan datang jam 10")
    assert sent["channel"] == "whatsapp" and sent["body"].startswith(f"{seeded['opr']} dari Operator Jambewangi")

    page.click("text=Akhiri percakapan")
    expect(page.locator(".flash.ok")).to_contain_text("bot kembali menjawab")
    console.wait_outbox(MOTHER, "Ketik MENU")
    db = console.db()
    try:
        assert store.get_contact(db, MOTHER)["paused_for"] is None
        assert store.get_case(db, seeded["opr"])["status"] == "done"
    finally:
        db.close()


def test_admin_corrects_an_intent_and_reads_overview_and_audit(page, console, seeded, shot):
    sign_in(page, console, "admin")
    page.click("text=Ajari bot")
    row = page.locator("tr", has_text="terus kapan dibenerin")
    expect(row).to_contain_text("nlu_fallback")
    row.locator("select[name=intent]").select_option("check_status")
    shot(page, "teach")
    row.locator("button[value=correct]").click()
    expect(page.locator(".flash.ok")).to_contain_text("intent check_status")
    db = console.db()
    try:
        reviewed = next(r for r in review.list_reviews(db) if r["text"] == "terus kapan dibenerin")
        assert reviewed["status"] == "reviewed" and reviewed["corrected_intent"] == "check_status"
        assert reviewed["reviewed_by"] == "admin"
    finally:
        db.close()
    page.click("text=Ekspor contoh ke data/nlu")  # runs `flask nlu export`
    expect(page.locator(".flash.ok")).to_contain_text("Ekspor selesai. 1 contoh ditulis")
    written = console.settings.nlu_export_out.read_text(encoding="utf-8")
    assert "intent: check_status" in written and "terus kapan dibenerin" in written

    page.click("text=Ringkasan")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    shot(page, "overview")
    page.locator("svg a", has_text="Ibu hamil").click()
    expect(page).to_have_url(re.compile(r"folder=kind%3Apregnancy"))
    expect(page.locator("table.list")).to_contain_text(seeded["hml"])
    expect(page.locator("table.list tbody tr")).to_have_count(1)

    page.click(f"a:text('{seeded['hml']}')")
    expect(page.locator(".kspr")).to_contain_text("Skor 14")
    expect(page.locator(".kspr")).to_contain_text("KRST")
    shot(page, "case-pregnancy")

    page.click("text=Jejak audit")
    expect(page.locator("table.list")).to_contain_text("login")
    expect(page.locator("table.list")).to_contain_text("nlu_review")
    shot(page, "audit")


def test_a_midwife_sees_only_her_area(page, console, seeded):
    sign_in(page, console, "bidan_sarongan")
    expect(page.locator("table.list")).to_contain_text(seeded["hml"])
    expect(page.locator("table.list")).not_to_contain_text(seeded["adu"])
    response = page.goto(f"{console.url}/admin/cases/{seeded['adu']}")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Jembatan")
    page.goto(f"{console.url}/admin/messages?q=jembatan")
    expect(page.locator("#results")).to_contain_text("Tidak ada pesan yang cocok")


def test_admin_creates_an_account_that_signs_in_and_sees_its_desa(browser, console, seeded, shot):
    """At a desk: the regency admin opens Akun, makes an account for a new village operator
    (a desa name in any case), and the operator signs in on her own browser."""
    admin = browser.new_page()
    sign_in(admin, console, "admin")
    admin.click("text=Akun")
    admin.wait_for_url(re.compile(r"/admin/users$"))
    admin.fill("input[name=username]", "op_baru")
    admin.fill("input[name=name]", "Operator Baru Jambewangi")
    admin.select_option("select[name=role]", "operator")
    admin.fill("input[name=village]", "jambewangi")
    admin.fill("input[name=password]", "Sandi-Baru-2026")
    admin.fill("input[name=password2]", "Sandi-Baru-2026")
    admin.click("button:has-text('Buat akun')")
    expect(admin.locator("body")).to_contain_text("op_baru")
    shot(admin, "console_users")
    db = console.db()
    try:
        made = users.get_user_by_username(db, "op_baru")
        assert (made["role"], made["village"], made["district"]) == ("operator", "Jambewangi", "Sempu")
        assert audit.entries(db, action="user_created")[0]["actor"] == "admin"  # newest first; the others: the CLI
    finally:
        db.close()
    operator = browser.new_page()
    sign_in(operator, console, "op_baru", "Sandi-Baru-2026")
    # every status: an earlier test in this module closed the complaint
    operator.goto(f"{console.url}/admin/cases?folder=all&status=all")
    expect(operator.locator("body")).to_contain_text(seeded["adu"])  # her desa's complaint
    expect(operator.locator("body")).not_to_contain_text(seeded["hml"])  # not Sarongan's pregnancy
    assert operator.goto(f"{console.url}/admin/users").status == 403
