"""Log lines and tracebacks carry no message text, names or secrets, whoever writes them."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.adapters.telegram.logs import PrivateFormatter

TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"
UPDATE = {
    "update_id": 7,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 5, "type": "private", "first_name": "Zebediah", "username": "zq_handle"},
        "from": {"id": 5, "is_bot": False, "first_name": "Zebediah", "username": "zq_handle"},
        "text": "my purple elephant knees",
    },
}
PRIVATE = ("Zebediah", "zq_handle", "purple elephant")


def formatted(name: str, message: str, *args: object, exc: BaseException | None = None) -> str:
    record = logging.LogRecord(name, logging.DEBUG, __file__, 1, message, args, None)
    if exc is not None:
        try:
            raise exc
        except BaseException as raised:
            record.exc_info = (type(raised), raised, raised.__traceback__)
    return PrivateFormatter(TOKEN).format(record)


def test_library_records_keep_their_template_and_method_names_only():
    update = Update.de_json(UPDATE, None)
    line = formatted("telegram.ext.Application", "Processing update %s", update)
    assert "Processing update <Update>" in line
    line = formatted(
        "telegram.Bot", "Call to Bot API endpoint `%s` finished with return value `%s`", "getUpdates", [UPDATE]
    )
    assert "endpoint `getUpdates`" in line and "<list>" in line
    assert formatted("telegram.Bot", "Getting updates: %s", [7, 8]).endswith("Getting updates: [7, 8]")
    for text in (line, formatted("telegram.ext.Updater", "Received data was %r", UPDATE)):
        assert not any(private in text for private in PRIVATE)


def test_tracebacks_show_frames_and_types_but_not_what_people_wrote():
    name, text = PRIVATE[0], PRIVATE[2]  # (a traceback shows source lines: keep the values out of them)
    try:
        raise KeyError(name)
    except KeyError as cause:
        error = ValueError(f"could not read {text!r}")
        error.__cause__ = cause
    line = formatted("telegram.ext.Updater", "Something went wrong", exc=error)
    assert "Traceback (most recent call last)" in line and "ValueError" in line and "KeyError" in line
    assert "test_private_logs.py" in line, "the frames are kept"
    assert not any(private in line for private in PRIVATE)


def test_bot_api_errors_keep_their_message_and_secrets_are_redacted():
    line = formatted("bot.adapters.telegram.outbox", "sending failed: %s", BadRequest("Chat not found"))
    assert "BadRequest: Chat not found" in line
    assert "[redacted]" in formatted("httpx", f"POST https://api.telegram.org/bot{TOKEN}/getMe")
    assert TOKEN not in formatted("bot.x", "oops", exc=RuntimeError(f"url .../bot{TOKEN}/x"))
