"""Small things people notice: the terminal chat wraps to its width and shows a pain scale's
numbers as they are, /forget leaves no file behind, `kneebot --version`, and the side views of
the right leg face the way a right leg does."""

from __future__ import annotations

import io
import subprocess
import sys
from importlib.metadata import version

import pytest

from bot.adapters.terminal import TerminalChat
from bot.engine import Engine
from bot.knowledge.views import VIEWS
from bot.storage import MemoryStore


def terminal(engine: Engine, lines: list[str], tmp_path=None, width: int = 100) -> tuple[str, TerminalChat]:
    output = io.StringIO()
    chat = TerminalChat(
        engine, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=output, files_dir=tmp_path, width=width
    )
    chat.run()
    return output.getvalue(), chat


@pytest.fixture
def fresh(knowledge, matcher, triage, clock) -> Engine:
    return Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher, triage=triage)


def test_the_terminal_chat_wraps_words_to_its_width(fresh):
    text, _ = terminal(fresh, ["where is SP10", "why do my knees hurt after sitting all day"], width=50)
    long = [line for line in text.splitlines() if len(line) > 50 and " " in line.strip()]
    assert not long, long
    assert "two thumb widths" in " ".join(text.split())


def test_a_pain_scale_in_the_terminal_shows_its_numbers_as_they_are(fresh):
    lines = ["start the steam towel warm up", "start", "none of these", "4", "/quit"]
    text, _ = terminal(fresh, lines)
    scale = next(line for line in text.splitlines() if "[0]" in line)
    assert "[4]" in scale and "] 4" not in scale, scale
    assert [(r.kind, r.score) for r in fresh.practice.store.ratings(1)] == [("before", 4)]


def test_forget_in_the_terminal_removes_the_chart_and_the_csv_file(fresh, tmp_path):
    lines = ["pain 5/10", "/progress", "/export", "/forget", "yes", "/quit"]
    text, _ = terminal(fresh, lines, tmp_path)
    assert "[chart:" in text and "[file:" in text and "erased everything" in text
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_kneebot_version():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == f"kneebot {version('kneebot')}"


def test_the_right_legs_side_views_face_the_way_a_right_leg_does():
    # Seen from its outer side a right leg's front (and toes) point right; from its inner side, left.
    assert VIEWS["outer"].sides == ("back", "front")
    assert VIEWS["outer-ankle"].sides == ("heel", "toes")
    assert VIEWS["inner"].sides == ("front", "back")
    kneecap = {
        name: next(mark for mark in VIEWS[name].landmarks if mark.label == "kneecap") for name in ("inner", "outer")
    }
    assert kneecap["outer"].points[0][0] > 0.5 and kneecap["inner"].points[0][0] < 0.5


def test_bl60_lies_between_the_ankle_bone_and_the_achilles_on_the_toes_right_view(knowledge):
    bl60 = knowledge.get("BL60").picture
    view = VIEWS[bl60.view]
    bone = next(mark for mark in view.landmarks if "ankle bone" in mark.label).points[0][0]
    achilles = next(mark for mark in view.landmarks if "Achilles" in mark.label).points[0][0]
    assert achilles < bl60.x < bone
