"""The default store: one SQLite file in WAL mode, one row per person (``users``), the practice
tables and timers beside it (:mod:`.practice`), the outbox and the marks of handled updates
(:mod:`.outbox`), and the inbox in a small file of its own (:mod:`.inbox`).

SQLite has one write lock per file. So that a lock held elsewhere (another process, a backup)
holds up only the people whose records must change, a record is read without taking the lock,
and the lock is taken only to write a changed record, compare-and-swap: the write succeeds only
if the record is still the one that was read. When the lock cannot be had in time, or the record
changed meanwhile, the transaction raises StoreBusy and writes nothing; the caller runs the event
again later (the Telegram adapter waits without blocking anyone else). The practice writes and
the messages the event decided go in that same transaction; an event that changes nothing
writes nothing, its messages neither (the adapter sends them from memory). Erasing (a record,
or practice rows) is done with ``secure_delete`` on and followed by a checkpoint of the
write-ahead log, so no copy stays in the file. A file that cannot be used at all (not a
database, damaged, read-only, in a folder that cannot be written) is reported when the store
opens, as StoreUnavailable.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.engine.outgoing import Outgoing
from bot.engine.practice.changes import Change
from bot.engine.state import UserState
from bot.engine.stores import REMEMBER_HANDLED, Loaded, StoreBusy, StoreError, parse_record, record_of
from bot.storage.owners import gone, new_owner
from bot.storage.sqlite import outbox, practice
from bot.storage.sqlite.connection import (
    check_intact,
    connect,
    damage_reported,
    prepare,
    set_busy_timeout,
    writing,
)
from bot.storage.sqlite.inbox import SqliteInbox, inbox_path
from bot.storage.sqlite.outbox import SqliteOutbox
from bot.storage.sqlite.practice import SqlitePractice, SqliteTimers


class SqliteStore:
    """``busy_timeout`` is how long a write waits for the lock before StoreBusy: the terminal
    chat waits, the Telegram adapter (which must not block its thread) hardly at all."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = 15.0,
        owner: str | None = None,
        lease: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.owner = owner or new_owner()
        self.lease = lease
        self.clock = clock
        self._lock = threading.Lock()
        self._db = connect(self.path)
        prepare(self._db, self.path, self._setup)
        self._inbox: SqliteInbox | None = None
        try:
            self._practice = SqlitePractice(self.path, self._claiming, busy_timeout=busy_timeout)
        except BaseException:
            self._db.close()
            raise
        self._outbox = SqliteOutbox(
            self._db, self._lock, self.path, self._claiming, lambda: self.inbox.people_unfinished()
        )
        self._release(gone)

    CLAIMED = ("outbox", "reminders", "timers")

    def _release(self, whose: Callable[[str], bool]) -> None:
        """Give up the claims of the owners ``whose`` picks (this one on stopping; at opening,
        those known to be gone, so a restart after a crash need not wait for them to expire)."""
        with writing(self._db, self._lock, self.path, "state database") as db:
            for table in self.CLAIMED:
                owners = [row[0] for row in db.execute(f"SELECT DISTINCT claimed_by FROM {table}") if row[0]]
                released = f"UPDATE {table} SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?"
                db.executemany(released, [(owner,) for owner in owners if whose(owner)])

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
        db.executescript(outbox.SCHEMA)
        check_intact(db)
        # A write now, so a read-only file is reported at start-up, not at the first message.
        db.execute("PRAGMA user_version = 1")
        set_busy_timeout(db, self.busy_timeout)  # start-up may wait; later not

    def _people_unfinished(self) -> set[int]:
        return self.inbox.people_unfinished()

    def _claiming(self) -> tuple[str, float, float]:
        now = self.clock()
        return self.owner, now, now + self.lease

    @property
    def practice(self) -> SqlitePractice:
        return self._practice

    @property
    def timers(self) -> SqliteTimers:
        return self._practice.timers

    @property
    def outbox(self) -> SqliteOutbox:
        return self._outbox

    @property
    def inbox(self) -> SqliteInbox:
        """Opened on first use: only the Telegram adapter takes updates in."""
        with self._lock:
            if self._inbox is None:
                self._inbox = SqliteInbox(inbox_path(self.path), self._claiming)
            return self._inbox

    @contextmanager
    def transaction(self, user_id: int, update: str | None = None) -> Iterator[Loaded]:
        before = self.raw(user_id)  # WAL: reading never waits for a writer
        loaded = parse_record(before)
        loaded.handled = update is not None and self._handled(update)
        yield loaded
        if loaded.handled:
            with damage_reported(self.path):
                loaded.queued = self._take_over(user_id)
            return
        record = record_of(loaded)
        changes = loaded.state.deferred
        if record == before and not changes:
            return  # most questions write nothing: no lock needed, and their messages go from memory
        with damage_reported(self.path):
            erased, loaded.queued = self._swap(user_id, before, record, changes, loaded, update)
            if loaded.erase or erased:
                with self._lock:  # copies of what was erased in the write-ahead log go too
                    self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if loaded.erase:
            self.inbox.erase(user_id)

    def _swap(
        self,
        user_id: int,
        before: str | None,
        record: str | None,
        changes: list[Change],
        loaded: Loaded,
        update: str | None,
    ) -> tuple[bool, list[Outgoing]]:
        """Replace the stored record ``before`` (None: no row) with ``record`` (None: delete
        the row), make the practice ``changes`` and write the messages, in one transaction;
        whether they erased rows, and the messages written. StoreBusy, with nothing written, if
        the lock cannot be had or the record changed."""
        owner, now, until = self._claiming()
        with writing(self._db, self._lock, self.path, "state database") as db:
            if before is None and record is None:
                found = db.execute("SELECT 1 FROM users WHERE user_id = ?", (user_id,)).fetchone()
                written = 0 if found else 1
            elif before is None:
                written = db.execute(
                    "INSERT INTO users (user_id, record, updated_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO NOTHING",
                    (user_id, record, now),
                ).rowcount
            elif record is None:
                written = db.execute("DELETE FROM users WHERE user_id = ? AND record = ?", (user_id, before)).rowcount
            else:
                written = db.execute(
                    "UPDATE users SET record = ?, updated_at = ? WHERE user_id = ? AND record = ?",
                    (record, now, user_id, before),
                ).rowcount
            if written != 1:
                raise StoreBusy("the record changed while the event was handled")
            erased = False
            for change in changes:
                erased |= practice.write(db, user_id, change)
            if loaded.erase:
                outbox.erase(db, user_id)
                db.execute("DELETE FROM timers WHERE user_id = ?", (user_id,))
            queued = [outbox.add(db, message, owner, now, until) for message in loaded.outgoing]
            if update is not None:
                db.execute("INSERT OR IGNORE INTO handled (update_key, at) VALUES (?, ?)", (update, now))
        return erased, queued

    def _take_over(self, user_id: int) -> list[Outgoing]:
        """The person's replies an instance that stopped left waiting (see :func:`outbox.take_over`);
        the write lock is taken only when there are some."""
        owner, now, until = self._claiming()
        with self._lock:
            left = self._db.execute(
                f"SELECT 1 FROM outbox WHERE user_id = ? AND kind = 'reply' AND started = 0 AND {outbox.NOT_SENDING} "
                "LIMIT 1",
                (user_id, owner, now),
            ).fetchone()
        if left is None:
            return []
        with writing(self._db, self._lock, self.path, "state database") as db:
            return outbox.take_over(db, user_id, owner, now, until)

    def _handled(self, update: str) -> bool:
        with self._lock, damage_reported(self.path):
            return self._db.execute("SELECT 1 FROM handled WHERE update_key = ?", (update,)).fetchone() is not None

    def states(self) -> Iterator[tuple[int, UserState]]:
        with self._lock, damage_reported(self.path):
            rows = self._db.execute("SELECT user_id, record FROM users").fetchall()
        for user_id, record in rows:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def renew(self) -> None:
        owner, _, until = self._claiming()
        with writing(self._db, self._lock, self.path, "state database") as db:
            db.execute("UPDATE outbox SET claimed_until = ? WHERE claimed_by = ?", (until, owner))
        if self._inbox is not None:
            self._inbox.renew()

    def release(self) -> None:
        self._release(lambda owner: owner == self.owner)
        if self._inbox is not None:
            self._inbox.release()

    def tidy(self) -> None:
        before = self.clock() - REMEMBER_HANDLED
        with writing(self._db, self._lock, self.path, "state database") as db:
            db.execute("DELETE FROM handled WHERE at < ?", (before,))
        if self._inbox is not None:
            self._inbox.tidy(before)

    def ping(self) -> None:
        try:
            with self._lock:
                self._db.execute("SELECT 1 FROM users LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"the state database cannot be read ({type(exc).__name__}: {exc})") from exc

    @contextmanager
    def sole_poller(self, bot_id: int) -> Iterator[None]:
        """An exclusive lock (flock) on a file beside the database, ``<name>.poller-<bot id>.lock``,
        which the system drops when the process ends, however it ends."""
        path = self.path.with_name(f"{self.path.stem}.poller-{bot_id}.lock")
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot open {path} ({type(exc).__name__})") from exc
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(f"another process is polling for this bot with {self.path}") from None
            yield
        finally:
            os.close(handle)  # and with it the lock

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
        if self._inbox is not None:
            self._inbox.close()
        with self._lock:
            self._db.close()
