"""The case queue (folders, filters, urgent first), the case page and the cases CSV."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from functools import lru_cache

import redis
from flask import Response, current_app, jsonify, render_template, request

from bot.admin import bp, scope
from bot.admin.auth import client
from bot.admin.canned import CANNED_REPLIES
from bot.admin.ui import mask_text, me, to_dt, wib
from bot.core import access, clock, phones, sms, store, workflow
from bot.core.kinds import KINDS, OPEN_STATUSES, STATUS_WORD
from bot.core.redis_client import get_redis
from bot.core.settings import KSPR_CSV
from bot.core.store import audit, users
from bot.db import get_db

# An open case older than this is marked overdue (hours).
DUE_HOURS = {"emergency": 1, "handover": 4, "transport": 24, "pregnancy": 72, "complaint": 72, "document": 120,
             "rantang_kasih": 168}
KRST_DUE_HOURS = 24
STATUS_FILTERS = {"open": OPEN_STATUSES, "all": None, **{s: (s,) for s in STATUS_WORD}}
AGE_FILTERS = {"1": 1, "3": 3, "7": 7, "30": 30}
CLAIM_SECONDS = 180
PAGE = 200


def is_krst(case: dict) -> bool:
    return case["kind"] in ("pregnancy", "emergency") and (case.get("data") or {}).get("risk_level") == "KRST"


def overdue(case: dict) -> bool:
    if case["status"] not in OPEN_STATUSES:
        return False
    hours = KRST_DUE_HOURS if is_krst(case) and case["kind"] == "pregnancy" else DUE_HOURS.get(case["kind"], 72)
    created = to_dt(case["created_at"])
    return created is not None and clock.now() - created > timedelta(hours=hours)


def urgency(case: dict) -> int:
    """0 an open emergency, 1 an open KRST pregnancy, 2 any other open case, 3 a closed one."""
    if case["status"] not in OPEN_STATUSES:
        return 3
    if case["kind"] == "emergency":
        return 0
    return 1 if is_krst(case) else 2


def queue_order(case: dict):
    created = to_dt(case["created_at"])
    return (urgency(case), not overdue(case), created.timestamp() if created else 0)


def filtered(db, user: dict, args) -> tuple[list[dict], dict]:
    """The user's cases after the folder and filters in ``args``, urgent first; and the filters."""
    folder = args.get("folder", "all")
    status = args.get("status", "open")
    village = (args.get("village") or "").strip()
    age = args.get("age", "")
    rows = []
    for case, level in scope.visible_cases(db, user):
        if folder == "mine" and case.get("assignee") != user["username"]:
            continue
        if folder == "unassigned" and case.get("assignee"):
            continue
        if folder.startswith("kind:") and case["kind"] != folder[5:]:
            continue
        if STATUS_FILTERS.get(status) and case["status"] not in STATUS_FILTERS[status]:
            continue
        if village and (case.get("village") or "").lower() != village.lower():
            continue
        if age in AGE_FILTERS:
            created = to_dt(case["created_at"])
            if created is None or clock.now() - created < timedelta(days=AGE_FILTERS[age]):
                continue
        rows.append({**case, "level": level, "overdue": overdue(case), "urgency": urgency(case)})
    rows.sort(key=queue_order)
    return rows, {"folder": folder, "status": status, "village": village, "age": age}


@bp.get("/cases")
def cases():
    db = get_db()
    user = me()
    rows, filters = filtered(db, user, request.args)
    villages = sorted({c.get("village") for c, _ in scope.visible_cases(db, user) if c.get("village")})
    counts = {"mine": 0, "unassigned": 0}
    for case, _level in scope.visible_cases(db, user):
        if case["status"] in OPEN_STATUSES:
            counts["mine"] += case.get("assignee") == user["username"]
            counts["unassigned"] += not case.get("assignee")
    kinds = [k for k in KINDS if access.ROLE_KINDS.get(user["role"]) is None or k in access.ROLE_KINDS[user["role"]]]
    return render_template("admin/cases.html", cases=rows[:PAGE], total=len(rows), filters=filters,
                           villages=villages, counts=counts, kinds=kinds, status_filters=STATUS_FILTERS,
                           age_filters=AGE_FILTERS)


@lru_cache(maxsize=1)
def kspr_wordings() -> dict[str, tuple[str, int]]:
    with open(KSPR_CSV, newline="", encoding="utf-8") as fh:
        return {row["factor_id"]: (row["wording_id"], int(row["score"])) for row in csv.DictReader(fh)}


def kspr_panel(case: dict) -> dict | None:
    data = case.get("data") or {}
    if case["kind"] not in ("pregnancy", "emergency") or not (data.get("risk_level") or data.get("kspr_score")):
        return None
    table = kspr_wordings()
    factors = [(table.get(f, (f.replace("_", " "), None))) for f in data.get("factors") or []]
    return {"risk_level": data.get("risk_level"), "score": data.get("kspr_score"), "factors": factors,
            "basis": data.get("kspr_basis")}


def claim_key(ref: str) -> str:
    return f"sk:console:claim:{ref}"


def claim_holder(ref: str) -> dict | None:
    """Who is answering the case's contact now: {"id", "name"} or None (also while Redis is
    down: the case page still shows; a reply then says the queue is down)."""
    try:
        raw = get_redis(current_app.config["SETTINGS"].redis_url).get(claim_key(ref))
    except redis.RedisError:
        return None
    if not raw:
        return None
    user_id, _, name = raw.decode().partition("|")
    return {"id": int(user_id), "name": name}


DATA_WORDS = {"document_type": "Jenis dokumen", "applicant_name": "Nama pemohon", "nik": "NIK",
              "mother_name": "Nama ibu", "age": "Umur", "gestation_weeks": "Usia kehamilan (minggu)",
              "due_date": "Perkiraan lahir", "pregnancy_number": "Kehamilan ke", "children": "Jumlah anak",
              "reporter": "Pelapor", "contact_phone": "Telepon kontak", "dusun": "Dusun", "category": "Kategori",
              "summary": "Ringkasan", "description": "Uraian", "signs": "Tanda bahaya", "pickup": "Jemput di",
              "destination": "Tujuan", "date": "Tanggal", "name": "Nama", "address": "Alamat",
              # the keys staff met raw on case pages (console round, F11)
              "reporter_named": "Pelapor boleh disebut", "reporter_name": "Nama pelapor", "blood_pressure": "Tekanan darah", "subject_name": "Untuk (anak/almarhum)", "reporter_note": "Catatan pelapor", "gestation": "Usia kehamilan", "history": "Riwayat/faktor risiko", "first_message": "Pesan awal warga",
              "also_asked": "Juga ditulis warga", "photos": "Foto", "location": "Lokasi", "pickup_at": "Waktu jemput",
              "reminder_at": "Pengingat", "routed_to": "Diteruskan ke", "danger_signs": "Tanda bahaya",
              "safety_worry": "Kekhawatiran pelapor", "target": "Sasaran aduan", "variant": "Jenis permohonan",
              "lives_alone": "Tinggal sendiri", "caregiver": "Yang merawat", "caregiver_note": "Catatan yang menengok", "purpose": "Keperluan", "health": "Kondisi", "poor": "Kurang mampu",
              "bedridden": "Hanya berbaring", "factors_unknown": "Faktor belum diketahui", "nik_unknown": "NIK belum tahu",
              "escalation_level": "Tingkat eskalasi", "ack_due": "Batas tanggapan", "screening": "Pemeriksaan",
              "screening_notes": "Catatan pemeriksaan", "rumah_singgah_requested": "Minta rumah singgah",
              "pickup_text": "Waktu jemput (kata warga)", "reason": "Alasan", "reasons": "Alasan",
              "catalogue_entry": "Dasar persyaratan", "catalogue_verified": "Persyaratan diperiksa"}
HIDDEN_DATA = {"risk_level", "kspr_score", "factors", "kspr_basis", "excluded_roles"}
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def data_rows(case: dict, show_whole: bool) -> list[tuple[str, str]]:
    """The case's data as (label, value) rows; NIKs and phones masked unless ``show_whole``."""
    out = []
    for key, value in (case.get("data") or {}).items():
        if key in HIDDEN_DATA or value in (None, "", [], {}):
            continue
        if isinstance(value, bool):
            value = "ya" if value else "tidak"
        elif isinstance(value, str) and _ISO_TIME.match(value):
            value = wib(value)  # times to people in WIB, as everywhere in the console
        elif isinstance(value, dict) and {"latitude", "longitude"} <= set(value):
            value = f"https://maps.google.com/?q={value['latitude']},{value['longitude']}"
        elif isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        text = str(value)
        out.append((DATA_WORDS.get(key, key.replace("_", " ").capitalize()), text if show_whole else mask_text(text)))
    return out


@bp.get("/cases/<ref>")
def case_page(ref: str):
    db = get_db()
    user = me()
    case, level = scope.case_or_404(db, user, ref)
    events = store.case_events(db, case["ref"])
    notes = [e for e in events if e["event"] == "catatan"]
    history = [e for e in events if e["event"] != "catatan"]
    show_whole = level == access.UPDATE  # the whole number and NIK only to those who work the case
    hidden = access.identity_hidden(user, case)  # an unnamed complainant: no number, replies still go
    colleagues = [u for u in users.list_users(db) if u["active"] and access.case_level(u, case) == access.UPDATE]
    windows = access.message_windows(user, store.list_cases(db, phone=case["phone"]))
    messages = [m for m in store.messages_for(db, case["phone"], limit=40) if access.message_readable(windows, m)][:10]
    officer = console_officer(user)
    prefix = workflow.reply_prefix(case, officer)  # counted with the words: it is sent with them
    canned = [(text, sms.info(sms.fit(prefix + text, case.get("channel") or "sms")).segments) for text in CANNED_REPLIES]
    return render_template(
        "admin/case.html", case=case, level=level, history=history, notes=notes, kspr=kspr_panel(case),
        data_rows=data_rows(case, show_whole), hidden=hidden,
        phone=case["phone"] if show_whole and not hidden else phones.mask(case["phone"]),
        colleagues=colleagues, messages=messages, claim=claim_holder(case["ref"]), canned=canned,
        leads=workflow.leads(officer, case), is_open=workflow.is_open(case), reply_prefix=prefix,
        opted_out=store.is_opted_out(db, case["phone"]), contact_link=messages[0]["id"] if messages else None,
        gsm7_basic=sms.GSM7_BASIC.replace("\x1b", ""), gsm7_extended=sms.GSM7_EXTENDED)


def console_officer(user: dict) -> dict:
    """The user as ``bot.core.workflow`` names an officer: role, a phone-like id, name, actor."""
    return {"role": user["role"], "phone": f"console:{user['username']}", "name": user.get("name") or user["username"],
            "actor": f"console:{user['username']}"}


CSV_COLUMNS = ("ref", "kind", "status", "village", "district", "channel", "phone", "assignee", "risk_level",
               "kspr_score", "document_type", "created_at", "updated_at")


@bp.get("/cases.csv")
def cases_csv():
    """One row per case the user may read, with the queue's filters; phones masked unless an
    admin asks for them whole (``?whole=1``, in the audit log)."""
    db = get_db()
    user = me()
    whole = request.args.get("whole") == "1" and user["role"] == "admin"
    rows, filters = filtered(db, user, request.args)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for case in rows:
        data = case.get("data") or {}
        writer.writerow([case["ref"], case["kind"], case["status"], case.get("village") or "",
                         case.get("district") or "", case.get("channel") or "",
                         case["phone"] if whole else phones.mask(case["phone"]), case.get("assignee") or "",
                         data.get("risk_level") or "", data.get("kspr_score") or "", data.get("document_type") or "",
                         case["created_at"], case["updated_at"]])
    audit.record(db, "export", actor=user, object_type="cases", object_id="cases.csv",
                 after={"rows": len(rows), "filters": filters, "whole_phones": whole}, **client())
    name = f"kasus-{clock.today().isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})



@bp.get("/api/cases")
def cases_json():
    """The user's cases as JSON (CONTRACT.md section 4's objects, through the same rule and
    filters as the queue). A bulk export like the CSV: phones and NIKs masked unless an admin
    asks for them whole (``?whole=1``), and recorded in the audit log."""
    db = get_db()
    user = me()
    whole = request.args.get("whole") == "1" and user["role"] == "admin"
    rows, filters = filtered(db, user, request.args)
    out = []
    for case in rows:
        item = store.export_case(case)
        if not whole:
            item["phone"] = phones.mask(item["phone"])
            item["data"] = {k: mask_text(v) if isinstance(v, str) else v for k, v in item["data"].items()}
        out.append({**item, "assignee": case.get("assignee"), "access": case["level"]})
    audit.record(db, "export", actor=user, object_type="cases", object_id="api/cases",
                 after={"rows": len(rows), "filters": filters, "whole_phones": whole}, **client())
    return jsonify(out)
