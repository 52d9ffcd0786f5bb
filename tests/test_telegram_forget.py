"""/forget forgets everywhere: after it, no file the bot wrote (the state database and its
write-ahead log, the inbox, pictures, the log) holds anything the person wrote, their name or
their id, in text or as SQLite stores a number."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_process import BotProcess, press, say
from fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

PERSON = 7_350_991_234  # an id that cannot turn up by chance
NAMES = {"first_name": "Zebediah", "last_name": "Quackenbush", "username": "zq_private_handle"}
WORDS = ["marmalade sprocket", "warfarin", "23 weeks pregnant"]


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def traces(folder: Path) -> dict[str, list[str]]:
    """Every file under ``folder`` that holds one of the person's traces, with which."""
    wanted = {word: word.encode() for word in [*WORDS, *NAMES.values()]}
    wanted["id"] = str(PERSON).encode()
    wanted["id as SQLite keeps it"] = PERSON.to_bytes(6, "big")  # a 6-byte integer in a record
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            hits = [name for name, text in wanted.items() if text.lower() in data]
            if hits:
                found[str(path.relative_to(folder))] = hits
    return found


def test_forget_leaves_no_trace_of_the_person_in_any_file(api, tmp_path):
    api.name_user(PERSON, **NAMES)
    bot = BotProcess(api, tmp_path).start()
    try:
        say(api, PERSON, "I take warfarin", "")
        say(api, PERSON, "I'm 23 weeks pregnant", "Noted: you're pregnant (23 weeks)")
        say(api, PERSON, "my knee feels like a marmalade sprocket", "")
        say(api, PERSON, "I'm at a 6 today", "Noted: pain 6/10")
        ask = say(api, PERSON, "remind me every day at 8", "which time zone")
        press(api, PERSON, ask, "UTC", "every day at 08:00")
        assert traces(tmp_path), "the person is in the files before /forget"
        ask = say(api, PERSON, "/forget", "cannot be undone")
        press(api, PERSON, ask, "Yes, erase everything", "erased everything")
        say(api, 99, "hello", "Hello")  # the bot goes on with someone else
    finally:
        bot.stop(signal.SIGTERM)
    assert bot.proc is not None and bot.proc.returncode == 0
    assert traces(tmp_path) == {}
