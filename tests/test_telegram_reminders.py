"""Reminders in the running Telegram application, day after day.

The application (python-telegram-bot's job queue, the handlers, the outbox) runs in this process
against the fake Bot API, on a clock the test moves: time-machine moves the wall clock that the
engine and the job queue read, and the job queue is woken to look at it again. Each reminder
has to arrive at every one of its due times, not just the first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fake_bot_api import TOKEN, FakeBotApi

from bot.adapters.telegram.app import _post_init, _post_stop, build_application
from bot.config import TelegramSettings
from bot.engine import Engine
from bot.engine.actions import ChooseZone, encode
from bot.engine.events import ButtonPress
from bot.knowledge import Knowledge
from bot.matching.matcher import Matcher
from bot.safety.triage import Triage
from bot.storage import SqliteStore

from helpers import Conversation

REMINDER = "Time for your knee practice"
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday, far from any change of summer time


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def reminders_in(api: FakeBotApi, chat_id: int) -> int:
    return sum(REMINDER in message.shown for message in api.chat_messages(chat_id))


def test_daily_reminders_keep_coming_for_everyone(
    api: FakeBotApi, knowledge: Knowledge, matcher: Matcher, triage: Triage, tmp_path, caplog
):
    # Two people: one reminded twice a day, one every morning; both in UTC.
    wanted = {601: "remind me twice a day, at 8 and 20:00", 602: "remind me every day at 8"}
    with time_machine.travel(START, tick=True) as traveller:
        store = SqliteStore(tmp_path / "state.sqlite3")
        engine = Engine(knowledge, store, matcher=matcher, triage=triage)
        for user_id, text in wanted.items():
            api.private_chat(user_id)
            chat = Conversation(engine, user_id)
            chat.say(text)
            chat.send(ButtonPress(encode(ChooseZone("UTC"))))
            assert "Done." in chat.text, chat.text
        settings = TelegramSettings(TELEGRAM_BOT_TOKEN=TOKEN, api_url=api.url, state_db=store.path, max_rate=0)
        # Every due time in turn, each reached two seconds ahead: the count each person has by then.
        due_times = [START.replace(hour=20) + timedelta(hours=12 * step) for step in range(6)]
        expected = [{601: step + 1, 602: (step + 1) // 2} for step in range(6)]

        async def run() -> None:
            application = build_application(settings, engine)
            async with application:
                await _post_init(application)
                await application.start()
                try:
                    assert application.job_queue is not None
                    for due, counts in zip(due_times, expected, strict=True):
                        traveller.move_to(due - timedelta(seconds=2))
                        application.job_queue.scheduler.wakeup()
                        await arrived(counts)
                finally:
                    await application.stop()
                    await _post_stop(application)

        async def arrived(expected: dict[int, int], timeout: float = 30.0) -> None:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout  # the event loop's clock is not moved
            while (got := {user: reminders_in(api, user) for user in expected}) != expected:
                assert loop.time() < deadline, f"reminders so far {got}, wanted {expected}"
                await asyncio.sleep(0.05)

        with caplog.at_level(logging.ERROR):
            try:
                asyncio.run(run())
            finally:
                store.close()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR], caplog.text
