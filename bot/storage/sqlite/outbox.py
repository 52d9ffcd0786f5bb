"""Messages waiting to be sent, in the state database (the ``outbox`` table), and the marks of
updates already handled (``handled``).

Rows are written by the store's transactions (:func:`add`), in the same transaction as the event
that decided them, claimed by the store's owner. Each row holds the message as text
(:func:`bot.engine.outgoing.dumps`), whose person is in ``user_id`` so /forget can remove it.
Once a send starts the row is marked ``started`` and is never claimed again; it is deleted when
sent, with ``secure_delete`` on, so no copy of the words stays in the file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from bot.engine.outgoing import Outgoing, dumps, loads
from bot.storage.sqlite.connection import damage_reported, writing

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, kind TEXT NOT NULL,
    body TEXT NOT NULL, created_at REAL NOT NULL, started INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT, claimed_until REAL);
CREATE INDEX IF NOT EXISTS outbox_by_user ON outbox (user_id);
CREATE TABLE IF NOT EXISTS handled (update_key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS handled_by_time ON handled (at);
"""


def add(db: sqlite3.Connection, message: Outgoing, owner: str, now: float, until: float) -> Outgoing:
    """Write ``message`` inside the caller's transaction; the message with its row id."""
    cursor = db.execute(
        "INSERT INTO outbox (user_id, chat_id, kind, body, created_at, claimed_by, claimed_until) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (message.user_id, message.chat_id, message.kind, dumps(message), now, owner, until),
    )
    assert cursor.lastrowid is not None
    return loads(dumps(message), cursor.lastrowid)


# A row this owner is not sending: another's (taken for dead), or under no live claim.
NOT_SENDING = "(claimed_by IS NOT ? OR claimed_until IS NULL OR claimed_until < ?)"


def take_over(db: sqlite3.Connection, user_id: int, owner: str, now: float, until: float) -> list[Outgoing]:
    """Claim, inside the caller's transaction, the person's replies waiting to start that this
    owner is not sending: those of an update handled by an instance taken for dead (see
    :mod:`bot.storage.turns`)."""
    rows = db.execute(
        "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE user_id = ? AND kind = 'reply' AND started = 0 "
        f"AND {NOT_SENDING} RETURNING id, body",
        (owner, until, user_id, owner, now),
    ).fetchall()
    return [loads(body, row_id) for row_id, body in sorted(rows)]


def erase(db: sqlite3.Connection, user_id: int) -> None:
    db.execute("DELETE FROM outbox WHERE user_id = ?", (user_id,))


class SqliteOutbox:
    """The outbox of the state database, through the store's connection and lock."""

    def __init__(
        self,
        db: sqlite3.Connection,
        lock: threading.Lock,
        path: Path,
        owner: Callable[[], tuple[str, float, float]],
        people_unfinished: Callable[[], set[int]] = set,
    ) -> None:
        """``people_unfinished()``: whose updates are unfinished in the inbox."""
        self._db, self._lock, self._path, self._owner = db, lock, path, owner
        self._people_unfinished = people_unfinished

    def claim(self, limit: int) -> list[Outgoing]:
        owner, now, until = self._owner()
        if not self._any("started = 0 AND (claimed_until IS NULL OR claimed_until < ?)", now):
            return []  # the usual case: no write lock taken
        waiting = self._people_unfinished()  # their replies go with the updates that decided them
        with self._write() as db:
            rows = [
                (row_id, body)
                for row_id, body, kind, user_id in db.execute(
                    "SELECT id, body, kind, user_id FROM outbox WHERE started = 0 "
                    "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id",
                    (now,),
                )
                if kind != "reply" or user_id not in waiting
            ][:limit]
            db.executemany(
                "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?", [(owner, until, i) for i, _ in rows]
            )
        found = []
        for row_id, body in rows:
            try:
                found.append(loads(body, row_id))
            except ValueError:  # written by an incompatible version: nothing can be sent
                self.sent(row_id)
        return found

    def start(self, message_id: int) -> bool:
        owner, now, until = self._owner()
        with self._write() as db:
            return (
                db.execute(
                    "UPDATE outbox SET started = 1, claimed_by = ?, claimed_until = ? WHERE id = ? AND started = 0 "
                    "AND (claimed_by = ? OR claimed_until IS NULL OR claimed_until < ?)",
                    (owner, until, message_id, owner, now),
                ).rowcount
                == 1
            )

    def retry(self, message_id: int) -> None:
        with self._write() as db:
            db.execute("UPDATE outbox SET started = 0 WHERE id = ?", (message_id,))

    def sent(self, message_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM outbox WHERE id = ?", (message_id,))

    def abandoned(self) -> int:
        _, now, _ = self._owner()
        if not self._any("started = 1 AND (claimed_until IS NULL OR claimed_until < ?)", now):
            return 0
        with self._write() as db:
            return db.execute(
                "DELETE FROM outbox WHERE started = 1 AND (claimed_until IS NULL OR claimed_until < ?)", (now,)
            ).rowcount

    def waiting(self) -> int:
        with self._lock, damage_reported(self._path):
            return int(self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def _any(self, condition: str, now: float) -> bool:
        """Whether a row matches ``condition`` (which takes ``now``), read without the write lock."""
        with self._lock, damage_reported(self._path):
            return self._db.execute(f"SELECT 1 FROM outbox WHERE {condition} LIMIT 1", (now,)).fetchone() is not None

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return writing(self._db, self._lock, self._path, "state database")
