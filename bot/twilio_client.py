"""The one client of Twilio's REST API: the real ``twilio.rest.Client``.

When ``TWILIO_API_BASE`` is set (development, tests) every request that would
go to ``https://api.twilio.com`` goes to that base URL instead, through a
custom ``http_client``; the rest of the client is Twilio's own code.
"""
from __future__ import annotations

from functools import lru_cache

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.config import Settings

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
