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
from bot.knowledge.models import Contraindication, Faq, Point, Routine, TriggerPoint
from bot.matching.index import PhraseKind
from bot.matching.names import sound_key
from bot.semantic.index import SemanticText
from bot.text.normalise import compact, normalise
from bot.text.tokens import NAME_FILLERS

# An alias sounding at least this much like a point's Chinese name is a spelling of it.
SOUNDS_CHINESE = 75.0

# Handicaps (cosine points) by kind of text.
LOCATION_HANDICAP = 0.03
USES_HANDICAP = 0.06
STEP_TITLE_HANDICAP = 0.05
STEP_TEXT_HANDICAP = 0.08
ANSWER_HANDICAP = 0.08

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MIN_SENTENCE = 16  # characters; shorter fragments say too little to compare on


def lexical_phrases(knowledge: Knowledge) -> Iterator[tuple[str, str, PhraseKind]]:
    """(entry id, text, kind) for everything that leads to an entry by its words, except smalltalk."""
    for entry in knowledge.entries():
        if isinstance(entry, Point):
            # "Spleen 9" is a code, read by bot.matching.codes; as words it would make "what does
            # the spleen do" look like a question about SP9.
            names = [entry.id, entry.names.pinyin, entry.names.translation, *entry.aliases]
            for part in entry.parts:
                names += [part.code, part.name, part.translation, *part.aliases]
            names = [name for name in names if not _is_code_like(name)]
            yield from ((entry.id, name, "point-name") for name in names)
            yield from ((entry.id, phrase, "phrasing") for phrase in entry.phrasings)
        elif isinstance(entry, TriggerPoint):
            yield from ((entry.id, name, "point-name") for name in (entry.title, *entry.aliases))
            yield from ((entry.id, phrase, "phrasing") for phrase in entry.phrasings)
        elif isinstance(entry, Routine):
            yield from ((entry.id, name, "name") for name in (entry.title, entry.label, *entry.aliases))
            yield from ((entry.id, phrase, "phrasing") for phrase in entry.phrasings)
        elif isinstance(entry, Faq | Contraindication):
            yield entry.id, entry.label, "name"
            yield from ((entry.id, phrase, "phrasing") for phrase in (entry.question, *entry.phrasings))


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
    """Every text an entry can be recognised by in meaning, with its handicap."""
    for entry in knowledge.entries():
        # Points' names are left to word matching: "Kunlun Mountains" or "Sea of Blood" would
        # otherwise draw questions about mountains and films. Their descriptions are meaning.
        if isinstance(entry, Point):
            yield from (SemanticText(entry.id, text) for text in entry.phrasings)
            yield from _described(entry.id, entry.location, entry.how_to_find, handicap=LOCATION_HANDICAP)
            yield from _described(entry.id, entry.uses, handicap=USES_HANDICAP)
        elif isinstance(entry, TriggerPoint):
            yield from (SemanticText(entry.id, text) for text in (entry.title, *entry.phrasings))
            yield from _described(entry.id, entry.location, entry.how_to_find, handicap=LOCATION_HANDICAP)
        elif isinstance(entry, Routine):
            names = (entry.title, entry.label, *entry.aliases, *entry.phrasings)
            yield from (SemanticText(entry.id, text) for text in names)
            for number, step in enumerate(entry.steps):
                yield SemanticText(entry.id, f"{entry.title}: {step.title}", STEP_TITLE_HANDICAP, number)
                for text in _described(entry.id, step.text, handicap=STEP_TEXT_HANDICAP):
                    yield replace(text, step=number)
        elif isinstance(entry, Faq | Contraindication):
            yield from (SemanticText(entry.id, text) for text in (entry.label, entry.question, *entry.phrasings))
            yield from _described(entry.id, entry.answer, handicap=ANSWER_HANDICAP)


def _is_code_like(name: str) -> bool:
    """Names such as "ST-34", "Stomach 34" or "EX-LE5": codes, matched as identifiers."""
    return any(ch.isdigit() for ch in name)


def _described(entry_id: str, *paragraphs: str, handicap: float) -> Iterator[SemanticText]:
    for paragraph in paragraphs:
        for sentence in _SENTENCE_END.split(paragraph):
            if len(sentence.strip()) >= MIN_SENTENCE:
                yield SemanticText(entry_id, sentence.strip(), handicap)


def knowledge_texts(knowledge: Knowledge) -> Iterator[str]:
    """Every text of the knowledge (names, phrasings, answers, steps, decoys, safety words...):
    the vocabulary the spelling corrector keeps and prefers."""
    models: list[BaseModel] = [
        *knowledge.points,
        *knowledge.trigger_points,
        *knowledge.topics,
        *knowledge.faqs,
        *knowledge.routines,
        knowledge.safety,
        *knowledge.smalltalk,
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
