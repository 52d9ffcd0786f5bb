"""Operators' configuration: clear messages, the token never shown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.config import ConfigError, TelegramSettings, load_settings
from bot.storage import relative_file

TOKEN = "123456789:AAtestTOKENfor-configuration_checks"


@pytest.fixture
def environ(monkeypatch):
    """A clean environment for the settings; tests fill it in."""
    for name in list(os.environ):
        if name.startswith("KNEEBOT_") or name == "TELEGRAM_BOT_TOKEN":
            monkeypatch.delenv(name)
    return lambda **values: [monkeypatch.setenv(name, value) for name, value in values.items()]


def test_token_from_dotenv_and_environment_wins(tmp_path, environ):
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nKNEEBOT_STATE_DB=from-dotenv.sqlite3\n")
    settings = load_settings(TelegramSettings, env_file=dotenv)
    assert settings.token.get_secret_value() == TOKEN and str(settings.state_db) == "from-dotenv.sqlite3"
    environ(KNEEBOT_STATE_DB="from-env.sqlite3")
    settings = load_settings(TelegramSettings, env_file=dotenv)
    assert str(settings.state_db) == "from-env.sqlite3"
    settings = load_settings(TelegramSettings, {"state_db": "from-option.sqlite3"}, env_file=dotenv)
    assert str(settings.state_db) == "from-option.sqlite3"


def test_missing_and_malformed_tokens_explain_how_to_get_one(tmp_path, environ):
    with pytest.raises(ConfigError, match="@BotFather"):
        load_settings(TelegramSettings, env_file=tmp_path / "none")
    environ(TELEGRAM_BOT_TOKEN="not-a-token-secret123")
    with pytest.raises(ConfigError, match="does not look like a bot token") as info:
        load_settings(TelegramSettings, env_file=tmp_path / "none")
    assert "secret123" not in str(info.value)


def test_webhook_mode_needs_a_secret(tmp_path, environ):
    environ(TELEGRAM_BOT_TOKEN=TOKEN, KNEEBOT_WEBHOOK_URL="https://bot.example.org/telegram")
    with pytest.raises(ConfigError, match="KNEEBOT_WEBHOOK_SECRET"):
        load_settings(TelegramSettings, env_file=tmp_path / "none")
    environ(KNEEBOT_WEBHOOK_SECRET="s3cret_value")
    settings = load_settings(TelegramSettings, env_file=tmp_path / "none")
    assert settings.listen_address == ("0.0.0.0", 8443)
    assert "s3cret" not in repr(settings) and TOKEN not in repr(settings)


def test_api_url_with_or_without_the_bot_suffix(tmp_path, environ):
    environ(TELEGRAM_BOT_TOKEN=TOKEN)
    for url in ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot/"):
        settings = load_settings(TelegramSettings, {"api_url": url}, env_file=tmp_path / "x")
        assert settings.api_base == "http://127.0.0.1:8081/bot"
        assert settings.file_base == "http://127.0.0.1:8081/file/bot"


def test_run_without_a_token_exits_with_instructions_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr and "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_database_url_is_another_name_for_the_state_store(tmp_path, environ):
    environ(TELEGRAM_BOT_TOKEN=TOKEN, KNEEBOT_DATABASE_URL="postgresql://kneebot:s3cret@db:5432/kneebot")
    settings = load_settings(TelegramSettings, env_file=tmp_path / "none")
    assert settings.state_db == "postgresql://kneebot:s3cret@db:5432/kneebot"
    assert "s3cret" not in repr(settings)
    environ(KNEEBOT_STATE_DB="/var/lib/kneebot/state.sqlite3")
    with pytest.raises(ConfigError, match="set only one of them") as info:
        load_settings(TelegramSettings, env_file=tmp_path / "none")
    assert "s3cret" not in str(info.value)


def test_the_metrics_address_is_checked_and_optional(tmp_path, environ):
    environ(TELEGRAM_BOT_TOKEN=TOKEN)
    assert load_settings(TelegramSettings, env_file=tmp_path / "x").metrics_address is None
    environ(KNEEBOT_METRICS_LISTEN="0.0.0.0:9108")
    assert load_settings(TelegramSettings, env_file=tmp_path / "x").metrics_address == ("0.0.0.0", 9108)
    environ(KNEEBOT_METRICS_LISTEN="9108")
    with pytest.raises(ConfigError, match=r"KNEEBOT_METRICS_LISTEN\) should be HOST:PORT"):
        load_settings(TelegramSettings, env_file=tmp_path / "x")


def test_a_relative_state_path_is_named_with_where_it_resolves(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert relative_file(".kneebot/state.sqlite3") == tmp_path.resolve() / ".kneebot" / "state.sqlite3"
    assert relative_file("sqlite:///data/state.sqlite3") == tmp_path.resolve() / "data" / "state.sqlite3"
    for absolute in ("/var/lib/kneebot/state.sqlite3", "sqlite:////var/lib/kneebot/s.db", "postgresql://h/db"):
        assert relative_file(absolute) is None
