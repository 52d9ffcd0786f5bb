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
# Characters that show nothing on their own: format characters (zero-width space and joiners,
# soft hyphen, byte order mark, direction marks) and combining or enclosing marks (accents once
# decomposed, variation selectors). Left in, they split or disguise words ("sw\u200bollen").
_INVISIBLE = frozenset({"Cf", "Mn", "Me"})
# Cyrillic and Greek letters that look like Latin ones, so "swоllen" with a Cyrillic о reads as
# "swollen". Unicode's full confusables table (UTS #39) also maps Latin to Latin ("m" -> "rn"),
# which would corrupt ordinary words; only other scripts' look-alikes are wanted here.
_LOOK_ALIKES = str.maketrans(
    {
        **dict.fromkeys("аАαΑ", "a"),
        **dict.fromkeys("ВьЬβΒ", "b"),
        **dict.fromkeys("сСϲϹ", "c"),
        **dict.fromkeys("ԁԀ", "d"),
        **dict.fromkeys("еЕεΕ", "e"),
        **dict.fromkeys("һҺНΗ", "h"),
        **dict.fromkeys("іІιΙ", "i"),
        **dict.fromkeys("јЈϳ", "j"),
        **dict.fromkeys("кКκΚ", "k"),
        **dict.fromkeys("Ӏӏ", "l"),
        **dict.fromkeys("МΜ", "m"),
        **dict.fromkeys("Ν", "n"),
        **dict.fromkeys("оОοΟ", "o"),
        **dict.fromkeys("рРρΡ", "p"),
        **dict.fromkeys("ԛԚ", "q"),
        **dict.fromkeys("ѕЅ", "s"),
        **dict.fromkeys("ТΤ", "t"),
        **dict.fromkeys("υ", "u"),
        **dict.fromkeys("ν", "v"),
        **dict.fromkeys("ԝԜ", "w"),
        **dict.fromkeys("хХχΧ", "x"),
        **dict.fromkeys("уУүҮγΥ", "y"),
        **dict.fromkeys("Ζ", "z"),
    }
)
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
    """Lower-case ``text`` and undo the ways the same word can be written differently.

    Compatibility forms become plain letters (full-width ｓ, ligatures, superscripts: NFKD),
    accents go (Xuéhǎi -> xuehai), invisible characters are removed, and Cyrillic or Greek
    look-alike letters become the Latin ones they imitate. Other characters are kept.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    visible = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _INVISIBLE)
    return visible.translate(_LOOK_ALIKES).lower()


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
