"""How long ago a message says something happened ("about 9 years back", "in 2015", "last
month", "ages ago"), as a range of days, for a question that asks about a span of time ("an
operation in the last 3 months"). Only what the words settle is read: "a while ago" or no time
at all say nothing, and the question is then asked as it stands."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.text.normalise import normalise

DAY = 24 * 3600
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4, "year": 365.25, "decade": 3652.5}
_COUNTS = {
    "a": (1, 1), "an": (1, 1), "one": (1, 1), "two": (2, 2), "three": (3, 3), "four": (4, 4), "five": (5, 5),
    "six": (6, 6), "seven": (7, 7), "eight": (8, 8), "nine": (9, 9), "ten": (10, 10), "eleven": (11, 11),
    "twelve": (12, 12), "fifteen": (15, 15), "twenty": (20, 20), "thirty": (30, 30), "couple": (2, 3),
    "a couple": (2, 3), "a couple of": (2, 3), "couple of": (2, 3), "few": (2, 5), "a few": (2, 5),
    "several": (3, 9), "many": (4, math.inf), "some": (2, math.inf), "a number of": (3, math.inf),
}  # fmt: skip
_COUNT = r"(\d{1,3}(?: and a half)?|" + "|".join(sorted((re.escape(c) for c in _COUNTS), key=len, reverse=True)) + ")"
_UNIT = r"(day|week|month|year|decade|yr|yrs|wk|wks|mo|mos|mth|mths)s?"
_AGO = r"(?:ago|back|before now|earlier)"
_UNITS = {"yr": "year", "yrs": "year", "wk": "week", "wks": "week", "mo": "month", "mos": "month",
          "mth": "month", "mths": "month"}  # fmt: skip
# "9 years ago", "a few months back", "over two years ago", "about 6 weeks ago".
_COUNTED = re.compile(
    rf"\b(?:(over|more than|at least|under|less than|not even|nearly|almost) )?{_COUNT} {_UNIT} {_AGO}\b"
)
# "years ago", "months back": a unit in the plural with no count is at least two of them.
_PLURAL = re.compile(rf"\b(days|weeks|months|years|decades|yrs|wks|mths) {_AGO}\b")
# "last year", "last month", "the week before last".
_LAST = re.compile(r"\blast (week|month|year)\b")
# Long ago with no unit: "ages ago", "a long time ago", "when I was a kid".
_LONG_AGO = re.compile(
    r"\b(?:ages|ages and ages|donkey s years|yonks|an age|a long time|long time|a long while|forever|decades) "
    rf"{_AGO}\b|\blong ago\b|\bwhen (?:i|he|she|they) (?:was|were) (?:a kid|a child|young|little|at school|"
    r"a teenager|a teen|younger)\b|\bas a (?:kid|child|teenager|teen)\b|\byears and years\b"
)
# A year: "in 2015", "back in 2009", "2019".
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# Days ago: "yesterday", "last night", "this morning", "the other day", "this week".
_DAYS = re.compile(r"\b(?:yesterday|last night|this morning|today|the other day|this week|earlier today)\b")


@dataclass(frozen=True)
class Ago:
    """At least ``low`` and at most ``high`` days ago."""

    low: float
    high: float

    def beyond(self, days: int) -> bool:
        """Whether it surely happened more than ``days`` days ago."""
        return self.low > days

    def within(self, days: int) -> bool:
        """Whether it surely happened in the last ``days`` days."""
        return self.high <= days


def ago(text: str, now: float) -> Ago | None:
    """How long ago ``text`` says something happened, or None when it does not say."""
    words = normalise(text)
    if counted := _COUNTED.search(words):
        hedge, count, unit = counted.group(1), counted.group(2), counted.group(3)
        days = _UNIT_DAYS[_UNITS.get(unit, unit)]
        if count[0].isdigit():
            number = float(count.split()[0]) + (0.5 if "half" in count else 0.0)
            low, high = number, number
        else:
            low, high = _COUNTS[count]
        if hedge in ("over", "more than", "at least"):
            high = math.inf
        elif hedge in ("under", "less than", "not even", "nearly", "almost"):
            low = 0.0
        # "about 3 months ago" may be a little under or over: the ends widened by a fifth
        return Ago(low * days * 0.8, high * days * 1.2)
    if plural := _PLURAL.search(words):
        unit = plural.group(1).rstrip("s")
        return Ago(2 * _UNIT_DAYS[_UNITS.get(unit, unit)] * 0.8, math.inf)
    if _LONG_AGO.search(words):
        return Ago(365.0, math.inf)
    if last := _LAST.search(words):
        unit_days = _UNIT_DAYS[last.group(1)]
        return Ago(unit_days * 0.5 if last.group(1) != "year" else 30.0, unit_days * 2)
    if year := _YEAR.search(words):
        today = datetime.fromtimestamp(now, UTC)
        start = datetime(int(year.group(1)), 1, 1, tzinfo=UTC).timestamp()
        end = datetime(int(year.group(1)) + 1, 1, 1, tzinfo=UTC).timestamp()
        if int(year.group(1)) > today.year:
            return None
        return Ago(max(0.0, (now - end) / DAY), (now - start) / DAY)
    if _DAYS.search(words):
        return Ago(0.0, 7.0)
    return None
