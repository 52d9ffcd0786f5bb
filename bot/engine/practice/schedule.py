"""When a reminder is due: times of day on chosen weekdays, in the person's time zone.

Due instants are worked out here, from the rule and zoneinfo, and nowhere else: the adapters
schedule a job at the next one, and the job claims exactly that instant in the database, so
the scheduler, the claim and the tests agree on it, across daylight-saving changes too. A time
that does not exist on the day the clocks go forward (02:30) is read with the offset before the
change, so it comes an hour later by the new clock; a time that happens twice when they go
back comes the first time only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY = 0b1111111  # bit 0 is Monday, bit 6 Sunday
WEEKDAYS = 0b0011111
WEEKENDS = 0b1100000
MAX_TIMES = 4  # times a day one reminder may have
MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class Schedule:
    """Minutes after local midnight (sorted, distinct) on the weekdays set in ``days``."""

    times: tuple[int, ...]
    days: int = EVERY_DAY

    def __post_init__(self) -> None:
        if not self.times or list(self.times) != sorted(set(self.times)):
            raise ValueError("times must be distinct and sorted")
        if not all(0 <= minute < MINUTES_A_DAY for minute in self.times) or len(self.times) > MAX_TIMES:
            raise ValueError("times must be at most four minutes of the day")
        if not 0 < self.days <= EVERY_DAY:
            raise ValueError("days must name at least one weekday")

    @classmethod
    def of(cls, times: list[int] | tuple[int, ...], days: int = EVERY_DAY) -> Schedule:
        return cls(tuple(sorted(set(times))), days)

    def on(self, day: date) -> bool:
        return bool(self.days >> day.weekday() & 1)

    def describe(self) -> str:
        """ "every day at 08:00 and 20:00", "weekdays at 12:30", "Mondays and Thursdays at 18:00"."""
        return f"{describe_days(self.days)} at {_and([clock(minute) for minute in self.times])}"


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def describe_days(days: int) -> str:
    named = {EVERY_DAY: "every day", WEEKDAYS: "weekdays", WEEKENDS: "weekends"}
    if days in named:
        return named[days]
    return _and([DAY_NAMES[i] + "s" for i in range(7) if days >> i & 1])


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _on_day(schedule: Schedule, zone: tzinfo, day: date) -> list[float]:
    """The due instants (epoch seconds) on one local day, in order."""
    if not schedule.on(day):
        return []
    return sorted(
        datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone).timestamp() for minute in schedule.times
    )


def next_due(schedule: Schedule, zone: tzinfo, after: float) -> float:
    """The first due instant strictly after ``after``."""
    day = datetime.fromtimestamp(after, zone).date() - timedelta(days=1)
    for _ in range(10):  # a week and the days around it hold at least one
        later = [instant for instant in _on_day(schedule, zone, day) if instant > after]
        if later:
            return later[0]
        day += timedelta(days=1)
    raise AssertionError("a schedule names at least one weekday")


def latest_due(schedule: Schedule, zone: tzinfo, at: float) -> float:
    """The last due instant at or before ``at``."""
    day = datetime.fromtimestamp(at, zone).date() + timedelta(days=1)
    for _ in range(10):
        earlier = [instant for instant in _on_day(schedule, zone, day) if instant <= at]
        if earlier:
            return earlier[-1]
        day -= timedelta(days=1)
    raise AssertionError("a schedule names at least one weekday")


def local_minute(at: float, zone: tzinfo) -> int:
    """The minute of the local day at the instant ``at``."""
    moment = datetime.fromtimestamp(at, zone)
    return moment.hour * 60 + moment.minute
