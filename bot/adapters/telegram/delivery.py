"""Engine replies as Bot API calls: send, or edit the message whose button was pressed.

"Message is not modified" means the screen already shows this reply, so it is not an error. A
message that can no longer be edited (too old, deleted) gets a fresh one instead. Transient
network failures and Telegram 5xx answers are retried a few times; 429 "retry after" is handled
by python-telegram-bot's AIORateLimiter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, NetworkError

from bot.engine.replies import Keyboard, Reply, Response

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_DELAYS = (0.5, 1.5, 3.0)
_NOT_MODIFIED = "message is not modified"
_CANNOT_EDIT = (
    "message can't be edited",
    "message to edit not found",
    "there is no text in the message to edit",
    "message_id_invalid",
    "there is no caption in the message to edit",
)


@lru_cache(maxsize=4096)
def keyboard(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    """The inline keyboard for ``buttons``; cached, as the same keyboards recur constantly and
    python-telegram-bot objects are immutable."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=button.payload) for button in row] for row in buttons]
    )


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Run an API call, retrying when the network or Telegram's side fails for a moment."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError as exc:  # includes TimedOut and Telegram 5xx answers
            if delay is None:
                raise
            log.warning("Bot API call failed (%s); retrying in %.1f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


async def deliver(bot: Bot, chat_id: int, response: Response, origin: Message | None = None) -> None:
    """Show ``response`` in ``chat_id``; ``origin`` is the message whose button was pressed."""
    for reply in response.replies:
        if reply.edit and origin is not None and await _edit(bot, chat_id, origin, reply):
            continue
        await send(bot, chat_id, reply)


async def send(bot: Bot, chat_id: int, reply: Reply) -> Message:
    return await with_retries(
        lambda: bot.send_message(chat_id=chat_id, text=reply.html, reply_markup=keyboard(reply.buttons))
    )


async def _edit(bot: Bot, chat_id: int, origin: Message, reply: Reply) -> bool:
    """Edit ``origin`` into ``reply``; False when it cannot be edited and a new message is needed."""
    markup = keyboard(reply.buttons)
    kwargs: dict[str, Any] = {"chat_id": chat_id, "message_id": origin.message_id, "reply_markup": markup}
    try:
        if origin.text is not None:
            await with_retries(lambda: bot.edit_message_text(text=reply.html, **kwargs))
        else:
            return False  # a photo or other media: send the text as a new message instead
    except BadRequest as exc:
        reason = str(exc).lower()
        if _NOT_MODIFIED in reason:
            return True
        if any(text in reason for text in _CANNOT_EDIT):
            return False
        raise
    return True
