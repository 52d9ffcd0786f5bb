"""python-telegram-bot handlers: each turns one kind of update into an engine event and delivers
the engine's response. No knowledge or conversation logic lives here."""

from __future__ import annotations

import logging
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
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    Job,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.adapters.telegram.delivery import deliver, with_retries
from bot.adapters.telegram.flood import FloodGuard, Verdict
from bot.engine import Attachment, ButtonPress, Command, Engine, Response, Text, TimerFired
from bot.engine.replies import Card, split_caption
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


class Handlers:
    def __init__(self, engine: Engine, pictures: PictureCache | None = None, flood: FloodGuard | None = None) -> None:
        self.engine = engine
        self.pictures = pictures
        self.flood = flood or FloodGuard()
        self._reminder_jobs: dict[int, list[Job[Any]]] = {}  # per person, so rescheduling one scans no others

    def register(self, application: TelegramApp) -> None:
        application.add_handler(TypeHandler(Update, self.guard), group=-1)
        application.add_handler(CommandHandler(list(COMMANDS), self.command))
        application.add_handler(CallbackQueryHandler(self.button))
        application.add_handler(InlineQueryHandler(self.inline_query))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.text))
        application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, self.command))
        application.add_handler(MessageHandler(ATTACHMENTS & filters.ChatType.PRIVATE, self.attachment))
        application.add_error_handler(self.error)

    # --- updates ------------------------------------------------------------------------------

    async def guard(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Runs before every other handler: drops floods without doing any work for them."""
        user = update.effective_user
        if user is None or update.inline_query is not None:
            return
        verdict = self.flood.check(user.id)
        if verdict is Verdict.ALLOW:
            return
        log.warning("flood guard: %s update %s from a user over the limit", verdict.value, update.update_id)
        chat = update.effective_chat
        if verdict is Verdict.WARN and chat is not None:
            await with_retries(lambda: context.bot.send_message(chat.id, SLOW_DOWN))
        raise ApplicationHandlerStop

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        word, _, argument = message.text.partition(" ")
        name = word.lstrip("/").split("@", 1)[0].lower()
        response = self.engine.handle(user.id, Command(name, argument.strip()))
        await self._show(context, message.chat_id, user.id, response)

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        text = message.text
        if message.chat.type != ChatType.PRIVATE:
            addressed = addressed_text(message, context.bot.username, context.bot.id)
            if addressed is None:
                return  # in groups, only messages that mention the bot or reply to it
            text = addressed
        response = self.engine.handle(user.id, Text(text))
        await self._show(context, message.chat_id, user.id, response)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            response = self.engine.handle(query.from_user.id, ButtonPress(query.data or ""))
        except Exception:
            await query.answer(SOMETHING_WENT_WRONG)
            raise
        await query.answer(text=response.note)  # answered at once, before any message is sent
        origin = query.message if isinstance(query.message, Message) else None
        chat_id = origin.chat_id if origin is not None else query.from_user.id
        await self._show(context, chat_id, query.from_user.id, response, origin)

    async def attachment(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        kind = next((name for name in ("sticker", "photo", "voice", "location") if getattr(message, name)), "file")
        await self._show(context, message.chat_id, user.id, self.engine.handle(user.id, Attachment(kind)))

    async def inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        results = [self._inline_result(card, context.bot.id) for card in self.engine.cards(query.query)]
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
        """Log the update id and the error (never message text or the token) and apologise."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("update %s failed: %s", update_id, type(context.error).__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None and update.callback_query is None:
            try:
                await context.bot.send_message(update.effective_chat.id, SOMETHING_WENT_WRONG)
            except TelegramError:
                log.warning("could not tell update %s about the error", update_id)

    # --- timers -------------------------------------------------------------------------------

    async def timer_fired(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        job = context.job
        if job is None or not isinstance(job.data, dict):
            return
        response = self.engine.handle(job.data["user_id"], TimerFired(job.data["token"]))
        await deliver(context.bot, job.data["chat_id"], response)

    def reschedule(self, application: TelegramApp) -> int:
        """Schedule again the timers that were running when the bot last stopped. Routines are
        in private chats, whose chat id is the person's id."""
        pending = self.engine.pending_timers()
        if application.job_queue is not None:
            for user_id, timer in pending:
                data = {"user_id": user_id, "chat_id": user_id, "token": timer.token}
                application.job_queue.run_once(self.timer_fired, when=timer.seconds, data=data, name=timer_job(user_id))
        return len(pending)

    # --- reminders ----------------------------------------------------------------------------

    def schedule_reminders(self, queue: JobQueue[Any], user_id: int | None = None) -> int:
        """Schedule each reminder (of ``user_id``, or everybody's at start-up) at its next due
        time, replacing the jobs scheduled for them before. Reminders go to the person's private
        chat, whose id is theirs."""
        jobs = self.engine.reminder_jobs(user_id)
        for person in [user_id] if user_id is not None else list(self._reminder_jobs):
            for job in self._reminder_jobs.pop(person, []):
                job.schedule_removal()
        now = self.engine.clock()
        for due in jobs:
            data = {"user_id": due.user_id, "reminder_id": due.reminder_id}
            job = queue.run_once(self.reminder_due, when=max(0.0, due.due - now), data=data, name="reminder")
            self._reminder_jobs.setdefault(due.user_id, []).append(job)
        return len(jobs)

    async def reminder_due(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A reminder's time: send it if this process claims it, then schedule the next one."""
        job = context.job
        if job is None or not isinstance(job.data, dict):
            return
        user_id = job.data["user_id"]
        response = self.engine.remind(user_id, job.data["reminder_id"])
        try:
            await deliver(context.bot, user_id, response)
        except TelegramError as error:  # e.g. the person blocked the bot: the next one is tried anyway
            log.warning("a reminder could not be delivered: %s", type(error).__name__)
        if context.job_queue is not None:
            self.schedule_reminders(context.job_queue, user_id)

    def _schedule(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, response: Response) -> None:
        queue = context.job_queue
        if queue is None:
            return
        if response.reminders_changed:
            self.schedule_reminders(queue, user_id)
        name = timer_job(user_id)
        if response.cancel_timers or response.timer:
            for job in queue.get_jobs_by_name(name):
                job.schedule_removal()
        if response.timer:
            data = {"user_id": user_id, "chat_id": chat_id, "token": response.timer.token}
            queue.run_once(self.timer_fired, when=response.timer.seconds, data=data, name=name)

    async def _show(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        user_id: int,
        response: Response,
        origin: Message | None = None,
    ) -> None:
        self._schedule(context, chat_id, user_id, response)
        await deliver(context.bot, chat_id, response, origin, self.pictures)


def timer_job(user_id: int) -> str:
    """The job queue's name for a person's routine timer (one at a time per person)."""
    return f"timer:{user_id}"


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
