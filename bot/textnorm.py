"""Text normalisation shared by knowledge validation, matching and safety triage.

Everything that compares user text with knowledge text goes through :func:`normalise`, so an
alias that clashes after normalisation is caught by ``kneebot check`` before it confuses the
matcher.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophes and quotes people type, all mapped away so "can't", "can’t" and "cant" agree.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")

# Negated auxiliaries written without the apostrophe after normalisation.
_CONTRACTIONS = {
    "cannot": "cant",
    "can't": "cant",
    "won't": "wont",
    "don't": "dont",
    "doesn't": "doesnt",
    "didn't": "didnt",
    "isn't": "isnt",
    "aren't": "arent",
    "wasn't": "wasnt",
    "weren't": "werent",
    "haven't": "havent",
    "hasn't": "hasnt",
    "hadn't": "hadnt",
    "couldn't": "couldnt",
    "wouldn't": "wouldnt",
    "shouldn't": "shouldnt",
    "i'm": "im",
    "it's": "its",
    "what's": "whats",
    "where's": "wheres",
    "that's": "thats",
}
_CONTRACTION_RE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_CONTRACTIONS, key=len, reverse=True)) + r")\b"
)
_PHRASES = [
    (re.compile(r"\bcan not\b"), "cant"),
    (re.compile(r"\bunable to\b"), "cant"),
    (re.compile(r"\bnot able to\b"), "cant"),
    (re.compile(r"\bnot sure\b"), "unsure"),
    (re.compile(r"\bnot certain\b"), "unsure"),
]


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (Xuéhǎi -> xuehai), keeping other characters."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def normalise(text: str) -> str:
    """Fold ``text`` to lower-case ASCII words separated by single spaces.

    Emoji, punctuation and accents disappear, contractions lose their apostrophe and the
    different ways of writing "cannot" become "cant".
    """
    folded = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(1)], fold(text))
    words = _NON_WORD.sub(" ", folded).strip()
    for pattern, replacement in _PHRASES:
        words = pattern.sub(replacement, words)
    return words


def compact(text: str) -> str:
    """Normalise and drop the spaces too, so "Xue Hai", "xuehai" and "XUE-HAI" compare equal."""
    return normalise(text).replace(" ", "")
