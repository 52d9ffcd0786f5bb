"""Red-flag triage: spot messages that need medical care before anything else answers them.

Driven by knowledge/safety.yaml (its comments explain it for curators): the message is read
for concepts (body sites, signs, contexts such as a long flight), each sign tied to the site it
is said of, with negated, resolved, hypothetical and other people's historical mentions set
aside (:mod:`bot.safety.findings`). Rules are combinations of those concepts. The person's last
few messages are read together, so "my calf hurts" then "it's swollen since the drive home" is
one picture, and facts they told us about themselves ("pregnant") are read with them.

When in doubt a rule fires: a needless "see a doctor" costs far less than a missed clot. Each
hit carries its evidence (the concepts and the words that showed them) so a curator can see why
it fired: ``kneebot ask --json "..."``.

A second net by meaning (sentence-embedding similarity to example messages per rule) was built
and measured: on a fresh set of 283 messages it caught one red flag the words missed and raised
one false alarm at a cosine of 0.8, and nothing at 0.85, so it is not used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge.models import SEVERITY_RANK, RedFlag, SafetyFile
from bot.safety.findings import Findings, FindingsReader
from bot.safety.rules import RuleBook

MAX_CHARS = 4096  # Telegram's longest message: a red flag at its very end is still read
EARLIER = "(said earlier)"


@dataclass(frozen=True)
class RedFlagHit:
    rule: RedFlag
    message: str  # the rule's advice, with the emergency numbers filled in
    evidence: tuple[str, ...] = ()  # why it fired, for curators and `kneebot ask --json`


@dataclass(frozen=True)
class Earlier:
    """What one earlier message showed, kept (without its text) to read the next ones with."""

    keys: frozenset[str]
    last_site: str | None


@dataclass(frozen=True)
class Assessment:
    hit: RedFlagHit | None
    earlier: Earlier  # this message's findings, for reading the next message with
    # The hit only repeats a flag already raised: this message adds nothing as serious.
    repeat: bool = False
    # The message takes back what the earlier ones said: they should be forgotten.
    revises_earlier: bool = False


class Triage:
    def __init__(self, safety: SafetyFile) -> None:
        self._reader = FindingsReader(safety)
        self._rules = RuleBook(safety.red_flags)
        self._emergency = safety.emergency_numbers

    def check(self, text: str) -> RedFlagHit | None:
        """The most severe red flag one message describes on its own, or None."""
        return self.assess(text).hit

    def assess(
        self,
        text: str,
        earlier: Sequence[Earlier] = (),
        facts: Iterable[str] = (),
        raised: RedFlag | None = None,
    ) -> Assessment:
        """Triage ``text`` read together with the person's ``earlier`` messages (oldest first)
        and ``facts`` they told us about themselves (concept names such as "pregnant").

        ``raised`` is a flag already shown during those messages: a hit that is no more severe
        and that this message does not show on its own is marked as a repeat.
        """
        last_site = next((e.last_site for e in reversed(earlier) if e.last_site), None)
        findings = self._read(text[:MAX_CHARS], last_site)
        if findings.revises_earlier:
            earlier = ()
        present = {key: EARLIER for e in earlier for key in e.keys}
        present.update({fact: "(you told me earlier)" for fact in facts})
        present.update(findings.found)
        hit = self._by_words(present)
        repeat = False
        if (
            hit is not None
            and raised is not None
            and SEVERITY_RANK[hit.rule.severity] <= SEVERITY_RANK[raised.severity]
        ):
            repeat = self._by_words(findings.found) is None
        found = Earlier(frozenset(findings.found), findings.last_site)
        return Assessment(hit, found, repeat, findings.revises_earlier)

    def _by_words(self, present: dict[str, str]) -> RedFlagHit | None:
        match = self._rules.first_match(present)
        return self._hit(match.rule, match.evidence) if match else None

    @lru_cache(maxsize=2048)  # noqa: B019 - one triage lives as long as the process
    def _read(self, text: str, last_site: str | None) -> Findings:
        return self._reader.read(text, last_site)

    def _hit(self, rule: RedFlag, evidence: tuple[str, ...]) -> RedFlagHit:
        return RedFlagHit(rule, rule.message.replace("{emergency}", self._emergency), evidence)
