"""The safety check answered in a sentence: "just the pregnancy", "veins on my left leg", "I take
apixaban, does that count?", "none of the others tho", "hes on blood thinners. nothing else".

A message is read clause by clause against the lines of the routine's check. A line is named
by the facts of knowledge/profile.yaml that answer it ("apixaban" is blood thinners, said of
anyone) or by its own ``words`` in safety.yaml, a word counting only when no other line of this
check has it. A line named after a denial in its clause ("not pregnant") is a "no". The lines
not named are said not to apply only when the person says so: a clause that is a "no" on its own
("none of the others", "the rest are fine", "nothing else"), or a line named right after "just"
or "only". Anything less is left open, and the check shows what is still to answer: a line is
never answered "no" for the person. A line named only in a clause about the past ("a knee
replacement years ago", "a clot in 2014, all sorted") is left open too, even beside "none of the
others": the check asks about the present, and whether that still counts is the person's to say.
A line that asks about a span of time (``within_days``: "an operation in the last 3 months") is
read with the time told in its clause or the clause next to it ("number 4, but that was 10 years
ago"): surely longer ago, it is answered "no" and the person told why; surely within it, "yes".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.engine.memory.facts import CONDITIONAL
from bot.engine.memory.profile import Profile
from bot.engine.memory.typed import TypedReplies
from bot.knowledge import Knowledge
from bot.knowledge.models import ReplySide, Routine
from bot.text.normalise import normalise
from bot.text.scope import FIRST_PERSON, THIRD_PERSON, TIME_REASONS, ScopeReader
from bot.text.tokens import stem
from bot.text.when import Ago, ago

# Clauses: a sentence's parts, and the parts of one joined by "but" ("not pregnant but I take
# warfarin") or "and" ("just the pregnancy and nothing else").
_CLAUSES = re.compile(r"[.!?;:,\n]+|\s+(?:but|and|though|tho|although|except|apart from)\s+")
# Conditions said as the only ones that apply, in so many words ("that's all", "nothing else").
ONLY_ONES = re.compile(
    r"\b(?:nothing else|no others|none of the others|none of the rest|nothing more|that s all|thats all)\b"
)
# Words that say something from the past goes on ("since 2015", "still").
_ONGOING = frozenset({"since", "still", "ongoing", "continue", "continues"})
# A question asked along with the answer ("I take apixaban, does that count?").
_ASKS = re.compile(r"\?|^(?:does|do|is|are|would|should|can|what|whats|how)\b")


@dataclass(frozen=True)
class CheckReading:
    """What a message says of the check's lines (by question id)."""

    named: dict[str, ReplySide | None] = field(default_factory=dict)  # they apply (on which leg)
    denied: frozenset[str] = frozenset()  # said not to apply ("I'm not pregnant")
    rest_clear: bool = False  # the lines not named do not apply
    asks: bool = False  # a question comes with it ("does that count?")
    rating: int | None = None  # a pain rating said with it ("pain's about a 4")
    past: frozenset[str] = frozenset()  # named only as past ("a knee replacement years ago"): left open
    outside: frozenset[str] = frozenset()  # told as longer ago than the line asks about: answered no

    @property
    def anything(self) -> bool:
        return bool(self.named or self.denied or self.past or self.outside)


class CheckWords:
    def __init__(self, knowledge: Knowledge, profile: Profile, typed: TypedReplies) -> None:
        self.knowledge = knowledge
        self.profile = profile
        self.typed = typed
        replies = knowledge.replies
        self._denials = frozenset(normalise(word) for word in replies.denials)
        self._only = frozenset(normalise(word) for word in replies.only)
        self._sides = {normalise(phrase): side for phrase, side in replies.sides.items() if " " not in phrase}
        self._filler = frozenset(normalise(word) for word in replies.filler if " " not in normalise(word))
        self._scope = ScopeReader(knowledge.safety.scope)
        self._words: dict[str, list[tuple[str, ...]]] = {
            question.id: [tuple(stem(token) for token in normalise(word).split()) for word in question.words]
            for question in knowledge.safety.screening
        }
        self._within = {q.id: q.within_days for q in knowledge.safety.screening if q.within_days is not None}
        self._others = THIRD_PERSON | {
            word for word in (normalise(phrase) for phrase in knowledge.safety.scope.other_person) if " " not in word
        }

    def read(self, text: str, routine: Routine, now: float | None = None, shown: Sequence[str] = ()) -> CheckReading:
        """What ``text`` says of ``routine``'s check; ``now``: the time, to read how long ago
        something was told; ``shown``: the lines the check on screen lists, in order (a number
        told with a time, "4, but that was years ago", is that line)."""
        named: dict[str, ReplySide | None] = {}
        denied: set[str] = set()
        past: set[str] = set()
        outside: set[str] = set()
        rest_clear = bool(ONLY_ONES.search(normalise(text)))
        rating: int | None = None
        bare_yes = declined = False
        own = self._own_words(routine)
        clauses = [clause for clause in (normalise(part) for part in _CLAUSES.split(text)) if clause]
        excepted = _excepted(text)  # "none except number 3": the lines after "except" apply
        before: str | None = None  # the one line the clause before named, for a leg said after it
        times = [ago(clause, now) if now is not None else None for clause in clauses]
        for number, clause in enumerate(clauses):
            if routine.mode == "partner" and self._of_the_writer(clause):
                continue  # "do you think I'm pregnant lol" at her check: the carer's, never hers
            when = self._when(clauses, times, number, own)
            if when is not None and shown:  # "number 4, but that was 10 years ago"
                reply = self.typed.read(clause)
                for line in reply.numbers:
                    question_id = shown[line - 1] if 1 <= line <= len(shown) else None
                    if question_id is not None and question_id in self._within:
                        window = self._within[question_id]
                        if when.beyond(window):
                            outside.add(question_id)
                        elif when.within(window):
                            named[question_id] = None
            if clause in excepted:  # "none except maybe number 3": that line applies, the rest do not
                for line in (int(found) for found in re.findall(r"\b\d+\b", clause)):
                    if 1 <= line <= len(shown):
                        named[shown[line - 1]] = None
                    else:
                        bare_yes = True  # a number that names no line listed: nothing is cleared
            facts: dict[str, ReplySide | None] = {
                question_id: _leg(side)
                for fact, side in self.profile.said_of_anyone(clause)
                for question_id in fact.screening
                if question_id in routine.screening
            }
            tokens = clause.split()
            hits = self._hits(tokens, own)
            side = next((self._sides[token] for token in tokens if token in self._sides), None)
            for question_id, position in hits.items():
                if question_id in facts or CONDITIONAL.intersection(tokens[:position]):
                    continue  # "and if I'm pregnant?" names no line: a question about it
                if self._denials.intersection(tokens[:position]):
                    denied.add(question_id)
                else:
                    facts[question_id] = _leg(side)
            if when is not None:  # "a knee replacement about 9 years back": not what "the last 3 months" asks
                gone = {question_id for question_id in facts if when.beyond(self._within.get(question_id, 1 << 30))}
                outside.update(gone)
                facts = {question_id: side for question_id, side in facts.items() if question_id not in gone}
            within = {q for q in facts if when is not None and q in self._within and when.within(self._within[q])}
            if facts and self._about_the_past(clause) and not within.issuperset(facts):
                past.update(set(facts) - within)  # "had a knee replacement 6 years ago": not what the line asks
                facts = {question_id: side for question_id, side in facts.items() if question_id in within}
            for question_id, said_side in facts.items():
                named[question_id] = _leg(said_side) or named.get(question_id)
            if not facts and not hits and before in named and named[before] is None and _leg(side):
                named[before] = _leg(side)  # "only the veins, on her left leg"
            before = next(iter(facts)) if len(facts) == 1 else None if facts or hits else before
            if facts and self._only_named(tokens, hits, facts):
                rest_clear = True
            if not facts and not hits:
                reply = self.typed.read(clause)
                if reply.says("no") and not reply.numbers and reply.side is None:
                    rest_clear = True
                # "none of them, yes": a yes to no line named ("a few small ones on my left leg"
                # after the line it describes is no such yes)
                bare_yes = bare_yes or (reply.yes and not (before in named and (reply.side or reply.some)))
                declined = declined or reply.says("later", "stop")  # "nope, not today": no answer to the check
                if reply.rating is not None and not reply.words and not reply.numbers:
                    rating = reply.rating  # "pain's about a 5": for the rating after the check
                elif not reply.anything and (passing := self.typed.rating_in_passing(clause)) is not None:
                    rating = passing  # "she says about a 4", "he'd put it at 6": a rating passed on
        outside -= set(named)
        return CheckReading(
            named=named,
            denied=frozenset((denied | outside) - set(named)),
            past=frozenset(past - set(named) - denied - outside),
            outside=frozenset(outside),
            rest_clear=rest_clear and not bare_yes and not declined,
            asks=bool(_ASKS.search(text.strip().lower())) and bool(named),
            rating=rating,
        )

    def told_within(self, text: str, now: float) -> list[str]:
        """The lines asking about a span of time that ``text`` names by their words with a time
        surely within it, nothing denied before them ("she had keyhole surgery three weeks
        ago": an operation in the last 3 months), whoever it is about."""
        when = ago(text, now)
        if when is None:
            return []
        tokens = normalise(text).split()
        lines = {question_id: self._words.get(question_id, []) for question_id in self._within}
        return [
            question_id
            for question_id, position in self._hits(tokens, lines).items()
            if when.within(self._within[question_id]) and not self._denials.intersection(tokens[:position])
        ]

    def _when(
        self, clauses: list[str], times: list[Ago | None], number: int, own: dict[str, list[tuple[str, ...]]]
    ) -> Ago | None:
        """How long ago clause ``number`` tells its lines were: the time it says, else that of
        the clause next to it when that clause names no line ("my hip was done, that was in
        2015")."""
        if times[number] is not None:
            return times[number]
        for other in (number + 1, number - 1):
            if 0 <= other < len(clauses) and times[other] is not None:
                tokens = clauses[other].split()
                if not self._hits(tokens, own) and not self.profile.said_of_anyone(clauses[other]):
                    return times[other]
        return None

    def _about_the_past(self, clause: str) -> bool:
        """Whether every part of ``clause`` is about the past or over and done with, and none
        of it says it goes on ("on warfarin since 2015")."""
        if _ONGOING.intersection(clause.split()):
            return False
        parts = self._scope.read(clause).clauses
        return bool(parts) and all(part.set_aside in TIME_REASONS for part in parts)

    def _of_the_writer(self, clause: str) -> bool:
        """Whether ``clause`` speaks of the person writing and of nobody else ("I'm pregnant",
        "I take warfarin myself"): at a partner routine's check, it answers none of its lines."""
        tokens = set(clause.split())
        return bool(tokens & FIRST_PERSON) and not tokens & self._others and "my" not in tokens

    def side_said(self, text: str) -> ReplySide | None:
        """The one side a message names with nothing denied ("so can I do the right one now?"),
        or None."""
        tokens = normalise(text).split()
        sides = {self._sides[token] for token in tokens if token in self._sides}
        return sides.pop() if len(sides) == 1 and not self._denials.intersection(tokens) else None

    def _own_words(self, routine: Routine) -> dict[str, list[tuple[str, ...]]]:
        """Each line's words that no other line of ``routine``'s check has."""
        words = {question_id: self._words.get(question_id, []) for question_id in routine.screening}
        counts: dict[tuple[str, ...], int] = {}
        for phrases in words.values():
            for phrase in set(phrases):
                counts[phrase] = counts.get(phrase, 0) + 1
        return {question_id: [p for p in phrases if counts[p] == 1] for question_id, phrases in words.items()}

    @staticmethod
    def _hits(tokens: list[str], own: dict[str, list[tuple[str, ...]]]) -> dict[str, int]:
        """The lines whose own words ``tokens`` say, with where the first of them starts."""
        stems = [stem(token) for token in tokens]
        hits: dict[str, int] = {}
        for question_id, phrases in own.items():
            for phrase in phrases:
                for start in range(len(stems) - len(phrase) + 1):
                    if tuple(stems[start : start + len(phrase)]) == phrase:
                        hits[question_id] = min(start, hits.get(question_id, start))
                        break
        return hits

    def _only_named(self, tokens: list[str], hits: dict[str, int], facts: dict[str, ReplySide | None]) -> bool:
        """Whether an "only" word comes before the line named, with only filler between ("just
        the pregnancy one"), rather than before a leg ("veins only on my left leg")."""
        first = min(hits.values(), default=len(tokens))
        for position, token in enumerate(tokens[:first]):
            if token in self._only:
                between = tokens[position + 1 : first]
                return all(word in self._filler for word in between) and (bool(hits) or len(facts) > 0)
        return False


def _excepted(text: str) -> set[str]:
    """The clauses of ``text`` said right after "except" or "apart from" ("none except number 3"),
    normalised."""
    parts = re.split(r"\b(?:except(?: for)?|apart from|other than|besides)\b", text)
    return {normalise(re.split(r"[.!?;:,\n]+|\s+(?:but|and|though|tho|although)\s+", part)[0]) for part in parts[1:]}


def _leg(side: str | None) -> ReplySide | None:
    """A side that names a leg (left, right or both), or None."""
    return side if side in ("left", "right", "both") else None  # type: ignore[return-value]
