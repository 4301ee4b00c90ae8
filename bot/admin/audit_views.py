"""The audit log for admins: read it, filter it, download it as CSV (the download is itself
recorded). There is no route that changes or deletes a row."""
from __future__ import annotations

import csv
import io

from flask import Response, render_template, request

from bot.admin import bp
from bot.admin.auth import client
from bot.admin.ui import me, require_admin
from bot.core import clock
from bot.core.store import audit
from bot.db import get_db

PAGE = 200


@bp.get("/audit")
def audit_log():
    require_admin()
    db = get_db()
    action = request.args.get("action") or None
    actor = (request.args.get("actor") or "").strip()[:64] or None
    page = max(0, request.args.get("page", 0, type=int))
    rows = audit.entries(db, action=action, actor=actor, limit=PAGE + 1, offset=page * PAGE)
    return render_template("admin/audit.html", rows=rows[:PAGE], more=len(rows) > PAGE, page=page,
                           actions=audit.actions(db), action=action or "", actor=actor or "")


@bp.get("/audit.csv")
def audit_csv():
    require_admin()
    db = get_db()
    action = request.args.get("action") or None
    actor = (request.args.get("actor") or "").strip()[:64] or None
    rows = audit.entries(db, action=action, actor=actor, limit=None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(audit.COLUMNS)
    for row in reversed(rows):
        writer.writerow([row[c] if row[c] is not None else "" for c in audit.COLUMNS])
    audit.record(db, "export", actor=me(), object_type="audit_log", object_id="audit.csv",
                 after={"rows": len(rows), "action": action, "actor": actor}, **client())
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="audit-{clock.today().isoformat()}.csv"'})
