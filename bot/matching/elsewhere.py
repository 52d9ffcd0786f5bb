"""Cues that a message is about something other than a person's knees, though it uses the
knee's words.

Another body part ("shoulder massage"), a complaint the points are pressed for elsewhere
("acupressure for insomnia"), a saying ("on bended knee"), a pet's joints. None of them decides
on its own: they are features the decision model weighs (bot.matching.decision), and when
nothing is answered they choose the words of the reply ("I only help with knees", "ask a vet").
"""

from __future__ import annotations

import re

# Body parts this bot does not cover, and words that put a message back on the knee.
_OTHER_BODY_PARTS = re.compile(
    r"\b(back|backache|shoulders?|neck|head|headaches?|migraines?|wrists?|elbows?|arms?|"
    r"tooth|teeth|toothache|jaw|eyes?|ears?|nose|throat|chest|stomach|belly|tummy|abdomen|spine|hair|"
    r"face|facial|sinus|heart|lungs?|hands?|fingers?|knuckles?)\b"
)
_KNEE_WORDS = re.compile(
    r"\b(knees?|kneecaps?|patella\w*|legs?|calf|calves|thighs?|shins?|quads?|quadriceps|hamstrings?|"
    r"ankles?|feet|foot|heels?|hips?|it band|meniscus|ligaments?|tendons?|joints?|acupressure|acupuncture|"
    r"massage|qigong|meridians?|trigger points?|xiyan|point|points)\b"
)
_BACK_OF_KNEE = re.compile(r"\bback of (the |my |your )?(knee|knees|leg|legs|thigh|calf)\b|\bbehind\b")


def is_other_body_part(normalised: str) -> bool:
    """True when the message is about a body part other than the knee and never mentions the knee.

    "back pain" and "shoulder massage" are off topic; "the back of my knee" and "knee and lower
    back pain" are not.
    """
    text = _BACK_OF_KNEE.sub(" knee ", normalised)
    if not _OTHER_BODY_PARTS.search(text):
        return False
    on_knee = _KNEE_WORDS.findall(text)
    generic = {"massage", "point", "points", "acupressure", "acupuncture", "trigger point", "trigger points"}
    return all(word in generic for word in on_knee)


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
