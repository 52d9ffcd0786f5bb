"""Draw a point's diagram with Pillow: the leg outline, labelled landmarks, the dot and its name,
and the scale hint. Drawn at twice the size and scaled down for smooth edges, then stored as a
small palette PNG (well under 200 KB)."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from bot.knowledge.models import Point, PointBase, TriggerPoint
from bot.knowledge.views import VIEWS, Landmark, View

RENDERER_VERSION = "1"  # bump when the drawing changes, so cached pictures are redrawn
WIDTH, HEIGHT = 600, 800
SCALE = 2  # supersampling factor

SKIN = (246, 224, 206)
SKIN_EDGE = (176, 128, 96)
LANDMARK = (222, 214, 200)
LANDMARK_EDGE = (150, 140, 125)
INK = (45, 45, 55)
MUTED = (110, 110, 120)
DOT = (214, 40, 40)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size * SCALE)


def _xy(x: float, y: float) -> tuple[float, float]:
    return x * WIDTH * SCALE, y * HEIGHT * SCALE


def render(point: PointBase) -> bytes:
    """The diagram for ``point`` as PNG bytes."""
    picture = point.picture
    view = VIEWS[picture.view]
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "white")
    draw = ImageDraw.Draw(image)

    title, subtitle = _titles(point, view)
    draw.text(_xy(0.04, 0.015), title, font=_font(26), fill=INK)
    draw.text(_xy(0.04, 0.055), subtitle, font=_font(16), fill=MUTED)

    draw.polygon([_xy(x, y) for x, y in view.outline], fill=SKIN, outline=SKIN_EDGE, width=3 * SCALE)
    for landmark in view.landmarks:
        _landmark(draw, landmark)
    left, right = view.sides
    draw.text(_xy(0.04, 0.91), f"< {left}", font=_font(15), fill=MUTED)
    right_text = f"{right} >"
    right_x = WIDTH * SCALE * 0.96 - draw.textlength(right_text, font=_font(15))
    draw.text((right_x, HEIGHT * SCALE * 0.91), right_text, font=_font(15), fill=MUTED)

    dots = [(picture.x, picture.y)] + ([(picture.pair[0], picture.pair[1])] if picture.pair else [])
    for x, y in dots:
        _dot(draw, x, y)
    _dot_label(draw, point, view, dots[0])
    _hint(draw, picture.hint)

    small = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _titles(point: PointBase, view: View) -> tuple[str, str]:
    if isinstance(point, Point):
        return f"{point.id} · {point.names.pinyin}", f"{point.names.translation} · {view.title}"
    assert isinstance(point, TriggerPoint)
    return "Trigger point", f"{point.title} · {view.title}"


def _landmark(draw: ImageDraw.ImageDraw, landmark: Landmark) -> None:
    if landmark.shape == "ellipse":
        (cx, cy), (rx, ry) = landmark.points
        box = [_xy(cx - rx, cy - ry), _xy(cx + rx, cy + ry)]
        draw.ellipse(box, fill=LANDMARK, outline=LANDMARK_EDGE, width=2 * SCALE)
        anchor = (cx, cy)
    elif landmark.shape == "band":
        (x1, y1), (x2, y2) = landmark.points
        half = landmark.width / 2
        draw.rounded_rectangle(
            [_xy(min(x1, x2) - half, y1), _xy(max(x1, x2) + half, y2)],
            radius=8 * SCALE,
            fill=LANDMARK,
            outline=LANDMARK_EDGE,
            width=2 * SCALE,
        )
        anchor = ((x1 + x2) / 2, (y1 + y2) / 2)
    else:
        (x1, y1), (x2, y2) = landmark.points
        if (x1, y1) != (x2, y2):
            draw.line([_xy(x1, y1), _xy(x2, y2)], fill=LANDMARK_EDGE, width=3 * SCALE)
        anchor = ((x1 + x2) / 2, (y1 + y2) / 2)
    lx, ly = landmark.label_at
    font = _font(15)
    left, top = _xy(lx, ly)
    right = left + draw.textlength(landmark.label, font=font)
    edge = WIDTH * SCALE * 0.98
    if right > edge:  # kept inside the picture (a label placed near its right edge)
        left, right = left - (right - edge), edge
    middle = top + 9 * SCALE
    # the leader line leaves from the end of the label nearer the landmark
    join = (right + 4 * SCALE, middle) if lx < anchor[0] else (left - 4 * SCALE, middle)
    draw.line([join, _xy(*anchor)], fill=LANDMARK_EDGE, width=1 * SCALE)
    draw.text((left, top), landmark.label, font=font, fill=MUTED)


def _dot(draw: ImageDraw.ImageDraw, x: float, y: float) -> None:
    cx, cy = _xy(x, y)
    for radius, colour in ((15, "white"), (11, DOT)):
        r = radius * SCALE
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)


def _dot_label(draw: ImageDraw.ImageDraw, point: PointBase, view: View, dot: tuple[float, float]) -> None:
    """The point's name in a box beside the dot, on the side where it hides no landmark."""
    label = point.id if isinstance(point, Point) else "trigger point"
    font = _font(18)
    x, y = _xy(*dot)
    width = draw.textlength(label, font=font)
    boxes = {
        side: [left - 6 * SCALE, y - 14 * SCALE, left + width + 6 * SCALE, y + 14 * SCALE]
        for side, left in (("right", x + 22 * SCALE), ("left", x - 22 * SCALE - width))
    }
    preferred = ["left", "right"] if dot[0] >= 0.5 else ["right", "left"]
    solid = [_bounds(mark) for mark in view.landmarks if mark.shape != "line"]
    free = [side for side in preferred if not any(_overlaps(boxes[side], bounds) for bounds in solid)]
    box = boxes[(free or preferred)[0]]
    draw.rounded_rectangle(box, radius=6 * SCALE, fill="white", outline=DOT, width=2 * SCALE)
    draw.text((box[0] + 6 * SCALE, y - 11 * SCALE), label, font=font, fill=DOT)


def _bounds(landmark: Landmark) -> list[float]:
    if landmark.shape == "ellipse":
        (cx, cy), (rx, ry) = landmark.points
        (x1, y1), (x2, y2) = _xy(cx - rx, cy - ry), _xy(cx + rx, cy + ry)
    else:
        (ax, ay), (bx, by) = landmark.points
        half = landmark.width / 2
        (x1, y1), (x2, y2) = _xy(min(ax, bx) - half, min(ay, by)), _xy(max(ax, bx) + half, max(ay, by))
    return [x1, y1, x2, y2]


def _overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hint(draw: ImageDraw.ImageDraw, hint: str) -> None:
    font = _font(17)
    text = f"Scale: {hint}"
    width = draw.textlength(text, font=font)
    x = (WIDTH * SCALE - width) / 2
    y = HEIGHT * SCALE * 0.965
    draw.text((x, y - 12 * SCALE), text, font=font, fill=INK)
