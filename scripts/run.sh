#!/usr/bin/env bash
# `make run`: everything in the foreground through honcho (Procfile).
# Sets up the venv, trains a model if needed, fills in development defaults,
# starts Redis (unless REDIS_URL is set), Rasa, the action server, the webhook,
# the outbound worker and, in development without a Twilio account, the local
# fake Twilio (and, with FAKE_SMSGATE=1, a stand-in SMSGate phone). RASA_PROCESSES=N
# starts N Rasa servers (scale-out). Ctrl-C or SIGTERM stops every child.
set -euo pipefail
cd "$(dirname "$0")/.."
export SK_RUN_STARTED="$(date +%s)"
say() { printf '[run] %s\n' "$*"; }

SETUP_ARGS=()
[ -z "${REDIS_URL:-}" ] && SETUP_ARGS+=(redis)
case ",${CHANNELS:-},${SMS_PROVIDER:-}," in *,gammu,*) SETUP_ARGS+=(gammu) ;; esac  # the modem's gammu-smsd-inject
scripts/setup.sh ${SETUP_ARGS[@]+"${SETUP_ARGS[@]}"}
PY=.venv/bin/python

export APP_ENV="${APP_ENV:-development}"
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1 TF_CPP_MIN_LOG_LEVEL=2 SANIC_HOST=127.0.0.1
export DATA_DIR="${DATA_DIR:-var}"
mkdir -p "$DATA_DIR/redis"
export PORT="${PORT:-5000}" HOST="${HOST:-127.0.0.1}"
# honcho sets PORT for each process itself: the Procfile uses WEB_PORT.
export WEB_PORT="$PORT"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_busy() { "$PY" -c 'import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)' "$1"; }
url_port() { "$PY" -c 'import sys; from urllib.parse import urlparse; print(urlparse(sys.argv[1]).port or sys.argv[2])' "$1" "$2"; }
url_origin() { "$PY" -c 'import sys; from urllib.parse import urlparse; u = urlparse(sys.argv[1]); print(f"{u.scheme}://{u.hostname}")' "$1"; }

# Development secrets: generated once, kept in $DATA_DIR/dev.env (the chat command reads it too).
DEV_ENV="$DATA_DIR/dev.env"
if [ "$APP_ENV" != "production" ]; then
    touch "$DEV_ENV"; chmod 600 "$DEV_ENV"
    for name in TWILIO_AUTH_TOKEN RASA_TOKEN ADMIN_API_TOKEN SECRET_KEY; do
        if [ -z "${!name:-}" ]; then
            value="$(grep -E "^$name=" "$DEV_ENV" | tail -1 | cut -d= -f2- || true)"
            if [ -z "$value" ]; then
                value="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
                echo "$name=$value" >> "$DEV_ENV"
            fi
            export "$name=$value"
            [ "$name" = TWILIO_AUTH_TOKEN ] && say "development TWILIO_AUTH_TOKEN=$value (saved in $DEV_ENV)"
        fi
    done
else
    # Fails here, before anything starts, when a production secret is missing.
    "$PY" -c 'import sys
from bot.core.settings import ConfigError, load_settings
try:
    for process in ("web", "worker", "actions"):
        load_settings(process=process)
except ConfigError as exc:
    sys.exit(f"[run] {exc}")'
    export RASA_TOKEN="${RASA_TOKEN:-$("$PY" -c 'import secrets; print(secrets.token_hex(16))')}"
fi

PROCS=(actions rasa webhook worker ready)
if [ -z "${REDIS_URL:-}" ]; then
    REDIS_PORT=6379
    if port_busy "$REDIS_PORT"; then REDIS_PORT="$(free_port)"; say "port 6379 is taken; our Redis uses $REDIS_PORT"; fi
    export REDIS_PORT REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    PROCS=(redis "${PROCS[@]}")
fi
export RASA_URL="${RASA_URL:-http://127.0.0.1:5005}" ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:5055}"
RASA_URL="${RASA_URL%%,*}"  # the first server: the others are the next ports (below)
export RASA_PORT="$(url_port "$RASA_URL" 5005)" ACTIONS_PORT="$(url_port "$ACTION_SERVER_URL" 5055)"
# Scale-out: RASA_PROCESSES Rasa servers on consecutive ports from RASA_PORT, sharing Redis's
# tracker and lock stores; the webhook and the worker get them all in RASA_URL (docs/design.md).
RASA_PROCESSES="${RASA_PROCESSES:-1}"
if ! [[ "$RASA_PROCESSES" =~ ^[1-9][0-9]*$ ]]; then echo "[run] RASA_PROCESSES must be a whole number >= 1" >&2; exit 2; fi
if [ "$RASA_PROCESSES" -gt 1 ]; then
    origin="$(url_origin "$RASA_URL")" RASA_URL=""
    for ((i = 0; i < RASA_PROCESSES; i++)); do RASA_URL="${RASA_URL:+$RASA_URL,}$origin:$((RASA_PORT + i))"; done
    # a server killed mid-turn holds that contact's Rasa lock until the ticket expires (60 s by default)
    export TICKET_LOCK_LIFETIME="${TICKET_LOCK_LIFETIME:-15}"
    say "$RASA_PROCESSES Rasa servers: $RASA_URL"
fi
if [ "$APP_ENV" != "production" ] && [ -z "${TWILIO_API_BASE:-}" ] && [ -z "${TWILIO_ACCOUNT_SID:-}" ]; then
    FAKE_TWILIO_PORT="${FAKE_TWILIO_PORT:-5099}"
    if [ "$FAKE_TWILIO_PORT" = "$PORT" ] || port_busy "$FAKE_TWILIO_PORT"; then
        FAKE_TWILIO_PORT="$(free_port)"; say "port 5099 is taken; the fake Twilio uses $FAKE_TWILIO_PORT"
    fi
    export FAKE_TWILIO_PORT
    export TWILIO_API_BASE="http://127.0.0.1:$FAKE_TWILIO_PORT"
    say "no Twilio account set: outbound messages go to the local fake Twilio at $TWILIO_API_BASE/_fake/messages"
    PROCS+=(faketwilio)
fi

if [ "${FAKE_SMSGATE:-}" = 1 ] && [ -n "${SMSGATE_URL:-}" ]; then
    say "FAKE_SMSGATE=1 ignored: SMSGATE_URL is set, so the bot talks to that phone (unset it for the stand-in)"
fi
if [ "$APP_ENV" != "production" ] && [ "${FAKE_SMSGATE:-}" = 1 ] && [ -z "${SMSGATE_URL:-}" ]; then
    # A stand-in Android phone with SMSGate (development only, on request): the webhook registered.
    FAKE_SMSGATE_PORT="${FAKE_SMSGATE_PORT:-5098}"
    if [ "$FAKE_SMSGATE_PORT" = "$PORT" ] || port_busy "$FAKE_SMSGATE_PORT"; then FAKE_SMSGATE_PORT="$(free_port)"; fi
    for name in SMSGATE_PASSWORD SMSGATE_WEBHOOK_SECRET; do
        value="$(grep -E "^$name=" "$DEV_ENV" | tail -1 | cut -d= -f2- || true)"
        if [ -z "$value" ]; then
            value="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"; echo "$name=$value" >> "$DEV_ENV"
        fi
        export "$name=$value"
    done
    export FAKE_SMSGATE_PORT SMSGATE_URL="http://127.0.0.1:$FAKE_SMSGATE_PORT" SMSGATE_USER=sms
    say "FAKE_SMSGATE=1: a stand-in SMSGate phone at $SMSGATE_URL (text the bot: POST $SMSGATE_URL/_fake/receive)"
    PROCS+=(fakesmsgate)
fi

"$PY" scripts/train.py
# The database is migrated here, once, before any server process starts.
"$PY" -m bot.core.store.schema
case ",${CHANNELS:-},${SMS_PROVIDER:-}," in
    *,gammu,*)
        # The modem's SMSD with the configuration written from the settings (README, "Gammu"),
        # unless it runs elsewhere (a systemd service): GAMMU_SMSD=0.
        say "gammu: SMSD configuration $("$PY" -m bot.gammu_hook config)"
        if [ "${GAMMU_SMSD:-1}" != 0 ]; then PROCS+=(smsd); fi ;;
esac
say "starting: ${PROCS[*]} (webhook on http://$HOST:$PORT)"
exec .venv/bin/honcho start -f Procfile -c "rasa=$RASA_PROCESSES" "${PROCS[@]}"
