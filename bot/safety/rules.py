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
        # Each alternative as the keys it needs and those it needs absent ("!..."), compared as
        # sets: a message is read against every rule, several times.
        self._checks = [
            (
                rule,
                frozenset(rule.unless),
                [
                    (
                        alternative,
                        frozenset(c for c in alternative if not c.startswith("!")),
                        frozenset(c[1:] for c in alternative if c.startswith("!")),
                    )
                    for alternative in rule.when
                ],
            )
            for rule in self.rules
        ]

    def first_match(self, present: Mapping[str, str]) -> RuleMatch | None:
        """``present``: key -> the words that showed it (or a note such as "(said earlier)")."""
        keys = frozenset(present)
        for rule, unless, alternatives in self._checks:
            if not unless.isdisjoint(keys):
                continue
            for alternative, needed, absent in alternatives:
                if needed <= keys and absent.isdisjoint(keys):
                    evidence = tuple(
                        f"{condition}: {present[condition]!r}" for condition in alternative if condition in present
                    )
                    return RuleMatch(rule, evidence)
        return None
