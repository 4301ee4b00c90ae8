"""Parsing Twilio's webhook form into the typed InboundMessage."""
import pytest

from bot.core.channels import InboundMessage, ParseError
from bot.core.phones import mask as mask_phone
from bot.core.phones import normalise as normalise_phone
from bot.core.twilio import parse_inbound as parse_twilio


def form(**kw):
    base = {"MessageSid": "SM" + "a" * 32, "From": "+6281234567890", "To": "+15005550006", "Body": "halo"}
    base.update(kw)
    return base


def test_sms_message():
    msg = parse_twilio(form(Body="  halo  "))
    assert msg == InboundMessage(channel="sms", phone="+6281234567890", text="halo", message_sid="SM" + "a" * 32,
                                 to="+15005550006", raw=msg.raw)
    assert msg.address == "+6281234567890"


def test_whatsapp_message_with_media_and_location():
    msg = parse_twilio(form(From="whatsapp:+6281234567890", NumMedia="2", MediaUrl0="https://x/0", MediaUrl1="https://x/1",
                            Latitude="-8.2192", Longitude="114.3691"))
    assert msg.channel == "whatsapp" and msg.phone == "+6281234567890"
    assert msg.media == ["https://x/0", "https://x/1"]
    assert (msg.latitude, msg.longitude) == (-8.2192, 114.3691)
    assert msg.address == "whatsapp:+6281234567890"


def test_local_number_forms_are_normalised():
    assert normalise_phone("081234567890") == "+6281234567890"
    assert normalise_phone("+62 812-3456-7890") == "+6281234567890"


@pytest.mark.parametrize("sender", ["", "   ", "whatsapp:", "hello", "+62", "12"])
def test_missing_or_malformed_from_is_a_parse_error(sender):
    with pytest.raises(ParseError):
        parse_twilio(form(From=sender))


def test_missing_message_sid_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_twilio(form(MessageSid=""))


def test_bad_media_count_and_location_are_ignored():
    msg = parse_twilio(form(NumMedia="lots", Latitude="north", Longitude=""))
    assert msg.media == [] and msg.latitude is None and msg.longitude is None


def test_mask_phone_hides_the_middle():
    assert mask_phone("+6281234567890") == "+62812****7890"
    assert mask_phone("whatsapp:+6281234567890") == "+62812****7890"
    assert "3456" not in mask_phone("+6281234567890")
