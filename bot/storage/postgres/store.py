"""PostgreSQL, for operators: one row per person (``users``) and the practice tables beside it,
shared by any number of kneebot instances.

Each event is one transaction that first takes the person's lock (a transaction-scoped advisory
lock keyed by their id), then reads their record, and at the end writes the record and the
practice writes together, or nothing. So two instances never handle one person's events at the
same time, and other people are never held up. A lock held elsewhere is waited for up to
``busy_timeout`` (0: not at all), then the event is refused with StoreBusy, having written
nothing, to be run again later; most events change nothing and write nothing. The schema is
brought up to date when the store opens (:mod:`.migrate`).

Erasing (/forget) deletes the rows. PostgreSQL keeps a deleted row's bytes in its data files
until vacuum reuses the space, and in its write-ahead log and backups until they are recycled;
the README tells operators how to bound that.

Claims (reminders, timers, waiting messages, updates; see :mod:`bot.engine.stores`) name this
store's ``owner``; several instances on one database claim with ``FOR UPDATE SKIP LOCKED``, so
each item goes to one of them.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from bot.engine.practice.changes import Change
from bot.engine.state import UserState
from bot.engine.stores import REMEMBER_HANDLED, Loaded, StoreBusy, StoreError, parse_record, record_of
from bot.storage.owners import gone, new_owner
from bot.storage.postgres import connection as connecting
from bot.storage.postgres import outbox
from bot.storage.postgres.connection import summary, translated
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.migrate import POLLERS, upgrade
from bot.storage.postgres.outbox import PostgresOutbox
from bot.storage.postgres.practice import PostgresPractice, PostgresTimers, write

CLAIMED = ("outbox", "reminders", "timers", "inbox")  # the tables whose rows are claimed

PING_TIMEOUT = 2.0  # seconds a health check waits for a connection


class PostgresStore:
    """``url``: a libpq connection URL (``postgresql://user:password@host:5432/database``);
    ``where``: the same without the password, for messages."""

    def __init__(
        self,
        url: str,
        *,
        where: str,
        busy_timeout: float = 15.0,
        owner: str | None = None,
        lease: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.where = where
        self.busy_timeout = busy_timeout
        self._url = url
        self.owner = owner or new_owner()
        self.lease = lease
        self.clock = clock
        connecting.check_reachable(url, where)
        with psycopg.connect(url, autocommit=True, connect_timeout=connecting.CONNECT_TIMEOUT) as connection:
            self.migrated = upgrade(connection, where)
        self._pool = connecting.open_pool(url, where)
        self._practice = PostgresPractice(self._pool, self._claiming)
        self._outbox = PostgresOutbox(self._pool, self._claiming)
        self._inbox = PostgresInbox(self._pool, self._claiming)
        self._release(gone)

    def _claiming(self) -> tuple[str, float, float]:
        now = self.clock()
        return self.owner, now, now + self.lease

    @property
    def practice(self) -> PostgresPractice:
        return self._practice

    @property
    def timers(self) -> PostgresTimers:
        return self._practice.timers

    @property
    def outbox(self) -> PostgresOutbox:
        return self._outbox

    @property
    def inbox(self) -> PostgresInbox:
        return self._inbox

    @contextmanager
    def transaction(self, user_id: int, update: str | None = None) -> Iterator[Loaded]:
        with translated("state database"), self._pool.connection() as connection:
            connection.execute("BEGIN")
            try:
                self._lock(connection, user_id)
                row = connection.execute("SELECT record FROM users WHERE user_id = %s", (user_id,)).fetchone()
                before: str | None = row[0] if row else None
                loaded = parse_record(before)
                if update is not None:
                    seen = connection.execute("SELECT 1 FROM handled WHERE update_key = %s", (update,)).fetchone()
                    loaded.handled = seen is not None
                yield loaded
                record = record_of(loaded)
                if loaded.handled:
                    owner, now, until = self._claiming()
                    loaded.queued = outbox.take_over(connection, user_id, owner, now, until)
                elif record != before or loaded.state.deferred:
                    self._write(connection, user_id, before, record, loaded.state.deferred)
                    owner, now, until = self._claiming()
                    if loaded.erase:
                        outbox.erase(connection, user_id)
                        connection.execute("DELETE FROM timers WHERE user_id = %s", (user_id,))
                    loaded.queued = [outbox.add(connection, m, owner, now, until) for m in loaded.outgoing]
                    if update is not None:
                        connection.execute(
                            "INSERT INTO handled (update_key, at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            (update, now),
                        )
            except BaseException:
                with contextlib.suppress(psycopg.Error):
                    connection.execute("ROLLBACK")
                raise
            _commit(connection)

    def states(self) -> Iterator[tuple[int, UserState]]:
        with translated("state database"), self._pool.connection() as connection:
            rows = connection.execute("SELECT user_id, record FROM users ORDER BY user_id").fetchall()
        for user_id, record in rows:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def renew(self) -> None:
        owner, _, until = self._claiming()
        with translated("state database"), self._pool.connection() as connection, connection.transaction():
            connection.execute("UPDATE outbox SET claimed_until = %s WHERE claimed_by = %s", (until, owner))
            connection.execute(
                "UPDATE inbox SET claimed_until = %s WHERE claimed_by = %s AND body IS NOT NULL", (until, owner)
            )

    def release(self) -> None:
        self._release(lambda owner: owner == self.owner)

    def _release(self, whose: Callable[[str], bool]) -> None:
        """Give up the claims of the owners ``whose`` picks (this one on stopping; at opening,
        those known to be gone, so a restart after a crash need not wait for them to expire)."""
        with translated("state database"), self._pool.connection() as connection, connection.transaction():
            for table in CLAIMED:
                owners = [
                    row[0]
                    for row in connection.execute(
                        f"SELECT DISTINCT claimed_by FROM {table} WHERE claimed_by IS NOT NULL"
                    )
                ]
                released = [owner for owner in owners if whose(owner)]
                if released:
                    connection.execute(
                        f"UPDATE {table} SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ANY(%s)",
                        (released,),
                    )

    def tidy(self) -> None:
        before = self.clock() - REMEMBER_HANDLED
        with translated("state database"), self._pool.connection() as connection, connection.transaction():
            connection.execute("DELETE FROM handled WHERE at < %s", (before,))
            connection.execute("DELETE FROM inbox WHERE body IS NULL AND received_at < %s", (before,))

    def ping(self) -> None:
        with translated("state database"), self._pool.connection(timeout=PING_TIMEOUT) as connection:
            connection.execute("SELECT 1 FROM users LIMIT 1")

    @contextmanager
    def sole_poller(self, bot_id: int) -> Iterator[None]:
        """A session advisory lock on a connection of its own, held until the block ends; the
        server drops it when that connection ends, so a process killed outright frees it."""
        with translated("state database"):
            connection = psycopg.connect(self._url, autocommit=True, connect_timeout=connecting.CONNECT_TIMEOUT)
        try:
            with translated("state database"):
                row = connection.execute("SELECT pg_try_advisory_lock(%s, %s)", (POLLERS, bot_id % 2**31)).fetchone()
            if not row or not row[0]:
                raise StoreBusy(f"another process is polling for this bot with {self.where}")
            yield
        finally:
            connection.close()

    def raw(self, user_id: int) -> str | None:
        with self._pool.connection() as connection:
            row = connection.execute("SELECT record FROM users WHERE user_id = %s", (user_id,)).fetchone()
        return row[0] if row else None

    def put_raw(self, user_id: int, record: str) -> None:
        with self._pool.connection() as connection:
            connection.execute(
                "INSERT INTO users (user_id, record, updated_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (user_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at",
                (user_id, record, time.time()),
            )

    def close(self) -> None:
        self._pool.close()

    def _lock(self, connection: psycopg.Connection[Any], user_id: int) -> None:
        """The person's lock, until the transaction ends; StoreBusy if another holds it past
        ``busy_timeout``."""
        if self.busy_timeout <= 0:
            row = connection.execute("SELECT pg_try_advisory_xact_lock(%s)", (user_id,)).fetchone()
            if not row or not row[0]:
                raise StoreBusy("another instance is handling this person's event")
            return
        connection.execute("SELECT set_config('lock_timeout', %s, true)", (f"{round(self.busy_timeout * 1000)}ms",))
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (user_id,))

    @staticmethod
    def _write(
        connection: psycopg.Connection[Any], user_id: int, before: str | None, record: str | None, changes: list[Change]
    ) -> None:
        if record is None:
            connection.execute("DELETE FROM users WHERE user_id = %s", (user_id,))
        elif before is None:
            connection.execute(
                "INSERT INTO users (user_id, record, updated_at) VALUES (%s, %s, %s)", (user_id, record, time.time())
            )
        else:
            connection.execute(
                "UPDATE users SET record = %s, updated_at = %s WHERE user_id = %s", (record, time.time(), user_id)
            )
        for change in changes:
            write(connection, user_id, change)


def _commit(connection: psycopg.Connection[Any]) -> None:
    """COMMIT. If the connection is lost on the way, the outcome is unknown: that is not
    StoreBusy (running the event again could apply it twice)."""
    try:
        connection.execute("COMMIT")
    except psycopg.Error as error:
        if error.sqlstate is None or error.sqlstate.startswith("08"):
            raise StoreError(f"the connection was lost while saving an event ({summary(error)})") from error
        raise
