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
# The same for plain ASCII text, as a translation table (much faster than a regex).
_ASCII_NON_WORD = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})

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
_PHRASES = {
    "can not": "cant",
    "unable to": "cant",
    "not able to": "cant",
    "not sure": "unsure",
    "not certain": "unsure",
}
_PHRASE_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _PHRASES) + r")\b")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (Xuéhǎi -> xuehai), keeping other characters."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def normalise(text: str) -> str:
    """Fold ``text`` to lower-case ASCII words separated by single spaces.

    Emoji, punctuation and accents disappear, contractions lose their apostrophe and the
    different ways of writing "cannot" become "cant".
    """
    folded = fold(text)
    if "'" in folded or "cannot" in folded:
        folded = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(1)], folded)
    if folded.isascii():
        words = " ".join(folded.translate(_ASCII_NON_WORD).split())
    else:
        words = _NON_WORD.sub(" ", folded).strip()
    if "not" in words or "unable" in words:
        words = _PHRASE_RE.sub(lambda m: _PHRASES[m.group(1)], words)
    return words


def compact(text: str) -> str:
    """Normalise and drop the spaces too, so "Xue Hai", "xuehai" and "XUE-HAI" compare equal."""
    return normalise(text).replace(" ", "")
