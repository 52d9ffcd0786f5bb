"""Wiring: build the python-telegram-bot Application around the engine and run it.

Updates come in by long polling (``polling.py``, in place of python-telegram-bot's Updater) or
through the webhook server (``webhook.py``); either way each is written to the inbox before
Telegram is told it was received (:mod:`.intake`), then goes through the per-person update
processor to the handlers. Replies and reminders go out through the outbox, paced with replies
first (:mod:`.pacing`); what is due in the store (reminders, routine timers, work an instance
left) is found by the sweeper (:mod:`.sweeper`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import ApplicationBuilder, Defaults

from bot.adapters.telegram.flood import FloodGuard
from bot.adapters.telegram.handlers import COMMANDS, Handlers, TelegramApp
from bot.adapters.telegram.health import Health, Monitor, routes
from bot.adapters.telegram.intake import Intake
from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.logs import configure_logging, describe
from bot.adapters.telegram.metrics import Metrics
from bot.adapters.telegram.ordering import PerPersonUpdateProcessor
from bot.adapters.telegram.outbox import Outbox
from bot.adapters.telegram.pacing import PriorityRateLimiter
from bot.adapters.telegram.polling import PAUSES, Poller, TokenRejected
from bot.adapters.telegram.requests import CountingRequest
from bot.adapters.telegram.runner import EngineRunner
from bot.adapters.telegram.sweeper import Sweeper
from bot.adapters.telegram.webhook import WebhookServer
from bot.config import HOW_TO_GET_A_TOKEN, TelegramSettings
from bot.engine import Engine, Storage, StoreBusy, StoreUnavailable
from bot.knowledge import Knowledge
from bot.pictures.cache import PictureCache
from bot.semantic import Semantics, model_loaded
from bot.storage import Options, open_storage, relative_file, shown

log = logging.getLogger(__name__)

STOP_GRACE = 5.0  # seconds replies still on their way get when the bot is stopped
ONE_POLLER = (
    "Telegram gives updates to one poller per bot: stop the other one first, or run several instances "
    "in webhook mode behind one URL (docs/deploying.md)."
)


async def _post_init(application: TelegramApp) -> None:
    try:
        await application.bot.set_my_commands([BotCommand(name, about) for name, about in COMMANDS.items()])
    except TelegramError as error:
        log.warning("could not set the command menu (%s); it stays as it was", describe(error))
    handlers: Handlers = application.bot_data["handlers"]
    application.bot_data["monitor"].start()
    engine = handlers.runner.engine
    if moved := await handlers.runner.call(engine.schedule_reminders):
        log.info("worked out when the reminders of %d person(s) kept by an earlier version are due", moved)
    log.info("kneebot is running as @%s", application.bot.username)


async def _post_stop(application: TelegramApp) -> None:
    application.bot_data["monitor"].stop()
    handlers: Handlers = application.bot_data["handlers"]
    await handlers.outbox.close(STOP_GRACE)
    await handlers.journal.close()


def build_application(settings: TelegramSettings, engine: Engine, pictures: PictureCache | None = None) -> TelegramApp:
    """The Application, without python-telegram-bot's Updater or job queue: updates come in
    through :class:`Intake`, and what is due is found by the :class:`Sweeper`
    (``application.bot_data["sweeper"]``). Its metrics, and /healthz and /readyz, are served at
    ``settings.metrics_address`` if set (``application.bot_data["monitor"]``)."""
    journal = Journal(engine.store.inbox, settings.bot_id)
    metrics = Metrics()
    processor = PerPersonUpdateProcessor(flood=FloodGuard(), on_arrival=metrics.arrived)
    timeouts = {"read_timeout": settings.read_timeout, "write_timeout": settings.read_timeout}
    application = (
        ApplicationBuilder()
        .token(settings.token.get_secret_value())
        .base_url(settings.api_base)
        .base_file_url(settings.file_base)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(PriorityRateLimiter(settings.max_rate))
        .request(CountingRequest(metrics.api_error, **timeouts))
        .get_updates_request(CountingRequest(metrics.api_error, **timeouts))
        .concurrent_updates(processor)
        .updater(None)
        .job_queue(None)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .build()
    )
    runner = EngineRunner(engine)
    handlers = Handlers(runner, Outbox(application.bot, rows=engine.store.outbox), journal, pictures, metrics=metrics)
    handlers.register(application)
    processor.on_flood = handlers.flooded
    processor.on_finished = lambda update: journal.finished(update.update_id) if isinstance(update, Update) else None
    intake = Intake(application.bot, application.update_queue, journal)
    journal.hand_on = intake.hand_on
    sweeper = Sweeper(
        runner,
        handlers.outbox,
        journal,
        handlers.send,
        max_rate=settings.max_rate,
        lease=settings.lease_seconds,
    )
    handlers.wake = sweeper.wake
    monitor = Monitor(Health(engine.store, model_loaded), metrics, settings.metrics_address)
    application.bot_data.update(handlers=handlers, intake=intake, sweeper=sweeper, monitor=monitor)
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
    try:
        with contextlib.ExitStack() as held:
            if not settings.webhook_url:
                try:
                    held.enter_context(store.sole_poller(settings.bot_id))
                except StoreBusy as busy:
                    log.error("%s. %s", busy, ONE_POLLER)
                    return 1
            return _start(settings, knowledge, store)
    except InvalidToken:
        log.error("Telegram rejected the bot token. %s", HOW_TO_GET_A_TOKEN)
        return 1
    finally:
        store.close()


def _start(settings: TelegramSettings, knowledge: Knowledge, store: Storage) -> int:
    pictures = PictureCache(settings.pictures_dir, knowledge)
    # Draw any missing diagrams now, in the background, so the first answers need not wait.
    threading.Thread(target=pictures.render_all, name="render-pictures", daemon=True).start()
    if (resolved := relative_file(settings.state_db)) is not None:
        log.warning(
            "the state database's path is relative to the folder the bot was started in (now %s); started "
            "from another folder it would start afresh, without anyone's conversations, diary or reminders. "
            "Set KNEEBOT_STATE_DB to an absolute path.",
            resolved,
        )
    mode = "webhook" if settings.webhook_url else "long polling"
    log.info(
        "starting with %s; state in %s; Bot API at %s",
        mode,
        shown(settings.state_db),
        urlparse(settings.api_base).netloc,
    )
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


@contextlib.asynccontextmanager
async def started(application: TelegramApp) -> AsyncIterator[None]:
    """The application running, with its sweeper, until the block ends; then the updates taken in
    are finished, messages get STOP_GRACE seconds, and this instance's claims are released."""
    handlers: Handlers = application.bot_data["handlers"]
    sweeper: Sweeper = application.bot_data["sweeper"]
    async with application:  # initialize ... shutdown
        await _post_init(application)
        await application.start()
        sweeping = asyncio.create_task(sweeper.run(), name="sweeper")
        try:
            yield
        finally:
            sweeping.cancel()
            await asyncio.gather(sweeping, return_exceptions=True)
            await application.stop()
            await _post_stop(application)
            with contextlib.suppress(StoreUnavailable):  # else the claims expire by themselves
                await asyncio.to_thread(handlers.runner.engine.store.release)


def _serve(settings: TelegramSettings, engine: Engine, pictures: PictureCache) -> int:
    return asyncio.run(_run(build_application(settings, engine, pictures), settings))


async def _run(application: TelegramApp, settings: TelegramSettings) -> int:
    """Take updates in until SIGINT or SIGTERM; then finish what was taken in and stop. Exit
    code 1 when the token is rejected for good or the database can no longer be used."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    handlers: Handlers = application.bot_data["handlers"]
    intake: Intake = application.bot_data["intake"]
    code = 0

    def unusable(_: StoreUnavailable) -> None:
        nonlocal code
        code = 1
        stop.set()

    handlers.unusable = unusable
    async with started(application):
        try:
            if settings.webhook_url:
                await _take_webhooks(application, intake, settings, stop)
            else:
                poller = Poller(
                    application.bot,
                    intake,
                    give_up_after=settings.rejected_token_timeout,
                    read_timeout=settings.read_timeout,
                )
                await poller.run(stop)
        except TokenRejected as error:
            log.error("Telegram rejected the bot token (%s); stopping. %s", error, HOW_TO_GET_A_TOKEN)
            code = 1
        finally:
            application.bot_data["monitor"].health.stopping = True
            log.info("stopping: finishing the updates taken in (%d skipped as unreadable)", intake.skipped)
    handlers.runner.close()
    return code


async def _take_webhooks(
    application: TelegramApp, intake: Intake, settings: TelegramSettings, stop: asyncio.Event
) -> None:
    """Serve the webhook until ``stop``. The webhook is set (again) at start and left set at the
    end: Telegram keeps the updates that come meanwhile until an instance takes them."""
    host, port = settings.listen_address
    url = settings.webhook_url or ""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    health = routes(application.bot_data["monitor"].health)  # /healthz and /readyz for the proxy
    server = WebhookServer(intake, host, port, urlparse(url).path, secret, more=health)
    server.start()
    try:
        failures = 0
        while not stop.is_set():
            try:
                await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
                break
            except TelegramError as error:
                pause = PAUSES[min(failures, len(PAUSES) - 1)]
                failures += 1
                log.warning("could not set the webhook (%s); trying again in %.1f s", describe(error), pause)
                await asyncio.wait([asyncio.ensure_future(stop.wait())], timeout=pause)
        await stop.wait()
    finally:
        await server.stop()
