"""The pain diary, reminders and time zones, in three tables beside the per-person records, and
the routine timers in a fourth.

An event's writes to them are made in the same transaction as its record, through the state
store's connection (:func:`write`), so both are written or neither is. Reading, through a
connection of its own, never waits: the file is in WAL mode. Due reminders and timers are
*claimed* (``claimed_by``, ``claimed_until``) in one short write transaction, which waits at most
``busy_timeout`` for a write lock held elsewhere, then raises StoreBusy having changed nothing,
for the caller to try again later. A reminder's ``next_due`` moves on only while it is still
the instant the engine read, so several processes sharing the file send it once.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
from bot.storage.sqlite.connection import (
    add_columns,
    connect,
    damage_reported,
    prepare,
    set_busy_timeout,
    writing,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS pain_diary (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, at REAL NOT NULL, kind TEXT NOT NULL,
    score INTEGER, routine_id TEXT, run TEXT);
CREATE INDEX IF NOT EXISTS pain_diary_by_user ON pain_diary (user_id, at);
CREATE TABLE IF NOT EXISTS reminders (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, times TEXT NOT NULL, days INTEGER NOT NULL,
    routine_id TEXT, created_at REAL NOT NULL, last_sent REAL NOT NULL DEFAULT 0, snoozed_until REAL);
CREATE INDEX IF NOT EXISTS reminders_by_user ON reminders (user_id);
CREATE TABLE IF NOT EXISTS time_zones (user_id INTEGER PRIMARY KEY, zone TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS timers (
    user_id INTEGER PRIMARY KEY, token TEXT NOT NULL, due REAL NOT NULL, claimed_by TEXT, claimed_until REAL);
CREATE INDEX IF NOT EXISTS timers_by_due ON timers (due);
"""
# Added since the first version; a file written by it gets them when opened (next_due empty
# until the engine works it out: Engine.schedule_reminders).
REMINDER_COLUMNS = {"next_due": "REAL", "claimed_by": "TEXT", "claimed_until": "REAL"}
DIARY_COLUMNS = {"source": "TEXT"}
_REMINDER = (
    "SELECT r.id, r.user_id, r.times, r.days, r.routine_id, r.created_at, r.last_sent, r.snoozed_until, z.zone, "
    "r.next_due FROM reminders r LEFT JOIN time_zones z ON z.user_id = r.user_id"
)


class SqlitePractice:
    """The practice tables of ``path``, read (and claimed) through a connection of their own."""

    def __init__(self, path: Path | str, owner: Callable[[], tuple[str, float, float]], *, busy_timeout: float) -> None:
        """``owner()``: this store's owner, the time now and when a claim made now expires."""
        self._lock = threading.Lock()
        self._path = path
        self._owner = owner
        self._db = connect(path)

        def setup(db: sqlite3.Connection) -> None:
            db.execute("PRAGMA secure_delete=ON")  # per connection: erased rows are overwritten
            db.executescript(SCHEMA)
            add_columns(db, "reminders", REMINDER_COLUMNS)
            add_columns(db, "pain_diary", DIARY_COLUMNS)
            db.execute("CREATE INDEX IF NOT EXISTS reminders_by_due ON reminders (next_due)")
            set_busy_timeout(db, busy_timeout)  # start-up may wait; later not

        prepare(self._db, path, setup)
        self.timers = SqliteTimers(self)

    # --- reading ------------------------------------------------------------------------------

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        rows = self.read(
            "SELECT at, kind, score, routine_id, run, source FROM pain_diary WHERE user_id = ? AND at >= ? "
            "ORDER BY at, id",
            (user_id, since),
        )
        return [Rating(*row) for row in rows]

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        if user_id is None:
            return [_reminder(row) for row in self.read(_REMINDER + " ORDER BY r.user_id, r.id", ())]
        return [_reminder(row) for row in self.read(_REMINDER + " WHERE r.user_id = ? ORDER BY r.id", (user_id,))]

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        return next((r for r in self.reminders(user_id) if r.id == reminder_id), None)

    def zone(self, user_id: int) -> Zone | None:
        rows = self.read("SELECT zone, at FROM time_zones WHERE user_id = ?", (user_id,))
        return Zone(*rows[0]) if rows else None

    # --- claiming due reminders ---------------------------------------------------------------

    def count_due(self, now: float) -> int:
        _, clock, _ = self._owner()
        rows = self.read(
            "SELECT COUNT(*) FROM reminders WHERE next_due <= ? AND (claimed_until IS NULL OR claimed_until < ?)",
            (now, clock),
        )
        return int(rows[0][0])

    def claim_due(self, now: float, limit: int) -> list[Reminder]:
        ids = self.claim(
            "reminders",
            "id",
            "next_due <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_due, id",
            now,
            limit,
        )
        if not ids:
            return []
        rows = self.read(_REMINDER + f" WHERE r.id IN ({','.join('?' * len(ids))})", tuple(ids))
        return sorted((_reminder(row) for row in rows), key=lambda r: (r.next_due or 0.0, r.id))

    def claim(self, table: str, key: str, condition: str, now: float, limit: int) -> list[Any]:
        """Claim up to ``limit`` rows of ``table`` matching ``condition`` (which takes ``now``
        and the clock); their ``key`` values."""
        owner, clock, until = self._owner()
        with writing(self._db, self._lock, self._path, "state database") as db:
            keys = [
                row[0]
                for row in db.execute(f"SELECT {key} FROM {table} WHERE {condition} LIMIT ?", (now, clock, limit))
            ]
            db.executemany(
                f"UPDATE {table} SET claimed_by = ?, claimed_until = ? WHERE {key} = ?",
                [(owner, until, value) for value in keys],
            )
        return keys

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def read(self, query: str, parameters: tuple[object, ...]) -> list[Any]:
        with self._lock, damage_reported(self._path):
            return self._db.execute(query, parameters).fetchall()


class SqliteTimers:
    """The routine timers, read and claimed through the practice tables' connection."""

    def __init__(self, practice: SqlitePractice) -> None:
        self._practice = practice

    def pending(self, user_id: int | None = None) -> list[Timer]:
        where, parameters = ("WHERE user_id = ?", (user_id,)) if user_id is not None else ("", ())
        rows = self._practice.read(f"SELECT user_id, token, due FROM timers {where} ORDER BY due, user_id", parameters)
        return [Timer(*row) for row in rows]

    def claim_due(self, now: float, limit: int) -> list[Timer]:
        condition = "due <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due, user_id"
        users = self._practice.claim("timers", "user_id", condition, now, limit)
        return sorted((timer for user in users for timer in self.pending(user)), key=lambda t: (t.due, t.user_id))


def write(db: sqlite3.Connection, user_id: int, change: Change) -> bool:
    """Make one write through ``db``, inside the caller's transaction; True when it erased rows
    (the write-ahead log is then checkpointed, so no copy of them stays in the file). StoreBusy
    when a reminder was handled meanwhile."""
    match change:
        case AddRating(at, kind, score, routine_id, run, source):
            db.execute(
                "INSERT INTO pain_diary (user_id, at, kind, score, routine_id, run, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user_id, at, kind, score, routine_id, run, source),
            )
        case WithdrawRating(source):
            db.execute("DELETE FROM pain_diary WHERE user_id = ? AND source = ?", (user_id, source))
        case RemoveRating(at, kind):
            db.execute("DELETE FROM pain_diary WHERE user_id = ? AND at = ? AND kind = ?", (user_id, at, kind))
        case TrimDiary(before, keep):
            db.execute("DELETE FROM pain_diary WHERE user_id = ? AND at < ?", (user_id, before))
            db.execute(
                "DELETE FROM pain_diary WHERE user_id = ? AND id NOT IN "
                "(SELECT id FROM pain_diary WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?)",
                (user_id, user_id, keep),
            )
        case AddReminder(at, times, days, routine_id, next_due):
            db.execute(
                "INSERT INTO reminders (user_id, times, days, routine_id, created_at, next_due) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, ",".join(map(str, times)), days, routine_id, at, next_due),
            )
        case Reschedule(reminder_id, next_due):
            db.execute(
                "UPDATE reminders SET next_due = ? WHERE id = ? AND user_id = ?", (next_due, reminder_id, user_id)
            )
        case RemoveReminder(reminder_id):
            db.execute("DELETE FROM reminders WHERE id = ? AND user_id = ?", (reminder_id, user_id))
        case SnoozeReminder(reminder_id, until):
            db.execute(
                "UPDATE reminders SET snoozed_until = ?, next_due = min(coalesce(next_due, ?), ?) "
                "WHERE id = ? AND user_id = ?",
                (until, until, until, reminder_id, user_id),
            )
        case ReminderHandled(reminder_id, was_due, next_due, sent_for, snooze_over):
            handled = db.execute(
                "UPDATE reminders SET next_due = ?, last_sent = coalesce(?, last_sent), "
                "snoozed_until = CASE WHEN ? THEN NULL ELSE snoozed_until END, claimed_by = NULL, claimed_until = NULL "
                "WHERE id = ? AND user_id = ? AND next_due = ?",
                (next_due, sent_for, snooze_over, reminder_id, user_id, was_due),
            ).rowcount
            if handled != 1:
                raise StoreBusy("the reminder was handled meanwhile")
        case SetZone(at, name):
            db.execute(
                "INSERT INTO time_zones (user_id, zone, at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET zone = excluded.zone, at = excluded.at",
                (user_id, name, at),
            )
        case SetTimer(token, due):
            db.execute(
                "INSERT OR REPLACE INTO timers (user_id, token, due, claimed_by, claimed_until) "
                "VALUES (?, ?, ?, NULL, NULL)",
                (user_id, token, due),
            )
        case ClearTimer():
            db.execute("DELETE FROM timers WHERE user_id = ?", (user_id,))
        case EraseDiary():
            db.execute("DELETE FROM pain_diary WHERE user_id = ?", (user_id,))
            return True
        case EraseReminders():
            db.execute("DELETE FROM reminders WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM time_zones WHERE user_id = ?", (user_id,))
            return True
    return False


def _reminder(row: Sequence[Any]) -> Reminder:
    rid, user_id, times, days, routine_id, created_at, last_sent, snoozed_until, zone, next_due = row
    return Reminder(
        id=rid,
        user_id=user_id,
        schedule=Schedule.of([int(minute) for minute in times.split(",")], days),
        routine_id=routine_id,
        created_at=created_at,
        last_sent=last_sent,
        snoozed_until=snoozed_until,
        zone=zone,
        next_due=next_due,
    )
