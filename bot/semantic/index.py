"""Which entries a message is close to in meaning: cosine similarity to every phrase of every entry.

Each entry contributes several texts (its questions and phrasings, names, a point's location
and uses, a routine's steps). A message is embedded once, or as several segments when it is
long, and each entry scores the best cosine any of its texts reaches with any segment. Texts of
a weaker kind (an answer sentence rather than a question) carry a small handicap, so they help
an entry be found without outranking a real question.

The knowledge's embeddings take seconds to compute, so they are kept on disk per knowledge
version and model (see :class:`EmbeddingCache`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt

from bot.semantic.encoder import DIMENSIONS, Encoder, Vectors

log = logging.getLogger(__name__)


SECOND_TEXT = 0.3  # weight of an entry's second-closest text beside its closest


@dataclass(frozen=True)
class SemanticText:
    entry_id: str
    text: str
    handicap: float = 0.0  # subtracted from this text's cosine
    step: int | None = None  # the routine step the text describes, if any


@dataclass(frozen=True)
class SemanticHit:
    score: float  # best cosine (less the handicap) of the entry's texts
    text: str  # the text that reached it
    step: int | None = None  # the routine step that text describes, if any


class EmbeddingCache:
    """Embeddings on disk, one ``.npy`` file per set of texts and model version."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def load_or_compute(self, encoder: Encoder, texts: Sequence[str]) -> Vectors:
        key = hashlib.sha256("\x1f".join([encoder.version, *texts]).encode()).hexdigest()[:24]
        path = self.directory / f"embeddings-{key}.npy"
        try:
            vectors: Vectors = np.load(path, allow_pickle=False)
            if vectors.shape == (len(texts), DIMENSIONS) and vectors.dtype == np.float32:
                return vectors
            log.warning("ignored an embeddings cache file of the wrong shape: %s", path)
        except (OSError, ValueError):
            pass
        vectors = encoder.encode(texts)
        self._save(path, vectors)
        return vectors

    def _save(self, path: Path, vectors: Vectors) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
                np.save(handle, vectors, allow_pickle=False)
            os.replace(handle.name, path)
        except OSError as exc:  # a read-only or full disk costs start-up time, nothing else
            log.warning("could not keep the embeddings cache in %s (%s)", path.parent, type(exc).__name__)


class SemanticIndex:
    def __init__(
        self,
        encoder: Encoder,
        texts: Sequence[SemanticText],
        cache: EmbeddingCache | None = None,
        second_text: float = SECOND_TEXT,
    ) -> None:
        """``second_text``: how much an entry's second-closest text counts beside its closest
        (0 for examples any one of which is enough, such as the off-topic ones)."""
        self.encoder = encoder
        self._second_text = second_text
        # Grouped by entry, so the best text per entry is one np.maximum.reduceat.
        ordered = sorted(texts, key=lambda t: t.entry_id)
        self._texts = ordered
        strings = [t.text for t in ordered]
        self._vectors = cache.load_or_compute(encoder, strings) if cache else encoder.encode(strings)
        self._handicap = np.array([t.handicap for t in ordered], dtype=np.float32)
        starts = [i for i, t in enumerate(ordered) if i == 0 or ordered[i - 1].entry_id != t.entry_id]
        self._starts = np.array(starts, dtype=np.int64)
        self._entry_ids = [ordered[i].entry_id for i in starts]
        self._row_of_entry = {entry_id: row for row, entry_id in enumerate(self._entry_ids)}
        # Which entry each text belongs to (row number in ``_entry_ids``).
        self._owner = np.repeat(np.arange(len(starts)), np.diff([*starts, len(ordered)]))
        self._rows = np.arange(len(ordered))
        self._rows_of: dict[str, list[int]] = {}
        for row, text in enumerate(ordered):
            self._rows_of.setdefault(text.text, []).append(row)

    def embed(self, segments: Sequence[str]) -> Vectors:
        return self.encoder.encode(segments)

    def embed_parts(self, text: str, parts: Sequence[str]) -> Vectors:
        """``parts`` of ``text`` (itself and its sentences), pooled from one run of the model over ``text``."""
        return self.encoder.encode_parts(text, parts)

    def search(
        self, query: Vectors, limit: int = 10, without: str | None = None, always: Collection[str] = ()
    ) -> list[tuple[str, SemanticHit]]:
        """The ``limit`` entries closest to any query row (segment), best first, each scored by
        its two closest texts (the best weighing more). ``without``: a text of the index left
        out, as if it were not there (to learn from the knowledge's own phrasings); ``always``:
        entries scored and returned (after the others) even when they are not among the closest."""
        if not self._texts or not len(query):
            return []
        _, best, closest = self._scored(query, without)
        count = min(limit, len(best))
        top = np.argpartition(-best, count - 1)[:count]
        chosen = {int(k) for k in top}
        extra = [k for entry_id in always if (k := self._row_of_entry.get(entry_id, -1)) >= 0 and k not in chosen]
        hits = []
        for k in [*sorted(top, key=lambda k: -best[k]), *sorted(extra, key=lambda k: -best[k])]:
            if not np.isfinite(best[k]):
                continue
            text = self._texts[int(closest[k])]
            hits.append((self._entry_ids[k], SemanticHit(float(best[k]), text.text, text.step)))
        return hits

    @property
    def entry_ids(self) -> list[str]:
        """The entries, in the order of :meth:`scores` (sorted)."""
        return self._entry_ids

    def scores(self, query: Vectors) -> Vectors:
        """Every entry's score for ``query``, as :meth:`search` gives it, in the order of
        :attr:`entry_ids`: cheaper when all of them are wanted."""
        if not self._texts or not len(query):
            return np.zeros(0, dtype=np.float32)
        return self._scored(query, None)[1]

    def _scored(self, query: Vectors, without: str | None) -> tuple[Vectors, Vectors, npt.NDArray[np.intp]]:
        """Each text's closeness to the closest query row (less its handicap); each entry's
        score: its closest text and, weighing less, its second closest; and each entry's closest
        text (the first of its texts that reaches its best)."""
        similarity = _closest_row(self._vectors @ query.T) - self._handicap
        if without is not None and without in self._rows_of:
            similarity[self._rows_of[without]] = -np.inf
        first = np.maximum.reduceat(similarity, self._starts)
        # The second best: each entry's best text taken out, the maximum again.
        at_best = similarity == first[self._owner]
        others = np.where(at_best, -np.inf, similarity)
        second = np.maximum.reduceat(others, self._starts)
        second = np.where(np.isfinite(second), second, first)
        # An entry that several of its texts come close to is likelier than one lucky text.
        best = (first + self._second_text * second) / (1 + self._second_text)
        closest = np.minimum.reduceat(np.where(at_best, self._rows, len(similarity)), self._starts)
        return similarity, cast(Vectors, best), closest


def _closest_row(similarities: Vectors) -> Vectors:
    """Each text's highest similarity over the query rows (its columns): the same numbers as
    ``similarities.max(axis=1)``, taken a column at a time, which numpy does several times faster
    than across the few numbers of each row (a long message has several rows: its sentences)."""
    best = similarities[:, 0].copy()
    for column in range(1, similarities.shape[1]):
        np.maximum(best, similarities[:, column], out=best)
    return best
