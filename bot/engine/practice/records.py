"""What the practice tables hold, as the practice plan reads it: pain ratings, reminders (with
the person's time zone) and time zones."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.practice.changes import RatingKind
from bot.engine.practice.schedule import Schedule


@dataclass(frozen=True)
class Rating:
    at: float
    kind: RatingKind
    score: int | None
    routine_id: str | None = None
    run: str | None = None
    source: str | None = None  # the message it was typed in (check-ins)


@dataclass(frozen=True)
class Reminder:
    id: int
    user_id: int
    schedule: Schedule
    routine_id: str | None
    created_at: float
    last_sent: float = 0.0
    snoozed_until: float | None = None
    zone: str | None = None
    next_due: float | None = None  # when it next needs attention (None: no time zone yet)


@dataclass(frozen=True)
class Zone:
    name: str
    at: float  # when the person chose it


@dataclass(frozen=True)
class Timer:
    """A person's running routine timer: :class:`bot.engine.events.TimerFired` ``token`` at ``due``."""

    user_id: int
    token: str
    due: float
