#!/usr/bin/env bash
# Set up what the bot needs on this machine, idempotently:
#   - Python 3.10 (PATH, else pyenv's versions), else a clear message;
#   - .venv/ with requirements.txt installed (again only when it changed);
#   - with the argument "redis": Debian's redis-server (installed when missing and root,
#     else the command to run is printed);
#   - with the argument "chromium": Debian's chromium for the console's browser tests
#     (tests/browser: Playwright drives /usr/bin/chromium; `playwright install` cannot
#     download browsers here), installed the same way;
#   - with the argument "gammu": Debian's gammu and gammu-smsd (SMS through a USB GSM modem;
#     the tests run gammu-smsd with its dummy phone), likewise.
# Usage: scripts/setup.sh [redis] [chromium] [gammu]
set -euo pipefail

ARGS=("$@")
cd "$(dirname "$0")/.."
VENV=.venv
STAMP="$VENV/.requirements.sha256"

say() { printf '[setup] %s\n' "$*"; }

is_py310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }

find_python() {
    local candidate
    if [ -n "${PYTHON:-}" ] && is_py310 "$(command -v "$PYTHON" || echo "$PYTHON")"; then
        command -v "$PYTHON" || echo "$PYTHON"; return 0
    fi
    candidate="$(command -v python3.10 || true)"
    if [ -n "$candidate" ] && is_py310 "$candidate"; then echo "$candidate"; return 0; fi
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
        if is_py310 "$candidate"; then echo "$candidate"; return 0; fi
    done
    candidate="$(command -v python3 || true)"
    if [ -n "$candidate" ] && is_py310 "$candidate"; then echo "$candidate"; return 0; fi
    return 1
}

venv_ok() { is_py310 "$VENV/bin/python" && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }

if ! venv_ok; then
    if ! PY310="$(find_python)"; then
        cat >&2 <<'EOF'
[setup] Python 3.10 was not found (Rasa 3.6 runs on Python 3.10 and nothing newer).
[setup] Install it, then run this again. For example:
[setup]   Debian/Ubuntu:  sudo apt-get install python3.10 python3.10-venv
[setup]                   (Ubuntu without it: sudo add-apt-repository ppa:deadsnakes/ppa first)
[setup]   pyenv:          pyenv install 3.10.13
[setup]   or point PYTHON at one:  PYTHON=/path/to/python3.10 make setup
EOF
        exit 1
    fi
    say "creating $VENV with $PY310"
    rm -rf "$VENV"
    "$PY310" -m venv "$VENV"
    rm -f "$STAMP"
fi

WANT="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
    say "installing requirements.txt into $VENV (a few minutes on a fresh machine)"
    "$VENV/bin/python" -m pip install --quiet -r requirements.txt
    echo "$WANT" > "$STAMP"
else
    say "$VENV is up to date"
fi

want() { local arg; for arg in ${ARGS[@]+"${ARGS[@]}"}; do [ "$arg" = "$1" ] && return 0; done; return 1; }

# apt_install PROGRAM PACKAGES...: install Debian's PACKAGES when PROGRAM is missing (root), else say how.
apt_install() {
    local program="$1"; shift
    if command -v "$program" >/dev/null 2>&1 || [ -x "/usr/bin/$program" ]; then
        return 0
    elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian's $*"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        say "$program is missing. Install it with:"
        say "  sudo apt-get install $*"
        return 1
    fi
}

if want redis && ! apt_install redis-server redis-server; then
    say "or set REDIS_URL to a Redis server you already run."
    exit 1
fi
if want chromium && ! apt_install chromium chromium; then
    say "(tests/browser need /usr/bin/chromium for the admin console's browser tests)"
    exit 1
fi
if want gammu; then
    apt_install gammu-smsd gammu gammu-smsd || exit 1
    apt_install gammu-smsd-inject gammu gammu-smsd || exit 1
fi
