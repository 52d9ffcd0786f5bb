"""Personal data a person can read: /mydata in plain words and their own time zone, /progress
whose words agree with its chart (and a chart that reads well from the first day), and help
that lists every command and what can be said in plain words."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.engine.practice import chart
from bot.engine.practice.records import Rating

from helpers import Conversation, clear_safety_check

TOKYO_LATE = datetime(2024, 6, 10, 23, 30, tzinfo=ZoneInfo("UTC")).timestamp()  # 11 June in Tokyo


def test_mydata_reads_in_plain_words(chat):
    chat.say("I'm at a 5 today, it came on suddenly after gardening")
    chat.say("my calf aches a bit")
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("Skip")
    chat.command("stop")
    chat.command("mydata")
    text = chat.text
    assert "@" not in text and "warning-sign words" not in text
    assert "ids of" not in text and not re.search(r"\b[0-9a-f]{6}\b", text), "no run ids"
    assert "blood-thinners" not in text and "red-hot-swollen" not in text, "no question or rule ids"
    assert "you said no" in text.lower() or "no to" in text.lower()


def test_mydata_dates_are_in_the_persons_time_zone(chat, clock):
    clock.now = TOKYO_LATE
    chat.say("remind me every day at 8")
    chat.say("Tokyo")
    chat.say("I take warfarin")
    chat.command("mydata")
    assert "11 Jun 2024" in chat.text and "10 Jun 2024" not in chat.text


def test_progress_words_agree_with_the_chart_after_a_stopped_routine(chat):
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("6")
    chat.command("stop")
    chat.command("progress")
    [reply] = chat.last.replies
    assert reply.file is not None, "the rating is charted"
    assert "0 sessions" not in reply.text and "no pain ratings" not in reply.text
    assert "1 rating" in reply.text and "6" in reply.text


def test_the_chart_reads_well_from_the_first_day():
    now = datetime(2024, 6, 10, 12, 0, tzinfo=ZoneInfo("Europe/London")).timestamp()
    ratings = [
        Rating(now - 3600, "before", 6, "calf-massage", "r1"),
        Rating(now - 1800, "after", 3, "calf-massage", "r1"),
    ]
    [axes] = chart.draw(ratings, now, ZoneInfo("Europe/London")).axes
    low, high = axes.get_xlim()
    assert high - low <= 8, "a first day is not squeezed against the edge of a 30-day axis"
    before = next(line for line in axes.get_lines() if line.get_gid() == "before a session")
    x = before.get_xdata()[0]
    assert low + 0.1 * (high - low) < x < high - 0.1 * (high - low)
    assert "30 days" not in axes.get_title(loc="left")


def test_help_lists_every_command_and_what_can_be_said(chat):
    chat.command("help")
    text = chat.text
    for command in ("/points", "/routines", "/faq", "/safety", "/stop", "/progress", "/reminders", "/export",
                    "/about", "/mydata", "/forget"):  # fmt: skip
        assert command in text, command
    for feature in ("remind me", "pain", "how am I doing"):
        assert feature in text, feature


def test_help_typed_in_words_gives_the_same_list(chat: Conversation):
    chat.command("help")
    commanded = chat.last.replies[-1].text
    chat.say("help")
    assert chat.last.replies[-1].text == commanded
