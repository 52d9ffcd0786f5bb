"""Spelling that knows the domain: "wher is the point for sore kee" -> "where is the point for sore knee".

A noisy-channel corrector. Each word that could be a slip is compared with the words it could
have been: the knowledge's own vocabulary (names, pinyin, anatomy, everything its texts say),
within two edits, found with symspellpy; and general English within one edit, from the
frequency list symspellpy ships. A candidate scores by how likely it is to be written at all
(the knowledge's words weigh far above general English, so "kee" is "knee", not "see"), how
likely a phone's thumbs make the slip (a letter left out, a key pressed twice, a neighbouring
key: often; a key far away, or the first letter: rarely, so "kne" is "knee", not "one"; two
slips only in a long word, or letters left out of a short one: "shud" is "should", but "bleh"
is not "leg"), and how often the knowledge and general English (symspellpy's word pairs) write
it next to the words around it, each neighbour read as it most likely stands ("evry day" is
"every day", not "very day"; "ther are" is "there are"; "hy knee" is "my knee"). A word the
knowledge holds, a number, a point code's letters ("sp 10") and a word of one letter are never
changed; two letters neither knows are read only as one of English's commonest words ("te" is
"the", while "pt" and "km" stay); a word before a number only as a word of the knowledge ("gall
bladdfer 34" is GB34); a word general English knows is changed only by one slip, when a word in
its context is clearly likelier ("mae" -> "make").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from rapidfuzz.distance import OSA
from symspellpy import SymSpell, Verbosity
from symspellpy.abstract_distance_comparer import AbstractDistanceComparer
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

from bot.text.chat_spellings import CHAT_SPELLINGS
from bot.text.normalise import fold
from bot.text.tokens import STOPWORDS

# How much of a word's prior comes from the knowledge's own texts rather than general English.
DOMAIN_SHARE = 0.5
# Chance of one slip of each kind: a letter left out, a neighbouring key, two letters swapped,
# an extra letter; a key far from the right one; and of two slips. A phone's thumbs drop and
# brush letters far more often than they hit a key across the keyboard ("wher" is "where", not
# "when").
ONE_SLIP = 1e-2
FAR_KEY = 1e-3
FIRST_LETTER = 0.1  # how much less often the first letter is the one that slips
TWO_SLIPS = 1e-4
LONG_WORD = 7  # letters from which two slips of any kind are as likely as two letters left out
# How much rarer it is that a slip makes another real word ("wat" for "what") than a non-word.
REAL_WORD_SLIP = 0.1
# How much a word's chance next to another comes from the pairs the knowledge writes ("every
# day", "should i"), and as much from the pairs general English writes ("there are", "my
# knee"), rather than from the word's own frequency.
CONTEXT_SHARE = 0.4
# symspellpy's word pairs were counted in a corpus about 40 times the size of its single words'
# (for the commonest words, their pairs add up to 36-53 times the word's own count).
ENGLISH_PAIRS_SCALE = 40
# Chance that a word neither the knowledge nor general English knows was meant as typed, against
# which corrections are weighed (a name, a brand, a word the lists lack).
NEW_WORD = 1e-8
NEW_SHORT_WORD = 1e-6  # two letters nobody knows are more often meant: "pt", "km", "gp"
# Words general English knows at least this often are taken as meant.
COMMON_ENGLISH = 20_000_000
# The few hundred commonest words of English ("the", "my", "how"), what a two-letter word the
# knowledge and English do not know is read as ("te", "jy", "ho"); any other two letters are
# taken as meant (an abbreviation: "pt", "km").
COMMONEST_ENGLISH = 250_000_000

# Candidates are remembered for this many misspelt words (people make the same slips).
RECENT_WORDS = 20_000
# A word the knowledge uses at most this often may be one of its own deliberate slips.
RARE_IN_KNOWLEDGE = 3

_ENGLISH_FILE = "frequency_dictionary_en_82_765.txt"
_ENGLISH_PAIRS_FILE = "frequency_bigramdictionary_en_243_342.txt"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CODE_AFTER = re.compile(r"\s?[-.]?\s?\d")
_TOKENS = re.compile(r"[a-z]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbouring_keys() -> dict[str, frozenset[str]]:
    """Keys that touch each other on a QWERTY keyboard, whose rows are offset by half a key:
    "g" touches f and h, t and y above, v and b below."""
    where = {key: (row, column) for row, keys in enumerate(_KEY_ROWS) for column, key in enumerate(keys)}
    touching = {-1: (0, 1), 0: (-1, 1), 1: (-1, 0)}  # row offset -> column offsets of the keys touched
    return {
        key: frozenset(
            _KEY_ROWS[row + offset][column + step]
            for offset, steps in touching.items()
            for step in steps
            if 0 <= row + offset < len(_KEY_ROWS) and 0 <= column + step < len(_KEY_ROWS[row + offset])
        )
        for key, (row, column) in where.items()
    }


_NEAR = _neighbouring_keys()


class _FastOsa(AbstractDistanceComparer):
    """symspellpy's optimal-string-alignment distance, computed by rapidfuzz (in C++)."""

    def distance(self, string_1: str | None, string_2: str | None, max_distance: int) -> int:
        found: int = OSA.distance(string_1 or "", string_2 or "", score_cutoff=max_distance)
        return found if found <= max_distance else -1


def _lookup_table() -> SymSpell:
    return SymSpell(2, 7, distance_comparer=EditDistance(DistanceAlgorithm.USER_PROVIDED, _FastOsa()))


@dataclass(frozen=True)
class Spelling:
    """A message as read after correcting slips, and what was changed."""

    text: str
    changes: tuple[tuple[str, str], ...] = ()  # (as typed, as read), lower case


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """symspellpy's English word frequencies (82,765 words, from Google Books n-grams)."""
    counts: dict[str, int] = {}
    with (resources.files("symspellpy") / _ENGLISH_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.partition(" ")
            counts[word] = int(count)
    return counts


@lru_cache(maxsize=1)
def english_pairs() -> dict[str, int]:
    """symspellpy's English word-pair frequencies ("there are": 242,342 pairs), keyed "a b";
    read when first needed (a quarter of a second), since most messages need no correcting. Read
    line by line: the whole file split at once held 700,000 strings beside the table, about 50 MB
    more at the peak of the process's memory."""
    pairs: dict[str, int] = {}
    with (resources.files("symspellpy") / _ENGLISH_PAIRS_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            first, second, count = line.split()
            pairs[f"{first} {second}"] = int(count)
    return pairs


# A message is read as English when enough of it is: at least this share of its words common in
# English (met this often in the word frequencies), or this share of its neighbouring words pairs
# English uses. Messages mostly in another language ("mon genou est rouge et gonflé") are
# neither; most English, slips and all ("shud i use ice on my kne"), is one or the other.
COMMON_IN_ENGLISH = 200_000
ENGLISH_WORD_SHARE = 0.5
ENGLISH_PAIR_SHARE = 0.2
FEWEST_WORDS_TO_JUDGE = 4
_ENGLISH_WORD = re.compile(r"[a-z]+")


def mostly_not_english(text: str) -> bool:
    """Whether ``text`` is mostly in another language: at least a few words, fewer than half of
    them common English words, and few of its neighbouring words pairs English uses."""
    words = _ENGLISH_WORD.findall(fold(text).lower())
    if len(words) < FEWEST_WORDS_TO_JUDGE:
        return False
    english = english_counts()
    if sum(english.get(word, 0) >= COMMON_IN_ENGLISH for word in words) >= ENGLISH_WORD_SHARE * len(words):
        return False
    pairs = english_pairs()
    return sum(f"{first} {second}" in pairs for first, second in pairwise(words)) < ENGLISH_PAIR_SHARE * (
        len(words) - 1
    )


class Speller:
    def __init__(self, domain_texts: Iterable[str], kept: Iterable[str] = ()) -> None:
        """``domain_texts``: every text of the knowledge; ``kept``: texts whose words are
        never taken for slips (names, pinyin spelt by ear, "nite nite")."""
        words: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for text in domain_texts:
            tokens = _TOKENS.findall(fold(text))
            words.update(tokens)
            pairs.update(pairwise(tokens))
        self._english = english_counts()
        self._english_total = sum(self._english.values())
        self._lookup = _lookup_table()
        for word, count in words.items():
            if len(word) >= 3:
                self._lookup.create_dictionary_entry(word, count)
        kept_words = {word for text in kept for word in _TOKENS.findall(fold(text))}
        # Phrasings keep a few slips on purpose ("how often shud i do it"): those are read as
        # the words they stand for, not kept as words of the knowledge.
        for slip in [word for word in words if word not in kept_words and self._slip_in_knowledge(word, words)]:
            del words[slip]
            self._lookup.delete_dictionary_entry(slip)  # as if never entered (a few of thousands)
        self._domain = words
        self._pairs = pairs
        self._domain_total = max(sum(words.values()), 1)
        self._candidates_of: dict[str, dict[str, int]] = {}
        self._alone_of: dict[tuple[str, bool], str] = {}

    def _slip_in_knowledge(self, word: str, words: Counter[str]) -> bool:
        """A rare word of the knowledge that general English does not know, next to a word
        that it uses far more often and English knows ("swolen" beside "swollen")."""
        count = words[word]
        if count > RARE_IN_KNOWLEDGE or len(word) < 3 or word in self._english or _contraction(word, self._english):
            return False
        return any(
            item.term != word and item.term[0] == word[0] and item.term in self._english and item.count >= 10 * count
            for item in self._lookup.lookup(word, Verbosity.ALL, max_edit_distance=_reach(word))
        )

    def knows(self, word: str) -> bool:
        return word in self._domain

    def correct(self, text: str) -> Spelling:
        """``text`` with its likely slips corrected; everything else kept as written."""
        matches = list(_WORD.finditer(text))
        if not matches:
            return Spelling(text)
        words = [fold(m.group(0)) for m in matches]
        codes = [_CODE_AFTER.match(text, m.end()) is not None for m in matches]
        # Each word as it reads on its own, for the context of its neighbours ("mqke ny ned":
        # "ny" is read beside "make", not "mqke").
        alone = [self._alone(word, code) for word, code in zip(words, codes, strict=True)]
        changes: list[tuple[str, str]] = []
        pieces: list[str] = []
        last = 0
        previous = ""
        for i, match in enumerate(matches):
            word = words[i]
            following = alone[i + 1] if i + 1 < len(words) else ""
            better = self._better(word, previous, following, codes[i])
            if better is not None:
                pieces += [text[last : match.start()], better]
                last = match.end()
                changes.append((word, better))
            previous = better or word
        if not changes:
            return Spelling(text)
        pieces.append(text[last:])
        return Spelling("".join(pieces), tuple(changes))

    def _alone(self, word: str, code: bool) -> str:
        """The word ``word`` most likely stands for, out of context."""
        if word in CHAT_SPELLINGS:
            return CHAT_SPELLINGS[word]
        if not self._open(word):
            return word
        known = self._alone_of.get((word, code))
        if known is None:
            known = self._better(word, "", "", code) or word
            if len(self._alone_of) < RECENT_WORDS:
                self._alone_of[(word, code)] = known
        return known

    def _open(self, word: str) -> bool:
        """Whether ``word`` may be a slip at all: not a word the knowledge holds, a stop word, a
        contraction, a common English word, or a short word English knows ("us")."""
        if "'" in word or not word.isascii() or word in self._domain or word in STOPWORDS:
            return False
        english = self._english.get(word, 0)
        return english < COMMON_ENGLISH and (len(word) >= 3 or (len(word) == 2 and not english))

    def _better(self, word: str, previous: str, following: str, code: bool = False) -> str | None:
        """The word ``word`` was likely meant to be, when that is not ``word`` itself. Before a
        number (``code``) only a word of the knowledge will do: a point's name ("bladdfer 34"),
        never an English word for a code's letters."""
        if code and len(word) <= 3:
            return None
        if word in CHAT_SPELLINGS:
            return CHAT_SPELLINGS[word]
        if not self._open(word):
            return None
        english = self._english.get(word, 0)
        candidates = self._candidates(word)
        if not candidates:
            return None
        # A word nobody knows stays as typed unless a correction is likely enough (a name, a
        # brand, "blorp"); a real word stays unless something else is clearly likelier.
        best, best_score = None, math.log(NEW_WORD if len(word) > 2 else NEW_SHORT_WORD)
        penalty = 0.0
        if english:
            best_score = self._score(word, word, 0, previous, following)
            penalty = math.log(REAL_WORD_SLIP)
        for candidate, distance in candidates.items():
            if (code and candidate not in self._domain) or (english and distance > 1):
                continue  # a real word is rarely two slips from the word meant ("beeping", "being")
            if len(word) < 3 and self._english.get(candidate, 0) < COMMONEST_ENGLISH:
                continue  # "jy" is "my"; "pt" and "km" are what they say, not "put" or "kim"
            score = self._score(word, candidate, distance, previous, following) + penalty
            if score > best_score:
                best, best_score = candidate, score
        return best

    def _candidates(self, word: str) -> dict[str, int]:
        """Words within reach of ``word``: the knowledge's within two edits (one for short
        words), general English within one."""
        known = self._candidates_of.get(word)
        if known is not None:
            return known
        found = {
            item.term: item.distance
            for item in self._lookup.lookup(word, Verbosity.ALL, max_edit_distance=_reach(word))
            if item.term != word
        }
        for candidate in _one_edit(word):
            if candidate in self._english and candidate not in found and candidate != word:
                found[candidate] = 1
        if len(self._candidates_of) < RECENT_WORDS:
            self._candidates_of[word] = found
        return found

    def _score(self, observed: str, candidate: str, distance: int, previous: str, following: str) -> float:
        """log P(candidate | the word before) P(the word after | candidate) P(observed | candidate),
        the word pairs taken from the knowledge and general English, smoothed with single-word
        frequencies."""
        channel = (
            1.0
            if distance == 0
            else _one_slip(observed, candidate)
            if distance == 1
            else _two_slips(observed, candidate)
        )
        if channel <= 0.0:
            return -math.inf
        score = math.log(max(self._given(candidate, previous), 1e-15)) + math.log(channel)
        if following:
            after = self._prior(following)
            score += math.log(max(self._given(following, candidate), 1e-15)) - math.log(max(after, 1e-15))
        return score

    def _given(self, word: str, previous: str) -> float:
        """P(word | previous): how often the knowledge and English write the two together,
        smoothed with the word's own frequency."""
        chance = self._prior(word)
        if not previous:
            return chance
        own = 1.0
        mixed = 0.0
        before = self._domain.get(previous, 0)
        if before:
            mixed += CONTEXT_SHARE * self._pairs.get((previous, word), 0) / before
            own -= CONTEXT_SHARE
        before = self._english.get(previous, 0)
        if before:
            pair = english_pairs().get(f"{previous} {word}", 0)
            mixed += CONTEXT_SHARE * min(pair / (ENGLISH_PAIRS_SCALE * before), 1.0)
            own -= CONTEXT_SHARE
        return mixed + own * chance

    def _prior(self, word: str) -> float:
        return (
            DOMAIN_SHARE * self._domain.get(word, 0) / self._domain_total
            + (1 - DOMAIN_SHARE) * self._english.get(word, 0) / self._english_total
        )


def _one_slip(typed: str, meant: str) -> float:
    """How likely one slip turns ``meant`` into ``typed`` (the two are one edit apart). A letter
    left out, two letters swapped, a key pressed twice and a neighbouring key are what thumbs
    do; a key far from the letters around it rarely; and the first letter, typed with the most
    care, is rarely the one that slips ("kne" is "knee", not "one")."""
    first = FIRST_LETTER if typed[0] != meant[0] else 1.0
    if len(typed) < len(meant):
        return ONE_SLIP * first  # a letter left out
    if len(typed) > len(meant):
        i = next((i for i, (a, b) in enumerate(zip(typed, meant, strict=False)) if a != b), len(meant))
        around = typed[max(i - 1, 0) : i] + typed[i + 1 : i + 2]  # the letters beside the one added
        extra = typed[i]
        brushed = any(extra == letter or extra in _NEAR.get(letter, frozenset()) for letter in around)
        return (ONE_SLIP if brushed else FAR_KEY) * first  # a key pressed twice, or its neighbour too
    differ = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
    if len(differ) == 2:
        return ONE_SLIP * first  # two neighbouring letters swapped
    i = differ[0]
    return (ONE_SLIP if typed[i] in _NEAR.get(meant[i], frozenset()) else FAR_KEY) * first


def _two_slips(typed: str, meant: str) -> float:
    """How likely two slips turn ``meant`` into ``typed``: letters left out ("shud" for "should")
    happen; in a short word, two letters changed or added are a different word, not a slip
    ("haha" is not "have", "blorp" is not "blood"). A long word can hide two slips of any kind."""
    first = FIRST_LETTER if typed[0] != meant[0] else 1.0
    if len(typed) >= LONG_WORD:
        return TWO_SLIPS * first
    if len(meant) > len(typed) and _left_out(typed, meant):
        return TWO_SLIPS * first
    return 0.0


def _left_out(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with a letter or two left out (each typed letter in order)."""
    letters = iter(meant)
    return all(letter in letters for letter in typed)


def _reach(word: str) -> int:
    """Slips a word can hide: one in a word of three letters, two in longer ones."""
    return 1 if len(word) <= 3 else 2


def _contraction(word: str, english: dict[str, int]) -> bool:
    """ "doesnt", "wasnt": a negated word written without its apostrophe."""
    return word.endswith("nt") and (word[:-2] in english or word[:-3] in english)


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)
