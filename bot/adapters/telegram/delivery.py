"""One reply as Bot API calls: send it, or edit the message whose button was pressed.

Whether a failed call may be made again depends on what Telegram may already have done, since a
call whose answer never came back may still have taken effect:

* an edit is idempotent (editing a message into what it already shows answers "message is not
  modified", which counts as success), so a failed edit is always tried again;
* a send is made again only when it certainly did not arrive: Telegram answered with an error
  (5xx, 429), or no connection was made. When the request went out and no answer came back (a
  read timeout, a dropped connection), Telegram may have delivered it, so it is not sent again:
  at most once. A person may then, rarely, miss a reply and ask again, but never gets two.

A message that can no longer be edited (too old, deleted) gets a fresh one instead. Retrying
with pauses, and the order of a chat's replies, are the outbox's business (``outbox.py``).

In a group every message replies to the message of the person it answers: that is how a later
button press on it is known to be theirs (see ``handlers.py``). A button that opens the private
chat is a link, ``https://t.me/<bot>?start=<argument>``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Any

import httpx
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.adapters.telegram.logs import describe
from bot.engine.replies import CAPTION_LIMIT, Keyboard, Outgoing, Reply, plain, split_caption, telegram_length
from bot.pictures.cache import PictureCache

log = logging.getLogger(__name__)

ANSWER_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)  # a button's spinner waits about 15 s for its answer
_NOT_MODIFIED = "message is not modified"
_CANNOT_EDIT = (
    "message can't be edited",
    "message to edit not found",
    "there is no text in the message to edit",
    "message_id_invalid",
    "there is no caption in the message to edit",
)
# Transport failures before the whole request went out: Telegram cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError, httpx.WriteTimeout)


def is_transient(error: BaseException) -> bool:
    """Worth trying again later: the network or the Bot API server is failing for now. A 401 or
    404 counts too, since a Bot API server restarting behind a proxy answers so for a while."""
    if isinstance(error, BadRequest):
        return False
    return isinstance(error, NetworkError | RetryAfter | InvalidToken | EndPointNotFound)


def may_have_arrived(error: TelegramError) -> bool:
    """True when the request may have reached Telegram although no answer came back."""
    if not isinstance(error, NetworkError) or isinstance(error, BadRequest):
        return False  # Telegram answered, and an error answer means nothing was done
    cause = error.__cause__
    if not isinstance(cause, httpx.HTTPError):
        return False  # an HTTP error status (5xx): the server said it failed
    return not isinstance(cause, _NOT_SENT)


@lru_cache(maxsize=4096)
def keyboard(buttons: Keyboard, bot_username: str) -> InlineKeyboardMarkup | None:
    """The inline keyboard for ``buttons``; cached, as the same keyboards recur constantly and
    python-telegram-bot objects are immutable."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(button.label, url=private_chat_link(bot_username, button.payload))
                if button.private
                else InlineKeyboardButton(button.label, callback_data=button.payload)
                for button in row
            ]
            for row in buttons
        ]
    )


def private_chat_link(bot_username: str, argument: str) -> str:
    """The link that opens the person's private chat with the bot and sends /start ``argument``."""
    return f"https://t.me/{bot_username}?start={argument}"


def replying_to(message_id: int | None) -> dict[str, Any]:
    """The send parameters that make a message a reply to ``message_id`` (none for None); sent
    anyway, as a plain message, if that message has been deleted."""
    if message_id is None:
        return {}
    return {"reply_parameters": ReplyParameters(message_id, allow_sending_without_reply=True)}


async def send_once(call: Callable[[], Awaitable[Message]]) -> Message | None:
    """Make a send call; None when it may have arrived although no answer came (not repeated).
    Other errors are raised for the outbox to judge."""
    try:
        return await call()
    except TelegramError as error:
        if not may_have_arrived(error):
            raise
        log.warning(
            "a reply may or may not have arrived (%s); not sent again, so it cannot arrive twice", describe(error)
        )
        return None


@dataclass(frozen=True)
class Edited:
    """The bot's message a reply replaces (the one whose button was pressed)."""

    message_id: int
    has_text: bool
    has_photo: bool


class ChatMoves:
    """Groups upgraded to supergroups: Telegram gives the new chat id once, in a service message
    or in the answer to a send to the old one; later sends go to the new one at once."""

    def __init__(self) -> None:
        self._to: dict[int, int] = {}

    def moved(self, old: int, new: int) -> None:
        if old != new:
            log.info("a group became a supergroup; its messages go to the new chat")
            self._to[old] = new

    def now(self, chat_id: int) -> int:
        return self._to.get(chat_id, chat_id)


class ReplyJob:
    """Delivers one reply to one chat. It remembers how far it got, so an attempt after a failure
    goes on from there: a picture already sent is not sent again before the text that follows it.
    """

    def __init__(
        self,
        chat_id: int,
        reply: Reply,
        edited: Edited | None = None,
        pictures: PictureCache | None = None,
        reply_to: int | None = None,
        moves: ChatMoves | None = None,
    ) -> None:
        """``edited``: the message whose button was pressed, edited if the reply says so;
        ``reply_to``: in a group, the message of the person it answers."""
        self.chat_id = chat_id
        self.reply = reply
        self.edited = edited if reply.edit else None
        self.pictures = pictures
        self.reply_to = reply_to
        self.moves = moves or ChatMoves()
        self._started = False
        self._then: Reply | None = None  # text still to send after the first part

    @classmethod
    def of(cls, message: Outgoing, pictures: PictureCache | None = None, moves: ChatMoves | None = None) -> ReplyJob:
        """The delivery of a message from the outbox (its context as :func:`context` wrote it)."""
        context = message.context
        edit = context.get("edit")
        edited = None
        if isinstance(edit, int):
            edited = Edited(edit, bool(context.get("edit_text")), bool(context.get("edit_photo")))
        reply_to = context.get("reply_to")
        return cls(
            message.chat_id, message.reply, edited, pictures, reply_to if isinstance(reply_to, int) else None, moves
        )

    @property
    def key(self) -> tuple[int, int] | None:
        """The message this reply edits; a newer edit of the same message replaces this one."""
        return (self.chat_id, self.edited.message_id) if self.edited is not None else None

    async def run(self, bot: Bot) -> None:
        for _ in range(2):  # once more in the supergroup a group has become
            self.chat_id = self.moves.now(self.chat_id)
            try:
                if not self._started:
                    self._then = await self._first_part(bot)
                    self._started = True
                if self._then is not None:
                    await send_text(bot, self.chat_id, self._then, self.reply_to)
                    self._then = None
                return
            except ChatMigrated as moved:
                self.moves.moved(self.chat_id, moved.new_chat_id)
                self.edited = None  # its message stayed behind: the reply comes as a new one
        raise TelegramError("the chat moved twice while one reply was delivered")

    async def _first_part(self, bot: Bot) -> Reply | None:
        """Edit, or send the picture or file; returns the text still to be sent as a new message."""
        if self.reply.file is not None:
            return await send_file(bot, self.chat_id, self.reply, self.reply_to)
        if self.edited is not None:
            return None if await edit(bot, self.chat_id, self.edited, self.reply) else self.reply
        if self.reply.picture and self.pictures is not None:
            caption, rest = split_caption(self.reply.html)
            if await send_picture(bot, self.chat_id, self.reply, self.pictures, caption, bool(rest), self.reply_to):
                return Reply(rest, self.reply.buttons) if rest else None
        return self.reply


def context(edited: Message | None = None, reply_to: int | None = None) -> dict[str, int | bool | None]:
    """What a message in the outbox needs to be delivered: the bot's message it may edit (the
    one whose button was pressed), and in a group the message it replies to."""
    found: dict[str, int | bool | None] = {}
    if edited is not None:
        found |= {"edit": edited.message_id, "edit_text": edited.text is not None, "edit_photo": bool(edited.photo)}
    if reply_to is not None:
        found["reply_to"] = reply_to
    return found


async def send_file(bot: Bot, chat_id: int, reply: Reply, reply_to: int | None = None) -> Reply | None:
    """A picture or document made for this person (the progress chart, the diary as CSV) with
    the reply as its caption; returns the reply again when it is too long for a caption, to
    follow as text."""
    assert reply.file is not None
    file, markup = reply.file, keyboard(reply.buttons, bot.username)
    caption = reply.html if telegram_length(plain(reply.html)) <= CAPTION_LIMIT else None
    send = bot.send_photo if file.kind == "photo" else bot.send_document
    await send_once(
        partial(
            send, chat_id, file.data, caption=caption, reply_markup=markup, filename=file.name, **replying_to(reply_to)
        )
    )
    return None if caption is not None else replace(reply, file=None)


async def send_text(bot: Bot, chat_id: int, reply: Reply, reply_to: int | None = None) -> None:
    markup = keyboard(reply.buttons, bot.username)
    await send_once(
        lambda: bot.send_message(chat_id=chat_id, text=reply.html, reply_markup=markup, **replying_to(reply_to))
    )


async def send_picture(
    bot: Bot,
    chat_id: int,
    reply: Reply,
    pictures: PictureCache,
    caption: str,
    more_follows: bool,
    reply_to: int | None = None,
) -> bool:
    """Send the point's diagram with ``caption`` (and the buttons, unless text follows); False
    when there is no picture or Telegram refuses it, so the reply goes out as text instead."""
    assert reply.picture is not None
    markup = None if more_follows else keyboard(reply.buttons, bot.username)
    file_id = pictures.file_id(bot.id, reply.picture)
    for source in ("file_id", "upload") if file_id else ("upload",):
        if source == "file_id":
            photo: Any = file_id
        else:
            path = await asyncio.to_thread(pictures.path, reply.picture)  # may draw it: not on the loop
            if path is None:
                return False
            photo = path.read_bytes()
        try:
            message = await send_once(
                partial(
                    bot.send_photo,
                    chat_id=chat_id,
                    photo=photo,
                    caption=caption or None,
                    reply_markup=markup,
                    **replying_to(reply_to),
                )
            )
        except BadRequest as error:
            log.warning(
                "sending a picture failed (%s); %s",
                describe(error),
                "uploading it again" if source == "file_id" else "sending text",
            )
            pictures.forget_file_id(bot.id, reply.picture)
            continue
        if message is not None and message.photo and source == "upload":
            pictures.remember_file_id(bot.id, reply.picture, message.photo[-1].file_id)
        return True
    return False


async def edit(bot: Bot, chat_id: int, origin: Edited, reply: Reply) -> bool:
    """Edit ``origin`` into ``reply``; False when it cannot be edited and a new message is needed."""
    markup = keyboard(reply.buttons, bot.username)
    kwargs: dict[str, Any] = {"chat_id": chat_id, "message_id": origin.message_id, "reply_markup": markup}
    try:
        if origin.has_text:
            await bot.edit_message_text(text=reply.html, **kwargs)
        elif origin.has_photo and telegram_length(plain(reply.html)) <= CAPTION_LIMIT:
            await bot.edit_message_caption(caption=reply.html, **kwargs)
        else:
            return False  # other media, or too long for a caption: a new text message instead
    except BadRequest as error:
        reason = str(error).lower()
        if _NOT_MODIFIED in reason:
            return True
        if any(text in reason for text in _CANNOT_EDIT):
            return False
        raise
    return True


async def answer_callback(query: CallbackQuery, note: str | None) -> None:
    """Answer a button press: stops its spinner and shows ``note``. Answering twice is harmless
    (Telegram refuses the second), so transient failures are simply tried again for a few
    seconds. Never raises: a press that cannot be answered must not stop the screen changing."""
    for delay in (*ANSWER_RETRY_DELAYS, None):
        try:
            await query.answer(text=note)
            return
        except TelegramError as error:
            if delay is None or not is_transient(error):
                level = logging.DEBUG if isinstance(error, BadRequest) else logging.WARNING
                log.log(level, "could not answer a button press (%s)", describe(error))
                return
            await asyncio.sleep(delay)
