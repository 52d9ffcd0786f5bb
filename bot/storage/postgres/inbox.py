"""Updates taken in from Telegram and not yet handled (the ``inbox`` table), in PostgreSQL: the
same promises as SQLite's inbox (:mod:`bot.storage.sqlite.inbox`), shared by every instance on
the database. A body is deleted once its update is handled; the id stays a day so a second
delivery is recognised. Claims pick rows with ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from psycopg_pool import ConnectionPool

from bot.engine.stores import MAX_ATTEMPTS, Incoming
from bot.storage.postgres.connection import translated

log = logging.getLogger(__name__)


class PostgresInbox:
    def __init__(self, pool: ConnectionPool, owner: Callable[[], tuple[str, float, float]]) -> None:
        self._pool, self._owner = pool, owner

    def add(self, bot_id: int, updates: list[Incoming]) -> list[Incoming]:
        owner, now, until = self._owner()
        new = []
        with translated("inbox"), self._pool.connection() as connection, connection.transaction():
            for update in updates:
                inserted = connection.execute(
                    "INSERT INTO inbox (bot_id, update_id, body, user_id, received_at, claimed_by, claimed_until) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    (bot_id, update.update_id, update.body, update.user_id, now, owner, until),
                ).rowcount
                if inserted:
                    new.append(update)
        return new

    def claim(self, bot_id: int, limit: int) -> list[Incoming]:
        owner, now, until = self._owner()
        with translated("inbox"), self._pool.connection() as connection, connection.transaction():
            rows = connection.execute(
                "SELECT update_id, body, user_id, attempts FROM inbox WHERE bot_id = %s AND body IS NOT NULL "
                "AND (claimed_until IS NULL OR claimed_until < %s) ORDER BY update_id LIMIT %s FOR UPDATE SKIP LOCKED",
                (bot_id, now, limit),
            ).fetchall()
            connection.cursor().executemany(
                "UPDATE inbox SET attempts = attempts + 1, claimed_by = %s, claimed_until = %s, "
                "body = CASE WHEN attempts + 1 > %s THEN NULL ELSE body END WHERE bot_id = %s AND update_id = %s",
                [(owner, until, MAX_ATTEMPTS, bot_id, update_id) for update_id, *_ in rows],
            )
        given_up = [update_id for update_id, _, _, attempts in rows if attempts + 1 > MAX_ATTEMPTS]
        if given_up:
            log.error("giving up on update(s) %s: started %d times without finishing", given_up, MAX_ATTEMPTS)
        return [
            Incoming(update_id, body, user_id) for update_id, body, user_id, attempts in rows if attempts < MAX_ATTEMPTS
        ]

    def done(self, bot_id: int, update_ids: list[int]) -> None:
        with translated("inbox"), self._pool.connection() as connection:
            connection.execute(
                "UPDATE inbox SET body = NULL, user_id = NULL, claimed_by = NULL, claimed_until = NULL "
                "WHERE bot_id = %s AND update_id = ANY(%s)",
                (bot_id, update_ids),
            )

    def bodies(self) -> list[str]:
        """Every body still kept (for tests)."""
        with translated("inbox"), self._pool.connection() as connection:
            return [row[0] for row in connection.execute("SELECT body FROM inbox WHERE body IS NOT NULL")]
