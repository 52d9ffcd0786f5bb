"""`kneebot chat` in a terminal: numbered buttons, typed labels, timers, resuming later."""

from __future__ import annotations

import io
import subprocess
import sys

from bot.adapters.terminal import TerminalChat
from bot.engine import Engine, MemoryStore


def run_chat(args: list[str], lines: list[str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_chat_prints_where_a_point_picture_is(tmp_path):
    import os

    env = {**os.environ, "KNEEBOT_PICTURES_DIR": str(tmp_path / "pictures")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--state", str(tmp_path / "chat.sqlite3")],
        input="where is SP10\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    line = next(line for line in result.stdout.splitlines() if "[picture:" in line)
    path = line.split("[picture:", 1)[1].strip(" ]")
    assert path.endswith("SP10.png") and os.path.getsize(path) > 1000


def test_piped_chat_completes_a_routine_and_resumes_later(tmp_path):
    state = str(tmp_path / "chat.sqlite3")
    first = run_chat(
        ["--state", state],
        ["hello", "start the steam towel method", "start", "no", "no", "no", "no", "6", "next", "/quit"],
    )
    assert "not medical advice" in first
    assert "Safety check 4 of 4" in first
    assert "Step 2 of 4" in first
    assert first.rstrip().endswith("Your place is saved for next time.")

    second = run_chat(["--state", state], ["2", "next", "next", "4"])  # [2] is Next on the step shown
    assert "Welcome back" in second
    assert "Step 3 of 4" in second and "Step 4 of 4" in second
    assert "pain 6 → 4" in second


def test_buttons_are_numbered_and_pressed_by_number_or_label(knowledge, matcher, triage):
    output = io.StringIO()
    chat = TerminalChat(
        Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage),
        stdin=io.StringIO("where is ST34\n2\n/points\nsp10 xuehai\n"),
        stdout=output,
    )
    chat.run()
    text = output.getvalue()
    assert "[1] 👆 How to press  [2] 💡 Uses" in text
    assert "Uses\nA pain-relief point" in text  # [2] pressed
    assert "Spleen 10 · inner thigh" in text  # the "SP10 Xuehai" button pressed by its label


def test_timers_print_time_is_up(knowledge, matcher, triage):
    started = []

    class ImmediateTimer:
        def __init__(self, seconds, callback):
            started.append(seconds)
            self.callback = callback
            self.daemon = False

        def start(self):
            self.callback()

        def cancel(self):
            pass

    output = io.StringIO()
    lines = ["start the qigong routine", "start", "no", "no", "no", "no", "no", "skip", "start timer 2 min", "/quit"]
    chat = TerminalChat(
        Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage),
        stdin=io.StringIO("\n".join(lines) + "\n"),
        stdout=output,
        timer_factory=ImmediateTimer,
    )
    chat.run()
    assert started == [120]
    assert "Timer running: 2 min" in output.getvalue()
    assert "Time is up for step 1: Press ST34 (Liangqiu)" in output.getvalue()


def test_the_chat_reads_its_settings_from_a_dotenv_file_too(tmp_path):
    (tmp_path / ".env").write_text(
        "KNEEBOT_CHAT_DB=from-dotenv.sqlite3\nKNEEBOT_PICTURES_DIR=drawn\nKNEEBOT_CACHE_DIR=kept\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="where is SP10\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-dotenv.sqlite3").is_file() and not (tmp_path / ".kneebot").exists()
    assert any((tmp_path / "kept").glob("embeddings-*.npy")), "the embeddings are kept where .env says"
    assert f"[picture: {tmp_path / 'drawn'}" in result.stdout


def test_a_list_answer_prints_as_bullet_lines(tmp_path):
    output = run_chat(["--state", str(tmp_path / "chat.sqlite3")], ["where should I avoid massaging", "/quit"])
    lines = output.splitlines()
    start = lines.index("Do not press or massage:")
    assert lines[start + 1].startswith("• ") and lines[start + 2].startswith("• ")
