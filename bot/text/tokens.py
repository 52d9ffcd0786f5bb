"""Words to content tokens: stop words out, stems in, a few domain synonyms folded together.

"My knees hurt after sitting" and "knee pain when I sit" both become ``knee pain sit`` ... so
the scorer compares meaning-bearing words rather than grammar.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

STOPWORDS = frozenset(
    """
    a an the is are am was were be been being i im me my mine myself we our you your yours it its
    this that these those of to in on at for with from by about into onto over under and or but so
    if then than as do does did doing done can could should would will shall may might must
    please tell show give let lets get got have has had having what whats which who whom whose
    where wheres when there here any some much many more most very really just also too
    quite know want need like ok okay one thing things way ways someone something anything
    kind sort bit lot lots still ever even all s t dont doesnt didnt isnt arent im ive youre
    whether cause
    exactly actually basically usually generally simply lately recently currently maybe perhaps probably
    people someone somebody anyone everyone else again already yet though although because since
    hi hello hey thanks thank please pls plz could would kindly just now then today
    best top good great nice fine near nearby around
    """.split()
)
"""Function words and fillers that say nothing about which entry is meant."""

NAME_FILLERS = frozenset("point points acupoint acupoints pressure acupressure".split())
"""Words a point's name implies: "xiyan point" and "xiyan acupressure point" mean Xiyan."""

# Applied to stems: different words for the same thing in this domain.
_SYNONYMS = {
    "hurt": "pain",
    "ach": "pain",
    "achi": "pain",
    "sore": "pain",
    "painkil": "painkill",
    "calv": "calf",
    "swollen": "swell",
    "puffi": "swell",
    "puff": "swell",
    "patella": "kneecap",
    "patellar": "kneecap",
    "quadricep": "quad",
    "oa": "osteoarthr",
    "seat": "sit",
    "spasm": "cramp",
    "inflammatori": "inflamm",
    "inflam": "inflamm",
    "arthrit": "arthriti",
    "injur": "injuri",
    "acupuncturist": "acupunctur",
    "pregnanc": "pregnant",
    "surgic": "surgeri",
    "muscular": "muscl",
    "stronger": "strong",
    "strongest": "strong",
    "weaker": "weak",
    "tighter": "tight",
    "looser": "loos",
    "tighten": "tight",
    "sat": "sit",
    "dietari": "diet",
    "gp": "doctor",
    "oper": "surgeri",
    "physician": "doctor",
    "rub": "massag",
}

_STEMMER = Stemmer.Stemmer("english")  # the Snowball English stemmer, in C


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem of one normalised word, with domain synonyms folded together."""
    stemmed: str = _STEMMER.stemWord(word)
    return _SYNONYMS.get(stemmed, stemmed)


def content_words(normalised: str) -> list[str]:
    """The words of a normalised text that are not stop words, in order."""
    return [word for word in normalised.split() if word not in STOPWORDS]


def content_tokens(normalised: str) -> list[str]:
    """Stems of the content words, in order, duplicates kept."""
    return [stem(word) for word in content_words(normalised)]
