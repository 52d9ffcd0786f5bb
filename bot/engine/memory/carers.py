"""Messages from someone who massages another person: "is there a routine I can follow for my
dad?", "the partner massage please", "what could I do for my gran's knees at home?".

The decision reads what a message asks for (:attr:`Match.asks`), weighing among other things
whether it asks for something to do and names somebody else (:mod:`bot.matching.someone_else`).
Somebody else named says who the routine is for, not which: when the decision answers with a
routine, that routine stands (a routine named or described, "the calf one for my husband"),
with the partner routines offered beside it. When it reads a request for a partner routine but
answers with something else, the message is answered with the partner routine the matcher ranks
first among them, the other partner routines and the answer the matcher chose (or the entries
it hesitated between) offered beside it, unless that answer is safety advice, which always
stands, or the matcher took the message for something off our topic ("my dog's knee"). Advice
about a condition of the person massaged ("my wife is pregnant, is there a massage I can do for
her?"), or an answer ("my husband's knee is stiff in the mornings, how can I help him?"), comes
first, with the partner routines offered under it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.knowledge import Knowledge
from bot.knowledge.models import Contraindication, Faq, RedFlag, Routine
from bot.matching.elsewhere import names_an_animal
from bot.matching.matcher import Match, Matcher, Outcome
from bot.text.normalise import normalise
from bot.text.phrases import PhraseFinder
from bot.text.tokens import stem

# A carer's request read as an answer first: the answer's own words said (word overlap, 0-100)
# and the message this much closer in meaning to it than to the nearest partner routine, among
# the few leading readings.
ANSWER_WORDS = 50.0
ANSWER_LEAD = 0.05
EVIDENCE_READ = 3
# ... or a clause of it telling their trouble read as an answer with confidence, saying this much
# of its words.
CLAUSE_WORDS = 40.0
_CLAUSES = re.compile(r"[,.;!?\n]+|\s-\s|\band\b")


class CarerRequests:
    def __init__(self, knowledge: Knowledge, matcher: Matcher) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self._partner = {routine.id for routine in knowledge.routines if routine.mode == "partner"}
        conditions = [fact for fact in knowledge.facts if fact.lasting or fact.screening]  # not a sore knee
        self._conditions = PhraseFinder({fact.id: fact.phrases for fact in conditions})
        self._condition_keys = [key for fact in conditions for key in fact.keywords]

    def beside_advice(self, text: str, match: Match) -> tuple[str, ...]:
        """For a carer's request the matcher answered with safety advice about a condition ("my
        wife is pregnant, is there a massage I can do for her?") or with a routine for oneself
        ("the calf massage for my husband"): the partner routines to offer under the answer,
        which comes first; () otherwise (a red flag's advice stands alone)."""
        if not self._partner or not match.for_someone_else or match.outcome is not Outcome.ANSWER:
            return ()
        answer = self.knowledge.get(match.entry_id or "")
        if not isinstance(answer, Contraindication | Faq) and not (
            isinstance(answer, Routine) and answer.mode != "partner"
        ):
            return ()
        return tuple(self._ranked(text))

    def answer_first(self, match: Match, text: str = "") -> Match | None:
        """A carer's request the decision leaves between the partner routines and an answer, or
        reads as a routine for them without answering ("how do I help my wife when her knees are
        stiff in the mornings?"): the answer read as the message's own trouble, when its words are
        said (:data:`ANSWER_WORDS`) and the message comes closer in meaning to it than to any
        partner routine (by :data:`ANSWER_LEAD`), or else the answer a clause telling their trouble
        is read as (:meth:`_answered_in_a_clause`; also when the decision answers a request that
        names no massage with a partner routine), as the answer to give first, with the partner
        routines under it (:meth:`beside_advice`); None otherwise."""
        if not self._partner or not match.for_someone_else:
            return None
        if match.outcome is Outcome.ANSWER:  # a partner routine for a request asking no massage by name
            if match.entry_id not in self._partner or self.matcher.asks_for_a_massage(text):
                return None
            told = self._answered_in_a_clause(text)
            return None if told is None else replace(match, entry_id=told, candidates=(), also=())
        if match.outcome is Outcome.FALLBACK and match.reason != "no-match":
            return None  # another body part, a pet
        leading = match.evidence[:EVIDENCE_READ]
        partner = max((e.meaning for e in leading if e.entry_id in self._partner), default=None)
        answers = [e for e in leading if isinstance(self.knowledge.get(e.entry_id), Faq)]
        best = max(answers, key=lambda e: e.meaning) if answers else None
        if partner is None or best is None or best.words < ANSWER_WORDS or best.meaning < partner + ANSWER_LEAD:
            told = self._answered_in_a_clause(text)
            if told is None:
                return None
            return replace(match, outcome=Outcome.ANSWER, entry_id=told, candidates=(), also=())
        return replace(match, outcome=Outcome.ANSWER, entry_id=best.entry_id, candidates=(), also=())

    def _answered_in_a_clause(self, text: str) -> str | None:
        """Of a carer's request in several clauses, the answer the decision gives with confidence
        to a clause that tells their trouble, saying that answer's words (:data:`CLAUSE_WORDS`):
        "my son's knees ache after his football training, what can I do for him?" (soreness
        after exercise); None when no clause is answered so, or a clause is answered otherwise
        than with an answer (safety advice, a routine: the request as it is read whole), or the
        message names a condition (their routine's check takes it)."""
        clauses = [clause.strip() for clause in _CLAUSES.split(text) if normalise(clause)]
        if len(clauses) < 2 or self._names_a_condition(text):
            return None  # "my gran has arthritis, ...": a condition of theirs, for their routine's check
        found: list[tuple[float, str]] = []
        for clause in clauses:
            read = self.matcher.match(clause)
            if read.outcome is not Outcome.ANSWER or read.entry_id in self._partner:
                continue
            if not isinstance(self.knowledge.get(read.entry_id or ""), Faq):
                return None  # "my wife is pregnant, ...": its advice, as read whole
            said = max((e.words for e in read.evidence if e.entry_id == read.entry_id), default=0.0)
            if said >= CLAUSE_WORDS:
                found.append((said, read.entry_id or ""))
        return max(found)[1] if found else None

    def _names_a_condition(self, text: str) -> bool:
        """Whether ``text`` names a condition a person has lastingly or a check asks about
        (arthritis, blood thinners), not a sore knee."""
        words = normalise(text).split()
        if self._conditions.find(words, [stem(word) for word in words]):
            return True
        said = normalise(text)
        return any(key in said for key in self._condition_keys)

    def partners(self, text: str) -> tuple[str, ...]:
        """The partner routines, the one closest to ``text`` first."""
        return tuple(self._ranked(text)) if self._partner else ()

    def _asked_in_words(self, text: str, match: Match) -> bool:
        """A message nothing answers whose wording asks for something to do on somebody else
        ("a routine I could follow for my mum"): one, when the partner routines together are as
        likely as a choice the decision would offer, and when the matcher took it for another
        topic, it names a routine or a massage ("something for my mum's birthday" does not)."""
        if not match.for_someone_else or match.outcome is not Outcome.FALLBACK:
            return False
        if match.reason not in ("no-match", "off-topic"):
            return False  # another body part, a pet
        if match.reason == "off-topic" and not self.matcher.asks_for_a_massage(text):
            return False  # "what could I do for my brother's wedding"
        ranked = self.matcher.rank(text, limit=20, floor=0.0)
        likely = sum(candidate.score for candidate in ranked if candidate.entry_id in self._partner)
        return likely >= 100 * self.matcher.model.thresholds.clarify

    def _ranked(self, text: str) -> list[str]:
        ranked = [c.entry_id for c in self.matcher.rank(text, limit=20, floor=0.0) if c.entry_id in self._partner]
        return ranked + sorted(self._partner - set(ranked))

    def routine_for(self, text: str, match: Match) -> tuple[Routine, tuple[str, ...]] | None:
        """The partner routine to answer ``text`` with, and the entries to offer beside it; None
        when the decision does not read a request for one (nor does the wording, for a message
        nothing else answers), or the matcher's answer is safety advice."""
        if not self._partner:
            return None
        if match.outcome is not Outcome.ANSWER and names_an_animal(normalise(text)):
            return None  # "the puppy lifts a paw, can I massage his knee?": unplaced, and the animal's
        in_words = match.asks != "partner" and self._asked_in_words(text, match)
        if match.asks != "partner" and not in_words:
            return None
        if match.outcome is Outcome.FALLBACK and match.reason != "no-match" and not in_words:
            return None  # the matcher saw something else ("my dog's knee"): not a person to massage
        chosen = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if isinstance(chosen, RedFlag | Contraindication | Routine):
            return None  # safety advice stands; a routine answered is the one asked for
        ranked = self._ranked(text)
        routine = self.knowledge.routine(ranked[0])
        if routine is None:
            return None
        unsure = [candidate.entry_id for candidate in match.candidates[:2]] if match.outcome is Outcome.CLARIFY else []
        beside = [*ranked[1:], *([chosen.id] if chosen is not None else []), *unsure]
        return routine, tuple(dict.fromkeys(beside))
