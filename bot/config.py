"""Settings for every kneebot command, from the environment, a `.env` file and the command line.

Command-line options win over environment variables, which win over `.env`; every default is
written here once. :class:`Settings` is what all commands read; :class:`TelegramSettings` adds
what `kneebot run` needs. The bot token and the webhook secret are ``SecretStr``, so they never
show in a repr or a log line, and a bad value is reported as one sentence that names the
setting and never repeats a secret.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_PATTERN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
LISTEN_PATTERN = re.compile(r"([\w.\-\[\]:]*):(\d{1,5})")
DEFAULT_API_URL = "https://api.telegram.org/bot"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]

HOW_TO_GET_A_TOKEN = (
    "Get a token from @BotFather in Telegram: send it /newbot, choose a name, and it replies with a "
    "token like 123456789:AA... Put it in TELEGRAM_BOT_TOKEN, or in a .env file next to where you run "
    "kneebot (TELEGRAM_BOT_TOKEN=...)."
)


class ConfigError(Exception):
    """A setting is missing or malformed; the message says how to fix it."""


class Settings(BaseSettings):
    """What every command reads. Each field ``name`` comes from ``KNEEBOT_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix="KNEEBOT_", env_file=".env", env_ignore_empty=True, extra="ignore", frozen=True
    )

    knowledge: Path | None = None  # None: the shipped knowledge
    # Where conversations are kept: a SQLite file, or a store's URL (see bot.storage).
    chat_db: str = Field(default=".kneebot/chat.sqlite3", repr=False)
    pictures_dir: Path = Path(".kneebot/pictures")
    # Embeddings of the knowledge, computed once per version of it (a few seconds) and kept here.
    cache_dir: Path = Path(".kneebot/cache")
    # What people tell the bot about themselves is forgotten this many days after they last said it.
    profile_days: int = Field(default=90, ge=1, le=3650)
    # Pain ratings are kept this many days.
    diary_days: int = Field(default=365, ge=1, le=3650)
    # Where `kneebot run` serves /metrics (Prometheus), /healthz and /readyz (unset: nowhere), and
    # where `kneebot health` asks.
    metrics_listen: str | None = None

    @field_validator("chat_db", "state_db", mode="before", check_fields=False)
    @classmethod
    def _location(cls, value: object) -> object:
        """A store given as a Path is that SQLite file, as when it is given as text."""
        return os.fspath(value) if isinstance(value, os.PathLike) else value

    @field_validator("metrics_listen")
    @classmethod
    def _metrics_listen(cls, value: str | None) -> str | None:
        where = "the metrics and health address (--metrics-listen or KNEEBOT_METRICS_LISTEN)"
        return _address(value, where, "0.0.0.0:9108") if value else None

    @property
    def metrics_address(self) -> tuple[str, int] | None:
        return host_and_port(self.metrics_listen) if self.metrics_listen else None

    @property
    def profile_max_age(self) -> float:
        return self.profile_days * 24 * 3600.0

    @property
    def diary_max_age(self) -> float:
        return self.diary_days * 24 * 3600.0


class TelegramSettings(Settings):
    """What `kneebot run` needs besides: the token, where the Bot API is, and how to listen."""

    token: SecretStr = Field(validation_alias="TELEGRAM_BOT_TOKEN")
    api_url: str = DEFAULT_API_URL
    # Where conversations, the diary and reminders are kept: a SQLite file, or a store's URL
    # (postgresql://user:password@host:5432/database). KNEEBOT_DATABASE_URL, the name container
    # platforms use, is another name for it.
    state_db: str = Field(default=".kneebot/state.sqlite3", repr=False)  # a URL may hold a password
    database_url: str | None = Field(default=None, exclude=True, repr=False)
    log_level: LogLevel = "INFO"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    listen: str = "0.0.0.0:8443"
    max_rate: float = 30.0  # messages per second across all chats, Telegram's documented bulk limit
    # For tests and demonstrations only: seconds added to the clock, so a reminder's time can be
    # reached without waiting for it.
    clock_offset: float = Field(default=0.0, ge=-366 * 86400, le=366 * 86400)
    read_timeout: float = Field(default=10.0, gt=0)  # seconds to wait for the Bot API's answer to a call
    # Seconds the bot keeps retrying while the Bot API rejects its token (401/404) before it exits.
    rejected_token_timeout: float = Field(default=120.0, gt=0)
    # Seconds an instance's claim on work (a due reminder, a message to send, an update) lasts
    # unless renewed: how soon another instance takes over the work of one that died.
    lease_seconds: float = Field(default=30.0, ge=2, le=3600)

    @model_validator(mode="before")
    @classmethod
    def _one_database(cls, values: Any) -> Any:
        """KNEEBOT_DATABASE_URL is KNEEBOT_STATE_DB under its conventional name: one of the two."""
        if not isinstance(values, dict) or not values.get("database_url"):
            return values
        url = values.pop("database_url")
        if values.get("state_db") not in (None, url):
            raise ValueError(
                "KNEEBOT_DATABASE_URL and KNEEBOT_STATE_DB (or --state) both say where to keep conversations; "
                "set only one of them."
            )
        return {**values, "state_db": url}

    @field_validator("token", mode="before")
    @classmethod
    def _token_shape(cls, value: Any) -> Any:
        text = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        if not TOKEN_PATTERN.fullmatch(text.strip()):
            raise ValueError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, digits, "
                "'-' or '_'). " + HOW_TO_GET_A_TOKEN
            )
        return text.strip()

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        return _web_address(value, "the Bot API URL (--api-url or KNEEBOT_API_URL)", DEFAULT_API_URL)

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        example = "https://bot.example.org/telegram"
        return _web_address(value, "the webhook URL (--webhook-url or KNEEBOT_WEBHOOK_URL)", example) if value else None

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> Any:
        level = str(value).strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError(f"KNEEBOT_LOG_LEVEL should be DEBUG, INFO, WARNING or ERROR (got {str(value)[:20]!r}).")
        return level

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _secret_shape(cls, value: Any) -> Any:
        if value and not SECRET_PATTERN.fullmatch(str(value)):
            raise ValueError("KNEEBOT_WEBHOOK_SECRET may contain only letters, digits, '_' and '-' (1-256 characters).")
        return value or None

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        return _address(value, "the listening address (--listen or KNEEBOT_LISTEN)", "0.0.0.0:8443")

    @field_validator("max_rate", mode="before")
    @classmethod
    def _max_rate(cls, value: Any) -> Any:
        try:
            rate = float(value)
        except (TypeError, ValueError):
            rate = -1.0
        if not 0 <= rate < float("inf"):
            raise ValueError("KNEEBOT_MAX_RATE should be a number of messages per second (0 = no limit).")
        return rate

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> TelegramSettings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("KNEEBOT_WEBHOOK_SECRET must be set in webhook mode (letters, digits, '_' and '-').")
        return self

    def clock(self) -> float:
        """Now, as the bot sees it (the real time unless KNEEBOT_CLOCK_OFFSET says otherwise)."""
        return time.time() + self.clock_offset

    @property
    def bot_id(self) -> int:
        """The bot's own id: the digits before the colon of its token."""
        return int(self.token.get_secret_value().split(":", 1)[0])

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
        return host_and_port(self.listen)


def host_and_port(address: str) -> tuple[str, int]:
    """``HOST:PORT`` (already checked) as a pair; no host means every interface."""
    host, _, port = address.rpartition(":")
    return host.strip("[]") or "0.0.0.0", int(port)


def _address(value: str, what: str, example: str) -> str:
    found = LISTEN_PATTERN.fullmatch(value)
    if not found or not 0 < int(found.group(2)) < 65536:
        raise ValueError(
            f"{what} should be HOST:PORT with a port from 1 to 65535, for example {example} (got {value[:60]!r})."
        )
    return value


def _web_address(value: str, what: str, example: str) -> str:
    """``value`` if it is an http(s) URL with a host and a valid port; else a clear ValueError."""
    try:
        parts = urlsplit(value.strip())
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number from 0 to 65535
        valid = False
    if not valid:
        raise ValueError(
            f"{what} should be an http:// or https:// address with a host and, if any, a port from 1 to 65535, "
            f"such as {example} (got {value[:80]!r})."
        )
    return value.strip()


S = TypeVar("S", bound=Settings)


def load_settings(kind: type[S], options: Mapping[str, Any] | None = None, env_file: str | Path = ".env") -> S:
    """``kind`` from the command-line ``options`` (None means not given), the environment and
    ``env_file``; raises :class:`ConfigError` with one sentence per problem."""
    given = {name: value for name, value in (options or {}).items() if value is not None}
    try:
        return kind(_env_file=env_file, **given)
    except ValidationError as exc:
        raise ConfigError(" ".join(_explain(error, kind) for error in exc.errors())) from None


def _explain(error: Any, kind: type[Settings]) -> str:
    """One problem as a sentence; pydantic's own wording never includes the value given."""
    name = str(error["loc"][0]) if error["loc"] else ""
    variable = f"KNEEBOT_{name.upper()}" if name in kind.model_fields else name  # else it is the alias
    if error["type"] == "missing":
        hint = " " + HOW_TO_GET_A_TOKEN if variable == "TELEGRAM_BOT_TOKEN" else ""
        return f"{variable} is not set.{hint}"
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    return f"{variable}: {error['msg']}."
