"""The examples the decision model learns from, read the way the matcher reads a message.

Three sources:

* the project's labelled questions (``tests/data/*questions.yaml``): each names the entries
  that answer it, or none (off-topic messages, codes and names of points not covered);
* the knowledge's own phrasings, each held out of the indexes while it is read (otherwise it
  would find itself), as questions for their entry, and for a daily plan;
* the everyday off-topic examples of ``offtopic.yaml``, held out the same way, as questions
  that nothing answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.evaluation import messages_of
from bot.knowledge import Knowledge
from bot.knowledge.models import Contraindication, Faq, Point, Routine, TriggerPoint
from bot.matching.evidence import Reading
from bot.matching.matcher import Matcher

# How much a phrasing of the knowledge counts beside a labelled question (the knowledge's own
# wording is easier than people's), and an everyday off-topic example.
PHRASING_WEIGHT = 0.3
OFF_TOPIC_WEIGHT = 1.0
SKIPPED_CATEGORIES = frozenset({"smalltalk", "redflag", "benign", "negation"})
# What a case's ``kind`` may name that the decision model chooses among.
_CONTENT_KINDS = {"point", "faq", "routine", "safety", "plan"}


@dataclass(frozen=True)
class Example:
    text: str
    # ids (upper case) of the entries that answer it, empty when none does; "*plan": any plan
    right: frozenset[str]
    source: str  # "labelled", "phrasing" or "off-topic"
    weight: float = 1.0
    case: dict[str, Any] | None = None  # the labelled case it comes from
    category: str = ""


@dataclass(frozen=True)
class ReadExample:
    """An example as the model sees it."""

    example: Example
    reading: Reading
    asks: str  # what it asks for: a kind of bot.matching.evidence.ASKS_FOR
    reaches_model: bool  # False when a greeting, code, name or condition decides before the model
    held_out: bool  # read with its own text left out of the indexes
    # a labelled question's closeness in meaning to each request in words for a command
    commands: Mapping[str, float] = field(default_factory=dict)


def labelled(cases: Iterable[dict[str, Any]]) -> Iterator[Example]:
    """The matcher's cases of a labelled set (one message each; safety and smalltalk left out)."""
    for case in cases:
        category = str(case.get("cat", ""))
        if category in SKIPPED_CATEGORIES or "turns" in case:
            continue
        kinds = case.get("kind")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        ids = case.get("id")
        ids = ids if isinstance(ids, list) else [ids] if ids else []
        content = [kind for kind in kinds if kind in _CONTENT_KINDS]
        if not ids and "fallback" not in kinds and len(content) != 1:
            continue
        right = frozenset(str(entry_id).upper() for entry_id in ids) or frozenset(f"*{content[0]}" for _ in content[:1])
        yield Example(messages_of(case)[0], right, "labelled", 1.0, case, category)


def from_knowledge(knowledge: Knowledge) -> Iterator[Example]:
    """The knowledge's phrasings as questions for their entry, and its off-topic examples."""
    for entry in knowledge.entries():
        if isinstance(entry, Point | TriggerPoint | Routine):
            phrasings: Sequence[str] = entry.phrasings
        elif isinstance(entry, Faq | Contraindication):
            phrasings = [entry.question, *entry.phrasings]
        else:
            continue
        for phrase in phrasings:
            yield Example(phrase, frozenset({entry.id.upper()}), "phrasing", PHRASING_WEIGHT)
    for plan in knowledge.plans:
        for phrase in plan.phrasings:
            yield Example(phrase, frozenset({plan.id.upper()}), "phrasing", PHRASING_WEIGHT)
    for decoy in knowledge.decoys:
        for phrase in decoy.examples:
            yield Example(phrase, frozenset(), "off-topic", OFF_TOPIC_WEIGHT)


def read_all(matcher: Matcher, examples: Iterable[Example]) -> list[ReadExample]:
    """Each example read by ``matcher`` as it would read a message (slips corrected)."""
    kinds = matcher.candidate_kinds()
    of_kind = {
        f"*{kind}": frozenset(entry_id for entry_id, entry_kind in kinds.items() if entry_kind in _AS_CASE_KIND[kind])
        for kind in _CONTENT_KINDS
    }
    result = []
    for example in examples:
        if matcher.declined_first(example.text):
            continue  # "can I press ST36 on my dog": declined before the decision, which never sees it
        if any(entry_id.startswith("*") for entry_id in example.right):
            # "give me a daily plan for my knees": any plan will do (as kneebot eval judges it)
            example = replace(example, right=frozenset().union(*(of_kind[kind] for kind in example.right)))
        text, reaches_model = matcher.prepared(example.text)
        held_out = example.source != "labelled"
        reading = matcher.read(text, holdout=held_out)
        right = [kinds[entry_id] for entry_id in sorted(example.right) if entry_id in kinds]
        asks = _first_kind(example, kinds) if right else "none"
        commands = matcher.command_closeness(example.text) if example.source == "labelled" else {}
        result.append(ReadExample(example, reading, asks, reaches_model, held_out, commands))
    return result


_AS_CASE_KIND = {
    "point": {"point"},
    "faq": {"faq"},
    "routine": {"routine", "partner"},
    "safety": {"safety"},
    "plan": {"plan"},
}


def _first_kind(example: Example, kinds: dict[str, str]) -> str:
    """The kind of the first entry a case lists as right (cases list the best answer first)."""
    ids = example.case.get("id") if example.case else None
    ordered = ids if isinstance(ids, list) else [ids] if ids else sorted(example.right)
    for entry_id in ordered:
        kind = kinds.get(str(entry_id).upper())
        if kind:
            return kind
    return "none"
