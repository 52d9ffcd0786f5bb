"""Several kneebot processes on one database, as operators run them: one poller per bot, however
many are started."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from bot_process import CACHE_DIR, BotProcess, say
from fake_bot_api import TOKEN, FakeBotApi


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
