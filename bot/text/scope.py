"""Whose present a mention describes: sentences and clauses, negation, and whose body it is.

Red-flag triage (:mod:`bot.safety.findings`) and what people say about themselves
(:mod:`bot.engine.memory.facts`) read a message the same way, here:

* A clause is set aside when it is over and done with ("I had a clot in 2010", "it healed"), a
  general question ("what are the signs of a clot"), or someone else's history ("my grandad had
  a DVT"). Somebody else's present symptoms are not set aside: "my dad's knee is hot and
  swollen" is a reason to get him seen.
* A mention is negated by a negation shortly before it in its clause ("no swelling", "I'm not
  pregnant"), or by a bare "no" answering it when it was asked as a question or a label
  ("temperature? nope", "redness: none"): :meth:`ReadMessage.negated`.
* Whose body a mention is said of, from the words before it ("I'm pregnant" against "my wife is
  pregnant"): :meth:`ScopeReader.subject`.

The words that mark each of these are data (the ``scope`` of knowledge/safety.yaml, given as
:class:`ScopeWords`); only the grammar of pronouns and linking words is here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.text.chat_spellings import standard_word
from bot.text.normalise import fold, normalise
from bot.text.phrases import DETERMINERS, Mention, PhraseFinder
from bot.text.tokens import stem

# Sentence ends; then clause boundaries inside a sentence.
_SENTENCES = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?;\n])+")  # a full stop, but not inside "38.5"
_CLAUSE_MARKS = re.compile(r"[,:()\[\]–—]+|\s-+\s")
# Marks after which a clause waits for its answer: "fever?", "swelling:", "heat - ".
_ASKING_SENTENCE = re.compile(r"\?")
_ASKING_CLAUSE = re.compile(r"[:–—]|\s-+\s")
_CLAUSE_WORDS = frozenset("but however although though except whereas until unless then".split())
# "and" opens a clause of its own before "now", "then" and the writer as the subject of a new
# verb ("... for 3 years and I've started thinking ...", "... and I'm bleeding"): what the writer
# goes on to say is not the first clause's to set aside.
_WRITER_GOES_ON = frozenset({("and", "i"), ("and", "im"), ("and", "my")})
_CLAUSE_PAIRS = frozenset({("and", "now"), ("and", "then"), ("since", "then")}) | _WRITER_GOES_ON
_YEAR = re.compile(r"^(19|20)\d\d$")
_SENTENCE_WIDE = frozenset({"hypothetical", "resolved", "past"})
# Time words that another clause of the sentence may lend: not to a clause in the present tense.
_TIME_WIDE = frozenset({"resolved", "past"})
# A clause in the present tense, the writer or their body its subject ("I can't see a way out",
# "I want it to stop", "I'm shaking", "my calf is swollen", "the scar is red"): grammar, not a list
# of what is said. A time word
# elsewhere in its sentence ("last year I tried, and I can't see a way out") does not make it
# history; its own time words still do.
_TELLS_NOW = re.compile(
    r"\b(?:i|im|we)\b(?: (?:just|really|honestly|still|genuinely|truly|literally|simply|actually|so))*"
    r" (?:am|m|cant|cannot|can|dont|do|want|wanna|need|feel|keep|wish|see|hate|know|think|have no)\b"
    r"|\b(?:im|i am) \w+ing\b"
    r"|\b(?:my|mine|the)\b(?: \w+){0,3} (?:is|are|feels|looks|keeps)\b"
)
# "my calf is ...", "his knee has ...": a description of someone's body now, even inside a
# question ("what does it mean that my calf is swollen?").
_POSSESSIVES = frozenset("my his her their our".split())
_OWN_BODY_NOW = re.compile(
    r"\b(my|his|her|mine)\b(?: \w+){0,3} (is|are|feels|looks|went|keeps|(?:has|have) (?:been|gone|got|become|turned))\b"
)


PAST = "in the past"
RESOLVED = "over and done with"
GENERAL = "a general question"
TIME_REASONS = frozenset({PAST, RESOLVED})

NEGATION_REACH = 3  # words before a mention in which a negation (in its clause) cancels it
# An answer that says no: at most this many words, the first a negation ("no", "nope", "not at
# all"), the others only these (grammar, not a list of symptoms).
NO_ANSWER_WORDS = 3
_NO_FIRST = frozenset("nope nah negative".split())
_NO_REST = frozenset("at all really thankfully luckily whatsoever".split())
SUBJECT_REACH = 6  # words looked back for the subject of a mention
FIRST_PERSON = frozenset("i im ive id me my mine myself".split())
THIRD_PERSON = frozenset(
    "he hes she shes they theyre his her hers their him them wife husband partner son daughter boyfriend "
    "girlfriend baby kid kids child children patient client people someone somebody everyone women men".split()
)
# Words that may stand between the person and what they say of themselves: "I am currently 20
# weeks", "my left knee", "I've been taking warfarin", "I have had a knee replacement".
LINKING = frozenset(
    "am m is are have has got had take takes taking on with been was diagnosed suffer suffering from also "
    "currently now still a an the some really just type both left right bad quite very newly recently live "
    "living started using use of and ve s weeks wks wk w months about around nearly almost over in actually "
    "well oh so but it its came come".split()
)
# Words that take a statement back: "I stopped taking warfarin", "off the blood thinners now".
RETRACTING = frozenset("stopped quit off finished".split())
_NEGATING = frozenset("not no longer dont never".split())

Subject = Literal["self", "other"]


class ScopeWords(Protocol):
    """The phrases that mark scope (the ``scope`` section of knowledge/safety.yaml)."""

    @property
    def negation(self) -> Sequence[str]: ...
    @property
    def resolved(self) -> Sequence[str]: ...
    @property
    def past(self) -> Sequence[str]: ...
    @property
    def lasted(self) -> Sequence[str]: ...
    @property
    def present(self) -> Sequence[str]: ...
    @property
    def hypothetical(self) -> Sequence[str]: ...
    @property
    def concern(self) -> Sequence[str]: ...
    @property
    def other_person(self) -> Sequence[str]: ...
    @property
    def history(self) -> Sequence[str]: ...
    @property
    def correction(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Clause:
    start: int  # word span [start, end) in the message's words
    end: int
    sentence: int
    set_aside: str | None  # why it does not describe the present, or None
    asks: bool = False  # ends with a question mark or a label's colon or dash: "fever?", "heat:"
    now: bool = False  # says it is happening now ("right now", "at the moment", "still")
    # Where its part of the sentence begins: before ``start`` when the clause goes on from the one
    # before it with the writer as the subject again ("I was suicidal for years | and I got help").
    part: int = -1


@dataclass(frozen=True)
class ReadMessage:
    words: list[str]
    stems: list[str]
    sentences: list[tuple[int, int]]  # word spans
    clauses: list[Clause]
    clause_of: list[int]  # word index -> clause index
    corrects: bool = False  # says it takes back what was said before ("I meant sore")
    negations: list[Mention] = field(default_factory=list)  # negating phrases found ("no", "not any")
    no_words: frozenset[str] = frozenset()  # single words that may open an answer "no" ("no", "none")

    def clause_at(self, word: int) -> Clause:
        return self.clauses[self.clause_of[word]]

    def negated(self, mention: Mention) -> bool:
        """Whether a negation stands shortly before ``mention`` in its clause ("no swelling"), or
        the clause asks about it and the next one answers no ("swelling? no")."""
        return self.negation_of(mention) is not None or self.answered_no(mention) is not None

    def answered_no(self, mention: Mention) -> tuple[int, int] | None:
        """The words of a bare "no" answering ``mention``'s clause when that clause is a question
        or a label ("chills? nope.", "redness: none", "heat - no"), as a word span; else None.
        A person running through a checklist denies each item after it, not before."""
        index = self.clause_of[mention.start]
        clause = self.clauses[index]
        if mention.end < clause.end:  # "swelling none, heat none": the answer ends the clause
            return (mention.end, clause.end) if self._says_no(mention.end, clause.end) else None
        if not clause.asks or index + 1 >= len(self.clauses):
            return None
        answer = self.clauses[index + 1]
        return (answer.start, answer.end) if self._says_no(answer.start, answer.end) else None

    def _says_no(self, start: int, end: int) -> bool:
        """Whether the words ``start:end`` are a bare no: "no", "nope", "none", "not at all"."""
        words = self.words[start:end]
        if not words or len(words) > NO_ANSWER_WORDS or words[0] not in self.no_words | _NO_FIRST:
            return False
        return all(word in self.no_words or word in _NO_FIRST or word in _NO_REST for word in words)

    def negation_of(self, mention: Mention) -> Mention | None:
        """The negation shortly before ``mention`` in its clause, if any. A negation does not
        reach past "and" that opens a new noun ("the painkillers do nothing and the pain is
        building": the pain is not denied)."""
        clause = self.clause_at(mention.start)
        return next(
            (
                negation
                for negation in self.negations
                if negation.end <= mention.start
                and mention.start - negation.end < NEGATION_REACH
                and self.clause_at(negation.start) is clause
                and not self._new_noun_between(negation.end, mention.start)
            ),
            None,
        )

    def _new_noun_between(self, start: int, end: int) -> bool:
        words = self.words
        return any(words[at] == "and" and words[at + 1] in DETERMINERS for at in range(start, min(end, len(words) - 1)))


class ScopeReader:
    def __init__(self, scope: ScopeWords) -> None:
        self._markers = PhraseFinder(
            {
                "resolved": scope.resolved,
                "past": scope.past,
                "lasted": scope.lasted,
                "present": scope.present,
                "hypothetical": scope.hypothetical,
                "concern": scope.concern,
                "other_person": scope.other_person,
                "history": scope.history,
                "correction": scope.correction,
            },
            blockers=frozenset(word for word in scope.negation if " " not in word),
        )
        self._negations = PhraseFinder({"negation": scope.negation})
        self.negators = frozenset(phrase for phrase in scope.negation if " " not in phrase.strip())
        """Single negating words: they may not fill a gap inside a phrase ("warm the calf")."""
        self._third_person = THIRD_PERSON | {word for word in scope.other_person if " " not in word}
        self._history_forms: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for phrase in scope.history:
            written = tuple(normalise(phrase).split())
            self._history_forms.setdefault(tuple(stem(word) for word in written), []).append(written)

    def read(self, text: str) -> ReadMessage:
        words: list[str] = []
        sentences: list[tuple[int, int]] = []
        clause_spans: list[tuple[int, int, int]] = []
        asking: set[int] = set()  # clauses that end with a question mark or a label's mark
        # Where a clause the writer goes on with ("... and I've got a temperature") began its
        # part of the sentence: whether it describes one's body now is read from there.
        going_on: dict[int, int] = {}
        for sentence_text, sentence_end in _split_keeping_marks(_SENTENCES, fold(text)):
            sentence_start = len(words)
            for part, mark in _split_keeping_marks(_CLAUSE_MARKS, sentence_text):
                part_words = normalise(part).split()
                start = len(words)
                for i, word in enumerate(part_words):
                    pair = (part_words[i - 1], word) if i else None
                    if i and (word in _CLAUSE_WORDS or pair in _CLAUSE_PAIRS) and len(words) > start:
                        cut = len(words) - (1 if pair in _CLAUSE_PAIRS else 0)
                        if cut > start:
                            clause_spans.append((start, cut, len(sentences)))
                            if pair in _WRITER_GOES_ON:
                                going_on[len(clause_spans)] = going_on.get(len(clause_spans) - 1, start)
                            start = cut
                    words.append(word)
                if len(words) > start:
                    clause_spans.append((start, len(words), len(sentences)))
                    if _ASKING_CLAUSE.search(mark):
                        asking.add(len(clause_spans) - 1)
            if len(words) > sentence_start:
                sentences.append((sentence_start, len(words)))
                if _ASKING_SENTENCE.search(sentence_end):
                    asking.add(len(clause_spans) - 1)
        stems = [stem(standard_word(word)) for word in words]
        markers = [self._markers_in(words[s:e], stems[s:e]) for s, e, _ in clause_spans]
        # Time and question markers reach the other clauses of their sentence ("broke my leg
        # skiing when I was 20" / "fractured my kneecap, that was twenty years ago"), except a
        # clause that says it is happening now, and the clauses beyond it ("replaced years ago,
        # now it's hot, red and swollen": the heat and redness are now too).
        spans = [sentence for _, _, sentence in clause_spans]
        clauses = [
            Clause(
                s,
                e,
                n,
                _set_aside(
                    found,
                    _inherited(index, spans, markers, bool(_TELLS_NOW.search(" ".join(words[s:e])))),
                    " ".join(words[going_on.get(index, s) : e]),
                ),
                index in asking,
                "present" in found,
                going_on.get(index, s),
            )
            for index, ((s, e, n), found) in enumerate(zip(clause_spans, markers, strict=True))
        ]
        clause_of = [0] * len(words)
        for index, clause in enumerate(clauses):
            for position in range(clause.start, clause.end):
                clause_of[position] = index
        corrects = any("correction" in found for found in markers)
        negations = [n for n in self._negations.find(words, stems) if not _exclaims(n, words)]
        return ReadMessage(words, stems, sentences, clauses, clause_of, corrects, negations, self.negators)

    def words(self, text: str) -> tuple[list[str], list[str]]:
        """The words and stems :meth:`read` finds in ``text`` (every word of every part, wherever
        its clauses are cut), without reading its clauses: for a reader that looks for a few
        phrases first and needs the clauses only when it finds one."""
        words = [
            word
            for sentence_text, _ in _split_keeping_marks(_SENTENCES, fold(text))
            for part, _ in _split_keeping_marks(_CLAUSE_MARKS, sentence_text)
            for word in normalise(part).split()
        ]
        return words, [stem(standard_word(word)) for word in words]

    def subject(self, message: ReadMessage, mention: Mention) -> Subject | None:
        """Who ``mention`` is said of, from the words just before it in its clause: the person
        ("I'm pregnant", "my varicose veins"), someone else ("my wife is pregnant"), or None
        when those words do not say."""
        clause = message.clause_at(mention.start)
        for word in reversed(message.words[max(clause.start, mention.start - SUBJECT_REACH) : mention.start]):
            if word in self._third_person:
                return "other"
            if word in FIRST_PERSON:
                return "self"
            if not (word in LINKING or word in RETRACTING or word in _NEGATING or word.isdigit()):
                return None
        return None

    def names_someone_else_word(self, word: str) -> bool:
        """Whether ``word`` speaks of another person ("she", "wife", "neighbour")."""
        return word in self._third_person

    def names_someone_else(self, message: ReadMessage) -> bool:
        """Whether the message speaks of another person ("my neighbour's calf")."""
        return any(word in self._third_person for word in message.words)

    def _in_another_tense(self, marker: Mention, words: list[str]) -> bool:
        """Whether a history marker was found only through its stem, in another tense: "died" in
        "wants to die", "passed away" in "is passing away". Those tell of a present, not a past.
        A form the knowledge lists ("suffers from" beside "suffered from") or a slip still counts."""
        found = words[marker.start : marker.end]
        written = normalise(marker.phrase).split()
        forms = self._history_forms.get(tuple(stem(word) for word in written), [tuple(written)])
        if any(all(word in found for word in form) for form in forms):
            return False
        return any(other != word and stem(other) == stem(word) for word in written for other in found)

    def _about_a_body(self, concern: Mention, words: list[str]) -> bool:
        """Whether a worry is about a part of someone's body as it is ("worried about my calf",
        "scared for her knee") rather than about a condition or a person ("worried about clots",
        "worried about my son"): a possessive, then a word that is not a person."""
        after = words[concern.end : concern.end + 2]
        return len(after) == 2 and after[0] in _POSSESSIVES and after[1] not in self._third_person

    def _markers_in(self, words: list[str], stems: list[str]) -> set[str]:
        negations = self._negations.find(words, stems)
        found = {
            "hypothetical" if mention.name == "concern" else mention.name
            for mention in self._markers.find(words, stems)
            if not (mention.name == "resolved" and _negated(mention, negations))
            and not (mention.name == "history" and self._in_another_tense(mention, words))
            and not (mention.name == "concern" and self._about_a_body(mention, words))
            and not (mention.name == "correction" and _insists(mention, words))
        }
        for at, word in enumerate(words):
            if _YEAR.match(word):  # "in 2010" is history; "since 2020" how long it has gone on
                found.add("lasted" if at and words[at - 1] == "since" else "past")
        return found


# Words after "I mean" that point back at what was said: "I mean it", "I meant every word".
_POINTING_BACK = frozenset("it this that every what".split())
_SAYS_WHAT = frozenset("s is was has had isnt wasnt".split())  # "I mean it's sore": what it is
INSISTING_WORDS = 4  # at most this many words after the phrase, the pointing word the first


def _insists(correction: Mention, words: Sequence[str]) -> bool:
    """Whether a correction's phrase ("I mean") insists on what was said rather than taking it
    back: a word pointing back at it, and little more, ends the clause ("really, I mean it",
    "I meant every word of it", "I mean what I said"). "I mean it's sore, not swollen" and "I mean
    that my calf is sore" say what was meant instead."""
    after = list(words[correction.end :])
    if not after or after[0] not in _POINTING_BACK or len(after) > INSISTING_WORDS:
        return False
    if after[0] == "that" and len(after) > 1:
        return False  # "I mean that my calf is sore": what was meant follows
    return not (len(after) > 1 and after[1] in _SAYS_WHAT)


def _inherited(index: int, sentences: list[int], markers: list[set[str]], tells_now: bool = False) -> set[str]:
    """The sentence-wide markers that reach clause ``index`` from the other clauses of its
    sentence: none crosses a clause that says it is happening now (whose own still reach), and
    no time word reaches a clause in the present tense (``tells_now``)."""
    reached: set[str] = set()
    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(markers) and sentences[at] == sentences[index]:
            reached |= markers[at] & _SENTENCE_WIDE
            if "present" in markers[at]:
                break
            at += step
    if tells_now:
        reached -= _TIME_WIDE
    return reached | (markers[index] & _SENTENCE_WIDE)


def _split_keeping_marks(marks: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    """``text`` split at ``marks``: each part with the mark that ends it ("" for the last)."""
    parts: list[tuple[str, str]] = []
    at = 0
    for found in marks.finditer(text):
        parts.append((text[at : found.start()], found.group()))
        at = found.end()
    parts.append((text[at:], ""))
    return parts


def _set_aside(own: set[str], sentence: set[str], text: str) -> str | None:
    """Why a clause does not describe the person's present, or None when it does."""
    if "present" in own:
        sentence = set()
    describes_own_body = bool(_OWN_BODY_NOW.search(text))
    if "hypothetical" in own | sentence and not describes_own_body:
        return GENERAL
    if "resolved" in own | sentence:
        return RESOLVED
    if ("past" in own | sentence or "lasted" in own) and "present" not in own:
        return PAST
    if "other_person" in own and "history" in own and "present" not in own and not describes_own_body:
        return "someone else's history"
    return None


# Words before a bare "no" that make it an exclamation, not a negation: "oh no my waters have gone".
_EXCLAIMING = frozenset("oh ohh ohhh o uh ah aw ahh omg god".split())


def _exclaims(negation: Mention, words: Sequence[str]) -> bool:
    """Whether a negation is a bare "no" cried out ("oh no, my waters have gone"), which denies
    nothing that follows it."""
    said = words[negation.start : negation.end]
    return said == ["no"] and negation.start > 0 and words[negation.start - 1] in _EXCLAIMING


def _negated(marker: Mention, negations: Sequence[Mention]) -> bool:
    """A word of being over that is itself denied ("it hasn't gone down", "still not better")
    says the opposite: the trouble goes on."""
    return any(n.end <= marker.start and marker.start - n.end <= 1 for n in negations)
