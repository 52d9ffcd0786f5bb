"""Several kneebot processes on one database, as operators run them: one poller per bot, however
many are started; webhook instances sharing PostgreSQL send each due reminder once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_process import CACHE_DIR, BotProcess, free_port, post_update, say
from fake_bot_api import TOKEN, FakeBotApi

from bot.engine.practice.changes import AddReminder, SetZone
from bot.storage.postgres import PostgresStore

SECRET = "instances-test-secret"
REMINDER = "Time for your knee practice"


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def test_a_second_poller_on_the_same_database_is_refused_with_what_to_do(api, tmp_path):
    relative = {"KNEEBOT_STATE_DB": "state.sqlite3"}  # beside where they start (cwd): a warning
    first = BotProcess(api, tmp_path, env=relative).start()
    try:
        second = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--api-url", api.url],
            env={
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                **relative,
                "KNEEBOT_CACHE_DIR": str(CACHE_DIR),
            },
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert second.returncode == 1
        assert "another process is polling for this bot" in second.stderr and "webhook mode" in second.stderr
        say(api, 8101, "where is SP10", "Xuehai")  # the first goes on as before
    finally:
        first.stop()
    assert first.proc is not None and first.proc.returncode == 0, first.log
    resolved = tmp_path.resolve() / "state.sqlite3"
    assert f"relative to the folder the bot was started in (now {resolved})" in first.log


def start_instances(api: FakeBotApi, database: str, folder: Path, count: int, *extra: str) -> list[BotProcess]:
    """``count`` webhook instances on ``database``, each listening on a port of its own (the test
    plays the proxy in front of them), started at once and waited for until they listen."""
    instances, urls = [], []
    for number in range(count):
        port = free_port()
        workdir = folder / f"instance-{number}"
        workdir.mkdir()
        urls.append(f"http://127.0.0.1:{port}/telegram")
        env = {"KNEEBOT_STATE_DB": database, "KNEEBOT_WEBHOOK_SECRET": SECRET, "KNEEBOT_MAX_RATE": "0"}
        arguments = ("--webhook-url", urls[-1], "--listen", f"127.0.0.1:{port}", *extra)
        instances.append(BotProcess(api, workdir, *arguments, env=env).start(ready="none"))
    for url in urls:
        api.wait_for(lambda url=url: post_update(url, "wrong", {}) == 403, 120, "an instance to listen")
    return instances


def test_two_instances_send_each_of_a_thousand_reminders_due_in_one_minute_once(api, postgres_url, tmp_path):
    people = range(8000, 9000)
    due = time.time() // 60 * 60  # this minute
    minute = int(due // 60 % (24 * 60))  # of the day, in UTC
    created = due - 3600
    seed = PostgresStore(postgres_url, where="test")
    try:
        for person in people:
            api.private_chat(person)
            with seed.transaction(person) as loaded:
                loaded.state.defer(SetZone(created, "UTC"))
                loaded.state.defer(AddReminder(created, (minute,), 127, None, next_due=due))
    finally:
        seed.close()
    instances = start_instances(api, postgres_url, tmp_path, 2)
    try:

        def reminded() -> list[int]:
            return [person for person in people for m in api.chat_messages(person) if REMINDER in m.shown]

        api.wait_for(lambda: len(set(reminded())) == len(people), 300, "every reminder sent")
        assert sorted(reminded()) == list(people)  # each once
    finally:
        for instance in instances:
            instance.stop()
    assert all(instance.proc is not None and instance.proc.returncode == 0 for instance in instances)
