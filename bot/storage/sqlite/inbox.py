"""Updates fetched from Telegram, kept on disk until their replies have settled (polling mode).

Telegram forgets an update once the bot asks for a later offset. So each fetched batch is written
here first and confirmed only afterwards; an update is marked done once it has been handled and
its replies have been delivered (or given up). After a crash, :meth:`Inbox.unfinished` gives back
what was fetched but not finished, to be handled again: at least once. Updates are recognised by
id, so one that Telegram delivers again is not handled twice; done ones are remembered for a day
(ids may restart at random after a week without updates).

The inbox is a small SQLite file of its own beside the state database, so that a write lock
someone holds on the state database never stops the bot from taking in updates. Its errors are
raised as StoreError, with SQLite's own error as the cause.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.engine.stores import StoreError
from bot.storage.sqlite.connection import connect, prepare

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # an update started this often without finishing may be what crashes the bot
KEEP_DONE = 24 * 3600.0  # seconds


def inbox_path(state_db: Path) -> Path:
    """``state.sqlite3`` -> ``state.inbox.sqlite3``, beside it."""
    return state_db.with_name(f"{state_db.stem}.inbox{state_db.suffix or '.sqlite3'}")


class Inbox:
    def __init__(self, path: Path, bot_id: int) -> None:
        """Open (or create) the inbox; StoreUnavailable, saying why, if the file cannot be used."""
        self.bot_id = bot_id
        self._lock = threading.Lock()
        self._adds = 0
        self._db = connect(path, timeout=5)
        prepare(self._db, path, _setup)

    def add(self, updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Keep ``updates`` (each with an int ``update_id``); returns those not seen before."""
        now, new = time.time(), []
        with self._errors(), self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for update in updates:
                    inserted = self._db.execute(
                        "INSERT OR IGNORE INTO inbox (bot_id, update_id, body, received_at) VALUES (?, ?, ?, ?)",
                        (self.bot_id, update["update_id"], json.dumps(update), now),
                    ).rowcount
                    if inserted:
                        new.append(update)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._adds += 1
            if self._adds % 500 == 0:
                self._forget_old(now)
        return new

    def unfinished(self) -> list[dict[str, Any]]:
        """Updates fetched before the last stop and not finished, oldest first. Each call counts
        as an attempt; an update that has had MAX_ATTEMPTS is given up instead of returned."""
        with self._errors(), self._lock:
            self._forget_old(time.time())
            rows = self._db.execute(
                "SELECT update_id, body, attempts FROM inbox WHERE bot_id = ? AND done = 0 ORDER BY update_id",
                (self.bot_id,),
            ).fetchall()
            self._db.execute(
                "UPDATE inbox SET attempts = attempts + 1, done = (attempts + 1 > ?) WHERE bot_id = ? AND done = 0",
                (MAX_ATTEMPTS, self.bot_id),
            )
        given_up = [update_id for update_id, _, attempts in rows if attempts >= MAX_ATTEMPTS]
        if given_up:
            log.error("giving up on update(s) %s: started %d times without finishing", given_up, MAX_ATTEMPTS)
        return [json.loads(body) for _, body, attempts in rows if attempts < MAX_ATTEMPTS]

    def done(self, update_ids: Iterable[int]) -> None:
        with self._errors(), self._lock:
            self._db.executemany(
                "UPDATE inbox SET done = 1 WHERE bot_id = ? AND update_id = ?",
                [(self.bot_id, update_id) for update_id in update_ids],
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _forget_old(self, now: float) -> None:
        self._db.execute("DELETE FROM inbox WHERE done = 1 AND received_at < ?", (now - KEEP_DONE,))

    @staticmethod
    @contextmanager
    def _errors() -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(type(exc).__name__) from exc


def _setup(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # survives a killed process (not a power cut)
    db.execute(
        "CREATE TABLE IF NOT EXISTS inbox (bot_id INTEGER NOT NULL, update_id INTEGER NOT NULL, "
        "body TEXT NOT NULL, received_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
        "done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (bot_id, update_id))"
    )
