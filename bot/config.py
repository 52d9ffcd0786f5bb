"""Configuration for `kneebot run`, from the environment and an optional `.env` file.

Environment variables win over `.env`; command-line options win over both. The bot token is
checked for shape here so a typo is reported before any network call, and it is never printed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
DEFAULT_API_URL = "https://api.telegram.org/bot"

HOW_TO_GET_A_TOKEN = (
    "Get a token from @BotFather in Telegram: send it /newbot, choose a name, and it replies with a "
    "token like 123456789:AA... Put it in TELEGRAM_BOT_TOKEN, or in a .env file next to where you run "
    "kneebot (TELEGRAM_BOT_TOKEN=...)."
)


class ConfigError(Exception):
    """A setting is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str
    api_url: str = DEFAULT_API_URL
    state_db: Path = Path(".kneebot/state.sqlite3")
    knowledge: str | None = None
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    listen: str = "0.0.0.0:8443"
    overall_max_rate: float = 30.0  # messages per second, Telegram's documented bulk limit
    pictures_dir: Path = Path(".kneebot/pictures")

    def __repr__(self) -> str:  # never show the token or the webhook secret
        return f"Settings(api_url={self.api_url!r}, state_db={str(self.state_db)!r}, webhook={bool(self.webhook_url)})"

    @property
    def api_base(self) -> str:
        """Base URL for python-telegram-bot, which appends the token: ``.../bot``."""
        base = self.api_url.rstrip("/")
        return base if base.endswith("/bot") else base + "/bot"

    @property
    def file_base(self) -> str:
        return self.api_base[: -len("/bot")] + "/file/bot"

    @property
    def listen_address(self) -> tuple[str, int]:
        host, _, port = self.listen.rpartition(":")
        return host or "0.0.0.0", int(port)


def load_settings(
    overrides: Mapping[str, str | None] | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_path: str | Path = ".env",
) -> Settings:
    """Settings from ``environ`` (default: os.environ) over ``.env``, then ``overrides``."""
    values: dict[str, str | None] = {}
    if Path(dotenv_path).is_file():
        values.update(dotenv_values(dotenv_path))
    values.update(os.environ if environ is None else environ)
    values.update({key: value for key, value in (overrides or {}).items() if value is not None})

    token = (values.get("TELEGRAM_BOT_TOKEN") or "").strip()
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set. " + HOW_TO_GET_A_TOKEN)
    if not TOKEN_PATTERN.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, digits, "
            "'-' or '_'). " + HOW_TO_GET_A_TOKEN
        )

    webhook_url = values.get("KNEEBOT_WEBHOOK_URL") or None
    webhook_secret = values.get("KNEEBOT_WEBHOOK_SECRET") or None
    if webhook_url and not webhook_secret:
        raise ConfigError("KNEEBOT_WEBHOOK_SECRET must be set in webhook mode (letters, digits, '_' and '-').")
    if webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", webhook_secret):
        raise ConfigError("KNEEBOT_WEBHOOK_SECRET may contain only letters, digits, '_' and '-' (1-256 characters).")

    listen = values.get("KNEEBOT_LISTEN") or "0.0.0.0:8443"
    if not re.fullmatch(r"[\w.\-\[\]:]*:\d{1,5}", listen):
        raise ConfigError(f"KNEEBOT_LISTEN should be HOST:PORT, for example 0.0.0.0:8443 (got {listen!r}).")
    try:
        rate = float(values.get("KNEEBOT_MAX_RATE") or 30)
    except ValueError as exc:
        raise ConfigError("KNEEBOT_MAX_RATE should be a number of messages per second (0 = no limit).") from exc

    return Settings(
        token=token,
        api_url=values.get("KNEEBOT_API_URL") or DEFAULT_API_URL,
        state_db=Path(values.get("KNEEBOT_STATE_DB") or ".kneebot/state.sqlite3"),
        knowledge=values.get("KNEEBOT_KNOWLEDGE") or None,
        log_level=(values.get("KNEEBOT_LOG_LEVEL") or "INFO").upper(),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        listen=listen,
        overall_max_rate=rate,
        pictures_dir=Path(values.get("KNEEBOT_PICTURES_DIR") or ".kneebot/pictures"),
    )
