"""Reminders in the running Telegram application, day after day.

The application (the sweeper, the handlers, the outbox) runs in this process against the fake
Bot API, on a clock the test moves: time-machine moves the wall clock that the engine and the
store read, and the sweeper is woken to look at it again. Each reminder has to arrive at every
one of its due times, not just the first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fake_bot_api import TOKEN, FakeBotApi

from bot.adapters.telegram.app import build_application, started
from bot.adapters.telegram.polling import Poller
from bot.config import TelegramSettings
from bot.engine import Engine
from bot.engine.actions import ChooseZone, encode
from bot.engine.events import ButtonPress
from bot.engine.practice.changes import AddReminder, SetZone
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
            async with started(application):
                for due, counts in zip(due_times, expected, strict=True):
                    traveller.move_to(due + timedelta(seconds=1))
                    application.bot_data["sweeper"].wake()
                    await arrived(counts)

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


@pytest.mark.filterwarnings("ignore:Please use 'Bot.getUpdates':telegram.warnings.PTBUserWarning")
def test_a_question_is_answered_ahead_of_a_burst_of_other_peoples_reminders(
    api: FakeBotApi, knowledge: Knowledge, matcher: Matcher, triage: Triage, tmp_path
):
    # 40 people are reminded at 08:00; Telegram's budget is set to one message every 2 s, so the
    # reminders queue up. Someone asks a question once the first has gone out: the answer takes
    # the next turn, ahead of the reminders already waiting for theirs.
    due = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    people = range(1001, 1041)
    store = SqliteStore(tmp_path / "state.sqlite3")
    for user_id in people:
        api.private_chat(user_id)
        with store.transaction(user_id) as loaded:
            loaded.state.defer(SetZone(START.timestamp(), "UTC"))
            loaded.state.defer(AddReminder(START.timestamp(), (480,), 127, next_due=due.timestamp()))
    engine = Engine(knowledge, store, matcher=matcher, triage=triage)
    settings = TelegramSettings(TELEGRAM_BOT_TOKEN=TOKEN, api_url=api.url, state_db=store.path, max_rate=0.5)
    asker = 2001

    def reminders() -> int:
        return sum(reminders_in(api, user) for user in people)

    async def run() -> tuple[int, int]:
        application = build_application(settings, engine)
        stop = asyncio.Event()
        async with started(application):
            poller = Poller(application.bot, application.bot_data["intake"], give_up_after=60, read_timeout=10)
            polling = asyncio.create_task(poller.run(stop))
            await until(lambda: reminders() >= 1, "the first reminder")
            before = reminders()
            api.user_says(asker, "where is SP10")
            await until(lambda: any("SP10" in m.shown for m in api.chat_messages(asker)), "the answer")
            after = reminders()
            stop.set()
            await polling
        return before, after

    async def until(condition, what: str, timeout: float = 60.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            assert loop.time() < deadline, f"timed out waiting for {what}"
            await asyncio.sleep(0.02)

    with time_machine.travel(due + timedelta(seconds=59), tick=True):
        try:
            before, after = asyncio.run(run())
        finally:
            store.close()
    # Reminders keep their turns only while no answer waits: the one whose turn had come when the
    # question arrived (and, on a slow machine, one more per 2 s the engine took to answer).
    assert after - before <= 3, f"{after - before} reminders went out ahead of the answer"
