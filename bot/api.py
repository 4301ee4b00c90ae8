"""GET /api/cases (bearer ADMIN_API_TOKEN): the cases as CONTRACT.md section 4 gives them."""
from __future__ import annotations

import hmac

from flask import Blueprint, current_app, jsonify, request

from bot.core import store
from bot.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api")


def _authorised() -> bool:
    token = current_app.config["SETTINGS"].admin_api_token
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    # No token configured: the API is closed.
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


@bp.get("/cases")
def cases():
    if not _authorised():
        response = jsonify({"error": "unauthorized"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="smartkampung"'
        return response
    return jsonify(store.export_cases(get_db()))
