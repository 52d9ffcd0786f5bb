"""An index of every phrase that leads to an entry, scored by weighted word overlap.

Each phrase (a name, alias, question or phrasing) is reduced to content tokens. A token's weight
is its inverse entry frequency, so "xuehai" or "heels" count for much more than "knee" or
"pain". A message scores against a phrase on three things:

* how much of the phrase is present in the message (a phrase half missing is no evidence);
* how much of the message's known vocabulary the phrase explains ("acupressure" left
  unexplained counts against an answer about acupuncture);
* how much of the message is vocabulary the knowledge base knows at all (words it has never
  seen, like "pizza" or "password", pull everything down a little).

Typos are corrected against the index vocabulary with rapidfuzz before scoring, wording that is
nearly identical to a phrase earns a small bonus, and short names are also compared character by
character ("yang lin quan").
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.text.normalise import normalise
from bot.text.tokens import NAME_FILLERS, STOPWORDS, content_words, stem

PhraseKind = Literal["point-name", "name", "phrasing"]
"""A point's name or alias, another entry's name, or a question and its phrasings."""

UNKNOWN_EXPONENT = 0.3
# How much of "explained" comes from the entry's whole vocabulary rather than the one phrase.
ENTRY_SHARE = 0.7
# Phrases whose words add up to less than this weight are too vague to match on.
MIN_PHRASE_WEIGHT = 1.5
# Words found in more entries than this (and more than this share of them) are "common": they
# count in scores but do not by themselves make a phrase a candidate. Only large indexes have them.
COMMON_MIN_ENTRIES = 50
COMMON_SHARE = 0.05
# A phrase less than this share present in the message is no evidence for its entry.
MIN_PHRASE_COVER = 0.5
# Wording within this rapidfuzz ratio of a phrase (function words included) earns up to
# EXACT_BONUS points, the full bonus for an identical message.
NEAR_RATIO = 80.0
EXACT_BONUS = 10.0
# How close a misspelt word must be to a known one to be read as it (one slip in five letters).
TYPO_SIMILARITY = 0.8


class IndexedPhrase(NamedTuple):
    entry_id: str
    text: str  # normalised
    tokens: frozenset[str]


@dataclass(frozen=True)
class Query:
    """A message prepared for scoring: corrected content tokens with their typo penalty."""

    tokens: dict[str, float]  # stem -> similarity (1.0 exact, less for a corrected typo)
    unknown: tuple[str, ...]  # content words that match nothing in the vocabulary
    compact: str  # content words run together, for comparing with names
    text: str  # the normalised message


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building allocates many long-lived objects and no reference cycles; the cyclic garbage
    collector would scan them again and again (it roughly doubled the build time at 10,000
    entries), so it waits until the index is built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class PhraseIndex:
    def __init__(self, phrases: Iterable[tuple[str, str, PhraseKind]]) -> None:
        """``phrases``: (entry id, text, kind) for every phrase that leads to an entry."""
        with _gc_paused():
            self._build(phrases)

    def _build(self, phrases: Iterable[tuple[str, str, PhraseKind]]) -> None:
        self.phrases: list[IndexedPhrase] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._names_by_compact: dict[str, set[str]] = defaultdict(set)
        entry_tokens: dict[str, set[str]] = defaultdict(set)
        words: set[str] = set(STOPWORDS)

        postings = self._postings
        for entry_id, text, kind in phrases:
            normalised = normalise(text)
            phrase_words = [word for word in normalised.split() if word not in STOPWORDS]
            if kind == "point-name":
                phrase_words = [word for word in phrase_words if word not in NAME_FILLERS] or phrase_words
            if not phrase_words:
                continue
            tokens = frozenset(map(stem, phrase_words))
            words.update(phrase_words)
            position = len(self.phrases)
            self.phrases.append(IndexedPhrase(entry_id, normalised, tokens))
            for token in tokens:
                postings[token].append(position)
            entry_tokens[entry_id] |= tokens
            if kind != "phrasing":
                self._names_by_compact["".join(phrase_words)].add(entry_id)

        entry_count = max(len(entry_tokens), 1)
        frequency: dict[str, int] = defaultdict(int)
        for entry_set in entry_tokens.values():
            for token in entry_set:
                frequency[token] += 1
        self.weight = {token: math.log(1 + entry_count / count) for token, count in frequency.items()}
        # An unknown word weighs like a word found in a single entry.
        self._unknown_weight = math.log(1 + entry_count)
        self._phrase_weight = [sum(self.weight[t] for t in phrase.tokens) for phrase in self.phrases]
        # A phrase made only of everyday words ("the knee") is too vague to be evidence.
        self._vague = {i for i, weight in enumerate(self._phrase_weight) if weight < MIN_PHRASE_WEIGHT}
        self._words_by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(words):
            self._words_by_length[len(word)].append(word)
        self._corrections: dict[str, tuple[str, float] | None] = {}
        self._name_keys = list(self._names_by_compact)
        self._entry_tokens = dict(entry_tokens)
        common_floor = max(COMMON_MIN_ENTRIES, COMMON_SHARE * entry_count)
        self._common = frozenset(token for token, count in frequency.items() if count > common_floor)
        self._common_only = [i for i, phrase in enumerate(self.phrases) if phrase.tokens <= self._common]

    # --- queries ----------------------------------------------------------------------------

    def prepare(self, normalised: str, ignore: frozenset[str] = frozenset()) -> Query:
        """Content tokens of a message, with typos corrected against the index vocabulary."""
        tokens: dict[str, float] = {}
        unknown: list[str] = []
        kept = [word for word in content_words(normalised) if word not in ignore]
        for word in kept:
            token = stem(word)
            similarity = 1.0
            if token not in self.weight:
                corrected = self._correct(word)
                if corrected is None:
                    unknown.append(word)
                    continue
                if corrected[0] in STOPWORDS or corrected[0] in ignore:
                    continue
                token, similarity = stem(corrected[0]), corrected[1]
                if token not in self.weight:
                    continue
            tokens[token] = max(tokens.get(token, 0.0), similarity)
        return Query(tokens, tuple(unknown), "".join(kept), normalised)

    def _correct(self, word: str) -> tuple[str, float] | None:
        """The vocabulary word closest to a misspelt ``word``, with its similarity (0-1).

        Damerau-Levenshtein counts a swapped pair of letters ("pionts") as one slip, and its
        normalised similarity keeps short words from collapsing into each other ("forgot" is
        not "foot"). Only words of a length that could reach the cutoff are compared.
        """
        if len(word) < 5 or word.isdigit():
            return None
        if word in self._corrections:
            return self._corrections[word]
        shortest = math.ceil(len(word) * TYPO_SIMILARITY)
        longest = math.floor(len(word) / TYPO_SIMILARITY)
        choices = [w for length in range(shortest, longest + 1) for w in self._words_by_length.get(length, ())]
        best = process.extractOne(
            word, choices, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=TYPO_SIMILARITY
        )
        result = (best[0], best[1]) if best else None
        if len(self._corrections) < 10_000:
            self._corrections[word] = result
        return result

    def score(self, query: Query, allowed: set[str] | None = None, without: str | None = None) -> dict[str, float]:
        """Best score (0-100, plus any bonus) per entry for ``query``, limited to ``allowed``;
        ``without``: a phrase (normalised) left out, as if it were not indexed."""
        scores: dict[str, float] = {}
        for entry_id in self._names_by_compact.get(query.compact, ()):
            if allowed is None or entry_id in allowed:
                scores[entry_id] = 100.0
        if not query.tokens:
            return scores

        weight = self.weight
        gains = {token: weight[token] * similarity for token, similarity in query.tokens.items()}
        known_weight = sum(gains.values())
        unknown_weight = self._unknown_weight * len(query.unknown)
        familiar = (known_weight / (known_weight + unknown_weight)) ** UNKNOWN_EXPONENT

        # Candidates: phrases sharing a rare word with the message, plus phrases made only of
        # common words. Common words alone would reach most of a large index for no gain.
        candidates: set[int] = set()
        for token in gains:
            if token not in self._common:
                candidates.update(self._postings[token])
        if not gains.keys().isdisjoint(self._common):
            candidates.update(self._common_only)
        candidates -= self._vague

        explained_by_entry: dict[str, float] = {}
        scored: list[tuple[float, int]] = []
        gained = tuple(gains.items())
        # Each candidate's gains added up in the message's order, as sum() adds them, walking the
        # postings of the message's tokens rather than every token for every candidate.
        matched_of: dict[int, float] = dict.fromkeys(candidates, 0)
        for token, gain in gained:
            for position in self._postings.get(token, ()):
                if position in matched_of:
                    matched_of[position] += gain
        for position, matched in matched_of.items():
            phrase = self.phrases[position]
            if (allowed is not None and phrase.entry_id not in allowed) or phrase.text == without:
                continue
            phrase_cover = matched / self._phrase_weight[position]
            if phrase_cover < MIN_PHRASE_COVER:
                continue
            entry_explained = explained_by_entry.get(phrase.entry_id)
            if entry_explained is None:
                vocabulary = self._entry_tokens[phrase.entry_id]
                entry_explained = sum([gain for token, gain in gained if token in vocabulary]) / known_weight
                explained_by_entry[phrase.entry_id] = entry_explained
            explained = ENTRY_SHARE * entry_explained + (1 - ENTRY_SHARE) * matched / known_weight
            # How much of the phrase the message covers and how much of the message it explains,
            # weighed alike (their geometric mean).
            scored.append((100.0 * math.sqrt(phrase_cover * explained) * familiar, position))

        # Near-identical wording earns a bonus; only phrases within reach of the top can use it.
        reach = max((score for score, _ in scored), default=0.0) - EXACT_BONUS
        for score, position in scored:
            phrase = self.phrases[position]
            if score >= reach:
                similarity = fuzz.ratio(phrase.text, query.text, score_cutoff=NEAR_RATIO)
                if similarity > NEAR_RATIO:
                    score += EXACT_BONUS * (similarity - NEAR_RATIO) / (100.0 - NEAR_RATIO)
            if score > scores.get(phrase.entry_id, 0.0):
                scores[phrase.entry_id] = score
        return scores

    def fuzzy_names(self, query: Query, allowed: set[str] | None = None, cutoff: float = 86) -> dict[str, float]:
        """Character-level similarity of a short message to names ("yang lin quan")."""
        if not query.compact or len(query.compact) > 30:
            return {}
        results: dict[str, float] = {}
        for key, score, _ in process.extract(
            query.compact, self._name_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            for entry_id in self._names_by_compact[key]:
                if (allowed is None or entry_id in allowed) and score > results.get(entry_id, 0.0):
                    results[entry_id] = score
        return results
