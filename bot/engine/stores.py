"""What the engine needs from a database, whichever it is: one unit of work per event, and the
practice plan's tables.

Every event runs inside :meth:`Storage.transaction`: the person's record is read, the engine
changes it and lists the writes it wants in the practice tables on the state
(:meth:`bot.engine.state.UserState.defer`: pain ratings, reminders, the time zone; see
:mod:`bot.engine.practice.changes`), and when the block ends the record and those writes are
made together, or not at all. A record the engine marks ``erase`` (/forget) is deleted, leaving
no copy behind. A record that cannot be read (corrupt, or written by an incompatible version) is
replaced by a fresh one and reported as ``reset``, so the engine can say so. Nothing is cached
between events, so several processes can share one database.

Implementations live in :mod:`bot.storage` (in memory; SQLite), opened from a URL by
:func:`bot.storage.open_storage`; the engine never imports them. A new one (PostgreSQL, say)
keeps these promises:

* **One writer per person.** Two events of one person (in two processes) must never both write.
  Either compare and swap (write the record only if it is still the one read, else raise
  :class:`StoreBusy` having written nothing: what SQLite does, so a lock held elsewhere holds up
  only the people whose records must change), or take a per-person lock before reading (a row
  lock or an advisory lock for the length of the transaction).
* **Reads never wait** for a writer; most events change nothing and should write nothing.
* **Claims are atomic**: :meth:`PracticeTables.claim` succeeds for one caller only, so several
  processes send a due reminder once.
* :class:`StoreBusy` means nothing was written and the event may be run again;
  :class:`StoreUnavailable` means the database cannot be used at all, with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from pydantic import ValidationError

from bot.engine.practice.records import Rating, Reminder, Zone
from bot.engine.state import SCHEMA_VERSION, UserState

log = logging.getLogger(__name__)


class StoreError(Exception):
    """Something went wrong in a store (see the two kinds below)."""


class StoreBusy(StoreError):
    """Nothing was written: the database is locked, or the record changed since it was read.
    Handling the event again from the start is safe."""


class StoreUnavailable(StoreError):
    """The database cannot be used; the message says where and why."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        super().__init__(f"cannot keep conversations in {where}: {reason}.")


@dataclass
class Loaded:
    """One event's unit of work: the person's state, read at its start and written at its end
    with the practice writes it deferred."""

    state: UserState
    reset: bool = False  # True when an unreadable or outdated record was replaced
    erase: bool = False  # set by the engine: delete the record instead of writing it back


class PracticeTables(Protocol):
    """The pain diary, reminders and time zones, as the practice plan reads them. Writes go
    through the event's transaction (``UserState.defer``), except claims."""

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        """A person's ratings at or after ``since``, oldest first."""
        ...

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        """A person's reminders (oldest first), or everybody's, each with the person's zone."""
        ...

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None: ...

    def zone(self, user_id: int) -> Zone | None: ...

    def claim(self, reminder_id: int, due: float) -> bool:
        """True for the one caller that may send the reminder due at ``due`` (it was last sent
        before then); StoreBusy when the database is locked."""
        ...

    def claim_snooze(self, reminder_id: int, until: float) -> bool:
        """True for the one caller that may send the snoozed reminder due at ``until``."""
        ...


class Storage(Protocol):
    """Per-person records and the practice tables, written together."""

    @property
    def practice(self) -> PracticeTables: ...

    def transaction(self, user_id: int) -> AbstractContextManager[Loaded]:
        """The unit of work for one event of ``user_id`` (see the module's notes)."""
        ...

    def states(self) -> Iterator[tuple[int, UserState]]:
        """Every readable stored state (for start-up work such as rescheduling timers)."""
        ...

    def close(self) -> None: ...


def parse_record(text: str | None) -> Loaded:
    """A stored record (None: there is none) as a unit of work's starting point."""
    if text is None:
        return Loaded(UserState())
    try:
        state = UserState.model_validate_json(text)
        if state.version != SCHEMA_VERSION:
            raise ValueError(f"schema version {state.version}")
        return Loaded(state)
    except (ValueError, ValidationError) as exc:
        log.warning("resetting an unreadable user record: %s", type(exc).__name__)
        return Loaded(UserState(), reset=True)


def record_of(loaded: Loaded) -> str | None:
    """What to store at the end of a unit of work: the record, or None to delete it."""
    return None if loaded.erase else loaded.state.model_dump_json()
