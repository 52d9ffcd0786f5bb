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
from functools import lru_cache, partial
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, NetworkError

from bot.engine.replies import CAPTION_LIMIT, Keyboard, Reply, Response, plain, split_caption, telegram_length
from bot.pictures.cache import PictureCache

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


async def deliver(
    bot: Bot,
    chat_id: int,
    response: Response,
    origin: Message | None = None,
    pictures: PictureCache | None = None,
) -> None:
    """Show ``response`` in ``chat_id``; ``origin`` is the message whose button was pressed.

    A fresh answer about a point goes out as its diagram with the answer as caption (the rest, if
    the answer is longer than a caption, follows as text carrying the buttons).
    """
    for reply in response.replies:
        if reply.file is not None:
            await send_file(bot, chat_id, reply)
            continue
        if reply.edit and origin is not None and await _edit(bot, chat_id, origin, reply):
            continue
        if (
            reply.picture
            and pictures is not None
            and not reply.edit
            and await send_picture(bot, chat_id, reply, pictures)
        ):
            continue
        await send(bot, chat_id, reply)


async def send_picture(bot: Bot, chat_id: int, reply: Reply, pictures: PictureCache) -> bool:
    """Send the point's diagram; False when there is none or Telegram refuses it (send text)."""
    assert reply.picture is not None
    caption, rest = split_caption(reply.html)
    markup = None if rest else keyboard(reply.buttons)
    file_id = pictures.file_id(bot.id, reply.picture)
    for source in ("file_id", "upload") if file_id else ("upload",):
        if source == "file_id":
            photo: Any = file_id
        else:
            path = pictures.path(reply.picture)
            if path is None:
                return False
            photo = path.read_bytes()
        try:
            message = await with_retries(
                partial(bot.send_photo, chat_id=chat_id, photo=photo, caption=caption or None, reply_markup=markup)
            )
        except BadRequest as exc:
            log.warning(
                "sending a picture failed (%s); %s",
                exc,
                "uploading it again" if source == "file_id" else "sending text",
            )
            pictures.forget_file_id(bot.id, reply.picture)
            continue
        if message.photo and source == "upload":
            pictures.remember_file_id(bot.id, reply.picture, message.photo[-1].file_id)
        if rest:
            await send(bot, chat_id, Reply(rest, reply.buttons))
        return True
    return False


async def send_file(bot: Bot, chat_id: int, reply: Reply) -> Message:
    """A picture or document made for this person, with the reply as its caption."""
    assert reply.file is not None
    file, markup = reply.file, keyboard(reply.buttons)
    caption = reply.html if telegram_length(plain(reply.html)) <= CAPTION_LIMIT else None
    if file.kind == "photo":
        call = partial(bot.send_photo, chat_id, file.data, caption=caption, reply_markup=markup, filename=file.name)
    else:
        call = partial(bot.send_document, chat_id, file.data, caption=caption, reply_markup=markup, filename=file.name)
    message = await with_retries(call)
    if caption is None:
        await send(bot, chat_id, reply)
    return message


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
        elif origin.photo and telegram_length(plain(reply.html)) <= CAPTION_LIMIT:
            await with_retries(lambda: bot.edit_message_caption(caption=reply.html, **kwargs))
        else:
            return False  # other media, or too long for a caption: a new text message instead
    except BadRequest as exc:
        reason = str(exc).lower()
        if _NOT_MODIFIED in reason:
            return True
        if any(text in reason for text in _CANNOT_EDIT):
            return False
        raise
    return True
