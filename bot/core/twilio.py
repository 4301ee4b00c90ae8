"""Twilio, the one module that knows it: its webhook form parsed into an
``InboundMessage``, its status words mapped to ours, and the real ``twilio.rest.Client``
for sending (``TwilioSender``).

When ``TWILIO_API_BASE`` is set (development, tests) every request that would
go to ``https://api.twilio.com`` goes to that base URL instead, through a
custom ``http_client``; the rest of the client is Twilio's own code.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.core import phones
from bot.core.channels import SMS, WHATSAPP, InboundMessage, ParseError, SendError, SentMessage
from bot.core.settings import Settings

TWILIO_API = "https://api.twilio.com"
TIMEOUT_SECONDS = 15.0


class RebasedHttpClient(TwilioHttpClient):
    """A TwilioHttpClient that sends api.twilio.com requests to another base URL."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


def make_client(account_sid: str, auth_token: str, api_base: str = "") -> Client:
    if api_base:
        http_client = RebasedHttpClient(api_base, timeout=TIMEOUT_SECONDS)
    else:
        http_client = TwilioHttpClient(timeout=TIMEOUT_SECONDS)
    return Client(account_sid, auth_token, http_client=http_client)


@lru_cache(maxsize=4)
def _cached(account_sid: str, auth_token: str, api_base: str) -> Client:
    return make_client(account_sid, auth_token, api_base)


def get_client(settings: Settings) -> Client:
    """A client per (account, token, base URL), reused between jobs of a worker."""
    return _cached(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_base)


# Twilio allows at most 10 media per message.
MAX_MEDIA = 10

# Twilio's message status words -> the project's (messages.status of outbound rows).
STATUS = {
    "accepted": "queued", "scheduled": "queued", "queued": "queued",
    "sending": "sent", "sent": "sent",
    "delivered": "delivered", "read": "delivered",
    "undelivered": "failed", "failed": "failed", "canceled": "failed",
}
# Error codes with a meaning of their own.
ERROR_UNSUBSCRIBED = 21610  # the recipient texted STOP to the sender: never retry, it is blocked
ERROR_RATE_LIMITED = 63018  # WhatsApp's rate limit for the sender: retry later
ERROR_STATUS = {ERROR_UNSUBSCRIBED: "blocked"}


def project_status(twilio_status: str, error_code: int | str | None = None) -> str | None:
    """Twilio's status (and error code) as the project's status word; None for a word we do not know."""
    try:
        code = int(error_code) if error_code not in (None, "") else None
    except (TypeError, ValueError):
        code = None
    if code in ERROR_STATUS:
        return ERROR_STATUS[code]
    return STATUS.get((twilio_status or "").strip().lower())


def _float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -180.0 <= number <= 180.0 else None


def parse_inbound(form: Mapping[str, str]) -> InboundMessage:
    """Twilio's webhook form -> InboundMessage, or ParseError."""
    sender, channel = phones.split_address(form.get("From"))
    try:
        phone = phones.normalise(sender)
    except phones.PhoneError as exc:
        raise ParseError(str(exc)) from exc
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sid or len(sid) > 64:
        raise ParseError("missing MessageSid")
    try:
        num_media = int(form.get("NumMedia") or 0)
    except ValueError:
        num_media = 0
    media = [
        form[f"MediaUrl{i}"] for i in range(min(max(num_media, 0), MAX_MEDIA)) if form.get(f"MediaUrl{i}")
    ]
    return InboundMessage(
        channel=channel,
        phone=phone,
        text=(form.get("Body") or "").replace("\x00", "").strip(),
        message_sid=sid,
        media=media,
        latitude=_float(form.get("Latitude")),
        longitude=_float(form.get("Longitude")),
        raw=dict(form),
        to=(form.get("To") or "").strip(),
    )


class TwilioSender:
    """Outbound through Twilio's Messages API (SMS and WhatsApp)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None,
             ref: str | None = None) -> SentMessage:
        if channel == WHATSAPP:
            from_ = phones.address(self.settings.twilio_whatsapp_from, WHATSAPP)
        else:
            from_ = self.settings.twilio_sms_from
        kwargs = {"to": phones.address(to_phone, channel if channel == WHATSAPP else SMS), "from_": from_,
                  "body": body}
        if status_callback:
            kwargs["status_callback"] = status_callback
        try:
            message = get_client(self.settings).messages.create(**kwargs)
        except TwilioRestException as exc:
            # 4xx from Twilio (bad number, unsubscribed recipient) will not get better, but
            # for a rate limit (429, 63018).
            status = ERROR_STATUS.get(exc.code, "failed")
            permanent = 400 <= (exc.status or 0) < 500 and exc.status != 429 and exc.code != ERROR_RATE_LIMITED
            raise SendError(f"twilio error {exc.code}", permanent=permanent, code=exc.code, status=status) from exc
        except (TwilioException, OSError) as exc:
            raise SendError(f"twilio unreachable: {type(exc).__name__}") from exc
        return SentMessage(sid=message.sid, status=project_status(message.status or "queued") or "queued")


# --------------------------------------------------------------------------- a signed request as Twilio sends it
# One builder for everyone who plays Twilio: ``flask chat``, the e2e stack, the unit tests.


def inbound_form(phone: str, text: str, *, whatsapp: bool = False, to: str = "", account_sid: str = "",
                 media: tuple[str, ...] | list[str] = (), latitude: float | None = None,
                 longitude: float | None = None, sid: str | None = None, **extra: str) -> dict:
    """The form Twilio posts for an inbound message (``extra`` adds or overrides fields)."""
    import secrets

    form = {
        "MessageSid": sid or "SM" + secrets.token_hex(16),
        "AccountSid": account_sid or "AC" + "0" * 32,
        "From": phones.address(phone, WHATSAPP if whatsapp else SMS),
        "To": to,
        "Body": text,
        "NumMedia": str(len(media)),
    }
    for i, url in enumerate(media):
        form[f"MediaUrl{i}"] = url
        form[f"MediaContentType{i}"] = "image/jpeg"
    if latitude is not None:
        form["Latitude"] = str(latitude)
    if longitude is not None:
        form["Longitude"] = str(longitude)
    form.update(extra)
    return form


def signature(token: str, url: str, form: dict) -> str:
    """The X-Twilio-Signature Twilio computes for ``form`` posted to ``url``."""
    from twilio.request_validator import RequestValidator

    return RequestValidator(token).compute_signature(url, form)


def post_signed(client: Any, url: str, form: dict, token: str, *, signed_url: str | None = None,
                **kwargs: Any) -> Any:
    """POST ``form`` with ``client`` (``requests``, a ``requests.Session`` or a Flask test client)
    signed for ``signed_url`` (default ``url``: what Twilio would call)."""
    headers = {"X-Twilio-Signature": signature(token, signed_url or url, form)}
    return client.post(url, data=form, headers=headers, **kwargs)


def parse_twiml(xml: str | bytes) -> list[str]:
    """The texts of the <Message> elements of a TwiML answer ([] for anything else)."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return []
    texts = []
    for message in root.iter("Message"):
        body = message.find("Body")
        texts.append((body.text if body is not None else message.text) or "")
    return texts
