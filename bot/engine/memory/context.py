"""The topic of the conversation, and follow-ups that lean on it.

Every answer leaves its topic behind: the entry just shown and its section (a point, an answer,
a red flag's advice) or the routine step on screen. After a point card, "how long should I
press it?" and "what's it for?" are about that point, not about pressing points in general;
after the heat-or-ice answer, "how long for?" asks for its times; on a step, "what does this
point do?" is about the step's point and "what was the first step again?" about the routine.
The topic is remembered for :data:`CONTEXT_SECONDS` or :data:`CONTEXT_TURNS` messages,
whichever ends first.

A message is read as a follow-up only when it is clearly elliptical ("how long?", "safe in
pregnancy?", "and on the other leg?") or refers back with a pronoun ("it", "that one", "this
point") while asking about some aspect. A message that names another entry, or that has words
of its own the topic does not have and that the matcher answers on their own ("why do my knees
crack when I squat?" after SP10), starts a new topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.state import Context, UserState
from bot.knowledge import Entry, Knowledge
from bot.knowledge.models import Point, PointBase, Routine
from bot.knowledge.sections import Section
from bot.matching import directions
from bot.matching.intent import SECTION_WORDS, section_of, wants_information
from bot.matching.matcher import Match, Outcome
from bot.text.normalise import normalise
from bot.text.tokens import content_tokens, stem

CONTEXT_SECONDS = 30 * 60
CONTEXT_TURNS = 5
MAX_FOLLOW_UP_WORDS = 12
MAX_GENERAL_WORDS = 16  # "what can I do?" may come with a sentence of why
# How the matcher decided when the message itself names an entry (a code or a point's name).
NAMED = frozenset({"code", "name", "several-codes", "several-names", "together", "unknown-code", "smalltalk"})

_PRONOUN = re.compile(
    r"\b(it|its|it s|that|this|that one|this one|these|those|them|there|the point|this point|that point|"
    r"the other one|the inner one|the outer one|the same one|the routine|this routine|that routine)\b"
)
_OTHER_SIDE = (
    r"(?:(?:the|my|your|his|her|their) )?other (?:leg|knee|side|one)|both (?:legs|knees|sides)|which (?:leg|knee|side)"
)
# A side named as the whole question: "the left?", "and on my right leg?", "her left knee too?"
# ("right" alone is also a filler, "right, thanks"; "my right knee hurts" tells, not asks).
_LIMB = r"(?:leg|knee|side|one|calf|shin|ankle|foot|thigh)"
_NAMED_SIDE = (
    rf"(?:(?:the|my|your|his|her|their) (?:left|right)(?: {_LIMB})?|(?:left|right) {_LIMB})"
    r"(?: (?:too|as well|also|then|now|please|pls|again))?$"
)
# In what position: "sitting or standing?", "do I lie down for it", "what position is best".
_POSTURE = (
    r"\b(?:sitting|standing|lying|seated|sat|stood)\b(?: \w+)?(?: up| down)? or\b|"
    r"\b(?:what|which|best) (?:position|posture)\b|^(?:do|should|can) i (?:sit|stand|lie)\b"
)
# Questions that make sense only about something already on the table, by the section they ask for.
_OPENER = r"^(?:(?:and|n|but|so|wait|hang on|ok|okay|oh|hmm|um|erm|sorry|right|actually) )*"
_ELLIPTICAL: list[tuple[Section, re.Pattern[str]]] = [
    (
        Section.CAUTIONS,
        # "safe?", "ok for her?", "is it alright with warfarin": not an "ok" that opens a message
        # ("ok then the lift one for her")
        re.compile(
            _OPENER + r"(?:is it )?(?:safe|ok|okay|alright)(?:$| (?:for|to|with|in|during|if|on|while|after|when)\b)|"
            r"\bside effects\b|\bany risks?\b"
        ),
    ),
    (
        Section.TECHNIQUE,
        re.compile(
            _OPENER + r"(?:how (?:long|often|many|much|hard|deep|firmly)|does it hurt|will it hurt|"
            r"is it painful|should it hurt|with what|what with|which finger|how many times)\b"
        ),
    ),
    (
        Section.USES,
        re.compile(
            _OPENER + r"(?:what (?:is it |s it |its |is )?(?:actually |really |even |used |good )?for|"
            r"whats (?:it|this|that)(?: one| point)? (?:actually |really |good )?for|why|"
            r"what (?:does|do|will) (?:it|this|that|they|these)(?: one| point| step)? do|"
            r"for what (?:is it |s it |its |is |it is )?(?:good|used|useful))\b"  # "for what is good"
        ),
    ),
    (
        Section.LOCATION,
        re.compile(
            rf"{_OPENER}(?:what about )?(?:(?:on|for|in) )?(?:{_OTHER_SIDE}\b|{_NAMED_SIDE})|"
            r"^where (?:exactly|again)\b|"
            rf"{_POSTURE}"
        ),
    ),
]


# Whether what is on the table is safe, asked of it: "is it safe?", "is that ok for her?", "will
# this be alright with my tablets?" (a question of its own names what it asks about).
_IF_SAFE = re.compile(
    _OPENER + r"safe\b|"
    r"\b(?:is|will|would|could|should|can) (?:it|this|that|these|this bit|that bit|this one|the routine|this routine)"
    r"(?: \w+)? (?:be )?(?:safe|ok|okay|alright|all right|fine|dangerous|a problem)\b(?! (?:if|to|when)\b)"
)

# When something is done: the words a short follow-up about the time of it may have ("and at
# night too?", "on my days off?").
_WHEN = frozenset(
    stem(word)
    for word in "night nights evening evenings morning mornings bedtime bed lunch lunchtime noon afternoon "
    "afternoons weekend weekends saturday saturdays sunday sundays weekday weekdays holiday holidays off rest "
    "work workday workdays too also then".split()
)
# Days a daily plan may be asked about: "and at weekends?", "on my days off?", "sundays too?".
_DAYS_OFF = re.compile(
    r"\b(?:weekends?|saturdays?|sundays?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|weekdays?|"
    r"days? off|rest days?|work ?days?|holidays?|on holiday|vacation)\b"
)

# A point referred back to by what it is: "that ankle point", "the point near the ankle", "this
# calf one", "the one behind the knee".
_POINT_BACK = re.compile(r"\b(?:that|this|the|those)\b(?: \w+){0,3} (?:point|points|spot|one)\b")
_POINT_WORDS = frozenset({"point", "points", "spot", "one", "about", "what", "which"})


def _texts_of(entry: Entry) -> list[str]:
    """What an entry's answer says, as text: an answer's lead and rest, a point's parts."""
    full = getattr(entry, "full_answer", None)
    if isinstance(full, str):
        return [full]
    if isinstance(entry, PointBase):
        return [entry.location, entry.how_to_find, entry.uses, entry.technique.how]
    if isinstance(entry, Routine):
        return [entry.summary, *(step.text for step in entry.steps)]
    return []


# "the inner one", "the one on the outside": the point across the knee from the one on show.
_ACROSS = re.compile(
    r"\b(?:the )?(inner|inside|outer|outside)(?: side)? (?:one|point)\b|"
    r"\bone on the (inside|outside|inner side|outer side)\b"
)


def _side(across: re.Match[str]) -> str:
    """The side ("in" or "out") a reference across the knee names ("the outer one": "out")."""
    return "in" if (across[1] or across[2]).startswith("in") else "out"


# Words that ask about a topic rather than name one: a follow-up may have any of these.
_ASKING = frozenset(
    stem(word)
    for word in (
        *SECTION_WORDS,
        *"why how long often many much hard deep firm firmly hurt hurts painful pain ok okay alright fine safe "
        "other inner outer inside outside left right both leg legs knee knees side sides one step steps again "
        "do does doing first second third last next previous before after same exactly for it n "
        "sit sitting stand standing lie lying seated down up position posture".split(),
    )
)
# How long or how often something takes: after a daily plan, a question about its time.
_HOW_LONG = re.compile(
    r"\bhow (?:long|often|much time|many minutes|many times)\b|\b(?:take|takes|taking)\b.*\b(?:long|time|minutes)\b"
)


def asks_for_times(text: str) -> bool:
    """Whether ``text`` asks how long, how often or how many times ("how long do I keep going?")."""
    return bool(_HOW_LONG.search(normalise(text)))


_TIME = frozenset(
    stem(word) for word in "time minutes minute take takes taking day days daily each every week total all".split()
)
# "step 2", "the first step", "the step before": a step of the routine under way.
_STEP_NUMBER = re.compile(r"\bstep (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b")
_STEP_ORDINAL = re.compile(r"\b(\w+) (?:step|one)\b")
_STEP_BEFORE = re.compile(r"\b(?:previous step|step before|one before|last step)\b")
_ASKS = re.compile(r"\b(?:what|whats|which|how|remind|show|tell|again|was|were|is)\b|\?")


def _as_read(normalised: str, match: Match) -> str:
    """The message with the slips the matcher corrected put right ("how lnog" -> "how long"),
    so that a slip is not taken for a word of its own."""
    fixes = {typed: read for typed, read in match.spelling if " " not in typed}
    return " ".join(fixes.get(word, word) for word in normalised.split()) if fixes else normalised


def _routine_of(state: UserState) -> str | None:
    """The routine introduced in the conversation so far, while its topic is fresh."""
    return state.context.routine if state.context is not None else None


@dataclass(frozen=True)
class FollowUp:
    """A message read as a follow-up: the entry it is about and the section it asks for."""

    entry_id: str
    section: Section
    other_side: bool = False  # "and on the other leg?"
    step: int | None = None  # the routine step on screen it is about


class Conversation:
    """Keeps ``UserState.context`` and reads follow-ups against it."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        names = {normalise(name) for entry in knowledge.entries() for name in entry.topic_names()}
        self._names = sorted((name for name in names if len(name) >= 6), key=len, reverse=True)
        self._regions = directions.regions_of((point.id, point.region) for point in knowledge.points)
        self._ordinals = {normalise(word) or word: number for word, number in knowledge.replies.ordinals.items()}
        self._numbers = {normalise(word): number for word, number in knowledge.replies.numbers.items()}
        self._vocabulary: dict[str, frozenset[str]] = {}

    # --- keeping ------------------------------------------------------------------------------

    def current(self, state: UserState, now: float) -> Context | None:
        """The context if it is still fresh, else None (and it is dropped)."""
        context = state.context
        if context is not None and (now - context.at > CONTEXT_SECONDS or context.turns >= CONTEXT_TURNS):
            state.context = None
        return state.context

    @staticmethod
    def count_turn(state: UserState) -> None:
        if state.context is not None:
            state.context.turns += 1

    def remember(
        self,
        state: UserState,
        entry_id: str,
        section: str | None,
        now: float,
        step: int | None = None,
        starts: str | None = None,
        buttons: list[str] | None = None,
    ) -> None:
        """``entry_id`` (and its ``section``) is the topic now; ``starts``: the routine its answer
        offers to start (a daily plan's "▶ Start ..."), which "let's start it" then starts."""
        offered = state.context.offered if state.context and entry_id in state.context.offered else []
        if self.knowledge.routine(entry_id) is not None:
            routine: str | None = entry_id
        else:
            routine = starts or _routine_of(state)
        fresh = self.current(state, now)  # a point shown is kept under the one answer that follows it
        kept = fresh.point if fresh is not None and fresh.entry == fresh.point else None
        point = entry_id if isinstance(self.knowledge.get(entry_id), PointBase) else kept
        plan = entry_id if self.knowledge.plan(entry_id) is not None else fresh.plan if fresh is not None else None
        state.context = Context(
            entry=entry_id,
            section=section,
            at=now,
            offered=offered,
            step=step,
            routine=routine,
            point=point,
            plan=plan,
            buttons=buttons or [],
        )

    @staticmethod
    def offer(state: UserState, entry_ids: list[str], now: float) -> None:
        """ "Did you mean…" suggestions shown, for "the second one" or "the other one" next."""
        entry = state.context.entry if state.context else entry_ids[0]
        state.context = Context(entry=entry, at=now, offered=entry_ids, routine=_routine_of(state))

    @staticmethod
    def offer_routine(state: UserState, routine_id: str, now: float) -> None:
        """A routine offered with a button (a daily plan's "Start ..."), which "let's go" starts."""
        if state.context is not None:
            state.context.routine = routine_id
        else:
            state.context = Context(entry=routine_id, at=now, routine=routine_id)

    # --- reading ------------------------------------------------------------------------------

    def _across(self, point_id: str, side: str) -> str | None:
        """The point on ``side`` ("in" or "out") at the same height as ``point_id``: SP10 for
        ST34, GB34 for SP9. None when the point is on that side already, or on neither side."""
        region = self._regions.get(point_id)
        if not region or region.get("side") in (None, side) or "vertical" not in region:
            return None  # a pair such as the knee eyes has an inner and an outer one of its own
        partners = [
            other
            for other, sides in self._regions.items()
            if sides.get("side") == side and sides.get("vertical") == region["vertical"]
        ]
        # The mirror image first: on the same face of the leg (both at the front, or neither).
        partners.sort(key=lambda other: self._regions[other].get("face") != region.get("face"))
        return partners[0] if partners else None

    def point_referred_to(self, context: Context, text: str, match: Match) -> str | None:
        """A point the answer on the table named, referred to back by what it is ("what about
        that ankle point?" after an answer that named BL60, "the one behind the knee"): among
        the points it named (its buttons, the codes in its text), the one the matcher ranks
        highest among those whose region shares a word with the message ("ankle": "outer
        ankle"), else the only such one; None when the message does not refer back to a point by
        where it is, names one, or is answered with another point."""
        normalised = _as_read(normalise(text), match)
        words = normalised.split()
        if not words or len(words) > MAX_FOLLOW_UP_WORDS or match.reason in NAMED:
            return None
        if not _POINT_BACK.search(normalised):
            return None
        entry = self.knowledge.get(context.entry)
        across = _ACROSS.search(normalised)
        if isinstance(entry, Point) and entry.parts and across is not None:
            return None  # "the inner one?" after the knee eyes: a half of the pair on show
        if isinstance(entry, Point) and across is not None and self._across(entry.id, _side(across)) is not None:
            return None  # "and the outer one?" after SP10: the point across the knee from it, by where it is
        named = [point for point in self.points_named(entry) if point != context.entry] if entry is not None else []
        if not named:
            return None
        if match.outcome is Outcome.ANSWER and isinstance(self.knowledge.get(match.entry_id or ""), PointBase):
            return match.entry_id if match.entry_id in named else None  # a point of its own, described
        said = set(content_tokens(normalised)) - _POINT_WORDS
        sharing = [
            point_id
            for point_id in named
            if isinstance(point := self.knowledge.get(point_id), PointBase)
            and said & set(content_tokens(normalise(point.region)))
        ]  # "ankle" of "outer ankle": the message says where it is, not only "that point"
        ranked = [candidate.entry_id for candidate in match.candidates if candidate.entry_id in sharing]
        if ranked:
            return ranked[0]
        return sharing[0] if len(sharing) == 1 else None

    def points_named(self, entry: Entry) -> list[str]:
        """The points an entry's answer names: its buttons, the codes in its text, then the
        points of the routines it offers with a button (the high-heels answer offers the calf
        massage, whose steps press BL57 and BL60)."""
        related = list(getattr(entry, "related", ()))
        text = " ".join(_texts_of(entry))
        codes = [point.id for point in self.knowledge.points if re.search(rf"\b{re.escape(point.id)}\b", text)]
        offered = [
            point_id
            for routine in (self.knowledge.routine(entry_id) for entry_id in related)
            if routine is not None and routine.id != entry.id
            for step in routine.steps
            for point_id in step.points
        ]
        return [
            entry_id
            for entry_id in dict.fromkeys([*related, *codes, *offered])
            if isinstance(self.knowledge.get(entry_id), PointBase)
        ]

    def about_the_point(self, context: Context, text: str, match: Match) -> FollowUp | None:
        """After an answer that followed a point card ("how often?"), a follow-up only a point
        takes ("and on the other leg?", "where exactly?"): about that point."""
        if context.point is None or context.point == context.entry:
            return None
        follow_up = self.follow_up(context.model_copy(update={"entry": context.point, "offered": []}), text, match)
        return follow_up if follow_up is not None and follow_up.section is Section.LOCATION else None

    def follow_up(self, context: Context, text: str, match: Match) -> FollowUp | None:
        """The remembered entry (or the other of two offered) and the section ``text`` asks
        for, when ``text`` is a follow-up about it; None when it is a new topic."""
        normalised = _as_read(normalise(text), match)
        words = normalised.split()
        elliptical = next((section for section, pattern in _ELLIPTICAL if pattern.search(normalised)), None)
        if match.reason == "smalltalk" and elliptical is not None and context.step is not None:
            match = Match(Outcome.FALLBACK)  # "what does this point do" on a step: not a plea for help
        if not words or len(words) > MAX_FOLLOW_UP_WORDS or match.reason in NAMED:
            return None
        if (
            re.search(r"\bthe other one\b", normalised)
            and len(context.offered) == 2
            and context.entry in context.offered
        ):
            return FollowUp(next(other for other in context.offered if other != context.entry), Section.OVERVIEW)
        entry = self.knowledge.get(context.entry)
        if entry is None or not entry.follow_ups:
            return None
        if any(re.search(rf"\b{re.escape(name)}\b", normalised) for name in self._names):
            return None  # names another point or routine: a new topic
        answered_alone = match.outcome is Outcome.ANSWER and match.entry_id not in (None, entry.id)
        if answered_alone and self._own_words(entry, normalised):
            return None  # "why do my knees crack when I squat?" after SP10: a question of its own
        across = _ACROSS.search(normalised)
        if across is not None:
            if isinstance(entry, Point) and entry.parts:  # the knee eyes: one card shows both halves
                return FollowUp(entry.id, Section.LOCATION)
            counterpart = self._across(entry.id, _side(across))
            if counterpart is not None:
                return FollowUp(counterpart, section_of(normalised))
        section = elliptical
        pronoun = _PRONOUN.search(normalised)
        if section is None:
            if not pronoun:
                return None
            section = section_of(normalised)
            if section is Section.OVERVIEW and not wants_information(normalised):
                return None
        if section not in entry.follow_ups and context.step is None:
            return None  # an answer has its times to give, not its "uses"
        other_side = bool(re.search(_OTHER_SIDE, normalised) or re.search(_NAMED_SIDE, normalised))
        return FollowUp(entry.id, section, other_side=other_side, step=context.step)

    @staticmethod
    def names_the_other_side(text: str) -> bool:
        """Whether ``text`` names the other leg or both ("and the other leg?", "both knees?")."""
        return bool(re.search(_OTHER_SIDE, normalise(text)))

    @staticmethod
    def names_days_off(text: str) -> bool:
        """Whether ``text`` names days of the week or days off ("and at weekends?", "on my rest
        days?"), which a daily plan is the same on."""
        return bool(_DAYS_OFF.search(normalise(text)))

    def asks_if_safe(self, text: str) -> bool:
        """Whether ``text`` asks if what is on the table is safe ("is that ok for her?", "will
        this be alright with my tablets?"), naming no point or routine of its own."""
        normalised = normalise(text)
        if not _IF_SAFE.search(normalised) or len(normalised.split()) > MAX_FOLLOW_UP_WORDS:
            return False
        return not any(re.search(rf"\b{re.escape(name)}\b", normalised) for name in self._names)

    def leans_on(self, text: str, match: Match, entry_id: str) -> bool:
        """Whether a short message that asks something general of whatever is on the table
        ("what can I do about it?", "and in the evening?") is about ``entry_id``: it names no
        other entry, and the matcher answers no other entry unless the message refers back
        ("I have to wear them, so what can I do?")."""
        normalised = _as_read(normalise(text), match)
        words = normalised.split()
        if not words or len(words) > MAX_GENERAL_WORDS or match.reason in NAMED:
            return False
        if any(re.search(rf"\b{re.escape(name)}\b", normalised) for name in self._names):
            return False
        elsewhere = match.outcome is Outcome.ANSWER and match.entry_id not in (None, entry_id)
        return not elsewhere or bool(_PRONOUN.search(normalised))

    def only_leans_on(self, text: str, match: Match, most_words: int, entry: Entry | None = None) -> bool:
        """Whether a short message ("the other knee?", "and at weekends?", "can I use ice at
        night?") has no word of its own beside asking words, times and the words of ``entry``
        (the topic), whatever the matcher makes of it alone: it can only be about the topic."""
        normalised = _as_read(normalise(text), match)
        words = normalised.split()
        if not words or len(words) > most_words or match.reason in NAMED:
            return False
        if any(re.search(rf"\b{re.escape(name)}\b", normalised) for name in self._names):
            return False
        own = self._topic_words(entry) if entry is not None else frozenset()
        return all(
            token in _ASKING or token in _TIME or token in _WHEN or token in own for token in content_tokens(normalised)
        )

    def _topic_words(self, entry: Entry) -> frozenset[str]:
        if entry.id not in self._vocabulary:
            texts = [text.text for text in entry.index_texts()] + list(entry.caution_texts())
            self._vocabulary[entry.id] = frozenset(token for text in texts for token in content_tokens(normalise(text)))
        return self._vocabulary[entry.id]

    def asks_how_long(self, context: Context, text: str, match: Match) -> bool:
        """Whether ``text`` asks how long or how often the daily plan on the table takes ("how
        much time is that each day?"): it asks for times, refers to nothing else by name, and
        has no words of its own that the matcher answers on their own."""
        plan = self.knowledge.plan(context.entry)
        normalised = _as_read(normalise(text), match)
        words = normalised.split()
        if plan is None or not words or len(words) > MAX_FOLLOW_UP_WORDS or match.reason in NAMED:
            return False
        if any(re.search(rf"\b{re.escape(name)}\b", normalised) for name in self._names):
            return False
        if not _HOW_LONG.search(normalised):
            return False
        if plan.id not in self._vocabulary:
            texts = [plan.title, plan.advice, plan.time or "", *(item.when for item in plan.items)]
            self._vocabulary[plan.id] = frozenset(t for text in texts for t in content_tokens(normalise(text)))
        own = [
            token
            for token in content_tokens(normalised)
            if token not in self._vocabulary[plan.id] and token not in _ASKING and token not in _TIME
        ]
        return not (own and match.outcome is Outcome.ANSWER)

    def has_own_words(self, entry: Entry, text: str) -> bool:
        """Whether ``text`` has words of its own beside ``entry``'s and the asking words ("is
        foam rolling..." beside the calf massage's texts)."""
        return self._own_words(entry, normalise(text))

    def _own_words(self, entry: Entry, normalised: str) -> bool:
        """Whether the message has words of its own: neither asking words nor the topic's."""
        if entry.id not in self._vocabulary:
            texts = [text.text for text in entry.index_texts()] + list(entry.caution_texts())
            self._vocabulary[entry.id] = frozenset(token for text in texts for token in content_tokens(normalise(text)))
        known = self._vocabulary[entry.id]
        return any(token not in known and token not in _ASKING for token in content_tokens(normalised))

    def step_asked(self, text: str, steps: int, current: int) -> int | None:
        """The step of the routine under way that ``text`` asks about ("what was the first step
        again?", "show me step 2", "the step before"): its number counted from 0 among the
        ``steps`` the person goes through, or None."""
        normalised = normalise(text)
        if not _ASKS.search(normalised if "?" not in text else normalised + " ?"):
            return None
        asked: int | None = None
        if match := _STEP_NUMBER.search(normalised):
            word = match.group(1)
            number = int(word) if word.isdigit() else self._numbers.get(word)
            asked = number - 1 if number else None
        elif _STEP_BEFORE.search(normalised):
            asked = current - 1
        elif match := _STEP_ORDINAL.search(normalised):
            ordinal = self._ordinals.get(match.group(1))
            asked = (steps - 1 if ordinal == -1 else ordinal) if ordinal is not None and "step" in normalised else None
        return asked if asked is not None and 0 <= asked < steps else None
