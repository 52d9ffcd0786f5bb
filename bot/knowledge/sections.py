"""The parts of an answer a person can ask for on their own: a point's location, how to press
it, what it is for, its cautions. Matching reads which one a message asks for; answers render
it; buttons carry it."""

from __future__ import annotations

from enum import StrEnum


class Section(StrEnum):
    OVERVIEW = "overview"
    LOCATION = "location"
    TECHNIQUE = "technique"
    USES = "uses"
    CAUTIONS = "cautions"
