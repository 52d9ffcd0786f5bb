"""The learned recall net: a second reader of red flags beside the rules.

The rules (:mod:`bot.safety.triage`) read the words a curator listed; people say the same things
in words nobody listed ("something white sticking out near my knee", "my face went lopsided").
The net reads a message two ways and averages them:

* its meaning: the sentence embedding the matcher uses too, into a logistic regression;
* its letters and words: TF-IDF over character n-grams (robust to typos) and word pairs, into
  a second logistic regression.

Both were trained by ``scripts/train_safety_net.py`` on several thousand messages labelled with
the rule they call for, or none (the sets in ``tests/data``), and are shipped in
``bot/safety/model``. The script cross-validates them, calibrates the probability that a
message describes any red flag, and picks two thresholds on the held-out folds: ``fire``, above
which the net's rule is answered when the rules found nothing, and ``soft``, above which a
message the bot does not otherwise understand gets the "if this is happening now" card.

Only numpy runs here: the TF-IDF features are computed as scikit-learn computes them (a test
holds the two together), so scikit-learn is needed to train, not to answer.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

MODEL_DIR = Path(__file__).resolve().parent / "model"
NONE = "none"

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
_WHITE = re.compile(r"\s\s+")
_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class NetReading:
    """What the net made of one message."""

    rule_id: str  # the most likely rule, if the message describes one at all
    danger: float  # calibrated probability that the message describes any red flag
    probability: float  # the probability of ``rule_id`` itself
    by_rule: Mapping[str, float] = field(default_factory=dict)  # every rule's probability

    def why(self) -> str:
        return f"net: {self.rule_id} (p {self.probability:.2f}), any red flag {self.danger:.2f}"


@dataclass(frozen=True)
class Thresholds:
    fire: float  # answer with the net's rule when the rules found nothing
    soft: float  # offer the "if this is happening now" card instead of "I don't know that one"
    name: float  # the rule's own probability needed to give it (not just "something is wrong")
    escalate: float  # the rule's own probability needed to give it over a less severe rule's


class TfidfFeatures:
    """scikit-learn's TfidfVectorizer (lowercase, sublinear tf, l2 norm) for one analyzer."""

    def __init__(self, analyzer: str, ngrams: tuple[int, int], vocabulary: Sequence[str], idf: npt.NDArray[np.float32]):
        self.analyzer = analyzer
        self.ngrams = ngrams
        self.index = {term: column for column, term in enumerate(vocabulary)}
        self.idf = idf

    def terms(self, text: str) -> list[str]:
        text = text.lower()
        low, high = self.ngrams
        if self.analyzer == "char_wb":
            return _char_wb(_WHITE.sub(" ", text), low, high)
        words = _WORD.findall(text)
        return [" ".join(words[i : i + n]) for n in range(low, high + 1) for i in range(len(words) - n + 1)]

    def transform(self, text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The message's non-zero features: their columns and values."""
        counts = Counter(self.index[term] for term in self.terms(text) if term in self.index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(counts[c]) for c in columns), dtype=np.float32, count=len(counts))
        values = tf * self.idf[columns]
        norm = float(np.linalg.norm(values))
        return columns, values / norm if norm else values


def _char_wb(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space, as scikit-learn makes them."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
            if len(padded) == n:
                break
    return grams


@dataclass(frozen=True)
class _Model:
    emb_coef: npt.NDArray[np.float32]
    emb_intercept: npt.NDArray[np.float32]
    tfidf_coef: npt.NDArray[np.float32]
    tfidf_intercept: npt.NDArray[np.float32]
    features: tuple[TfidfFeatures, ...]


class SafetyNet:
    """Reads a message for red flags; ``embed`` is the sentence-embedding model's encoder."""

    def __init__(self, embed: Embed, model_dir: Path = MODEL_DIR) -> None:
        self._embed = embed
        self.model_dir = model_dir
        self.meta = json.loads((model_dir / "net.json").read_text(encoding="utf-8"))
        self.classes: tuple[str, ...] = tuple(self.meta["classes"])
        self.thresholds = Thresholds(**self.meta["thresholds"])
        calibration = self.meta["calibration"]
        self._calibration = (float(calibration["slope"]), float(calibration["intercept"]))
        self._none = self.classes.index(NONE)

    @cached_property
    def _model(self) -> _Model:
        """The weights, loaded at the first message (``kneebot check`` does not need them)."""
        with np.load(self.model_dir / "net.npz") as arrays:
            features = tuple(
                TfidfFeatures(
                    part["analyzer"],
                    (int(part["ngrams"][0]), int(part["ngrams"][1])),
                    arrays[f"{name}_vocabulary"].tolist(),
                    arrays[f"{name}_idf"].astype(np.float32),
                )
                for name, part in self.meta["tfidf"].items()
            )
            return _Model(
                arrays["emb_coef"].astype(np.float32),
                arrays["emb_intercept"].astype(np.float32),
                arrays["tfidf_coef"].astype(np.float32),
                arrays["tfidf_intercept"].astype(np.float32),
                features,
            )

    def read(self, text: str) -> NetReading:
        probabilities = self.probabilities(text)
        danger = self._calibrated(1.0 - float(probabilities[self._none]))
        by_rule = {c: float(p) for p, c in zip(probabilities, self.classes, strict=True) if c != NONE}
        rule_id = max(by_rule, key=by_rule.__getitem__)
        return NetReading(rule_id, danger, by_rule[rule_id], by_rule)

    def probabilities(self, text: str) -> npt.NDArray[np.float32]:
        """The average of the two readers' class probabilities (before calibration)."""
        model = self._model
        vector = self._embed([text])[0]
        by_meaning = _softmax(model.emb_coef @ vector + model.emb_intercept)
        scores = model.tfidf_intercept.copy()
        offset = 0
        for features in model.features:
            columns, values = features.transform(text)
            scores += model.tfidf_coef[:, offset + columns] @ values
            offset += len(features.index)
        return ((by_meaning + _softmax(scores)) / 2).astype(np.float32)

    def _calibrated(self, danger: float) -> float:
        slope, intercept = self._calibration
        clipped = min(max(danger, 1e-6), 1 - 1e-6)
        return 1.0 / (1.0 + math.exp(-(slope * math.log(clipped / (1 - clipped)) + intercept)))


def _softmax(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    shifted = np.exp(scores - scores.max())
    result: npt.NDArray[np.float32] = (shifted / shifted.sum()).astype(np.float32)
    return result
