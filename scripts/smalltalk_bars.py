"""How close the labelled questions that ask for something else come to each small talk item with a
bar of its own (``meaning_bar`` in knowledge/smalltalk.yaml, such as privacy): the bar must stay
above the closest of them, or a knee question would get small talk.

For each such item it prints its bar and the closest short labelled questions (tests/data:
questions, natural_questions and requests, those of up to the words small talk reads by meaning,
small talk itself left out), with how close each comes. Usage:
.venv/bin/python scripts/smalltalk_bars.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.knowledge import load_knowledge
from bot.matching.matcher import SMALLTALK_MAX_WORDS, Matcher
from bot.semantic import Semantics
from bot.text.normalise import normalise

LABELLED = ("questions.yaml", "natural_questions.yaml", "requests.yaml")
SHOWN = 5


def main() -> None:
    knowledge = load_knowledge()
    matcher = Matcher(knowledge, Semantics.load())
    items = [item for item in knowledge.smalltalk if item.meaning_bar is not None]
    data = Path(__file__).resolve().parent.parent / "tests" / "data"
    questions = [
        case["q"]
        for name in LABELLED
        for case in yaml.safe_load((data / name).read_text())
        if "smalltalk" not in (case["kind"] if isinstance(case["kind"], list) else [case["kind"]])
        and len(normalise(case["q"]).split()) <= SMALLTALK_MAX_WORDS
    ]
    for item in items:
        scores = []
        for question in questions:
            query = matcher.embed(question)
            hits = matcher.smalltalk_closeness(query, item.id)
            scores.append((hits, question))
        scores.sort(reverse=True)
        print(f"{item.id}: bar {item.meaning_bar}, {len(questions)} short labelled questions asking for something else")
        for score, question in scores[:SHOWN]:
            print(f"  {score:.3f}  {question}")


if __name__ == "__main__":
    main()
