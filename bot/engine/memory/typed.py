"""Typed replies to the screen on show: "nope" at a Yes/No question, "about a 6" at a pain
rating, "next", "back", "stop", "skip", "start timer", "the second one" after "Did you mean…",
and the same with words around them: "yep I do", "skip this one", "ok got it, carry on", "a few
small ones on my left leg".

A message counts as a reply only when every word of it is accounted for: a reply word, a polite
word, a filler ("this one", "the"), a "some" word ("a few", "small"), a side ("left", "the
other"), a number, or a word naming what is on screen (the routine under way, the step on show,
passed in as ``about``); a leg's words count after a side ("my left leg"). One word of its own
makes it a message to read, so "no swelling but it aches" is never taken for "no". The words are
data, in knowledge/replies.yaml; the engine turns a reply into the action of a button on the
current screen.

People answer a screen and the one after it in one breath ("none of those, pain's about a 4",
"no none apply, let's go"): a message whose every part is a reply is read part by part, the
first for the screen on show and the rest (:attr:`Reply.then`) for the screens it leads to. A
number after a rating's words ("pain 5") is a rating, never a line of the safety check. A word
typed with a slip ("thsoe", "enuogh") is read as the reply's word it is one edit from, when no
English word is meant (or only a far rarer one); a yes, a no or a rating is never guessed this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge.models import RepliesFile, ReplySide, ReplyWord
from bot.matching.spelling import english_counts
from bot.text.asking import QUESTION_OPENERS, is_question
from bot.text.normalise import normalise

Word = ReplyWord
Side = ReplySide
MAX_WORDS = 6  # a longer message is a message of its own, not a reply...
MAX_WORDS_ACCOUNTED = 12  # ...unless every one of its words is accounted for
MAX_WORDS_IN_PASSING = 20  # a rating said in passing, at a rating screen, among a few words of how it went
_NOT_ASKING = frozenset({"ok", "okay", "any", "anything"})  # "ok she says a 6" asks nothing
_TOO_COMMON = frozenset({"one", "none"})
_EACH = frozenset({"each", "per", "a", "every", "either", "one"})  # "each leg", "per knee", "a side"
_OF_WHOSE = frozenset({"of", "her", "his", "their", "my", "your", "the", "them"})  # "each of her legs"
_ASKS_ABOUT = frozenset(
    {"what", "whats", "how", "hows", "where", "wheres", "which", "why", "who", "when"}
)  # number words read as a rating only where every word is a rating's
# Reply words that agree with each other: "yep, carry on", "yes let's start".
GOING_ON: frozenset[Word] = frozenset({"yes", "start", "next", "resume"})
# Replies that move a screen on, which may end a longer message ("sorry about that. next").
MOVES_ON: frozenset[Word] = frozenset({"next", "back", "stop", "skip", "timer", "start", "resume", "more"})
_CLAUSES = re.compile(r"[.!?;:,\n]+")
SLIP_MIN_CHARS = 8  # a reply this long may be read with a slip in it...
SLIP_SCORE = 88.0  # ...when it comes this close (rapidfuzz ratio) to one of its forms
SLIP_WORD_CHARS = 4  # a word this long may be one edit from the reply's word it stands for
# An English word is read as a reply's word one edit away only when that word is this many times
# more common in English (the rare archaic "thees" typed for "these", never "bare" for "back").
SLIP_RARER = 1000
# Reply words read after the first part of a message, for the screens it leads to: a yes or a
# no is read only for the screen on show, where the person can see what it answers.
LATER: frozenset[Word] = MOVES_ON


@dataclass(frozen=True)
class Reply:
    """What a typed message says as a reply: a word, a 0-10 rating, a pick from a list, a leg,
    "some" (a yes that says how much), or nothing but polite words ("ok thanks")."""

    word: Word | None = None
    rating: int | None = None
    pick: int | None = None  # 0-based; -1 for "the last one"
    side: Side | None = None
    some: bool = False
    polite: bool = False
    words: tuple[Word, ...] = ()  # every reply word said, in order ("yep, carry on": yes, next)
    numbers: tuple[int, ...] = field(default=())  # "2 and 5"
    then: Reply | None = None  # the rest of the message, for the screen this one leads to

    def says(self, *words: Word) -> bool:
        """Whether the reply says one of ``words`` (and nothing that disagrees with it)."""
        return any(word in self.words for word in words)

    @property
    def yes(self) -> bool:
        """A yes to a yes/no question: "yes", "yep I do", or "a few small ones"."""
        return self.says("yes") or (self.some and not self.words)

    @property
    def anything(self) -> bool:
        return bool(
            self.words or self.rating is not None or self.pick is not None or self.side or self.some or self.numbers
        )


class TypedReplies:
    def __init__(self, cues: RepliesFile) -> None:
        self._words = {word: frozenset(map(normalise, forms)) for word, forms in cues.words.items()}
        self._returning = tuple(normalise(form) for form in cues.returning)
        before, after = _any(cues.polite_before), _any(cues.polite_after)
        self._polite = re.compile(rf"^(?:{before}\s+)*|(?:\s+{after})+$")
        self._numbers = {normalise(word): number for word, number in cues.numbers.items()}
        self._thanks = frozenset(tuple(normalise(phrase).split()) for phrase in cues.thanks if normalise(phrase))
        self._rating = re.compile(
            rf"^(?:{_any(cues.rating_before)}\s+)*(\w+)(?:\s+{_any(cues.rating_out_of)}?\s*10)?"
            rf"(?:\s+{_any(cues.rating_after)})*$"
        )
        self._ordinals = {normalise(word) or word: number for word, number in cues.ordinals.items()}
        self._pick = re.compile(rf"^(?:{_any(cues.pick_before)}\s+)*(\w+)(?:\s+{_any(cues.pick_after)})?$")
        # What a longer reply is read with, phrase by phrase (the longest first at each word).
        self._phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        for kind, entries in (
            ("side", cues.sides.keys()),
            ("some", cues.some),
            ("filler", cues.filler),
            ("polite", [*cues.polite_before, *cues.polite_after]),
        ):
            for phrase in entries:
                self._phrases.setdefault(tuple(normalise(phrase).split()), (kind, phrase))
        words_first: dict[tuple[str, ...], Word] = {}
        for word, forms in self._words.items():  # a phrase under two kinds: the first wins
            for form in forms:
                words_first.setdefault(tuple(form.split()), word)
        for key, word in words_first.items():
            if key and (key not in self._phrases or len(key) > 1):
                self._phrases[key] = ("word", word)
        self._sides = {tuple(normalise(phrase).split()): side for phrase, side in cues.sides.items()}
        self._legs = frozenset(normalise(word) for word in cues.legs)
        self._longest = max((len(key) for key in self._phrases), default=1)
        self._slip_forms = {
            form: word for word, forms in self._words.items() if word in MOVES_ON for form in forms
            if len(form) >= SLIP_MIN_CHARS
        }  # fmt: skip
        # The words a slip may be read as: every word of a reply's phrases but those that only
        # say yes or no (never guessed), and no number.
        guarded = {token for word in ("yes", "no") for form in self._words.get(word, ()) for token in form.split()}
        elsewhere = {token for key, (_, value) in self._phrases.items() if value not in ("yes", "no") for token in key}
        elsewhere |= self._legs
        self._slip_words = sorted(
            token for token in elsewhere - (guarded - elsewhere) if len(token) >= SLIP_WORD_CHARS and token.isalpha()
        )
        self._known_words = frozenset(elsewhere | guarded | set(self._numbers))
        self._hurts = [tuple(normalise(cue).split()) for cue in cues.hurts if normalise(cue)]
        self._again = [tuple(normalise(cue).split()) for cue in cues.again if normalise(cue)]
        self._too_hot = [tuple(normalise(cue).split()) for cue in cues.too_hot if normalise(cue)]
        self._warm = frozenset(normalise(cue) for cue in cues.warm if normalise(cue))
        self._warm_warning = frozenset(normalise(cue) for cue in cues.warm_warning if normalise(cue))
        self._leg_to_do = [tuple(normalise(cue).split()) for cue in cues.leg_to_do if normalise(cue)]
        self._not_after = frozenset(tuple(normalise(cue).split()) for cue in cues.not_rating_after if normalise(cue))
        self._not_before = frozenset(normalise(cue) for cue in cues.not_rating_before if normalise(cue))
        self._denies = frozenset(normalise(word) for word in cues.denials)
        self._scale = frozenset(normalise(cue) for cue in cues.rating_out_of if normalise(cue))
        self._rating_cues = frozenset(tuple(normalise(cue).split()) for cue in cues.rating_before if normalise(cue))
        self._rating_tail = frozenset(
            tuple(normalise(cue).split()) for cue in (*cues.rating_after, *cues.rating_out_of) if normalise(cue)
        )

    def thanks(self, text: str) -> bool:
        """Whether ``text`` is thanks: a short message of thanks and polite words, with at most
        one word of its own ("cheers legend", "ok thanks for listening", "cool thanks x")."""
        tokens = normalise(text).split()
        if not tokens or len(tokens) > MAX_WORDS:
            return False
        thanked, own, position = False, 0, 0
        while position < len(tokens):
            length = next(
                (n for n in range(min(4, len(tokens) - position), 0, -1)
                 if tuple(tokens[position : position + n]) in self._thanks), 0
            )  # fmt: skip
            if length:
                thanked, position = True, position + length
                continue
            found = self._phrase_at(tokens, position)
            if found is not None and found[0] in ("polite", "filler"):
                position += found[2]
                continue
            own, position = own + 1, position + 1
        return thanked and own <= 1

    def first_says_no(self, text: str) -> bool:
        """Whether ``text`` starts with a no ("nah, leave it as it is", "no wait"): for a question
        where no is the side that changes nothing, so a no anywhere first is taken."""
        tokens, position = normalise(text).split(), 0
        while (found := self._phrase_at(tokens, position)) is not None and found[0] == "polite":
            position += found[2]  # "hmm no, leave it"
        return found is not None and found[:2] == ("word", "no")

    def later_with_a_reason(self, text: str) -> bool:
        """Whether ``text`` opens with "not now" (or "later") in a clause of its own and goes on
        with a reason that asks nothing ("not now, the phone's ringing", "later, dinner's
        ready"): a "not now" to the screen on show."""
        clauses = [clause for clause in _CLAUSES.split(text) if normalise(clause)]
        if len(clauses) < 2 or is_question(" ".join(clauses[1:])):
            return False
        first = self._read(clauses[0], ())
        if not first.says("later") or not set(first.words) <= {"later", "no"}:
            return False
        return not any(self._read(clause, ()).words for clause in clauses[1:])

    def says_resume(self, text: str) -> bool:
        """Whether ``text`` says a word for going back to where one was ("carry on", "where was
        I"), rather than only moving on ("done", "next")."""
        words = f" {self.core(text)} "
        return any(f" {form} " in words for form in self._words.get("resume", ()))

    def says_returning(self, text: str) -> bool:
        """Whether ``text`` says one is back after a pause ("sorry about that, back now. carry
        on"), asks where one was ("right, where were we, carry on"), or tells something before
        its last part, the reply ("had to let the dog out. carry on"): something came between."""
        words = f" {normalise(text)} "
        going_back = self._words.get("resume", frozenset()) - self._words.get("next", frozenset())
        if any(f" {form} " in words for form in (*self._returning, *going_back)):
            return True  # "I'm back", or "where were we" beside the "carry on"
        clauses = [clause for clause in _CLAUSES.split(text) if normalise(clause)]
        told = [self._read(clause, ()) for clause in clauses[:-1]]
        return any(not (part.anything or part.polite) for part in told)

    def core(self, text: str) -> str:
        """The message without polite padding: "ok next please" -> "next"."""
        return self._polite.sub("", normalise(text)).strip()

    def read(self, text: str, about: Iterable[str] = ()) -> Reply:
        """What ``text`` says as a reply; ``about`` are words naming what is on screen, which a
        reply may mention ("let's carry on with the massage"). A longer message whose last
        sentence is a reply that moves the screen on ("sorry, the phone rang. where was I?", "that
        felt good. next") is that reply; a yes, a no or a rating is read only from the whole
        message ("my knee feels odd, no" answers nothing)."""
        about = tuple(about)
        whole = self._read(text, about)
        clauses = [clause for clause in _CLAUSES.split(text) if normalise(clause)]
        if set(whole.words) == {"no"} and len(whole.numbers) == 1 and len(clauses) >= 2:
            said, number = [self._read(clause, about) for clause in clauses[:-1]], self._read(clauses[-1], about)
            noes = all(set(part.words) == {"no"} and not part.numbers for part in said)
            if noes and number.rating is not None and not number.words:
                # "none of them, 3", "nope, none. 3": no line, and the rating next
                return Reply("no", words=("no",), then=Reply(rating=number.rating))
        if whole.anything or whole.polite:
            return whole
        if len(clauses) < 2:
            return whole
        parts = [self._read(clause, about) for clause in clauses]
        chained = _chain([part for part in parts if not (part.polite and not part.anything)])
        answers = chained is not None and (chained.says("yes", "no") or chained.rating is not None or chained.some)
        if answers and chained is not None and all(part.anything or part.polite for part in parts):
            return chained  # "none of those, pain's about a 4": this screen, then the next
        last = parts[-1]
        if last.words and set(last.words) <= MOVES_ON and last.rating is None and not last.numbers:
            return Reply(last.word, side=last.side, words=last.words)
        return whole

    def _read(self, text: str, about: Iterable[str]) -> Reply:
        normalised = normalise(text)
        words = self.core(" ".join(self._unslipped(token) for token in normalised.split()))
        if tuple(normalised.split()) in self._thanks:
            return Reply(polite=True)  # "nice one" is thanks, not a rating of 1
        if not words:
            return Reply(polite=bool(normalised))
        if len(words.split()) <= MAX_WORDS:
            word = next((name for name, forms in self._words.items() if words in forms), None) or self._slipped(words)
            match = self._pick.match(words)
            pick = self._ordinals.get(match.group(1)) if match else None
            rating = self._rating_in(words)
            if word is not None or rating is not None or pick is not None:
                numbers = (rating,) if rating is not None and words.isdigit() else ()
                return Reply(word, rating, pick, words=(word,) if word else (), numbers=numbers)
        elif len(words.split()) <= MAX_WORDS_ACCOUNTED and (rating := self._rating_in(words)) is not None:
            return Reply(rating=rating)  # "my pain's around a 5 at the moment": every word a rating's
        return self._accounted(words.split(), {token for name in about for token in normalise(name).split()})

    def says_it_hurts(self, text: str) -> bool:
        """On a step, whether ``text`` says the step hurts ("ouch, too sore for that one"): one
        of the ``hurts`` words in a short message that asks no what, how, where or why (those ask
        about the step) and gives no number (a rating)."""
        tokens = normalise(text).split()
        if not tokens or len(tokens) > MAX_WORDS_ACCOUNTED or tokens[0] in _ASKS_ABOUT:
            return False
        if any(token.isdigit() or token in self._numbers for token in tokens if token not in _TOO_COMMON):
            return False
        return any(
            tuple(tokens[start : start + len(cue)]) == cue for cue in self._hurts for start in range(len(tokens))
        )

    def says_too_hot(self, text: str) -> bool:
        """On a step that puts heat on the leg, whether ``text`` says it is too hot ("the
        towel's a bit too hot on my wrist"): one of the ``too_hot`` words in a message of a few
        words, with no denial before it ("it's not too hot")."""
        tokens = normalise(text).split()
        if not tokens or len(tokens) > MAX_WORDS_IN_PASSING:
            return False
        for start in range(len(tokens)):
            for cue in self._too_hot:
                if tuple(tokens[start : start + len(cue)]) == cue:
                    return not self._denies.intersection(tokens[:start])
        return False

    def says_warm(self, text: str) -> bool:
        """On a step with heat, whether ``text`` speaks of warmth felt ("it feels warm there, is
        that normal?"): one of the ``warm`` words in a message of a few words, no denial before
        it ("it's not warm at all"), and none of the ``warm_warning`` or ``hurts`` words; a
        message that opens with what, how or why asks about the step ("how warm should the water
        be?")."""
        tokens = normalise(text).split()
        if not tokens or len(tokens) > MAX_WORDS_IN_PASSING or tokens[0] in _ASKS_ABOUT:
            return False
        if not self._warm_warning.isdisjoint(tokens):
            return False
        if any(tuple(tokens[start : start + len(cue)]) == cue for cue in self._hurts for start in range(len(tokens))):
            return False
        at = next((position for position, token in enumerate(tokens) if token in self._warm), None)
        return at is not None and self._denies.isdisjoint(tokens[:at])

    def names_each_leg(self, text: str) -> bool:
        """Whether ``text`` asks about each leg in turn ("on each of her legs", "per knee", "a side")."""
        tokens = normalise(text).split()
        for position, token in enumerate(tokens):
            if token in _EACH:
                rest = [word for word in tokens[position + 1 : position + 4] if word not in _OF_WHOSE]
                if rest and rest[0] in self._legs and rest[0] not in ("one", "ones"):
                    return True
        return False

    def leg_to_do(self, text: str) -> Side | None:
        """The side ``text`` names as the leg to massage ("let's just do the left", "massage the left one
        then"): a side after one of the ``leg_to_do`` words in its clause; None otherwise."""
        for clause in _CLAUSES.split(text):
            tokens = normalise(clause).split()
            for position, token in enumerate(tokens):
                side = self._sides.get((token,))
                if side in ("left", "right"):
                    before = tokens[:position]
                    doing = any(
                        tuple(before[start : start + len(cue)]) == cue
                        for cue in self._leg_to_do
                        for start in range(len(before))
                    )
                    denied = not self._denies.isdisjoint(before)  # "I won't do the left": not the leg to do
                    return side if doing and not denied else None
        return None

    def says_again(self, text: str) -> bool:
        """Whether ``text`` asks for something again ("let's do that one again", "one more time")."""
        tokens = normalise(text).split()
        return any(
            tuple(tokens[start : start + len(cue)]) == cue for cue in self._again for start in range(len(tokens))
        )

    def rating_in_passing(self, text: str) -> int | None:
        """At a pain rating, a number said among other words ("she pulled a face when I asked,
        then said 7", "sitting round a 6 I'd guess"): the only number of a message that asks
        nothing, none of the words of ``not_rating_before`` / ``not_rating_after`` beside it
        ("5 minutes", "step 2") and no denial right before it ("not a 7"); None otherwise. "One"
        and "none" are too common in other senses ("that one") to be read so."""
        tokens = normalise(text).split()
        if "?" in text or (tokens and tokens[0] in QUESTION_OPENERS - _NOT_ASKING):
            return None
        if len(tokens) > MAX_WORDS_IN_PASSING:
            return None
        found: list[int] = []
        for position, token in enumerate(tokens):
            value = int(token) if token.isdigit() else self._numbers.get(token) if token not in _TOO_COMMON else None
            if value is None:
                continue
            before = tokens[max(0, position - 2) : position]
            if token == "10" and before and (before[-1] in self._scale or " ".join(before) in self._scale):
                continue  # "out of 10": the scale, not a rating
            after = tokens[position + 1 :]
            if any(tuple(after[:length]) in self._not_after for length in (1, 2, 3)):
                return None  # "5 minutes": a number of something else
            if before and (before[-1] in self._not_before or before[-1] in self._denies):
                return None  # "step 2", "not a 7"
            if len(before) == 2 and before[-1] in ("a", "an") and before[0] in self._denies:
                return None
            found.append(value)
        return found[0] if len(found) == 1 and 0 <= found[0] <= 10 else None

    def _slipped(self, words: str) -> Word | None:
        """A reply that moves the screen on, typed with a slip ("wher were we", "carry onn"):
        close to one of its longer forms. A yes, a no or a rating is never guessed."""
        if len(words) < SLIP_MIN_CHARS:
            return None
        found = process.extractOne(words, list(self._slip_forms), scorer=fuzz.ratio, score_cutoff=SLIP_SCORE)
        return self._slip_forms[found[0]] if found else None

    def _unslipped(self, token: str) -> str:
        """``token`` as the reply's word it was meant to be ("thsoe" -> "those"): one edit from
        exactly one such word, and no word of English."""
        if len(token) < SLIP_WORD_CHARS or token in self._known_words or not token.isalpha():
            return token
        close = [word for word in self._slip_words if OSA.distance(token, word, score_cutoff=1) <= 1]
        if len(close) != 1:
            return token
        counts = english_counts()
        rare = counts.get(token, 0) * SLIP_RARER <= counts.get(close[0], 0)  # "thees" for "these"
        return close[0] if counts.get(token, 0) == 0 or rare else token

    def _rating_at(self, tokens: list[str], position: int) -> tuple[int, int] | None:
        """A rating said with its words from ``position`` ("pain is maybe a 4", "my knee's at a
        6 out of 10 today"): the rating and how many words it takes; None if there is none."""
        end = position
        while end < len(tokens):
            cue = next((length for length in (3, 2, 1) if tuple(tokens[end : end + length]) in self._rating_cues), None)
            if cue is None:
                break
            end += cue
        if end == position or end >= len(tokens):
            return None
        token = tokens[end]
        value = int(token) if token.isdigit() else self._numbers.get(token)
        if value is None or not 0 <= value <= 10:
            return None
        end += 1
        while end < len(tokens):
            tail = next((n for n in (3, 2, 1) if tuple(tokens[end : end + n]) in self._rating_tail), None)
            if tail is None:
                break
            end += tail
            if end < len(tokens) and tokens[end] == "10":
                end += 1
        return value, end - position

    def _accounted(self, tokens: list[str], about: set[str]) -> Reply:
        """A reply said with more words, if every word is accounted for; else no reply."""
        if len(tokens) > MAX_WORDS_ACCOUNTED:
            return Reply()
        said: list[Word] = []
        numbers: list[int] = []
        side: Side | None = None
        some = polite = False
        rating: int | None = None
        position = 0
        while position < len(tokens):
            rated = self._rating_at(tokens, position) if tokens[position] not in self._numbers else None
            if rated is not None and rating is None:
                rating, length = rated  # "pain 5": a rating, never line 5 of the check
                position += length
                continue
            found = self._phrase_at(tokens, position)
            token = tokens[position]
            if found is not None:
                kind, value, length = found
                if kind == "word":
                    said.append(value)  # type: ignore[arg-type]
                elif kind == "side":
                    side = self._sides[tuple(tokens[position : position + length])]
                    while position + length < len(tokens) and tokens[position + length] in self._legs:
                        length += 1  # "left leg", "the other knee"
                elif kind == "some":
                    some = True
                polite = polite or kind == "polite"
                position += length
            elif token.isdigit() or token in self._numbers:
                numbers.append(int(token) if token.isdigit() else self._numbers[token])
                position += 1
            elif token in about:
                position += 1
            else:
                return Reply()  # a word of its own: a message to read, not a reply
        kinds = tuple(dict.fromkeys(said))
        if len(kinds) > 1 and "more" in kinds:  # "the rest don't apply": "the rest" names, it asks nothing
            kinds = tuple(kind for kind in kinds if kind != "more")
        if set(kinds) == {"yes", "stop"}:
            return Reply("stop", words=("stop",))  # "yes, stop": a yes to stopping
        if len(kinds) > 1 and not set(kinds) <= GOING_ON:
            return Reply()  # "yes ... no": not a reply anyone can act on
        if rating is not None and (kinds or numbers or side or some):
            if numbers:
                return Reply()  # "2 and pain 5": too much to act on safely
            rest = Reply(rating=rating)  # "none apply pain 5": the check, then the rating
            return Reply(kinds[0] if kinds else None, side=side, some=some, words=kinds, then=rest)
        if rating is not None:
            return Reply(rating=rating)
        reply = Reply(kinds[0] if kinds else None, side=side, some=some, words=kinds, numbers=tuple(numbers))
        return reply if reply.anything else Reply(polite=polite)  # "ok thanks": nothing but polite words

    def _phrase_at(self, tokens: list[str], position: int) -> tuple[str, str, int] | None:
        """The longest known phrase starting at ``position``: its kind, value and length. At
        equal length a side wins ("right leg" is the right leg, not "right" for yes)."""
        for length in range(min(self._longest, len(tokens) - position), 0, -1):
            key = tuple(tokens[position : position + length])
            if length == 1 and key in self._sides:
                return "side", "", 1
            if key in self._phrases:
                kind, value = self._phrases[key]
                return kind, value, length
        return None

    def _rating_in(self, words: str) -> int | None:
        match = self._rating.match(words)
        if not match:
            return None
        token = match.group(1)
        value = int(token) if token.isdigit() else self._numbers.get(token)
        return value if value is not None and 0 <= value <= 10 else None


def _chain(parts: list[Reply]) -> Reply | None:
    """Replies read part by part as one: the first for the screen on show, each later one for
    the screen the one before leads to. None when a later part could answer what it cannot see
    (a yes or a no), or there is nothing to chain."""
    if not parts or any(not part.anything for part in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    if parts[0].then is not None:
        return None
    for part in parts[1:]:
        if not set(part.words) <= LATER or part.numbers or part.some or part.then is not None:
            return None
    chained: Reply | None = None
    for part in reversed(parts):
        chained = replace(part, then=chained) if chained is not None else part
    return chained


def _any(phrases: Iterable[str]) -> str:
    """A regex group matching any of ``phrases`` (as normalised), or nothing at all when none."""
    # The longest first, so that "nice one" is taken whole rather than "nice" and a stray "one".
    found = sorted({normalise(phrase) for phrase in phrases if normalise(phrase)}, key=len, reverse=True)
    alternatives = [re.escape(phrase) for phrase in found]
    return f"(?:{'|'.join(alternatives)})" if alternatives else "(?!)"
