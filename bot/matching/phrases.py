"""The texts that lead to each entry: phrases for word matching, texts for meaning matching.

Word matching uses names, aliases, questions and phrasings. Meaning matching uses those too,
plus what an entry says about itself in sentences a person might echo: a point's location and
uses ("the hollow below the kneecap"), a routine's steps ("twist the upper calf"), an answer's
sentences. Those descriptive texts carry a small handicap so that a real question or name of an
entry outranks a sentence that merely mentions the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pydantic import BaseModel
from rapidfuzz import fuzz

from bot.knowledge import Knowledge
from bot.knowledge.answers import Role
from bot.matching.index import PhraseKind
from bot.matching.names import sound_key
from bot.semantic.index import SemanticText
from bot.text.normalise import compact, normalise
from bot.text.tokens import NAME_FILLERS

# An alias sounding at least this much like a point's Chinese name is a spelling of it.
SOUNDS_CHINESE = 75.0

# Handicaps (cosine points) of the texts in which an entry describes itself, by their role.
HANDICAPS = {
    Role.LOCATION: 0.03,
    Role.USES: 0.06,
    Role.STEP_TITLE: 0.05,
    Role.STEP_TEXT: 0.08,
    Role.ANSWER: 0.08,
}
# How word matching files each kind of name and phrasing.
_WORD_KINDS: dict[Role, PhraseKind] = {Role.POINT_NAME: "point-name", Role.NAME: "name", Role.PHRASING: "phrasing"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MIN_SENTENCE = 16  # characters; shorter fragments say too little to compare on


def lexical_phrases(knowledge: Knowledge) -> Iterator[tuple[str, str, PhraseKind]]:
    """(entry id, text, kind) for everything that leads to an entry by its words."""
    for entry in knowledge.entries():
        for indexed in entry.index_texts():
            kind = _WORD_KINDS.get(indexed.role)
            # "Spleen 9" is a code, read by bot.matching.codes; as words it would make "what does
            # the spleen do" look like a question about SP9.
            if kind is not None and not (kind == "point-name" and _is_code_like(indexed.text)):
                yield entry.id, indexed.text, kind
    for plan in knowledge.plans:
        yield plan.id, plan.title, "name"
        yield from ((plan.id, phrase, "phrasing") for phrase in plan.phrasings)


def point_names(knowledge: Knowledge) -> Iterator[tuple[str, str, bool]]:
    """(point id, normalised name, everyday) for every name a point is called by in words:
    pinyin, translation, aliases and the names of its parts (codes are matched separately).
    ``everyday`` marks names made of ordinary English words ("Sea of Blood", "the knee eyes")
    rather than Chinese ones however they are spelt ("Xuehai", "sue high", "koon loon")."""
    for point in knowledge.points:
        chinese = [point.names.pinyin, *(part.name for part in point.parts)]
        english = [point.names.translation, *(part.translation for part in point.parts)]
        aliases = [*point.aliases, *(alias for part in point.parts for alias in part.aliases)]
        keys = [sound_key(compact(name)) for name in chinese]
        for name in (*chinese, *english, *aliases):
            words = [word for word in normalise(name).split() if word not in NAME_FILLERS]
            if not words or _is_code_like(name):
                continue
            if name in chinese:
                everyday = False
            elif name in english:
                everyday = True
            else:
                key = sound_key("".join(words))
                everyday = max((fuzz.ratio(key, other) for other in keys), default=0.0) < SOUNDS_CHINESE
            yield point.id, " ".join(words), everyday


def kept_texts(knowledge: Knowledge) -> Iterator[str]:
    """Texts whose words are never taken for slips: the names entries are called by (points'
    names and aliases, pinyin spelt by ear too; routines' titles and aliases) and the ways
    people greet, thank and say goodbye ("nite nite", "ttyl")."""
    yield from (name for _, name, _ in point_names(knowledge))
    for item in knowledge.smalltalk:
        yield from item.phrasings
    for point in knowledge.trigger_points:
        yield from (point.title, *point.aliases)
    for routine in knowledge.routines:
        yield from (routine.title, routine.label, *routine.aliases)


def semantic_texts(knowledge: Knowledge) -> Iterator[SemanticText]:
    """Every text an entry can be recognised by in meaning, with its handicap. Points' names are
    left to word matching: "Kunlun Mountains" or "Sea of Blood" would otherwise draw questions
    about mountains and films."""
    for entry in knowledge.entries():
        for indexed in entry.index_texts():
            if indexed.role in (Role.NAME, Role.PHRASING, Role.MEANING):
                yield SemanticText(entry.id, indexed.text)
            elif indexed.role is Role.STEP_TITLE:
                yield SemanticText(entry.id, indexed.text, HANDICAPS[indexed.role], indexed.step)
            elif indexed.role in HANDICAPS:
                for text in _described(entry.id, indexed.text, handicap=HANDICAPS[indexed.role]):
                    yield replace(text, step=indexed.step)
    for plan in knowledge.plans:
        yield from (SemanticText(plan.id, text) for text in (plan.title, *plan.phrasings))


def _is_code_like(name: str) -> bool:
    """Names such as "ST-34", "Stomach 34" or "EX-LE5": codes, matched as identifiers."""
    return any(ch.isdigit() for ch in name)


def _described(entry_id: str, *paragraphs: str, handicap: float) -> Iterator[SemanticText]:
    for paragraph in paragraphs:
        for sentence in _SENTENCE_END.split(paragraph):
            if len(sentence.strip()) >= MIN_SENTENCE:
                yield SemanticText(entry_id, sentence.strip(), handicap)


def knowledge_texts(knowledge: Knowledge, *, smalltalk: bool = True) -> Iterator[str]:
    """Every text of the knowledge (names, phrasings, answers, steps, decoys, safety words...):
    the vocabulary the spelling corrector keeps and prefers; without ``smalltalk``, all but the
    small talk's."""
    models: list[BaseModel] = [
        *knowledge.points,
        *knowledge.trigger_points,
        *knowledge.topics,
        *knowledge.faqs,
        *knowledge.routines,
        knowledge.safety,
        *(knowledge.smalltalk if smalltalk else ()),
        *knowledge.decoys,
        *knowledge.facts,
        *knowledge.plans,
    ]
    for model in models:
        yield from _strings(model.model_dump())


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value.replace("-", " ")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
