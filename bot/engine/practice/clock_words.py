"""Times of day said loosely, written the way the reminder grammar reads them.

People answer "what time?" the way they speak: "half 8" (8:30, as said in Britain), "quarter
past seven", "ten to nine", "seven thirty", "8ish", "eight o'clock". :func:`plain` rewrites
those as clock times ("8:30", "7:15", "8:50", "7:30", "8") in words already tidied by
:func:`bot.engine.practice.phrases.tidy`, and leaves every other word as it is, so the grammar of
:mod:`bot.engine.practice.phrases` reads them as it reads "8:30". A number word is an hour only
where a time is being said (after "at", "half", "past", "to", "around"; before "am", "pm",
"o'clock", "ish", "in the evening"), or when it is all there is of an answer to "what time?".

:data:`HEDGES` are the words of an answer to "what time?" that say how sure or when around
it is ("about", "or so", "I reckon", "after dinner"): they change nothing of the time.
"""

from __future__ import annotations

import re

HOURS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
MINUTES = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty five": 25, "thirty": 30, "thirty five": 35,
    "forty": 40, "forty five": 45, "fifty": 50, "fifty five": 55, "oh five": 5, "o five": 5,
}  # fmt: skip
_HOUR = r"(\d{1,2}|" + "|".join(HOURS) + ")"
_MINUTE_WORD = "|".join(sorted(MINUTES, key=len, reverse=True))
_FRACTION = {"half": 30, "quarter": 15}

# "half past 8", "quarter to nine", "ten past seven", "20 to 8"
_PAST_TO = re.compile(
    rf"\b(half|quarter|a quarter|{_MINUTE_WORD}|\d{{1,2}})(?: minutes?)? (past|after|to|till) {_HOUR}\b"
)
_HALF = re.compile(rf"\bhalf {_HOUR}\b(?! (?:hours?|hrs?|minutes?|mins?|days?|weeks?|an?)\b)")  # "half 8": 8:30
# "seven thirty", "8 forty five"
_HOUR_MINUTES = re.compile(rf"\b{_HOUR} ({_MINUTE_WORD})\b(?! (?:minutes?|mins?|hours?|times|x)\b)")
_ISH = re.compile(r"\b(\d{1,2}(?::\d{2})?)\s*-?\s*ish\b")  # "8ish", "8-ish", "7:30 ish"
# A number word said as a time: after a word that leads to one, or before one that follows one.
_HOUR_WORD = re.compile(
    r"\b(at|around|about|by|say|from|till|until|after|before|roughly|maybe|and|or|it) "
    rf"({'|'.join(HOURS)})\b|"
    rf"\b({'|'.join(HOURS)})(?= ?(?:am|pm|oclock|o clock|ish|in the (?:morning|afternoon|evening)|at night|tonight)\b)"
)

HEDGES = (
    r"ish|or so|roughly|approximately|approx|around|about|say|lets say|id say|i d say|i reckon|i think|i guess|"
    r"i suppose|probably|maybe|perhaps|ideally|just|by|after|before|sometime|some time|time|ok|okay|"
    r"how about|what about|lets do|lets go with|go with|works|would work|is fine|is good|sounds good|"
    r"breakfast|lunch|lunchtime|dinner|supper|tea|teatime|bed|bedtime|work|school|i get up|i wake up|"
    r"getting up|waking up|i go to bed|my|the|in|at|of"
)


def plain(words: str, *, alone: bool = False) -> str:
    """``words`` with the times said loosely written as clock times; with ``alone`` (the words
    answer "what time?"), a number word of an hour standing by itself is one too ("seven")."""
    words = _PAST_TO.sub(_past_to, words)
    words = _HALF.sub(lambda m: f"{_hour(m.group(1))}:30", words)
    words = _HOUR_MINUTES.sub(lambda m: f"{_hour(m.group(1))}:{MINUTES[m.group(2)]:02d}", words)
    words = _HOUR_WORD.sub(_hour_word, words)
    words = _ISH.sub(lambda m: m.group(1), words)
    if alone:  # "seven"; "one" only on its own (never "that one")
        tokens = words.split()
        words = " ".join(
            str(HOURS[word]) if word in HOURS and (word != "one" or len(tokens) == 1) else word for word in tokens
        )
    return words


def _hour_word(match: re.Match[str]) -> str:
    if match.group(3):
        return str(HOURS[match.group(3)])
    return f"{match.group(1)} {HOURS[match.group(2)]}"


def _hour(token: str) -> int:
    return int(token) if token.isdigit() else HOURS[token]


def _past_to(match: re.Match[str]) -> str:
    """ "quarter past 7": 7:15; "ten to 9": 8:50 ("quarter to 1": 12:45)."""
    amount, way, hour = match.group(1).removeprefix("a "), match.group(2), _hour(match.group(3))
    minutes = int(amount) if amount.isdigit() else _FRACTION.get(amount) or MINUTES[amount]
    if not 0 < minutes < 60 or not 1 <= hour <= 23:
        return match.group(0)
    if way in ("past", "after"):
        return f"{hour}:{minutes:02d}"
    return f"{hour - 1 if hour > 1 else 12}:{60 - minutes:02d}"
