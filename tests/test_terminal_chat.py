"""`kneebot chat` in a terminal: numbered buttons, typed labels, timers, resuming later."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot_process import CACHE_DIR, CACHE_ENV

from bot.adapters.terminal import TerminalChat
from bot.engine import Engine
from bot.storage import MemoryStore

# "no" to each safety question the steam-towel routine asks before its first step.


# A guard against a hung chat, not a speed limit: a chat with a fresh embeddings cache embeds the
# whole knowledge first, which takes minutes on a busy machine (the chats here are given the test
# run's cache, CACHE_ENV, so that happens at most once).
HANG = 600


def run_chat(args: list[str], lines: list[str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=HANG,
        env={**os.environ, **CACHE_ENV},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_chat_prints_where_a_point_picture_is(tmp_path):
    env = {**os.environ, **CACHE_ENV, "KNEEBOT_PICTURES_DIR": str(tmp_path / "pictures")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--state", str(tmp_path / "chat.sqlite3")],
        input="where is SP10\n",
        capture_output=True,
        text=True,
        timeout=HANG,
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
        ["hello", "start the steam towel method", "start", "none of these", "6", "next", "/quit"],
    )
    assert "not medical advice" in first
    assert "do any of these apply" in first and "how much does your knee hurt" in first
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
    answers = ["no"] * len(knowledge.routine("qigong-knee").screening)
    lines = ["start the qigong routine", "start", *answers, "skip", "start timer 2 min", "/quit"]
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


def test_the_chat_reads_its_settings_from_a_dotenv_file_too(tmp_path, matcher):
    # The cache .env names holds the test run's embeddings (``matcher`` has made them) but for one
    # file, the smallest: the chat reads the others from there and writes that one there, without
    # spending seconds embedding the whole knowledge.
    cached = sorted(CACHE_DIR.glob("embeddings-*.npy"), key=lambda path: path.stat().st_size)
    (tmp_path / "kept").mkdir()
    for path in cached[1:]:
        shutil.copy(path, tmp_path / "kept")
    copied = set((tmp_path / "kept").iterdir())
    (tmp_path / ".env").write_text(
        "KNEEBOT_CHAT_DB=from-dotenv.sqlite3\nKNEEBOT_PICTURES_DIR=drawn\nKNEEBOT_CACHE_DIR=kept\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="where is SP10\n/quit\n",
        capture_output=True,
        text=True,
        timeout=HANG,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-dotenv.sqlite3").is_file() and not (tmp_path / ".kneebot").exists()
    written = set((tmp_path / "kept").glob("embeddings-*.npy")) - copied
    assert written, "the embeddings are kept where .env says"
    assert f"[picture: {tmp_path / 'drawn'}" in result.stdout


def test_a_list_answer_prints_as_bullet_lines(tmp_path):
    output = run_chat(["--state", str(tmp_path / "chat.sqlite3")], ["where should I avoid massaging", "more", "/quit"])
    lines = output.splitlines()
    start = lines.index("In more detail, do not press or massage:")
    assert lines[start + 1].startswith("• ") and lines[start + 2].startswith("• ")


def test_piped_chat_remembers_the_topic_takes_typed_replies_and_forgets(tmp_path):
    state = tmp_path / "chat.sqlite3"
    output = run_chat(
        ["--state", str(state)],
        [
            "where is SP10",
            "what is it good for?",
            "I'm pregnant",
            "start the qigong routine",
            "let's go",
            "nope",
            "/mydata",
            "/forget",
            "yes",
            "/mydata",
            "/quit",
        ],
    )
    assert "Uses\n" in output  # the follow-up opened SP10's uses
    assert "Noted: you're pregnant" in output
    assert "how much does your knee hurt" in output  # the typed "nope" cleared the safety check
    assert "You told me you're pregnant, so I've left out step 2 (Press SP10 (Xuehai))" in output
    assert "you're pregnant (since" in output
    assert "erased everything" in output
    assert output.rstrip().count("Nothing at the moment") == 1


def test_ask_into_a_closed_pipe_ends_quietly(tmp_path):
    questions = "\n".join(["where is SP10"] * 200) + "\n"
    result = subprocess.run(
        f"{sys.executable} -m bot ask | head -1",
        shell=True,
        input=questions,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **CACHE_ENV},
        check=False,
    )
    assert "SP10" in result.stdout
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_a_timer_at_the_prompt_prints_the_prompt_again(knowledge, matcher, triage, monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    fired = []

    class ManualTimer:
        def __init__(self, seconds, callback):
            fired.append(callback)
            self.daemon = False

        def start(self):
            pass

        def cancel(self):
            pass

    lines = iter(["start the steam towel method", "start", "no", "skip", "next", "next", "timer"])

    def typed(prompt):
        output.write(prompt)
        if fired:  # time runs out while the person is at the prompt
            fired.pop()()
            return "/quit"
        return next(lines)

    output = io.StringIO()
    monkeypatch.setattr("builtins.input", typed)
    chat = TerminalChat(
        Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage),
        stdin=Tty(),
        stdout=output,
        timer_factory=ManualTimer,
    )
    chat.run()
    text = output.getvalue()
    after = text.split("Time is up", 1)[1]
    assert "you> " in after.split("Bye")[0], "the prompt is shown again after the timer's message"


def test_a_reminder_that_comes_due_is_printed_and_a_chart_is_saved(knowledge, matcher, triage, tmp_path):
    from helpers import FakeClock

    clock = FakeClock()
    timers: list[tuple[float, object]] = []

    class ManualTimer:
        def __init__(self, seconds, callback):
            self.entry = (seconds, callback)
            self.daemon = False

        def start(self):
            timers.append(self.entry)

        def cancel(self):
            if self.entry in timers:
                timers.remove(self.entry)

    engine = Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher, triage=triage)
    lines = iter(["remind me every day at 8:00", "UTC", "pain 5/10", "/progress"])
    rescheduled: list[float] = []

    class Input(io.StringIO):
        def readline(self):
            line = next(lines, None)
            if line is not None:
                return line + "\n"
            [(seconds, callback)] = timers  # the reminder's timer, at its due time
            clock.advance(seconds)
            callback()
            rescheduled.extend(seconds for seconds, _ in timers)
            return ""

    output = io.StringIO()
    chat = TerminalChat(engine, stdin=Input(), stdout=output, timer_factory=ManualTimer, files_dir=tmp_path)
    chat.run()
    text = output.getvalue()
    assert "every day at 08:00" in text
    chart = next(line for line in text.splitlines() if "[chart:" in line).split("[chart:", 1)[1].strip(" ]")
    assert chart.startswith(str(tmp_path)) and Path(chart).read_bytes()[:4] == b"\x89PNG"
    after = text.split("[chart:", 1)[1]
    assert "Time for your knee practice" in after
    assert "Snooze 1 h" in after
    assert rescheduled == [24 * 3600], "the next day's reminder is scheduled again"
