"""The pain diary, reminders and time zones in PostgreSQL, as the practice plan reads them.

An event's writes to them are made in the event's transaction (:func:`write`), with its record.
Reads take a pooled connection of their own and never wait: PostgreSQL readers see the last
committed rows whatever is being written. A due reminder is *claimed* with one UPDATE that only
succeeds while its ``last_sent`` is older than that due instant; PostgreSQL runs two such UPDATEs
of one row one after the other and the second finds the condition false, so however many
instances try, one sends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

import psycopg
from psycopg_pool import ConnectionPool

from bot.engine.practice.changes import (
    AddRating,
    AddReminder,
    Change,
    EraseDiary,
    EraseReminders,
    RemoveReminder,
    SetZone,
    SnoozeReminder,
    TrimDiary,
)
from bot.engine.practice.records import Rating, Reminder, Zone
from bot.engine.practice.schedule import Schedule
from bot.storage.postgres.connection import translated

_REMINDERS = (
    "SELECT r.id, r.user_id, r.times, r.days, r.routine_id, r.created_at, r.last_sent, r.snoozed_until, z.zone "
    "FROM reminders r LEFT JOIN time_zones z ON z.user_id = r.user_id"
)


class PostgresPractice:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool

    # --- reading ------------------------------------------------------------------------------

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        rows = self._read(
            "SELECT at, kind, score, routine_id, run FROM pain_diary WHERE user_id = %s AND at >= %s ORDER BY at, id",
            (user_id, since),
        )
        return [Rating(*row) for row in rows]

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        if user_id is None:
            return [_reminder(row) for row in self._read(_REMINDERS + " ORDER BY r.user_id, r.id", ())]
        return [_reminder(row) for row in self._read(_REMINDERS + " WHERE r.user_id = %s ORDER BY r.id", (user_id,))]

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        rows = self._read(_REMINDERS + " WHERE r.user_id = %s AND r.id = %s", (user_id, reminder_id))
        return _reminder(rows[0]) if rows else None

    def zone(self, user_id: int) -> Zone | None:
        rows = self._read("SELECT zone, at FROM time_zones WHERE user_id = %s", (user_id,))
        return Zone(*rows[0]) if rows else None

    # --- claiming a due reminder --------------------------------------------------------------

    def claim(self, reminder_id: int, due: float) -> bool:
        return self._claim(
            "UPDATE reminders SET last_sent = %s WHERE id = %s AND last_sent < %s", (due, reminder_id, due)
        )

    def claim_snooze(self, reminder_id: int, until: float) -> bool:
        return self._claim(
            "UPDATE reminders SET snoozed_until = NULL WHERE id = %s AND snoozed_until = %s", (reminder_id, until)
        )

    # --- helpers ------------------------------------------------------------------------------

    def _read(self, query: LiteralString, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with translated("practice tables"), self._pool.connection() as connection:
            return connection.execute(query, parameters).fetchall()

    def _claim(self, query: LiteralString, parameters: tuple[object, ...]) -> bool:
        with translated("practice tables"), self._pool.connection() as connection, connection.transaction():
            # A person's transaction writing the same row is waited for, briefly.
            connection.execute("SET LOCAL lock_timeout = '2s'")
            return connection.execute(query, parameters).rowcount == 1


def write(connection: psycopg.Connection[Any], user_id: int, change: Change) -> None:
    """Make one write through ``connection``, inside the caller's transaction."""
    match change:
        case AddRating(at, kind, score, routine_id, run):
            connection.execute(
                "INSERT INTO pain_diary (user_id, at, kind, score, routine_id, run) VALUES (%s, %s, %s, %s, %s, %s)",
                (user_id, at, kind, score, routine_id, run),
            )
        case TrimDiary(before, keep):
            connection.execute("DELETE FROM pain_diary WHERE user_id = %s AND at < %s", (user_id, before))
            connection.execute(
                "DELETE FROM pain_diary WHERE user_id = %s AND id NOT IN "
                "(SELECT id FROM pain_diary WHERE user_id = %s ORDER BY at DESC, id DESC LIMIT %s)",
                (user_id, user_id, keep),
            )
        case AddReminder(at, times, days, routine_id):
            connection.execute(
                "INSERT INTO reminders (user_id, times, days, routine_id, created_at) VALUES (%s, %s, %s, %s, %s)",
                (user_id, list(times), days, routine_id, at),
            )
        case RemoveReminder(reminder_id):
            connection.execute("DELETE FROM reminders WHERE id = %s AND user_id = %s", (reminder_id, user_id))
        case SnoozeReminder(reminder_id, until):
            connection.execute(
                "UPDATE reminders SET snoozed_until = %s WHERE id = %s AND user_id = %s", (until, reminder_id, user_id)
            )
        case SetZone(at, name):
            connection.execute(
                "INSERT INTO time_zones (user_id, zone, at) VALUES (%s, %s, %s) "
                "ON CONFLICT (user_id) DO UPDATE SET zone = excluded.zone, at = excluded.at",
                (user_id, name, at),
            )
        case EraseDiary():
            connection.execute("DELETE FROM pain_diary WHERE user_id = %s", (user_id,))
        case EraseReminders():
            connection.execute("DELETE FROM reminders WHERE user_id = %s", (user_id,))
            connection.execute("DELETE FROM time_zones WHERE user_id = %s", (user_id,))


def _reminder(row: Sequence[Any]) -> Reminder:
    rid, user_id, times, days, routine_id, created_at, last_sent, snoozed_until, zone = row
    return Reminder(
        id=rid,
        user_id=user_id,
        schedule=Schedule.of(list(times), days),
        routine_id=routine_id,
        created_at=created_at,
        last_sent=last_sent,
        snoozed_until=snoozed_until,
        zone=zone,
    )
