"""The one phone rule: numbers in E.164 (``+6281234567890``) through ``phonenumbers``.

A carrier address may carry a channel prefix (Twilio's ``whatsapp:+62…``); the store
keeps the bare number and the channel apart.
"""
from __future__ import annotations

import phonenumbers

SMS = "sms"
WHATSAPP = "whatsapp"
_WA_PREFIX = "whatsapp:"


class PhoneError(ValueError):
    """Not a phone number we can answer."""


def split_address(address: str | None) -> tuple[str, str]:
    """'whatsapp:+62812…' -> ('+62812…', 'whatsapp'); '+62812…' -> ('+62812…', 'sms')."""
    address = (address or "").strip()
    if address.lower().startswith(_WA_PREFIX):
        return address[len(_WA_PREFIX):].strip(), WHATSAPP
    return address, SMS


def bare(address: str | None) -> str:
    """The number without a channel prefix ('whatsapp:+62812…' -> '+62812…'), not validated."""
    return split_address(address)[0]


def address(phone: str, channel: str) -> str:
    """The address a carrier expects: 'whatsapp:+62…' on WhatsApp, the number on SMS."""
    return f"{_WA_PREFIX}{bare(phone)}" if channel == WHATSAPP else bare(phone)


def normalise(value: str | None, region: str = "ID") -> str:
    """A phone in E.164, or PhoneError. Indonesian local forms (0812…, 62812…) are accepted."""
    value = bare(value)
    if not value:
        raise PhoneError("missing phone number")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError("malformed phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneError("malformed phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(phone: str | None) -> str:
    """'+6281234567890' -> '+62812****7890', for logs (no personal data in logs)."""
    phone = bare(phone)
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:6] + "****" + phone[-4:]


def indonesian_mobile(text: str | None) -> str | None:
    """A number a villager typed ('0812-3456-7890', '62812…', '812…') -> E.164, else None.

    Only Indonesian numbers are taken: a contact for a midwife to call."""
    digits = "".join(ch for ch in (text or "") if ch.isdigit() or ch == "+")
    if digits.startswith("8"):
        digits = "0" + digits
    elif digits.startswith("62"):
        digits = "+" + digits
    try:
        phone = normalise(digits)
    except PhoneError:
        return None
    if not phone.startswith("+62") or not 10 <= len(phone) <= 16:
        return None
    return phone
