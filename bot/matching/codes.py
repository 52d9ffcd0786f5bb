"""Point codes are identifiers, not fuzzy text.

"SP10", "sp-10", "Spleen 10" and "splen10" are the same code; "SP6", "SP100" and "ST3" are
different codes, never a near miss of SP10 or ST34. This module reads every code out of a
normalised message so the matcher can answer the exact point or say it is not covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Standard meridian prefixes, by abbreviation or spelled-out name.
_PREFIXES: dict[str, str] = {
    "st": "ST",
    "stomach": "ST",
    "sp": "SP",
    "spleen": "SP",
    "gb": "GB",
    "gallbladder": "GB",
    "gall bladder": "GB",
    "bl": "BL",
    "ub": "BL",
    "bladder": "BL",
    "urinary bladder": "BL",
    "lr": "LR",
    "lv": "LR",
    "liv": "LR",
    "liver": "LR",
    "ki": "KI",
    "kd": "KI",
    "kidney": "KI",
    "li": "LI",
    "large intestine": "LI",
    "si": "SI",
    "small intestine": "SI",
    "ht": "HT",
    "heart": "HT",
    "pc": "PC",
    "pericardium": "PC",
    "sj": "SJ",
    "te": "SJ",
    "tw": "SJ",
    "triple energizer": "SJ",
    "triple warmer": "SJ",
    "san jiao": "SJ",
    "lu": "LU",
    "lung": "LU",
    "cv": "CV",
    "ren": "CV",
    "gv": "GV",
    "du": "GV",
}
# Spelled-out names that tolerate a typo ("splen 10", "stomac 34"); abbreviations must be exact.
_TYPO_TOLERANT = [name for name in _PREFIXES if len(name) >= 5 and " " not in name]
_TWO_WORD = {name for name in _PREFIXES if " " in name}

# A number followed by one of these is a quantity ("heat 5 minutes"), not a point number.
_UNITS = frozenset(
    "min mins minute minutes sec secs second seconds hour hours hr hrs day days week weeks month months "
    "year years time times x cm mm inch inches kg lbs degree degrees percent pats reps".split()
)
_EXTRA = re.compile(r"\b(ex|m)\s?le\s?(\d{1,2})\b")
_GLUED = re.compile(r"^([a-z]+)(\d{1,3})$")
_NUMBER = re.compile(r"^\d{1,3}$")


@dataclass(frozen=True)
class CodeMention:
    code: str  # canonical, e.g. "SP10", "EX-LE5", "M-LE16"
    words: tuple[int, int]  # the word span [start, end) in the normalised text


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen".split()
_NUMBER_WORDS = {word: n for n, word in enumerate(_ONES)} | {"seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70}


def _as_written_code(words: list[str]) -> list[str]:
    """Words with spelled-out numbers as digits ("bladder fifty seven" -> "bladder 57") and
    dotted or spaced letters joined ("s p 10", from "S.P. 10", -> "sp 10")."""
    result: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            following = words[i + 1] if i + 1 < len(words) else ""
            unit = _NUMBER_WORDS.get(following, 0)
            result.append(str(_TENS[word] + (unit if 0 < unit < 10 else 0)))
            i += 2 if 0 < unit < 10 else 1
            continue
        if word in _NUMBER_WORDS and word != "one":  # "one" is too often not a number
            result.append(str(_NUMBER_WORDS[word]))
            i += 1
            continue
        j = i
        while j < len(words) and len(words[j]) == 1 and words[j].isalpha():
            j += 1
        joined = "".join(words[i:j])
        if j - i >= 2 and (joined in _PREFIXES or joined in ("exle", "mle")):
            result.append(joined)
            i = j
            continue
        result.append(word)
        i += 1
    return result


def find_codes(normalised: str) -> list[CodeMention]:
    """Every point code written in ``normalised`` text, in order of appearance, without repeats."""
    words = _as_written_code(normalised.split())
    found: list[CodeMention] = []
    used: set[int] = set()

    text = " ".join(words)
    for match in _EXTRA.finditer(text):
        start = len(text[: match.start()].split())
        end = start + len(match.group(0).split())
        prefix = "EX-LE" if match.group(1) == "ex" else "M-LE"
        found.append(CodeMention(f"{prefix}{int(match.group(2))}", (start, end)))
        used.update(range(start, end))

    for i, word in enumerate(words):
        if i in used:
            continue
        glued = _GLUED.match(word)
        if glued:
            glued_prefix = _prefix(glued.group(1))
            if glued_prefix and not _is_quantity(words, i):
                found.append(CodeMention(f"{glued_prefix}{int(glued.group(2))}", (i, i + 1)))
            continue
        if not _NUMBER.match(word) or i == 0 or (i - 1) in used or _is_quantity(words, i):
            continue
        if i >= 2 and f"{words[i - 2]} {words[i - 1]}" in _TWO_WORD:
            found.append(CodeMention(f"{_PREFIXES[words[i - 2] + ' ' + words[i - 1]]}{int(word)}", (i - 2, i + 1)))
            continue
        before = _prefix(words[i - 1])
        if before:
            found.append(CodeMention(f"{before}{int(word)}", (i - 1, i + 1)))

    found.sort(key=lambda mention: mention.words)
    unique: dict[str, CodeMention] = {}
    for mention in found:
        unique.setdefault(mention.code, mention)
    return list(unique.values())


def _prefix(word: str) -> str | None:
    if word in _PREFIXES:
        return _PREFIXES[word]
    if len(word) >= 5:
        best = process.extractOne(word, _TYPO_TOLERANT, scorer=fuzz.ratio, score_cutoff=80)
        if best:
            return _PREFIXES[best[0]]
    return None


def _is_quantity(words: list[str], i: int) -> bool:
    return i + 1 < len(words) and words[i + 1] in _UNITS
