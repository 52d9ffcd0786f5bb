"""What people type about their practice: reminders in plain words, a pain rating on its own,
"how am I doing?", their reminders, exporting the diary, their time zone.

A focused grammar rather than a general date parser: reminders repeat at times of day on
chosen weekdays, which is a small language ("every morning at 8", "weekdays at 12:30", "twice
a day, 8 and 20:00", "Mondays and Thursdays at 6pm"), and what matters most is to notice what
does not fit it ("in 10 minutes", "every 2 hours", "at 25:00", "twice a day at 8") and ask a
clear question back. :func:`read` returns None for anything else, which the engine then reads
as usual; it only claims a message that is about reminders, ratings or progress as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.practice import clock_words, diary_words, zones
from bot.engine.practice.diary_words import AskToRate as AskToRate
from bot.engine.practice.diary_words import ClearDiary as ClearDiary
from bot.engine.practice.diary_words import ShowDiary as ShowDiary
from bot.engine.practice.diary_words import UndoRating as UndoRating
from bot.engine.practice.schedule import EVERY_DAY, MAX_TIMES, WEEKDAYS, WEEKENDS, Schedule, clock
from bot.text.normalise import fold

# --- what a message can be ------------------------------------------------------------------------


@dataclass(frozen=True)
class SetReminder:
    schedule: Schedule


@dataclass(frozen=True)
class AtThisTime:
    """ "Remind me at this time every day": the time of day now, on ``days``."""

    days: int = EVERY_DAY


@dataclass(frozen=True)
class AskWhen:
    """The words do not make a schedule: ask ``question``, offering ``offers`` as buttons."""

    question: str
    days: int = EVERY_DAY
    offers: tuple[Schedule, ...] = ()


@dataclass(frozen=True)
class ShowReminders:
    stop: bool = False  # "stop reminding me": the list, to choose which


@dataclass(frozen=True)
class ShowProgress:
    pass


@dataclass(frozen=True)
class ExportDiary:
    pass


@dataclass(frozen=True)
class CheckIn:
    score: int
    days_ago: int = 0  # 1: yesterday's, told today


@dataclass(frozen=True)
class ChangeTime:
    """ "Make it 8", "move it to 10:30": the reminder being set, or the one just set, at other
    times. ``bare`` hours (no am/pm, 12 or less) are read in the half of the day of the time they
    replace."""

    times: tuple[int, ...]
    bare: tuple[int, ...]


@dataclass(frozen=True)
class NoHolidays:
    """ "Not on bank holidays": reminders go by weekdays, which is said honestly."""


@dataclass(frozen=True)
class BadRating:
    question: str


@dataclass(frozen=True)
class ChangeZone:
    zone: str | None  # None: the words named none (ask)


Intent = (
    SetReminder
    | AtThisTime
    | AskWhen
    | ShowReminders
    | ShowProgress
    | ExportDiary
    | CheckIn
    | BadRating
    | ChangeZone
    | ChangeTime
    | NoHolidays
    | ShowDiary
    | UndoRating
    | ClearDiary
    | AskToRate
)

EXAMPLES = "for example “every day at 8:00”, “weekdays at 12:30” or “twice a day, 8 and 20:00”"


# --- normalising ----------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[,;!?()\"“”«»…]+|(?<!\d)[.:](?!\d)|\.$")
_AM_PM = re.compile(r"\b([ap])\.?\s?m\b\.?")
_DASH = re.compile(r"\s*[-–—]\s*")


def tidy(text: str) -> str:
    """Lower case, accents and apostrophes gone, "a.m." as "am", dashes between words as "to";
    the colons, dots and slashes inside numbers ("8:30", "5/10") stay."""
    words = fold(text).replace("’", "'").replace("'", "").replace("&", " and ")
    words = _AM_PM.sub(lambda m: f" {m.group(1)}m", words)
    words = _PUNCTUATION.sub(" ", words)
    words = re.sub(r"(?<=[a-z])\s*[-–—]\s*(?=[a-z])", " to ", words)  # mon-fri
    words = _DASH.sub(" - ", words)
    words = re.sub(r"(?<=[a-z]) n (?=[a-z])", " and ", words)  # "mondays n thursdays"
    return " ".join(words.split())


_LEAD = re.compile(
    r"^(?:(?:ok|okay|k|so|oh|ah|right|alright|actually|and|also|hey|hi|hello|um|erm|well|please|pls|kneebot|"
    r"can you|could you|would you)\s+)+"
)
_TAIL = re.compile(r"(?:\s+(?:please|pls|plz|thanks|thank you|thx|ta|then|too|as well|also))+$")


def core(words: str) -> str:
    return _TAIL.sub("", _LEAD.sub("", words)).strip()


# --- the whole-message intents ---------------------------------------------------------------------

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_N = r"(\d{1,3}|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_OUT_OF = r"(?:\s*/\s*10|\s+out of (?:10|ten)|\s+of 10)"
_WHEN = r"(?:\s+(?:today|now|right now|this morning|this evening|tonight|at the moment))"
_MINE = r"(?:mine|mines|my own(?: knee| pain)?|my knee s|myself|for me)"
# After a rating said of oneself: when, and whose ("I'm at a 5 myself", "I'm a 3 today too").
_AFTER_RATING = rf"(?:{_WHEN}|\s+(?:myself|for me|personally))*"
MINE = re.compile(rf"\b{_MINE}\b")  # a rating said as one's own, beside someone else's
_CHECK_INS = [
    re.compile(
        rf"^(?:my\s+)?(?:knee\s+)?pains?(?:\s+level|\s+score)?{_WHEN}?(?:\s+is|\s+s|\s+feels like|\s+-)?"
        rf"(?:\s+at|\s+about|\s+around|\s+roughly)?(?:\s+an?)?\s+{_N}{_OUT_OF}?{_WHEN}?$"
    ),
    re.compile(
        rf"^(?:im|i am)(?:\s+(?:at|about|around|roughly|on|maybe))+(?:\s+an?)?\s+{_N}{_OUT_OF}?{_AFTER_RATING}"
        r"(?:\s+pain)?$"
    ),
    re.compile(rf"^(?:im|i am)\s+an?\s+{_N}{_OUT_OF}?{_AFTER_RATING}$"),
    re.compile(rf"^(?:im|i am)\s+{_N}{_OUT_OF}{_AFTER_RATING}$"),
    re.compile(
        rf"^(?:today|todays|today s)(?:\s+pain|\s+pain is|\s+its|\s+it s|\s+im|\s+im at|\s+i am at)?"
        rf"(?:\s+an?)?\s+{_N}{_OUT_OF}?$"
    ),
    re.compile(rf"^(?:my\s+)?knees?(?:\s+is|\s+s|\s+are)?(?:\s+at)?(?:\s+an?)?\s+{_N}{_OUT_OF}?{_WHEN}$"),
    re.compile(
        rf"^(?:log|record|note|rate)(?:\s+my)?(?:\s+pain)?(?:\s+as|\s+at)?(?:\s+an?)?\s+{_N}{_OUT_OF}?{_WHEN}?$"
    ),
    re.compile(rf"^{_N}{_OUT_OF}{_WHEN}?$"),
    # One's own beside someone else's: "and mine's a 3", "mine is about a 2 today".
    re.compile(
        rf"^(?:and\s+)?{_MINE}(?:\s+is|\s+s)?(?:\s+(?:at|about|around|roughly|maybe|only|just))*(?:\s+an?)?"
        rf"\s+{_N}{_OUT_OF}?{_WHEN}?$"
    ),
]
_PROGRESS = re.compile(
    r"^(?:how am i doing|how am i getting on|how am i progressing|how is my progress|hows my progress|"
    r"how s my progress|(?:show|send|give|let)(?: me)?(?: see)? (?:my )?(?:progress|pain (?:chart|graph|history|diary))"
    r"(?: chart)?|(?:my )?(?:progress|progress chart|pain chart|pain graph|pain history)|am i (?:getting better|"
    r"improving|making progress)|(?:is|has) my (?:knee|knees|pain) (?:getting better|improving|improved|got better)|"
    r"(?:how is|hows|how s) my (?:knee|knees|pain) (?:doing|getting on|coming along))"
    r"(?: so far| lately| now| overall| this week| this month| recently|"
    r" with my (?:knee|knees|pain|practice|exercises|routines?|massage))?$|"
    r"^(?:(?:is it|am i|is my (?:knee|knees|pain)|are my knees|is the pain|its|it s|im|i m)(?: any| a bit| much)? )?"
    r"(?:better|worse) "
    r"than (?:last|the last|a) (?:week|wk|month|time|few days)(?: ago)?$|"
    r"^how (?:did|has|was|is) (?:my|this|the|the last|the past) (?:week|month)(?: gone| been| go| going)?$"
)
_EXPORT = re.compile(
    r"^(?:export|download|send me|give me|email me|i want)(?: me)? (?:my |the )?(?:pain )?(?:diary|ratings|pain log|"
    r"log|history|data)(?: as (?:an? )?(?:csv|spreadsheet|file|excel file))?(?: file)?$|"
    r"^(?:my )?(?:pain )?(?:diary|ratings) (?:as )?(?:an? )?(?:csv|spreadsheet|file)$|^export$|"
    r"^(?:can|could|may) i (?:get|have|download|export) (?:all )?(?:of )?(?:my |the )?(?:pain )?"
    r"(?:diary|ratings|scores|numbers|pain log|log|history|data)(?: as (?:an? )?(?:csv|spreadsheet|excel file|file))$|"
    r"^(?:can|could|may) i (?:get|have|download|export) (?:all )?(?:of )?(?:my |the )?(?:pain )?"
    r"(?:diary|ratings|scores|numbers|pain log)$"
)
_LIST = re.compile(
    r"^(?:(?:show|list|see|view|check|what are)(?: me)? )?(?:all )?(?:my |the )?(?:current )?reminders?(?: list)?$|"
    r"^(?:what|which) reminders (?:do i have|have i got|are (?:set|on))$|^(?:do i have|have i got) (?:any )?reminders$"
)
_STOP = re.compile(
    r"\b(?:stop|cancel|delete|remove|turn off|switch off|disable|pause|mute|end)\b.*\b(?:remind\w*|notifications?)\b|"
    r"\b(?:no more|dont|don t|do not|never) (?:send me )?(?:any )?(?:more )?remind\w*\b|\bunsubscribe\b"
)
_ZONE = re.compile(r"\b(?:time ?zone|timezone|tz)\b(?:\s+(?:is|to|should be|=|-|as))?\s*(.*)$")
_ZONE_WISH = re.compile(r"\b(?:time ?zone|timezone)\b")


def read(text: str) -> Intent | None:
    """What ``text`` asks of the practice plan, or None when it is not about it."""
    words = core(tidy(text))
    if not words or len(words) > 200:
        return None
    if _PROGRESS.fullmatch(words):
        return ShowProgress()
    if _EXPORT.fullmatch(words):
        return ExportDiary()
    if _LIST.fullmatch(words):
        return ShowReminders()
    if _STOP.search(words):
        return ShowReminders(stop=True)
    if _HOLIDAYS.search(words) and not _has_time(words) and (_REMIND.search(words) or _NOT_ON.search(words)):
        return NoHolidays()
    change = _change_time(words)
    if change is not None:
        return change
    diary = diary_words.read(words, [core(tidy(clause)) for clause in _CLAUSE.split(text)])
    if diary is not None and not isinstance(diary, diary_words.Rated):
        return diary
    rating = _rating(words) or _rating_first(text)
    if isinstance(rating, CheckIn) and diary_words.said_of_yesterday(words):
        return CheckIn(rating.score, days_ago=1)
    if rating is not None:
        return rating
    if diary is not None and not _REMIND.search(words):
        return CheckIn(diary.score, diary.days_ago)
    if _ZONE_WISH.search(words) and len(words.split()) <= 10:
        named = _ZONE.search(words)
        rest = named.group(1) if named else ""
        return ChangeZone(zones.resolve(rest) if rest else None)
    return reminder(words) or _reminder_last(text)


_ANSWER_WORDS = 20  # an answer to "what time?" with a remark beside it; a longer message is one of its own


_HEDGED_DOUBT = re.compile(r"\b(?:not (?:\w+ )?(?:sure|certain)|no idea|dunno|i dont know|i don t know)\b")
_DENIED = re.compile(r"\b(?:not|no|never|cant|can t|cannot|dont|don t|wont|won t|isnt|isn t)\b")
_ASKS_WHY = re.compile(r"^(?:why|how|where|who|what is|whats)\b")
_TIME_TOKEN = re.compile(r"\d{1,4}(?::\d{2})?(?:am|pm)?|am|pm")


def time_among_words(text: str, also: str = "") -> Intent | None:
    """An answer to "what time?" said among words of one's own ("around 7 if that works", "not
    sure, maybe 7ish?"): a short message with one time of day in it, nothing denied ("not at 7")
    and no question of why, how or where; read from its times, parts of the day and days."""
    words = clock_words.plain(core(tidy(text)))
    tokens = words.split()
    if not tokens or len(tokens) > _ANSWER_WORDS or _ASKS_WHY.match(words):
        return None
    if _DENIED.search(_HEDGED_DOUBT.sub(" ", words)) or _INTERVAL.search(words) or _RELATIVE.search(words):
        return None
    found = _read_schedule(words)
    if found.wrong or len(found.times) + len(found.bare) != 1:
        return None
    parts = " ".join(name for _, name in found.periods)
    days = [
        token for token in tokens if _DAY.fullmatch(token) or _WEEKDAYS.fullmatch(token) or _WEEKENDS.fullmatch(token)
    ]
    times = [token for token in tokens if _TIME_TOKEN.fullmatch(token)]
    return reminder(" ".join([*days, "at", *times, parts, also]).strip(), expected=True)


def _reminder_last(text: str) -> Intent | None:
    """A reminder asked for in the last part of a message ("oh fine. every day at 9pm then")."""
    clauses = [core(tidy(clause)) for clause in _CLAUSE.split(text)]
    clauses = [clause for clause in clauses if clause]
    return reminder(clauses[-1]) if len(clauses) > 1 else None


def _rating_first(text: str) -> CheckIn | None:
    """A rating said in passing: one part of a short message ("pain 6/10 today, the damp doesn't
    help", "morning! I'm at about a 4, better than yesterday"), or a pain score that opens a
    remark ("pain 3 after my session"). A question is never one."""
    clauses = [core(tidy(clause)) for clause in _CLAUSE.split(text)]
    clauses = [clause for clause in clauses if clause]
    if len(clauses) < 2 and not (clauses and _PAIN_LEAD.match(clauses[0])):
        return None
    if sum(len(clause.split()) for clause in clauses) > _PASSING_WORDS:
        return None
    for clause in clauses:
        if _QUESTION.match(clause):
            continue
        found = _rating(clause)
        if isinstance(found, CheckIn):
            return found
        lead = _PAIN_LEAD.match(clause)
        if lead is not None:
            token = lead.group(1)
            score = int(token) if token.isdigit() else _NUMBER_WORDS[token]
            return CheckIn(score) if 0 <= score <= 10 else None
    return None


_PASSING_WORDS = 24  # a longer message is a story to read, not a diary entry
_QUESTION = re.compile(r"^(?:is|are|what|whats|how|why|should|can|could|does|do|will|would|when|which)\b")
# A pain score opening a remark: "pain 3 after the session", "my knee pain is about a 4 since lunch";
# never "pain 3 times a day" or "pain for 2 weeks".
_PAIN_LEAD = re.compile(
    rf"^(?:my\s+)?(?:knee\s+|knees\s+)?pain(?:\s+(?:is|s|was|level|score|at|about|around|roughly|down to|up to))*"
    rf"(?:\s+an?)?\s+{_N}{_OUT_OF}?(?=\s|$)(?!\s+(?:times|x|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?))"
)


_CLAUSE = re.compile(r"[,;!?]|\.(?!\d)")


def _rating(words: str) -> CheckIn | BadRating | None:
    for pattern in _CHECK_INS:
        found = pattern.fullmatch(words)
        if found:
            token = found.group(1)
            score = int(token) if token.isdigit() else _NUMBER_WORDS[token]
            if 0 <= score <= 10:
                return CheckIn(score)
            if "10" in words[found.end(1) :] or "ten" in words[found.end(1) :] or "pain" in words:
                return BadRating(
                    f"Pain is rated from 0 (none) to 10 (the worst); {score} is off the scale. Which number fits?"
                )
            return None  # "I'm at 40 today" is not a rating
    return None


# --- reminders --------------------------------------------------------------------------------------

_REMIND = re.compile(
    r"\b(?:remind|reminders?|nudge me|ping me|alert me|notify me|an alarm|set alarm)\b|"
    r"\b(?:message|text) me (?:every|each|daily|on|at)\b"
)
_NOT_A_REQUEST = re.compile(
    r"\bremind me (?:what|where|how|which|why|who|whether|if|again what|about (?:the|what|how|where|which)|of the)\b|"
    r"\b(?:what|how|where|why) (?:is|are|does|do) (?:a |the )?reminders?\b"
)
_NOT_KNEE = re.compile(
    r"\bremind me to (?:take|have|get|buy|call|phone|ring|book|eat|drink|pick)\b|"
    r"\b(?:pills?|tablets?|medicines?|medication|meds|appointment|dentist|injection|insulin)\b"
)
_HALF = re.compile(r"\b(half past|quarter past|quarter to) (\d{1,2})\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.h](\d{2}))\s*(am|pm)?\b|\b(\d{1,4})\s*(am|pm)\b")
_NAMED_TIME = re.compile(r"\b(noon|midday|midnight)\b")
_BARE = re.compile(  # an hour on its own: "at 8", "8 and 20:00"; not "3 times", "2 hours", "5th"
    r"(?<![\d:./])\b(\d{1,2})\b(?![:./]\d)"
    r"(?!\s*(?:times|x\b|hours?|hrs?|h\b|minutes?|mins?|days?|weeks?|th\b|st\b|nd\b|rd\b|out of))"
)
_INTERVAL = re.compile(
    r"\bevery (?:\d+|one|two|three|four|few|couple of|couple)? ?(?:hours?|hrs?|minutes?|mins?)\b|\bhourly\b|"
    r"\bevery \d+ (?:h|m)\b"
)
_RELATIVE = re.compile(
    r"\bin (?:\d+|an?|one|two|three|half an|a few|a couple of) ?(?:hours?|hrs?|minutes?|mins?|h|m)\b"
)
_COUNT = re.compile(
    r"\b(once|twice|thrice|one time|two times|three times|four times|(\d{1,2}) ?(?:times|x))"
    r"\s*(?:a|per|each|every)?\s*day\b|"
    r"\b(once|twice) daily\b"
)
_COUNT_WORDS = {"once": 1, "one time": 1, "twice": 2, "two times": 2, "thrice": 3, "three times": 3, "four times": 4}
_DAY_WORDS = {
    0: r"mon|monday|mondays", 1: r"tue|tues|tuesday|tuesdays", 2: r"wed|weds|wednesday|wednesdays",
    3: r"thu|thur|thurs|thursday|thursdays", 4: r"fri|friday|fridays", 5: r"sat|saturday|saturdays",
    6: r"sun|sunday|sundays",
}  # fmt: skip
_ANY_DAY = "|".join(_DAY_WORDS.values())
_DAY = re.compile(rf"\b({_ANY_DAY})\b")
_DAY_RANGE = re.compile(
    rf"\b({'|'.join(_DAY_WORDS.values())}) (?:to|through|thru|till|until) ({'|'.join(_DAY_WORDS.values())})\b"
)
_WEEKDAYS = re.compile(r"\b(?:weekdays?|week days?|work ?days|working days|business days)\b")
_WEEKENDS = re.compile(r"\b(?:weekends?|week ends?)\b")
_EXCEPT = re.compile(r"\b(?:except|but not|apart from|not on)\b(.*)$")
_EVERY = re.compile(r"\b(?:every|each|daily|everyday|nightly|a day|per day|mornings|evenings|nights)\b")
_ONE_OFF = re.compile(
    r"\b(?:tomorrow|today|tonight|this (?:morning|afternoon|evening)|next (?:week|"
    + "|".join(_DAY_WORDS.values())
    + r"))\b"
)
_RARE = re.compile(
    r"\b(?:every other day|every second day|every few days|weekly|every week|fortnightly|monthly|every month)\b"
)
_THIS_TIME = re.compile(r"\b(?:at this time|this time|same time|at the same time|at this hour|now)\b")
_PERIODS = {
    "morning": re.compile(r"\b(?:morning|mornings|breakfast|wake up|waking up|get up)\b"),
    "lunch": re.compile(r"\b(?:lunch|lunchtime|midday break)\b"),
    "afternoon": re.compile(r"\b(?:afternoon|afternoons)\b"),
    "evening": re.compile(r"\b(?:evening|evenings|after work|dinner|supper|this evening)\b"),
    "night": re.compile(r"\b(?:night|nights|nightly|tonight|bedtime|before bed|before i go to bed)\b"),
}
_PERIOD_OFFERS = {
    "morning": (7 * 60, 8 * 60, 9 * 60),
    "lunch": (12 * 60, 12 * 60 + 30, 13 * 60),
    "afternoon": (14 * 60, 15 * 60, 16 * 60),
    "evening": (18 * 60, 19 * 60, 20 * 60),
    "night": (21 * 60, 22 * 60),
}
_COUNT_OFFERS = {
    1: (8 * 60,),
    2: (8 * 60, 20 * 60),
    3: (8 * 60, 13 * 60, 20 * 60),
    4: (8 * 60, 12 * 60, 16 * 60, 20 * 60),
}
_SCHEDULE_WORDS = re.compile(
    r"\b(?:every|each|day|days|daily|everyday|on|at|and|or|a|an|the|in|per|twice|once|thrice|times|x|then|also|"
    r"morning|mornings|afternoon|afternoons|evening|evenings|night|nights|tonight|o ?clock|oclock|"
    r"weekdays?|weekends?|week|work|working|me|please|around|about|too|plus|" + "|".join(_DAY_WORDS.values()) + r")\b"
)


@dataclass
class _Found:
    """What the words of a reminder request say, before it is judged."""

    times: list[int] = field(default_factory=list)
    bare: list[tuple[int, int, int]] = field(default_factory=list)  # (position, hour, minute) without am/pm
    wrong: list[str] = field(default_factory=list)  # times that are not times of day, as typed
    days: int = 0
    periods: list[tuple[int, str]] = field(default_factory=list)


def reminder(words: str, *, expected: bool = False) -> Intent | None:
    """A reminder request in ``words`` (already tidied), or None when there is none. With
    ``expected`` (the person was just asked when), a time on its own ("7:30"), said loosely
    ("half 8", "8ish, after dinner") counts too."""
    words = clock_words.plain(words, alone=expected)
    asks = bool(_REMIND.search(words))
    if asks and _NOT_A_REQUEST.search(words) and not _has_time(words):
        return None
    if not asks and not (_only_a_schedule(words) or (expected and _nothing_but_when(words, loose=True))):
        return None
    if asks and _NOT_KNEE.search(words):
        return AskWhen(
            "I can only remind you about your knee practice (a routine or your exercises). When should that be? "
            + _cap(EXAMPLES)
            + "."
        )
    if _INTERVAL.search(words) or _RELATIVE.search(words):
        return AskWhen(
            "I remind you at set times of day (up to four), not after a while or every few hours. "
            "Which times suit you? " + _cap(EXAMPLES) + ".",
            offers=(Schedule.of(_COUNT_OFFERS[2]),),
        )
    found = _read_schedule(words)
    days = found.days or EVERY_DAY
    if _RARE.search(words) and not found.days:
        return AskWhen(
            "I can remind you every day or on chosen days of the week, for example “Mondays, Wednesdays and Fridays "
            "at 18:00”. Which days and time?",
            offers=(Schedule.of(_COUNT_OFFERS[1], EVERY_DAY), Schedule.of(_COUNT_OFFERS[1], 0b10101)),
        )
    if found.wrong:
        shown = ", ".join(f"“{text}”" for text in found.wrong)
        return AskWhen(f"{shown} is not a time of day I can read. Which time did you mean? {_cap(EXAMPLES)}.", days)
    count = _count(words)
    times = _with_periods(found)
    if len(times) > MAX_TIMES or (count or 0) > MAX_TIMES:
        return AskWhen(f"I can remind you up to {MAX_TIMES} times a day. Which times suit you best?", days)
    if not times:
        if _THIS_TIME.search(words) and asks:
            return AtThisTime(days)
        return _ask_for_a_time(found, count, days)
    if count is not None and count != len(times):
        offer = Schedule.of(_COUNT_OFFERS[count], days)
        said = _and([clock(minute) for minute in times])
        return AskWhen(
            f"You said {_times_a_day(count)} but gave {len(times)} time{'s' if len(times) != 1 else ''} ({said}). "
            f"At which {_number(count)} times?",
            days,
            (offer,),
        )
    schedule = Schedule.of(times, days)
    if _ONE_OFF.search(words) and not _EVERY.search(words) and not found.days:
        return AskWhen(
            f"I set reminders that repeat, so you get one {schedule.describe()} until you stop it. Shall I?",
            days,
            (schedule,),
        )
    return SetReminder(schedule)


def _read_schedule(words: str) -> _Found:
    found = _Found()
    rest = words
    for match in _HALF.finditer(rest):
        hour = int(match.group(2))
        minute = {"half past": 30, "quarter past": 15, "quarter to": 45}[match.group(1)]
        hour = hour - 1 if match.group(1) == "quarter to" else hour
        _bare_or_wrong(found, match.start(), hour % 24 if hour >= 0 else 23, minute, match.group(0))
    rest = _HALF.sub(lambda m: " " * len(m.group(0)), rest)
    for match in _CLOCK.finditer(rest):
        text = match.group(0).strip()
        if match.group(4) is not None:  # "7pm", "730pm"
            digits = match.group(4)
            hour, minute = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
            _am_pm(found, hour, minute, match.group(5), text)
        elif match.group(3):
            _am_pm(found, int(match.group(1)), int(match.group(2)), match.group(3), text)
        else:
            _bare_or_wrong(found, match.start(), int(match.group(1)), int(match.group(2)), text)
    rest = _CLOCK.sub(lambda m: " " * len(m.group(0)), rest)
    for match in _NAMED_TIME.finditer(rest):
        found.times.append(0 if match.group(1) == "midnight" else 12 * 60)
    rest = _NAMED_TIME.sub(lambda m: " " * len(m.group(0)), rest)
    rest = _COUNT.sub(lambda m: " " * len(m.group(0)), rest)
    for match in _BARE.finditer(rest):
        _bare_or_wrong(found, match.start(), int(match.group(1)), 0, match.group(1))
    found.days = _days(words)
    for name, pattern in _PERIODS.items():
        found.periods += [(match.start(), name) for match in pattern.finditer(words)]
    found.periods.sort()
    return found


def _am_pm(found: _Found, hour: int, minute: int, half: str, text: str) -> None:
    if not 1 <= hour <= 12 or minute > 59:
        found.wrong.append(text)
        return
    found.times.append((hour % 12 + (12 if half == "pm" else 0)) * 60 + minute)


def _bare_or_wrong(found: _Found, position: int, hour: int, minute: int, text: str) -> None:
    if hour > 23 or minute > 59:
        found.wrong.append(text)
    else:
        found.bare.append((position, hour, minute))


def _with_periods(found: _Found) -> list[int]:
    """Every time, a bare hour read with the part of the day it is said with ("every evening at
    8" is 20:00): paired in order when there are as many parts of the day as bare times, else
    the nearest one; without one, a bare hour is on the 24-hour clock."""
    times = list(found.times)
    paired = len(found.periods) == len(found.bare) > 1
    for index, (position, hour, minute) in enumerate(found.bare):
        period = found.periods[index][1] if paired else _nearest(found.periods, position)
        if period in ("afternoon", "evening", "night") and 1 <= hour <= 11:
            hour += 12
        elif period == "night" and hour == 12:
            hour = 0
        times.append(hour * 60 + minute)
    return sorted(set(times))


def _nearest(periods: list[tuple[int, str]], position: int) -> str | None:
    near = [(abs(at - position), name) for at, name in periods if abs(at - position) <= 30]
    return min(near)[1] if near else None


def _days(words: str) -> int:
    excepted = _EXCEPT.search(words)
    if excepted:  # "every day except Sundays"
        days = _days(words[: excepted.start()]) or EVERY_DAY
        return days & ~_days(excepted.group(1))
    days = 0
    if _WEEKDAYS.search(words):
        days |= WEEKDAYS
    if _WEEKENDS.search(words):
        days |= WEEKENDS
    kept = words
    for match in _DAY_RANGE.finditer(words):
        first, last = _day_number(match.group(1)), _day_number(match.group(2))
        index = first
        while True:
            days |= 1 << index
            if index == last:
                break
            index = (index + 1) % 7
    kept = _DAY_RANGE.sub(" ", kept)
    for match in _DAY.finditer(kept):
        days |= 1 << _day_number(match.group(1))
    return days


def _day_number(word: str) -> int:
    return next(number for number, forms in _DAY_WORDS.items() if re.fullmatch(forms, word))


def _count(words: str) -> int | None:
    found = _COUNT.search(words)
    if not found:
        return None
    if found.group(2):
        return int(found.group(2))
    return _COUNT_WORDS[found.group(1) or found.group(3)]


def _ask_for_a_time(found: _Found, count: int | None, days: int) -> AskWhen:
    if count is not None and count in _COUNT_OFFERS:
        offer = Schedule.of(_COUNT_OFFERS[count], days)
        return AskWhen(f"At which {_number(count)} times of day? {_cap(EXAMPLES)}.", days, (offer,))
    periods = list(dict.fromkeys(name for _, name in found.periods))
    if len(periods) == 1:
        offers = tuple(Schedule.of([minute], days) for minute in _PERIOD_OFFERS[periods[0]])
        return AskWhen(
            f"What time in the {periods[0] if periods[0] != 'lunch' else 'middle of the day'}?", days, offers
        )
    if len(periods) > 1:
        minutes = [_PERIOD_OFFERS[name][1 if name == "morning" else 2 if name == "evening" else 0] for name in periods]
        return AskWhen(f"At which times? {_cap(EXAMPLES)}.", days, (Schedule.of(minutes[:MAX_TIMES], days),))
    offers = tuple(Schedule.of([minute], days) for minute in (7 * 60, 8 * 60, 12 * 60, 18 * 60, 20 * 60, 21 * 60))
    return AskWhen(f"When should I remind you? Pick a time, or type one, {EXAMPLES}.", days, offers)


_HOLIDAYS = re.compile(r"\b(?:bank|public|school|national)? ?holidays?\b|\b(?:christmas|xmas|easter|new year)\b")
_NOT_ON = re.compile(r"\b(?:not on|except|skip|skips|pause|pauses|but not|apart from|excluding|not over|off on)\b")
_CHANGE = re.compile(
    r"^(?:(?:actually|no|nah|hmm|hm|sorry|oh|wait|erm|um|ah|oops|oh wait|on second thought)\s+)*"
    r"(?:(?:can you|could you|can we|could we|please|pls|lets|let s|id like to|i d like to|i want to)\s+)?"
    r"(?:make|change|move|set|switch|put|shift|push|bring)\s+(?:it|that|this|the reminder|my reminder|the time)"
    r"(?:\s+(?:to|for|at|till|until|back to|forward to))?\s+(.+)$"
)


_REPLACED = re.compile(r"\s*\b(?:not|instead of|rather than|in place of)\s+(?:at\s+)?[\d:.]+(?:\s*(?:am|pm))?\s*$")


def _change_time(words: str) -> ChangeTime | None:
    """ "make it 8", "change that to 7:30 pm": the new times, if the rest says nothing but when."""
    words = clock_words.plain(words)
    found = _CHANGE.fullmatch(words)
    if found is not None:  # "make it 8, not 7:30": the time it replaces is said, not wanted
        wanted = _REPLACED.sub("", found.group(1)).strip()
        found = _CHANGE.fullmatch(words[: found.start(1)] + wanted) if wanted else None
    if found is None or not _nothing_but_when(found.group(1)):
        return None
    schedule = _read_schedule(found.group(1))
    if schedule.wrong or not (schedule.times or schedule.bare):
        return None
    bare = [hour * 60 + minute for _, hour, minute in schedule.bare if hour <= 12]
    times = [*schedule.times, *(hour * 60 + minute for _, hour, minute in schedule.bare if hour > 12)]
    if schedule.periods:  # "make it 8 in the evening": the part of the day said decides
        return ChangeTime(tuple(_with_periods(schedule)), ())
    return ChangeTime(tuple(sorted(times)), tuple(sorted(bare)))


_PARTS_OF_DAY = {
    "morning": re.compile(r"\b(?:morning|mornings|breakfast)\b"),
    "lunch": re.compile(r"\b(?:lunch|lunchtime|midday|noon)\b"),
    "afternoon": re.compile(r"\b(?:afternoon|afternoons)\b"),
    "evening": re.compile(r"\b(?:evening|evenings|after work|dinner|supper|tonight)\b"),
    "night": re.compile(r"\b(?:night|nights|bedtime|before bed)\b"),
}


def part_of_day(text: str) -> str | None:
    """The one part of the day ``text`` names by name ("in the evening", "at lunch"), or None
    ("before you get up" names none: it is about getting up)."""
    words = tidy(text)
    named = [name for name, pattern in _PARTS_OF_DAY.items() if pattern.search(words)]
    return named[0] if len(named) == 1 else None


_AM = re.compile(r"\b(?:am|morning|mornings|breakfast|in the morning)\b")
_PM = re.compile(
    r"\b(?:pm|afternoon|afternoons|evening|evenings|night|nights|tonight|after work|dinner|supper|bedtime|bed)\b"
)


def half_of_the_day(words: str) -> str | None:
    """ "am" or "pm" when ``words`` (tidied) name one half of the day and not the other."""
    morning, evening = bool(_AM.search(words)), bool(_PM.search(words))
    return "am" if morning and not evening else "pm" if evening and not morning else None


def has_a_time(words: str) -> bool:
    """Whether ``words`` (tidied) say a time of day, loosely said too ("half 8", "9ish")."""
    plain = clock_words.plain(words, alone=True)
    return _has_time(plain) or bool(_BARE.search(plain))


def unclear_half(words: str) -> int | None:
    """The time (minutes) of an answer to "what time?" that could be in the morning or the
    evening: one hour from 1 to 11 with nothing to say which ("9", "half 8"; not "9pm", "21:00",
    "9 in the evening"); None otherwise."""
    plain = clock_words.plain(words, alone=True)
    found = _read_schedule(plain)
    if found.times or found.periods or found.wrong or len(found.bare) != 1:
        return None
    at, hour, minute = found.bare[0]
    if plain[at:].startswith("0"):
        return None  # "07:45": the 24-hour clock, written as such
    return hour * 60 + minute if 1 <= hour <= 11 else None


def clock_written(words: str) -> bool:
    """Whether ``words`` (tidied) write a time as a clock does ("8:30", "9pm", "half 9")."""
    return bool(_CLOCK.search(clock_words.plain(words)) or _NAMED_TIME.search(words))


def days_named(words: str) -> int:
    """The weekdays ``words`` (tidied) name, as bits (0 when they name none)."""
    return _days(words)


def _has_time(words: str) -> bool:
    return bool(_CLOCK.search(words) or _NAMED_TIME.search(words) or re.search(r"\bat \d", words))


def _nothing_but_when(words: str, *, loose: bool = False) -> bool:
    """Days, times, parts of the day and how often: nothing else ("7:30", "weekdays at 8");
    with ``loose`` (an answer to "what time?"), words that hedge it too ("8 or so, after dinner")."""
    rest = _COUNT.sub(" ", _CLOCK.sub(" ", _HALF.sub(" ", _NAMED_TIME.sub(" ", words))))
    if loose:
        rest = _HEDGES.sub(" ", rest)
    rest = _SCHEDULE_WORDS.sub(" ", rest)
    return not re.sub(r"\b\d{1,2}\b|\b(?:pm|am)\b|\bto\b|-", " ", rest).strip()


_HEDGES = re.compile(rf"\b(?:{clock_words.HEDGES})\b")


def _only_a_schedule(words: str) -> bool:
    """ "every day at 7pm", "weekdays at 12:30": how often and when, nothing else."""
    if not (_EVERY.search(words) or _days(words) or _COUNT.search(words)):
        return False
    return (_has_time(words) or bool(_COUNT.search(words))) and _nothing_but_when(words)


def _times_a_day(count: int) -> str:
    return {1: "once a day", 2: "twice a day"}.get(count, f"{count} times a day")


def _number(count: int) -> str:
    return {1: "one", 2: "two", 3: "three", 4: "four"}.get(count, str(count))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
