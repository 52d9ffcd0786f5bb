"""Records and practice tables in this process's memory: for tests and `kneebot ask`, where
every conversation may be forgotten at exit. Records are kept serialised, so tests go through
the same round trip as a database, and a unit of work's practice writes are made only when it
ends without an error, with its record."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

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
from bot.engine.state import UserState
from bot.engine.stores import Loaded, parse_record, record_of


class MemoryPractice:
    """The practice tables as lists and dicts, guarded by the store's lock."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._ratings: list[tuple[int, Rating]] = []
        self._reminders: dict[int, Reminder] = {}  # by id, in the order added
        self._zones: dict[int, Zone] = {}
        self._next_id = 1

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        with self._lock:
            found = [rating for owner, rating in self._ratings if owner == user_id and rating.at >= since]
        return sorted(found, key=lambda rating: rating.at)  # stable: same instant, in the order added

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        with self._lock:
            found = [r for r in self._reminders.values() if user_id is None or r.user_id == user_id]
            zones = {owner: zone.name for owner, zone in self._zones.items()}
        return [replace(r, zone=zones.get(r.user_id)) for r in sorted(found, key=lambda r: (r.user_id, r.id))]

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        return next((r for r in self.reminders(user_id) if r.id == reminder_id), None)

    def zone(self, user_id: int) -> Zone | None:
        with self._lock:
            return self._zones.get(user_id)

    def claim(self, reminder_id: int, due: float) -> bool:
        with self._lock:
            reminder = self._reminders.get(reminder_id)
            if reminder is None or reminder.last_sent >= due:
                return False
            self._reminders[reminder_id] = replace(reminder, last_sent=due)
            return True

    def claim_snooze(self, reminder_id: int, until: float) -> bool:
        with self._lock:
            reminder = self._reminders.get(reminder_id)
            if reminder is None or reminder.snoozed_until != until:
                return False
            self._reminders[reminder_id] = replace(reminder, snoozed_until=None)
            return True

    def write(self, user_id: int, change: Change) -> None:
        """Make one write (the caller holds the lock)."""
        match change:
            case AddRating(at, kind, score, routine_id, run):
                self._ratings.append((user_id, Rating(at, kind, score, routine_id, run)))
            case TrimDiary(before, keep):
                self._ratings = [(o, r) for o, r in self._ratings if o != user_id or r.at >= before]
                own = sorted(
                    (index for index, (owner, _) in enumerate(self._ratings) if owner == user_id),
                    key=lambda index: (self._ratings[index][1].at, index),
                )
                dropped = set(own[: max(0, len(own) - keep)])
                self._ratings = [entry for index, entry in enumerate(self._ratings) if index not in dropped]
            case AddReminder(at, times, days, routine_id):
                schedule = Schedule.of(list(times), days)
                self._reminders[self._next_id] = Reminder(self._next_id, user_id, schedule, routine_id, at)
                self._next_id += 1
            case RemoveReminder(reminder_id):
                if self._owned(user_id, reminder_id):
                    del self._reminders[reminder_id]
            case SnoozeReminder(reminder_id, until):
                if self._owned(user_id, reminder_id):
                    self._reminders[reminder_id] = replace(self._reminders[reminder_id], snoozed_until=until)
            case SetZone(at, name):
                self._zones[user_id] = Zone(name, at)
            case EraseDiary():
                self._ratings = [(owner, rating) for owner, rating in self._ratings if owner != user_id]
            case EraseReminders():
                self._reminders = {rid: r for rid, r in self._reminders.items() if r.user_id != user_id}
                self._zones.pop(user_id, None)

    def _owned(self, user_id: int, reminder_id: int) -> bool:
        reminder = self._reminders.get(reminder_id)
        return reminder is not None and reminder.user_id == user_id


class MemoryStore:
    """Records in a dict, practice tables beside them; one event at a time."""

    def __init__(self) -> None:
        self._records: dict[int, str] = {}
        self._lock = threading.RLock()
        self._practice = MemoryPractice(self._lock)

    @property
    def practice(self) -> MemoryPractice:
        return self._practice

    @contextmanager
    def transaction(self, user_id: int) -> Iterator[Loaded]:
        with self._lock:
            loaded = parse_record(self._records.get(user_id))
            yield loaded
            record = record_of(loaded)
            if record is None:
                self._records.pop(user_id, None)
            else:
                self._records[user_id] = record
            for change in loaded.state.deferred:
                self._practice.write(user_id, change)

    def states(self) -> Iterator[tuple[int, UserState]]:
        with self._lock:
            records = list(self._records.items())
        for user_id, record in records:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def raw(self, user_id: int) -> str | None:
        return self._records.get(user_id)

    def put_raw(self, user_id: int, record: str) -> None:
        self._records[user_id] = record

    def close(self) -> None:
        pass
