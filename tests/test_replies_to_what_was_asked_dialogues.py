"""A short reply right after the bot asked something is read first as the answer to that
question: a reminder's time said the way people say it ("half 7", "ten past six", "nineish"),
with its half of the day decided by the part of the day already said (or asked about when
nothing tells it). Each test reads what the person would read, and a reminder set this way
fires once, at the time meant."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.engine import Engine

from helpers import Conversation, FakeClock

LONDON = ZoneInfo("Europe/London")
TUESDAY_NOON = datetime(2024, 6, 11, 12, 0, tzinfo=LONDON).timestamp()


def _times(engine: Engine) -> list[tuple[int, ...]]:
    return [reminder.schedule.times for reminder in engine.practice.store.reminders(1)]


@pytest.fixture
def in_london(chat: Conversation, clock: FakeClock) -> Conversation:
    clock.now = TUESDAY_NOON
    chat.say("my time zone is London")
    return chat


@pytest.mark.parametrize(
    ("asked", "answer", "minute"),
    [
        ("remind me in the evenings", "half 7", 19 * 60 + 30),
        ("remind me each morning", "ten past six", 6 * 60 + 10),
        ("remind me every morning please", "nineish", 9 * 60),
        ("remind me every evening", "about 8 or so, once I've eaten", 20 * 60),
        ("remind me every evening", "after supper, at 6", 18 * 60),
        ("remind me in the mornings", "twenty to eight I reckon", 7 * 60 + 40),
    ],
)
def test_a_time_said_loosely_answers_the_question_about_it(
    engine: Engine, in_london: Conversation, asked: str, answer: str, minute: int
) -> None:
    in_london.say(asked)
    assert in_london.last.meta.id == "reminder-when"
    in_london.say(answer)
    assert in_london.last.meta.id == "reminder-set", in_london.text
    assert _times(engine) == [(minute,)]


def test_a_new_time_for_an_evening_reminder_still_being_set_is_in_the_evening(
    engine: Engine, in_london: Conversation
) -> None:
    in_london.say("I'd like a reminder in the evening")
    assert "What time in the evening" in in_london.text
    in_london.say("put it at 10")
    assert "22:00" in in_london.text
    assert _times(engine) == [(22 * 60,)]


def test_an_hour_with_nothing_to_tell_its_half_of_the_day_is_asked_about(
    engine: Engine, in_london: Conversation
) -> None:
    in_london.say("what should I do every day for stiff knees?")
    in_london.press("⏰ Remind me")
    in_london.say("let's say 9")
    assert "09:00" in in_london.text and "21:00" in in_london.text
    assert _times(engine) == []
    in_london.say("the evening please")
    assert "every day at 21:00" in in_london.text
    assert _times(engine) == [(21 * 60,)]


def test_an_hour_asked_about_can_be_chosen_with_its_button_and_fires_once(
    engine: Engine, in_london: Conversation, clock: FakeClock
) -> None:
    in_london.say("set me a daily reminder")
    in_london.say("8")
    in_london.press("20:00")
    assert _times(engine) == [(20 * 60,)]
    [job] = engine.reminder_jobs(1)
    assert datetime.fromtimestamp(job.due, LONDON).hour == 20
    clock.now = job.due
    assert "⏰" in engine.remind(1, job.reminder_id).replies[0].text
    assert engine.remind(1, job.reminder_id).replies == ()
