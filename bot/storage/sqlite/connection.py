"""Opening a SQLite file, taking its write lock, and saying in plain words why a file cannot be
used. The only place besides the stores themselves that knows SQLite's errors."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.engine.stores import StoreBusy, StoreUnavailable

MEMORY = ":memory:"


def connect(path: Path | str, *, timeout: float = 15.0) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly) that any thread may
    use one at a time; StoreUnavailable, saying why, if the file cannot be opened."""
    try:
        if str(path) != MEMORY:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        raise unavailable(path, exc) from exc


def prepare(db: sqlite3.Connection, path: Path | str, setup: Callable[[sqlite3.Connection], None]) -> None:
    """Run ``setup`` (pragmas, tables) on a new connection; StoreUnavailable, closing it, if the
    file turns out not to be usable."""
    try:
        setup(db)
    except sqlite3.Error as exc:
        db.close()
        raise unavailable(path, exc) from exc


@contextmanager
def immediate(db: sqlite3.Connection, what: str) -> Iterator[sqlite3.Connection]:
    """A write transaction on ``db`` (the caller holds the connection's lock): StoreBusy if
    another connection holds the write lock past the connection's busy timeout; rolled back if
    the block raises."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:  # "database is locked"
        if not is_locked(exc):
            raise
        raise StoreBusy(f"the {what} is locked") from exc
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


@contextmanager
def writing(db: sqlite3.Connection, lock: threading.Lock, path: Path | str, what: str) -> Iterator[sqlite3.Connection]:
    """A short write transaction on ``db`` under its ``lock`` (see :func:`immediate`), damage to
    the file reported as StoreUnavailable."""
    with lock, damage_reported(path), immediate(db, what) as connection:
        yield connection


def add_columns(db: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Add the ``columns`` (name: type) that ``table``, written by an earlier version, lacks."""
    present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    for name, kind in columns.items():
        if name not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def check_intact(db: sqlite3.Connection) -> None:
    """Read every page once (``quick_check``: about 0.2 s for 130 MB), so a file damaged in the
    middle is reported when it is opened rather than at the first person whose page is bad."""
    row = db.execute("PRAGMA quick_check(1)").fetchone()
    if row is None or row[0] != "ok":
        raise sqlite3.DatabaseError("database disk image is malformed")


def is_damaged(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


@contextmanager
def damage_reported(path: Path | str) -> Iterator[None]:
    """A file found damaged while in use is StoreUnavailable, saying so, like one found at start."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_damaged(exc):
            raise unavailable(path, exc) from exc
        raise


def set_busy_timeout(db: sqlite3.Connection, seconds: float) -> None:
    db.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")


def is_locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def unavailable(path: Path | str, error: OSError | sqlite3.Error) -> StoreUnavailable:
    return StoreUnavailable(str(path), _reason(Path(path), error))


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
