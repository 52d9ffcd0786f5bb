"""Wiring: build the python-telegram-bot Application around the engine and run it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults

from bot.adapters.telegram.handlers import COMMANDS, Handlers, TelegramApp
from bot.adapters.telegram.logs import configure_logging
from bot.adapters.telegram.ordering import PerPersonUpdateProcessor
from bot.config import HOW_TO_GET_A_TOKEN, TelegramSettings
from bot.engine import Engine, SqliteStore
from bot.knowledge import Knowledge
from bot.pictures.cache import PictureCache
from bot.semantic import Semantics

log = logging.getLogger(__name__)


async def _post_init(application: TelegramApp) -> None:
    await application.bot.set_my_commands([BotCommand(name, about) for name, about in COMMANDS.items()])
    handlers: Handlers = application.bot_data["handlers"]
    if rescheduled := handlers.reschedule(application):
        log.info("rescheduled %d routine timer(s) from before the restart", rescheduled)
    if application.job_queue is not None and (reminders := handlers.schedule_reminders(application.job_queue)):
        log.info("scheduled %d reminder(s)", reminders)
    log.info("kneebot is running as @%s", application.bot.username)


def build_application(settings: TelegramSettings, engine: Engine, pictures: PictureCache | None = None) -> TelegramApp:
    application = (
        ApplicationBuilder()
        .token(settings.token.get_secret_value())
        .base_url(settings.api_base)
        .base_file_url(settings.file_base)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_rate, max_retries=3))
        .concurrent_updates(PerPersonUpdateProcessor())
        .post_init(_post_init)
        .build()
    )
    handlers = Handlers(engine, pictures)
    handlers.register(application)
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
    store = SqliteStore(settings.state_db)
    pictures = PictureCache(settings.pictures_dir, knowledge)
    # Draw any missing diagrams now, in the background, so the first answers need not wait.
    threading.Thread(target=pictures.render_all, name="render-pictures", daemon=True).start()
    engine = Engine(
        knowledge,
        store,
        clock=settings.clock,
        semantics=Semantics.load(settings.cache_dir),
        profile_max_age=settings.profile_max_age,
        diary_max_age=settings.diary_max_age,
    )
    application = build_application(settings, engine, pictures)
    mode = "webhook" if settings.webhook_url else "long polling"
    log.info(
        "starting with %s; state in %s; Bot API at %s", mode, settings.state_db, urlparse(settings.api_base).netloc
    )
    if not wait_for_bot_api(settings):
        log.error("Telegram rejected the bot token. %s", HOW_TO_GET_A_TOKEN)
        engine.close()
        store.close()
        return 1
    try:
        if settings.webhook_url:
            host, port = settings.listen_address
            application.run_webhook(
                listen=host,
                port=port,
                url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                bootstrap_retries=-1,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    except InvalidToken:
        log.error("Telegram rejected the bot token. %s", HOW_TO_GET_A_TOKEN)
        return 1
    finally:
        engine.close()
        store.close()
    return 0
