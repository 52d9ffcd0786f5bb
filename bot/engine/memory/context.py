"""The entry the conversation is about, and follow-ups that lean on it.

After a point card, "how long should I press it?" and "what's it for?" are about that point,
not about pressing points in general. The entry last answered (and its section) is remembered
for :data:`CONTEXT_SECONDS` or :data:`CONTEXT_TURNS` messages, whichever ends first. A message
is read as a follow-up only when it is clearly elliptical ("how long?", "safe in pregnancy?",
"and on the other leg?") or refers back with a pronoun ("it", "that one", "this point") while
asking about some aspect, and names no other entry; otherwise the matcher decides as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.state import Context, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import Point
from bot.knowledge.sections import Section
from bot.matching import directions
from bot.matching.intent import section_of, wants_information
from bot.matching.matcher import Match
from bot.text.normalise import normalise

CONTEXT_SECONDS = 30 * 60
CONTEXT_TURNS = 5
MAX_FOLLOW_UP_WORDS = 12
# How the matcher decided when the message itself names an entry (a code or a point's name).
NAMED = frozenset({"code", "name", "several-codes", "several-names", "unknown-code", "smalltalk"})

_PRONOUN = re.compile(
    r"\b(it|its|it s|that|this|that one|this one|these|those|them|there|the point|this point|that point|"
    r"the other one|the inner one|the outer one|the same one|the routine|this routine|that routine)\b"
)
_OTHER_SIDE = r"(?:the )?other (?:leg|knee|side|one)|both (?:legs|knees|sides)|which (?:leg|knee|side)"
# Questions that make sense only about something already on the table, by the section they ask for.
_ELLIPTICAL: list[tuple[Section, re.Pattern[str]]] = [
    (
        Section.CAUTIONS,
        re.compile(r"^(?:and |but |so )?(?:is it )?(?:safe|ok|okay|alright)\b|\bside effects\b|\bany risks?\b"),
    ),
    (
        Section.TECHNIQUE,
        re.compile(
            r"^(?:and |but |so )?(?:how (?:long|often|many|much|hard|deep|firmly)|does it hurt|will it hurt|"
            r"is it painful|should it hurt|with what|what with|which finger|how many times)\b"
        ),
    ),
    (Section.USES, re.compile(r"^(?:and |but |so )?(?:what (?:is it |s it |its )?for|why|what does it do)\b")),
    (
        Section.LOCATION,
        re.compile(
            rf"^(?:and |but |so |what about )?(?:(?:on|for|in) )?(?:{_OTHER_SIDE})\b|^where (?:exactly|again)\b"
        ),
    ),
]


# "the inner one", "the one on the outside": the point across the knee from the one on show.
_ACROSS = re.compile(r"\bthe (?:(inner|inside|outer|outside) one|one on the (inside|outside))\b")


@dataclass(frozen=True)
class FollowUp:
    """A message read as a follow-up: the entry it is about and the section it asks for."""

    entry_id: str
    section: Section
    other_side: bool = False  # "and on the other leg?"


class Conversation:
    """Keeps ``UserState.context`` and reads follow-ups against it."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        names = {normalise(name) for entry in knowledge.entries() for name in entry.topic_names()}
        self._names = sorted((name for name in names if len(name) >= 6), key=len, reverse=True)
        self._regions = directions.regions_of((point.id, point.region) for point in knowledge.points)

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

    @staticmethod
    def remember(state: UserState, entry_id: str, section: str | None, now: float) -> None:
        offered = state.context.offered if state.context and entry_id in state.context.offered else []
        state.context = Context(entry=entry_id, section=section, at=now, offered=offered)

    @staticmethod
    def offer(state: UserState, entry_ids: list[str], now: float) -> None:
        """ "Did you mean…" suggestions shown, for "the second one" or "the other one" next."""
        entry = state.context.entry if state.context else entry_ids[0]
        state.context = Context(entry=entry, at=now, offered=entry_ids)

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

    def follow_up(self, context: Context, text: str, match: Match) -> FollowUp | None:
        """The remembered entry (or the other of two offered) and the section ``text`` asks
        for, when ``text`` is a follow-up about it; None when it is a new topic."""
        normalised = normalise(text)
        words = normalised.split()
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
        across = _ACROSS.search(normalised)
        if across is not None:
            if isinstance(entry, Point) and entry.parts:  # the knee eyes: one card shows both halves
                return FollowUp(entry.id, Section.LOCATION)
            counterpart = self._across(entry.id, "in" if (across[1] or across[2]).startswith("in") else "out")
            if counterpart is not None:
                return FollowUp(counterpart, section_of(normalised))
        section = next((section for section, pattern in _ELLIPTICAL if pattern.search(normalised)), None)
        pronoun = _PRONOUN.search(normalised)
        if section is None:
            if not pronoun:
                return None
            section = section_of(normalised)
            if section is Section.OVERVIEW and not wants_information(normalised):
                return None
        return FollowUp(entry.id, section, other_side=bool(re.search(_OTHER_SIDE, normalised)))
