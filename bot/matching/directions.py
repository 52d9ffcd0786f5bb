"""Above or below, inner or outer, front or back: the words that tell neighbouring points apart.

Sentence embeddings barely notice them ("the dip just under my kneecap" and "the dip at the top
of my kneecap" come out almost the same), yet they are what a description of a place turns
on. How many axes a point's region agrees with the message on, less those it contradicts, is one
of the things the decision model weighs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# axis -> (side, words that put something on that side)
_AXES: dict[str, dict[str, re.Pattern[str]]] = {
    "vertical": {
        "up": re.compile(r"\b(above|over|top|upper|higher|up from)\b"),
        "down": re.compile(r"\b(below|under|underneath|beneath|bottom|lower|down from)\b"),
    },
    "side": {
        "in": re.compile(r"\b(inner|inside|medial|inward)\b"),
        "out": re.compile(r"\b(outer|outside|lateral|outward)\b"),
    },
    "face": {
        "front": re.compile(r"\b(front)\b"),
        "back": re.compile(r"\b(back of|behind|crease|crook|fold|calf|calves|achilles)\b"),
    },
}


def sides(normalised: str) -> dict[str, str]:
    """The side named on each axis, for axes where the text names exactly one side."""
    named = {}
    for axis, choices in _AXES.items():
        found = [side for side, pattern in choices.items() if pattern.search(normalised)]
        if len(found) == 1:
            named[axis] = found[0]
    return named


def agreement(message: Mapping[str, str], region: Mapping[str, str]) -> int:
    """Axes on which a point's region is on the side the message names, less those on which
    it is on the other side."""
    return sum(1 if region[axis] == side else -1 for axis, side in message.items() if axis in region)


def regions_of(points: Iterable[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """(point id, region text) -> the sides each point's region names."""
    return {point_id: sides(region.lower()) for point_id, region in points}
