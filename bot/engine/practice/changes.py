"""Writes an event asks for in the diary and reminder tables, made once its record is stored.

The engine handles an event inside the state store's transaction, which holds SQLite's write
lock on its own connection; the practice tables are written through another connection, so
they cannot be written until that transaction ends. The event therefore lists its writes on the
person's state (:meth:`bot.engine.state.UserState.defer`) and the engine applies them after the
record is stored: an event that fails, or is run again, writes nothing twice.
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


@dataclass(frozen=True)
class AddReminder:
    at: float
    times: tuple[int, ...]
    days: int
    routine_id: str | None = None


@dataclass(frozen=True)
class RemoveReminder:
    reminder_id: int


@dataclass(frozen=True)
class SnoozeReminder:
    reminder_id: int
    until: float


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


Change = AddRating | AddReminder | RemoveReminder | SnoozeReminder | SetZone | EraseDiary | EraseReminders
