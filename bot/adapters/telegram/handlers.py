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
import contextlib
import logging
from typing import Any

from apscheduler.jobstores.base import JobLookupError
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
    Job,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.adapters.telegram.delivery import ReplyJob, answer_callback
from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.logs import describe
from bot.adapters.telegram.outbox import Outbox
from bot.adapters.telegram.runner import EngineRunner
from bot.engine import Attachment, ButtonPress, Command, Response, StoreBusy, Text, TimerFired
from bot.engine.practice.coach import ReminderJob
from bot.engine.replies import Card, Reply, esc, split_caption
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
NOT_YOURS = "These buttons are for the person who asked. Mention me with your own question, or talk to me in private."
OWNER_UNKNOWN = "I can no longer tell whose buttons these are. Please mention me and ask again."
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


class Handlers:
    def __init__(
        self, runner: EngineRunner, outbox: Outbox, journal: Journal, pictures: PictureCache | None = None
    ) -> None:
        self.runner = runner
        self.outbox = outbox
        self.journal = journal
        self.pictures = pictures
        self._reminder_jobs: dict[int, list[Job[Any]]] = {}  # per person, so rescheduling one scans no others

    def register(self, application: TelegramApp) -> None:
        application.add_handler(CommandHandler(list(COMMANDS), self.command))
        application.add_handler(CallbackQueryHandler(self.button))
        application.add_handler(InlineQueryHandler(self.inline_query))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.text))
        application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, self.command))
        application.add_handler(MessageHandler(ATTACHMENTS & filters.ChatType.PRIVATE, self.attachment))
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
        response = await self.runner.handle(user.id, Command(name, argument.strip()), group=group)
        self._show(update, context, message.chat_id, user.id, response, reply_to=message.message_id if group else None)

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
        group = message.chat.type in GROUPS
        response = await self.runner.handle(user.id, Text(text), group=group)
        self._show(update, context, message.chat_id, user.id, response, reply_to=message.message_id if group else None)

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
        try:
            response = await self.runner.handle(query.from_user.id, ButtonPress(query.data or ""), group=group)
        except Exception:
            context.application.create_task(answer_callback(query, SOMETHING_WENT_WRONG))
            raise
        # Answered first (before any message changes) and in the background: if answering fails
        # or is slow, the screen still moves on with the stored state.
        context.application.create_task(answer_callback(query, response.note))
        chat_id = origin.chat_id if origin is not None else query.from_user.id
        reply_to = origin.reply_to_message.message_id if group and origin and origin.reply_to_message else None
        self._show(update, context, chat_id, query.from_user.id, response, origin, reply_to)

    async def attachment(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        kind = next((name for name in ("sticker", "photo", "voice", "location") if getattr(message, name)), "file")
        response = await self.runner.handle(user.id, Attachment(kind))
        self._show(update, context, message.chat_id, user.id, response)

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
        """Log the update id and the error (never message text or the token) and apologise."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        log.error("update %s failed: %s", update_id, describe(error) if error else "?", exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None and update.callback_query is None:
            settled = self._notify(update.effective_chat.id, SOMETHING_WENT_WRONG)
            self.journal.expect(update.update_id, [settled])

    # --- timers -------------------------------------------------------------------------------

    async def timer_fired(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        job = context.job
        if job is None or not isinstance(job.data, dict):
            return
        response = await self.runner.handle(job.data["user_id"], TimerFired(job.data["token"]))
        for reply in response.replies:
            self.outbox.put(job.data["chat_id"], ReplyJob(job.data["chat_id"], reply))

    def reschedule(self, application: TelegramApp) -> int:
        """Schedule again the timers that were running when the bot last stopped. Routines are
        in private chats, whose chat id is the person's id."""
        pending = self.runner.engine.pending_timers()  # at start-up, before any update
        if application.job_queue is not None:
            for user_id, timer in pending:
                data = {"user_id": user_id, "chat_id": user_id, "token": timer.token}
                application.job_queue.run_once(self.timer_fired, when=timer.seconds, data=data, name=timer_job(user_id))
        return len(pending)

    # --- reminders ----------------------------------------------------------------------------

    def schedule_reminders(self, queue: JobQueue[Any]) -> int:
        """Schedule everybody's reminders at their next due time (at start-up, before any update).
        Reminders go to the person's private chat, whose id is theirs."""
        return self._place_reminders(queue, self.runner.engine.reminder_jobs(None), None)

    async def reschedule_reminders(self, queue: JobQueue[Any], user_id: int) -> None:
        """Replace the jobs for ``user_id``'s reminders (after a change, or after one was sent)."""
        jobs = await self.runner.call(self.runner.engine.reminder_jobs, user_id)
        self._place_reminders(queue, jobs, user_id)

    async def reminder_due(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A reminder's time: send it if this process claims it, then schedule the next one."""
        job = context.job
        if job is None or not isinstance(job.data, dict):
            return
        user_id = job.data["user_id"]
        try:
            response = await self.runner.call(self.runner.engine.remind, user_id, job.data["reminder_id"])
        except StoreBusy:  # nothing was claimed; scheduled again below, while it is still worth sending
            log.warning("a due reminder could not be claimed: the state database stayed locked")
            response = Response()
        for reply in response.replies:
            self.outbox.put(user_id, ReplyJob(user_id, reply))
        if context.job_queue is not None:
            await self.reschedule_reminders(context.job_queue, user_id)

    def _place_reminders(self, queue: JobQueue[Any], jobs: list[ReminderJob], user_id: int | None) -> int:
        for person in [user_id] if user_id is not None else list(self._reminder_jobs):
            for job in self._reminder_jobs.pop(person, []):
                # A one-off job leaves the scheduler as it fires: the one running now (which
                # places the next ones), or another of the person's that fired meanwhile.
                with contextlib.suppress(JobLookupError):
                    job.schedule_removal()
        now = self.runner.engine.clock()
        for due in jobs:
            data = {"user_id": due.user_id, "reminder_id": due.reminder_id}
            job = queue.run_once(self.reminder_due, when=max(0.0, due.due - now), data=data, name="reminder")
            self._reminder_jobs.setdefault(due.user_id, []).append(job)
        return len(jobs)

    def _schedule(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, response: Response) -> None:
        queue = context.job_queue
        if queue is None:
            return
        if response.reminders_changed:
            context.application.create_task(self.reschedule_reminders(queue, user_id))
        name = timer_job(user_id)
        if response.cancel_timers or response.timer:
            for job in queue.get_jobs_by_name(name):
                job.schedule_removal()
        if response.timer:
            data = {"user_id": user_id, "chat_id": chat_id, "token": response.timer.token}
            queue.run_once(self.timer_fired, when=response.timer.seconds, data=data, name=name)

    def _show(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        user_id: int,
        response: Response,
        origin: Message | None = None,
        reply_to: int | None = None,
    ) -> None:
        """Schedule or cancel timers and queue the replies (in a group, each a reply to the
        message ``reply_to``); the update is done once they settle."""
        self._schedule(context, chat_id, user_id, response)
        settled = [
            self.outbox.put(chat_id, ReplyJob(chat_id, reply, origin, self.pictures, reply_to))
            for reply in response.replies
        ]
        self.journal.expect(update.update_id, settled)

    def _notify(self, chat_id: int, text: str) -> asyncio.Future[bool]:
        return self.outbox.put(chat_id, ReplyJob(chat_id, Reply(esc(text))))


def timer_job(user_id: int) -> str:
    """The job queue's name for a person's routine timer (one at a time per person)."""
    return f"timer:{user_id}"


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
