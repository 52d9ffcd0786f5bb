"""What people say about their pain diary beyond "pain 5 today": a rating with its scale
anywhere in a short message ("knees about 4 outta 10 this morning"), one for yesterday, one
said after a session ("after my stretches it's down to 3"), the diary listed, the last rating
taken back, and the diary erased on its own (after a yes).

It reads words already tidied by :func:`bot.engine.practice.phrases.tidy`; :func:`read`
returns None for anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
N = r"(\d{1,2}|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
OUT_OF = r"(?:\s*/\s*10|\s+(?:out of|outta|outa|of) (?:10|ten))"


@dataclass(frozen=True)
class Rated:
    """A rating said loosely; ``days_ago`` 1 for yesterday's."""

    score: int
    days_ago: int = 0


@dataclass(frozen=True)
class ShowDiary:
    pass


@dataclass(frozen=True)
class UndoRating:
    pass


@dataclass(frozen=True)
class ClearDiary:
    pass


@dataclass(frozen=True)
class AskToRate:
    """A wish to log how the knee is, with no rating in it ("I'd like to log my pain"): asked."""


DiaryIntent = Rated | ShowDiary | UndoRating | ClearDiary | AskToRate

_MOST_WORDS = 16  # a longer message is a story, not a diary entry
_SCALED = re.compile(rf"(?<![\d/.:])\b{N}{OUT_OF}\b")
_YESTERDAY = re.compile(r"\b(?:yesterday|yday|yesterdays|last night)\b")
# A clause that is a rating on its own: "it was an 8", "down to a 3", "mine's about 6 today".
_SUBJECT = r"(?:(?:it|its|that|mine|mines|my pain|pain|the pain|my knees?|knees?|kne|today|yesterday|yday)\s+)?"
_VERB = r"(?:(?:r|are|is|s|was|were|has been|feels?|felt|got|went)\s+)?"
_HEDGE = r"(?:(?:about|around|roughly|like|more like|down to|up to|back to|at|only|now|just|maybe)\s+)*"
_WHEN = (
    r"(?:\s+(?:today|now|tonight|this morning|this evening|yesterday|last night|again|though|tbh|btw|lol|haha|"
    r"i think|i reckon|or so|ish))*"
)
_CLAUSE_RATING = re.compile(rf"^{_SUBJECT}{_VERB}{_HEDGE}(?:an?\s+)?{N}{OUT_OF}?{_WHEN}$")
# Words that make a bare number a diary entry rather than something else.
_DIARY_CUE = re.compile(
    r"\b(?:pain|rating|rate|score|log|logged|diary|yesterday|yday|last night|after (?:the|my|that|this|a)\b|"
    r"this morning|tonight|this evening|knees?|kne)\b"
)
_AFTER = re.compile(r"^after (?:the |my |that |this |a |doing |doing the |doing my )?\w+(?: \w+)?\s+")

_SHOW = re.compile(
    r"^(?:(?:can|could|would) (?:you|u|i) )?(?:please )?"
    r"(?:(?:show|list|see|view|check|read|let me see|can i see|could i see|what are|what were|give)"
    r"(?: me)?(?: see)? )?(?:all )?(?:of )?(?:my|the) (?:pain )?(?:scores|ratings|entries|diary entries|numbers|"
    r"check ins|pain log|log|diary|pain diary|pain scores|pain ratings)(?: so far| please| then)?$|"
    r"^what (?:did|have) i (?:rate|rated|score|scored|log|logged)(?: so far)?$"
)
_UNDO = re.compile(
    r"\b(?:delete|remove|undo|scrap|cancel|take back|erase|bin|drop|get rid of|ignore)\b"
    r"(?: (?:the|that|my|this))? (?:last|latest|previous|most recent|that)\b"
    r"(?: (?:one|rating|score|entry|number|check in|log|pain rating|pain score))?|"
    r"^undo(?: that)?$|"
    r"\b(?:last|that|previous) (?:rating|score|entry|number|one) (?:was|is) wrong\b"
)
_CLEAR = re.compile(
    r"\b(?:delete|clear|erase|wipe|remove|empty|reset|scrap|bin|get rid of)\b(?: (?:all|out))?(?: of)?"
    r" (?:my|the)(?: whole| entire)? (?:pain )?(?:diary|ratings|scores|pain log|log|history|entries|check ins)\b"
)

# A wish to put a rating in the diary, with none given: "can I log my pain", "add a diary entry".
_LOG = re.compile(
    r"^(?:(?:i want to|i wanna|i d like to|id like to|i would like to|can i|could i|may i|let me|lets|let s|"
    r"i need to|i ll|ill|i will|how do i|how can i|time to|i should|want to|going to|gonna|i m going to|"
    r"im going to|can we|could we|can you|could you)\s+)?"
    r"(?:log|record|note|add|enter|track|rate|score|write down|jot down|put in|put down|put|make|do|fill in|update)\s+"
    r"(?:(?:my|the|a|an|todays|today s|some|in|down|new|another|how|on)\s+)*"
    r"(?:(?:knee|knees|pain|daily|diary|pain diary)\s+)*"
    r"(?:pain|rating|ratings|score|scores|entry|level|number|check in|diary|knee|knees|feel|feels|is|are|doing)"
    r"(?:\s+(?:for today|today|now|tonight|this morning|this evening|in my diary|in the diary|to my diary|"
    r"to the diary|in my pain diary|to my pain diary|in|entry|please|then|again))*$|"
    r"^(?:a |another )?(?:new )?(?:pain |diary )(?:diary )?(?:entry|rating|score|check in)(?: please| for today)?$"
)
_ANY_NUMBER = re.compile(rf"\b{N}\b")


def read(words: str, clauses: list[str] | None = None) -> DiaryIntent | None:
    """What ``words`` (tidied) ask of the diary, or None; ``clauses``: the message's clauses,
    tidied, where a rating may be one of them ("forgot yesterday's, it was a 7")."""
    if not words or len(words.split()) > _MOST_WORDS:
        return None
    if _UNDO.search(words):
        return UndoRating()
    if _CLEAR.search(words):
        return ClearDiary()
    if _SHOW.fullmatch(words):
        return ShowDiary()
    if _LOG.fullmatch(words) and not _ANY_NUMBER.search(words):
        return AskToRate()
    return rating(words, clauses)


def rating(words: str, clauses: list[str] | None = None) -> Rated | None:
    """A rating said loosely, or None; a question ("is 4 out of 10 bad?") is none."""
    if not words or len(words.split()) > _MOST_WORDS or _is_question(words):
        return None
    days_ago = 1 if said_of_yesterday(words) else 0
    scaled = _SCALED.search(words)
    if scaled:
        return _rated(scaled.group(1), days_ago)
    if not _DIARY_CUE.search(words):
        return None
    for clause in reversed(clauses or [words]):
        found = _CLAUSE_RATING.fullmatch(_AFTER.sub("", clause.strip()))
        if found:
            return _rated(found.group(1), days_ago)
    return None


def said_of_yesterday(words: str) -> bool:
    """Whether the rating is told of yesterday: "yesterday" said, and not only to compare
    ("better than yesterday" is today's)."""
    return bool(_YESTERDAY.search(_COMPARED.sub(" ", words)))


_COMPARED = re.compile(r"\b(?:than|from|since|compared to|compared with|vs) (?:yesterday|yday|last night)\b")


def _rated(token: str, days_ago: int) -> Rated | None:
    score = int(token) if token.isdigit() else NUMBER_WORDS[token]
    return Rated(score, days_ago) if 0 <= score <= 10 else None


_QUESTION = re.compile(r"^(?:is|are|what|how|why|should|can|could|does|do|will|would|when|which)\b")


def _is_question(words: str) -> bool:
    return bool(_QUESTION.match(words))
