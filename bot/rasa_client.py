"""The one client of the Rasa server: its REST channel and its HTTP API.

Every call has a timeout; every failure surfaces as a ``RasaError`` subclass so
the webhook can answer politely instead of failing.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests

from bot.core import settings as config
from bot.core.settings import Settings

# Twilio waits about 15 s for the webhook; leave room for the rest of the turn.
TURN_TIMEOUT = 10.0
API_TIMEOUT = 3.0

_session = requests.Session()


class RasaError(RuntimeError):
    """Rasa could not answer."""


class RasaUnavailable(RasaError):
    """Rasa is down, unreachable or too slow."""


class RasaBadResponse(RasaError):
    """Rasa answered with an error status or something that is not its JSON."""


def _request(method: str, url: str, *, timeout: float, text: bool = False, **kwargs: Any) -> Any:
    """The one request function: JSON (or text) back, or a RasaError."""
    try:
        response = _session.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as exc:
        raise RasaUnavailable(f"{type(exc).__name__} calling {url.split('?')[0]}") from exc
    if response.status_code >= 400:
        raise RasaBadResponse(f"HTTP {response.status_code} from {url.split('?')[0]}")
    if text:
        return response.text
    try:
        return response.json()
    except ValueError as exc:
        raise RasaBadResponse("Rasa answered something that is not JSON") from exc


def send(sender: str, text: str, metadata: dict | None = None, settings: Settings | None = None) -> list[dict]:
    """One turn through the REST channel: the bot's replies (``text``, ``image``, ``buttons``…)."""
    settings = settings or config.current()
    body = {"sender": sender, "message": text, "metadata": metadata or {}}
    replies = _request("POST", f"{settings.rasa_url}/webhooks/rest/webhook", json=body, timeout=TURN_TIMEOUT)
    if not isinstance(replies, list):
        raise RasaBadResponse("Rasa's REST channel did not answer a list")
    return [r for r in replies if isinstance(r, dict)]


def render(reply: dict) -> str:
    """One Rasa reply as text: buttons become numbered lines, images their URL."""
    parts = [reply.get("text") or ""]
    for i, button in enumerate(reply.get("buttons") or [], start=1):
        parts.append(f"{i}. {button.get('title', '')}")
    if reply.get("image") and not reply.get("text"):
        parts.append(reply["image"])
    return "\n".join(p for p in parts if p).strip()


def _auth(settings: Settings) -> dict:
    return {"token": settings.rasa_token} if settings.rasa_token else {}


def tracker(settings: Settings, sender: str, include_events: str = "NONE") -> dict:
    """The sender's tracker through the HTTP API (needs RASA_TOKEN)."""
    params = {"include_events": include_events, **_auth(settings)}
    return _request(
        "GET", f"{settings.rasa_url}/conversations/{quote(sender, safe='+')}/tracker", params=params, timeout=API_TIMEOUT
    )


def status(settings: Settings) -> dict:
    """Rasa's /status (model loaded) when a token is set, else its root page."""
    if settings.rasa_token:
        return _request("GET", f"{settings.rasa_url}/status", params=_auth(settings), timeout=API_TIMEOUT)
    return {"status": _request("GET", f"{settings.rasa_url}/", timeout=API_TIMEOUT, text=True).strip()}


def action_server_health(settings: Settings) -> dict:
    """The action server's /health."""
    return _request("GET", f"{settings.action_server_url}/health", timeout=API_TIMEOUT)
