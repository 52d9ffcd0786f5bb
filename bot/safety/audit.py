"""Phrasings that triage would read as a red flag.

A phrasing is how a curator expects people to ask for an entry. If triage reads it as a red
flag, people asking that way get medical advice instead of the answer: usually the phrasing
should say it differently (or the red-flag rule is too eager). ``kneebot check`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.knowledge import Knowledge
from bot.knowledge.models import Contraindication, Faq, PointBase, Routine
from bot.safety.triage import Triage


@dataclass(frozen=True)
class Alarm:
    entry_id: str
    text: str
    rule_id: str


def phrasings_that_alarm(knowledge: Knowledge, triage: Triage | None = None) -> Iterator[Alarm]:
    triage = triage or Triage(knowledge.safety)
    for entry in knowledge.entries():
        if isinstance(entry, Faq | Contraindication):
            texts = [entry.question, *entry.phrasings]
        elif isinstance(entry, PointBase | Routine):
            texts = list(entry.phrasings)
        else:
            continue
        for text in texts:
            hit = triage.check(text)
            if hit is not None:
                yield Alarm(entry.id, text, hit.rule.id)
