"""Red-flag rules read against findings: the most severe rule whose conditions all hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.models import SEVERITY_RANK, RedFlag


@dataclass(frozen=True)
class RuleMatch:
    rule: RedFlag
    evidence: tuple[str, ...]  # "swollen@calf: 'fatter ... calf'" for each condition that held


class RuleBook:
    def __init__(self, red_flags: Sequence[RedFlag]) -> None:
        # Most severe first; file order within a severity (sorted() is stable).
        self.rules = sorted(red_flags, key=lambda rule: -SEVERITY_RANK[rule.severity])

    def first_match(self, present: Mapping[str, str]) -> RuleMatch | None:
        """``present``: key -> the words that showed it (or a note such as "(said earlier)")."""
        for rule in self.rules:
            if any(name in present for name in rule.unless):
                continue
            for alternative in rule.when:
                if all(_holds(condition, present) for condition in alternative):
                    evidence = tuple(
                        f"{condition}: {present[condition]!r}" for condition in alternative if condition in present
                    )
                    return RuleMatch(rule, evidence)
        return None


def _holds(condition: str, present: Mapping[str, str]) -> bool:
    if condition.startswith("!"):
        return condition[1:] not in present
    return condition in present
