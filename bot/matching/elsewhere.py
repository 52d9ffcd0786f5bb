"""Cues that a message is about something other than a person's knees, though it uses the
knee's words.

Another body part ("shoulder massage"), a complaint the points are pressed for elsewhere
("acupressure for insomnia"), a saying ("on bended knee"), a pet's joints. None of them decides
on its own: they are features the decision model weighs (bot.matching.decision), and when
nothing is answered they choose the words of the reply ("I only help with knees", "ask a vet").
The parts of the body not covered are data (``body_parts`` of knowledge/offtopic.yaml): a
message about one of them, naming no knee or leg, gets no knee content that does not speak of
that part (bot.matching.matcher), however sure the decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.text.normalise import normalise
from bot.text.scope import FIRST_PERSON
from bot.text.tokens import STOPWORDS, stem

# Words that put a message back on the knee or the leg (or on its care, said of no part).
_KNEE_WORDS = re.compile(
    r"\b(knees?|kneecaps?|patella\w*|legs?|calf|calves|thighs?|shins?|quads?|quadriceps|hamstrings?|"
    r"ankles?|hips?|it band|meniscus|ligaments?|tendons?|joints?|qigong|meridians?|xiyan)\b"
)
_BACK_OF_KNEE = re.compile(r"\bback of (the |my |your )?(knee|knees|leg|legs|thigh|calf)\b|\bbehind\b")


class OtherBodyParts:
    """The parts of the body this bot does not cover (``body_parts`` of knowledge/offtopic.yaml),
    read from a message's words, one or many: "my soles", "a facial", "scalp massage" (not by
    their stems, which would read "backed by studies" as a back)."""

    def __init__(self, parts: Iterable[tuple[str, Sequence[str]]], tools: Iterable[str] = ()) -> None:
        """``parts``: (id, words) of each part; ``tools``: the ids of those that do the massage."""
        self.tools = frozenset(tools)
        self._parts: dict[tuple[str, ...], str] = {}
        for part_id, words in parts:
            for phrase in words:
                self._parts[tuple(_singular(word) for word in normalise(phrase).split())] = part_id
        self._longest = max((len(key) for key in self._parts), default=0)

    def named(self, normalised: str) -> frozenset[str]:
        """The parts a message names, whatever else it names."""
        stems = [_singular(word) for word in normalised.split()]
        found = set()
        for start in range(len(stems)):
            for size in range(1, self._longest + 1):
                part = self._parts.get(tuple(stems[start : start + size]))
                if part is not None:
                    found.add(part)
        return frozenset(found)

    def elsewhere(self, normalised: str) -> frozenset[str]:
        """The parts a message is about when it names one and never the knee or the leg (its care
        said of no part, "massage", "acupressure", leaves it there): "back pain" and "shoulder
        massage" are, "the back of my knee" and "knee and lower back pain" are not."""
        text = _BACK_OF_KNEE.sub(" knee ", normalised)
        parts = self.named(text)
        if not parts or _KNEE_WORDS.search(text):
            return frozenset()
        return parts


def _singular(word: str) -> str:
    """A word's singular, as far as a plural "s" says: "soles" -> "sole", "ribs" -> "rib"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# What people press points for besides knees ("acupressure on the foot for insomnia"), leaving
# out what the knowledge speaks of (sleep, energy and anxiety in the diet claims, stress).
_OTHER_COMPLAINT = re.compile(
    r"\b(?:for|with|against|cure|cures|treat|treats|ease|eases)\b (?:\w+ ){0,2}"
    r"(?:insomnia|nausea|morning sickness|travel sickness|constipation|period pains?|periods|fertility"
    r"|blood pressure|hay fever|allergies|immunity|immune system|heartburn|acid reflux|ibs|hangovers?"
    r"|smoking)\b"
)
_LEG_WORDS = re.compile(r"\b(?:knees?|kneecaps?|legs?|calf|calves|thighs?|shins?)\b")


def is_for_another_complaint(normalised: str) -> bool:
    """ "pressure point on the foot for insomnia": a point for something other than the legs
    and knees, which this bot does not cover ("my knee pain stops me sleeping" is about knees)."""
    return bool(_OTHER_COMPLAINT.search(normalised)) and not _LEG_WORDS.search(normalised)


_SAYING = re.compile(
    r"\b(?:saying|phrase|idiom|expression|proverb)\b(?: \w+){0,8} (?:come from|mean|means|meaning|origin)\b"
    r"|\b(?:origin|meaning) of the (?:saying|phrase|idiom|expression)\b"
    r"|\bmeans? in (?:that|the|this|a) (?:song|film|movie|book|show|poem|lyrics?)\b"
)


def is_about_a_saying(normalised: str) -> bool:
    """ "where does the saying 'on bended knee' come from": the words, not the knee (a cue the
    decision weighs; :class:`WordsAsked` reads questions about words more widely, after it)."""
    return bool(_SAYING.search(normalised))


class WordsAsked:
    """Whether a message asks about words rather than knees (``about_words`` of
    knowledge/offtopic.yaml): what a saying means, where an expression comes from, how a word is
    said in another language. 1.0 when a piece of language is named with a word asking what it
    means ("where does the saying 'on bended knee' come from"), when it asks why people say it
    ("why do people say ..."), when it asks what a word is in another field ("what are meridians
    in geography"), or when a meaning is asked of words no entry of the knowledge is named by,
    the knee's own words left out ("weak at the knees meaning?", "the plural of knee"); else 0:
    a meaning asked of a name the knowledge has ("referred pain meaning"), or by the asker about
    themselves ("what does it mean if my knee clicks"), is a knee question. (A 0.5 for a meaning
    asked of a knowledge name was tried: cross-validated, the decision learnt from it to doubt
    such questions, "body inch in acupressure meaning".) A point's own name ("what does the
    name knee eyes mean") is read before this."""

    def __init__(
        self,
        language: Iterable[str],
        asking: Iterable[str],
        saying: Iterable[str],
        named: Iterable[str] = (),
        fields: Iterable[str] = (),
    ) -> None:
        """``named``: the texts the knowledge's entries are named by (titles, labels, aliases);
        ``fields``: other fields whose words the knowledge borrows ("in geography")."""
        self._language = _phrases(language)
        self._asking = _phrases(asking)
        self._saying = _phrases(saying)
        self._fields = _phrases(fields)
        self._asking_words = frozenset(word for phrase in self._asking for word in phrase)
        self._named = frozenset(stem(word) for text in named for word in normalise(text).split()) - _OWN_WORDS

    def strength(self, normalised: str) -> float:
        words = normalised.split()
        if _found(words, self._saying):
            return 1.0
        if _found(words, self._fields) and _WHAT & set(words) and not FIRST_PERSON & set(words):
            return 1.0  # "what are meridians in geography": another field's word
        if not _found(words, self._asking):
            return 0.0
        if _found(words, self._language):
            return 1.0
        if any(word in FIRST_PERSON for word in words):
            return 0.0
        said = [stem(word) for word in words if word not in STOPWORDS and word not in self._asking_words]
        said = [word for word in said if word not in _OWN_WORDS and len(word) > 2]
        # Nothing but the knee's own words ("the plural of knee"), or words no entry is named by.
        return 0.0 if any(word in self._named for word in said) else 1.0


_WHAT = frozenset("what whats which".split())
# The knee's own words, which a saying borrows ("weak at the knees"): what else it says decides.
_OWN_WORDS = frozenset(stem(word) for word in "knee knees kneecap kneecaps leg legs say says people".split())


def _phrases(phrases: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(normalise(phrase).split()) for phrase in phrases if normalise(phrase))


def _found(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    sizes = {len(phrase) for phrase in phrases}
    return any(tuple(words[start : start + size]) in phrases for size in sizes for start in range(len(words)))


# The bot asked about its own knees ("do you even have knees?", "a robot with sore knees?"): a
# knee or a leg said of the bot by name, or of "you" as the one who has it ("do you have knees",
# not "bad for your knees", which is said of anyone), with only these words between.
_BOT_NAMES = frozenset("bot bots kneebot robot robots chatbot chatbots ai machine".split())
_YOU = frozenset("you u your ur yourself".split())
_HAVING = frozenset("have has had got get gets feel feels".split())
_BETWEEN = _HAVING | frozenset(
    "do does did even actually really ever a an the with any own sore bad achy stiff hurt hurts ache aching "
    "can could would will two no real proper like of just also too".split()
)


def about_the_bot(normalised: str) -> bool:
    """Whether a knee or a leg is said of the bot itself ("do you even have knees?", "are you a
    robot with knees", "have you ever hurt your knee, bot?"): small talk, not a knee question.
    A cue the decision weighs ("can you kneel after a knee replacement" is said of anyone)."""
    words = normalised.split()
    named = any(word in _BOT_NAMES for word in words)
    for at, word in enumerate(words):
        if not _KNEE_WORDS.fullmatch(word):
            continue
        having = False
        for before in reversed(words[:at]):  # back to the first word that is not between
            if before in _BOT_NAMES or (before in _YOU and (having or named)):
                return True
            if before not in _BETWEEN:
                break
            having = having or before in _HAVING
    return False


_ANIMAL = (
    r"(?:dog|dogs|doggy|puppy|puppies|pup|pups|cat|cats|kitten|kitty|horse|horses|pony|ponies|mare|foal|labrador|lab"
    r"|spaniel|terrier|greyhound|whippet|collie|retriever|poodle|dachshund|pet|pets|rabbit|bunny|hamster|guinea pig)"
)
_ANIMAL_PARTS = "knee|knees|leg|legs|hip|hips|joint|joints|paw|paws|stifle|arthritis|limp"
_ABOUT_AN_ANIMAL = re.compile(
    rf"\b(?:for|on|to|give|gave|giving) (?:my|our|the|a) (?:\w+ )?{_ANIMAL}\b"
    rf"|\b{_ANIMAL} (?:s|has|had) (?:\w+ ){{0,3}}(?:{_ANIMAL_PARTS})\b"
)


def is_about_an_animal(normalised: str) -> bool:
    """ "glucosamine for my labrador's hips": a pet's joints are a vet's, not this bot's. A dog
    that only sets the scene ("my dog pulled me over") does not count."""
    return bool(_ABOUT_AN_ANIMAL.search(normalised))


_NAMES_AN_ANIMAL = re.compile(rf"\b{_ANIMAL}\b")


def names_an_animal(normalised: str) -> bool:
    """Whether a dog, a cat, a horse... is named at all: with a message the decision already
    reads as off-topic, "can I massage his knee?" is then about the animal, not a person."""
    return bool(_NAMES_AN_ANIMAL.search(normalised))


# Whose leg a message is about, when an animal is named. The asker's own ("my knee", "my left
# leg"; not "my dog s leg", nor "my dogs knee" typed without its apostrophe): the animal only
# sets the scene ("walking the dog hurt my knee").
OWN_LEG = re.compile(
    rf"\bmy(?: (?!{_ANIMAL}\b)\w+)? (?:knee|knees|kneecaps?|legs?|calf|calves|thighs?|shins?|hips?|ankles?)\b"
)
_LEG = r"(?:knee|knees|kneecaps?|legs?|calf|calves|thighs?|shins?|hips?|hocks?|paws?|joints?|stifles?)"
_ANIMALS_BODY = re.compile(
    # the animal's own leg: "the dog s back leg", "my cat has a stiff knee", "a pony with puffy legs"
    rf"\b{_ANIMAL} (?:s|has|had|with|got) (?:\w+ ){{0,3}}{_LEG}\b"
    # the animal as the one who limps or is stiff: "the cat is limping", "our puppy seems stiff"
    rf"|\b{_ANIMAL} (?:(?:is|was|keeps|seems|has been|s been|has gone|went) )?(?:\w+ )?"
    r"(?:limp|limps|limping|lame|stiff|arthritic|hobbling|lifting|holding up)\b"
    # the animal's leg with the apostrophe left out: "my dogs knee", "the cats back leg"
    rf"|\b(?:my|our|the|his|her) {_ANIMAL} (?:\w+ )?{_LEG}\b"
    # the one massaged or pressed: "on my spaniel", "for our old dog", "give the horse"
    rf"|\b(?:for|on|give|gave|giving) (?:my|our|the|a|his|her) (?:\w+ )?{_ANIMAL}\b"
)
# A leg said of "him" or "her", when an animal is named and no person but the asker.
_THEIR_LEG = re.compile(
    rf"\b(?:his|her|its|their|him|them) (?:\w+ ){{0,2}}{_LEG}\b|\b(?:massage|rub|press|do it on) (?:him|her|it)\b"
)
_PEOPLE = re.compile(
    r"\b(?:husband|wife|partner|son|daughter|mum|mom|mother|dad|father|gran|granny|nan|nana|grandad|grandpa|grandma"
    r"|grandmother|grandfather|friend|boyfriend|girlfriend|brother|sister|baby|kid|kids|child|children|aunt|uncle"
    r"|neighbour|neighbor|client|patient|man|woman|boy|girl|he s|she s)\b"
)


def for_an_animal(normalised: str) -> bool:
    """Whether what a message asks is for an animal's body, not a person's: a dog's stiff knee
    with a point named, a limping cat and a routine, "can I massage his knee" with only a puppy
    named. Then no knee content is given, whatever the decision or a point's code found: a vet
    is the one to ask. A person with a pet in the setting is answered ("walking the dog hurt my
    knee", "my husband walks the dog and his knee aches")."""
    if not _NAMES_AN_ANIMAL.search(normalised) or OWN_LEG.search(normalised):
        return False
    if _ANIMALS_BODY.search(normalised):
        return True
    return bool(_THEIR_LEG.search(normalised)) and not _PEOPLE.search(normalised)


_OTHER_LEG = re.compile(r"\b(?:calf|calves|thighs?|shins?|ankles?|hips?|hamstrings?|quads?)\b")


class NotTheKnee:
    """Whether a message says that what it asks is not for the knee ("qigong breathing for
    stress, nothing to do with knees"; ``not_the_knee`` of knowledge/offtopic.yaml) and names no
    other part of the leg ("nothing to do with my knees, it's my calf" is still answered)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._phrases = _phrases(phrases)

    def said(self, normalised: str) -> bool:
        return _found(normalised.split(), self._phrases) and not _OTHER_LEG.search(normalised)
