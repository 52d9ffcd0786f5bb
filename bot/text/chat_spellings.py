"""Spellings people type on purpose in chat, and the words they stand for.

General English, nothing of this bot's domain: no edit distance reaches them ("thru" is three
edits from "through", and one from "thu"), and read as slips they turn into other words ("tho"
into "to", "cuz" into "cup"). Only spellings with one common reading are listed: "r", "n" and
"y" stand for too many things to be read on their own.
"""

from __future__ import annotations

CHAT_SPELLINGS: dict[str, str] = {
    "thru": "through",
    "tho": "though",
    "altho": "although",
    "cuz": "because",
    "coz": "because",
    "bcuz": "because",
    "becuz": "because",
    "bc": "because",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "tnx": "thanks",
    "u": "you",
    "ya": "you",
    "ur": "your",
    "wat": "what",
    "wot": "what",
    "wut": "what",
    "shud": "should",
    "shld": "should",
    "cud": "could",
    "wud": "would",
    "abt": "about",
    "bout": "about",
    "ppl": "people",
    "nite": "night",
    "tonite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "dunno": "don't know",
    "idk": "i don't know",
    "rn": "right now",
    "prob": "probably",
    "probs": "probably",
    "sumthing": "something",
    "smth": "something",
    "sth": "something",
    "enuf": "enough",
    "kinda": "kind of",
    "sorta": "sort of",
    "lemme": "let me",
    "gimme": "give me",
    "hrs": "hours",
    "mins": "minutes",
    "secs": "seconds",
    "wk": "week",
    "wks": "weeks",
    "mths": "months",
    "yrs": "years",
    "preg": "pregnant",
    "bub": "baby",
}


def standard_word(word: str) -> str:
    """The word a one-word chat spelling stands for ("thru" -> "through"), else ``word``: the
    rules match phrases by it, so "bone thru skin" reads as "bone through skin", and the safety
    net reads a message's present in these words ("bleeding at 28 wks" as "... 28 weeks")."""
    written = CHAT_SPELLINGS.get(word)
    return written if written is not None and " " not in written else word
