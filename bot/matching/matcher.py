"""Decide, for one message, to answer one entry, ask which of a few was meant, or say so.

Order: greetings and thanks; spelling; point codes (exact identifiers, never fuzzy); a point
named; a condition asked about; then the entries the message could be about, found by word
overlap with names and phrasings, by closeness in meaning to every text of every entry, and by
what the message's wording says (:meth:`Matcher.read`), weighed by the trained model of
:mod:`bot.matching.decision`. Red flags are handled before this, by triage.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.knowledge import Entry, Knowledge, kind_of
from bot.knowledge.models import RedFlag, ReplyWord, Routine, Smalltalk
from bot.knowledge.sections import Section
from bot.matching import directions
from bot.matching.codes import find_codes
from bot.matching.decision import MAX_CANDIDATES, Decision, DecisionModel, Outcome
from bot.matching.elsewhere import (
    OWN_LEG,
    NotTheKnee,
    OtherBodyParts,
    WordsAsked,
    about_the_bot,
    for_an_animal,
    is_about_a_saying,
    is_about_an_animal,
    is_for_another_complaint,
    names_an_animal,
)
from bot.matching.evidence import Evidence, Reading
from bot.matching.index import PhraseIndex, Query
from bot.matching.intent import (
    SECTION_WORDS,
    asks_permission,
    asks_whether,
    in_the_domain,
    mentions_care,
    section_of,
    wants_a_daily_plan,
    wants_a_partner_routine,
    wants_information,
    wants_routine,
    wants_to_start,
)
from bot.matching.names import NameSpotter
from bot.matching.phrases import kept_texts, knowledge_texts, lexical_phrases, point_names, semantic_texts
from bot.matching.replies import ReplyMeaning
from bot.matching.someone_else import SomeoneElse
from bot.matching.spelling import Speller, Spelling, english_counts
from bot.semantic import SemanticIndex, Semantics, SemanticText
from bot.semantic.encoder import Vectors
from bot.text.normalise import normalise
from bot.text.phrases import Mention, PhraseFinder
from bot.text.scope import ReadMessage, ScopeReader
from bot.text.tokens import NAME_FILLERS, STOPWORDS, content_words

__all__ = ["Candidate", "Evidence", "Match", "Matcher", "Outcome"]

# A long message is read by its opening and its end, where the question usually is; meaning
# reads it sentence by sentence.
MAX_CHARS = 600
OPENING_CHARS = 150  # of those, kept from the start of a longer message (who is asking, about what)
MAX_SEGMENTS = 4
SMALLTALK_SCORE = 85.0
SMALLTALK_MEANING = 0.7  # closeness a short message needs to a greeting, thanks ... to be one
SMALLTALK_MAX_WORDS = 8
# A small talk item with a bar of its own (privacy) is taken as the runner-up this close to the
# closest item, when that one is not close enough to be it ("is my data safe here": the
# request for /mydata just ahead of privacy, and short of its bar).
SMALLTALK_RUNNER_UP = 0.05
# A request for a command that uses one of that command's own words (words of its phrasings that
# no other small talk and no knee text uses: "spreadsheet", "csv", "export"): how close in meaning
# it must come, at least, and how long it may be ("could I get my pain scores as a csv file").
OWN_WORD_MEANING = 0.5
OWN_WORD_MAX_WORDS = 16
# Commands that erase are asked for only as the usual bar reads them ("knee/forget" is no request).
ERASING_COMMANDS = frozenset({"forget"})
SMALLTALK_EDGE_WORDS = 10  # a message this short that opens or ends with smalltalk is smalltalk
STEP_MEANING = 0.45  # how close a question must come to a step for the answer to open with it
STEP_QUESTION = re.compile(r"\b(how long|how many|how much|how hard|how often|how do i|which|when do i|do i|should)\b")
MEANING_CANDIDATES = 30  # entries taken from meaning (the rest get the lowest closeness seen)
WORD_CANDIDATES = 12  # and from words
ALWAYS_WEIGHED = ("routine", "partner", "plan")  # kinds every entry of which is a candidate
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
# Words of two letters or more besides a code it takes to say the code means something else.
CODE_CONTEXT_WORDS = 2
_PARTS = re.compile(r"\s*(?:[,;:]|\s-+\s|\s–\s)\s*")
_DENIAL = re.compile(r"^(?:no|not|nothing|without|zero|never)\b(?:\s+\S+){0,3}$")
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")
# Words that say who is spoken of (:func:`_persons`).
_PERSON = {
    **dict.fromkeys("i me my mine im ive myself we us our".split(), "asker"),
    **dict.fromkeys("you your yours u ur youre yourself".split(), "bot"),
}
# The small talk that answers a question to the bot about its own knees: who it is.
ABOUT_THE_BOT = "who-are-you"


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
    evidence: tuple[Evidence, ...] = ()  # what was read of the leading candidates (for --json)
    step: int | None = None  # for a routine: the step the question is about
    also: tuple[str, ...] = ()  # entries nearly as likely as the answer, offered beside it
    spelling: tuple[tuple[str, str], ...] = ()  # slips corrected before reading: (as typed, as read)
    asks: str | None = None  # the kind of entry the decision reads the message as asking for, when clear
    for_someone_else: bool = False  # it asks for something to do on somebody else (a cue, not a verdict)


class Matcher:
    def __init__(
        self, knowledge: Knowledge, semantics: Semantics | None = None, model: DecisionModel | None = None
    ) -> None:
        """``semantics`` defaults to the shipped embedding model with no cache on disk, ``model``
        to the shipped decision model."""
        self.knowledge = knowledge
        self.model = model or DecisionModel.load()
        semantics = semantics or Semantics.load()
        self._index = PhraseIndex(lexical_phrases(knowledge))
        self._other_parts = OtherBodyParts(
            ((part.id, part.words) for part in knowledge.body_parts),
            (part.id for part in knowledge.body_parts if part.does_the_massage),
        )
        self._not_the_knee = NotTheKnee(knowledge.not_the_knee)
        words_asked = knowledge.about_words
        self._words_asked = WordsAsked(
            words_asked.language,
            words_asked.asking,
            words_asked.saying,
            (text for _, text, kind in lexical_phrases(knowledge) if kind != "phrasing"),
            words_asked.fields,
        )
        # The parts of the body not covered that each entry speaks of in the texts it is found
        # by (the sheets answer: sore heels; the high-heels answer: heels).
        self._parts_of: dict[str, frozenset[str]] = {}
        for entry_id, phrase, _ in lexical_phrases(knowledge):
            named = self._other_parts.named(normalise(phrase))
            if named:
                self._parts_of[entry_id] = self._parts_of.get(entry_id, frozenset()) | named
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
        # Each routine's steps, as a run of the steps index's entries (sorted: "calf/0", "calf/1" ...).
        step_owners = [step_id.rpartition("/")[0] for step_id in self._steps.entry_ids]
        self._routine_steps = [
            (routine_id, step_owners.index(routine_id), len(step_owners) - step_owners[::-1].index(routine_id))
            for routine_id in dict.fromkeys(step_owners)
        ]
        self._decoys = SemanticIndex(
            semantics.encoder,
            [SemanticText(decoy.id, example) for decoy in knowledge.decoys for example in decoy.examples],
            semantics.cache,
            second_text=0.0,  # one off-topic example close enough is enough
        )
        # What each plan is for, apart from the ways of asking for one, which all plans share.
        self._situations = SemanticIndex(
            semantics.encoder,
            [SemanticText(plan.id, text) for plan in knowledge.plans for text in (*plan.words, *plan.situations)],
            semantics.cache,
            second_text=0.0,
        )
        self._smalltalk_meaning = SemanticIndex(
            semantics.encoder,
            [SemanticText(item.id, phrase) for item in knowledge.smalltalk for phrase in item.phrasings],
            semantics.cache,
        )
        self.replies = ReplyMeaning(semantics.encoder, knowledge.replies, semantics.cache)
        self._names = NameSpotter(point_names(knowledge), ordinary=english_counts().keys())
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
        self._kinds = {entry.id: kind for entry in knowledge.entries() if (kind := _kind(entry))}
        self._kinds |= {plan.id: "plan" for plan in knowledge.plans}
        # Routines and plans are few, and a request for one is often far in meaning from all its
        # texts ("is there a routine I can do on her knee"): every one of them is weighed.
        self._always = tuple(entry_id for entry_id, kind in self._kinds.items() if kind in ALWAYS_WEIGHED)
        self._smalltalk = {normalise(p): item.id for item in knowledge.smalltalk for p in item.phrasings}
        self._commands = tuple(item.id for item in knowledge.smalltalk if item.command is not None)
        self._smalltalk_keys = list(self._smalltalk)
        self._own_words = _commands_own_words(knowledge)
        self._own_bars = {item.id: item.meaning_bar for item in knowledge.smalltalk if item.meaning_bar is not None}
        self._codes = _code_table(knowledge)
        self._speller = Speller(knowledge_texts(knowledge), kept_texts(knowledge))
        self._someone_else = SomeoneElse(knowledge.safety.scope.other_person)

    def match(self, text: str) -> Match:
        """The decision for one message (cached: people repeat questions)."""
        return self._match(_without_denials(text.strip()))

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher lives as long as the process
    def _match(self, typed: str) -> Match:
        as_typed = normalise(_shortened(typed))
        if not as_typed:
            return Match(Outcome.FALLBACK, reason="empty")
        smalltalk = self._smalltalk_match(typed, as_typed)
        if smalltalk:
            return smalltalk
        spelling = self._spelled(_shortened(typed))
        if spelling.changes:  # "show me the list of routnes": small talk or a command, read as meant
            smalltalk = self._smalltalk_match(spelling.text, normalise(spelling.text))
            if smalltalk:
                return replace(smalltalk, spelling=spelling.changes)
        match = self._read(spelling.text, normalise(spelling.text), as_typed)
        return replace(match, spelling=spelling.changes) if spelling.changes else match

    def _read(self, text: str, normalised: str, as_typed: str) -> Match:
        """The decision for ``text``, a message with its slips corrected (``as_typed``: before)."""
        if for_an_animal(normalised):
            # Whatever a code, a name or the decision would find: a pet's leg is a vet's ("my dog
            # has a stiff knee, can I press ST36 on him", "the cat is limping, start the calf one").
            return Match(Outcome.FALLBACK, reason="animal")
        if about_the_bot(normalised) and self.knowledge.get(ABOUT_THE_BOT) is not None:
            # The bot's own knees ("do you even have knees?", "are you a robot with knees"): small
            # talk, who the bot is, not a knee question.
            return Match(Outcome.ANSWER, ABOUT_THE_BOT, 100.0, reason="smalltalk")
        section = section_of(normalised)
        early = self._identified(normalised, as_typed, section)
        # Several points named or coded (offered as choices there): all of them are answered, in
        # the order the decision weighs them.
        if early is not None and early.outcome is not Outcome.CLARIFY:
            return replace(early, for_someone_else=self._someone_else.asked_for(normalised))
        reading = self.read(text, normalised)
        decision = self.model.decide(reading)
        if early is not None:
            return self._one_of_those_named(early, decision)
        match = self._decided(decision, reading, text, normalised, section, as_typed)
        return replace(match, asks=decision.asks, for_someone_else=bool(reading.cues.get("someone_else")))

    def _one_of_those_named(self, named: Match, decision: Decision) -> Match:
        """For a message naming several points ("ST36 or SP9, what's the difference?", "should I
        press ST34 or SP10 for the outer side above the kneecap"), all of them: the person named
        them all, so asking which one they meant would ask them to repeat themselves, and
        answering one would drop what they asked about. The decision only orders them: the one
        it finds likeliest (the rest of the message, a side or a use, can tell them apart)
        first. However sure or unsure the decision, each named point is answered."""
        names = [candidate.entry_id for candidate in named.candidates]
        weighed = {evidence.entry_id: evidence.probability for evidence in decision.ranked_all}
        ordered = sorted(names, key=lambda entry_id: -weighed.get(entry_id, 0.0))  # stable: as named on ties
        return Match(Outcome.ANSWER, ordered[0], 100.0, named.section, reason="together", also=tuple(ordered[1:]))

    def _decided(
        self, decision: Decision, reading: Reading, text: str, normalised: str, section: Section, as_typed: str
    ) -> Match:
        """The match the model's decision makes of ``reading``."""
        ranked = list(decision.ranked)
        evidence = decision.ranked[:MAX_CANDIDATES]
        if decision.confidence < self.model.thresholds.answer and _elsewhere(reading):
            # Nothing is likely enough to answer, and the message is about another body part
            # or a pet ("a neck massage for my wife"): that it asks for a kind of thing (a
            # massage, a plan) does not put it on the knee, and knee entries offered as choices
            # (or a partner routine for whoever it names) would answer a question not asked.
            return self._declined(decision, reading, ranked)
        if decision.outcome is Outcome.ANSWER and self._about_another_part(normalised, decision.ranked[0].entry_id):
            # However sure: a message about a part of the body this bot does not cover ("a steam
            # towel on my sore back", "how do I massage my soles") gets no knee content, unless
            # the answer itself speaks of that part.
            return Match(Outcome.FALLBACK, score=round(100 * decision.confidence, 1), reason="other-body-part")
        if decision.outcome is not Outcome.FALLBACK and (
            self._words_asked.strength(normalised) >= 1.0 or self._not_the_knee.said(normalised)
        ):
            # However sure: a question about words ("weak at the knees meaning?", "where does the
            # saying ... come from") is about the words, not a knee (a point's own name is read
            # before this: "what does Xuehai mean"); and a message that says it is not about the
            # knee ("qigong breathing for stress, nothing to do with knees") is taken at its word.
            # No knee content and no knee choices.
            return Match(Outcome.FALLBACK, score=round(100 * decision.confidence, 1), reason="off-topic")
        if decision.outcome is Outcome.CLARIFY and not reading.cues.get("length"):
            # No word of the message the knowledge or English knows ("nonw", read as "now"): its
            # meaning alone offers entries at random, so no choices.
            return self._declined(decision, reading, ranked)
        if decision.outcome is not Outcome.ANSWER:
            edge = self._smalltalk_at_an_edge(as_typed)
            if edge is not None:
                return Match(Outcome.ANSWER, edge, 100.0, reason="smalltalk")
        if decision.outcome is Outcome.ANSWER:
            best = decision.ranked[0]
            step = None
            if best.kind in ("routine", "partner") and not wants_to_start(normalised):
                step = best.step if best.step is not None else self._step_asked_about(best.entry_id, text, normalised)
            also = tuple(e.entry_id for e in decision.ranked[1:])
            return Match(
                Outcome.ANSWER,
                best.entry_id,
                round(100 * decision.confidence, 1),
                section,
                reason=decision.reason,
                evidence=evidence,
                step=step,
                also=also,
            )
        candidates = tuple(Candidate(e.entry_id, _percent(e)) for e in decision.ranked)
        score = round(100 * decision.confidence, 1)
        if decision.outcome is Outcome.CLARIFY:
            return Match(Outcome.CLARIFY, None, score, section, candidates, decision.reason, evidence=evidence)
        return replace(self._declined(decision, reading, ranked), evidence=evidence)

    def _declined(self, decision: Decision, reading: Reading, ranked: list[Evidence]) -> Match:
        """Nothing answered, with the reason that words the reply."""
        return Match(Outcome.FALLBACK, score=round(100 * decision.confidence, 1), reason=_why_not(reading, ranked))

    def _about_another_part(self, normalised: str, entry_id: str) -> bool:
        """Whether ``normalised`` is about a part of the body not covered (not only the hands that
        do the massage), names no knee or leg, and ``entry_id`` speaks of none of the parts it
        names."""
        parts = self._other_parts.elsewhere(normalised) - self._other_parts.tools
        return bool(parts) and not parts & self._parts_of.get(entry_id, frozenset())

    def _identified(self, normalised: str, as_typed: str, section: Section) -> Match | None:
        """What a code, a name or a condition named decides before anything is weighed."""
        codes = find_codes(normalised)
        if codes:
            words = normalised.split()
            spans = [mention.words for mention in codes]
            spans += [(mention.start, mention.end) for mention in self._names.find(words)]
            rest = _outside(words, spans)
            said = [word for word in rest if word not in _NAME_CONTEXT and len(word) > 2]
            if len(said) >= CODE_CONTEXT_WORDS and self._about_something_else(rest):
                return Match(Outcome.FALLBACK, reason="off-topic")  # "UB40 tour dates"
            match = self._by_code([mention.code for mention in codes], section)
            answers = sorted(self._condition_answers_named(normalised))
            if match.reason == "unknown-code" and len(answers) == 1:
                # A point we have no notes on, asked about with a condition ("is SP6 ok when
                # pregnant"): what can be said is that condition's safety answer.
                return replace(match, outcome=Outcome.ANSWER, entry_id=answers[0], score=100.0, reason="condition")
            return match
        # Before body parts ("Calf's Nose" is a point); names are spotted as typed too, since
        # they are often spelt by ear ("koon loon").
        return self._by_name(normalised, section) or self._by_name(as_typed, section)

    def declined_first(self, text: str) -> bool:
        """Whether ``text`` is decided before anything is weighed, as a pet's leg or the bot's own
        knees are: never a message the decision reads, so never one it learns from."""
        normalised = normalise(self._speller.correct(_shortened(_without_denials(text.strip()))).text)
        return for_an_animal(normalised) or about_the_bot(normalised)

    def prepared(self, text: str) -> tuple[str, bool]:
        """``text`` as the decision model reads it (slips corrected), and whether the model is
        asked at all: False when a greeting, a code, a name or a condition decides. For training."""
        typed = _without_denials(text.strip())
        as_typed = normalise(_shortened(typed))
        corrected = self._speller.correct(_shortened(typed)).text
        if not as_typed or self._smalltalk_match(typed, as_typed) is not None:
            return corrected, False
        if corrected != typed and self._smalltalk_match(corrected, normalise(corrected)) is not None:
            return corrected, False
        normalised = normalise(corrected)
        if for_an_animal(normalised) or about_the_bot(normalised):
            return corrected, False
        return corrected, self._identified(normalised, as_typed, section_of(normalised)) is None

    def candidate_kinds(self) -> dict[str, str]:
        """Upper-case id -> kind (bot.matching.evidence.KINDS) of every entry that can be a candidate."""
        return {entry_id.upper(): kind for entry_id, kind in self._kinds.items()}

    def with_model(self, model: DecisionModel) -> Matcher:
        """The same matcher deciding with another model (cross-validation trains one per fold)."""
        other = copy.copy(self)
        other.model = model
        return other

    def reply_in_other_words(self, text: str, allowed: Collection[ReplyWord]) -> ReplyWord | None:
        """The reply to a screen acting on ``allowed`` that ``text`` means in other words ("I'd
        rather not do this one"), or None: see :mod:`bot.matching.replies`."""
        if not self.replies.may_read(text):
            return None
        query = self.embed(text)
        return self.replies.read(text, query, allowed, self.closest_entry(query))

    def corrected(self, text: str) -> str:
        """``text`` with its likely slips corrected, whole (denials kept): for the readers of
        facts and practice phrases, which read the message as typed first. Most messages are
        corrected once for these readers and the decision together."""
        return self._spelled(text.strip()).text

    @lru_cache(maxsize=1024)  # noqa: B019 - one matcher lives as long as the process
    def _spelled(self, text: str) -> Spelling:
        return self._speller.correct(text)

    def asks_for_a_massage(self, text: str) -> bool:
        """Whether ``text`` asks for a routine or a massage for somebody else (a cue, see
        :mod:`bot.matching.someone_else`)."""
        return self._someone_else.asked_for_a_massage(normalise(self._spelled(_shortened(text)).text))

    def says_none(self, text: str) -> bool:
        """Whether ``text`` says, in other words, that none of a safety check's lines applies
        ("nothing wrong with me"): see :meth:`bot.matching.replies.ReplyMeaning.says_none`."""
        if not self.replies.may_read(text):
            return False
        query = self.embed(text)
        return self.replies.says_none(text, query, self.closest_entry(query))

    def unsure(self, text: str) -> bool:
        """Whether ``text`` says the writer does not know the answer, in other words ("no idea"):
        see :meth:`bot.matching.replies.ReplyMeaning.unsure`."""
        if not self.replies.may_read(text):
            return False
        query = self.embed(text)
        return self.replies.unsure(text, query, self.closest_entry(query))

    def wishes_to_stop(self, text: str) -> bool:
        """Whether ``text`` asks to stop, in other words ("I think I'll call it a day"): to be
        confirmed, never acted on (see :mod:`bot.matching.replies`)."""
        if not self.replies.may_read(text):
            return False
        query = self.embed(text)
        return self.replies.wishes_to_stop(text, query, self.closest_entry(query))

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
        text = self._spelled(_shortened(text)).text
        normalised = normalise(text)
        step = None
        if kind_of_id(self.knowledge, entry_id) == "routine":
            step = self._step_asked_about(entry_id, text, normalised)
        return Match(Outcome.ANSWER, entry_id, 100.0, section_of(normalised), reason="follow-up", step=step)

    def rank(self, text: str, limit: int = 10, floor: float = 10.0) -> list[Candidate]:
        """The entries ``text`` could be about, best first (for inline suggestions).

        Unlike :meth:`match` this never decides; it lists. Codes still come first and exactly.
        """
        text = self._spelled(_shortened(text)).text
        normalised = normalise(text)
        if not normalised:
            return []
        known = [self._codes[m.code] for m in find_codes(normalised) if m.code in self._codes]
        ranked = [Candidate(entry_id, 100.0) for entry_id in dict.fromkeys(known)]
        for evidence in self.model.decide(self.read(text, normalised)).ranked_all:
            if _percent(evidence) >= floor and evidence.entry_id not in known and evidence.kind != "plan":
                ranked.append(Candidate(evidence.entry_id, _percent(evidence)))
        return ranked[:limit]

    # --- steps ----------------------------------------------------------------------------

    def _smalltalk_match(self, text: str, normalised: str) -> Match | None:
        if normalised in self._smalltalk:
            return Match(Outcome.ANSWER, self._smalltalk[normalised], 100.0, reason="smalltalk")
        if len(normalised) > 40:
            return self._command_by_its_own_words(text, normalised)
        core = " ".join(word for word in normalised.split() if word not in _SMALLTALK_FILLERS) or normalised
        best = process.extractOne(core, self._smalltalk_keys, scorer=fuzz.ratio, score_cutoff=SMALLTALK_SCORE)
        if best and _same_people(core, best[0]):
            return Match(Outcome.ANSWER, self._smalltalk[best[0]], best[1], reason="smalltalk")
        if len(normalised.split()) <= SMALLTALK_MAX_WORDS:
            hits = self._smalltalk_meaning.search(self._meaning.embed([text]), limit=2)
            for rank, (entry_id, hit) in enumerate(hits):
                if rank and (entry_id not in self._own_bars or hits[0][1].score - hit.score > SMALLTALK_RUNNER_UP):
                    break  # a runner-up counts only with a bar of its own, and nearly as close
                if hit.score >= self._smalltalk_bar(entry_id) and _same_people(normalised, hit.text):
                    return Match(Outcome.ANSWER, entry_id, 100 * hit.score, reason="smalltalk")
        return self._command_by_its_own_words(text, normalised)

    def _command_by_its_own_words(self, text: str, normalised: str) -> Match | None:
        """A request for a command in a message that uses one of the command's own words
        ("can I have it as a spreadsheet", "could I get my pain scores as a csv file"): that
        command, when the message comes closer to it than to any other small talk, by the bar
        the training chose for it (no knee question comes that close) and at least
        :data:`OWN_WORD_MEANING`; such a word says what is asked where the meaning alone is
        less sure, so a longer message is read too."""
        words = set(normalised.split())
        if len(normalised.split()) > OWN_WORD_MAX_WORDS or not any(words & own for own in self._own_words.values()):
            return None
        hits = self._smalltalk_meaning.search(self._meaning.embed([text]), limit=1)
        if not hits:
            return None
        entry_id, hit = hits[0]
        bar = max(OWN_WORD_MEANING, self.model.thresholds.commands.get(entry_id, 1.0))
        if (
            words & self._own_words.get(entry_id, frozenset())
            and hit.score >= bar
            and _same_people(normalised, hit.text)
        ):
            return Match(Outcome.ANSWER, entry_id, 100 * hit.score, reason="smalltalk")
        return None

    def _smalltalk_bar(self, item_id: str) -> float:
        """How close in meaning a short message must come to ``item_id`` to be it: for a request
        for a command, the bar the training chose (above the labelled questions that ask for
        something else, "a massage for my partner" beside "list your massages")."""
        if item_id in self._own_bars:
            return self._own_bars[item_id]
        return max(SMALLTALK_MEANING, self.model.thresholds.commands.get(item_id, 0.0))

    def smalltalk_closeness(self, query: Vectors, item_id: str) -> float:
        """How close a message (embedded as ``query``) comes to small talk ``item_id``, as the
        small talk reader weighs it (for choosing an item's own bar)."""
        hits = self._smalltalk_meaning.search(query, limit=1, always=[item_id])
        return next((hit.score for entry_id, hit in hits if entry_id == item_id), 0.0)

    def command_closeness(self, text: str) -> dict[str, float]:
        """How close in meaning a short message comes to each request for a command, as the
        small talk reader weighs it (for training its bars); {} for a longer message."""
        typed = _without_denials(text.strip())
        if len(normalise(_shortened(typed)).split()) > SMALLTALK_MAX_WORDS:
            return {}
        hits = self._smalltalk_meaning.search(self._meaning.embed([typed]), limit=1, always=self._commands)
        return {entry_id: hit.score for entry_id, hit in hits if entry_id in self._commands}

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
        hits = self._steps.search(self._embed_segments(text), limit=50)
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
        rest = _outside(words, [(mention.start, mention.end) for mention in mentions])
        says_more = any(word not in _NAME_CONTEXT for word in rest)
        elsewhere = says_more and self._about_something_else(rest)
        if says_more and all(mention.everyday for mention in mentions) and not mentions_care(normalised):
            # An English name ("Sea of Blood", "Leg Three Miles") needs the body or its care near:
            # "sea of blood novel plot summary" is not the point; "walk three miles" is left to
            # the rest of the matcher.
            return Match(Outcome.FALLBACK, reason="name-off-topic") if elsewhere else None
        if elsewhere:
            return Match(Outcome.FALLBACK, reason="name-off-topic")
        if len(named) == 1:
            return Match(Outcome.ANSWER, named[0], 100.0, section, reason="name")
        candidates = tuple(Candidate(entry_id, 100.0) for entry_id in named[:MAX_CANDIDATES])
        return Match(Outcome.CLARIFY, None, 100.0, section, candidates, reason="several-names")

    def _about_something_else(self, rest: list[str]) -> bool:
        """Whether the words of a message around a name or code are about something else: far
        from everything the knowledge says, or closer to an everyday off-topic example ("tour
        dates" around "UB40", "mountains" around "Kunlun")."""
        vectors = self._meaning.embed([" ".join(rest)])
        hits = self._meaning.search(vectors, limit=1)
        decoys = self._decoys.search(vectors, limit=1)
        relevance = hits[0][1].score if hits else 0.0
        decoy = decoys[0][1].score if decoys else 0.0
        return relevance < NAME_CONTEXT_FLOOR or decoy >= relevance

    def _own_conditions(self, normalised: str) -> list[Mention]:
        """Conditions the message is about: not "not blood thinners", "no fever" or "my sister
        had cancer, not me"."""
        named = self._conditions_named(normalised)
        if not named:
            return []  # most messages name none: their clauses need no reading
        message = self._read_scope(normalised)
        return [mention for mention in named if _own(message, mention, self._scope)]

    @lru_cache(maxsize=8)  # noqa: B019 - a message's conditions are looked for twice
    def _read_scope(self, normalised: str) -> ReadMessage:
        return self._scope.read(normalised)

    @lru_cache(maxsize=8)  # noqa: B019 - the same
    def _conditions_named(self, normalised: str) -> tuple[Mention, ...]:
        return tuple(self._conditions.find(*self._scope.words(normalised)))

    def _conditions_not_had(self, normalised: str) -> set[str]:
        """The safety answers of conditions the message names only to deny them or as someone
        else's: those answers are not what it asks about."""
        named = [mention for mention in self._conditions_named(normalised) if mention.name in self._condition_answers]
        if not named:
            return set()
        message = self._read_scope(normalised)
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

    def read(self, text: str, normalised: str | None = None, holdout: bool = False) -> Reading:
        """What ``text`` (slips already corrected) says about each entry it could be about, and
        about itself; nothing is decided here. ``holdout``: leave the message's own text out
        of the indexes, as if the knowledge did not hold it (to learn from its phrasings)."""
        normalised = normalise(_shortened(text)) if normalised is None else normalised
        without = normalised if holdout else None
        vectors = self._embed_segments(text)
        hits = self._meaning.search(
            vectors, limit=MEANING_CANDIDATES, without=text if holdout else None, always=self._always
        )
        decoys = self._decoys.search(vectors, limit=1, without=text if holdout else None)
        situations = {entry_id: hit.score for entry_id, hit in self._situations.search(vectors, limit=50)}
        near_steps = self._nearest_steps(vectors)
        sides = directions.sides(normalised)
        meaning = {entry_id: hit.score for entry_id, hit in hits}
        steps = {entry_id: hit.step for entry_id, hit in hits if hit.step is not None}
        query = self._index.prepare(normalised)
        words = self._word_scores(query, normalised, without)
        names: dict[str, tuple[float, bool]] = {}
        # An English name ("Leg Three Miles") counts only with the body or its care near.
        care = mentions_care(normalised)
        mentions = [m for m in self._names.find(normalised.split()) if care or not m.everyday]
        rest = _outside(normalised.split(), [(mention.start, mention.end) for mention in mentions])
        name_elsewhere = (
            bool(mentions) and any(w not in _NAME_CONTEXT for w in rest) and self._about_something_else(rest)
        )
        for mention in mentions:
            known = names.get(mention.entry_id, (0.0, True))
            names[mention.entry_id] = (max(known[0], mention.similarity / 100), known[1] and mention.everyday)
        conditions = self._condition_answers_named(normalised)
        # A candidate meaning did not rank gets the lowest closeness among those it did.
        floor = min((hit.score for _, hit in hits[:MEANING_CANDIDATES]), default=0.0)
        by_words = sorted(words, key=lambda entry_id: -words[entry_id])[:WORD_CANDIDATES]
        candidates = []
        # The answer about a condition the message denies or tells of someone else ("I'm not on
        # blood thinners") is not what it asks about.
        denied = self._conditions_not_had(normalised)
        for entry_id in dict.fromkeys([*meaning, *by_words, *names, *conditions]):
            kind = self._kinds.get(entry_id)
            if kind is None or entry_id in denied:
                continue
            candidates.append(
                Evidence(
                    entry_id,
                    kind,
                    words.get(entry_id, 0.0),
                    meaning.get(entry_id, floor),
                    name=names.get(entry_id, (0.0, False))[0],
                    everyday_name=names.get(entry_id, (0.0, False))[1],
                    condition=entry_id in conditions,
                    direction=directions.agreement(sides, self._regions.get(entry_id, {})),
                    step=steps.get(entry_id),
                    situation=situations.get(entry_id, 0.0),
                    step_meaning=near_steps.get(entry_id, 0.0),
                )
            )
        mean = vectors.mean(axis=0)
        vector = mean / max(float((mean @ mean) ** 0.5), 1e-12)
        content = len(query.tokens) + len(query.unknown)
        cues = {
            "in_domain": in_the_domain(normalised),
            "care": mentions_care(normalised),
            "other_body_part": bool(self._other_parts.elsewhere(normalised)),
            "other_complaint": is_for_another_complaint(normalised),
            "animal": is_about_an_animal(normalised),
            "saying": is_about_a_saying(normalised),
            "permission": asks_permission(normalised),
            "whether": asks_whether(normalised),
            "start": wants_to_start(normalised),
            "routine_words": wants_routine(normalised),
            "information": wants_information(normalised),
            "partner": wants_a_partner_routine(normalised),
            "someone_else": self._someone_else.asked_for(normalised),
            "plan_words": wants_a_daily_plan(normalised),
            "condition": bool(conditions),
            "name_elsewhere": name_elsewhere,
            "step": max(near_steps.values(), default=0.0),
            "situation": max(situations.values(), default=0.0),
            "sides": len(sides),
            "length": math.log1p(content),
            "unknown": len(query.unknown) / content if content else 0.0,
            "sentences": len(vectors) > 1,
        }
        decoy = decoys[0][1].score if decoys else 0.0
        return Reading(
            vector.astype("float32"), tuple(candidates), decoy, {k: float(v) for k, v in cues.items()}, normalised
        )

    def _embed_segments(self, text: str) -> Vectors:
        """The message and its sentences (:func:`_segments`) as the meaning model reads them, from
        one run of the model over the whole: a sentence is read in the context of the message
        around it (a run of its own per sentence cost up to four times as much)."""
        return self._meaning.embed_parts(text, _segments(text))

    def _nearest_steps(self, vectors: Vectors) -> dict[str, float]:
        """Each routine's closeness in meaning to its nearest step (title or text, no handicap):
        a routine is often asked for by one of its steps ("the one where you twist the calf")."""
        scores = self._steps.scores(vectors)
        if not len(scores):
            return {}
        return {routine_id: max(0.0, float(scores[start:end].max())) for routine_id, start, end in self._routine_steps}

    def _condition_answers_named(self, normalised: str) -> set[str]:
        """The safety answers for the conditions a message says the person has (warfarin,
        pregnancy, a cast): not those it denies or tells of someone else."""
        return {
            self._condition_answers[mention.name]
            for mention in self._own_conditions(normalised)
            if mention.name in self._condition_answers
        }

    def _word_scores(self, query: Query, normalised: str, without: str | None = None) -> dict[str, float]:
        scores = self._index.score(query, without=without)
        # Point names are matched without the words that only choose a section ("where",
        # "how long", "press"), so "how long do I press liangqiu" is about Liangqiu.
        point_query = self._index.prepare(normalised, ignore=SECTION_WORDS)
        for source in (
            self._index.fuzzy_names(query),
            self._index.score(point_query, allowed=self._point_ids, without=without),
            self._index.fuzzy_names(point_query, allowed=self._point_ids),
        ):
            for entry_id, score in source.items():
                scores[entry_id] = max(scores.get(entry_id, 0.0), score)
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


def _outside(words: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """The words of a message outside the spans ([start, end) word positions) of names or codes."""
    inside = {i for start, end in spans for i in range(start, end)}
    return [word for i, word in enumerate(words) if i not in inside]


def _percent(evidence: Evidence) -> float:
    return round(100.0 * evidence.probability, 1)


def _kind(entry: Entry) -> str:
    """The kind of a candidate entry, as the decision model sees it (smalltalk and red-flag
    rules are never candidates; a kind of answer it was not trained on is weighed as an answer
    to a question)."""
    if isinstance(entry, Routine):
        return "partner" if entry.mode == "partner" else "routine"
    if isinstance(entry, RedFlag | Smalltalk):
        return ""
    kind = kind_of(entry)
    return kind if kind in ("point", "faq", "safety") else "faq"


def _elsewhere(reading: Reading) -> bool:
    """Whether the wording puts the message on another body part, complaint or a pet."""
    return any(reading.cues.get(cue) for cue in ("other_body_part", "other_complaint", "animal"))


def _why_not(reading: Reading, ranked: list[Evidence]) -> str:
    """Why nothing is answered, which words the reply: about something else than a person's
    knees (another part, a pet: a vet is the one to ask), or nothing close."""
    cues = reading.cues
    if cues.get("other_body_part") or cues.get("other_complaint"):
        return "other-body-part"
    if cues.get("animal") or (names_an_animal(reading.text) and not OWN_LEG.search(reading.text)):
        return "animal"
    if not ranked or reading.decoy >= max(c.meaning for c in ranked) or not cues.get("in_domain"):
        return "off-topic"
    return "no-match"


def _commands_own_words(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Per request for a command (small talk with a ``command``, one that erases aside), the words
    of its phrasings that no other small talk's phrasings and no other text of the knowledge use
    ("csv", "export")."""
    taken = {word for text in knowledge_texts(knowledge, smalltalk=False) for word in content_words(normalise(text))}
    said = {
        item.id: {word for phrasing in item.phrasings for word in content_words(normalise(phrasing))}
        for item in knowledge.smalltalk
    }
    own: dict[str, frozenset[str]] = {}
    for item in knowledge.smalltalk:
        if item.command is not None and item.command not in ERASING_COMMANDS:
            elsewhere = taken.union(*(words for item_id, words in said.items() if item_id != item.id))
            own[item.id] = frozenset(said[item.id] - elsewhere)
    return own


def _same_people(message: str, phrasing: str) -> bool:
    """Whether a message close to a phrasing of small talk speaks of the same people: "what can
    i do" (about something told) is not "what can you do" (what the bot is for), however close
    their letters or meaning; "thanks for your help" is thanks."""
    said, meant = _persons(message), _persons(normalise(phrasing))
    return not (said and meant and not said & meant)


def _persons(normalised: str) -> frozenset[str]:
    """Who a message speaks of: the asker, the bot, or both."""
    return frozenset(person for word in normalised.split() if (person := _PERSON.get(word)))


def _shortened(text: str) -> str:
    """``text``, or for a message longer than :data:`MAX_CHARS` its opening sentences and as
    many of its last ones as fit: a story comes first and the question at its end ("... anyway,
    is there a point I can press at the lunch stop?"), so cutting it at its start would lose
    what it asks."""
    if len(text) <= MAX_CHARS:
        return text
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part]
    opening: list[str] = []
    for sentence in sentences:
        if len(" ".join([*opening, sentence])) > OPENING_CHARS:
            break
        opening.append(sentence)
    ending: list[str] = []
    for sentence in reversed(sentences[len(opening) :]):
        if len(" ".join([*opening, sentence, *ending])) > MAX_CHARS:
            break
        ending.insert(0, sentence)
    if not ending:  # one long run-on sentence: its end
        return text[-MAX_CHARS:]
    return " ".join([*opening, *ending])


def _segments(text: str) -> list[str]:
    """The message, and its sentences when there are several (the question is often one of
    them, buried in a story), the first two and the last two of a longer story: all of them
    are read from the one run of the model over the whole message."""
    sentences = [part.strip() for part in _SENTENCE_END.split(text) if len(part.strip()) > 3]
    if len(sentences) <= 1:
        return [text]
    if len(sentences) > MAX_SEGMENTS:  # the question is usually near the end
        sentences = sentences[: MAX_SEGMENTS // 2] + sentences[-MAX_SEGMENTS // 2 :]
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
