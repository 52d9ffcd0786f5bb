"""python-telegram-bot's HTTP client, telling each failed Bot API call to the metrics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest

CONNECTIONS = 256  # python-telegram-bot's own default for its Bot API client


class CountingRequest(HTTPXRequest):
    """``on_error(method, error)`` hears of every call that failed, each try of it included:
    ``error`` is the transport's failure (``TimedOut``, ``NetworkError``) or the Bot API's
    error status (``HTTP 429``)."""

    def __init__(self, on_error: Callable[[str, str], None], **options: Any) -> None:
        super().__init__(connection_pool_size=CONNECTIONS, **options)
        self._on_error = on_error

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(url, method, *args, **kwargs)
        except TelegramError as error:
            self._on_error(method_of(url), type(error).__name__)
            raise
        if code >= 400:
            self._on_error(method_of(url), f"HTTP {code}")
        return code, payload


def method_of(url: str) -> str:
    """``https://api.telegram.org/bot<token>/sendMessage`` -> ``sendMessage`` (never the token)."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    return name if name.isidentifier() and len(name) <= 64 else "other"
