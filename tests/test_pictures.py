"""Every point has a diagram, with its dot on the leg, small enough to send quickly."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import yaml
from PIL import Image

from bot.knowledge import load_knowledge
from bot.knowledge.views import VIEWS, ViewName, inside_outline
from bot.pictures.cache import PictureCache
from bot.pictures.draw import DOT, render

ROOT = Path(__file__).resolve().parent.parent


def test_every_view_a_curator_may_name_has_an_outline():
    assert set(VIEWS) == set(get_args(ViewName))
    assert all(view.name == name for name, view in VIEWS.items())


def test_every_point_and_trigger_point_has_a_picture_with_its_dot_on_the_leg(knowledge):
    for point in (*knowledge.points, *knowledge.trigger_points):
        picture = point.picture
        assert picture.view in VIEWS, point.id
        assert inside_outline(picture.view, picture.x, picture.y), point.id
        if picture.pair:
            assert inside_outline(picture.view, *picture.pair), point.id


def test_each_picture_is_a_small_png_with_the_dot_drawn_where_the_knowledge_says(knowledge):
    for point in (*knowledge.points, *knowledge.trigger_points):
        data = render(point)
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) < 200 * 1024, point.id
        image = Image.open(io.BytesIO(data)).convert("RGB")
        x, y = int(point.picture.x * image.width), int(point.picture.y * image.height)
        red, green, blue = image.getpixel((x, y))
        assert red > 150 and green < 110 and blue < 110, f"{point.id}: no red dot at {(x, y)}"
        assert abs(red - DOT[0]) < 60


def test_render_points_writes_every_picture(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "render-points", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(path.stem for path in (tmp_path / "out").glob("*.png"))
    knowledge = load_knowledge()
    assert written == sorted(p.id for p in (*knowledge.points, *knowledge.trigger_points))


def test_pictures_are_drawn_once_and_again_when_the_knowledge_changes(tmp_path):
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge_dir)
    first = PictureCache(tmp_path / "cache", load_knowledge(knowledge_dir))
    path = first.path("SP10")
    drawn_at = path.stat().st_mtime_ns
    assert first.path("SP10").stat().st_mtime_ns == drawn_at, "not drawn again"

    points = yaml.safe_load((knowledge_dir / "points.yaml").read_text())
    points["points"][1]["picture"]["y"] = 0.36  # a curator moves SP10's dot
    (knowledge_dir / "points.yaml").write_text(yaml.safe_dump(points, allow_unicode=True, sort_keys=False))
    second = PictureCache(tmp_path / "cache", load_knowledge(knowledge_dir))
    new_path = second.path("SP10")
    assert new_path != path and new_path.exists()
    assert not path.exists(), "pictures of the old knowledge are cleared away"


def test_dot_check_rejects_points_off_the_outline():
    assert inside_outline("back", 0.5, 0.24)
    assert not inside_outline("back", 0.05, 0.5)
    assert not inside_outline("front", 1.2, 0.5)
    assert not inside_outline("sideways", 0.5, 0.5)
