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
