"""What every console page shares: the signed-in user's row, the login and CSRF gate of the
blueprint, masking of phones and NIKs, WIB times, Indonesian words for kinds and statuses."""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlencode

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from bot.admin import bp, csrf
from bot.core import access, clock, phones
from bot.core.kinds import KINDS, STATUS_WORD

KIND_WORD = {"document": "Dokumen", "pregnancy": "Ibu hamil", "emergency": "Darurat", "transport": "JEK-MIL",
             "rantang_kasih": "Rantang Kasih", "complaint": "Pengaduan", "handover": "Minta petugas"}
CHANNEL_WORD = {"sms": "SMS", "whatsapp": "WhatsApp"}
# Case events (store.add_case_event) and message statuses as staff read them.
EVENT_WORD = {"created": "dibuat", "notified": "petugas diberi tahu", "accepted": "diterima (diproses)",
              "done": "selesai", "rejected": "ditolak", "officer_reply": "balasan petugas", "message": "pesan warga",
              "assigned": "ditugaskan ke", "unassigned": "tugas dilepas", "notify_failed": "gagal memberi tahu",
              "catatan": "catatan internal", "escalation_not_scheduled": "eskalasi tidak terjadwal"}
MESSAGE_STATUS_WORD = {"queued": "antre", "retrying": "dicoba lagi", "sent": "terkirim", "delivered": "sampai",
                       "failed": "gagal", "blocked": "diblokir (STOP)", "received": "diterima", "processed": "dijawab",
                       "pending": "menunggu", "duplicate": "ganda", "limited": "dibatasi", "error": "galat"}
_NIK = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(\+?62|0)8\d{7,11}(?!\d)")
PUBLIC_ENDPOINTS = {"admin.login"}


def me() -> dict:
    """The signed-in user's row (the access rule's argument)."""
    return current_user.row


@bp.before_request
def gate():
    """Every console request: signed in (else to the login page), and CSRF on every POST."""
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        if request.method == "GET":
            return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
        abort(401)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()
    return None


CSRF_WORDS = "Formulir tidak sah atau sudah kedaluwarsa. Muat ulang halaman lalu coba lagi."
ERROR_WORDS = {400: "Permintaan tidak sah.", 401: "Silakan masuk terlebih dahulu.",
               403: "Anda tidak berwenang untuk tindakan ini.", 404: "Tidak ditemukan.",
               405: "Cara akses tidak diizinkan.", 409: "Tidak dapat dilakukan sekarang."}


def _error_page(error: HTTPException):
    code = error.code or 500
    if isinstance(error, CSRFError):
        return render_template("admin/error.html", code=400, message=CSRF_WORDS), 400
    message = error.description if error.description and not error.description.startswith(("The ", "You ")) \
        else ERROR_WORDS.get(code, "Terjadi kesalahan.")
    return render_template("admin/error.html", code=code, message=message), code


for _code in ERROR_WORDS:
    bp.register_error_handler(_code, _error_page)


def require_admin() -> None:
    if me().get("role") != "admin":
        abort(403)


def mask_nik(text) -> str:
    """NIKs (16 digits) in ``text`` with their middle hidden: 3510********0001."""
    return _NIK.sub(lambda m: f"{m.group(1)}********{m.group(2)}", str(text or ""))


def mask_text(text) -> str:
    """NIKs and phone numbers in free text masked (lists, CSV)."""
    return _PHONE.sub(lambda m: phones.mask(m.group(0)), mask_nik(text))


def to_dt(value) -> datetime | None:
    if not value:
        return None
    try:
        return clock.to_wib(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def wib(value, with_date: bool = True) -> str:
    dt = to_dt(value)
    if dt is None:
        return "-"
    return dt.strftime("%d/%m/%Y %H.%M WIB" if with_date else "%H.%M WIB")


def age_words(value) -> str:
    dt = to_dt(value)
    if dt is None:
        return "-"
    minutes = int((clock.now() - dt).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} menit"
    if minutes < 48 * 60:
        return f"{minutes // 60} jam"
    return f"{minutes // (24 * 60)} hari"


def confidence(value) -> str:
    return "-" if value is None else f"{float(value) * 100:.0f}%"


def query(**changes) -> str:
    """The current query string with ``changes`` (None removes a key)."""
    args = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return "?" + urlencode(args) if args else "?"


def nl2br(text) -> Markup:
    return Markup("<br>").join(escape(line) for line in str(text or "").splitlines())


def event_word(event: str | None) -> str:
    return EVENT_WORD.get(event or "", (event or "").replace("_", " "))


def actor_word(actor: str | None) -> str:
    """'console:op_jambe' -> 'op_jambe'; an officer's 'bidan:+62…' with the number masked."""
    actor = actor or ""
    if actor.startswith("console:"):
        return actor[len("console:"):]
    role, sep, phone = actor.partition(":")
    return f"{role} {phones.mask(phone)}" if sep and phone.startswith("+") else actor


def init_app(app) -> None:
    app.jinja_env.filters.update(maskphone=phones.mask, masknik=mask_nik, masktext=mask_text, wib=wib,
                                 age=age_words, pct=confidence, nl2br=nl2br, eventword=event_word,
                                 actorword=actor_word,
                                 msgstatus=lambda s: MESSAGE_STATUS_WORD.get(s or "", s or ""))

    @app.context_processor
    def console_words():
        if not request.path.startswith("/admin"):
            return {}
        user = current_user.row if current_user.is_authenticated else None
        return {"me": user, "KIND_WORD": KIND_WORD, "STATUS_WORD": STATUS_WORD, "CHANNEL_WORD": CHANNEL_WORD,
                "KINDS": KINDS, "ROLE_WORD": access.ROLE_WORD, "area": access.area_label(user) if user else "",
                "query": query, "production": current_app.config["SETTINGS"].production}
