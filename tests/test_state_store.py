"""The SQLite state store when the database is shared: a write lock held elsewhere, and two
processes changing the same person's record."""

from __future__ import annotations

import sqlite3

import pytest

from bot.engine import SqliteStore, StoreBusy


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
