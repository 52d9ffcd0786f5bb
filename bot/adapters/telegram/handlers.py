"""python-telegram-bot handlers: each turns one kind of update into an engine event and hands the
engine's replies to the outbox. No knowledge or conversation logic lives here.

A handler returns as soon as the engine has decided: replies travel on their own (see
``outbox.py``), so a slow or failing Bot API holds up neither this person's next update nor
anyone else's. A pressed button is answered first, in the background, and a failure to answer
it never keeps the screen from changing.

In a group, the engine is told so (it keeps everything personal for the private chat), and each
reply is a reply to the message of the person it answers. Telegram hands that message back with
every press of a button on the reply, so a press by anyone else is recognised and only gets a
note: buttons in a group act only for the person they were made for.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.adapters.telegram.delivery import ChatMoves, ReplyJob, answer_callback, context
from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.logs import describe
from bot.adapters.telegram.metrics import Metrics
from bot.adapters.telegram.outbox import Outbox
from bot.adapters.telegram.pacing import REMINDER, REPLY
from bot.adapters.telegram.runner import EngineRunner
from bot.engine import Attachment, ButtonPress, Command, Event, Response, StoreUnavailable, Text
from bot.engine.outgoing import Address
from bot.engine.replies import Card, Outgoing, Reply, esc, split_caption
from bot.pictures.cache import PictureCache

log = logging.getLogger(__name__)

COMMANDS = {
    "start": "Start over and see the main menu",
    "help": "What I can do",
    "points": "Acupressure points around the knee",
    "routines": "Guided routines, step by step",
    "faq": "Questions by topic",
    "safety": "When not to massage",
    "stop": "Stop the routine under way",
    "about": "Sources and disclaimer",
    "progress": "Your pain chart and how it is going",
    "reminders": "Your practice reminders",
    "diary": "Your pain ratings, newest first",
    "export": "Your pain diary as a CSV file",
    "mydata": "What I keep about you",
    "forget": "Erase everything I keep about you",
}
ATTACHMENTS = (
    filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.LOCATION
    | filters.CONTACT
    | filters.ANIMATION
)
TelegramApp = Application[Any, Any, Any, Any, Any, Any]
SLOW_DOWN = "You're sending messages very fast. I'll answer again in a few seconds."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
NOT_YOURS = "These buttons are for the person who asked. Mention me with your own question, or talk to me in private."
OWNER_UNKNOWN = "I can no longer tell whose buttons these are. Please mention me and ask again."
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


class Handlers:
    def __init__(
        self,
        runner: EngineRunner,
        outbox: Outbox,
        journal: Journal,
        pictures: PictureCache | None = None,
        moves: ChatMoves | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.runner = runner
        self.outbox = outbox
        self.journal = journal
        self.pictures = pictures
        self.moves = moves or ChatMoves()
        self.wake: Callable[[], None] = lambda: None  # a reminder or timer changed: look for due work now
        self.unusable: Callable[[StoreUnavailable], None] = lambda error: None  # stop: the database is gone
        self.metrics = metrics or Metrics()

    def register(self, application: TelegramApp) -> None:
        fresh = ~filters.UpdateType.EDITED  # an edited command or attachment is not done again
        application.add_handler(CommandHandler(list(COMMANDS), self.command, filters=fresh))
        application.add_handler(CallbackQueryHandler(self.button))
        application.add_handler(InlineQueryHandler(self.inline_query))
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.migrated))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & fresh, self.text))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & ~fresh, self.edited))
        application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE & fresh, self.command))
        application.add_handler(MessageHandler(ATTACHMENTS & filters.ChatType.PRIVATE & fresh, self.attachment))
        application.add_error_handler(self.error)

    # --- updates ------------------------------------------------------------------------------

    def flooded(self, update: Update) -> None:
        """The first update over the flood limit (the update processor drops it): say so once."""
        log.warning(
            "flood guard: update %s from a person over the limit; dropping until they slow down", update.update_id
        )
        if update.effective_chat is not None:
            self._notify(update.effective_chat.id, SLOW_DOWN)

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        word, _, argument = message.text.partition(" ")
        name = word.lstrip("/").split("@", 1)[0].lower()
        group = message.chat.type in GROUPS
        reply_to = message.message_id if group else None
        await self._handle(update, user.id, Command(name, argument.strip()), message.chat_id, group, reply_to=reply_to)

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._text(update, context, edited=False)

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message edited after it was sent is read again as a correction: what the first
        version recorded (a pain rating) is replaced, and the new version answered."""
        await self._text(update, context, edited=True)

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE, *, edited: bool) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        text = message.text
        if message.chat.type != ChatType.PRIVATE:
            addressed = addressed_text(message, context.bot.username, context.bot.id)
            if addressed is None:
                return  # in groups, only messages that mention the bot or reply to it
            text = addressed
        group = message.chat.type in GROUPS
        event = Text(text, message=f"{message.chat_id}:{message.message_id}", edited=edited)
        await self._handle(
            update, user.id, event, message.chat_id, group, reply_to=message.message_id if group else None
        )

    async def migrated(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: its messages go to the new chat from now on."""
        message = update.effective_message
        if message is not None and message.migrate_to_chat_id:
            self.moves.moved(message.chat_id, message.migrate_to_chat_id)
        elif message is not None and message.migrate_from_chat_id:
            self.moves.moved(message.migrate_from_chat_id, message.chat_id)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        group = query.message is not None and query.message.chat.type in GROUPS
        origin = query.message if isinstance(query.message, Message) else None
        asker = owner(origin) if group else None
        if group and asker != query.from_user.id:  # someone else's buttons: nothing changes
            context.application.create_task(answer_callback(query, NOT_YOURS if asker else OWNER_UNKNOWN))
            return
        chat_id = origin.chat_id if origin is not None else query.from_user.id
        reply_to = origin.reply_to_message.message_id if group and origin and origin.reply_to_message else None
        try:
            response = await self._handle(
                update, query.from_user.id, ButtonPress(query.data or ""), chat_id, group, origin, reply_to
            )
        except Exception:
            context.application.create_task(answer_callback(query, SOMETHING_WENT_WRONG))
            raise
        # Answered in the background: if answering fails or is slow, the screen still moves on.
        context.application.create_task(answer_callback(query, response.note))

    async def attachment(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        kind = next((name for name in ("sticker", "photo", "voice", "location") if getattr(message, name)), "file")
        await self._handle(update, user.id, Attachment(kind), message.chat_id, False)

    async def inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        results = [self._inline_result(card, context.bot.id) for card in await self.runner.cards(query.query)]
        await query.answer(results, cache_time=300, is_personal=False)

    def _inline_result(self, card: Card, bot_id: int) -> InlineQueryResultArticle | InlineQueryResultCachedPhoto:
        """A point card shows its diagram (once uploaded) with as much of the answer as fits in a
        caption: the name and where to find it. Everything else is a text card."""
        file_id = self.pictures.file_id(bot_id, card.picture) if self.pictures and card.picture else None
        caption, _ = split_caption(card.html)
        if file_id and caption:
            return InlineQueryResultCachedPhoto(
                id=card.id[:64], photo_file_id=file_id, title=card.title, caption=caption, parse_mode=ParseMode.HTML
            )
        return InlineQueryResultArticle(
            id=card.id[:64],
            title=card.title,
            description=card.description,
            input_message_content=InputTextMessageContent(card.html, parse_mode=ParseMode.HTML),
        )

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the update id and the error (never message text or the token) and apologise; a
        database that cannot be used any more stops the bot, saying so in one line."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        if isinstance(error, StoreUnavailable):
            log.error("%s Fix or move it, then start the bot again.", error)
            self.unusable(error)
            return
        log.error("update %s failed: %s", update_id, describe(error) if error else "?", exc_info=error)
        self.metrics.failed()
        if isinstance(update, Update) and update.effective_chat is not None and update.callback_query is None:
            settled = self._notify(update.effective_chat.id, SOMETHING_WENT_WRONG)
            self.journal.expect(update.update_id, [settled])

    # --- replies ------------------------------------------------------------------------------

    async def _handle(
        self,
        update: Update,
        user_id: int,
        event: Event,
        chat_id: int,
        group: bool,
        origin: Message | None = None,
        reply_to: int | None = None,
    ) -> Response:
        """Hand ``event`` to the engine; queue what it decided (in a group each reply answers the
        message ``reply_to``); the update is done once its messages have settled."""
        address = Address(chat_id, context(origin, reply_to))
        key = f"{self.journal.bot_id}:{update.update_id}"
        response = await self.runner.handle(user_id, event, group=group, send_to=address, update=key)
        if response.timer or response.cancel_timers or response.reminders_changed:
            self.wake()
        self.metrics.decided(response)
        settled = [self.send(message) for message in response.outgoing]
        self.metrics.replying(settled)
        self.journal.expect(update.update_id, settled)
        return response

    def send(self, message: Outgoing) -> asyncio.Future[bool]:
        """Queue a message (from an event, a reminder or the store's outbox) for its chat."""
        job = ReplyJob.of(message, self.pictures, self.moves)
        level = REMINDER if message.kind == "reminder" else REPLY
        settled = self.outbox.put(message.chat_id, job, level=level, row=message.id)
        if message.kind == "reminder":
            self.metrics.reminder([settled])
        return settled

    def _notify(self, chat_id: int, text: str) -> asyncio.Future[bool]:
        return self.outbox.put(chat_id, ReplyJob(chat_id, Reply(esc(text)), moves=self.moves))


def owner(message: Message | None) -> int | None:
    """Whom the bot's message in a group was made for: the sender of the message it replies to
    (None when that is unknown: the message is too old for Telegram to show, or the one it
    replied to was deleted)."""
    asked = message.reply_to_message if message is not None else None
    return asked.from_user.id if asked is not None and asked.from_user is not None else None


def addressed_text(message: Message, username: str | None, bot_id: int) -> str | None:
    """In a group: the text without the @mention if the message is for the bot, else None."""
    text = message.text or ""
    replied_to = message.reply_to_message.from_user if message.reply_to_message else None
    if replied_to is not None and replied_to.id == bot_id:
        return text
    if username:
        mention = f"@{username}".lower()
        for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
            if value.lower() == mention:
                return (text[: entity.offset] + text[entity.offset + entity.length :]).strip()
    return None
