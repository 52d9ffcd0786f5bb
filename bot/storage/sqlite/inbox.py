"""Updates taken in from Telegram, kept on disk until they have been handled.

Telegram forgets an update once the bot asks for a later offset (polling) or answers 200
(webhook). So each update is written here first; its body is deleted once it has been handled
and its replies have settled, and its id is remembered for a day so that one delivered again is
recognised (ids may restart at random after a week without updates). An update still here after
its instance stopped is claimed again and handled again: at least once. /forget deletes the
bodies of the person's updates at once.

The inbox is a small SQLite file of its own beside the state database, so that a write lock
someone holds on the state database never stops the bot from taking in updates.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from bot.engine.stores import MAX_ATTEMPTS, Incoming
from bot.storage.owners import gone
from bot.storage.sqlite.connection import check_intact, connect, damage_reported, prepare, writing
from bot.storage.turns import Unfinished, next_in_turn

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS updates (
    bot_id INTEGER NOT NULL, update_id INTEGER NOT NULL, body TEXT, user_id INTEGER,
    received_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, claimed_by TEXT, claimed_until REAL,
    PRIMARY KEY (bot_id, update_id));
CREATE INDEX IF NOT EXISTS updates_by_user ON updates (user_id);
CREATE INDEX IF NOT EXISTS updates_unfinished ON updates (bot_id, update_id) WHERE body IS NOT NULL;
"""


def inbox_path(state_db: Path) -> Path:
    """``state.sqlite3`` -> ``state.inbox.sqlite3``, beside it."""
    return state_db.with_name(f"{state_db.stem}.inbox{state_db.suffix or '.sqlite3'}")


class SqliteInbox:
    def __init__(
        self,
        path: Path,
        owner: Callable[[], tuple[str, float, float]],
    ) -> None:
        """Open (or create) the inbox; StoreUnavailable, saying why, if the file cannot be used.
        ``owner()``: the store's owner, the time now and when a claim made now expires."""
        self.path = path
        self._owner = owner
        self._lock = threading.Lock()
        self._db = connect(path, timeout=5)
        prepare(self._db, path, _setup)
        with self._write() as db:  # a restart after a crash need not wait for its claims to expire
            owners = [row[0] for row in db.execute("SELECT DISTINCT claimed_by FROM updates") if row[0]]
            db.executemany(
                "UPDATE updates SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                [(owner,) for owner in owners if gone(owner)],
            )

    def add(self, bot_id: int, updates: list[Incoming]) -> list[Incoming]:
        _, now, _ = self._owner()
        with self._write() as db:
            new = []
            for update in updates:
                inserted = db.execute(
                    "INSERT OR IGNORE INTO updates (bot_id, update_id, body, user_id, received_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (bot_id, update.update_id, update.body, update.user_id, now),
                ).rowcount
                if inserted:
                    new.append((update.update_id, update.user_id))
            return self._take(db, bot_id, new)

    def claim(self, bot_id: int, limit: int) -> list[Incoming]:
        _, now, _ = self._owner()
        with self._lock, damage_reported(self.path):  # the usual case, nothing: no write lock taken
            if not self._db.execute(
                "SELECT 1 FROM updates WHERE bot_id = ? AND body IS NOT NULL "
                "AND (claimed_until IS NULL OR claimed_until < ?) LIMIT 1",
                (bot_id, now),
            ).fetchone():
                return []
        with self._write() as db:
            waiting: list[tuple[int, int | None]] = db.execute(
                "SELECT update_id, user_id FROM updates WHERE bot_id = ? AND body IS NOT NULL "
                "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY update_id",
                (bot_id, now),
            ).fetchall()
            return self._take(db, bot_id, waiting, take_over=True, limit=limit)

    def done(self, bot_id: int, update_ids: list[int]) -> list[Incoming]:
        with self._write() as db:
            finished: list[tuple[int, int | None]] = []
            for update_id in update_ids:
                row = db.execute(
                    "SELECT user_id FROM updates WHERE bot_id = ? AND update_id = ? AND body IS NOT NULL",
                    (bot_id, update_id),
                ).fetchone()
                db.execute(
                    "UPDATE updates SET body = NULL, user_id = NULL, claimed_by = NULL, claimed_until = NULL "
                    "WHERE bot_id = ? AND update_id = ?",
                    (bot_id, update_id),
                )
                if row is not None and row[0] is not None:
                    finished.append((update_id, int(row[0])))
            return self._take(db, bot_id, finished)

    def _take(
        self,
        db: sqlite3.Connection,
        bot_id: int,
        updates: list[tuple[int, int | None]],
        *,
        take_over: bool = False,
        limit: int = -1,
    ) -> list[Incoming]:
        """Take, oldest first, those of ``updates`` (id, person) from nobody and what is in turn
        of the people they are from, inside the caller's write transaction."""
        owner, now, until = self._owner()
        taken: list[int] = []
        given_up: list[int] = []
        queues = [("user_id", person) for person in dict.fromkeys(p for _, p in updates if p is not None)]
        queues += [("update_id", update_id) for update_id, person in updates if person is None]  # its own queue
        for column, value in queues:
            rows = db.execute(
                "SELECT update_id, attempts, claimed_by, claimed_until FROM updates "
                f"WHERE bot_id = ? AND {column} = ? AND body IS NOT NULL ORDER BY update_id",
                (bot_id, value),
            ).fetchall()
            turn = next_in_turn((Unfinished(*row) for row in rows), owner, now, take_over=take_over)
            taken += turn.take
            given_up += turn.give_up
        if given_up:
            db.executemany(
                "UPDATE updates SET body = NULL, claimed_by = NULL, claimed_until = NULL "
                "WHERE bot_id = ? AND update_id = ?",
                [(bot_id, update_id) for update_id in given_up],
            )
            log.error("giving up on update(s) %s: started %d times without finishing", given_up, MAX_ATTEMPTS)
        taken = sorted(taken)[:limit] if limit >= 0 else sorted(taken)
        found = []
        for update_id in taken:
            body, person = db.execute(
                "UPDATE updates SET attempts = attempts + 1, claimed_by = ?, claimed_until = ? "
                "WHERE bot_id = ? AND update_id = ? RETURNING body, user_id",
                (owner, until, bot_id, update_id),
            ).fetchone()
            found.append(Incoming(update_id, body, person))
        return found

    def people_unfinished(self) -> set[int]:
        """Whose updates are unfinished."""
        with self._lock, damage_reported(self.path):
            rows = self._db.execute(
                "SELECT DISTINCT user_id FROM updates WHERE body IS NOT NULL AND user_id IS NOT NULL"
            )
            return {int(row[0]) for row in rows}

    def erase(self, user_id: int) -> None:
        """Delete the bodies of a person's updates, leaving no copy in the file."""
        with self._write() as db:
            db.execute("UPDATE updates SET body = NULL, user_id = NULL WHERE user_id = ?", (user_id,))
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def renew(self) -> None:
        owner, _, until = self._owner()
        with self._write() as db:
            db.execute("UPDATE updates SET claimed_until = ? WHERE claimed_by = ? AND body IS NOT NULL", (until, owner))

    def release(self) -> None:
        owner, _, _ = self._owner()
        with self._write() as db:
            db.execute("UPDATE updates SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", (owner,))

    def tidy(self, before: float) -> None:
        with self._write() as db:
            db.execute("DELETE FROM updates WHERE body IS NULL AND received_at < ?", (before,))

    def bodies(self) -> list[str]:
        """Every body still kept (for tests)."""
        with self._lock, damage_reported(self.path):
            return [row[0] for row in self._db.execute("SELECT body FROM updates WHERE body IS NOT NULL")]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return writing(self._db, self._lock, self.path, "inbox")


def _setup(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # survives a killed process (not a power cut)
    db.execute("PRAGMA secure_delete=ON")  # bodies deleted are overwritten
    db.executescript(SCHEMA)
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'inbox'").fetchone():
        _take_over_the_first_version(db)
    check_intact(db)


def _take_over_the_first_version(db: sqlite3.Connection) -> None:
    """The first version kept whole updates in a table ``inbox`` with a ``done`` flag: keep the
    unfinished ones, with whose they are, and the ids of the rest."""
    rows = db.execute("SELECT bot_id, update_id, body, received_at, attempts, done FROM inbox").fetchall()
    db.execute("BEGIN")
    for bot_id, update_id, body, received_at, attempts, done in rows:
        user_id = None if done else Incoming.of(json.loads(body)).user_id
        db.execute(
            "INSERT OR IGNORE INTO updates (bot_id, update_id, body, user_id, received_at, attempts) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (bot_id, update_id, None if done else body, user_id, received_at, attempts),
        )
    db.execute("DROP TABLE inbox")
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
