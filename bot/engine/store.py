"""Per-person state stores: one interface, in memory (tests) or SQLite (default).

Every event runs inside :meth:`StateStore.transaction`: the record is read, changed by the
engine and written back atomically. Nothing is cached between events, so several processes can
share one SQLite file. A record the engine marks ``erase`` (/forget) is deleted, with
secure_delete and a checkpoint of the write-ahead log, so no copy of it stays in the file. A
record that cannot be read (corrupt, or written by an incompatible
version) is replaced by a fresh one and reported as ``reset`` so the engine can say so. A file
that cannot be used at all (not a database, read-only, in a folder that cannot be written) is
reported when the store opens, as :class:`StoreUnavailable`.

SQLite has one write lock per file. So that a lock held elsewhere (another process, a backup)
holds up only the people whose records must change, a record is read without taking the lock,
and the lock is taken only to write a changed record, compare-and-swap: the write succeeds only
if the record is still the one that was read. When the lock cannot be had in time, or the record
changed meanwhile, the transaction raises :class:`StoreBusy` and writes nothing; the caller runs
the event again later (the Telegram adapter waits without blocking anyone else). Writes the
event makes to other tables of the same file (``Loaded.also_write``: the pain diary and
reminders) go in that same transaction, so they are made together with the record or not at all.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from bot.engine.state import SCHEMA_VERSION, UserState

log = logging.getLogger(__name__)


# Writes to other tables of the state's SQLite file, made through the store's connection in the
# same transaction as the record (the practice plan's diary and reminders); True when they erased
# rows, so the write-ahead log is checkpointed after.
AlsoWrite = Callable[[sqlite3.Connection], bool]


@dataclass
class Loaded:
    state: UserState
    reset: bool = False  # True when an unreadable or outdated record was replaced
    erase: bool = False  # set by the engine: delete the record instead of writing it back
    also_write: AlsoWrite | None = None  # set by the engine; SqliteStore only


class StoreUnavailable(Exception):
    """The state file cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path, error: OSError | sqlite3.Error) -> None:
        self.path = path
        super().__init__(f"cannot keep conversations in {path}: {_reason(path, error)}.")


def _reason(path: Path, error: OSError | sqlite3.Error) -> str:
    if isinstance(error, FileExistsError | NotADirectoryError):
        return f"{path.parent} is a file, not a folder"
    if isinstance(error, OSError):
        return (error.strerror or type(error).__name__).lower()
    text = str(error).lower()
    if path.is_dir():
        return "it is a folder, not a file"
    if "not a database" in text or "malformed" in text:
        return "it is not a SQLite database, or it is damaged"
    if not os.access(path.parent, os.W_OK):  # SQLite keeps its journal in files beside it
        return f"its folder {path.parent} is read-only"
    if "readonly" in text:
        return "it is read-only"
    if "no such" in text:
        return "it holds some other program's data"
    return f"SQLite cannot use it ({text})"


class StoreBusy(Exception):
    """Nothing was written: the database is locked, or the record changed since it was read.
    Handling the event again from the start is safe."""


class StateStore(Protocol):
    def transaction(self, user_id: int) -> AbstractContextManager[Loaded]: ...

    def states(self) -> Iterator[tuple[int, UserState]]:
        """Every readable stored state (for start-up work such as rescheduling timers)."""
        ...

    def close(self) -> None: ...


def parse_record(text: str | None) -> Loaded:
    if text is None:
        return Loaded(UserState())
    try:
        state = UserState.model_validate_json(text)
        if state.version != SCHEMA_VERSION:
            raise ValueError(f"schema version {state.version}")
        return Loaded(state)
    except (ValueError, ValidationError) as exc:
        log.warning("resetting an unreadable user record: %s", type(exc).__name__)
        return Loaded(UserState(), reset=True)


class MemoryStore:
    """Keeps serialised records in a dict, so tests exercise the same round trip as SQLite."""

    def __init__(self) -> None:
        self._records: dict[int, str] = {}
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self, user_id: int) -> Iterator[Loaded]:
        with self._lock:
            loaded = parse_record(self._records.get(user_id))
            yield loaded
            if loaded.erase:
                self._records.pop(user_id, None)
            else:
                self._records[user_id] = loaded.state.model_dump_json()

    def states(self) -> Iterator[tuple[int, UserState]]:
        with self._lock:
            records = list(self._records.items())
        for user_id, record in records:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def raw(self, user_id: int) -> str | None:
        return self._records.get(user_id)

    def put_raw(self, user_id: int, record: str) -> None:
        self._records[user_id] = record

    def close(self) -> None:
        pass


class SqliteStore:
    """One row per person in a WAL-mode SQLite file.

    ``busy_timeout`` is how long a write waits for the lock before :class:`StoreBusy`: the
    terminal chat waits, the Telegram adapter (which must not block its thread) hardly at all.
    """

    def __init__(self, path: str | Path, *, busy_timeout: float = 15.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(self.path, exc) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # Erased records are overwritten, not just unlinked, so /forget leaves nothing behind.
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS users "
                "(user_id INTEGER PRIMARY KEY, record TEXT NOT NULL, updated_at REAL NOT NULL)"
            )
            self._db.execute("SELECT user_id, record, updated_at FROM users LIMIT 0")
            # A write now, so a read-only file is reported at start-up, not at the first message.
            self._db.execute("PRAGMA user_version = 1")
            self._db.execute(f"PRAGMA busy_timeout = {round(busy_timeout * 1000)}")  # start-up may wait; later not
        except sqlite3.Error as exc:
            self._db.close()
            raise StoreUnavailable(self.path, exc) from exc

    @contextmanager
    def transaction(self, user_id: int) -> Iterator[Loaded]:
        before = self.raw(user_id)  # WAL: reading never waits for a writer
        loaded = parse_record(before)
        yield loaded
        also = loaded.also_write
        record = None if loaded.erase else loaded.state.model_dump_json()
        if record == before and also is None:
            return  # most questions write nothing: no lock needed
        erased = self._swap(user_id, before, record, also)
        if loaded.erase or erased:
            with self._lock:  # copies of what was erased in the write-ahead log go too
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _swap(self, user_id: int, before: str | None, record: str | None, also: AlsoWrite | None = None) -> bool:
        """Replace the stored record ``before`` (None: no row) with ``record`` (None: delete
        the row) and make ``also``'s writes, in one transaction; True when ``also`` erased rows.
        StoreBusy, with nothing written, if the lock cannot be had or the record changed."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:  # "database is locked"
                raise StoreBusy("the state database is locked") from exc
            try:
                if before is None and record is None:
                    found = self._db.execute("SELECT 1 FROM users WHERE user_id = ?", (user_id,)).fetchone()
                    written = 0 if found else 1
                elif before is None:
                    written = self._db.execute(
                        "INSERT INTO users (user_id, record, updated_at) VALUES (?, ?, ?) "
                        "ON CONFLICT(user_id) DO NOTHING",
                        (user_id, record, time.time()),
                    ).rowcount
                elif record is None:
                    written = self._db.execute(
                        "DELETE FROM users WHERE user_id = ? AND record = ?", (user_id, before)
                    ).rowcount
                else:
                    written = self._db.execute(
                        "UPDATE users SET record = ?, updated_at = ? WHERE user_id = ? AND record = ?",
                        (record, time.time(), user_id, before),
                    ).rowcount
                if written != 1:
                    raise StoreBusy("the record changed while the event was handled")
                erased = also(self._db) if also is not None else False
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return erased

    def states(self) -> Iterator[tuple[int, UserState]]:
        with self._lock:
            rows = self._db.execute("SELECT user_id, record FROM users").fetchall()
        for user_id, record in rows:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def raw(self, user_id: int) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT record FROM users WHERE user_id = ?", (user_id,)).fetchone()
        return row[0] if row else None

    def put_raw(self, user_id: int, record: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO users (user_id, record, updated_at) VALUES (?, ?, ?)",
                (user_id, record, time.time()),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
