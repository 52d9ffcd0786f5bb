"""A burst of reminders through a deploy and a crash: the real bot process against the fake Bot
API, with 80 reminders due and Telegram's budget set low so that they take a while to go out. The
bot is stopped (SIGTERM, as a deploy does) and later killed (SIGKILL) while they go out; each
person gets their reminder once, late rather than never. The only ones that may be missing are
those on their way at the moment of a stop, which the next instance reports and does not send
again (they may have arrived)."""

from __future__ import annotations

import re
import signal
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bot_process import BotProcess
from fake_bot_api import FakeBotApi

from bot.engine.practice.changes import AddReminder, SetZone
from bot.storage import SqliteStore

pytestmark = pytest.mark.e2e

PEOPLE = range(3001, 3081)
REMINDER = "Time for your knee practice"
DUE = datetime(2026, 3, 3, 7, 59, tzinfo=UTC)  # their minute is over when the bot starts: they are late
DROPPED = re.compile(r"(\d+) message\(s\) were on their way when their instance stopped")


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def reminders_set(state: Path) -> None:
    store = SqliteStore(state)
    try:
        for user_id in PEOPLE:
            with store.transaction(user_id) as loaded:
                loaded.state.defer(SetZone(DUE.timestamp() - 86400, "UTC"))
                loaded.state.defer(AddReminder(DUE.timestamp() - 86400, (479,), 127, next_due=DUE.timestamp()))
    finally:
        store.close()


def still_to_do(state: Path) -> int:
    """Reminders not yet handled and messages not yet sent, as the database says."""
    with sqlite3.connect(state) as db:
        due = db.execute("SELECT count(*) FROM reminders WHERE next_due <= ?", (DUE.timestamp(),)).fetchone()[0]
        waiting = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    return int(due) + int(waiting)


def test_a_burst_of_reminders_goes_out_once_through_a_deploy_and_a_crash(api, tmp_path):
    for user_id in PEOPLE:
        api.private_chat(user_id)
    state = tmp_path / "state.sqlite3"
    reminders_set(state)
    env = {"KNEEBOT_MAX_RATE": "4", "KNEEBOT_CLOCK_OFFSET": str(DUE.timestamp() + 61 - time.time())}

    def sent() -> list[int]:
        return [user for user in PEOPLE for m in api.chat_messages(user) if REMINDER in m.shown]

    bots = [BotProcess(api, tmp_path, env=env) for _ in range(3)]
    try:
        for bot, stop, after in ((bots[0], signal.SIGTERM, 15), (bots[1], signal.SIGKILL, 45)):
            bot.start()
            api.wait_for(lambda after=after: len(sent()) >= after, 120, f"{after} reminders")
            bot.stop(stop)
            assert len(sent()) < len(PEOPLE), "the burst was over before the stop"
        bots[2].start()
        api.wait_for(lambda: still_to_do(state) == 0, 120, "every reminder to be handled")
    finally:
        for bot in bots:
            bot.stop()
    log = bots[0].log  # the three share one log file
    dropped = sum(int(n) for n in DROPPED.findall(log))
    got = sent()
    assert len(got) == len(set(got)), "nobody was reminded twice"
    assert len(PEOPLE) - len(got) <= dropped <= 8, (len(got), dropped)
    assert "Traceback" not in log
