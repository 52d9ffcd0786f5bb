"""Answers offered in Telegram's inline mode (``@kneebot spleen 10`` in any chat): a red flag
first if the text describes one, then the closest entries."""

from __future__ import annotations

from bot.engine.answers import Answers
from bot.engine.replies import Card
from bot.engine.safety_gate import SafetyGate
from bot.knowledge import Knowledge
from bot.matching.matcher import Matcher


class InlineCards:
    def __init__(self, knowledge: Knowledge, gate: SafetyGate, matcher: Matcher, answers: Answers) -> None:
        self.knowledge = knowledge
        self.gate = gate
        self.matcher = matcher
        self.answers = answers

    def cards(self, text: str, limit: int = 10) -> list[Card]:
        cards: list[Card] = []
        flagged = self.gate.card(text) if text.strip() else None
        if flagged is not None:
            rule, html = flagged
            cards.append(Card(f"flag-{rule.id}", f"⚠️ {rule.title}", "Get medical advice", html))
        if text.strip():
            ids = [candidate.entry_id for candidate in self.matcher.rank(text, limit)]
        else:
            ids = [point.id for point in self.knowledge.points]
        for entry_id in ids:
            entry = self.knowledge.get(entry_id)
            card = self.answers.card(entry) if entry is not None else None
            if card is not None:
                cards.append(card)
        return cards[:limit]
