"""The default store: one SQLite file in WAL mode, one row per person (``users``) and the
practice tables beside it (:mod:`.practice`).

SQLite has one write lock per file. So that a lock held elsewhere (another process, a backup)
holds up only the people whose records must change, a record is read without taking the lock,
and the lock is taken only to write a changed record, compare-and-swap: the write succeeds only
if the record is still the one that was read. When the lock cannot be had in time, or the record
changed meanwhile, the transaction raises StoreBusy and writes nothing; the caller runs the event
again later (the Telegram adapter waits without blocking anyone else). The practice writes the
event deferred go in that same transaction. Erasing (a record, or practice rows) is done with
``secure_delete`` on and followed by a checkpoint of the write-ahead log, so no copy stays in
the file. A file that cannot be used at all (not a database, read-only, in a folder that cannot
be written) is reported when the store opens, as StoreUnavailable.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.engine.practice.changes import Change
from bot.engine.state import UserState
from bot.engine.stores import Loaded, StoreBusy, parse_record, record_of
from bot.storage.sqlite import practice
from bot.storage.sqlite.connection import (
    check_intact,
    connect,
    damage_reported,
    immediate,
    prepare,
    set_busy_timeout,
)


class SqliteStore:
    """``busy_timeout`` is how long a write waits for the lock before StoreBusy: the terminal
    chat waits, the Telegram adapter (which must not block its thread) hardly at all."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 15.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._db = connect(self.path)
        prepare(self._db, self.path, self._setup)
        try:
            self._practice = practice.SqlitePractice(self.path, busy_timeout=busy_timeout)
        except BaseException:
            self._db.close()
            raise

    def _setup(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        # Erased records are overwritten, not just unlinked, so /forget leaves nothing behind.
        db.execute("PRAGMA secure_delete=ON")
        db.execute(
            "CREATE TABLE IF NOT EXISTS users "
            "(user_id INTEGER PRIMARY KEY, record TEXT NOT NULL, updated_at REAL NOT NULL)"
        )
        db.execute("SELECT user_id, record, updated_at FROM users LIMIT 0")
        check_intact(db)
        # A write now, so a read-only file is reported at start-up, not at the first message.
        db.execute("PRAGMA user_version = 1")
        set_busy_timeout(db, self.busy_timeout)  # start-up may wait; later not

    @property
    def practice(self) -> practice.SqlitePractice:
        return self._practice

    @contextmanager
    def transaction(self, user_id: int) -> Iterator[Loaded]:
        before = self.raw(user_id)  # WAL: reading never waits for a writer
        loaded = parse_record(before)
        yield loaded
        record = record_of(loaded)
        changes = loaded.state.deferred
        if record == before and not changes:
            return  # most questions write nothing: no lock needed
        with damage_reported(self.path):
            erased = self._swap(user_id, before, record, changes)
            if loaded.erase or erased:
                with self._lock:  # copies of what was erased in the write-ahead log go too
                    self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _swap(self, user_id: int, before: str | None, record: str | None, changes: list[Change]) -> bool:
        """Replace the stored record ``before`` (None: no row) with ``record`` (None: delete
        the row) and make the practice ``changes``, in one transaction; True when they erased
        rows. StoreBusy, with nothing written, if the lock cannot be had or the record changed."""
        with immediate(self._db, self._lock, "state database") as db:
            if before is None and record is None:
                found = db.execute("SELECT 1 FROM users WHERE user_id = ?", (user_id,)).fetchone()
                written = 0 if found else 1
            elif before is None:
                written = db.execute(
                    "INSERT INTO users (user_id, record, updated_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO NOTHING",
                    (user_id, record, time.time()),
                ).rowcount
            elif record is None:
                written = db.execute("DELETE FROM users WHERE user_id = ? AND record = ?", (user_id, before)).rowcount
            else:
                written = db.execute(
                    "UPDATE users SET record = ?, updated_at = ? WHERE user_id = ? AND record = ?",
                    (record, time.time(), user_id, before),
                ).rowcount
            if written != 1:
                raise StoreBusy("the record changed while the event was handled")
            erased = False
            for change in changes:
                erased |= practice.write(db, user_id, change)
        return erased

    def states(self) -> Iterator[tuple[int, UserState]]:
        with self._lock, damage_reported(self.path):
            rows = self._db.execute("SELECT user_id, record FROM users").fetchall()
        for user_id, record in rows:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def raw(self, user_id: int) -> str | None:
        with self._lock, damage_reported(self.path):
            row = self._db.execute("SELECT record FROM users WHERE user_id = ?", (user_id,)).fetchone()
        return row[0] if row else None

    def put_raw(self, user_id: int, record: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO users (user_id, record, updated_at) VALUES (?, ?, ?)",
                (user_id, record, time.time()),
            )

    def close(self) -> None:
        self._practice.close()
        with self._lock:
            self._db.close()
