"""Spot a point's name anywhere in a message, however it is spelt.

People write the Chinese names the way they hear them ("koon loon", "way jung", "sue high",
"yin ling chwan") and the English ones with typos ("sea of blod"). Each run of one to four
words of the message is compared with every name twice: as written, and as a sound key in
which the spellings English speakers use for the same sounds agree (x and sh, q and ch, zh and
j, oo and u, ee and i, igh and ai ...). A spotted name also tells what the REST of the message
is, so "how high are the Kunlun mountains" can be told from "what is Kunlun good for".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.text.tokens import NAME_FILLERS

MAX_WORDS = 4
MIN_LENGTH = 4  # shorter runs of letters are too easily something else
NAME_RATIO = 88.0  # as written ("liangqu" for "liangqiu") or as a sound key ("lee ang chew")
SHORT_NAME = 6  # names this short must match exactly, as written or as sounds
SWAP_SIMILARITY = 95.0  # two neighbouring letters swapped, the commonest typo (a ratio counts it as two)
SEEN_RUNS = 50_000  # runs of words whose names are kept (a few MB), then forgotten all at once
RECENT_MESSAGES = 8  # messages whose names are kept
EXACT = 99.0  # a name as written (100) or as it sounds (99); below it, only close

# Applied in order to a name or a run of words with the spaces taken out. Each comes with
# letters any text it changes holds (most runs of words hold few of them: the rest is skipped).
_SOUNDS: list[tuple[str, re.Pattern[str], str]] = [
    (needle, re.compile(pattern), replacement)
    for needle, pattern, replacement in (
        ("tch", r"tch", "c"),
        ("ch", r"ch", "c"),
        ("sh", r"sh", "s"),
        ("zh", r"zh", "j"),
        ("x", r"x", "s"),
        ("q", r"q", "c"),
        ("dz", r"dz", "j"),
        ("ph", r"ph", "f"),
        ("ck", r"ck", "k"),
        ("igh", r"igh", "ai"),
        ("ay", r"ay", "ei"),
        ("ew", r"ew", "iu"),
        ("e", r"ee|ea|ie", "i"),
        ("o", r"oo|ou", "u"),
        ("w", r"w", "u"),
        ("y", r"y", "i"),
        ("h", r"h", ""),
        ("", r"(.)\1+", r"\1"),
    )
]


_NUMBER_WORDS = {str(n): word for n, word in enumerate("zero one two three four five six seven eight nine ten".split())}


def sound_key(compact: str) -> str:
    """How a name sounds, in letters: "Xuehai" and "sue high" both give "suai"."""
    key = compact
    for needle, pattern, replacement in _SOUNDS:
        if needle in key:
            key = pattern.sub(replacement, key)
    return key


@dataclass(frozen=True)
class NameMention:
    entry_id: str
    name: str  # the name as the knowledge writes it
    start: int  # word span [start, end) in the normalised message
    end: int
    similarity: float  # 100 for an exact match
    everyday: bool = False  # made of ordinary English words ("sea of blood"), so it may mean other things


class NameSpotter:
    def __init__(self, names: Iterable[tuple[str, str, bool]], ordinary: Collection[str] = frozenset()) -> None:
        """``names``: (entry id, name, everyday) triples; names are normalised words. A name
        that is everyday English under one spelling and Chinese under another counts as Chinese.
        ``ordinary``: words of general English; one of them on its own is a name only when it
        spells or sounds exactly like one: "wring" merely comes close to "hur ding" (Heding
        spelt by ear), and means to wring."""
        self._ordinary = ordinary
        # dicts rather than sets: the same message must give the same answer in every process
        self._by_spelling: dict[str, dict[tuple[str, str], bool]] = defaultdict(dict)
        self._by_sound: dict[str, dict[tuple[str, str], bool]] = defaultdict(dict)
        for entry_id, name, everyday in names:
            compact = name.replace(" ", "")
            if len(compact) >= MIN_LENGTH:
                for table, key in ((self._by_spelling, compact), (self._by_sound, sound_key(compact))):
                    table[key][(entry_id, name)] = table[key].get((entry_id, name), True) and everyday
        self._spellings = list(self._by_spelling)
        self._sounds = list(self._by_sound)
        # By the length of a run's letters, the names (in order) it may come within a ratio of:
        # most runs come near none, and the rest are compared with few.
        self._spelling_reach = _within_ratio(self._spellings, NAME_RATIO)
        self._sound_reach = _within_ratio(self._sounds, NAME_RATIO)
        self._swaps = _swaps(self._spellings)
        self._seen: dict[str, list[tuple[str, str, float, bool]]] = {}
        self._recent: dict[tuple[str, ...], tuple[NameMention, ...]] = {}

    def find(self, words: list[str]) -> list[NameMention]:
        """Names in ``words`` (a normalised message), longest and closest first, not overlapping.
        (What each run of words spells or sounds like, the costly part, is kept: :meth:`_closest`;
        and the names of the last few messages, which the matcher looks for up to three times.)"""
        key = tuple(words)
        found = self._recent.get(key)
        if found is None:
            found = self._recent[key] = tuple(self._find([_NUMBER_WORDS.get(word, word) for word in words]))
            if len(self._recent) > RECENT_MESSAGES:
                del self._recent[next(iter(self._recent))]
        return list(found)

    def _find(self, words: list[str]) -> list[NameMention]:
        found: list[NameMention] = []
        for size in range(MAX_WORDS, 0, -1):
            for start in range(len(words) - size + 1):
                if words[start] in NAME_FILLERS or words[start + size - 1] in NAME_FILLERS:
                    continue
                compact = "".join(words[start : start + size])
                if len(compact) < MIN_LENGTH:
                    continue
                for entry_id, name, similarity, everyday in self._closest(compact):
                    if size == 1 and similarity < EXACT and compact in self._ordinary:
                        continue
                    found.append(NameMention(entry_id, name, start, start + size, similarity, everyday))
        found.sort(key=lambda m: (-m.similarity, -(m.end - m.start)))
        kept: list[NameMention] = []
        for mention in found:
            if all(mention.end <= other.start or mention.start >= other.end for other in kept):
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def _closest(self, compact: str) -> list[tuple[str, str, float, bool]]:
        """The names ``compact`` (a run of words, spaces taken out) spells or sounds like; kept,
        since the same runs of everyday words come back in message after message."""
        known = self._seen.get(compact)
        if known is None:
            known = self._seen[compact] = self._look_up(compact)
            if len(self._seen) > SEEN_RUNS:
                self._seen.clear()
        return known

    def _look_up(self, compact: str) -> list[tuple[str, str, float, bool]]:
        if compact in self._by_spelling:
            return [(*name, 100.0, everyday) for name, everyday in self._by_spelling[compact].items()]
        key = sound_key(compact)
        if key in self._by_sound:
            return [(*name, 99.0, everyday) for name, everyday in self._by_sound[key].items()]
        swapped = self._swaps.get(compact) if len(compact) >= SHORT_NAME else None
        if swapped is not None:  # "xuehia" for "xuehai"
            return [(*name, SWAP_SIMILARITY, everyday) for name, everyday in self._by_spelling[swapped].items()]
        hits: list[tuple[str, str, float, bool]] = []
        # Most runs of words are too long or too short to come close to any name: not compared.
        spellings = self._spelling_reach.get(len(compact)) if len(compact) > SHORT_NAME else None
        if spellings:
            spelt = process.extractOne(compact, spellings, scorer=fuzz.ratio, score_cutoff=NAME_RATIO)
            if spelt and len(spelt[0]) > SHORT_NAME:
                hits += [(*name, spelt[1], everyday) for name, everyday in self._by_spelling[spelt[0]].items()]
        sounded = None
        sounds = self._sound_reach.get(len(key))
        if sounds:
            sounded = process.extractOne(key, sounds, scorer=fuzz.ratio, score_cutoff=NAME_RATIO)
        if sounded and len(sounded[0]) >= SHORT_NAME:  # "dubai" is not "doobee"
            hits += [(*name, sounded[1] - 1, everyday) for name, everyday in self._by_sound[sounded[0]].items()]
        return hits


def _within_ratio(keys: list[str], ratio: float) -> dict[int, list[str]]:
    """For each length of text, the ``keys`` (in order) whose fuzz.ratio with a text of that
    length can reach ``ratio``: at best 200 * shorter / (both lengths added), when the shorter is
    all shared. Lengths that can reach none are left out."""
    longest = max((len(key) for key in keys), default=0)
    reach = {
        n: [key for key in keys if 200 * min(n, len(key)) / (n + len(key)) >= ratio - 1e-6]
        for n in range(1, int(longest * 200 / ratio) + 2)
    }
    return {n: near for n, near in reach.items() if near}


def _swaps(names: Iterable[str]) -> dict[str, str]:
    """Each text that spells a name with two neighbouring letters swapped -> that name; a text
    one swap away from two names goes to the one swapped nearer its start."""
    nearest: dict[str, tuple[int, str]] = {}
    for name in names:
        for i in range(len(name) - 1):
            if name[i] != name[i + 1]:
                swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
                if swapped not in nearest or i < nearest[swapped][0]:
                    nearest[swapped] = (i, name)
    return {swapped: name for swapped, (_, name) in nearest.items()}
