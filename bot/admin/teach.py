"""Teach the model: the inbox of messages the model was unsure of (``nlu_review``), where
staff confirm or correct the intent, mark entities, or flag a message; the export button
runs ``flask nlu export`` (reviewed rows -> a Rasa NLU file under data/nlu/).

A row is shown to whoever may read its contact's conversation (``access.contact_level``)
and reviewed by whoever may update it."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from flask import abort, flash, redirect, render_template, request, url_for

from bot.admin import bp, scope
from bot.admin.auth import client
from bot.admin.data import nlu_export_command, run_nlu_export
from bot.admin.ui import me, require_admin
from bot.core import access
from bot.core.settings import DOMAIN_DIR
from bot.core.store import audit, review
from bot.db import get_db

ENTITY_NAMES = ("document_type", "village", "district")
_PAIR = re.compile(r"^\s*([a-z_]+)\s*[:=]\s*(.+?)\s*$")


@lru_cache(maxsize=1)
def known_intents(domain_dir: Path = DOMAIN_DIR) -> tuple[str, ...]:
    """The intents of the domain (CONTRACT.md section 3 and the bot's own)."""
    found: list[str] = []
    for path in sorted(Path(domain_dir).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("intents") or []:
            name = item if isinstance(item, str) else next(iter(item), None)
            if name and name not in found:
                found.append(name)
    return tuple(sorted(found))


DOCUMENT_TYPES = ("ktp", "kk", "akta_kelahiran", "akta_kematian", "kia", "sktm", "surat_domisili",
                  "surat_keterangan_usaha", "surat_pindah", "surat_pengantar_nikah")  # CONTRACT.md section 3


def entity_value(entity: str, value: str) -> str | None:
    """The normalised value of an entity (CONTRACT.md section 3), or None when it is not one."""
    from nlu import places

    key = " ".join(value.lower().split())
    if entity == "document_type":
        key = key.replace(" ", "_")
        return key if key in DOCUMENT_TYPES else None
    pool = places.all_villages() if entity == "village" else places.all_districts()
    return next((p.name for p in pool if " ".join(p.name.lower().split()) == key), None)


def parse_entities(text: str, raw: str) -> list[dict]:
    """'village: Jambewangi, document_type: ktp' -> Rasa entity dicts with the official value,
    and the span in ``text`` where those words are written; 400 on an unknown name or value."""
    out = []
    for part in (raw or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        m = _PAIR.match(part)
        value = entity_value(m.group(1), m.group(2)[:80]) if m and m.group(1) in ENTITY_NAMES else None
        if value is None:
            abort(400, description=f"Entitas tidak dikenal: {part.strip()[:60]} "
                                   f"(pakai {', '.join(ENTITY_NAMES)} dengan nama resmi).")
        item = {"entity": m.group(1), "value": value}
        written = m.group(2).strip()
        start = text.lower().find(written.lower())
        if start >= 0:
            item.update(start=start, end=start + len(written))
        out.append(item)
    return out


def _level(db, user: dict, row: dict) -> str:
    if not row.get("phone"):
        return access.UPDATE if user["role"] == "admin" else access.NONE
    return scope.contact_of(db, user, row["phone"])[2]


@bp.get("/teach")
def teach():
    db = get_db()
    user = me()
    status = request.args.get("status", "new")
    if status not in (*review.STATUSES, "all"):
        abort(400, description="Status tidak dikenal.")
    rows = []
    for row in review.list_reviews(db, status=None if status == "all" else status, limit=500):
        level = _level(db, user, row)
        if level != access.NONE:
            rows.append({**row, "level": level})
    return render_template("admin/teach.html", rows=rows[:200], status=status, counts=review.counts(db),
                           intents=known_intents(), entity_names=ENTITY_NAMES,
                           export_ready=nlu_export_command() is not None)


@bp.post("/teach/<int:review_id>")
def teach_review(review_id: int):
    db = get_db()
    user = me()
    row = review.get_review(db, review_id)
    if row is None or _level(db, user, row) == access.NONE:
        abort(404)
    if _level(db, user, row) != access.UPDATE:
        abort(403)
    action = request.form.get("action", "")
    intent = (request.form.get("intent") or "").strip()
    if action == "confirm":
        status, corrected = "reviewed", row["predicted_intent"]
    elif action == "correct":
        if intent not in known_intents():
            abort(400, description="Pilih intent dari daftar.")
        status, corrected = "reviewed", intent
    elif action == "flag":
        status, corrected = "flagged", None
    else:
        abort(400, description="Tindakan tidak dikenal.")
    entities = parse_entities(row["text"], request.form.get("entities", "")) if status == "reviewed" else []
    before = {"status": row["status"], "corrected_intent": row.get("corrected_intent")}
    row = review.set_review(db, review_id, status=status, reviewed_by=user["username"], corrected_intent=corrected,
                            entities=entities)
    audit.record(db, "nlu_review", actor=user, object_type="nlu_review", object_id=review_id, before=before,
                 after={"status": status, "corrected_intent": corrected, "entities": len(entities)}, **client())
    flash(f"Pesan #{review_id}: {'ditandai' if status == 'flagged' else 'intent ' + corrected}.", "ok")
    return redirect(url_for("admin.teach", status=request.args.get("status", "new")))


@bp.post("/teach/export")
def teach_export():
    """Write the reviewed examples as training data (admin: it changes the next model)."""
    require_admin()
    db = get_db()
    ran, output = run_nlu_export()
    audit.record(db, "nlu_export", actor=me(), object_type="nlu", object_id="data/nlu",
                 after={"ran": ran, "reviewed": review.counts(db)["reviewed"]}, **client())
    flash(("Ekspor selesai. " if ran else "Ekspor gagal. ") + output[:500], "ok" if ran else "error")
    return redirect(url_for("admin.teach", status="reviewed"))
