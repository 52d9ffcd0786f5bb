"""Decide, for one message, to answer one entry, ask which of a few was meant, or say so.

Order of decisions: greetings and thanks; point codes (exact identifiers, never fuzzy); messages
about other body parts; then the entries the message could be about, found two ways (word
overlap with names and phrasings, and closeness in meaning to every text of every entry) and
weighed together by :mod:`bot.matching.fusion`. Red flags are handled before this, by triage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.knowledge import Knowledge, kind_of
from bot.knowledge.models import ReplyWord, Routine
from bot.knowledge.sections import Section
from bot.matching import directions
from bot.matching.codes import find_codes
from bot.matching.elsewhere import about_something_else, is_other_body_part
from bot.matching.fusion import MAX_CANDIDATES, Evidence, Outcome, decide, fuse
from bot.matching.index import PhraseIndex
from bot.matching.intent import (
    SECTION_WORDS,
    asks_permission,
    asks_whether,
    in_the_domain,
    mentions_care,
    section_of,
    wants_a_partner_routine,
    wants_information,
    wants_routine,
    wants_to_start,
)
from bot.matching.names import NameMention, NameSpotter
from bot.matching.phrases import kept_texts, knowledge_texts, lexical_phrases, point_names, semantic_texts
from bot.matching.replies import ReplyMeaning
from bot.matching.spelling import Speller
from bot.semantic import SemanticIndex, Semantics, SemanticText
from bot.semantic.encoder import Vectors
from bot.text.normalise import normalise
from bot.text.phrases import Mention, PhraseFinder
from bot.text.scope import ReadMessage, ScopeReader
from bot.text.tokens import NAME_FILLERS, STOPWORDS

__all__ = ["Candidate", "Match", "Matcher", "Outcome"]

# Word matching reads the start of a long message; meaning reads it sentence by sentence.
MAX_CHARS = 600
MAX_SEGMENTS = 4
LONG_STORY_CHARS = 200  # longer messages of several sentences are read sentence by sentence
SMALLTALK_SCORE = 85.0
SMALLTALK_MEANING = 0.7  # closeness a short message needs to a greeting, thanks ... to be one
SMALLTALK_MAX_WORDS = 8
SMALLTALK_EDGE_WORDS = 10  # a message this short that opens or ends with smalltalk is smalltalk
ROUTINE_BOOST = 10.0  # "start the calf massage" prefers the routine over the FAQ about calves
TITLE_BOOST = 3.0  # a bare title ("qigong massage for knee pain") leans to the routine itself
INFO_BOOST = 4.0  # "what is qigong massage" prefers the FAQ over the routine
MEANING_ROUTINE_BOOST = 0.03  # the same preferences, in cosine points
MEANING_INFO_BOOST = 0.01
MEANING_TITLE_BOOST = 0.01
STEP_MEANING = 0.45  # how close a question must come to a step for the answer to open with it
STEP_QUESTION = re.compile(r"\b(how long|how many|how much|how hard|how often|how do i|which|when do i|do i|should)\b")
MEANING_PARTNER_BOOST = 0.05  # "my son wants to help me" prefers the routines for two people
MEANING_PERMISSION_BOOST = 0.04  # "can I ... with warfarin?" prefers the answer on blood thinners
LIFT_WINDOW = 0.15  # and a safety answer (a partner routine) this close to the best candidate goes first
# Words that can trail a greeting or thanks without changing it ("thanks so much, mate").
_SMALLTALK_FILLERS = frozenset(
    "so very much a lot mate again today there bot kneebot buddy friend all wait actually just um erm hmm "
    "alright".split()
)
# Words that ask about a name itself ("what does Xuehai mean", "why is it called knee eyes").
_NAME_QUESTION = frozenset(
    "why they mean means meaning name named names called call translate translates translated translation literally"
    " english chinese come from".split()
)
# Words around a point's name that say nothing about what the message is about.
_NAME_CONTEXT = STOPWORDS | SECTION_WORDS | NAME_FILLERS | _NAME_QUESTION
# How close in meaning the rest of a message naming a point must come to the knowledge.
NAME_CONTEXT_FLOOR = 0.35
_PARTS = re.compile(r"\s*(?:[,;:]|\s-+\s|\s–\s)\s*")
_DENIAL = re.compile(r"^(?:no|not|nothing|without|zero|never)\b(?:\s+\S+){0,3}$")
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


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
    evidence: tuple[Evidence, ...] = ()  # both scores of the leading candidates (for --json)
    step: int | None = None  # for a routine: the step the question is about
    also: tuple[str, ...] = ()  # entries nearly as likely as the answer, offered beside it
    spelling: tuple[tuple[str, str], ...] = ()  # slips corrected before reading: (as typed, as read)


class Matcher:
    def __init__(self, knowledge: Knowledge, semantics: Semantics | None = None) -> None:
        """``semantics`` defaults to the shipped model with no cache on disk."""
        self.knowledge = knowledge
        semantics = semantics or Semantics.load()
        self._index = PhraseIndex(lexical_phrases(knowledge))
        self._meaning = SemanticIndex(semantics.encoder, list(semantic_texts(knowledge)), semantics.cache)
        self._steps = SemanticIndex(
            semantics.encoder,
            [
                SemanticText(f"{routine.id}/{number}", text)
                for routine in knowledge.routines
                for number, step in enumerate(routine.steps)
                for text in (step.title, step.text)
            ],
            semantics.cache,
        )
        self._decoys = SemanticIndex(
            semantics.encoder,
            [SemanticText(decoy.id, example) for decoy in knowledge.decoys for example in decoy.examples],
            semantics.cache,
        )
        self._smalltalk_meaning = SemanticIndex(
            semantics.encoder,
            [SemanticText(item.id, phrase) for item in knowledge.smalltalk for phrase in item.phrasings],
            semantics.cache,
        )
        self.replies = ReplyMeaning(semantics.encoder, knowledge.replies, semantics.cache)
        self._names = NameSpotter(point_names(knowledge))
        # Conditions people ask about massaging with: the facts of profile.yaml (warfarin,
        # pregnancy...) and the passing ones named by safety answers (a fever, a cast).
        conditions = {f"fact:{fact.id}": fact.phrases for fact in knowledge.facts}
        conditions |= {f"answer:{c.id}": c.named_by for c in knowledge.safety.contraindications if c.named_by}
        self._conditions = PhraseFinder(conditions)
        self._scope = ScopeReader(knowledge.safety.scope)
        self._condition_answers = {f"fact:{fact.id}": fact.answer for fact in knowledge.facts if fact.answer}
        self._condition_answers |= {f"answer:{c.id}": c.id for c in knowledge.safety.contraindications if c.named_by}
        self._regions = directions.regions_of(
            (point.id, point.region) for point in (*knowledge.points, *knowledge.trigger_points)
        )
        self._point_ids = {p.id for p in knowledge.points} | {tp.id for tp in knowledge.trigger_points}
        self._smalltalk = {normalise(p): item.id for item in knowledge.smalltalk for p in item.phrasings}
        self._smalltalk_keys = list(self._smalltalk)
        self._codes = _code_table(knowledge)
        self._speller = Speller(knowledge_texts(knowledge), kept_texts(knowledge))

    def match(self, text: str) -> Match:
        """The decision for one message (cached: people repeat questions)."""
        return self._match(_without_denials(text.strip()))

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher lives as long as the process
    def _match(self, typed: str) -> Match:
        as_typed = normalise(typed[:MAX_CHARS])
        if not as_typed:
            return Match(Outcome.FALLBACK, reason="empty")
        smalltalk = self._smalltalk_match(typed, as_typed)
        if smalltalk:
            return smalltalk
        spelling = self._speller.correct(typed[:MAX_CHARS])
        match = self._read(spelling.text, normalise(spelling.text), as_typed)
        return replace(match, spelling=spelling.changes) if spelling.changes else match

    def _read(self, text: str, normalised: str, as_typed: str) -> Match:
        """The decision for ``text``, a message with its slips corrected (``as_typed``: before)."""
        section = section_of(normalised)
        codes = find_codes(normalised)
        if codes:
            return self._by_code([mention.code for mention in codes], section)

        # Before body parts ("Calf's Nose" is a point); names are spotted as typed too, since
        # they are often spelt by ear ("koon loon").
        by_name = self._by_name(normalised, section) or self._by_name(as_typed, section)
        if by_name is not None:
            return by_name

        by_condition = self._by_condition(normalised)
        if by_condition is not None:
            return by_condition

        elsewhere = about_something_else(normalised)
        if elsewhere is not None:
            return Match(Outcome.FALLBACK, reason=elsewhere)

        ranked, decoy, steps = self._ranked(text, normalised)
        denied = self._conditions_not_had(normalised)
        ranked = [evidence for evidence in ranked if evidence.entry_id not in denied]
        decision = decide(ranked, in_the_domain(normalised), decoy)
        evidence = tuple(ranked[:MAX_CANDIDATES])
        if decision.outcome is not Outcome.ANSWER:
            edge = self._smalltalk_at_an_edge(as_typed)
            if edge is not None:
                return Match(Outcome.ANSWER, edge, 100.0, reason="smalltalk")
        if decision.outcome is not Outcome.FALLBACK:
            which = self._which_routine(normalised, decision.ranked[0], ranked)
            if which is not None:
                return which
        if decision.outcome is Outcome.ANSWER:
            best = decision.ranked[0]
            step = None
            if kind_of_id(self.knowledge, best.entry_id) == "routine" and not wants_to_start(normalised):
                step = steps.get(best.entry_id, self._step_asked_about(best.entry_id, text, normalised))
            also = tuple(e.entry_id for e in decision.ranked[1:])
            return Match(
                Outcome.ANSWER,
                best.entry_id,
                _percent(best),
                section,
                reason=decision.reason,
                evidence=evidence,
                step=step,
                also=also,
            )
        candidates = tuple(Candidate(e.entry_id, _percent(e)) for e in decision.ranked)
        score = _percent(ranked[0]) if ranked else 0.0
        if decision.outcome is Outcome.CLARIFY:
            return Match(Outcome.CLARIFY, None, score, section, candidates, decision.reason, evidence=evidence)
        return Match(Outcome.FALLBACK, score=score, reason=decision.reason, evidence=evidence)

    def _which_routine(self, normalised: str, best: Evidence, ranked: list[Evidence]) -> Match | None:
        """ "start massage": someone who wants to be taken through something now, when the best
        answer is not a routine, chooses among the routines that came close instead, those for
        one person first."""
        if not wants_to_start(normalised) or kind_of_id(self.knowledge, best.entry_id) == "routine":
            return None
        routines = [e for e in ranked if kind_of_id(self.knowledge, e.entry_id) == "routine"]
        if not routines:
            return None
        # Someone on their own first, unless they said a helper is there.
        partner_first = wants_a_partner_routine(normalised)
        routines.sort(key=lambda e: self._is_partner_routine(e.entry_id) != partner_first)
        routines = routines[:MAX_CANDIDATES]
        candidates = tuple(Candidate(e.entry_id, _percent(e)) for e in routines)
        return Match(Outcome.CLARIFY, None, _percent(best), Section.OVERVIEW, candidates, reason="which-routine")

    def reply_in_other_words(self, text: str, allowed: Collection[ReplyWord]) -> ReplyWord | None:
        """The reply to a screen acting on ``allowed`` that ``text`` means in other words ("I'd
        rather not do this one"), or None: see :mod:`bot.matching.replies`."""
        if not self.replies.may_read(text):
            return None
        query = self.embed(text)
        return self.replies.read(text, query, allowed, self.closest_entry(query))

    def embed(self, text: str) -> Vectors:
        """``text`` as the meaning model sees it (one row)."""
        return self._meaning.embed([text])

    def closest_entry(self, query: Vectors) -> float:
        """How close in meaning the knowledge's closest entry is to ``query`` (one row)."""
        hits = self._meaning.search(query, limit=1)
        return hits[0][1].score if hits else 0.0

    def follow_up(self, text: str, entry_id: str) -> Match:
        """``text`` read as a follow-up about ``entry_id``, the entry the conversation is on
        ("how do I press it"): the section it asks for and, for a routine, the step."""
        text = self._speller.correct(text[:MAX_CHARS]).text
        normalised = normalise(text)
        step = None
        if kind_of_id(self.knowledge, entry_id) == "routine":
            step = self._step_asked_about(entry_id, text, normalised)
        return Match(Outcome.ANSWER, entry_id, 100.0, section_of(normalised), reason="follow-up", step=step)

    def rank(self, text: str, limit: int = 10, floor: float = 45.0) -> list[Candidate]:
        """The entries ``text`` could be about, best first (for inline suggestions).

        Unlike :meth:`match` this never decides; it lists. Codes still come first and exactly.
        """
        text = self._speller.correct(text[:MAX_CHARS]).text
        normalised = normalise(text)
        if not normalised:
            return []
        known = [self._codes[m.code] for m in find_codes(normalised) if m.code in self._codes]
        ranked = [Candidate(entry_id, 100.0) for entry_id in dict.fromkeys(known)]
        if is_other_body_part(normalised) and not ranked:
            return []
        fused, _, _ = self._ranked(text, normalised)
        for evidence in fused:
            if _percent(evidence) >= floor and evidence.entry_id not in known:
                ranked.append(Candidate(evidence.entry_id, _percent(evidence)))
        return ranked[:limit]

    # --- steps ----------------------------------------------------------------------------

    def _smalltalk_match(self, text: str, normalised: str) -> Match | None:
        if normalised in self._smalltalk:
            return Match(Outcome.ANSWER, self._smalltalk[normalised], 100.0, reason="smalltalk")
        if len(normalised) > 40:
            return None
        core = " ".join(word for word in normalised.split() if word not in _SMALLTALK_FILLERS) or normalised
        best = process.extractOne(core, self._smalltalk_keys, scorer=fuzz.ratio, score_cutoff=SMALLTALK_SCORE)
        if best:
            return Match(Outcome.ANSWER, self._smalltalk[best[0]], best[1], reason="smalltalk")
        if len(normalised.split()) <= SMALLTALK_MAX_WORDS:
            hits = self._smalltalk_meaning.search(self._meaning.embed([text]), limit=1)
            if hits and hits[0][1].score >= SMALLTALK_MEANING:
                entry_id, hit = hits[0]
                return Match(Outcome.ANSWER, entry_id, 100 * hit.score, reason="smalltalk")
        return None

    def _smalltalk_at_an_edge(self, normalised: str) -> str | None:
        """ "right that's me off to bed, nite nite", "good morning from Lagos": a short message
        that opens or ends with a greeting, thanks or goodbye, says nothing about knees and
        would otherwise not be answered."""
        words = normalised.split()
        if len(words) > SMALLTALK_EDGE_WORDS or in_the_domain(normalised):
            return None
        for size in range(min(4, len(words) - 1), 1, -1):  # two words at least: "ok" alone says little
            for edge in (" ".join(words[:size]), " ".join(words[-size:])):
                if edge in self._smalltalk:
                    return self._smalltalk[edge]
        return None

    def _step_asked_about(self, routine_id: str, text: str, normalised: str) -> int | None:
        """The step of a routine that a question about it is about ("in the calf routine how
        long do I hold each twist"), or None for a question about the routine as a whole."""
        if not wants_information(normalised) and not STEP_QUESTION.search(normalised):
            return None
        hits = self._steps.search(self._meaning.embed(_segments(text)), limit=50)
        for step_id, hit in hits:
            owner, _, number = step_id.rpartition("/")
            if owner == routine_id:
                return int(number) if hit.score >= STEP_MEANING else None
        return None

    def _by_name(self, normalised: str, section: Section) -> Match | None:
        """A point named in the message, unless the rest of the message is about something else
        ("how high are the Kunlun mountains"). None when no point is named."""
        words = normalised.split()
        mentions = self._names.find(words)
        named = list(dict.fromkeys(mention.entry_id for mention in mentions))
        if not named:
            return None
        rest = _outside(words, mentions)
        says_more = any(word not in _NAME_CONTEXT for word in rest)
        if says_more and all(mention.everyday for mention in mentions) and not mentions_care(normalised):
            return None  # "walk three miles", "sea of blood film": left to the rest of the matcher
        if says_more:
            vectors = self._meaning.embed([" ".join(rest)])
            hits = self._meaning.search(vectors, limit=1)
            decoys = self._decoys.search(vectors, limit=1)
            relevance = hits[0][1].score if hits else 0.0
            decoy = decoys[0][1].score if decoys else 0.0
            if relevance < NAME_CONTEXT_FLOOR or decoy >= relevance:
                return Match(Outcome.FALLBACK, reason="name-off-topic")
        if len(named) == 1:
            return Match(Outcome.ANSWER, named[0], 100.0, section, reason="name")
        candidates = tuple(Candidate(entry_id, 100.0) for entry_id in named[:MAX_CANDIDATES])
        return Match(Outcome.CLARIFY, None, 100.0, section, candidates, reason="several-names")

    def _by_condition(self, normalised: str) -> Match | None:
        """ "On Eliquis, can I do acupressure?", "had a hip replacement, can I do the calf routine":
        whether it is safe WITH a condition is what its safety answer is for."""
        if not (asks_permission(normalised) or asks_whether(normalised)):
            return None
        answers = {
            self._condition_answers[mention.name]
            for mention in self._own_conditions(normalised)
            if mention.name in self._condition_answers
        }
        if len(answers) != 1:
            return None
        return Match(Outcome.ANSWER, answers.pop(), 100.0, Section.CAUTIONS, reason="condition")

    def _own_conditions(self, normalised: str) -> list[Mention]:
        """Conditions the message is about: not "not blood thinners", "no fever" or "my sister
        had cancer, not me"."""
        message = self._scope.read(normalised)
        return [
            mention
            for mention in self._conditions.find(message.words, message.stems)
            if _own(message, mention, self._scope)
        ]

    def _conditions_not_had(self, normalised: str) -> set[str]:
        """The safety answers of conditions the message names only to deny them or as someone
        else's: those answers are not what it asks about."""
        message = self._scope.read(normalised)
        named = [
            mention
            for mention in self._conditions.find(message.words, message.stems)
            if mention.name in self._condition_answers
        ]
        kept = {
            self._condition_answers[mention.name] for mention in named if not _denied(message, mention, self._scope)
        }
        return {self._condition_answers[mention.name] for mention in named} - kept

    def _by_code(self, codes: list[str], section: Section) -> Match:
        known = list(dict.fromkeys(self._codes[code] for code in codes if code in self._codes))
        if len(known) == 1:
            return Match(Outcome.ANSWER, known[0], 100.0, section, reason="code")
        if known:
            candidates = tuple(Candidate(entry_id, 100.0) for entry_id in known[:MAX_CANDIDATES])
            return Match(Outcome.CLARIFY, None, 100.0, section, candidates, reason="several-codes")
        return Match(Outcome.FALLBACK, reason="unknown-code", unknown_codes=tuple(codes))

    def _ranked(self, text: str, normalised: str) -> tuple[list[Evidence], float, dict[str, int]]:
        """Candidates with both scores, best first; how close in meaning the message comes to
        the off-topic decoys (knowledge/offtopic.yaml); and for routines found through one of
        their steps, that step."""
        words = self._word_scores(normalised)
        vectors = self._meaning.embed(_segments(text))
        hits = self._meaning.search(vectors)
        decoys = self._decoys.search(vectors, limit=1)
        decoy = decoys[0][1].score if decoys else 0.0
        meaning = directions.adjust(
            {entry_id: hit.score for entry_id, hit in hits}, directions.sides(normalised), self._regions
        )
        steps = {entry_id: hit.step for entry_id, hit in hits if hit.step is not None}
        routine_wish = wants_routine(normalised)
        info_wish = wants_information(normalised)
        partner_wish = wants_a_partner_routine(normalised)
        permission_wish = asks_permission(normalised) or (
            asks_whether(normalised) and bool(self._conditions.find(normalised.split()))
        )
        for entry_id, score in meaning.items():
            entry = self.knowledge.get(entry_id)
            kind = kind_of(entry) if entry is not None else None
            if kind == "routine" and routine_wish:
                meaning[entry_id] = score + MEANING_ROUTINE_BOOST
            elif kind == "routine" and not info_wish:
                meaning[entry_id] = score + MEANING_TITLE_BOOST
            elif kind in ("faq", "safety") and info_wish:
                meaning[entry_id] = score + MEANING_INFO_BOOST
            if partner_wish and self._is_partner_routine(entry_id):
                meaning[entry_id] += MEANING_PARTNER_BOOST
            if kind == "safety" and permission_wish:
                meaning[entry_id] += MEANING_PERMISSION_BOOST
        ranked = fuse(words, meaning)
        if partner_wish:
            ranked = self._lift_first(ranked, self._is_partner_routine)
        if permission_wish:  # after, so that a safety answer comes first
            ranked = self._lift_first(ranked, self._is_safety_answer)
        return ranked, decoy, steps

    def _lift_first(self, ranked: list[Evidence], wanted: Callable[[str], bool]) -> list[Evidence]:
        """The first ``wanted`` entry nearly as close as the best (within ``LIFT_WINDOW``) moves
        to the top: "Can I do the calf routine after my hip replacement?" is answered by the
        safety answer on surgery, "how do I give my wife a knee massage" by a partner routine."""
        if not ranked or wanted(ranked[0].entry_id):
            return ranked
        best = ranked[0].fused
        for position, evidence in enumerate(ranked[1 : MAX_CANDIDATES + 2], start=1):
            if wanted(evidence.entry_id) and evidence.fused >= best - LIFT_WINDOW:
                lifted = replace(evidence, fused=best + 0.001)
                return [lifted, *ranked[:position], *ranked[position + 1 :]]
        return ranked

    def _is_safety_answer(self, entry_id: str) -> bool:
        return kind_of_id(self.knowledge, entry_id) == "safety"

    def _is_partner_routine(self, entry_id: str) -> bool:
        entry = self.knowledge.get(entry_id)
        return isinstance(entry, Routine) and entry.mode == "partner"

    def _word_scores(self, normalised: str) -> dict[str, float]:
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


def _without_denials(text: str) -> str:
    """The message without short parts that only deny symptoms ("no swelling, no heat, no
    fever - my knees are just stiff" is a question about stiffness, not about swelling)."""
    parts = _PARTS.split(text)
    kept = [part for part in parts if not _DENIAL.match(part.strip().lower())]
    return ", ".join(part.strip() for part in kept if part.strip()) if len(kept) < len(parts) and kept else text


def kind_of_id(knowledge: Knowledge, entry_id: str) -> str | None:
    entry = knowledge.get(entry_id)
    return kind_of(entry) if entry is not None else None


def _outside(words: list[str], mentions: list[NameMention]) -> list[str]:
    inside = {i for mention in mentions for i in range(mention.start, mention.end)}
    return [word for i, word in enumerate(words) if i not in inside]


def _percent(evidence: Evidence) -> float:
    return round(min(100.0, 100.0 * evidence.fused), 1)


def _segments(text: str) -> list[str]:
    """The message, and its sentences when there are several (the question is often one of
    them, buried in a story). A story longer than a couple of sentences is read by its
    sentences alone: the whole of it adds nothing measurable on the labelled sets, and reading
    it is the slowest step of the slowest messages."""
    sentences = [part.strip() for part in _SENTENCE_END.split(text) if len(part.strip()) > 3]
    if len(sentences) <= 1:
        return [text]
    if len(sentences) > MAX_SEGMENTS:  # the question is usually near the end
        sentences = sentences[: MAX_SEGMENTS // 2] + sentences[-MAX_SEGMENTS // 2 :]
    if len(text) > LONG_STORY_CHARS:
        return sentences
    return [text, *sentences]


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


def _own(message: ReadMessage, mention: Mention, scope: ScopeReader) -> bool:
    """Whether ``mention`` is a condition someone has now: not denied ("not blood thinners"),
    not over ("ACL repaired years ago"). Another person's counts ("my dad takes warfarin": a
    carer asks for him)."""
    return not message.negated(mention) and not message.clause_at(mention.start).set_aside


def _denied(message: ReadMessage, mention: Mention, scope: ScopeReader) -> bool:
    """Whether the message names ``mention`` only to deny it, or as someone else's history
    ("my aunt had cancer years ago, not me"): then its answer is not what the message asks."""
    if message.negated(mention):
        return True
    return bool(message.clause_at(mention.start).set_aside) and scope.subject(message, mention) == "other"
