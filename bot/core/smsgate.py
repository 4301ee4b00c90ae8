"""SMSGate for Android (capcom6/android-sms-gateway), the one module that knows it: its
webhook's signature and JSON parsed into an ``InboundMessage`` or a delivery status, and a
small typed client for its REST API (``SmsGateClient``, ``SmsGateSender``).

Local mode: the phone serves ``POST {SMSGATE_URL}/message`` with Basic auth; a private
server serves ``{SMSGATE_URL}/3rdparty/v1/messages`` (SMSGATE_URL ending in ``/3rdparty/v1``).
Every message we send carries our own ``id`` (``outbound_ref``): the app refuses a second
message with an id it holds, so a retried job never texts a villager twice.

The PyPI client (``android-sms-gateway``) is not used: it needs httpx or aiohttp for its
transport choices and brings nothing this one ``send()`` needs.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from bot.core import phones
from bot.core.channels import SMS, SMSGATE, InboundMessage, ParseError, SendError, SentMessage
from bot.core.settings import Settings
from bot.core.sms import segments

TIMEOUT_SECONDS = 15.0
# How far X-Timestamp may be from now (seconds), either way (CONTRACT.md 2a).
TIMESTAMP_WINDOW = 300
# The largest webhook body we read (an SMS, joined, is a few kB at most).
MAX_WEBHOOK_BYTES = 64 * 1024

RECEIVED = "sms:received"
# SMSGate's delivery events -> the project's outbound statuses (messages.status).
EVENT_STATUS = {"sms:sent": "sent", "sms:delivered": "delivered", "sms:failed": "failed"}
# The state of a message in SMSGate's answers -> ours.
STATE_STATUS = {"pending": "queued", "processed": "queued", "sent": "sent", "delivered": "delivered",
                "failed": "failed"}


# --------------------------------------------------------------------------- errors


class SmsGateError(SendError):
    """SMSGate did not take the message."""


class SmsGateAuthError(SmsGateError):
    """401/403: wrong SMSGATE_USER/SMSGATE_PASSWORD. Retrying will not help."""

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message, permanent=True, code=code)


class SmsGateRejected(SmsGateError):
    """Another 4xx: the message itself is refused (bad number, bad body)."""

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message, permanent=True, code=code)


class SmsGateUnavailable(SmsGateError):
    """The phone is off the network, busy (5xx, 429) or too slow: worth a retry later."""

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message, permanent=False, code=code)


# --------------------------------------------------------------------------- the client


def messages_url(base_url: str) -> str:
    """Where messages are posted: ``/message`` on the phone, ``/messages`` on a server's
    ``/3rdparty/v1`` API."""
    base = base_url.rstrip("/")
    return f"{base}/messages" if base.endswith("/3rdparty/v1") else f"{base}/message"


class SmsGateClient:
    """One ``send()`` against SMSGate's REST API (Basic auth)."""

    def __init__(self, base_url: str, user: str, password: str, timeout: float = TIMEOUT_SECONDS,
                 session: requests.Session | None = None):
        if not base_url:
            raise SmsGateRejected("SMSGATE_URL is not set")
        self.url = messages_url(base_url)
        self.auth = (user, password)
        self.timeout = timeout
        self.session = session or requests.Session()

    def send(self, phone: str, text: str, ref: str) -> SentMessage:
        """Send ``text`` to ``phone`` (E.164) as message ``ref``. A ``ref`` the phone already
        holds (409) counts as sent: it is the same message, asked for again."""
        payload = {"id": ref, "textMessage": {"text": text}, "phoneNumbers": [phone], "withDeliveryReport": True}
        try:
            response = self.session.post(self.url, json=payload, auth=self.auth, timeout=self.timeout)
        except requests.Timeout as exc:
            raise SmsGateUnavailable("smsgate timed out") from exc
        except requests.RequestException as exc:
            raise SmsGateUnavailable(f"smsgate unreachable: {type(exc).__name__}") from exc
        code = response.status_code
        if code == 409:
            return SentMessage(sid=ref, status="queued")
        if code in (401, 403):
            raise SmsGateAuthError(f"smsgate refused the credentials (HTTP {code})", code=code)
        if code == 429 or code >= 500:
            raise SmsGateUnavailable(f"smsgate busy or failing (HTTP {code})", code=code)
        if code >= 400:
            raise SmsGateRejected(f"smsgate refused the message (HTTP {code})", code=code)
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = {}
        state = str((body or {}).get("state") or "pending").lower() if isinstance(body, dict) else "pending"
        return SentMessage(sid=str((body or {}).get("id") or ref) if isinstance(body, dict) else ref,
                           status=STATE_STATUS.get(state, "queued"))


def health_url(base_url: str) -> str:
    """The phone's (or private server's) health check: ``/health`` at the root of its API."""
    base = base_url.rstrip("/")
    return (base.removesuffix("/3rdparty/v1")) + "/health"


def health(settings: Settings, session: requests.Session | None = None, timeout: float = 3.0) -> str:
    """SMSGate's own view of the phone: "pass", "warn" (e.g. a low battery, failed messages)
    or "fail"; ``SmsGateUnavailable`` when the phone does not answer (off the network, the
    app stopped)."""
    if not settings.smsgate_url:
        raise SmsGateRejected("SMSGATE_URL is not set")
    try:
        response = (session or requests).get(health_url(settings.smsgate_url), timeout=timeout,
                                             auth=(settings.smsgate_user, settings.smsgate_password))
    except requests.RequestException as exc:
        raise SmsGateUnavailable(f"smsgate unreachable: {type(exc).__name__}") from exc
    try:
        body = response.json()
    except ValueError:
        body = {}
    status = str((body or {}).get("status") or "").lower() if isinstance(body, dict) else ""
    if status in ("pass", "warn", "fail"):
        return status
    raise SmsGateUnavailable(f"smsgate health answered HTTP {response.status_code}", code=response.status_code)


class SmsGateSender:
    """The channel seam's ``Sender`` for SMSGate (SMS only)."""

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.client = SmsGateClient(settings.smsgate_url, settings.smsgate_user, settings.smsgate_password,
                                    session=session)

    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None,
             ref: str | None = None) -> SentMessage:
        if channel != SMS:
            raise SmsGateRejected(f"smsgate carries SMS, not {channel}")
        return self.client.send(phones.bare(to_phone), body, ref or "sk-" + secrets.token_hex(10))


# --------------------------------------------------------------------------- the webhook


def signature(secret: str, body: bytes, timestamp: str) -> str:
    """SMSGate's X-Signature: hex HMAC-SHA256 of the raw body followed by X-Timestamp."""
    return hmac.new(secret.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()


def check_signature(secret: str, body: bytes, timestamp: str | None, sig: str | None,
                    now: float | None = None) -> str | None:
    """None when the request is SMSGate's, else why not (fail closed: no secret, no header,
    a timestamp that is not a number or more than TIMESTAMP_WINDOW from ``now``, a wrong
    signature)."""
    if not secret:
        return "no SMSGATE_WEBHOOK_SECRET configured"
    if not timestamp or not sig:
        return "missing X-Timestamp or X-Signature"
    try:
        stamp = int(timestamp.strip())
    except ValueError:
        return "X-Timestamp is not a number"
    if abs((time.time() if now is None else now) - stamp) > TIMESTAMP_WINDOW:
        return "X-Timestamp outside the window"
    given = sig.strip().lower().encode("utf-8", "replace")  # bytes: a non-ASCII header is just wrong
    if not hmac.compare_digest(signature(secret, body, timestamp.strip()).encode(), given):
        return "wrong X-Signature"
    return None


@dataclass(frozen=True)
class Event:
    """One webhook post: its ``event`` name, its own ``id`` (new on every post, even of the
    same SMS) and its ``payload``."""

    event: str
    id: str
    payload: dict


def parse_event(body: bytes) -> Event:
    """The JSON SMSGate posts -> Event, or ParseError."""
    if not body:
        raise ParseError("empty body")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError("not JSON") from exc
    if not isinstance(data, dict):
        raise ParseError("not a JSON object")
    event, payload = data.get("event"), data.get("payload")
    if not isinstance(event, str) or not event:
        raise ParseError("missing event")
    if not isinstance(payload, dict):
        raise ParseError("missing payload")
    return Event(event=event[:40], id=str(data.get("id") or "")[:64], payload=payload)


def received_sid(message_id: str, phone: str, received_at: str) -> str:
    """The key of a received SMS. SMSGate posts some SMS twice with new top-level ids, and its
    payload ``messageId`` comes from the content (not unique alone): the message id, the sender
    and the time it arrived, together, name one SMS."""
    digest = hashlib.sha256(f"{message_id}|{phone}|{received_at}".encode()).hexdigest()[:32]
    return f"sg-{digest}"


def parse_received(event: Event) -> InboundMessage:
    """An ``sms:received`` event -> InboundMessage, or ParseError."""
    payload = event.payload
    text = payload.get("message")
    if text is None and isinstance(payload.get("textMessage"), dict):
        text = payload["textMessage"].get("text")
    if not isinstance(text, str):
        raise ParseError("missing message text")
    try:
        phone = phones.normalise(str(payload.get("phoneNumber") or ""))
    except phones.PhoneError as exc:
        raise ParseError(str(exc)) from exc
    message_id = str(payload.get("messageId") or "").strip()
    received_at = str(payload.get("receivedAt") or "").strip()
    if not message_id or len(message_id) > 64 or len(received_at) > 40:
        raise ParseError("missing messageId")
    text = text.replace("\x00", "").strip()
    return InboundMessage(
        channel=SMS, phone=phone, text=text, message_sid=received_sid(message_id, phone, received_at),
        raw={"id": event.id, "messageId": message_id}, to=str(payload.get("simNumber") or ""),
        provider=SMSGATE, parts=segments(text) if text else 1, received_at=received_at or None,
    )


def delivery_status(event: Event) -> tuple[str, str, str | None] | None:
    """A delivery event -> (our message id, our status, error), or None for another event."""
    status = EVENT_STATUS.get(event.event)
    if status is None:
        return None
    ref = str(event.payload.get("messageId") or "").strip()
    if not ref:
        raise ParseError("missing messageId")
    reason = event.payload.get("reason")
    return ref[:64], status, (f"smsgate: {str(reason)[:100]}" if status == "failed" and reason else None)


# --------------------------------------------------------------------------- a webhook as the phone posts it
# One builder for everyone who plays the phone: the fake SMSGate, the e2e stack, the unit tests.


def received_event(phone: str, text: str, *, message_id: str | None = None, received_at: str | None = None,
                   device_id: str = "fake-device", event_id: str | None = None, sim_number: int | None = 1) -> dict:
    """The JSON the phone posts for a received SMS (``phone`` as the phone shows it)."""
    from bot.core import clock

    return {
        "deviceId": device_id,
        "event": RECEIVED,
        "id": event_id or secrets.token_urlsafe(16),
        "webhookId": "sk-webhook",
        "payload": {
            "messageId": message_id or secrets.token_hex(8),
            "message": text,
            "phoneNumber": phone,
            "simNumber": sim_number,
            "receivedAt": received_at or clock.now().isoformat(timespec="milliseconds"),
        },
    }


def status_event(event: str, ref: str, phone: str, *, reason: str | None = None,
                 device_id: str = "fake-device") -> dict:
    """The JSON the phone posts for ``sms:sent``, ``sms:delivered`` or ``sms:failed``."""
    from bot.core import clock

    at_key = {"sms:sent": "sentAt", "sms:delivered": "deliveredAt", "sms:failed": "failedAt"}[event]
    payload: dict[str, Any] = {"messageId": ref, "phoneNumber": phone, "simNumber": 1,
                               at_key: clock.now().isoformat(timespec="milliseconds")}
    if reason:
        payload["reason"] = reason
    return {"deviceId": device_id, "event": event, "id": secrets.token_urlsafe(16), "webhookId": "sk-webhook",
            "payload": payload}


def signed_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"Content-Type": "application/json", "X-Timestamp": stamp, "X-Signature": signature(secret, body, stamp)}


def post_signed(client: Any, url: str, event: Mapping, secret: str, *, timestamp: int | None = None,
                **kwargs: Any) -> Any:
    """POST ``event`` as JSON with ``client`` (``requests`` or a Flask test client), signed
    the way SMSGate signs it."""
    body = json.dumps(event).encode()
    return client.post(url, data=body, headers=signed_headers(secret, body, timestamp), **kwargs)


__all__ = ["EVENT_STATUS", "Event", "SmsGateAuthError", "SmsGateClient", "SmsGateError",
           "SmsGateRejected", "SmsGateSender", "SmsGateUnavailable", "check_signature", "delivery_status",
           "parse_event", "parse_received", "post_signed", "received_event", "signature",
           "status_event"]
