"""What the matcher reads from a message before anything is decided.

Every entry the message could be about (found by its words, its meaning, a name or a condition
it names) becomes a :class:`Evidence` with the scores each kind of reading gave it; the message
itself becomes a :class:`Reading`: its meaning as a vector, how close it comes to an everyday
off-topic example, and cues read from its wording (does it name the knee's world, another body
part, a pet, ask to start something, ask whether something is allowed ...). None of these
decides anything: the trained model in :mod:`bot.matching.decision` weighs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

# What a candidate entry is, as the model sees it: a routine for one person and one for two
# differ as much as a point and an answer do.
KINDS = ("point", "faq", "routine", "partner", "safety", "plan")
# What a message may ask for: one of those, or nothing the knowledge covers.
ASKS_FOR = (*KINDS, "none")

# Cues read from the wording of a message, each 0 or 1 unless noted.
CUES = (
    "in_domain",  # a word of the knee's world: body part, symptom, self-care
    "care",  # the body or its care ("knee", "massage", "press")
    "other_body_part",  # a body part the bot does not cover, and no knee
    "other_complaint",  # a complaint points are pressed for elsewhere ("for insomnia")
    "animal",  # a pet's joints
    "saying",  # a saying or a song ("on bended knee")
    "permission",  # "is it ok to ...", "can I still ..."
    "whether",  # "can I ...", "should I ..."
    "start",  # asks to be taken through something now
    "routine_words",  # names a routine, session or exercise
    "information",  # "what is", "why", "explain"
    "partner",  # one person massaging another
    "someone_else",  # something to do, and somebody else named ("a routine I can follow for my dad")
    "plan_words",  # "every day", "daily", "a plan"
    "condition",  # names a condition people ask about massaging with (warfarin, pregnancy)
    "name_elsewhere",  # names a point, and the rest of it is about something else ("Kunlun mountains")
    "step",  # closeness in meaning to the nearest step of any routine (a cosine): a step described
    "situation",  # closeness in meaning to the situation some daily plan is for (a cosine)
    "sides",  # how many of above/below, inner/outer, front/back it names (0-3)
    "length",  # log of 1 + the number of content words
    "unknown",  # share of content words the knowledge never uses
    "sentences",  # read as several sentences
)

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Evidence:
    """One candidate entry and what each reading said about it."""

    entry_id: str
    kind: str  # one of KINDS
    words: float  # word overlap, 0-100 and a little over for near-identical wording
    meaning: float  # closeness in meaning (a cosine, about 0.1 unrelated to 1.0 the same)
    name: float = 0.0  # its name spotted in the message, 0-1 (1: as written)
    everyday_name: bool = False  # ... and only as ordinary English ("sea of blood", "three miles")
    condition: bool = False  # the answer about a condition the message names
    direction: int = 0  # sides of the message its region agrees with, less those it contradicts
    step: int | None = None  # for a routine found through one of its steps, that step
    step_meaning: float = 0.0  # for a routine, closeness in meaning to its nearest step, unhandicapped
    situation: float = 0.0  # for a plan, closeness in meaning to the situation it is for ("desk", "arthritis")
    probability: float = 0.0  # how likely it is the one meant, against the others (set by the decision)

    def weighed(self, probability: float) -> Evidence:
        """This candidate with its ``probability`` set: a copy made field by field, as
        ``dataclasses.replace`` makes it, at a fraction of its cost (a message has dozens)."""
        copy = object.__new__(Evidence)
        copy.__dict__.update(self.__dict__)
        copy.__dict__["probability"] = probability
        return copy


@dataclass(frozen=True)
class Reading:
    """Everything read from one message: the candidates and the message's own signals."""

    vector: Vector  # the message's meaning (unit length)
    candidates: tuple[Evidence, ...]
    decoy: float  # closeness to the nearest everyday off-topic example
    cues: Mapping[str, float] = field(default_factory=dict)
    text: str = ""  # the message as read (normalised, slips corrected): its wording
