"""The one client of the Rasa server(s): their REST channel and their HTTP API.

Every call has a timeout; every failure surfaces as a ``RasaError`` subclass so
the webhook can answer politely instead of failing.

Scale-out (``RASA_URL`` naming several servers that share Redis's tracker and lock
stores): each sender has a fixed order of the servers (rendezvous hashing of the sender
and the server's URL), so one contact's turns normally go to one process, and a server
that goes away moves only its own contacts, spread over the others. A turn moves on to
the next server only when the connection could not be made (refused, or no answer to the
connect within ``CONNECT_TIMEOUT``): then the request never reached Rasa. A read timeout
or a connection dropped after the request was sent may mean the turn ran (or still runs):
it is never sent again here; the inbox decides (bot/inbox.py, by the message id in the
tracker). Reads of the HTTP API (tracker, status) are safe to repeat and go to the next
server on any failure.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

import requests
import urllib3
from urllib3.exceptions import NewConnectionError

from bot.core import settings as config
from bot.core.settings import Settings

# Twilio waits about 15 s for the webhook; leave room for the rest of the turn.
TURN_TIMEOUT = 10.0
API_TIMEOUT = 3.0
# A connection to a live Rasa is made in microseconds (loopback) or milliseconds (LAN):
# longer means that server cannot take the request, and the next one is tried.
CONNECT_TIMEOUT = 2.0
# How a turn that reached no server is described (bot/inbox.py: such a turn never ran).
UNREACHABLE = "unreachable: "

# Keep-alive connections to the Rasa servers, shared by the threads (urllib3 directly: a
# requests call costs about 0.7 ms more CPU, on every message). As many kept per server as
# requests kept (10).
_pool = urllib3.PoolManager(num_pools=16, maxsize=10)
_session = requests.Session()  # a server the environment sends through a proxy (_proxied)


class RasaError(RuntimeError):
    """Rasa could not answer."""


class RasaUnavailable(RasaError):
    """Rasa is down, unreachable or too slow."""


class RasaBadResponse(RasaError):
    """Rasa answered with an error status or something that is not its JSON."""


class RasaUnreachable(RasaUnavailable):
    """No connection could be made: the request never reached that Rasa server."""


def not_connected(exc: requests.RequestException) -> bool:
    """Whether ``exc`` means the connection was never made (refused, unreachable, or the
    connect timed out), so the request cannot have reached Rasa. A read timeout or a
    connection dropped after the request went out is not."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError) or isinstance(exc, requests.Timeout):
        return False
    reason = exc.args[0] if exc.args else None
    return isinstance(getattr(reason, "reason", reason), NewConnectionError)


def servers(settings: Settings, sender: str = "") -> list[str]:
    """The Rasa servers in the order ``sender`` tries them: highest rendezvous weight
    (a BLAKE2 hash of sender and server, not Python's per-process ``hash``) first. Stable
    across processes and restarts; with one server, just that one."""
    urls = list(settings.rasa_urls)
    if len(urls) < 2:
        return urls
    return sorted(urls, key=lambda url: (_weight(sender, url), url), reverse=True)


def _weight(sender: str, server: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{sender}|{server}".encode(), digest_size=8).digest(), "big")


def server_in(settings: Settings, text: str) -> str | None:
    """Which configured server a stored error names (``... calling <server>/...``), if any."""
    return next((url for url in settings.rasa_urls if f"{url}/" in (text or "")), None)


def _request(method: str, url: str, *, timeout: float | tuple[float, float], text: bool = False,
             **kwargs: Any) -> Any:
    """The one request function: JSON (or text) back, or a RasaError."""
    if _proxied(url.split("/", 3)[2]):
        return _request_proxied(method, url, timeout=timeout, text=text, **kwargs)
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    headers = {"Accept": "*/*"}
    body = None
    if "json" in kwargs:
        try:
            body = json.dumps(kwargs["json"], allow_nan=False).encode()
        except ValueError as exc:  # as requests' InvalidJSONError
            raise RasaUnavailable(f"InvalidJSONError calling {url.split('?')[0]}") from exc
        headers["Content-Type"] = "application/json"
    if kwargs.get("params"):
        url = f"{url}?{urlencode(kwargs['params'])}"
    try:
        response = _pool.request(method, url, body=body, headers=headers, retries=False, redirect=False,
                                 timeout=urllib3.Timeout(connect=connect, read=read))
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        name, unreachable = _failure(exc)
        raise (RasaUnreachable if unreachable else RasaUnavailable)(f"{name} calling {url.split('?')[0]}") from exc
    if response.status >= 400:
        raise RasaBadResponse(f"HTTP {response.status} from {url.split('?')[0]}")
    if text:
        return response.data.decode("utf-8", "replace")
    try:
        return json.loads(response.data)
    except ValueError as exc:
        raise RasaBadResponse("Rasa answered something that is not JSON") from exc


def _failure(exc: Exception) -> tuple[str, bool]:
    """A urllib3 failure named as requests names it (the stored errors read the same as before:
    ``ConnectTimeout``, ``ReadTimeout``, ``ConnectionError``), and whether the connection was
    never made (``not_connected``)."""
    if isinstance(exc, urllib3.exceptions.NewConnectionError):  # refused, unreachable, no such host
        return "ConnectionError", True
    if isinstance(exc, urllib3.exceptions.ConnectTimeoutError):
        return "ConnectTimeout", True
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return "ReadTimeout", False
    return "ConnectionError", False  # dropped after the request went out, or a broken answer


@lru_cache(maxsize=64)
def _proxied(host: str) -> bool:
    """Whether the environment routes ``host`` through a proxy (HTTP_PROXY without NO_PROXY):
    then requests, which honours it, carries the call, as it did every call before."""
    return bool(requests.utils.get_environ_proxies(f"http://{host}/"))


def _request_proxied(method: str, url: str, *, timeout: float | tuple[float, float], text: bool = False,
                     **kwargs: Any) -> Any:
    try:
        response = _session.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as exc:
        kind = RasaUnreachable if not_connected(exc) else RasaUnavailable
        raise kind(f"{type(exc).__name__} calling {url.split('?')[0]}") from exc
    if response.status_code >= 400:
        raise RasaBadResponse(f"HTTP {response.status_code} from {url.split('?')[0]}")
    if text:
        return response.text
    try:
        return response.json()
    except ValueError as exc:
        raise RasaBadResponse("Rasa answered something that is not JSON") from exc


def send(sender: str, text: str, metadata: dict | None = None, settings: Settings | None = None) -> list[dict]:
    """One turn through the REST channel: the bot's replies (``text``, ``image``, ``buttons``…).

    Tried on the sender's servers in order, moving on only when a server could not be
    connected to (``RasaUnreachable``); any other failure is raised at once: the turn may
    have run there, and sending it again elsewhere could run it twice."""
    settings = settings or config.current()
    body = {"sender": sender, "message": text, "metadata": metadata or {}}
    unreachable: list[str] = []
    for server in servers(settings, sender):
        try:
            replies = _request("POST", f"{server}/webhooks/rest/webhook", json=body,
                               timeout=(CONNECT_TIMEOUT, TURN_TIMEOUT))
            break
        except RasaUnreachable as exc:
            unreachable.append(str(exc))
    else:
        raise RasaUnreachable(f"{UNREACHABLE}{'; '.join(unreachable)}")
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


def _read(candidates: list[str], path: str, **kwargs: Any) -> Any:
    """A read of the HTTP API (safe to repeat) from the first of ``candidates`` that answers."""
    error: RasaError | None = None
    for server in candidates:
        try:
            return _request("GET", f"{server}{path}", timeout=(CONNECT_TIMEOUT, API_TIMEOUT), **kwargs)
        except RasaUnavailable as exc:
            error = exc
    raise error or RasaUnavailable("no Rasa server configured")


def tracker(settings: Settings, sender: str, include_events: str = "NONE") -> dict:
    """The sender's tracker through the HTTP API (needs RASA_TOKEN); every server reads the
    same tracker store, so any that answers will do (the sender's own first)."""
    params = {"include_events": include_events, **_auth(settings)}
    return _read(servers(settings, sender), f"/conversations/{quote(sender, safe='+')}/tracker", params=params)


def in_a_form(settings: Settings, sender: str) -> bool:
    """Whether a form of Rasa is asking this contact something now. Unknown (Rasa cannot say)
    counts as yes: the caller then leaves the message to the form (or the inbox)."""
    try:
        return bool((tracker(settings, sender).get("active_loop") or {}).get("name"))
    except RasaError:
        return True


def active_form(settings: Settings, sender: str) -> str | None:
    """The form asking this contact something now, or None (also when Rasa cannot say)."""
    try:
        return (tracker(settings, sender).get("active_loop") or {}).get("name")
    except RasaError:
        return None


def status(settings: Settings, server: str | None = None) -> dict:
    """Rasa's /status (model loaded) when a token is set, else its root page: of ``server``
    alone when given, else of the first server that answers."""
    candidates = [server] if server else servers(settings)
    if settings.rasa_token:
        return _read(candidates, "/status", params=_auth(settings))
    return {"status": _read(candidates, "/", text=True).strip()}


def responsive(settings: Settings, server: str) -> bool:
    """Whether ``server`` can be holding no turn that is still to run: it answers, or nothing
    listens there (a process that is gone runs nothing). A paused or overloaded server (its
    connect or its answer times out) is not."""
    try:
        status(settings, server)
        return True
    except RasaUnreachable as exc:
        return "ConnectTimeout" not in str(exc)
    except RasaError:
        return False


def action_server_health(settings: Settings) -> dict:
    """The action server's /health."""
    return _request("GET", f"{settings.action_server_url}/health", timeout=API_TIMEOUT)
