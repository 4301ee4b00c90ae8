"""A villager's requests under UU PDP, from the console (admin only): download everything
kept about a contact (an access request) and erase it (messages deleted, from the search
index too; cases pseudonymised so the figures stay; the contact reduced to its pseudonym).
The work is ``bot.core.privacy``'s, the same as ``flask contacts export`` / ``erase``."""
from __future__ import annotations

import json

import redis
from flask import Response, abort, current_app, flash, redirect, request, url_for

from bot.admin import bp
from bot.admin.auth import client
from bot.admin.conversations import _contact_of_message
from bot.admin.ui import me, require_admin
from bot.core import clock, phones, privacy
from bot.core.redis_client import get_redis
from bot.core.store import audit
from bot.db import get_db


@bp.get("/conversations/<int:message_id>/export.json")
def contact_export(message_id: int):
    require_admin()
    db = get_db()
    phone, _contact, _cases, _level = _contact_of_message(db, message_id)
    data = privacy.export_contact(db, phone)
    audit.record(db, "contact_export", actor=me(), object_type="contact", object_id=phones.mask(phone), **client())
    name = f"data-warga-{clock.today().isoformat()}.json"
    return Response(json.dumps(data, ensure_ascii=False, indent=2, default=str), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/conversations/<int:message_id>/erase")
def contact_erase(message_id: int):
    require_admin()
    db = get_db()
    phone, _contact, _cases, _level = _contact_of_message(db, message_id)
    if request.form.get("confirm") != "HAPUS":
        abort(400, description="Ketik HAPUS untuk memastikan penghapusan.")
    settings = current_app.config["SETTINGS"]
    result = privacy.erase_contact(db, phone, settings.secret_key, actor=f"admin:{me()['username']}")
    privacy.checkpoint(db)
    try:
        get_redis(settings.redis_url).delete(*privacy.redis_keys(phone, result.pop("message_sids")))
    except redis.RedisError:
        flash("Redis tidak terjangkau: riwayat percakapan Rasa belum terhapus.", "error")
    flash(f"Data warga dihapus: {result['messages_deleted']} pesan, {result['cases_pseudonymised']} kasus "
          "dianonimkan.", "ok")
    return redirect(url_for("admin.conversations"))
