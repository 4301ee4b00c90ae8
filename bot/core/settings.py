"""Configuration, read once from the environment, in one place.

Each process (webhook, action server, worker, CLI) reads its ``Settings`` once:
the entry point calls ``load_settings(process=...)`` (which checks the secrets that
process needs in production) and hands the result on, or library code asks for the
process's settings with ``current()`` (read from the environment the first time).
Tests install their own with ``use(settings)``. Nothing else reads ``os.environ``
for these names.

Also the one place that knows the repository root and the data files.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DOMAIN_DIR = ROOT / "domain"
OFFICERS_CSV = DATA / "officers.csv"
CATALOGUE_YML = DATA / "document_catalogue.yml"
KSPR_CSV = DATA / "kspr_factors.csv"

# Secrets that must be set explicitly when APP_ENV=production, by process: the action
# server only queues messages (the worker sends them) and serves no admin API.
PRODUCTION_SECRETS = ("TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "ADMIN_API_TOKEN", "SECRET_KEY")
PROCESS_SECRETS = {
    "web": PRODUCTION_SECRETS,
    "worker": ("TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"),
    "actions": (),
    "cli": (),
}


# Providers that can carry messages (bot/core/channels.py PROVIDERS); CHANNELS picks some.
KNOWN_PROVIDERS = ("twilio", "smsgate", "gammu")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


@dataclass(frozen=True)
class Settings:
    app_env: str = "development"
    twilio_auth_token: str = ""
    twilio_account_sid: str = "ACdev00000000000000000000000000000"
    twilio_sms_from: str = "+15005550006"
    twilio_whatsapp_from: str = "whatsapp:+14155238886"
    # Base URL of Twilio's REST API. Unset = Twilio's cloud; in tests and local
    # runs it points at the local stand-in (bot/fake_twilio.py).
    twilio_api_base: str = ""
    public_base_url: str = ""
    # Reverse proxies in front of the webhook (nginx, a tunnel) whose X-Forwarded-For/-Proto/-Host
    # are trusted: the client's address for login throttling and the audit log. 0: none.
    proxy_hops: int = 0
    redis_url: str = "redis://127.0.0.1:6379/0"
    data_dir: Path = field(default_factory=lambda: ROOT / "var")
    admin_api_token: str = ""
    secret_key: str = ""
    port: int = 5000
    host: str = "127.0.0.1"
    # The Rasa servers, in the order RASA_URL names them (a comma-separated list for a
    # scale-out: every one serves every contact; bot/rasa_client.py picks one per sender).
    rasa_urls: tuple[str, ...] = ("http://127.0.0.1:5005",)
    rasa_token: str = ""
    action_server_url: str = "http://127.0.0.1:5055"
    # Seconds an officer has to acknowledge an emergency before the next in line is told.
    emergency_ack_seconds: int = 600
    # Seconds the "3 Darurat" menu question waits for an answer before the officers are
    # paged anyway (bot/emergency_menu.py).
    emergency_menu_wait_seconds: int = 180
    # A handover (OPR case) with no word from either side for this many hours closes itself:
    # the contact goes back to the bot (bot.core.workflow.close_stale_handovers, run by the sweep).
    handover_stale_hours: int = 24
    # A form left unanswered this many minutes is reminded once (bot/nudge.py); 0: never.
    form_nudge_minutes: int = 20
    # Where the console's export button writes the reviewed examples (``flask nlu export
    # --out``): data/nlu/, which ``make train`` reads. Tests point it elsewhere.
    nlu_export_out: Path = field(default_factory=lambda: DATA / "nlu" / "reviewed.yml")
    # A flood from one number (bot/twilio_webhook.py): more than this many messages in 10 s
    # get one polite note, then silence (each message is still stored). A person typing on a
    # phone never comes near it; the test stack raises it for its scripted villagers.
    sender_burst: int = 6
    # All senders together: past this many messages in 10 s, new ones wait in the inbox (one
    # note each contact) and the drain answers them at its own pace; a danger sign always passes.
    global_burst: int = 100
    # Which providers are switched on (CHANNELS, comma-separated; default: twilio, plus smsgate
    # when SMSGATE_URL is set). Twilio always carries WhatsApp.
    channels: tuple[str, ...] = ("twilio",)
    # Who carries SMS to someone who never wrote (SMS_PROVIDER; default: the first local gateway on).
    sms_provider: str = "twilio"
    # SMSGate for Android (CONTRACT.md 2a): the phone's API (local mode) or a private server.
    smsgate_url: str = ""
    smsgate_user: str = ""
    smsgate_password: str = ""
    smsgate_webhook_secret: str = ""
    # Seconds between two SMS through a local gateway (SMS_GATEWAY_INTERVAL): the paced queue.
    sms_gateway_interval: float = 3.0
    # Days messages are kept (``flask retention run``; bot/core/privacy.py): older messages are
    # deleted and cases closed that long ago pseudonymised.
    retention_days: int = 365
    # Gammu SMSD and a USB GSM modem with a local SIM (bot/core/gammu.py): the modem: GAMMU_DEVICE (a serial port), GAMMU_CONNECTION
    # (Gammu's connection, "at" for a modem), GAMMU_MODEL ("dummy" in tests: GAMMU_DEVICE is then
    # a folder), GAMMU_PIN (the SIM's PIN, when it has one).
    gammu_device: str = "/dev/ttyUSB0"
    gammu_connection: str = "at"
    gammu_model: str = ""
    gammu_pin: str = ""

    @property
    def rasa_url(self) -> str:
        """The first Rasa server (the only one, unless RASA_URL names several)."""
        return self.rasa_urls[0]

    @property
    def db_path(self) -> Path:
        return Path(self.data_dir) / "smartkampung.db"

    @property
    def production(self) -> bool:
        return self.app_env == "production"


def load_settings(env: dict | None = None, *, process: str = "web") -> Settings:
    """Build Settings from ``env`` (default: ``os.environ``).

    In production every secret ``process`` needs must be set (``PROCESS_SECRETS``);
    in development a missing ``TWILIO_AUTH_TOKEN`` is *not* silently accepted by the
    webhook (it fails closed), the run command generates one and prints it.
    """
    env = dict(os.environ if env is None else env)
    app_env = env.get("APP_ENV", "development").strip() or "development"
    if app_env == "production":
        missing = [name for name in PROCESS_SECRETS[process] if not env.get(name)]
        if missing:
            raise ConfigError(
                "APP_ENV=production needs these variables set: " + ", ".join(missing)
            )
    channels, sms_provider = parse_channels(env)
    if app_env == "production" and "smsgate" in channels:
        needed = {"web": ("SMSGATE_WEBHOOK_SECRET",), "worker": ("SMSGATE_PASSWORD",)}.get(process, ())
        missing = [name for name in needed if not env.get(name)]
        if missing:
            raise ConfigError("APP_ENV=production with SMSGATE_URL needs these variables set: " + ", ".join(missing))
    data_dir = Path(env.get("DATA_DIR") or ROOT / "var")
    if not data_dir.is_absolute():
        data_dir = ROOT / data_dir
    defaults = Settings()
    return Settings(
        app_env=app_env,
        twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
        twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or defaults.twilio_account_sid,
        twilio_sms_from=env.get("TWILIO_SMS_FROM") or defaults.twilio_sms_from,
        twilio_whatsapp_from=env.get("TWILIO_WHATSAPP_FROM") or defaults.twilio_whatsapp_from,
        twilio_api_base=env.get("TWILIO_API_BASE", "").rstrip("/"),
        public_base_url=env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        proxy_hops=_whole(env, "PROXY_HOPS", 0),
        redis_url=env.get("REDIS_URL") or defaults.redis_url,
        data_dir=data_dir,
        admin_api_token=env.get("ADMIN_API_TOKEN", ""),
        secret_key=env.get("SECRET_KEY") or secrets.token_hex(16),
        port=int(env.get("PORT") or 5000),
        host=env.get("HOST") or "127.0.0.1",
        rasa_urls=parse_rasa_urls(env.get("RASA_URL", "")) or defaults.rasa_urls,
        rasa_token=env.get("RASA_TOKEN", ""),
        action_server_url=(env.get("ACTION_SERVER_URL") or defaults.action_server_url).rstrip("/"),
        emergency_ack_seconds=int(env.get("EMERGENCY_ACK_SECONDS") or 600),
        emergency_menu_wait_seconds=int(env.get("EMERGENCY_MENU_WAIT_SECONDS") or 180),
        handover_stale_hours=int(env.get("HANDOVER_STALE_HOURS") or 24),
        form_nudge_minutes=int(env.get("FORM_NUDGE_MINUTES") or 20),
        nlu_export_out=Path(env.get("NLU_EXPORT_OUT") or DATA / "nlu" / "reviewed.yml"),
        sender_burst=int(env.get("SENDER_BURST") or 6),
        global_burst=int(env.get("GLOBAL_BURST") or 100),
        channels=channels,
        sms_provider=sms_provider,
        smsgate_url=env.get("SMSGATE_URL", "").strip().rstrip("/"),
        smsgate_user=env.get("SMSGATE_USER", "").strip() or "sms",
        smsgate_password=env.get("SMSGATE_PASSWORD", ""),
        smsgate_webhook_secret=env.get("SMSGATE_WEBHOOK_SECRET", ""),
        sms_gateway_interval=_seconds(env.get("SMS_GATEWAY_INTERVAL"), 3.0),
        retention_days=int(env.get("RETENTION_DAYS") or 365),
        gammu_device=env.get("GAMMU_DEVICE") or defaults.gammu_device,
        gammu_connection=env.get("GAMMU_CONNECTION") or defaults.gammu_connection,
        gammu_model=env.get("GAMMU_MODEL", ""),
        gammu_pin=env.get("GAMMU_PIN", ""),
    )


def _seconds(value: str | None, default: float) -> float:
    try:
        number = float(value) if value not in (None, "") else default
    except ValueError as exc:
        raise ConfigError(f"not a number of seconds: {value!r}") from exc
    if not 0 <= number <= 3600:
        raise ConfigError(f"seconds out of range (0-3600): {value!r}")
    return number


def _whole(env: dict, name: str, default: int) -> int:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number >= 0, not {value!r}")
    return int(value)


def parse_channels(env: dict) -> tuple[tuple[str, ...], str]:
    """(the providers switched on, the provider for SMS to someone who never wrote).

    CHANNELS names them (``twilio,smsgate``); unset: twilio, plus smsgate when SMSGATE_URL is
    set and gammu when SMS_PROVIDER=gammu. A local gateway named without its address, or a name we do not know, is an error."""
    value = env.get("CHANNELS", "")
    if value.strip():
        names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    else:
        names = ("twilio",) + (("smsgate",) if env.get("SMSGATE_URL", "").strip() else ()) + (
            ("gammu",) if (env.get("SMS_PROVIDER") or "").strip().lower() == "gammu" else ())
    unknown = [name for name in names if name not in KNOWN_PROVIDERS]
    if unknown:
        raise ConfigError(f"CHANNELS names unknown providers: {', '.join(unknown)} (known: {', '.join(KNOWN_PROVIDERS)})")
    if "smsgate" in names and not env.get("SMSGATE_URL", "").strip():
        raise ConfigError("CHANNELS names smsgate but SMSGATE_URL is not set")
    local = [name for name in names if name != "twilio"]
    sms_provider = (env.get("SMS_PROVIDER") or "").strip().lower() or (local[0] if local else "twilio")
    if sms_provider not in names:
        raise ConfigError(f"SMS_PROVIDER={sms_provider} is not one of CHANNELS ({', '.join(names)})")
    return names, sms_provider


def parse_rasa_urls(value: str) -> tuple[str, ...]:
    """RASA_URL: one URL, or several separated by commas (each once, in order, no trailing '/')."""
    urls = (part.strip().rstrip("/") for part in value.split(","))
    return tuple(dict.fromkeys(url for url in urls if url))


_current: Settings | None = None


def current() -> Settings:
    """This process's settings: those installed with ``use``, else read from the
    environment once (no secret is demanded here; entry points check their own)."""
    global _current
    if _current is None:
        _current = load_settings(process="cli")
    return _current


def use(settings: Settings | None) -> None:
    """Install ``settings`` as this process's (entry points, tests); None forgets them."""
    global _current
    _current = settings
