"""Messages waiting to be sent (the ``outbox`` table) and the marks of updates already handled
(``handled``), in PostgreSQL.

Rows are written by the store's transactions (:func:`add`), with the event that decided them,
claimed by the store's owner. Each holds the message as text (:func:`bot.engine.outgoing.dumps`),
whose person is in ``user_id`` so /forget can remove it. Once a send starts the row is marked
``started`` and is never claimed again; it is deleted when sent. Claims pick rows with ``FOR
UPDATE SKIP LOCKED``, so instances claiming at once take different messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.engine.outgoing import Outgoing, dumps, loads
from bot.storage.postgres.connection import translated

log = logging.getLogger(__name__)


def add(connection: psycopg.Connection[Any], message: Outgoing, owner: str, now: float, until: float) -> Outgoing:
    """Write ``message`` inside the caller's transaction; the message with its row id."""
    body = dumps(message)
    row = connection.execute(
        "INSERT INTO outbox (user_id, chat_id, kind, body, created_at, claimed_by, claimed_until) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (message.user_id, message.chat_id, message.kind, body, now, owner, until),
    ).fetchone()
    assert row is not None
    return loads(body, int(row[0]))


def take_over(
    connection: psycopg.Connection[Any], user_id: int, owner: str, now: float, until: float
) -> list[Outgoing]:
    """Claim, inside the caller's transaction, the person's replies waiting to start that this
    owner is not sending: those of an update handled by an instance taken for dead (see
    :mod:`bot.storage.turns`)."""
    rows = connection.execute(
        "UPDATE outbox SET claimed_by = %s, claimed_until = %s WHERE id IN (SELECT id FROM outbox WHERE user_id = %s "
        "AND kind = 'reply' AND NOT started AND (claimed_by IS DISTINCT FROM %s OR claimed_until IS NULL "
        "OR claimed_until < %s) FOR UPDATE SKIP LOCKED) RETURNING id, body",
        (owner, until, user_id, owner, now),
    ).fetchall()
    return [loads(body, row_id) for row_id, body in sorted(rows)]


def erase(connection: psycopg.Connection[Any], user_id: int) -> None:
    """A person's waiting messages and the bodies of their updates, inside the caller's transaction."""
    connection.execute("DELETE FROM outbox WHERE user_id = %s", (user_id,))
    connection.execute("UPDATE inbox SET body = NULL, user_id = NULL WHERE user_id = %s", (user_id,))


class PostgresOutbox:
    def __init__(self, pool: ConnectionPool, owner: Callable[[], tuple[str, float, float]]) -> None:
        self._pool, self._owner = pool, owner

    def claim(self, limit: int) -> list[Outgoing]:
        owner, now, until = self._owner()
        with translated("outbox"), self._pool.connection() as connection, connection.transaction():
            rows = connection.execute(
                "UPDATE outbox SET claimed_by = %s, claimed_until = %s WHERE id IN (SELECT id FROM outbox o "
                "WHERE NOT started AND (claimed_until IS NULL OR claimed_until < %s) AND (kind <> 'reply' OR NOT "
                "EXISTS (SELECT 1 FROM inbox i WHERE i.user_id = o.user_id AND i.body IS NOT NULL)) "
                "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING id, body",
                (owner, until, now, limit),
            ).fetchall()
        found = []
        for row_id, body in sorted(rows):
            try:
                found.append(loads(body, row_id))
            except ValueError:  # written by an incompatible version: nothing can be sent
                self.sent(row_id)
        return found

    def start(self, message_id: int) -> bool:
        owner, now, until = self._owner()
        return (
            self._run(
                "UPDATE outbox SET started = true, claimed_by = %s, claimed_until = %s WHERE id = %s AND NOT started "
                "AND (claimed_by = %s OR claimed_until IS NULL OR claimed_until < %s)",
                (owner, until, message_id, owner, now),
            )
            == 1
        )

    def retry(self, message_id: int) -> None:
        self._run("UPDATE outbox SET started = false WHERE id = %s", (message_id,))

    def sent(self, message_id: int) -> None:
        self._run("DELETE FROM outbox WHERE id = %s", (message_id,))

    def abandoned(self) -> int:
        _, now, _ = self._owner()
        return self._run("DELETE FROM outbox WHERE started AND (claimed_until IS NULL OR claimed_until < %s)", (now,))

    def waiting(self) -> int:
        with translated("outbox"), self._pool.connection() as connection:
            row = connection.execute("SELECT count(*) FROM outbox").fetchone()
        return int(row[0]) if row else 0

    def _run(self, query: Any, parameters: tuple[object, ...]) -> int:
        with translated("outbox"), self._pool.connection() as connection:
            return connection.execute(query, parameters).rowcount
