"""Updates taken in from Telegram and not yet handled (the ``inbox`` table), in PostgreSQL: the
same promises as SQLite's inbox (:mod:`bot.storage.sqlite.inbox`), shared by every instance on
the database. A body is deleted once its update is handled; the id stays a day so a second
delivery is recognised. Claims pick rows with ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.engine.stores import MAX_ATTEMPTS, Incoming
from bot.storage.postgres.connection import translated
from bot.storage.postgres.migrate import TURNS
from bot.storage.turns import Unfinished, next_in_turn

log = logging.getLogger(__name__)


class PostgresInbox:
    def __init__(self, pool: ConnectionPool, owner: Callable[[], tuple[str, float, float]]) -> None:
        self._pool, self._owner = pool, owner

    def add(self, bot_id: int, updates: list[Incoming]) -> list[Incoming]:
        _, now, _ = self._owner()
        with translated("inbox"), self._pool.connection() as connection, connection.transaction():
            _turns(connection, [update.user_id for update in updates], wait=True)
            new = []
            for update in updates:
                inserted = connection.execute(
                    "INSERT INTO inbox (bot_id, update_id, body, user_id, received_at) VALUES (%s, %s, %s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (bot_id, update.update_id, update.body, update.user_id, now),
                ).rowcount
                if inserted:
                    new.append((update.update_id, update.user_id))
            return self._take(connection, bot_id, new)

    def claim(self, bot_id: int, limit: int) -> list[Incoming]:
        _, now, _ = self._owner()
        with translated("inbox"), self._pool.connection() as connection, connection.transaction():
            waiting = connection.execute(
                "SELECT update_id, user_id FROM inbox WHERE bot_id = %s AND body IS NOT NULL "
                "AND (claimed_until IS NULL OR claimed_until < %s) ORDER BY update_id",
                (bot_id, now),
            ).fetchall()
            # People another instance is taking over right now are left to it (their turn locks).
            free = _turns(connection, [person for _, person in waiting], wait=False)
            candidates = [(update_id, person) for update_id, person in waiting if person is None or person in free]
            return self._take(connection, bot_id, candidates, take_over=True, limit=limit)

    def done(self, bot_id: int, update_ids: list[int]) -> list[Incoming]:
        with translated("inbox"), self._pool.connection() as connection, connection.transaction():
            whose: dict[int, int | None] = dict(
                connection.execute(
                    "SELECT update_id, user_id FROM inbox WHERE bot_id = %s AND update_id = ANY(%s) "
                    "AND body IS NOT NULL",
                    (bot_id, update_ids),
                ).fetchall()
            )
            _turns(connection, list(whose.values()), wait=True)
            finished = connection.execute(
                "UPDATE inbox SET body = NULL, user_id = NULL, claimed_by = NULL, claimed_until = NULL "
                "WHERE bot_id = %s AND update_id = ANY(%s) AND body IS NOT NULL RETURNING update_id",
                (bot_id, update_ids),
            ).fetchall()
            people = [(update_id, whose[update_id]) for (update_id,) in finished if whose.get(update_id) is not None]
            return self._take(connection, bot_id, people)

    def _take(
        self,
        connection: psycopg.Connection[Any],
        bot_id: int,
        updates: list[tuple[int, int | None]],
        *,
        take_over: bool = False,
        limit: int | None = None,
    ) -> list[Incoming]:
        """Take, oldest first, those of ``updates`` (id, person) from nobody and what is in turn
        of the people they are from, inside the caller's transaction (which holds their turn locks)."""
        owner, now, until = self._owner()
        taken: list[int] = []
        given_up: list[int] = []
        people = list(dict.fromkeys(person for _, person in updates if person is not None))
        nobody = [update_id for update_id, person in updates if person is None]
        rows = connection.execute(
            "SELECT coalesce(user_id, -update_id), update_id, attempts, claimed_by, claimed_until FROM inbox "
            "WHERE bot_id = %s AND (user_id = ANY(%s) OR update_id = ANY(%s)) AND body IS NOT NULL "
            "ORDER BY update_id",
            (bot_id, people, nobody),
        ).fetchall()
        for queue in [*people, *(-update_id for update_id in nobody)]:  # an update from nobody: its own queue
            unfinished = (Unfinished(*row[1:]) for row in rows if row[0] == queue)
            turn = next_in_turn(unfinished, owner, now, take_over=take_over)
            taken += turn.take
            given_up += turn.give_up
        if given_up:
            connection.execute(
                "UPDATE inbox SET body = NULL, claimed_by = NULL, claimed_until = NULL "
                "WHERE bot_id = %s AND update_id = ANY(%s)",
                (bot_id, given_up),
            )
            log.error("giving up on update(s) %s: started %d times without finishing", given_up, MAX_ATTEMPTS)
        chosen = sorted(taken)[:limit]
        found = connection.execute(
            "UPDATE inbox SET attempts = attempts + 1, claimed_by = %s, claimed_until = %s "
            "WHERE bot_id = %s AND update_id = ANY(%s) AND (claimed_until IS NULL OR claimed_until < %s) "
            "RETURNING update_id, body, user_id",  # (a claim made meanwhile elsewhere is left alone)
            (owner, until, bot_id, chosen, now),
        ).fetchall()
        return [Incoming(update_id, body, person) for update_id, body, person in sorted(found)]

    def bodies(self) -> list[str]:
        """Every body still kept (for tests)."""
        with translated("inbox"), self._pool.connection() as connection:
            return [row[0] for row in connection.execute("SELECT body FROM inbox WHERE body IS NOT NULL")]


def _turns(connection: psycopg.Connection[Any], people: list[int | None], *, wait: bool) -> set[int]:
    """Take the inbox turn locks of ``people`` until the transaction ends (transaction-scoped
    advisory locks, in a fixed order so two transactions never wait for each other in a
    circle): whoever adds, finishes or takes over a person's updates sees what the others did.
    Without ``wait``, those locked elsewhere are skipped; returns the people locked."""
    locked = set()
    for person in sorted({person for person in people if person is not None}):
        key = (TURNS, person % 2**31)  # people sharing a key only take turns a little more
        if wait:
            connection.execute("SELECT pg_advisory_xact_lock(%s, %s)", key)
        else:
            row = connection.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", key).fetchone()
            if not row or not row[0]:
                continue
        locked.add(person)
    return locked
