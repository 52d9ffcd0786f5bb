"""Wiring: build the python-telegram-bot Application around the engine and run it.

In polling mode the bot runs its own poller (``polling.py``) in place of python-telegram-bot's
Updater, with the inbox that makes fetched updates survive a crash; in webhook mode
python-telegram-bot's webhook server takes updates in. Either way updates go through the
per-person update processor to the handlers, and replies go out through the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from collections.abc import Callable
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults

from bot.adapters.telegram.flood import FloodGuard
from bot.adapters.telegram.handlers import COMMANDS, Handlers, TelegramApp
from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.logs import configure_logging, describe
from bot.adapters.telegram.ordering import PerPersonUpdateProcessor
from bot.adapters.telegram.outbox import Outbox
from bot.adapters.telegram.polling import Poller, TokenRejected
from bot.adapters.telegram.runner import EngineRunner
from bot.config import HOW_TO_GET_A_TOKEN, TelegramSettings
from bot.engine import Engine
from bot.engine.stores import Inbox, StoreError
from bot.knowledge import Knowledge
from bot.pictures.cache import PictureCache
from bot.semantic import Semantics
from bot.storage import Options, open_storage, shown

log = logging.getLogger(__name__)

STOP_GRACE = 5.0  # seconds replies still on their way get when the bot is stopped


async def _post_init(application: TelegramApp) -> None:
    try:
        await application.bot.set_my_commands([BotCommand(name, about) for name, about in COMMANDS.items()])
    except TelegramError as error:
        log.warning("could not set the command menu (%s); it stays as it was", describe(error))
    handlers: Handlers = application.bot_data["handlers"]
    if moved := handlers.runner.engine.schedule_reminders():
        log.info("worked out when the reminders of %d person(s) kept by an earlier version are due", moved)
    if rescheduled := handlers.reschedule(application):
        log.info("rescheduled %d routine timer(s) from before the restart", rescheduled)
    if application.job_queue is not None and (reminders := handlers.schedule_reminders(application.job_queue)):
        log.info("scheduled %d reminder(s)", reminders)
    log.info("kneebot is running as @%s", application.bot.username)


async def _post_stop(application: TelegramApp) -> None:
    handlers: Handlers = application.bot_data["handlers"]
    await handlers.outbox.close(STOP_GRACE)
    await handlers.journal.close()


async def _upkeep(handlers: Handlers, poller: Poller, lease: float) -> None:
    """Keep this instance's claims alive, take over updates another instance (or this one,
    before a restart) left unfinished, and forget old marks now and then."""
    store = handlers.runner.engine.store
    rounds = 0
    while True:
        await asyncio.sleep(max(0.5, lease / 4))
        try:
            await asyncio.to_thread(store.renew)
            for raw in await handlers.journal.unfinished():
                await poller.hand_on(raw)
            rounds += 1
            if rounds % 200 == 0:
                await asyncio.to_thread(store.tidy)
        except StoreError as error:
            log.warning("could not renew this instance's claims (%s); trying again", describe(error))


def build_application(
    settings: TelegramSettings, engine: Engine, pictures: PictureCache | None = None, inbox: Inbox | None = None
) -> TelegramApp:
    """The Application; with an ``inbox`` it is for polling with :class:`Poller` (no Updater)."""
    journal = Journal(inbox, settings.bot_id)
    processor = PerPersonUpdateProcessor(flood=FloodGuard())
    builder = (
        ApplicationBuilder()
        .token(settings.token.get_secret_value())
        .base_url(settings.api_base)
        .base_file_url(settings.file_base)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_rate, max_retries=3))
        .read_timeout(settings.read_timeout)
        .write_timeout(settings.read_timeout)
        .concurrent_updates(processor)
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if inbox is not None:
        builder = builder.updater(None)
    application = builder.build()
    handlers = Handlers(EngineRunner(engine), Outbox(application.bot), journal, pictures)
    handlers.register(application)
    processor.on_flood = handlers.flooded
    processor.on_finished = lambda update: journal.finished(update.update_id) if isinstance(update, Update) else None
    application.bot_data["handlers"] = handlers
    return application


def wait_for_bot_api(settings: TelegramSettings, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Block until the Bot API answers getMe, saying plainly what is wrong meanwhile.

    python-telegram-bot retries its own start-up quietly; an operator starting the bot while the
    network is down should see why nothing happens. Returns False if the token is refused.
    """
    delay = 1.0
    where = urlparse(settings.api_base).netloc
    while True:
        try:
            answer = httpx.post(f"{settings.api_base}{settings.token.get_secret_value()}/getMe", timeout=10)
        except httpx.HTTPError as exc:
            problem = f"cannot reach the Bot API at {where} ({type(exc).__name__})"
        else:
            if answer.status_code in (401, 404):
                return False
            if answer.status_code == 200:
                return True
            problem = f"the Bot API at {where} answered HTTP {answer.status_code}"
        log.warning("%s; trying again in %.0f s", problem, delay)
        sleep(delay)
        delay = min(delay * 2, 30.0)


def run(settings: TelegramSettings, knowledge: Knowledge) -> int:
    """Run until stopped (Ctrl+C or SIGTERM); returns the process exit code."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    configure_logging(settings.log_level, settings.token.get_secret_value(), secret)
    # A locked database is waited for elsewhere, without blocking a thread.
    store = open_storage(settings.state_db, Options(busy_timeout=0, lease=settings.lease_seconds, clock=settings.clock))
    pictures = PictureCache(settings.pictures_dir, knowledge)
    # Draw any missing diagrams now, in the background, so the first answers need not wait.
    threading.Thread(target=pictures.render_all, name="render-pictures", daemon=True).start()
    mode = "webhook" if settings.webhook_url else "long polling"
    log.info(
        "starting with %s; state in %s; Bot API at %s",
        mode,
        shown(settings.state_db),
        urlparse(settings.api_base).netloc,
    )
    try:
        if not wait_for_bot_api(settings):
            log.error("Telegram rejected the bot token. %s", HOW_TO_GET_A_TOKEN)
            return 1
        engine = Engine(
            knowledge,
            store,
            clock=settings.clock,
            semantics=Semantics.load(settings.cache_dir),
            profile_max_age=settings.profile_max_age,
            diary_max_age=settings.diary_max_age,
        )
        return _serve(settings, engine, pictures)
    except InvalidToken:
        log.error("Telegram rejected the bot token. %s", HOW_TO_GET_A_TOKEN)
        return 1
    finally:
        store.close()


def _serve(settings: TelegramSettings, engine: Engine, pictures: PictureCache) -> int:
    if settings.webhook_url:
        _run_webhook(settings, build_application(settings, engine, pictures))
        return 0
    return asyncio.run(_poll(build_application(settings, engine, pictures, engine.store.inbox), settings))


def _run_webhook(settings: TelegramSettings, application: TelegramApp) -> None:
    host, port = settings.listen_address
    application.run_webhook(
        listen=host,
        port=port,
        url_path=urlparse(settings.webhook_url or "").path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
        allowed_updates=Update.ALL_TYPES,
        bootstrap_retries=-1,
    )


async def _poll(application: TelegramApp, settings: TelegramSettings) -> int:
    """Poll until SIGINT or SIGTERM; then finish what was taken in and stop. Exit code 1 when
    the token is rejected for good."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    handlers: Handlers = application.bot_data["handlers"]
    poller = Poller(
        application.bot,
        application.update_queue,
        handlers.journal,
        give_up_after=settings.rejected_token_timeout,
        read_timeout=settings.read_timeout,
    )
    code = 0
    async with application:  # initialize ... shutdown
        await _post_init(application)
        await application.start()
        upkeep = asyncio.create_task(_upkeep(handlers, poller, settings.lease_seconds))
        try:
            await poller.run(stop)
        except TokenRejected as error:
            log.error("Telegram rejected the bot token (%s); stopping. %s", error, HOW_TO_GET_A_TOKEN)
            code = 1
        finally:
            log.info("stopping: finishing the updates taken in (%d skipped as unreadable)", poller.skipped)
            upkeep.cancel()
            await application.stop()
            await _post_stop(application)
            await asyncio.to_thread(handlers.runner.engine.store.release)
    handlers.runner.close()
    return code
