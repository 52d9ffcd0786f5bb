"""Decide, for one message, to answer one entry, ask which of a few was meant, or say so.

Order of decisions: greetings and thanks; point codes (exact identifiers); messages about other
body parts; then scored matching of names, questions and phrasings. A confident answer needs a
high score and a clear lead over the runner-up; a middling or contested score asks "Did you
mean..."; anything lower is a helpful fallback. Red flags are handled before this, by triage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.knowledge import Knowledge, kind_of
from bot.knowledge.models import Contraindication, Faq, Point, Routine, TriggerPoint
from bot.matching.codes import find_codes
from bot.matching.index import PhraseIndex, PhraseKind
from bot.matching.intent import (
    SECTION_WORDS,
    Section,
    is_other_body_part,
    section_of,
    wants_information,
    wants_routine,
)
from bot.textnorm import normalise

# Only the start of a very long message is read; questions are never that long.
MAX_CHARS = 600

ANSWER_SCORE = 60.0  # at least this confident to answer
ANSWER_LEAD = 4.0  # ... and this far ahead of the next entry
CLARIFY_SCORE = 50.0  # below this, nothing fits
CLARIFY_WINDOW = 16.0  # candidates within this distance of the best are offered
MAX_CANDIDATES = 3
SMALLTALK_SCORE = 85.0
ROUTINE_BOOST = 10.0  # "start the calf massage" prefers the routine over the FAQ about calves
TITLE_BOOST = 3.0  # a bare title ("qigong massage for knee pain") leans to the routine itself
INFO_BOOST = 4.0  # "what is qigong massage" prefers the FAQ over the routine
# Words that can trail a greeting or thanks without changing it ("thanks so much, mate").
_SMALLTALK_FILLERS = frozenset("so very much a lot mate again today there bot kneebot buddy friend all".split())


class Outcome(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float


@dataclass(frozen=True)
class Match:
    outcome: Outcome
    entry_id: str | None = None
    score: float = 0.0
    section: Section = Section.OVERVIEW
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""
    unknown_codes: tuple[str, ...] = field(default=())


class Matcher:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._index = PhraseIndex(_phrases(knowledge))
        self._point_ids = {p.id for p in knowledge.points} | {tp.id for tp in knowledge.trigger_points}
        self._smalltalk = {normalise(p): item.id for item in knowledge.smalltalk for p in item.phrasings}
        self._smalltalk_keys = list(self._smalltalk)
        self._codes = _code_table(knowledge)

    def match(self, text: str) -> Match:
        """The decision for one message (cached by its normalised text: people repeat questions)."""
        return self._match_normalised(normalise(text[:MAX_CHARS]))

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher lives as long as the process
    def _match_normalised(self, normalised: str) -> Match:
        if not normalised:
            return Match(Outcome.FALLBACK, reason="empty")

        smalltalk = self._smalltalk_match(normalised)
        if smalltalk:
            return smalltalk

        section = section_of(normalised)
        codes = find_codes(normalised)
        if codes:
            return self._by_code([mention.code for mention in codes], section)

        if is_other_body_part(normalised):
            return Match(Outcome.FALLBACK, reason="other-body-part")

        scores = self._scores(normalised)
        return self._decide(scores, section)

    def rank(self, text: str, limit: int = 10, floor: float = 40.0) -> list[Candidate]:
        """The entries ``text`` could be about, best first (for inline suggestions).

        Unlike :meth:`match` this never decides; it lists. Codes still come first and exactly.
        """
        normalised = normalise(text[:MAX_CHARS])
        if not normalised:
            return []
        known = [self._codes[m.code] for m in find_codes(normalised) if m.code in self._codes]
        ranked = [Candidate(entry_id, 100.0) for entry_id in dict.fromkeys(known)]
        if is_other_body_part(normalised) and not ranked:
            return []
        scores = self._scores(normalised)
        for entry_id, score in sorted(scores.items(), key=lambda item: -item[1]):
            if score >= floor and entry_id not in known:
                ranked.append(Candidate(entry_id, min(score, 100.0)))
        return ranked[:limit]

    # --- steps ----------------------------------------------------------------------------

    def _smalltalk_match(self, normalised: str) -> Match | None:
        if normalised in self._smalltalk:
            return Match(Outcome.ANSWER, self._smalltalk[normalised], 100.0, reason="smalltalk")
        if len(normalised) > 40:
            return None
        core = " ".join(word for word in normalised.split() if word not in _SMALLTALK_FILLERS) or normalised
        best = process.extractOne(core, self._smalltalk_keys, scorer=fuzz.ratio, score_cutoff=SMALLTALK_SCORE)
        if best:
            return Match(Outcome.ANSWER, self._smalltalk[best[0]], best[1], reason="smalltalk")
        return None

    def _by_code(self, codes: list[str], section: Section) -> Match:
        known = list(dict.fromkeys(self._codes[code] for code in codes if code in self._codes))
        if len(known) == 1:
            return Match(Outcome.ANSWER, known[0], 100.0, section, reason="code")
        if known:
            candidates = tuple(Candidate(entry_id, 100.0) for entry_id in known[:MAX_CANDIDATES])
            return Match(Outcome.CLARIFY, None, 100.0, section, candidates, reason="several-codes")
        return Match(Outcome.FALLBACK, reason="unknown-code", unknown_codes=tuple(codes))

    def _scores(self, normalised: str) -> dict[str, float]:
        query = self._index.prepare(normalised)
        scores = self._index.score(query)
        # Point names are matched without the words that only choose a section ("where",
        # "how long", "press"), so "how long do I press liangqiu" is about Liangqiu.
        point_query = self._index.prepare(normalised, ignore=SECTION_WORDS)
        for source in (
            self._index.fuzzy_names(query),
            self._index.score(point_query, allowed=self._point_ids),
            self._index.fuzzy_names(point_query, allowed=self._point_ids),
        ):
            for entry_id, score in source.items():
                scores[entry_id] = max(scores.get(entry_id, 0.0), score)

        routine_wish = wants_routine(normalised)
        info_wish = wants_information(normalised)
        for entry_id, score in scores.items():
            entry = self.knowledge.get(entry_id)
            kind = kind_of(entry) if entry else None
            if kind == "routine" and routine_wish:
                scores[entry_id] = score + ROUTINE_BOOST
            elif kind == "routine" and not info_wish:
                scores[entry_id] = score + TITLE_BOOST
            elif kind in ("faq", "safety") and info_wish:
                scores[entry_id] = score + INFO_BOOST
        return scores

    def _decide(self, scores: dict[str, float], section: Section) -> Match:
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < CLARIFY_SCORE:
            best = min(ranked[0][1], 100.0) if ranked else 0.0
            return Match(Outcome.FALLBACK, score=best, reason="no-match")
        best_id, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= ANSWER_SCORE and best - runner_up >= ANSWER_LEAD:
            return Match(Outcome.ANSWER, best_id, min(best, 100.0), section, reason="confident")
        floor = max(CLARIFY_SCORE, best - CLARIFY_WINDOW)
        candidates = tuple(
            Candidate(entry_id, min(score, 100.0)) for entry_id, score in ranked[:MAX_CANDIDATES] if score >= floor
        )
        if len(candidates) == 1 and best >= ANSWER_SCORE:
            return Match(Outcome.ANSWER, best_id, min(best, 100.0), section, reason="confident")
        return Match(Outcome.CLARIFY, None, min(best, 100.0), section, candidates, reason="close")


def _phrases(knowledge: Knowledge) -> Iterator[tuple[str, str, PhraseKind]]:
    """(entry id, text, kind) for everything that leads to an entry except smalltalk."""
    for entry in knowledge.entries():
        if isinstance(entry, Point):
            names = [entry.id, entry.names.english, entry.names.pinyin, entry.names.translation, *entry.aliases]
            for part in entry.parts:
                names += [part.code, part.name, part.translation, *part.aliases]
            yield from ((entry.id, name, "point-name") for name in names)
        elif isinstance(entry, TriggerPoint):
            yield from ((entry.id, name, "point-name") for name in (entry.title, *entry.aliases))
        elif isinstance(entry, Routine):
            yield from ((entry.id, name, "name") for name in (entry.title, entry.label, *entry.aliases))
        elif isinstance(entry, Faq | Contraindication):
            yield entry.id, entry.label, "name"
            yield from ((entry.id, phrase, "phrasing") for phrase in (entry.question, *entry.phrasings))


def _code_table(knowledge: Knowledge) -> dict[str, str]:
    """Canonical code (as :func:`find_codes` writes it) -> point id, for ids, parts and aliases."""
    table: dict[str, str] = {}
    for point in knowledge.points:
        names = [point.id, *point.aliases]
        for part in point.parts:
            names += [part.code, *part.aliases]
        for name in names:
            mentions = find_codes(normalise(name))
            if len(mentions) == 1:
                table.setdefault(mentions[0].code, point.id)
    return table
