"""The pain diary, reminders, time zones and routine timers in PostgreSQL, as the practice plan
reads them.

An event's writes to them are made in the event's transaction (:func:`write`), with its record.
Reads take a pooled connection of their own and never wait: PostgreSQL readers see the last
committed rows whatever is being written. Due reminders and timers are *claimed* by one UPDATE
over the rows a ``FOR UPDATE SKIP LOCKED`` subquery picks, so instances claiming at the same
moment each get different rows; a reminder's ``next_due`` moves on only while it is still the
instant the engine read (:class:`~bot.engine.practice.changes.ReminderHandled`), so however many
instances share the database, it is sent once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, LiteralString

import psycopg
from psycopg_pool import ConnectionPool

from bot.engine.practice.changes import (
    AddRating,
    AddReminder,
    Change,
    ClearTimer,
    EraseDiary,
    EraseReminders,
    ReminderHandled,
    RemoveRating,
    RemoveReminder,
    Reschedule,
    SetTimer,
    SetZone,
    SnoozeReminder,
    TrimDiary,
    WithdrawRating,
)
from bot.engine.practice.records import Rating, Reminder, Timer, Zone
from bot.engine.practice.schedule import Schedule
from bot.engine.stores import StoreBusy
from bot.storage.postgres.connection import translated

_REMINDERS = (
    "SELECT r.id, r.user_id, r.times, r.days, r.routine_id, r.created_at, r.last_sent, r.snoozed_until, z.zone, "
    "r.next_due FROM reminders r LEFT JOIN time_zones z ON z.user_id = r.user_id"
)
Owner = Callable[[], tuple[str, float, float]]  # this store's owner, the time now, when a claim made now ends


class PostgresPractice:
    def __init__(self, pool: ConnectionPool, owner: Owner) -> None:
        self._pool = pool
        self._owner = owner
        self.timers = PostgresTimers(self)

    # --- reading ------------------------------------------------------------------------------

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        rows = self.read(
            "SELECT at, kind, score, routine_id, run, source FROM pain_diary WHERE user_id = %s AND at >= %s "
            "ORDER BY at, id",
            (user_id, since),
        )
        return [Rating(*row) for row in rows]

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        if user_id is None:
            return [_reminder(row) for row in self.read(_REMINDERS + " ORDER BY r.user_id, r.id", ())]
        return [_reminder(row) for row in self.read(_REMINDERS + " WHERE r.user_id = %s ORDER BY r.id", (user_id,))]

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        rows = self.read(_REMINDERS + " WHERE r.user_id = %s AND r.id = %s", (user_id, reminder_id))
        return _reminder(rows[0]) if rows else None

    def zone(self, user_id: int) -> Zone | None:
        rows = self.read("SELECT zone, at FROM time_zones WHERE user_id = %s", (user_id,))
        return Zone(*rows[0]) if rows else None

    # --- claiming due reminders ---------------------------------------------------------------

    def count_due(self, now: float) -> int:
        _, clock, _ = self._owner()
        rows = self.read(
            "SELECT count(*) FROM reminders WHERE next_due <= %s AND (claimed_until IS NULL OR claimed_until < %s)",
            (now, clock),
        )
        return int(rows[0][0])

    def claim_due(self, now: float, limit: int) -> list[Reminder]:
        ids = self.claim("reminders", "id", "next_due", now, limit)
        if not ids:
            return []
        rows = self.read(_REMINDERS + " WHERE r.id = ANY(%s)", (ids,))
        return sorted((_reminder(row) for row in rows), key=lambda r: (r.next_due or 0.0, r.id))

    def claim(self, table: LiteralString, key: LiteralString, due: LiteralString, now: float, limit: int) -> list[Any]:
        """Claim up to ``limit`` rows of ``table`` whose ``due`` column is at or before ``now``
        and that nobody holds a live claim on, soonest first; their ``key`` values."""
        owner, clock, until = self._owner()
        query: LiteralString = (
            f"UPDATE {table} SET claimed_by = %s, claimed_until = %s WHERE {key} IN ("
            f"SELECT {key} FROM {table} WHERE {due} <= %s AND (claimed_until IS NULL OR claimed_until < %s) "
            f"ORDER BY {due}, {key} LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING {key}"
        )
        with translated("practice tables"), self._pool.connection() as connection, connection.transaction():
            return [row[0] for row in connection.execute(query, (owner, until, now, clock, limit)).fetchall()]

    def read(self, query: LiteralString, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with translated("practice tables"), self._pool.connection() as connection:
            return connection.execute(query, parameters).fetchall()


class PostgresTimers:
    """The routine timers, read and claimed through the practice tables' pool."""

    def __init__(self, practice: PostgresPractice) -> None:
        self._practice = practice

    def pending(self, user_id: int | None = None) -> list[Timer]:
        if user_id is None:
            rows = self._practice.read("SELECT user_id, token, due FROM timers ORDER BY due, user_id", ())
        else:
            rows = self._practice.read("SELECT user_id, token, due FROM timers WHERE user_id = %s", (user_id,))
        return [Timer(*row) for row in rows]

    def claim_due(self, now: float, limit: int) -> list[Timer]:
        users = self._practice.claim("timers", "user_id", "due", now, limit)
        if not users:
            return []
        rows = self._practice.read("SELECT user_id, token, due FROM timers WHERE user_id = ANY(%s)", (users,))
        return sorted((Timer(*row) for row in rows), key=lambda t: (t.due, t.user_id))


def write(connection: psycopg.Connection[Any], user_id: int, change: Change) -> None:
    """Make one write through ``connection``, inside the caller's transaction. StoreBusy when a
    reminder was handled meanwhile."""
    match change:
        case AddRating(at, kind, score, routine_id, run, source):
            connection.execute(
                "INSERT INTO pain_diary (user_id, at, kind, score, routine_id, run, source) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (user_id, at, kind, score, routine_id, run, source),
            )
        case WithdrawRating(source):
            connection.execute("DELETE FROM pain_diary WHERE user_id = %s AND source = %s", (user_id, source))
        case RemoveRating(at, kind):
            connection.execute(
                "DELETE FROM pain_diary WHERE user_id = %s AND at = %s AND kind = %s", (user_id, at, kind)
            )
        case TrimDiary(before, keep):
            connection.execute("DELETE FROM pain_diary WHERE user_id = %s AND at < %s", (user_id, before))
            connection.execute(
                "DELETE FROM pain_diary WHERE user_id = %s AND id NOT IN "
                "(SELECT id FROM pain_diary WHERE user_id = %s ORDER BY at DESC, id DESC LIMIT %s)",
                (user_id, user_id, keep),
            )
        case AddReminder(at, times, days, routine_id, next_due):
            connection.execute(
                "INSERT INTO reminders (user_id, times, days, routine_id, created_at, next_due) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (user_id, list(times), days, routine_id, at, next_due),
            )
        case Reschedule(reminder_id, next_due):
            connection.execute(
                "UPDATE reminders SET next_due = %s WHERE id = %s AND user_id = %s", (next_due, reminder_id, user_id)
            )
        case RemoveReminder(reminder_id):
            connection.execute("DELETE FROM reminders WHERE id = %s AND user_id = %s", (reminder_id, user_id))
        case SnoozeReminder(reminder_id, until):
            connection.execute(
                "UPDATE reminders SET snoozed_until = %s, next_due = least(coalesce(next_due, %s), %s) "
                "WHERE id = %s AND user_id = %s",
                (until, until, until, reminder_id, user_id),
            )
        case ReminderHandled(reminder_id, was_due, next_due, sent_for, snooze_over):
            handled = connection.execute(
                "UPDATE reminders SET next_due = %s, last_sent = coalesce(%s, last_sent), "
                "snoozed_until = CASE WHEN %s THEN NULL ELSE snoozed_until END, claimed_by = NULL, "
                "claimed_until = NULL WHERE id = %s AND user_id = %s AND next_due = %s",
                (next_due, sent_for, snooze_over, reminder_id, user_id, was_due),
            ).rowcount
            if handled != 1:
                raise StoreBusy("the reminder was handled meanwhile")
        case SetZone(at, name):
            connection.execute(
                "INSERT INTO time_zones (user_id, zone, at) VALUES (%s, %s, %s) "
                "ON CONFLICT (user_id) DO UPDATE SET zone = excluded.zone, at = excluded.at",
                (user_id, name, at),
            )
        case SetTimer(token, due):
            connection.execute(
                "INSERT INTO timers (user_id, token, due) VALUES (%s, %s, %s) ON CONFLICT (user_id) DO UPDATE "
                "SET token = excluded.token, due = excluded.due, claimed_by = NULL, claimed_until = NULL",
                (user_id, token, due),
            )
        case ClearTimer():
            connection.execute("DELETE FROM timers WHERE user_id = %s", (user_id,))
        case EraseDiary():
            connection.execute("DELETE FROM pain_diary WHERE user_id = %s", (user_id,))
        case EraseReminders():
            connection.execute("DELETE FROM reminders WHERE user_id = %s", (user_id,))
            connection.execute("DELETE FROM time_zones WHERE user_id = %s", (user_id,))


def _reminder(row: Sequence[Any]) -> Reminder:
    rid, user_id, times, days, routine_id, created_at, last_sent, snoozed_until, zone, next_due = row
    return Reminder(
        id=rid,
        user_id=user_id,
        schedule=Schedule.of(list(times), days),
        routine_id=routine_id,
        created_at=created_at,
        last_sent=last_sent,
        snoozed_until=snoozed_until,
        zone=zone,
        next_due=next_due,
    )
