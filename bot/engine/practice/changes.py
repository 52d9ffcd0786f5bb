"""Writes an event asks for in the diary, reminder and timer tables, made with its record.

The engine handles an event before anything is written: the person's record is written at the
end, in one short transaction (:mod:`bot.engine.stores`). The event lists its writes to the
practice tables on the person's state (:meth:`bot.engine.state.UserState.defer`) and the store
makes them in that same transaction: both are written or neither is. So an event that fails,
or finds the database locked (StoreBusy) and is run again, writes nothing twice, and a lock
held elsewhere never keeps the engine waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RatingKind = Literal["before", "after", "check-in"]


@dataclass(frozen=True)
class AddRating:
    at: float
    kind: RatingKind
    score: int | None  # None: a routine finished without a rating (it still counts as a session)
    routine_id: str | None = None
    run: str | None = None
    source: str | None = None  # the message it was typed in, so an edit of it can replace it


@dataclass(frozen=True)
class WithdrawRating:
    """The person's ratings typed in the message ``source`` (it was edited) go."""

    source: str


@dataclass(frozen=True)
class RemoveRating:
    """One rating taken back ("delete that last one"): the person's ratings of ``kind`` at the
    instant ``at`` go."""

    at: float
    kind: RatingKind


@dataclass(frozen=True)
class TrimDiary:
    """Asked for with each new rating: the person's ratings older than ``before`` go, and of the
    rest only the newest ``keep`` stay (by time, then by the order they were added)."""

    before: float
    keep: int


@dataclass(frozen=True)
class AddReminder:
    at: float
    times: tuple[int, ...]
    days: int
    routine_id: str | None = None
    next_due: float | None = None  # None: not scheduled (no time zone yet)


@dataclass(frozen=True)
class Reschedule:
    """The reminder's next due instant worked out again (its time zone changed)."""

    reminder_id: int
    next_due: float | None


@dataclass(frozen=True)
class RemoveReminder:
    reminder_id: int


@dataclass(frozen=True)
class SnoozeReminder:
    """Again at ``until``: ``next_due`` becomes ``until`` if that is sooner."""

    reminder_id: int
    until: float


@dataclass(frozen=True)
class ReminderHandled:
    """A due reminder was sent (its message is in the same transaction's outbox) or passed over
    (too late to be worth sending). Written only while ``next_due`` is still ``was_due``, the
    instant the engine read; else StoreBusy, writing nothing (another instance handled it)."""

    reminder_id: int
    was_due: float
    next_due: float | None
    sent_for: float | None = None  # the due instant it was sent for: kept as ``last_sent``
    snooze_over: bool = False  # it was the snoozed one: ``snoozed_until`` is cleared


@dataclass(frozen=True)
class SetTimer:
    """The person's routine timer (one at a time): ``token`` runs out at ``due``."""

    token: str
    due: float


@dataclass(frozen=True)
class ClearTimer:
    """The person's routine timer ran out, was stopped or replaced."""


@dataclass(frozen=True)
class SetZone:
    at: float
    zone: str


@dataclass(frozen=True)
class EraseDiary:
    pass


@dataclass(frozen=True)
class EraseReminders:
    """Every reminder and the time zone."""


Change = (
    AddRating
    | WithdrawRating
    | RemoveRating
    | TrimDiary
    | AddReminder
    | Reschedule
    | RemoveReminder
    | SnoozeReminder
    | ReminderHandled
    | SetZone
    | SetTimer
    | ClearTimer
    | EraseDiary
    | EraseReminders
)
