"""The real bot process keeping its conversations in PostgreSQL."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from bot_process import BotProcess, press, start_routine
from fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def test_a_routine_continues_after_kill_9_with_its_state_in_postgresql(api, tmp_path, postgres_url):
    env = {"KNEEBOT_DATABASE_URL": postgres_url, "KNEEBOT_STATE_DB": ""}
    first = BotProcess(api, tmp_path, env=env).start()
    try:
        screen = start_routine(api, 201, "start the qigong routine", "Qigong knee self-massage", "7")
        screen = press(api, 201, screen, "Next ▶", "Step 2 of 6")
    finally:
        first.stop(signal.SIGKILL)
    assert not (tmp_path / "state.sqlite3").exists(), "nothing was kept in a SQLite file"
    second = BotProcess(api, tmp_path, env=env).start()
    try:
        screen = press(api, 201, screen, "Next ▶", "Step 3 of 6")
        assert "Press the knee eyes (Xiyan)" in screen.text
    finally:
        second.stop()
    assert "state in postgresql://kneebot@127.0.0.1" in second.log
