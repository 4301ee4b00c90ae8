"""Channels: one typed inbound message, one outbound interface.

Whatever carried a message (Twilio SMS, Twilio WhatsApp, later a local SMS
gateway such as Gammu SMSD), the rest of the bot sees an ``InboundMessage``
and sends through an ``OutboundChannel``.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import phonenumbers

from bot.config import Settings

log = logging.getLogger(__name__)

SMS = "sms"
WHATSAPP = "whatsapp"
CHANNELS = (SMS, WHATSAPP)

# Twilio allows at most 10 media per message.
MAX_MEDIA = 10


class ParseError(ValueError):
    """The request does not describe a message we can answer."""


@dataclass(frozen=True)
class InboundMessage:
    channel: str  # sms | whatsapp
    phone: str  # E.164, no "whatsapp:" prefix
    text: str
    message_sid: str
    media: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    raw: dict = field(default_factory=dict, repr=False)
    to: str = ""

    @property
    def address(self) -> str:
        """The address to answer, as the carrier spells it."""
        return f"whatsapp:{self.phone}" if self.channel == WHATSAPP else self.phone


@dataclass(frozen=True)
class SentMessage:
    sid: str
    status: str


class SendError(RuntimeError):
    """Sending failed. ``permanent`` errors are not worth a retry."""

    def __init__(self, message: str, *, permanent: bool = False, code: int | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.code = code


class OutboundChannel(Protocol):
    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None) -> SentMessage:
        """Send ``body`` to ``to_phone`` (E.164) over ``channel``."""


def mask_phone(phone: str | None) -> str:
    """'+6281234567890' -> '+62812****7890', for logs (no personal data in logs)."""
    phone = (phone or "").strip()
    if phone.lower().startswith("whatsapp:"):
        phone = phone[9:]
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:6] + "****" + phone[-4:]


def normalise_phone(value: str) -> str:
    """A phone in E.164, or ParseError. Indonesian local forms (08…) are accepted."""
    value = (value or "").strip()
    if not value:
        raise ParseError("missing phone number")
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ParseError("malformed phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise ParseError("malformed phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -180.0 <= number <= 180.0 else None


def parse_twilio(form: Mapping[str, str]) -> InboundMessage:
    """Twilio's webhook form -> InboundMessage, or ParseError."""
    sender = (form.get("From") or "").strip()
    channel = SMS
    if sender.lower().startswith("whatsapp:"):
        channel = WHATSAPP
        sender = sender[9:]
    phone = normalise_phone(sender)
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
    latitude, longitude = _float(form.get("Latitude")), _float(form.get("Longitude"))
    return InboundMessage(
        channel=channel,
        phone=phone,
        text=(form.get("Body") or "").replace("\x00", "").strip(),
        message_sid=sid,
        media=media,
        latitude=latitude,
        longitude=longitude,
        raw=dict(form),
        to=(form.get("To") or "").strip(),
    )


class TwilioChannel:
    """Outbound through Twilio's Messages API (SMS and WhatsApp)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None) -> SentMessage:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        from bot import twilio_client

        if channel == WHATSAPP:
            to, from_ = f"whatsapp:{to_phone}", self.settings.twilio_whatsapp_from
            if not from_.startswith("whatsapp:"):
                from_ = f"whatsapp:{from_}"
        else:
            to, from_ = to_phone, self.settings.twilio_sms_from
        kwargs = {"to": to, "from_": from_, "body": body}
        if status_callback:
            kwargs["status_callback"] = status_callback
        try:
            message = twilio_client.get_client(self.settings).messages.create(**kwargs)
        except TwilioRestException as exc:
            # 4xx from Twilio (bad number, unsubscribed recipient) will not get better.
            permanent = 400 <= (exc.status or 0) < 500 and exc.status != 429
            raise SendError(f"twilio error {exc.code}", permanent=permanent, code=exc.code) from exc
        except (TwilioException, OSError) as exc:
            raise SendError(f"twilio unreachable: {type(exc).__name__}") from exc
        return SentMessage(sid=message.sid, status=message.status or "queued")


def outbound_channel(settings: Settings, channel: str) -> OutboundChannel:
    """The outbound implementation for ``channel``. Twilio carries both today;
    a local SMS gateway would be chosen here for ``sms``."""
    return TwilioChannel(settings)
