"""The channel seam: one typed inbound message, one ``send()`` per carrier.

Whatever carried a message (Twilio SMS or WhatsApp today, a local SMS gateway later),
the rest of the bot sees an ``InboundMessage`` and sends through ``sender_for(...)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.core.phones import SMS, WHATSAPP, address
from bot.core.settings import Settings

__all__ = ["SMS", "WHATSAPP", "InboundMessage", "ParseError", "SendError", "Sender", "SentMessage", "sender_for"]


class ParseError(ValueError):
    """The request does not describe a message we can answer."""


@dataclass(frozen=True)
class InboundMessage:
    channel: str  # sms | whatsapp
    phone: str  # E.164, no "whatsapp:" prefix
    text: str
    message_sid: str  # the provider's id of the message
    media: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    raw: dict = field(default_factory=dict, repr=False)
    to: str = ""

    @property
    def address(self) -> str:
        """The address to answer, as the carrier spells it."""
        return address(self.phone, self.channel)


@dataclass(frozen=True)
class SentMessage:
    sid: str
    status: str


class SendError(RuntimeError):
    """Sending failed. ``permanent`` errors are not worth a retry; ``status`` is the
    project's status word for the message when it is not simply ``failed``."""

    def __init__(self, message: str, *, permanent: bool = False, code: int | None = None,
                 status: str = "failed"):
        super().__init__(message)
        self.permanent = permanent
        self.code = code
        self.status = status


class Sender(Protocol):
    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None) -> SentMessage:
        """Send ``body`` to ``to_phone`` (E.164) over ``channel``."""


def sender_for(settings: Settings, channel: str) -> Sender:
    """The outbound implementation for ``channel``: Twilio, or for ``sms`` the modem through
    Gammu SMSD when ``SMS_PROVIDER=gammu``."""
    if channel == SMS and settings.sms_provider == "gammu":
        from bot.core.gammu import GammuSender

        return GammuSender(settings)
    from bot.core.twilio import TwilioSender

    return TwilioSender(settings)
