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

# Words that put a message back on the knee or the leg (or on its care, said of no part).
_KNEE_WORDS = re.compile(
    r"\b(knees?|kneecaps?|patella\w*|legs?|calf|calves|thighs?|shins?|quads?|quadriceps|hamstrings?|"
    r"ankles?|hips?|it band|meniscus|ligaments?|tendons?|joints?|acupressure|acupuncture|"
    r"massage|qigong|meridians?|trigger points?|xiyan|point|points)\b"
)
_GENERIC = frozenset({"massage", "point", "points", "acupressure", "acupuncture", "trigger point", "trigger points"})
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
        if not parts or any(word not in _GENERIC for word in _KNEE_WORDS.findall(text)):
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
    """ "where does the saying 'on bended knee' come from": the words, not the knee. (A point's
    own name is read before this: "what does the name knee eyes mean" is about Xiyan.)"""
    return bool(_SAYING.search(normalised))


_ANIMAL = (
    r"(?:dog|dogs|puppy|pup|cat|cats|kitten|horse|horses|pony|labrador|lab|spaniel|terrier|greyhound|collie"
    r"|retriever|pet)"
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
