"""The views of the leg that points are placed on: an outline and its landmarks for each.

Coordinates are fractions of the picture (x across, y down), so a curator places a point with
``picture: {view: inner, x: 0.42, y: 0.34}`` and never touches code. All views show the right leg:
seen from its outer side its front (and toes) point right, from its inner side left. The side
views are written as seen in a mirror and mirrored back by :func:`_mirrored`.
About one thumb width (1 cun) is 0.048 of the picture height: the kneecap is drawn 2.5 cun tall.
The knowledge checks that every dot lies on its view's outline; :mod:`bot.pictures` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from PIL import Image, ImageDraw

ViewName = Literal["front", "inner", "outer", "back", "outer-ankle"]
XY = tuple[float, float]  # fractions of the picture across and down


@dataclass(frozen=True)
class Landmark:
    label: str
    shape: Literal["ellipse", "line", "band"]
    points: tuple[XY, ...]  # ellipse: centre and radii; line/band: the ends
    label_at: XY
    width: float = 0.0  # band width


@dataclass(frozen=True)
class View:
    name: ViewName
    title: str
    outline: tuple[XY, ...]
    landmarks: tuple[Landmark, ...]
    sides: tuple[str, str]  # what the left and right edges of the picture face


def _mirror(points: tuple[XY, ...]) -> tuple[XY, ...]:
    return tuple((round(1 - x, 3), y) for x, y in points)


def _mirrored(view: View) -> View:
    """``view`` seen as in a mirror: left and right swap (an ellipse's radii stay)."""
    landmarks = tuple(
        Landmark(
            mark.label,
            mark.shape,
            (*_mirror(mark.points[:1]), *mark.points[1:]) if mark.shape == "ellipse" else _mirror(mark.points),
            _mirror((mark.label_at,))[0],
            mark.width,
        )
        for mark in view.landmarks
    )
    return View(view.name, view.title, _mirror(view.outline), landmarks, (view.sides[1], view.sides[0]))


# fmt: off
_SIDE_PROFILE: tuple[XY, ...] = (
    (0.30, 0.10), (0.66, 0.10), (0.655, 0.25), (0.65, 0.38), (0.665, 0.44), (0.685, 0.47), (0.675, 0.53),
    (0.645, 0.58), (0.625, 0.64), (0.62, 0.76), (0.605, 0.90), (0.50, 0.92), (0.47, 0.88), (0.43, 0.80),
    (0.38, 0.70), (0.37, 0.62), (0.36, 0.56), (0.34, 0.50), (0.32, 0.38), (0.30, 0.25),
)
_FRONT: tuple[XY, ...] = (
    (0.27, 0.10), (0.73, 0.10), (0.71, 0.25), (0.68, 0.38), (0.665, 0.46), (0.67, 0.53), (0.66, 0.60),
    (0.67, 0.68), (0.65, 0.78), (0.62, 0.88), (0.60, 0.92), (0.42, 0.92), (0.40, 0.88), (0.36, 0.78),
    (0.345, 0.68), (0.35, 0.60), (0.335, 0.53), (0.335, 0.46), (0.31, 0.38), (0.29, 0.25),
)
_BACK: tuple[XY, ...] = (
    (0.33, 0.10), (0.67, 0.10), (0.68, 0.20), (0.67, 0.26), (0.70, 0.36), (0.69, 0.46), (0.64, 0.56),
    (0.58, 0.66), (0.56, 0.78), (0.57, 0.86), (0.58, 0.92), (0.42, 0.92), (0.43, 0.86), (0.44, 0.78),
    (0.42, 0.66), (0.36, 0.56), (0.31, 0.46), (0.30, 0.36), (0.33, 0.26), (0.32, 0.20),
)
_OUTER_ANKLE: tuple[XY, ...] = (
    (0.40, 0.10), (0.62, 0.10), (0.64, 0.40), (0.66, 0.60), (0.70, 0.72), (0.68, 0.80), (0.20, 0.82),
    (0.12, 0.78), (0.14, 0.72), (0.30, 0.64), (0.38, 0.56), (0.40, 0.40),
)
# fmt: on

VIEWS: dict[ViewName, View] = {
    "front": View(
        "front",
        "Right leg, from the front",
        _FRONT,
        (
            Landmark("kneecap", "ellipse", ((0.50, 0.47), (0.075, 0.06)), (0.80, 0.45)),
            Landmark("patellar tendon", "band", ((0.50, 0.53), (0.50, 0.62)), (0.80, 0.60), width=0.04),
            Landmark("shin bone", "line", ((0.505, 0.64), (0.52, 0.90)), (0.80, 0.80)),
        ),
        ("outer side", "inner side"),
    ),
    "inner": _mirrored(
        View(
            "inner",
            "Right leg, inner side",
            _SIDE_PROFILE,
            (
                Landmark("kneecap", "ellipse", ((0.64, 0.49), (0.04, 0.06)), (0.84, 0.47)),
                Landmark("inner bulge of the shin bone", "ellipse", ((0.56, 0.585), (0.05, 0.03)), (0.60, 0.70)),
                Landmark("crease behind the knee", "line", ((0.35, 0.52), (0.40, 0.53)), (0.05, 0.60)),
                Landmark("shin bone", "line", ((0.61, 0.62), (0.59, 0.90)), (0.80, 0.86)),
            ),
            ("back", "front"),
        )
    ),
    "outer": _mirrored(
        View(
            "outer",
            "Right leg, outer side",
            _mirror(_SIDE_PROFILE),
            (
                Landmark("kneecap", "ellipse", ((0.36, 0.49), (0.04, 0.06)), (0.06, 0.47)),
                Landmark("head of the fibula", "ellipse", ((0.48, 0.60), (0.025, 0.02)), (0.72, 0.66)),
                Landmark("IT band", "line", ((0.47, 0.12), (0.43, 0.47)), (0.72, 0.20)),
                Landmark("crease behind the knee", "line", ((0.65, 0.52), (0.60, 0.53)), (0.69, 0.45)),
            ),
            ("front", "back"),
        )
    ),
    "back": View(
        "back",
        "Right leg, from behind",
        _BACK,
        (
            Landmark("crease behind the knee", "line", ((0.36, 0.24), (0.64, 0.24)), (0.68, 0.15)),
            Landmark("calf muscle", "ellipse", ((0.43, 0.40), (0.08, 0.14)), (0.06, 0.36)),
            Landmark("calf muscle", "ellipse", ((0.57, 0.40), (0.08, 0.14)), (0.78, 0.36)),
            Landmark("Achilles tendon", "band", ((0.50, 0.60), (0.50, 0.86)), (0.74, 0.76), width=0.04),
        ),
        ("inner side", "outer side"),
    ),
    "outer-ankle": _mirrored(
        View(
            "outer-ankle",
            "Right ankle, outer side",
            _OUTER_ANKLE,
            (
                Landmark("outer ankle bone", "ellipse", ((0.48, 0.56), (0.035, 0.03)), (0.10, 0.48)),
                Landmark("Achilles tendon", "line", ((0.62, 0.18), (0.66, 0.64)), (0.76, 0.30)),
                Landmark("heel", "line", ((0.68, 0.76), (0.68, 0.76)), (0.76, 0.86)),
            ),
            ("toes", "heel"),
        )
    ),
}

MASK_SIZE = (300, 400)


@cache
def _mask(view: ViewName) -> Image.Image:
    """The outline rasterised by Pillow, to test whether a dot lies on the leg."""
    mask = Image.new("1", MASK_SIZE, 0)
    width, height = MASK_SIZE
    ImageDraw.Draw(mask).polygon([(x * width, y * height) for x, y in VIEWS[view].outline], fill=1)
    return mask


def inside_outline(view: ViewName, x: float, y: float) -> bool:
    if view not in VIEWS or not (0 <= x <= 1 and 0 <= y <= 1):
        return False
    width, height = MASK_SIZE
    return bool(_mask(view).getpixel((min(int(x * width), width - 1), min(int(y * height), height - 1))))
