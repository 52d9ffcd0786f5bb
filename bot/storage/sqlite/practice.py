"""The pain diary, reminders and time zones, in three tables beside the per-person records.

An event's writes to them are made in the same transaction as its record, through the state
store's connection (:func:`write`), so both are written or neither is. Reading, through a
connection of its own, never waits: the file is in WAL mode. A due reminder is *claimed* before
it is sent, with one UPDATE that only succeeds while the reminder's ``last_sent`` is older than
that due instant, so several processes sharing the file send it once. Like the state store's
writes, a claim waits at most ``busy_timeout`` for a write lock held elsewhere, then raises
StoreBusy having changed nothing, for the caller to try again later.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
from bot.engine.stores import StoreBusy
from bot.storage.sqlite.connection import connect, damage_reported, is_locked, prepare, set_busy_timeout

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
"""


class SqlitePractice:
    """The practice tables of ``path``, read (and claimed) through a connection of their own."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 15.0) -> None:
        self._lock = threading.Lock()
        self._path = path
        self._db = connect(path)

        def setup(db: sqlite3.Connection) -> None:
            db.execute("PRAGMA secure_delete=ON")  # per connection: erased rows are overwritten
            db.executescript(SCHEMA)
            set_busy_timeout(db, busy_timeout)  # start-up may wait; later not

        prepare(self._db, path, setup)

    # --- reading ------------------------------------------------------------------------------

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        rows = self._read(
            "SELECT at, kind, score, routine_id, run FROM pain_diary WHERE user_id = ? AND at >= ? ORDER BY at, id",
            (user_id, since),
        )
        return [Rating(*row) for row in rows]

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        query = (
            "SELECT r.id, r.user_id, r.times, r.days, r.routine_id, r.created_at, r.last_sent, r.snoozed_until, z.zone "
            "FROM reminders r LEFT JOIN time_zones z ON z.user_id = r.user_id"
        )
        if user_id is None:
            return [_reminder(row) for row in self._read(query + " ORDER BY r.user_id, r.id", ())]
        return [_reminder(row) for row in self._read(query + " WHERE r.user_id = ? ORDER BY r.id", (user_id,))]

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        return next((r for r in self.reminders(user_id) if r.id == reminder_id), None)

    def zone(self, user_id: int) -> Zone | None:
        rows = self._read("SELECT zone, at FROM time_zones WHERE user_id = ?", (user_id,))
        return Zone(*rows[0]) if rows else None

    # --- claiming a due reminder --------------------------------------------------------------

    def claim(self, reminder_id: int, due: float) -> bool:
        return self._write_one(
            "UPDATE reminders SET last_sent = ? WHERE id = ? AND last_sent < ?", (due, reminder_id, due)
        )

    def claim_snooze(self, reminder_id: int, until: float) -> bool:
        return self._write_one(
            "UPDATE reminders SET snoozed_until = NULL WHERE id = ? AND snoozed_until = ?", (reminder_id, until)
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- helpers ------------------------------------------------------------------------------

    def _read(self, query: str, parameters: tuple[object, ...]) -> list[Any]:
        with self._lock, damage_reported(self._path):
            return self._db.execute(query, parameters).fetchall()

    def _write_one(self, query: str, parameters: tuple[object, ...]) -> bool:
        with self._lock, damage_reported(self._path):
            try:
                return self._db.execute(query, parameters).rowcount == 1
            except sqlite3.OperationalError as exc:
                if is_locked(exc):
                    raise StoreBusy("the practice tables are locked") from exc
                raise


def write(db: sqlite3.Connection, user_id: int, change: Change) -> bool:
    """Make one write through ``db``, inside the caller's transaction; True when it erased rows
    (the write-ahead log is then checkpointed, so no copy of them stays in the file)."""
    match change:
        case AddRating(at, kind, score, routine_id, run):
            db.execute(
                "INSERT INTO pain_diary (user_id, at, kind, score, routine_id, run) VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, at, kind, score, routine_id, run),
            )
        case TrimDiary(before, keep):
            db.execute("DELETE FROM pain_diary WHERE user_id = ? AND at < ?", (user_id, before))
            db.execute(
                "DELETE FROM pain_diary WHERE user_id = ? AND id NOT IN "
                "(SELECT id FROM pain_diary WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?)",
                (user_id, user_id, keep),
            )
        case AddReminder(at, times, days, routine_id):
            db.execute(
                "INSERT INTO reminders (user_id, times, days, routine_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (user_id, ",".join(map(str, times)), days, routine_id, at),
            )
        case RemoveReminder(reminder_id):
            db.execute("DELETE FROM reminders WHERE id = ? AND user_id = ?", (reminder_id, user_id))
        case SnoozeReminder(reminder_id, until):
            db.execute(
                "UPDATE reminders SET snoozed_until = ? WHERE id = ? AND user_id = ?", (until, reminder_id, user_id)
            )
        case SetZone(at, name):
            db.execute(
                "INSERT INTO time_zones (user_id, zone, at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET zone = excluded.zone, at = excluded.at",
                (user_id, name, at),
            )
        case EraseDiary():
            db.execute("DELETE FROM pain_diary WHERE user_id = ?", (user_id,))
            return True
        case EraseReminders():
            db.execute("DELETE FROM reminders WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM time_zones WHERE user_id = ?", (user_id,))
            return True
    return False


def _reminder(row: Sequence[Any]) -> Reminder:
    rid, user_id, times, days, routine_id, created_at, last_sent, snoozed_until, zone = row
    return Reminder(
        id=rid,
        user_id=user_id,
        schedule=Schedule.of([int(minute) for minute in times.split(",")], days),
        routine_id=routine_id,
        created_at=created_at,
        last_sent=last_sent,
        snoozed_until=snoozed_until,
        zone=zone,
    )
