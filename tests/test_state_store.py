"""The SQLite state store when the database is shared: a write lock held elsewhere, and two
processes changing the same person's record; the pain diary and reminders written with it."""

from __future__ import annotations

import sqlite3

import pytest

from bot.engine import ButtonPress, Engine, StoreBusy, StoreUnavailable, Text
from bot.engine.actions import ChooseZone, RemoveReminder, encode
from bot.storage import SqliteStore

from helpers import Conversation, FakeClock, clear_safety_check


def test_a_locked_database_still_serves_events_that_change_nothing(tmp_path):
    store = SqliteStore(tmp_path / "state.sqlite3", busy_timeout=0)
    with store.transaction(1) as loaded:
        loaded.state.greeted = True
    other = sqlite3.connect(tmp_path / "state.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with store.transaction(1) as loaded:  # read-only: no lock needed
            assert loaded.state.greeted
        with pytest.raises(StoreBusy), store.transaction(2) as loaded:  # must write: refused at once
            loaded.state.greeted = True
    finally:
        other.execute("COMMIT")
    assert store.raw(2) is None, "nothing was written for the refused event"
    with store.transaction(2) as loaded:
        loaded.state.greeted = True
    assert store.raw(2) is not None
    store.close()


def test_a_record_changed_by_another_process_meanwhile_is_not_overwritten(tmp_path):
    first, second = SqliteStore(tmp_path / "state.sqlite3"), SqliteStore(tmp_path / "state.sqlite3")
    with first.transaction(1) as loaded:
        loaded.state.greeted = True
    with pytest.raises(StoreBusy), first.transaction(1) as slow:
        with second.transaction(1) as quick:
            quick.state.ended_runs = ["quick"]
        slow.state.ended_runs = ["slow"]
    with first.transaction(1) as loaded:
        assert loaded.state.ended_runs == ["quick"]
    first.close()
    second.close()


# --- the practice plan's tables, in the same file ----------------------------------------------


@pytest.fixture
def locked_engine(tmp_path, knowledge, matcher, triage):
    """An engine as the Telegram adapter runs it (no waiting for a lock), and a way to hold the
    file's write lock from another connection, as another process would."""
    path = tmp_path / "state.sqlite3"
    engine = Engine(knowledge, SqliteStore(path, busy_timeout=0), clock=FakeClock(), matcher=matcher, triage=triage)
    other = sqlite3.connect(path, isolation_level=None)
    yield engine, other
    other.close()
    engine.store.close()


def with_a_reminder(engine: Engine) -> int:
    engine.handle(1, ButtonPress(encode(ChooseZone("UTC"))))
    engine.handle(1, Text("remind me every day at 8"))
    [reminder] = engine.practice.store.reminders(1)
    return reminder.id


def test_a_reminder_write_is_refused_at_once_while_the_database_is_locked(locked_engine):
    engine, other = locked_engine
    remove = ButtonPress(encode(RemoveReminder(with_a_reminder(engine))))  # changes no record, only the table
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy):
            engine.handle(1, remove)
    finally:
        other.execute("COMMIT")
    assert len(engine.practice.store.reminders(1)) == 1, "nothing was written for the refused event"
    assert engine.handle(1, remove).note == "Removed."  # tried again
    assert engine.practice.store.reminders(1) == []


def test_a_routines_rating_and_its_record_are_written_together_or_not_at_all(locked_engine):
    engine, other = locked_engine
    chat = Conversation(engine)
    chat.say("start the steam towel method")
    chat.press("▶ Start")
    clear_safety_check(chat)
    rate = chat.payload_of("5")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy):
            engine.handle(1, ButtonPress(rate))
    finally:
        other.execute("COMMIT")
    assert engine.practice.store.ratings(1) == []
    assert '"phase":"pain_before"' in (engine.store.raw(1) or "")
    assert "Step 1 of" in chat.press("5").replies[0].text  # tried again: both are written now
    assert [(rating.kind, rating.score) for rating in engine.practice.store.ratings(1)] == [("before", 5)]


def test_claiming_due_reminders_is_refused_at_once_while_the_database_is_locked(locked_engine):
    engine, other = locked_engine
    reminder = with_a_reminder(engine)
    later = 1_700_000_000.0 + 2 * 86400
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy):
            engine.practice.store.claim_due(later, 10)
    finally:
        other.execute("COMMIT")
    assert [due.id for due in engine.practice.store.claim_due(later, 10)] == [reminder]


def test_a_file_damaged_while_in_use_is_reported_as_unusable_not_a_crash(tmp_path):
    path = tmp_path / "state.sqlite3"
    store = SqliteStore(path)
    people = range(20_000)  # more pages than SQLite keeps in its cache
    for user_id in people:
        store.put_raw(user_id, "{}" + " " * 400)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    size = path.stat().st_size
    with open(path, "r+b") as damaged:  # a disk going bad under the running bot
        damaged.seek(size // 3)
        damaged.write(bytes(range(256)) * 256)
    with pytest.raises(StoreUnavailable) as raised:
        for user_id in people:
            with store.transaction(user_id) as loaded:
                loaded.state.greeted = True
    assert "damaged" in str(raised.value) and str(path) in str(raised.value)
    store.close()
