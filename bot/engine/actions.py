"""What a button does: one frozen dataclass per action, and the payload each one travels as.

A payload is the action's tag and its fields, joined by colons: ``Next("calf-massage", "3fa2c1",
2)`` is ``n:calf-massage:3fa2c1:2``. How each field is written and read follows from its type
(ids, bounded numbers, yes/no, a point section's letter), so adding a button means adding a class
here and a ``case`` where it is handled; nothing else has to agree. The format is the one earlier
versions wrote, so buttons already sent keep working. Every action names what it acts on, so a
press is checked against the current state: a button from a finished routine or an earlier step
is recognised as stale, and a payload that does not parse (forged, truncated) decodes to None.
"""

from __future__ import annotations

import re
import secrets
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from bot.knowledge.models import ID_PATTERN
from bot.knowledge.sections import Section

PAYLOAD_LIMIT = 64  # bytes of Telegram's callback_data
T = TypeVar("T")


# --- how one field is written -------------------------------------------------------------------


class Codec(Generic[T]):
    def write(self, value: T) -> str:
        raise NotImplementedError

    def read(self, text: str) -> T:
        """The value ``text`` stands for; raises ValueError when it stands for none."""
        raise NotImplementedError


class Word(Codec[str]):
    """A word matching ``pattern``, which must leave out the colon."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    def write(self, value: str) -> str:
        if not self.pattern.fullmatch(value):
            raise ValueError(f"{value!r} cannot travel in a button payload")
        return value

    def read(self, text: str) -> str:
        if not self.pattern.fullmatch(text):
            raise ValueError("not a word this field holds")
        return text


@dataclass(frozen=True)
class Number(Codec[int | None]):
    """A whole number in [low, high] in plain digits; ``none`` is the word written for None."""

    low: int
    high: int
    none: str | None = None

    def write(self, value: int | None) -> str:
        if value is None and self.none is not None:
            return self.none
        if value is None or not self.low <= value <= self.high:
            raise ValueError(f"{value!r} is not within {self.low}..{self.high}")
        return str(value)

    def read(self, text: str) -> int | None:
        if text == self.none:
            return None
        if not (text.isascii() and text.isdigit()) or text != str(int(text)):
            raise ValueError("not a number as this bot writes them")
        value = int(text)
        if not self.low <= value <= self.high:
            raise ValueError("out of range")
        return value


class Choice(Codec[T]):
    """One of a few values, each written as its own short code."""

    def __init__(self, codes: Mapping[T, str]) -> None:
        self.codes = dict(codes)
        self.values = {code: value for value, code in self.codes.items()}

    def write(self, value: T) -> str:
        return self.codes[value]

    def read(self, text: str) -> T:
        if text not in self.values:
            raise ValueError("not one of the codes")
        return self.values[text]


class MinutesOfDay(Codec[tuple[int, ...]]):
    """One to four times of day, in minutes after midnight and in order, each written in base 36
    so four of them fit beside a routine's id: (480, 1200) is ``dc-xc``."""

    def write(self, value: tuple[int, ...]) -> str:
        if not 1 <= len(value) <= 4 or list(value) != sorted(set(value)) or not 0 <= value[0] <= value[-1] < 1440:
            raise ValueError(f"{value!r} is not one to four times of day in order")
        return "-".join(_base36(minute) for minute in value)

    def read(self, text: str) -> tuple[int, ...]:
        parts = text.split("-")
        if not all(re.fullmatch(r"[0-9a-z]{1,3}", part) for part in parts):
            raise ValueError("not times of day as this bot writes them")
        value = tuple(int(part, 36) for part in parts)
        if self.write(value) != text:  # one way of writing each value, so forged variants are refused
            raise ValueError("not written as this bot writes times")
        return value


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


WORD = Word(ID_PATTERN)  # an id as the knowledge writes it: letters, digits and dashes
RUN_ID = Word(r"[0-9a-f]{6}")  # see new_run_id (a /forget request's token is written the same way)
YES_NO = Choice({True: "y", False: "n"})
SECTION_LETTERS = Choice(
    {
        Section.OVERVIEW: "o",
        Section.LOCATION: "l",
        Section.TECHNIQUE: "t",
        Section.USES: "u",
        Section.CAUTIONS: "c",
    }
)
Index = Annotated[int, Number(0, 99)]  # a step or screening question, counted from 0
PainScore = Annotated[int | None, Number(0, 10, none="s")]  # 0-10, or None when skipped
PointSection = Annotated[Section, SECTION_LETTERS]
RunId = Annotated[str, RUN_ID]
ZONE = Word(r"[A-Za-z0-9_+\-/]{1,48}")  # a time zone: "Europe/London", "UTC+05:30"
Days = Annotated[int, Number(1, 127)]  # weekdays as bits, Monday first (see engine/practice/schedule.py)
Times = Annotated[tuple[int, ...], MinutesOfDay()]
EpochMinute = Annotated[int, Number(0, 10**10)]  # an instant, to the minute
ReminderId = Annotated[int, Number(1, 10**12)]
ZoneName = Annotated[str, ZONE]


def new_run_id() -> str:
    """A fresh id for one pass through a routine, so buttons from earlier passes go stale."""
    return secrets.token_hex(3)


class PracticeView(StrEnum):
    PROGRESS = "progress"
    REMINDERS = "reminders"
    EXPORT = "export"
    DIARY = "diary"


class Leg(StrEnum):
    """A leg, or both: which one a safety answer is about, or the one a routine is done on."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class MenuName(StrEnum):
    MAIN = "main"
    POINTS = "points"
    ROUTINES = "routines"
    FAQ = "faq"
    SAFETY = "safety"
    ABOUT = "about"


# --- the actions --------------------------------------------------------------------------------

_BY_TAG: dict[str, type[BaseAction]] = {}


@dataclass(frozen=True)
class BaseAction:
    """What every action shares: its tag, registered as the class is defined."""

    tag: ClassVar[str]

    def __init_subclass__(cls, tag: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if tag is not None:
            if tag in _BY_TAG:
                raise TypeError(f"tag {tag!r} is used by {_BY_TAG[tag].__name__} already")
            cls.tag = tag
            _BY_TAG[tag] = cls


@dataclass(frozen=True)
class OpenEntry(BaseAction, tag="e"):
    """Show a point, FAQ or safety answer; with a section, switch that point's section in place."""

    entry_id: str
    section: PointSection | None = None


@dataclass(frozen=True)
class ShowMore(BaseAction, tag="more"):
    """The rest of an answer after its lead: the same message, shown in full."""

    entry_id: str


@dataclass(frozen=True)
class OpenRoutine(BaseAction, tag="r"):
    """Show a routine's introduction (with a fresh run id on its Start button)."""

    routine_id: str


@dataclass(frozen=True)
class OpenPlan(BaseAction, tag="pl"):
    """Show a daily plan (knowledge/routines.yaml, ``plans``)."""

    plan_id: str


@dataclass(frozen=True)
class OpenMenu(BaseAction, tag="m"):
    name: MenuName


@dataclass(frozen=True)
class OpenTopic(BaseAction, tag="m:topic"):
    """The FAQ entries of one topic (written like a menu, as earlier versions did)."""

    topic_id: str


@dataclass(frozen=True)
class NoneOfThese(BaseAction, tag="none"):
    """None of the "Did you mean…" suggestions fit."""


@dataclass(frozen=True)
class DoctorChecked(BaseAction, tag="ok"):
    """A doctor has checked the red flag the person mentioned earlier."""

    rule_id: str


@dataclass(frozen=True)
class AskToForget(BaseAction, tag="fgq"):
    """ "Erase everything": ask for confirmation, as /forget does."""


@dataclass(frozen=True)
class Forget(BaseAction, tag="fg"):
    """Confirmed: erase everything kept about the person. ``token`` is the one /forget issued,
    so only the latest request's button erases, and only for a while."""

    token: RunId


@dataclass(frozen=True)
class KeepData(BaseAction, tag="keep"):
    """Not now: the /forget request is dropped."""


@dataclass(frozen=True)
class ShowMyData(BaseAction, tag="my"):
    """What is kept about the person, as /mydata lists it."""


# --- the practice plan: reminders, the pain diary, progress --------------------------------------


@dataclass(frozen=True)
class ShowPractice(BaseAction, tag="pv"):
    """The progress chart, the list of reminders, or the diary as a file."""

    view: PracticeView


@dataclass(frozen=True)
class AskReminderTime(BaseAction, tag="rmq"):
    """ "⏰ Remind me": ask when (for ``routine``, if given)."""

    routine: str | None = None


@dataclass(frozen=True)
class SetReminder(BaseAction, tag="rm"):
    """Remind at ``times`` (minutes of the local day) on ``days``."""

    days: Days
    times: Times
    routine: str | None = None


@dataclass(frozen=True)
class RemindThisTime(BaseAction, tag="rmt"):
    """ "Remind me tomorrow at this time", the end of a routine at ``minute``: every day then."""

    routine: str
    minute: EpochMinute


@dataclass(frozen=True)
class AskZone(BaseAction, tag="tzq"):
    """ "Change time zone": ask for it again."""


@dataclass(frozen=True)
class ChooseZone(BaseAction, tag="tz"):
    zone: ZoneName


@dataclass(frozen=True)
class Snooze(BaseAction, tag="zz"):
    """Remind again in an hour."""

    reminder: ReminderId


@dataclass(frozen=True)
class StopReminder(BaseAction, tag="rmx"):
    """ "Stop these reminders", under a reminder that came."""

    reminder: ReminderId


@dataclass(frozen=True)
class RemoveReminder(BaseAction, tag="rmd"):
    """A reminder's remove button in the list of reminders (which is shown again without it)."""

    reminder: ReminderId


@dataclass(frozen=True)
class InRun(BaseAction):
    """An action on one pass through a routine; it only acts while that run is current."""

    routine: str
    run: RunId


@dataclass(frozen=True)
class StartRoutine(InRun, tag="go"):
    pass


@dataclass(frozen=True)
class AnswerScreening(InRun, tag="q"):
    """A yes or no to one safety question on its own (with the leg a yes is about, if said)."""

    question: Index
    yes: bool
    leg: Leg | None = None


@dataclass(frozen=True)
class AnswerCheck(InRun, tag="ck"):
    """The one-screen safety check: none of these apply, or one or more do."""

    some: bool


@dataclass(frozen=True)
class Tick(InRun, tag="tk"):
    """Tick (or untick) one line of the safety check as applying."""

    question: Index


@dataclass(frozen=True)
class Ticked(InRun, tag="tkd"):
    """Done ticking: what is ticked applies, the rest does not."""


@dataclass(frozen=True)
class WhichLeg(InRun, tag="lg"):
    """The leg a "yes" is about (varicose veins on the left leg)."""

    question: Index
    leg: Leg


@dataclass(frozen=True)
class OneLeg(InRun, tag="ol"):
    """Do the routine on this leg only, the other being ruled out."""

    leg: Leg


@dataclass(frozen=True)
class ChangeAnswer(InRun, tag="redo"):
    """ "My answer has changed": ask the safety questions again."""


@dataclass(frozen=True)
class ContinueSafely(InRun, tag="safe"):
    """Continue with the steps that are safe for this person."""


@dataclass(frozen=True)
class PainBefore(InRun, tag="pb"):
    score: PainScore


@dataclass(frozen=True)
class PainAfter(InRun, tag="pa"):
    score: PainScore


@dataclass(frozen=True)
class Next(InRun, tag="n"):
    step: Index  # the step shown with the button, so a double tap moves only once


@dataclass(frozen=True)
class Back(InRun, tag="b"):
    step: Index


@dataclass(frozen=True)
class Finish(InRun, tag="fin"):
    """Done after one leg of a routine that offers the other: on to the pain rating."""

    step: Index


@dataclass(frozen=True)
class StartTimer(InRun, tag="t"):
    step: Index


@dataclass(frozen=True)
class Stop(InRun, tag="x"):
    pass


@dataclass(frozen=True)
class Resume(InRun, tag="res"):
    """Show the routine's current screen again after a question asked on the way."""


RoutineAction = (
    StartRoutine
    | AnswerScreening
    | AnswerCheck
    | Tick
    | Ticked
    | WhichLeg
    | OneLeg
    | ChangeAnswer
    | ContinueSafely
    | PainBefore
    | PainAfter
    | Next
    | Back
    | Finish
    | StartTimer
    | Stop
    | Resume
)
DataAction = AskToForget | Forget | KeepData | ShowMyData
PracticeAction = (
    ShowPractice
    | AskReminderTime
    | SetReminder
    | RemindThisTime
    | AskZone
    | ChooseZone
    | Snooze
    | StopReminder
    | RemoveReminder
)
Action = (
    OpenEntry
    | ShowMore
    | OpenRoutine
    | OpenPlan
    | OpenMenu
    | OpenTopic
    | NoneOfThese
    | DoctorChecked
    | DataAction
    | PracticeAction
    | RoutineAction
)


# --- payloads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    codec: Codec[Any]
    optional: bool  # may be left off the end of the payload (its value is then None)


_LAYOUTS: dict[str, tuple[_Field, ...]] = {}


def layout(cls: type[BaseAction]) -> tuple[_Field, ...]:
    """How each field of ``cls`` is written, in order, worked out from its type once."""
    if cls.tag in _LAYOUTS:
        return _LAYOUTS[cls.tag]
    hints = typing.get_type_hints(cls, include_extras=True)
    layout = []
    for spec in fields(cls):
        optional = spec.default is None
        if spec.default is not MISSING and not optional:
            raise TypeError(f"{cls.__name__}.{spec.name}: only None may be a default")
        layout.append(_Field(spec.name, _codec(hints[spec.name], optional), optional))
    if any(field.optional for field in layout[:-1]):
        raise TypeError(f"{cls.__name__}: only the last field may be left off")
    _LAYOUTS[cls.tag] = tuple(layout)
    return _LAYOUTS[cls.tag]


def _codec(hint: Any, optional: bool) -> Codec[Any]:
    if optional:  # X | None = None: the codec of X
        (hint,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is Annotated:
        codec = next((meta for meta in hint.__metadata__ if isinstance(meta, Codec)), None)
        if codec is not None:
            return codec
    if hint is str:
        return WORD
    if hint is bool:
        return YES_NO
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return Choice({member: member.value for member in hint})
    raise TypeError(f"no payload codec for {hint!r}; annotate it with one")


@lru_cache(maxsize=4096)  # most buttons are made again and again
def encode(action: Action) -> str:
    """The payload for ``action``; raises ValueError if it would not fit in a button."""
    parts = [action.tag]
    for field in layout(type(action)):
        value = getattr(action, field.name)
        if not (field.optional and value is None):
            parts.append(field.codec.write(value))
    payload = ":".join(parts)
    size = len(payload.encode())
    if size > PAYLOAD_LIMIT:
        raise ValueError(f"button payload must be at most {PAYLOAD_LIMIT} bytes, got {size}: {payload!r}")
    return payload


def decode(payload: str) -> Action | None:
    """The action ``payload`` stands for, or None when it is not one this bot writes."""
    if not payload or len(payload.encode("utf-8", "replace")) > PAYLOAD_LIMIT:
        return None
    parts = payload.split(":")
    for width in (2, 1):  # the longer tag wins: "m:topic:x" is a topic, "m:faq" a menu
        cls = _BY_TAG.get(":".join(parts[:width]))
        if cls is not None:
            return _build(cls, parts[width:])
    return None


def _build(cls: type[BaseAction], texts: list[str]) -> Action | None:
    spec = layout(cls)
    required = sum(not field.optional for field in spec)
    if not required <= len(texts) <= len(spec):
        return None
    try:
        values = {field.name: field.codec.read(text) for field, text in zip(spec, texts, strict=False)}
    except ValueError:
        return None
    return typing.cast(Action, cls(**values))


for _kind in _BY_TAG.values():  # work every layout out now: a mistake in one shows at import
    layout(_kind)


# --- deep links ---------------------------------------------------------------------------------

# t.me/<bot>?start=point-SP10 opens the person's private chat with the bot and sends it
# "/start point-SP10": a kind, a dash and an id, or one word. Telegram allows up to 64 letters,
# digits, dashes and underscores.
DEEP_LINKS: dict[str, Callable[[str], Action]] = {
    "entry": OpenEntry,
    "point": OpenEntry,
    "faq": OpenEntry,
    "safety": OpenEntry,
    "routine": OpenRoutine,
    "plan": OpenPlan,
    "topic": OpenTopic,
}
DEEP_LINK_WORDS: dict[str, Action] = {
    "menu": OpenMenu(MenuName.MAIN),
    "progress": ShowPractice(PracticeView.PROGRESS),
    "reminders": ShowPractice(PracticeView.REMINDERS),
    "export": ShowPractice(PracticeView.EXPORT),
    "diary": ShowPractice(PracticeView.DIARY),
    "mydata": ShowMyData(),
    "forget": AskToForget(),
}
_LINK_ARGUMENT = re.compile(r"[A-Za-z0-9_-]{1,64}")


def deep_link(argument: str) -> Action | None:
    """The action a /start argument such as ``routine-calf-massage`` stands for, or None."""
    argument = argument.strip()
    if argument.lower() in DEEP_LINK_WORDS:
        return DEEP_LINK_WORDS[argument.lower()]
    kind, _, target = argument.partition("-")
    make = DEEP_LINKS.get(kind.lower())
    if make is None or not WORD.pattern.fullmatch(target):
        return None
    return make(target)


def link(action: Action) -> str:
    """The /start argument that stands for ``action`` (the inverse of :func:`deep_link`), for a
    button that opens the private chat and does it there; ValueError if no deep link does."""
    argument = next((word for word, linked in DEEP_LINK_WORDS.items() if linked == action), None)
    match action:
        case OpenEntry(entry_id, None):
            argument = f"entry-{entry_id}"
        case OpenRoutine(routine_id):
            argument = f"routine-{routine_id}"
        case OpenPlan(plan_id):
            argument = f"plan-{plan_id}"
        case OpenTopic(topic_id):
            argument = f"topic-{topic_id}"
    if argument is None or not _LINK_ARGUMENT.fullmatch(argument):
        raise ValueError(f"no deep link stands for {action!r}")
    return argument
