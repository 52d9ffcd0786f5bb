"""The practice plan in conversation: reminders set from words and buttons (the time zone asked
once), the pain diary, /progress with its chart, /export, /mydata and /forget."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.engine import Engine
from bot.engine.practice import chart
from bot.engine.practice.records import Rating
from bot.storage import SqliteStore

from helpers import SAFETY_CHECK, Conversation, FakeClock, clear_safety_check

LONDON = ZoneInfo("Europe/London")
MONDAY_NOON = datetime(2024, 6, 10, 12, 0, tzinfo=LONDON).timestamp()


def do_the_towel_routine(chat: Conversation, before: str = "6", after: str = "3") -> None:
    chat.say("start the steam towel method")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press(before)
    for _ in range(4):
        chat.press("Next ▶")
    chat.press(after)
    assert "Well done" in chat.text


def test_the_time_zone_is_asked_once(engine, chat, clock):
    clock.now = MONDAY_NOON
    chat.say("remind me every morning at 8")
    assert "which time zone are you in" in chat.text
    assert {"London", "New York", "UTC"} <= set(chat.labels)
    chat.press("London")
    assert "I'll remind you every day at 08:00, starting tomorrow at 08:00" in chat.text
    assert "Europe/London" in chat.text and chat.last.reminders_changed
    chat.say("weekdays at 12:30")
    assert "which time zone" not in chat.text
    assert "weekdays at 12:30, starting today at 12:30" in chat.text
    chat.command("reminders")
    assert "1. Every day at 08:00" in chat.text and "2. Weekdays at 12:30" in chat.text


def test_a_typed_city_or_offset_answers_the_time_zone_question(chat, clock):
    clock.now = MONDAY_NOON
    chat.say("every day at 7pm")
    chat.say("Narnia")
    assert "couldn't find a time zone" in chat.text
    chat.say("where is SP10?")  # another question is answered as usual meanwhile
    assert "Xuehai" in chat.text
    chat.say("I'm in Madrid")
    assert "every day at 19:00" in chat.text and "Europe/Madrid" in chat.text


def test_an_unclear_time_gets_a_question_and_a_typed_answer(chat, clock):
    clock.now = MONDAY_NOON
    chat.say("remind me every morning")
    assert "What time in the morning?" in chat.text
    assert chat.labels[:3] == ["07:00", "08:00", "09:00"]
    chat.say("7:30")
    chat.say("UTC+2")
    assert "every day at 07:30" in chat.text and "fixed offset" in chat.text


def test_a_suggested_reminder_is_taken_with_a_yes(chat, clock):
    clock.now = MONDAY_NOON
    chat.say("remind me tomorrow at 8")
    assert "reminders that repeat" in chat.text
    chat.say("yes please")
    chat.press("UTC")
    assert "every day at 08:00" in chat.text


def test_remind_me_tomorrow_at_this_time_after_a_routine(engine, chat, clock):
    clock.now = datetime(2024, 6, 10, 18, 25, tzinfo=LONDON).timestamp()
    do_the_towel_routine(chat)
    chat.press("⏰ Remind me tomorrow at this time")
    chat.press("London")
    assert "remind you for the Steam-towel" in chat.text or "Steam" in chat.text
    assert "every day at 18:25, starting tomorrow at 18:25" in chat.text
    [job] = engine.reminder_jobs(1)
    clock.now = job.due
    reminder = engine.remind(1, job.reminder_id).replies[0]
    assert "Steam-towel warm-up" in reminder.text
    chat.shown.append(reminder)
    chat.press("▶ Start now")
    assert SAFETY_CHECK in chat.text


def test_the_daily_plan_has_a_remind_me_button(chat, clock):
    clock.now = MONDAY_NOON
    chat.say("what should I do every day for stiff knees?")
    assert "⏰ Remind me" in chat.labels
    chat.press("⏰ Remind me")
    assert "When should I remind you?" in chat.text
    chat.press("20:00")
    chat.press("Berlin · Paris")
    assert "every day at 20:00" in chat.text and "Qigong" in chat.text


def test_reminders_are_removed_from_the_list(engine, chat, clock):
    clock.now = MONDAY_NOON
    chat.say("remind me at 8 and 20:00")
    chat.press("UTC")
    chat.say("stop reminding me")
    assert "Which should stop?" in chat.text
    chat.press("✖ Remove 1")
    assert chat.last.note == "Removed." and "You have no reminders" in chat.text
    assert engine.reminder_jobs(1) == []


def test_routine_ratings_and_check_ins_make_the_diary(engine, chat, clock):
    clock.now = MONDAY_NOON
    chat.command("progress")
    assert "Nothing to chart yet" in chat.text and chat.last.replies[0].file is None
    do_the_towel_routine(chat, "6", "3")
    clock.advance(86400)
    chat.say("I'm at a 5 today")
    assert "Noted: pain 5/10" in chat.text
    clock.advance(86400)
    do_the_towel_routine(chat, "5", "2")
    ratings = engine.practice.store.ratings(1)
    assert [(r.kind, r.score) for r in ratings] == [
        ("before", 6), ("after", 3), ("check-in", 5), ("before", 5), ("after", 2),
    ]  # fmt: skip
    chat.say("how am I doing?")
    [reply] = chat.last.replies
    assert reply.file is not None and reply.file.kind == "photo"
    assert reply.file.data.startswith(b"\x89PNG") and len(reply.file.data) < 200_000
    assert "2 sessions and 1 check-in in 3 days" in reply.text
    assert "pain after sessions averaged 2.5, down from 5.5 before them" in reply.text


def test_a_rating_typed_at_the_routines_pain_screen_rates_the_routine(engine, chat):
    chat.say("start the steam towel method")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.say("I'm at a 7 today")
    assert "Step 1 of 4" in chat.text
    assert [(r.kind, r.score) for r in engine.practice.store.ratings(1)] == [("before", 7)]


def test_export_sends_the_diary_as_csv(chat, clock):
    clock.now = MONDAY_NOON
    chat.command("export")
    assert "nothing to export" in chat.text
    chat.say("pain 4/10")
    do_the_towel_routine(chat, "6", "Skip")
    chat.command("export")
    [reply] = chat.last.replies
    assert reply.file is not None and reply.file.kind == "document" and reply.file.name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(reply.file.data.decode())))
    assert [(row["kind"], row["pain_0_to_10"], row["routine"]) for row in rows] == [
        ("check-in", "4", ""),
        ("before routine", "6", "Steam-towel warm-up"),
        ("after routine", "", "Steam-towel warm-up"),
    ]
    assert rows[0]["date"] == "2024-06-10" and rows[0]["time_zone"] == "UTC"


def test_the_chart_is_drawn_from_the_diary():
    now = MONDAY_NOON
    day = 86400.0
    ratings = [
        Rating(now - 40 * day, "before", 9, "calf-massage", "old"),  # older than 30 days: not drawn
        Rating(now - 10 * day, "before", 6, "calf-massage", "r1"),
        Rating(now - 10 * day + 900, "after", 3, "calf-massage", "r1"),
        Rating(now - 5 * day, "check-in", 5),
        Rating(now - 2 * day, "before", 5, "qigong-knee", "r2"),
        Rating(now - 2 * day + 900, "after", None, "qigong-knee", "r2"),  # finished, after not rated
        Rating(now - day, "before", 4, "qigong-knee", "r3"),  # stopped before the end
    ]
    figure = chart.draw(ratings, now, LONDON)
    [axes] = figure.axes
    series = {line.get_gid(): len(line.get_xdata()) for line in axes.get_lines()}
    assert series == {"before a session": 3, "after a session": 1, "check-in": 1, "session": 2}
    assert axes.get_ylim()[0] < 0 and axes.get_ylim()[1] >= 10
    low, high = axes.get_xlim()
    assert 30 <= high - low <= 31
    assert axes.get_title(loc="left") == "Knee pain, last 30 days"
    assert [text.get_text() for text in axes.get_legend().get_texts()] == [
        "before a session", "after a session", "check-in", "session",
    ]  # fmt: skip
    width, height = figure.get_size_inches() * figure.dpi
    assert (width, height) == (960, 600)
    assert len(chart.png(figure)) < 200_000


def test_someone_checking_in_all_day_keeps_a_diary_of_bounded_size(engine, chat, clock):
    clock.now = MONDAY_NOON
    engine.practice.diary_max_entries = 4
    for score in range(7):
        chat.say(f"pain {score}/10")
        clock.advance(60)
    assert [rating.score for rating in engine.practice.store.ratings(1)] == [3, 4, 5, 6]


def test_a_chart_of_thousands_of_ratings_draws_one_point_a_day():
    now, day = MONDAY_NOON, 86400.0
    ratings = [Rating(now - 29 * day + 300.0 * i, "check-in", i % 11) for i in range(8000)]
    ratings += [
        Rating(now - 20 * day + 60.0 * i, "before" if i % 2 else "after", 5, "qigong-knee", f"r{i // 2}")
        for i in range(600)
    ]
    figure = chart.draw(sorted(ratings, key=lambda rating: rating.at), now, LONDON)
    [axes] = figure.axes
    series = {line.get_gid(): len(line.get_xdata()) for line in axes.get_lines()}
    assert 0 < series["check-in"] <= 31 and 0 < series["before a session"] <= 31 and 0 < series["session"] <= 31
    assert len(chart.png(figure)) < 200_000


def test_mydata_lists_and_forget_erases_the_diary_and_reminders(knowledge, matcher, triage, tmp_path):
    clock = FakeClock(MONDAY_NOON)
    store = SqliteStore(tmp_path / "state.sqlite3")
    engine = Engine(knowledge, store, clock=clock, matcher=matcher, triage=triage)
    chat = Conversation(engine, user_id=5)
    try:
        chat.say("remind me weekdays at 12:30")
        chat.press("London")
        chat.say("pain 6/10")
        chat.command("mydata")
        assert "Pain diary" in chat.text and "1 pain rating (1 check-in)" in chat.text
        assert "a reminder weekdays at 12:30" in chat.text and "your time zone: Europe/London" in chat.text
        chat.command("forget")
        assert "pain diary" in chat.text
        chat.press("Yes, erase everything")
        assert chat.last.reminders_changed
        with sqlite3.connect(tmp_path / "state.sqlite3") as db:
            for table in ("pain_diary", "reminders", "time_zones"):
                assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = 5").fetchone() == (0,), table
        assert engine.reminder_jobs(5) == []
        chat.command("mydata")
        assert "Pain diary" not in chat.text and "Reminders" not in chat.text
    finally:
        store.close()
