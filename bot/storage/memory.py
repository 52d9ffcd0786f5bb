"""Everything in this process's memory: for tests and `kneebot ask`, where every conversation may
be forgotten at exit. Records are kept serialised, so tests go through the same round trip as a
database, and a unit of work's writes and messages are made only when it ends without an
error, with its record, all under one lock."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from bot.engine.outgoing import Outgoing, dumps, loads
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
from bot.engine.state import UserState
from bot.engine.stores import MAX_ATTEMPTS, REMEMBER_HANDLED, Incoming, Loaded, StoreBusy, parse_record, record_of
from bot.storage.owners import new_owner
from bot.storage.turns import Unfinished, next_in_turn

log = logging.getLogger(__name__)


@dataclass
class _Claim:
    owner: str
    until: float


class _Claims:
    """Who holds which item, for one kind of work; the store's lock guards it."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.held: dict[object, _Claim] = {}

    def free(self, key: object) -> bool:
        """Nobody holds a live claim on ``key`` (this owner included: it is at work on it)."""
        claim = self.held.get(key)
        return claim is None or claim.until < self.store.clock()

    def ours(self, key: object) -> bool:
        claim = self.held.get(key)
        return claim is not None and claim.owner == self.store.owner and claim.until >= self.store.clock()

    def take(self, key: object) -> None:
        self.held[key] = _Claim(self.store.owner, self.store.clock() + self.store.lease)

    def renew(self, until: float) -> None:
        for claim in self.held.values():
            if claim.owner == self.store.owner:
                claim.until = until

    def release(self) -> None:
        self.held = {key: claim for key, claim in self.held.items() if claim.owner != self.store.owner}


class MemoryPractice:
    """The practice tables as lists and dicts."""

    def __init__(self, store: MemoryStore) -> None:
        self._lock = store.lock
        self._ratings: list[tuple[int, Rating]] = []
        self._reminders: dict[int, Reminder] = {}  # by id, in the order added
        self._zones: dict[int, Zone] = {}
        self._next_id = 1
        self.claims = _Claims(store)

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

    def count_due(self, now: float) -> int:
        with self._lock:
            return len(self._due(now))

    def claim_due(self, now: float, limit: int) -> list[Reminder]:
        with self._lock:
            claimed = self._due(now)[:limit]
            for reminder in claimed:
                self.claims.take(reminder.id)
        zones = {reminder.user_id: self.zone(reminder.user_id) for reminder in claimed}
        return [replace(r, zone=zone.name if (zone := zones[r.user_id]) else None) for r in claimed]

    def _due(self, now: float) -> list[Reminder]:
        due = [
            r
            for r in self._reminders.values()
            if r.next_due is not None and r.next_due <= now and self.claims.free(r.id)
        ]
        return sorted(due, key=lambda r: (r.next_due, r.id))

    def check(self, user_id: int, change: Change) -> None:
        """StoreBusy if ``change`` may not be made (the caller holds the lock)."""
        if isinstance(change, ReminderHandled):
            reminder = self._reminders.get(change.reminder_id)
            if reminder is None or reminder.user_id != user_id or reminder.next_due != change.was_due:
                raise StoreBusy("the reminder was handled meanwhile")

    def write(self, user_id: int, change: Change) -> None:
        """Make one write (the caller holds the lock and has checked it)."""
        match change:
            case AddRating(at, kind, score, routine_id, run, source):
                self._ratings.append((user_id, Rating(at, kind, score, routine_id, run, source)))
            case WithdrawRating(source):
                self._ratings = [(o, r) for o, r in self._ratings if o != user_id or r.source != source]
            case RemoveRating(at, kind):
                self._ratings = [(o, r) for o, r in self._ratings if o != user_id or (r.at, r.kind) != (at, kind)]
            case TrimDiary(before, keep):
                self._ratings = [(o, r) for o, r in self._ratings if o != user_id or r.at >= before]
                own = sorted(
                    (index for index, (owner, _) in enumerate(self._ratings) if owner == user_id),
                    key=lambda index: (self._ratings[index][1].at, index),
                )
                dropped = set(own[: max(0, len(own) - keep)])
                self._ratings = [entry for index, entry in enumerate(self._ratings) if index not in dropped]
            case AddReminder(at, times, days, routine_id, next_due):
                schedule = Schedule.of(list(times), days)
                reminder = Reminder(self._next_id, user_id, schedule, routine_id, at, next_due=next_due)
                self._reminders[self._next_id] = reminder
                self._next_id += 1
            case Reschedule(reminder_id, next_due):
                if self._owned(user_id, reminder_id):
                    self._reminders[reminder_id] = replace(self._reminders[reminder_id], next_due=next_due)
            case RemoveReminder(reminder_id):
                if self._owned(user_id, reminder_id):
                    del self._reminders[reminder_id]
                    self.claims.held.pop(reminder_id, None)
            case SnoozeReminder(reminder_id, until):
                if self._owned(user_id, reminder_id):
                    reminder = self._reminders[reminder_id]
                    soonest = until if reminder.next_due is None else min(reminder.next_due, until)
                    self._reminders[reminder_id] = replace(reminder, snoozed_until=until, next_due=soonest)
            case ReminderHandled(reminder_id, _, next_due, sent_for, snooze_over):
                reminder = self._reminders[reminder_id]
                self._reminders[reminder_id] = replace(
                    reminder,
                    next_due=next_due,
                    last_sent=reminder.last_sent if sent_for is None else sent_for,
                    snoozed_until=None if snooze_over else reminder.snoozed_until,
                )
                self.claims.held.pop(reminder_id, None)
            case SetZone(at, name):
                self._zones[user_id] = Zone(name, at)
            case EraseDiary():
                self._ratings = [(owner, rating) for owner, rating in self._ratings if owner != user_id]
            case EraseReminders():
                self._reminders = {rid: r for rid, r in self._reminders.items() if r.user_id != user_id}
                self._zones.pop(user_id, None)
            case SetTimer() | ClearTimer():
                pass  # the timers' own table

    def _owned(self, user_id: int, reminder_id: int) -> bool:
        reminder = self._reminders.get(reminder_id)
        return reminder is not None and reminder.user_id == user_id


class MemoryTimers:
    def __init__(self, store: MemoryStore) -> None:
        self._lock = store.lock
        self._timers: dict[int, Timer] = {}  # by person
        self.claims = _Claims(store)

    def pending(self, user_id: int | None = None) -> list[Timer]:
        with self._lock:
            found = [timer for owner, timer in self._timers.items() if user_id in (None, owner)]
        return sorted(found, key=lambda timer: (timer.due, timer.user_id))

    def claim_due(self, now: float, limit: int) -> list[Timer]:
        with self._lock:
            due = [timer for timer in self.pending() if timer.due <= now and self.claims.free(timer.user_id)]
            for timer in due[:limit]:
                self.claims.take(timer.user_id)
            return due[:limit]

    def write(self, user_id: int, change: Change) -> None:
        match change:
            case SetTimer(token, due):
                self._timers[user_id] = Timer(user_id, token, due)
                self.claims.held.pop(user_id, None)
            case ClearTimer():
                self._timers.pop(user_id, None)
                self.claims.held.pop(user_id, None)

    def erase(self, user_id: int) -> None:
        self.write(user_id, ClearTimer())


@dataclass
class _Waiting:
    user_id: int
    kind: str
    body: str
    started: bool = False


class MemoryOutbox:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._lock = store.lock
        self._rows: dict[int, _Waiting] = {}  # by id, oldest first
        self._next_id = 1
        self.claims = _Claims(store)

    def add(self, message: Outgoing) -> Outgoing:
        """Write ``message`` claimed by this owner (the caller holds the lock)."""
        row_id, self._next_id = self._next_id, self._next_id + 1
        self._rows[row_id] = _Waiting(message.user_id, message.kind, dumps(message))
        self.claims.take(row_id)
        return replace(message, id=row_id)

    def claim(self, limit: int) -> list[Outgoing]:
        with self._lock:
            found: list[Outgoing] = []
            waiting = self._store.inbox.people_unfinished()
            for row_id, row in self._rows.items():
                if len(found) >= limit:
                    break
                if row.kind == "reply" and row.user_id in waiting:
                    continue  # taken over with the update that decided it
                if not row.started and self.claims.free(row_id):
                    self.claims.take(row_id)
                    found.append(loads(row.body, row_id))
            return found

    def start(self, message_id: int) -> bool:
        with self._lock:
            row = self._rows.get(message_id)
            if row is None or row.started or not (self.claims.free(message_id) or self.claims.ours(message_id)):
                return False
            row.started = True
            self.claims.take(message_id)
            return True

    def retry(self, message_id: int) -> None:
        with self._lock:
            if (row := self._rows.get(message_id)) is not None:
                row.started = False

    def sent(self, message_id: int) -> None:
        with self._lock:
            self._rows.pop(message_id, None)
            self.claims.held.pop(message_id, None)

    def abandoned(self) -> int:
        with self._lock:
            gone = [row_id for row_id, row in self._rows.items() if row.started and self.claims.free(row_id)]
            for row_id in gone:
                self.sent(row_id)
            return len(gone)

    def erase(self, user_id: int) -> None:
        for row_id in [row_id for row_id, row in self._rows.items() if row.user_id == user_id]:
            self.sent(row_id)

    def take_over(self, user_id: int) -> list[Outgoing]:
        """Claim the person's replies waiting to start that this owner is not sending (the caller
        holds the lock)."""
        found = []
        for row_id, row in self._rows.items():
            if row.user_id == user_id and row.kind == "reply" and not row.started and not self.claims.ours(row_id):
                self.claims.take(row_id)
                found.append(loads(row.body, row_id))
        return found

    def waiting(self) -> int:
        return len(self._rows)


@dataclass
class _Update:
    body: str | None
    user_id: int | None
    received_at: float
    attempts: int = 0


class MemoryInbox:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._lock = store.lock
        self._updates: dict[tuple[int, int], _Update] = {}
        self.claims = _Claims(store)

    def add(self, bot_id: int, updates: list[Incoming]) -> list[Incoming]:
        with self._lock:
            new = []
            for update in updates:
                key = (bot_id, update.update_id)
                if key not in self._updates:
                    self._updates[key] = _Update(update.body, update.user_id, self._store.clock())
                    new.append(update)
            return self._take(bot_id, new)

    def claim(self, bot_id: int, limit: int) -> list[Incoming]:
        with self._lock:
            waiting = [
                Incoming(update_id, update.body, update.user_id)
                for (bot, update_id), update in sorted(self._updates.items())
                if bot == bot_id and update.body is not None and self.claims.free((bot, update_id))
            ]
            return self._take(bot_id, waiting, take_over=True, limit=limit)

    def done(self, bot_id: int, update_ids: list[int]) -> list[Incoming]:
        with self._lock:
            finished = []
            for update_id in update_ids:
                if (update := self._updates.get((bot_id, update_id))) is not None and update.body is not None:
                    finished.append(Incoming(update_id, update.body, update.user_id))
                    update.body = update.user_id = None
                self.claims.held.pop((bot_id, update_id), None)
            return self._take(bot_id, [update for update in finished if update.user_id is not None])

    def _take(
        self, bot_id: int, updates: list[Incoming], *, take_over: bool = False, limit: int | None = None
    ) -> list[Incoming]:
        """Take, oldest first, those of ``updates`` from nobody and what is in turn of the people
        they are from (the caller holds the lock)."""
        taken: list[int] = []
        owner, now = self._store.owner, self._store.clock()
        people = dict.fromkeys(update.user_id for update in updates if update.user_id is not None)
        queues = [self._unfinished(bot_id, person) for person in people]
        queues += [self._unfinished(bot_id, None, u.update_id) for u in updates if u.user_id is None]  # its own
        for queue in queues:
            turn = next_in_turn(queue, owner, now, take_over=take_over)
            for update_id in turn.give_up:
                log.error("giving up on update %d: started %d times without finishing", update_id, MAX_ATTEMPTS)
                self._updates[(bot_id, update_id)].body = None
            taken += turn.take
        found = []
        for update_id in sorted(taken)[:limit]:
            update = self._updates[(bot_id, update_id)]
            assert update.body is not None
            update.attempts += 1
            self.claims.take((bot_id, update_id))
            found.append(Incoming(update_id, update.body, update.user_id))
        return found

    def _unfinished(self, bot_id: int, person: int | None, only: int | None = None) -> list[Unfinished]:
        """A person's unfinished updates (or, for nobody, the one numbered ``only``), oldest first."""
        mine = [
            (key, update)
            for key, update in self._updates.items()
            if key[0] == bot_id and update.user_id == person and update.body is not None and only in (None, key[1])
        ]
        rows = []
        for key, update in sorted(mine, key=lambda item: item[0]):
            claim = self.claims.held.get(key)
            owner, until = (claim.owner, claim.until) if claim else (None, None)
            rows.append(Unfinished(key[1], update.attempts, owner, until))
        return rows

    def people_unfinished(self) -> set[int]:
        """Whose updates are unfinished (the caller holds the lock)."""
        return {update.user_id for update in self._updates.values() if update.body is not None and update.user_id}

    def erase(self, user_id: int) -> None:
        for update in self._updates.values():
            if update.user_id == user_id:
                update.body = None

    def tidy(self, before: float) -> None:
        self._updates = {
            key: update
            for key, update in self._updates.items()
            if update.body is not None or update.received_at >= before
        }

    def bodies(self) -> list[str]:
        """Every body still kept (for tests)."""
        with self._lock:
            return [update.body for update in self._updates.values() if update.body is not None]


class MemoryStore:
    """Records in a dict, the other tables beside them; one event at a time."""

    def __init__(self, *, owner: str | None = None, lease: float = 30.0, clock: Callable[[], float] = time.time):
        self.owner = owner or new_owner()
        self.lease = lease
        self.clock = clock
        self.lock = threading.RLock()
        self._records: dict[int, str] = {}
        self._handled: dict[str, float] = {}  # update -> when
        self._practice = MemoryPractice(self)
        self._timers = MemoryTimers(self)
        self._outbox = MemoryOutbox(self)
        self._inbox = MemoryInbox(self)

    @property
    def practice(self) -> MemoryPractice:
        return self._practice

    @property
    def timers(self) -> MemoryTimers:
        return self._timers

    @property
    def outbox(self) -> MemoryOutbox:
        return self._outbox

    @property
    def inbox(self) -> MemoryInbox:
        return self._inbox

    @contextmanager
    def transaction(self, user_id: int, update: str | None = None) -> Iterator[Loaded]:
        with self.lock:
            before = self._records.get(user_id)
            loaded = parse_record(before)
            loaded.handled = update is not None and update in self._handled
            yield loaded
            if loaded.handled:
                loaded.queued = self._outbox.take_over(user_id)
                return
            record = record_of(loaded)
            changes = loaded.state.deferred
            if record == before and not changes:
                return  # as SQLite: an event that changes nothing writes nothing, its messages neither
            for change in changes:
                self._practice.check(user_id, change)
            if record is None:
                self._records.pop(user_id, None)
            else:
                self._records[user_id] = record
            for change in changes:
                self._practice.write(user_id, change)
                self._timers.write(user_id, change)
            if loaded.erase:
                self._timers.erase(user_id)
                self._outbox.erase(user_id)
                self._inbox.erase(user_id)
            loaded.queued = [self._outbox.add(message) for message in loaded.outgoing]
            if update is not None:
                self._handled[update] = self.clock()

    def states(self) -> Iterator[tuple[int, UserState]]:
        with self.lock:
            records = list(self._records.items())
        for user_id, record in records:
            loaded = parse_record(record)
            if not loaded.reset:
                yield user_id, loaded.state

    def renew(self) -> None:
        with self.lock:
            until = self.clock() + self.lease
            for part in (self._outbox, self._inbox):  # reminders and timers are handled at once
                part.claims.renew(until)

    def release(self) -> None:
        with self.lock:
            for part in (self._practice, self._timers, self._outbox, self._inbox):
                part.claims.release()

    def tidy(self) -> None:
        with self.lock:
            before = self.clock() - REMEMBER_HANDLED
            self._handled = {update: at for update, at in self._handled.items() if at >= before}
            self._inbox.tidy(before)

    def ping(self) -> None:
        pass

    @contextmanager
    def sole_poller(self, bot_id: int) -> Iterator[None]:
        yield  # nobody else can see this store

    def raw(self, user_id: int) -> str | None:
        return self._records.get(user_id)

    def put_raw(self, user_id: int, record: str) -> None:
        self._records[user_id] = record

    def close(self) -> None:
        pass
