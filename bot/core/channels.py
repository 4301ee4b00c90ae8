"""The channel seam: one typed inbound message, one ``send()`` per carrier.

Whatever carried a message (Twilio SMS or WhatsApp, an Android phone with SMSGate, a modem
with Gammu SMSD), the rest of the bot sees an ``InboundMessage`` and sends through
``sender_for(settings, provider)``. A *channel* is what the person uses (``sms`` or
``whatsapp``); a *provider* is who carries it (``twilio``, ``smsgate``, ``gammu``). What goes
to a person goes back the way that person last wrote (``route``): officers on WhatsApp through
Twilio, a villager who texted the village phone by SMS through that phone.
"""
from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.phones import SMS, WHATSAPP, address
from bot.core.settings import Settings

__all__ = ["GAMMU", "LOCAL_GATEWAYS", "PROVIDERS", "SMS", "SMSGATE", "TWILIO", "WHATSAPP", "InboundMessage",
           "ParseError", "SendError", "Sender", "SentMessage", "default_provider", "outbound_ref", "route",
           "sender_for"]

TWILIO = "twilio"
SMSGATE = "smsgate"
GAMMU = "gammu"
# provider -> "module:class" of its Sender (imported when first used: Gammu's module is optional).
PROVIDERS = {
    TWILIO: "bot.core.twilio:TwilioSender",
    SMSGATE: "bot.core.smsgate:SmsGateSender",
    GAMMU: "bot.core.gammu:GammuSender",
}
# SMS gateways on the village's own SIM: SMS only, paced (bot/core/pacing.py).
LOCAL_GATEWAYS = (SMSGATE, GAMMU)


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
    provider: str = TWILIO  # twilio | smsgate | gammu
    parts: int = 1  # SMS parts it arrived in (joined before it gets here)
    received_at: str | None = None  # when the carrier received it (ISO 8601), if it says

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
    def send(self, to_phone: str, body: str, channel: str, *, status_callback: str | None = None,
             ref: str | None = None) -> SentMessage:
        """Send ``body`` to ``to_phone`` (E.164) over ``channel``. ``ref`` is our own id of the
        message: a provider that takes one refuses a second send with the same ``ref``."""


def sender_for(settings: Settings, provider: str = TWILIO) -> Sender:
    """The outbound implementation of ``provider`` (``twilio``, ``smsgate``, ``gammu``)."""
    target = PROVIDERS.get(provider)
    if target is None:
        raise SendError(f"unknown provider {provider!r}", permanent=True)
    module, _, name = target.partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise SendError(f"provider {provider} not available", permanent=True) from exc
    return cls(settings)


def default_provider(settings: Settings, channel: str) -> str:
    """Who carries a message to someone who never wrote: WhatsApp through Twilio; SMS through
    ``settings.sms_provider`` (the first local gateway switched on, else Twilio)."""
    return TWILIO if channel == WHATSAPP else settings.sms_provider


def route(settings: Settings, known: tuple[str, str] | None, channel: str) -> tuple[str, str]:
    """(channel, provider) for a message meant for ``channel``: the way the person last wrote
    (``known``: their (channel, provider)) when it is that channel and that provider is still
    switched on, else the default for the channel."""
    if known and known[0] == channel and known[1] in settings.channels:
        return channel, known[1]
    return channel, default_provider(settings, channel)


def outbound_ref(message_id: int, created_at: str) -> str:
    """Our own id of an outbound message (for a gateway that takes one, SMSGate's ``id``): the
    same for every attempt at that row, another for a row of another database with that number."""
    digest = hashlib.sha256(f"{message_id}|{created_at}".encode()).hexdigest()[:12]
    return f"sk-{message_id}-{digest}"
