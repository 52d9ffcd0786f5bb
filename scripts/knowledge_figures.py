"""Print how the knowledge reads in a chat: answer lengths and how often two cautions recur.

    .venv/bin/python scripts/knowledge_figures.py [KNOWLEDGE_DIR]

Figures (docs/knowledge-audit.md quotes them): FAQ answers over 600 characters in the first
message and in full, leads over 300 characters, and the number of sentences across all the texts a
person reads that carry the red/warm/swollen caution or a scar caution. A knowledge directory from
before sources.yaml (Dec 2026) does not load with this schema.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from bot.knowledge import Knowledge, load_knowledge
from bot.knowledge.models import LEAD_LIMIT
from bot.knowledge.style import lead_length

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\s+-\s+")
_RED_WARM_SWOLLEN = (re.compile(r"\b(swollen|swelling|puffy)\b", re.I), re.compile(r"\b(red|hot|warm)\b", re.I))
_SCAR = re.compile(r"\bscar", re.I)


def texts(knowledge: Knowledge) -> Iterator[str]:
    """Every text a person may read, phrasings and names aside."""
    for answer in [*knowledge.faqs, *knowledge.safety.contraindications]:
        yield answer.full_answer
    for point in [*knowledge.points, *knowledge.trigger_points]:
        yield from (point.location, point.how_to_find, point.uses, point.technique.how, *point.cautions)
    yield from knowledge.every_point_cautions
    for routine in knowledge.routines:
        yield routine.summary
        for step in routine.steps:
            yield from (step.text, step.caution or "")
    for question in knowledge.safety.screening:
        yield from (question.question, question.reason, question.instead)
    yield from (plan.advice for plan in knowledge.plans)


def main(argv: list[str]) -> int:
    knowledge = load_knowledge(argv[0] if argv else None)
    faqs = knowledge.faqs
    answers = [*faqs, *knowledge.safety.contraindications]
    sentences = [part for text in texts(knowledge) for part in _SENTENCE.split(" ".join(text.split())) if part]
    swelling, heat = _RED_WARM_SWOLLEN
    first = sum(lead_length(faq.answer) > 600 for faq in faqs)
    full = sum(lead_length(faq.full_answer) > 600 for faq in faqs)
    long_leads = sum(lead_length(answer.answer) > LEAD_LIMIT for answer in answers)
    cautions = sum(bool(swelling.search(sentence) and heat.search(sentence)) for sentence in sentences)
    print(f"FAQ answers whose first message is over 600 characters: {first} of {len(faqs)}")
    print(f"FAQ answers over 600 characters in full (lead and More): {full} of {len(faqs)}")
    print(f"leads over {LEAD_LIMIT} characters (FAQ and safety answers): {long_leads} of {len(answers)}")
    print(f"longest lead: {max(lead_length(answer.answer) for answer in answers)} characters")
    print(f"sentences carrying the red/warm/swollen caution: {cautions}")
    print(f"sentences carrying a scar caution: {sum(bool(_SCAR.search(sentence)) for sentence in sentences)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
