"""Logging for operators: one line per event, never a secret, never what people wrote or who they are.

The bot's own modules log update ids, counts and error types only. The libraries underneath log
whole updates and Bot API answers at DEBUG (texts, names, usernames), and python-telegram-bot
puts the received data into some error lines too. So :class:`PrivateFormatter` formats a
library's record from its message template alone: numbers and Bot API method names are filled
in, any other value shows as its type (``<dict>``, ``<Update>``). Tracebacks keep their frames
and exception types; an exception's message is shown only for errors whose text comes from the
network or the Bot API server, never from what people sent. Secrets (the bot token, the webhook
secret) are replaced wherever they appear.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

import httpx
from telegram import Bot
from telegram.error import TelegramError

from bot.storage import LOGGABLE_ERRORS

OWN_LOGGERS = ("bot.", "__main__")
# Exceptions whose message is written by the network layer or the Bot API server, or names
# only code (an attribute, a module). Others (ValueError, KeyError, pydantic's errors, ...) may
# quote the data they choked on.
_TELLING = (
    TelegramError,
    httpx.HTTPError,
    OSError,
    *LOGGABLE_ERRORS,
    TimeoutError,
    AttributeError,
    NameError,
    ImportError,
    IndexError,
    RecursionError,
)
_METHOD_NAMES = frozenset(name for name in dir(Bot) if name[:1].islower() and any(c.isupper() for c in name))
# Loggers that write a line per request or connection event; too chatty below WARNING.
_QUIET = ("httpx", "httpcore", "hpack", "tornado.access")


def describe(error: BaseException) -> str:
    """``Type: message`` when the message cannot carry what people wrote, else ``Type``."""
    name = type(error).__name__
    message = str(error) if isinstance(error, _TELLING) else ""
    return f"{name}: {message}" if message else name


def format_traceback(error: BaseException) -> str:
    """A traceback with frames and exception types, causes included, each message only if
    :func:`describe` allows it."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for link in reversed(chain):
        frames = "".join(traceback.format_tb(link.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{describe(link)}")
    return "\n\nWhile handling the above, another exception occurred:\n\n".join(parts)


def _safe_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and value in _METHOD_NAMES:
        return value
    if isinstance(value, BaseException):
        return describe(value)
    if isinstance(value, list | tuple) and all(isinstance(item, int) for item in value):
        return value  # lists of update ids
    return f"<{type(value).__name__}>"


def _own_value(value: object) -> object:
    """The bot's own log calls pass ids, counts and names of things; only errors need care."""
    return describe(value) if isinstance(value, BaseException) else value


class PrivateFormatter(logging.Formatter):
    def __init__(self, *secrets: str | None) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        own = record.name.startswith(OWN_LOGGERS)
        if not own:
            safe.msg = record.msg if isinstance(record.msg, str) else f"<{type(record.msg).__name__}>"
        clean = _own_value if own else _safe_value
        if isinstance(record.args, dict):
            safe.args = {key: clean(value) for key, value in record.args.items()}
        elif record.args:
            safe.args = tuple(clean(value) for value in record.args)
        safe.exc_info, safe.exc_text = None, None
        text = super().format(safe)
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            text = f"{text}\n{format_traceback(error)}"
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


def configure_logging(level: str, *secrets: str | None) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(PrivateFormatter(*secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    # Errors nobody caught would otherwise be printed by Python itself, messages and all.
    crash = logging.getLogger(__name__)

    def log_uncaught(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        crash.critical("uncaught %s", kind.__name__, exc_info=(kind, error, trace))

    def log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
        log_uncaught(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = log_uncaught
    threading.excepthook = log_uncaught_in_thread
