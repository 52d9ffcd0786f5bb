"""A message's wording as weighted terms (TF-IDF over word stems and pairs of words).

The meaning vector says what a message is about ("stiff knees"); what it asks to be done with
it often lies in small words the meaning model hardly weighs ("make me a ...", "begin", "on my
brother", "for the whole day"). These terms give the model of what a message asks for
(:mod:`bot.matching.decision`) those words. The vocabulary and its weights are learnt with the
model and shipped in its file; reading a message needs no library.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from bot.text.tokens import stem

MIN_DOCUMENTS = 3  # a term is kept when this many training texts use it
# The vector's length: below 1 the words count for less than the meaning beside them, which
# keeps a topic word the training sets happen to use for one kind from deciding on its own.
SCALE = 0.5


def terms(normalised: str) -> list[str]:
    """The terms of a normalised message: each word's stem, and each pair of neighbouring words."""
    words = [stem(word) for word in normalised.split()]
    return [*words, *(f"{a} {b}" for a, b in pairwise(words))]


class Wording:
    """Turns a message into a unit-length TF-IDF vector over a fixed vocabulary."""

    def __init__(self, vocabulary: Mapping[str, int], idf: Sequence[float]) -> None:
        self.vocabulary = dict(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)

    @classmethod
    def learn(cls, texts: Iterable[str], min_documents: int = MIN_DOCUMENTS) -> Wording:
        """The vocabulary and inverse document frequencies of ``texts`` (normalised messages)."""
        documents = [set(terms(text)) for text in texts]
        counts = Counter(term for document in documents for term in document)
        kept = sorted(term for term, count in counts.items() if count >= min_documents)
        n = len(documents)
        return cls({term: i for i, term in enumerate(kept)}, [math.log((1 + n) / (1 + counts[t])) + 1 for t in kept])

    @classmethod
    def empty(cls) -> Wording:
        return cls({}, [])

    def __len__(self) -> int:
        return len(self.vocabulary)

    def vector(self, normalised: str) -> npt.NDArray[np.float64]:
        """``normalised`` as weighted terms: sublinear counts times inverse document frequency, of length SCALE."""
        result = np.zeros(len(self.vocabulary))
        for term, count in Counter(terms(normalised)).items():
            column = self.vocabulary.get(term)
            if column is not None:
                result[column] = (1 + math.log(count)) * self.idf[column]
        norm = float(np.linalg.norm(result))
        return SCALE * result / norm if norm else result
