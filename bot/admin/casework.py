"""What an officer does on a case page: status, assignment, internal notes, replies to the
villager (with a short claim lock so two officers do not answer at once) and closing a
handover. Each change goes through ``bot.core.workflow`` (the one place that tells the
villager, through the outbound queue) and into the audit log. The villager's own words are
never editable: nothing here writes to a message or to the case's data."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for

from bot.admin import bp, scope
from bot.admin.auth import client
from bot.admin.cases import CLAIM_SECONDS, case_page, claim_holder, claim_key, console_officer
from bot.admin.ui import mask_text, me
from bot.core import access, escalation, sms, store, workflow
from bot.core.kinds import STATUS_WORD
from bot.core.phones import mask
from bot.core.redis_client import get_redis
from bot.core.store import audit, users
from bot.db import get_db

MAX_NOTE = 1000
MAX_REPLY = 600
HANDOVER_CLOSED = "Percakapan dengan petugas selesai. Ketik MENU untuk layanan lain."


def _back(ref: str):
    return redirect(url_for("admin.case_page", ref=ref))


def _refuse(ref: str, message: str, code: int):
    """The case page again with ``message``, answered with the 4xx ``code``."""
    flash(message, "error")
    return case_page(ref), code


def _text(field: str, limit: int) -> str:
    text = (request.form.get(field) or "").strip()
    if len(text) > limit:
        abort(400, description=f"Teks terlalu panjang (maksimal {limit} karakter).")
    return text


def _record(action: str, case: dict, before=None, after=None) -> None:
    audit.record(get_db(), action, actor=me(), object_type="case", object_id=case["ref"], before=before,
                 after=after, **client())


@bp.post("/cases/<ref>/status")
def case_status(ref: str):
    db = get_db()
    user = me()
    case, _level = scope.case_or_404(db, user, ref, access.UPDATE)
    status = request.form.get("status", "")
    note = _text("note", MAX_NOTE)
    if status not in ("in_progress", "done", "rejected"):
        abort(400, description="Status tidak dikenal.")
    if not workflow.is_open(case):
        return _refuse(case["ref"], "Kasus ini sudah ditutup.", 409)
    officer = console_officer(user)
    if not workflow.leads(officer, case):
        abort(403, description="Status kasus darurat diubah oleh bidan/puskesmas.")
    before = {"status": case["status"]}
    if status == "in_progress":
        if case["status"] != "new":
            flash("Kasus sudah diproses.", "info")
            return _back(case["ref"])
        case = workflow.accept(db, case, officer, note)  # "Catatan untuk warga" goes to the villager (F1)
        escalation.tell_linked(db, case, officer)
    else:
        if not note:
            return _refuse(case["ref"], "Tulis catatan atau alasan untuk warga.", 400)
        case = workflow.close(db, case, officer, status, note)
    _record("status", case, before, {"status": case["status"], "note": mask_text(note)[:300] if note else None})
    told = workflow.villager_told(db, case)
    flash(f"Status {case['ref']}: {STATUS_WORD[case['status']]}. {told}", "ok")
    return _back(case["ref"])


@bp.post("/cases/<ref>/assign")
def case_assign(ref: str):
    db = get_db()
    user = me()
    case, _level = scope.case_or_404(db, user, ref, access.UPDATE)
    username = (request.form.get("username") or "").strip()
    assignee = None
    if username:
        assignee = users.get_user_by_username(db, username)
        if not assignee or not assignee["active"] or access.case_level(assignee, case) != access.UPDATE:
            abort(400, description="Petugas itu tidak dapat menangani kasus ini.")
    if (assignee or {}).get("username") == case.get("assignee"):
        return _back(case["ref"])
    before = {"assignee": case.get("assignee")}
    case = workflow.assign(db, case, console_officer(user), assignee)
    _record("assign", case, before, {"assignee": case.get("assignee")})
    flash(f"{case['ref']} ditangani {assignee['name']}." if assignee else f"{case['ref']} belum ditugaskan.", "ok")
    return _back(case["ref"])


@bp.post("/cases/<ref>/note")
def case_note(ref: str):
    db = get_db()
    user = me()
    case, _level = scope.case_or_404(db, user, ref, access.UPDATE)
    note = _text("note", MAX_NOTE)
    if not note:
        return _refuse(case["ref"], "Catatan kosong.", 400)
    store.add_case_event(db, case["ref"], console_officer(user)["actor"], "catatan", note)
    _record("note", case, after={"chars": len(note)})
    flash("Catatan internal disimpan.", "ok")
    return _back(case["ref"])


def _redis():
    return get_redis(current_app.config["SETTINGS"].redis_url)


def take_claim(ref: str, user: dict) -> dict | None:
    """Claim the case's contact for ``CLAIM_SECONDS``: None when it is now ours, else the holder."""
    r = _redis()
    value = f"{user['id']}|{user.get('name') or user['username']}"
    if r.set(claim_key(ref), value, nx=True, ex=CLAIM_SECONDS):
        return None
    holder = claim_holder(ref)
    if holder is None or holder["id"] == user["id"]:
        r.set(claim_key(ref), value, ex=CLAIM_SECONDS)
        return None
    return holder


@bp.post("/cases/<ref>/claim")
def case_claim(ref: str):
    db = get_db()
    case, _level = scope.case_or_404(db, me(), ref, access.UPDATE)
    holder = take_claim(case["ref"], me())
    if holder:
        return _refuse(case["ref"], f"Sedang dijawab oleh {holder['name']}.", 409)
    flash(f"Anda menjawab warga ini selama {CLAIM_SECONDS // 60} menit ke depan.", "ok")
    return _back(case["ref"])


@bp.post("/cases/<ref>/release")
def case_release(ref: str):
    db = get_db()
    case, _level = scope.case_or_404(db, me(), ref, access.UPDATE)
    holder = claim_holder(case["ref"])
    if holder and holder["id"] == me()["id"]:
        _redis().delete(claim_key(case["ref"]))
    return _back(case["ref"])


@bp.post("/cases/<ref>/reply")
def case_reply(ref: str):
    db = get_db()
    user = me()
    case, _level = scope.case_or_404(db, user, ref, access.UPDATE)
    text = _text("text", MAX_REPLY)
    if not text:
        return _refuse(case["ref"], "Balasan kosong.", 400)
    holder = take_claim(case["ref"], user)
    if holder:
        return _refuse(case["ref"], f"Belum terkirim: warga ini sedang dijawab oleh {holder['name']}.", 409)
    officer = console_officer(user)
    case = workflow.reply(db, case, officer, text)
    # what is sent, the prefix included (console round, F4: 147 characters shown as 1 SMS went as 2)
    segments = sms.info(sms.fit(workflow.reply_prefix(case, officer) + text, case.get("channel") or "sms")).segments
    _record("reply", case, after={"text": mask_text(text)[:300], "channel": case.get("channel"),
                                  "segments": segments, "to": mask(case["phone"])})
    flash(f"Balasan masuk antrean kirim ({segments} SMS). {workflow.villager_told(db, case)}", "ok")
    return _back(case["ref"])


@bp.post("/cases/<ref>/handover/close")
def handover_close(ref: str):
    """The officer ends the handover: the case is done and the bot answers the contact again."""
    db = get_db()
    user = me()
    case, _level = scope.case_or_404(db, user, ref, access.UPDATE)
    if case["kind"] != "handover":
        abort(400, description="Bukan kasus minta petugas.")
    if not workflow.is_open(case):
        flash("Percakapan ini sudah diakhiri.", "info")
        return _back(case["ref"])
    note = _text("note", MAX_NOTE) or HANDOVER_CLOSED
    before = {"status": case["status"], "paused_for": (store.get_contact(db, case["phone"]) or {}).get("paused_for")}
    case = workflow.close(db, case, console_officer(user), "done", note)
    _redis().delete(claim_key(case["ref"]))
    after = {"status": case["status"], "paused_for": (store.get_contact(db, case["phone"]) or {}).get("paused_for")}
    _record("handover_closed", case, before, after)
    flash("Percakapan diakhiri; bot kembali menjawab warga ini.", "ok")
    return _back(case["ref"])
