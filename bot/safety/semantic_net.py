"""The second net: flag a message that means what a rule's examples mean, in other words.

Each red-flag rule lists example messages in lay words. A sentence of the person's message
whose embedding is close enough to one of them raises that rule. Sentences holding a negation,
and parts that are history or general questions, never reach this net (see
:attr:`bot.safety.findings.Findings.plain_sentences`): meaning-by-embedding does not read "no"
reliably, and this net may only add caution, never remove it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.knowledge.models import SEVERITY_RANK, RedFlag
from bot.semantic.encoder import Encoder
from bot.semantic.index import EmbeddingCache

# Cosine similarity a sentence needs with an example to raise its rule. Set high on the
# project's labelled safety set, where benign messages close to red flags in wording abound.
THRESHOLD = 0.85


@dataclass(frozen=True)
class SimilarRule:
    rule: RedFlag
    example: str
    clause: str
    score: float


class SemanticNet:
    def __init__(
        self,
        encoder: Encoder,
        red_flags: Sequence[RedFlag],
        cache: EmbeddingCache | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self._encoder = encoder
        self._examples = [(rule, example) for rule in red_flags for example in rule.examples]
        texts = [example for _, example in self._examples]
        self._vectors = cache.load_or_compute(encoder, texts) if cache else encoder.encode(texts)
        self.threshold = threshold

    def closest_rule(self, sentences: Sequence[str]) -> SimilarRule | None:
        """The most severe rule with an example close enough to one of ``sentences``."""
        if not sentences or not self._examples:
            return None
        similarity = self._vectors @ self._encoder.encode(list(sentences)).T  # examples x sentences
        best: SimilarRule | None = None
        for example, sentence in zip(*np.nonzero(similarity >= self.threshold), strict=True):
            rule, text = self._examples[int(example)]
            candidate = SimilarRule(rule, text, sentences[int(sentence)], float(similarity[example, sentence]))
            if best is None or _outranks(candidate, best):
                best = candidate
        return best


def _outranks(a: SimilarRule, b: SimilarRule) -> bool:
    rank_a, rank_b = SEVERITY_RANK[a.rule.severity], SEVERITY_RANK[b.rule.severity]
    return rank_a > rank_b or (rank_a == rank_b and a.score > b.score)
