"""Warnings about how the knowledge reads: it loads and works, but a person would find it harder
to take in. ``kneebot check`` prints them; the bot still starts.

- A lead (an answer's ``answer``) over LEAD_LIMIT characters: the rest belongs under ``more``.
- A caution said twice in one answer, or a point's caution that repeats one shown on every card.
- A source that no entry cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from bot.knowledge.checks import ParsedFiles, Site
from bot.knowledge.models import LEAD_LIMIT, PointsFile, SourcesFile
from bot.knowledge.problems import Problem

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*-\s+")
_WORD = re.compile(r"[a-z0-9']+")
# Words that carry no meaning of their own when comparing two sentences.
_FILLER = frozenset(
    "a an the and or but of on in at to for with by is are be it its this that there your you if "
    "as so do not no any can may from than then them they their one".split()
)
SAME_SENTENCE = 0.6  # share of the two sentences' words they have in common
MIN_WORDS = 6  # shorter sentences ("Ask your doctor first.") may fairly be said twice


def style_warnings(parsed: ParsedFiles) -> list[Problem]:
    warnings = list(_long_leads(parsed))
    warnings += _repeated_cautions(parsed)
    warnings += _unused_sources(parsed)
    return warnings


def lead_length(text: str) -> int:
    """Characters a person reads in ``text``: line breaks and runs of spaces count once."""
    return len(" ".join(text.split()))


def _question_answers(parsed: ParsedFiles) -> Iterator[tuple[Site, Any]]:
    for name, section in (("faq.yaml", "faqs"), ("safety.yaml", "contraindications")):
        if name in parsed:
            model, doc = parsed[name]
            for i, item in enumerate(getattr(model, section)):
                yield Site(doc, (section, i, "answer"), item.id), item


def _long_leads(parsed: ParsedFiles) -> Iterator[Problem]:
    for site, item in _question_answers(parsed):
        length = lead_length(item.answer)
        if length > LEAD_LIMIT:
            yield site.problem(
                f"the lead is {length} characters; keep `answer` to one or two sentences (at most "
                f"{LEAD_LIMIT}) that answer the question, and move the rest under `more`",
                "answer",
            )


def _repeated_cautions(parsed: ParsedFiles) -> Iterator[Problem]:
    for site, item in _question_answers(parsed):
        repeated = _said_twice(_sentences(item.answer, item.more or ""))
        if repeated:
            yield site.problem(f"says the same thing twice: '{repeated}'; say it once, where it applies", "answer")
    if "points.yaml" not in parsed:
        return
    points, doc = parsed["points.yaml"]
    assert isinstance(points, PointsFile)
    for section, items in (("points", points.points), ("trigger_points", points.trigger_points)):
        for i, point in enumerate(items):
            for j, caution in enumerate(point.cautions):
                general = next((c for c in points.every_point_cautions if _same(caution, c)), None)
                if general is not None:
                    site = Site(doc, (section, i, "cautions", j), point.id)
                    yield site.problem(
                        f"repeats '{general}', which every point card shows already (every_point_cautions)",
                        f"cautions[{j + 1}]",
                    )


def _unused_sources(parsed: ParsedFiles) -> Iterator[Problem]:
    if "sources.yaml" not in parsed:
        return
    registry, doc = parsed["sources.yaml"]
    assert isinstance(registry, SourcesFile)
    cited = {source_id for _, items in _sourced(parsed) for item in items for source_id in item.sources}
    for i, source in enumerate(registry.sources):
        if source.id not in cited:
            yield Site(doc, ("sources", i, "id"), source.id).problem("no entry cites this source")


def _sourced(parsed: ParsedFiles) -> Iterator[tuple[str, Iterable[Any]]]:
    for name, sections in (
        ("points.yaml", ("points", "trigger_points")),
        ("faq.yaml", ("faqs",)),
        ("routines.yaml", ("routines",)),
        ("safety.yaml", ("contraindications",)),
    ):
        if name in parsed:
            for section in sections:
                yield section, getattr(parsed[name][0], section)


def _sentences(*texts: str) -> list[str]:
    return [part.strip() for text in texts for part in _SENTENCE_END.split(text) if part.strip()]


def _words(sentence: str) -> set[str]:
    return {word for word in _WORD.findall(sentence.lower()) if word not in _FILLER}


def _same(one: str, other: str) -> bool:
    """Whether two sentences say much the same thing (most of their words are shared; a lead
    that sums up a list below it shares too few with any one item)."""
    a, b = _words(one), _words(other)
    return min(len(a), len(b)) >= MIN_WORDS and len(a & b) >= SAME_SENTENCE * len(a | b)


def _said_twice(sentences: list[str]) -> str | None:
    for i, sentence in enumerate(sentences):
        if any(_same(sentence, other) for other in sentences[i + 1 :]):
            return " ".join(sentence.split())
    return None
