"""What the engine and the adapters need from a database, whichever it is.

A store (:class:`Storage`) keeps five things; tests/test_stores.py checks every promise below on
every kind of store:

* **Records**, one per person. Every event runs inside :meth:`Storage.transaction`: the person's
  record is read, the engine changes it and lists the writes it wants in the other tables on the
  state (:meth:`bot.engine.state.UserState.defer`; see :mod:`bot.engine.practice.changes`) and
  the messages to send on the unit of work (:attr:`Loaded.outgoing`), and when the block ends the
  record, those writes and those messages are stored together, or not at all. A record the engine
  marks ``erase`` (/forget) is deleted, leaving no copy behind, with everything else of that
  person: the practice tables' rows (through their changes), waiting messages in the outbox and
  the updates of theirs in the inbox. A record that cannot be read (corrupt, or written by an
  incompatible version) is replaced by a fresh one and reported as ``reset``. Nothing is cached
  between events, so several processes can share one database.
* **The practice tables** (:class:`PracticeTables`): the pain diary, reminders, time zones.
* **Routine timers** (:class:`Timers`): when each person's running timer is due.
* **The outbox** (:class:`Outbox`): messages decided and not yet sent (the transactional outbox
  pattern: a message is written in the transaction that decided it, and deleted once Telegram
  has it).
* **The inbox** (:class:`Inbox`): updates taken in from Telegram and not yet handled.

**Claims.** Several instances of the bot may share one store. Work any of them may do (a due
reminder, a due timer, a waiting message, an update left unfinished) is *claimed* before it is
done: a claim names this store's :attr:`Storage.owner` and lasts :attr:`Storage.lease` seconds
unless :meth:`Storage.renew` extends it. A claim is atomic (two instances never both get one
item: PostgreSQL's ``FOR UPDATE SKIP LOCKED``, SQLite's single writer); an item under a live
claim, this owner's included, is not claimed again, and work whose claim expired (its instance
died) may be claimed by another. :meth:`Storage.release` gives up this
owner's claims on a clean stop, so others need not wait for them to expire. Claims read the
store's clock (:attr:`Storage.clock`, epoch seconds).

**Exactly once.** An event handled for an update (``transaction(user_id, update=...)``) that
writes anything also marks the update handled, in the same transaction; handled again after a
crash (the update was still in the inbox), :attr:`Loaded.handled` says so and the engine does
nothing, its writes and messages being in already: the store claims the person's replies still
waiting to start under no live claim (the instance that decided them stopped) and gives them as
:attr:`Loaded.queued`, so they go out in their place, before anything the person sent later.
A message is sent at most once: the sender marks it started (:meth:`Outbox.start`) before the
call that sends it, and a message started by an instance that died is never started again (it
may have arrived). So what was decided is sent once, late rather than never, except for the
message on its way at the very moment of a crash.

Implementations live in :mod:`bot.storage` (in memory; SQLite), opened from a URL by
:func:`bot.storage.open_storage`; the engine never imports them. A new one (PostgreSQL) keeps
these promises too:

* **One writer per person.** Two events of one person (in two processes) must never both write.
  Either compare and swap (write the record only if it is still the one read, else raise
  :class:`StoreBusy` having written nothing: what SQLite does, so a lock held elsewhere holds up
  only the people whose records must change), or take a per-person lock before reading.
* **Reads never wait** for a writer. An event that changes nothing need write nothing, and then
  need not write its messages either (:attr:`Loaded.queued` stays empty and the adapter delivers
  them from memory; SQLite does so, so a write lock held elsewhere never holds up an answer).
* :class:`StoreBusy` means nothing was written and the event may be run again;
  :class:`StoreUnavailable` means the database cannot be used at all, with the reason.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from bot.engine.outgoing import Outgoing
from bot.engine.practice.records import Rating, Reminder, Timer, Zone
from bot.engine.state import SCHEMA_VERSION, UserState

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # an update claimed this often without being finished may be what crashes the bot
REMEMBER_HANDLED = 24 * 3600.0  # seconds an update id is recognised after it was handled


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
    with the practice writes it deferred and the messages it decided."""

    state: UserState
    reset: bool = False  # True when an unreadable or outdated record was replaced
    erase: bool = False  # set by the engine: delete the record (and all of the person) instead
    handled: bool = False  # set by the store: this update was handled before; do nothing
    outgoing: list[Outgoing] = field(default_factory=list)  # set by the engine: messages to send
    queued: list[Outgoing] = field(default_factory=list)  # set by the store: those it wrote, with ids


@dataclass(frozen=True)
class Incoming:
    """An update as Telegram sent it (JSON text), with the person it came from, if any."""

    update_id: int
    body: str
    user_id: int | None = None

    @classmethod
    def of(cls, update: Mapping[str, Any]) -> Incoming:
        """``update`` (decoded JSON with an int ``update_id``), with its sender: the ``from`` of
        its message, button press, edit or query."""
        sender: object = next((v["from"] for v in update.values() if isinstance(v, dict) and "from" in v), None)
        user_id = sender.get("id") if isinstance(sender, dict) else None
        return cls(int(update["update_id"]), json.dumps(update), user_id if isinstance(user_id, int) else None)


class PracticeTables(Protocol):
    """The pain diary, reminders and time zones, as the practice plan reads them. Writes go
    through the event's transaction (``UserState.defer``), except claims.

    Each reminder has a ``next_due`` instant, kept by the changes that set it (the engine works
    it out; a store only compares it with the time): :class:`~bot.engine.practice.changes.
    AddReminder` and ``Reschedule`` set it, ``SnoozeReminder`` brings it forward to the snooze's
    end if that is sooner, and ``ReminderHandled`` moves it on, only if it is still the instant
    the engine read (else StoreBusy, writing nothing: another instance handled it).
    """

    def ratings(self, user_id: int, since: float = 0.0) -> list[Rating]:
        """A person's ratings at or after ``since``, oldest first."""
        ...

    def reminders(self, user_id: int | None = None) -> list[Reminder]:
        """A person's reminders (oldest first), or everybody's, each with the person's zone."""
        ...

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None: ...

    def zone(self, user_id: int) -> Zone | None: ...

    def count_due(self, now: float) -> int:
        """How many reminders are due at ``now`` (``next_due <= now``) and not claimed by
        another owner: the backlog a sender paces itself by."""
        ...

    def claim_due(self, now: float, limit: int) -> list[Reminder]:
        """Claim up to ``limit`` reminders due at ``now`` that no other owner holds a live claim
        on, soonest first (ties by id)."""
        ...


class Timers(Protocol):
    """Routine timers ("Start timer (60 s)"), one per person at most, set and cleared by the
    changes of the person's events (``SetTimer``, ``ClearTimer``)."""

    def pending(self, user_id: int | None = None) -> list[Timer]:
        """A person's timer, or everybody's, soonest first."""
        ...

    def claim_due(self, now: float, limit: int) -> list[Timer]:
        """Claim up to ``limit`` timers due at ``now`` that no other owner holds a live claim
        on, soonest first. A timer stays until the event of its firing clears it."""
        ...


class Outbox(Protocol):
    """Messages waiting to be sent, oldest first per chat. They are written by transactions
    (:attr:`Loaded.outgoing`), claimed by the owner that wrote them."""

    def claim(self, limit: int) -> list[Outgoing]:
        """Claim up to ``limit`` messages not yet started whose claim is free or expired (their
        instance stopped), oldest first; but not the replies to a person with updates unfinished
        in the inbox: those go with the update that decided them (see **Exactly once**)."""
        ...

    def start(self, message_id: int) -> bool:
        """Mark that sending ``message_id`` begins, claiming it for this owner; False when it is
        gone or another owner holds a live claim on it (do not send it then). A started message
        is never claimed again."""
        ...

    def retry(self, message_id: int) -> None:
        """The send certainly did not arrive (Telegram refused it for now): it may start again."""
        ...

    def sent(self, message_id: int) -> None:
        """Sent, or given up: delete it, leaving no copy."""
        ...

    def abandoned(self) -> int:
        """Delete the messages whose sending started under a claim that has since expired (their
        instance died during the call, so they may have arrived); how many."""
        ...


class Inbox(Protocol):
    """Updates taken in and not yet handled, per bot (``bot_id``: a store may serve several
    tokens). An update's body is deleted once it is handled; its id is remembered for
    REMEMBER_HANDLED seconds so that a second delivery is recognised.

    **One person's updates in order, across instances.** An owner takes (claims) a person's
    update only when every earlier unfinished update of that person (by update id) is its own,
    under a live claim: an earlier one still waiting, or held by another instance, makes it wait
    in the inbox. Whoever finishes the earlier one takes it next (:meth:`done`); one whose
    instance died is taken over by :meth:`claim` once its claim expires, in order. Updates from
    nobody (channel posts) are taken at once. Each take counts as an attempt: an update taken
    MAX_ATTEMPTS times without finishing is given up (its body deleted, an error logged) instead,
    as it may be what crashes the bot, and the person's next one is in turn."""

    def add(self, bot_id: int, updates: list[Incoming]) -> list[Incoming]:
        """Keep ``updates`` (those seen before are left out); returns the updates this owner
        takes to handle now, oldest first: the new ones that are in turn, with the person's
        untaken ones behind them."""
        ...

    def claim(self, bot_id: int, limit: int) -> list[Incoming]:
        """Take up to ``limit`` unfinished updates that are in turn, whose claim is free or
        expired (their instance stopped), oldest first. A person whose replies wait in the
        outbox under another owner's claim is passed over (their order is that owner's)."""
        ...

    def done(self, bot_id: int, update_ids: list[int]) -> list[Incoming]:
        """Handled, and its replies settled: delete the bodies, remember the ids. Returns the
        updates of the same people now in turn, taken by this owner, oldest first."""
        ...


class Storage(Protocol):
    """Per-person records, the practice tables, timers, the outbox and the inbox (see above)."""

    owner: str  # who this store's claims name: one instance of the bot
    lease: float  # seconds a claim lasts unless renewed
    clock: Callable[[], float]  # epoch seconds, for claims and the times rows are written

    @property
    def practice(self) -> PracticeTables: ...

    @property
    def timers(self) -> Timers: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def inbox(self) -> Inbox: ...

    def transaction(self, user_id: int, update: str | None = None) -> AbstractContextManager[Loaded]:
        """The unit of work for one event of ``user_id``; ``update`` names the update it handles
        (unique per bot, e.g. "<bot id>:<update id>"), so a second run is recognised."""
        ...

    def states(self) -> Iterator[tuple[int, UserState]]:
        """Every readable stored state."""
        ...

    def renew(self) -> None:
        """Extend this owner's claims on messages and updates to ``clock() + lease``. (Claims on
        reminders and timers are not renewed: they are handled at once, and one whose handling
        failed is free again when its claim expires.)"""
        ...

    def release(self) -> None:
        """Give up every claim this owner holds (work not started goes back to the pool)."""
        ...

    def tidy(self) -> None:
        """Forget what is kept only for a while: handled-update marks and inbox ids older than
        REMEMBER_HANDLED. Call it now and then; it is quick when there is nothing to do."""
        ...

    def ping(self) -> None:
        """Return if the database can be used now; else raise StoreError saying why (health checks)."""
        ...

    def sole_poller(self, bot_id: int) -> AbstractContextManager[None]:
        """Held while this process polls Telegram for bot ``bot_id``; StoreBusy at once when
        another process holds it on the same database (Telegram serves one poller per bot)."""
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
