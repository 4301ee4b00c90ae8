"""Configuration is read once from the environment; production refuses to start without secrets."""
import pytest

from bot.core.settings import ConfigError, load_settings


def test_development_defaults():
    s = load_settings({})
    assert (s.app_env, s.port, s.host) == ("development", 5000, "127.0.0.1")
    assert s.redis_url == "redis://127.0.0.1:6379/0"
    assert s.db_path.name == "smartkampung.db" and s.db_path.parent.name == "var"
    assert s.twilio_auth_token == ""  # the webhook fails closed on an empty token


def test_environment_overrides(tmp_path):
    s = load_settings({"PORT": "8080", "HOST": "0.0.0.0", "DATA_DIR": str(tmp_path),
                       "PUBLIC_BASE_URL": "https://bot.example.id/", "REDIS_URL": "redis://h:1/2"})
    assert (s.port, s.host, s.redis_url) == (8080, "0.0.0.0", "redis://h:1/2")
    assert s.db_path == tmp_path / "smartkampung.db"
    assert s.public_base_url == "https://bot.example.id"


def test_production_refuses_missing_secrets():
    with pytest.raises(ConfigError) as err:
        load_settings({"APP_ENV": "production", "TWILIO_AUTH_TOKEN": "t"})
    assert "ADMIN_API_TOKEN" in str(err.value) and "TWILIO_ACCOUNT_SID" in str(err.value)


def test_production_with_secrets():
    env = {"APP_ENV": "production", "TWILIO_AUTH_TOKEN": "t", "TWILIO_ACCOUNT_SID": "AC1",
           "ADMIN_API_TOKEN": "a", "SECRET_KEY": "k"}
    s = load_settings(env)
    assert s.production and s.secret_key == "k"


def test_the_run_command_refuses_to_start_production_without_secrets(tmp_path):
    """The run command checks every process's secrets before anything starts (it imported a
    module that no longer existed, so production could not start at all)."""
    import subprocess

    from tests.support import ROOT

    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "APP_ENV": "production", "DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run(["bash", str(ROOT / "scripts" / "run.sh")], check=False, cwd=tmp_path, env=env,
                            capture_output=True,
                            text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "needs these variables set" in out and "TWILIO_AUTH_TOKEN" in out
    assert "Traceback" not in out and "ModuleNotFoundError" not in out


def test_proxy_hops_trust_the_forwarded_address_only_when_set(settings_env):
    """Behind nginx the console sees the client's own address (login throttling, the audit
    log); with nothing in front a forged X-Forwarded-For is not believed."""
    import pytest

    from bot import create_app
    from bot.core.settings import ConfigError, load_settings

    direct = create_app({**settings_env})
    behind = create_app({**settings_env, "PROXY_HOPS": "1"})
    assert direct.config["SETTINGS"].proxy_hops == 0 and behind.config["SETTINGS"].proxy_hops == 1

    def remote(app) -> str:
        captured = {}

        @app.get("/_whoami")
        def whoami():
            from flask import request

            captured["addr"] = request.remote_addr
            return "ok"

        app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"},
                              environ_base={"REMOTE_ADDR": "127.0.0.1"})
        return captured["addr"]

    assert remote(direct) == "127.0.0.1"
    assert remote(behind) == "203.0.113.9"
    with pytest.raises(ConfigError, match="PROXY_HOPS"):
        load_settings({**settings_env, "PROXY_HOPS": "two"})
