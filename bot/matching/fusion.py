"""One decision over two kinds of evidence: word overlap and meaning.

Word matching (:mod:`bot.matching.index`) is precise on names, codes and typos but misses a
question put in other words; meaning matching (:mod:`bot.semantic`) finds paraphrases and lay
descriptions but is blurry about names and cannot tell "Kunlun point" from "the Kunlun
mountains". Each candidate entry gets a fused score from both, and the decision (answer, ask
which was meant, or admit not knowing) is made on the fused scores. The weights and thresholds
were set on the project's own labelled sets (``kneebot eval``), never on outside ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

# The fused score is closeness in meaning (a cosine) plus this much for full word overlap: words
# confirm and break ties, but a description in other words needs none of them.
WORDS_WEIGHT = 0.25
# A word score this high is an exact name or phrasing: it stands without help from meaning.
NAME_SCORE = 90.0
ANSWER_FUSED = 0.7  # answer when the best fused score reaches this
# ... and it comes at least this close in meaning (or its name matches): words alone ("the heel
# came off my shoe") are not enough to answer.
ANSWER_MEANING = 0.6
# Runners-up this close to a confident answer are offered beside it ("Or did you mean ..."):
# neighbouring entries often both answer the question, and one tap corrects a wrong pick.
ALSO_WINDOW = 0.02
# When the runner-up's words match as well ("knee surgery": two entries named so), meaning must
# tell them apart by this much, or the person chooses.
NAME_TIE_LEAD = 0.1
NAME_TIE_WORDS = 5.0
CLARIFY_FUSED = 0.55  # below this, nothing fits
CLARIFY_WINDOW = 0.05  # candidates within this of the best are offered
MAX_CANDIDATES = 3
# A message that names nothing of the knee's world (no body part, symptom or self-care word) is
# off topic unless it comes this close in meaning to an entry: "what shoes go with a navy suit"
# shares words with the answer about shoes for sore knees, and nothing else.
OFF_DOMAIN_MEANING = 0.65
# A message as close (within this) to an everyday off-topic example as to any entry is off topic.
DECOY_MARGIN = 0.03


class Outcome(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Evidence:
    """Both scores of one candidate entry, and the fused score the decision uses."""

    entry_id: str
    words: float  # 0-100 and a little over for near-identical wording
    meaning: float  # cosine similarity, about 0.1 (unrelated) to 1.0 (same meaning)
    fused: float


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    ranked: tuple[Evidence, ...]  # best first; for an answer, the answer and its close runners-up
    reason: str


def fuse(words: Mapping[str, float], meaning: Mapping[str, float]) -> list[Evidence]:
    """Every candidate from either kind of evidence, with its fused score, best first."""
    if not words and not meaning:
        return []
    floor = min(meaning.values(), default=0.0)  # a candidate meaning did not rank gets its floor
    ranked = []
    for entry_id in set(words) | set(meaning):
        word_score = words.get(entry_id, 0.0)
        meaning_score = meaning.get(entry_id, floor)
        fused = meaning_score + WORDS_WEIGHT * min(word_score, 115.0) / 100  # boosts count
        ranked.append(Evidence(entry_id, word_score, meaning_score, fused))
    ranked.sort(key=lambda evidence: -evidence.fused)
    return ranked


def decide(ranked: list[Evidence], in_domain: bool, decoy: float = 0.0) -> Decision:
    """Answer, clarify or fall back, given the fused ranking, whether the message uses any word
    of the knee's world, and how close it comes to an off-topic decoy."""
    if not ranked:
        return Decision(Outcome.FALLBACK, (), "no-match")
    best = ranked[0]
    off_domain = not in_domain and best.meaning < OFF_DOMAIN_MEANING
    if (off_domain or decoy >= best.meaning - DECOY_MARGIN) and best.words < NAME_SCORE:
        return Decision(Outcome.FALLBACK, tuple(ranked[:MAX_CANDIDATES]), "off-topic")
    runner_up = ranked[1].fused if len(ranked) > 1 else 0.0
    tie = len(ranked) > 1 and ranked[1].words >= NAME_SCORE and abs(best.words - ranked[1].words) < NAME_TIE_WORDS
    sure = best.meaning >= ANSWER_MEANING or best.words >= NAME_SCORE
    if sure and best.fused >= ANSWER_FUSED and not (tie and best.fused - runner_up < NAME_TIE_LEAD):
        also = tuple(e for e in ranked[1:MAX_CANDIDATES] if e.fused >= best.fused - ALSO_WINDOW)
        return Decision(Outcome.ANSWER, (best, *also), "confident")
    if best.fused < CLARIFY_FUSED:
        return Decision(Outcome.FALLBACK, tuple(ranked[:MAX_CANDIDATES]), "no-match")
    window = NAME_TIE_LEAD if tie else CLARIFY_WINDOW
    close = tuple(e for e in ranked[:MAX_CANDIDATES] if e.fused >= best.fused - window)
    if len(close) == 1 and sure:
        return Decision(Outcome.ANSWER, close, "confident")
    return Decision(Outcome.CLARIFY, close, "close")
