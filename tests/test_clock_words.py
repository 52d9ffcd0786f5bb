"""Times of day said loosely, read as clock times by the reminder grammar; other words kept."""

from __future__ import annotations

import pytest

from bot.engine.practice import phrases
from bot.engine.practice.clock_words import plain
from bot.engine.practice.phrases import tidy


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("half 6", "6:30"),
        ("half past nine", "9:30"),
        ("a quarter past 10", "10:15"),
        ("quarter to seven", "6:45"),
        ("quarter to one", "12:45"),
        ("five past eight", "8:05"),
        ("25 to 9", "8:35"),
        ("six forty five", "6:45"),
        ("7ish", "7"),
        ("7:30-ish", "7:30"),
        ("at eleven", "at 11"),
        ("three pm", "3 pm"),
        ("nine oclock", "9 oclock"),
    ],
)
def test_a_time_said_loosely_is_written_as_a_clock_time(said: str, read: str) -> None:
    assert plain(tidy(said)) == read


@pytest.mark.parametrize(
    "said",
    ["half an hour", "in 5 minutes", "three times a day", "that one", "two of them", "half the time"],
)
def test_words_that_say_no_time_of_day_are_left_as_they_are(said: str) -> None:
    assert plain(tidy(said)) == tidy(said)


def test_an_hour_alone_in_words_is_a_time_only_when_it_answers_what_time() -> None:
    assert plain("seven", alone=True) == "7" and plain("seven") == "seven"
    assert plain("that one", alone=True) == "that one"


@pytest.mark.parametrize(
    ("said", "minute"),
    [
        ("9", 9 * 60),
        ("half 8", 8 * 60 + 30),
        ("about ten", 10 * 60),
        ("9pm", None),
        ("21:00", None),
        ("9 at night", None),
    ],
)
def test_an_hour_whose_half_of_the_day_is_not_said_is_unclear(said: str, minute: int | None) -> None:
    assert phrases.unclear_half(phrases.core(tidy(said))) == minute


@pytest.mark.parametrize(
    ("said", "times", "days"),
    [
        ("7pm if at all possible", (19 * 60,), 0b1111111),
        ("around 6:45am, that's when I'm up", (6 * 60 + 45,), 0b1111111),
        ("around 8, it's my wedding anniversary", (8 * 60,), 0b1111111),
        ("tuesdays and thursdays, around 5pm", (17 * 60,), 0b0001010),
    ],
)
def test_one_time_among_words_is_read_with_its_days(said: str, times: tuple[int, ...], days: int) -> None:
    intent = phrases.time_among_words(said)
    assert isinstance(intent, phrases.SetReminder)
    assert (intent.schedule.times, intent.schedule.days) == (times, days)


@pytest.mark.parametrize("said", ["not at 7 though", "why 7?", "7 or 8", "every 2 hours", "I won't be up by 6"])
def test_a_time_denied_asked_about_or_not_one_is_no_answer(said: str) -> None:
    assert phrases.time_among_words(said) is None
