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


@pytest.mark.parametrize(("choice", "minute"), [("the 2nd one", 19 * 60), ("earlier one please", 7 * 60)])
def test_the_half_of_the_day_asked_about_can_be_picked_by_its_place(
    engine: Engine, in_london: Conversation, choice: str, minute: int
) -> None:
    in_london.say("can you remind me daily")
    in_london.say("7")
    in_london.say(choice)
    assert _times(engine) == [(minute,)], in_london.text


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


# --- the pain diary -----------------------------------------------------------------------------


def _scores(engine: Engine) -> list[int | None]:
    return [rating.score for rating in engine.practice.store.ratings(1)]


@pytest.mark.parametrize(
    ("wish", "answer", "score"),
    [
        ("could I put today's pain in my diary", "hmm probably a 4 today", 4),
        ("I'd like to add a diary entry", "roughly seven I'd say", 7),
        ("let me log how my knee is", "a 3, not bad", 3),
        ("new pain entry please", "2", 2),
    ],
)
def test_a_wish_to_log_a_rating_is_asked_and_the_loose_answer_is_kept(
    engine: Engine, chat: Conversation, wish: str, answer: str, score: int
) -> None:
    chat.say(wish)
    assert "0" in chat.text and "10" in chat.text and "?" in chat.text
    assert _scores(engine) == []
    chat.say(answer)
    assert f"Noted: pain {score}/10" in chat.text
    assert _scores(engine) == [score]


def test_a_number_off_the_scale_is_asked_again_and_the_next_reply_answers_it(
    engine: Engine, chat: Conversation
) -> None:
    chat.say("my pain is 15/10 today")
    assert "off the scale" in chat.text
    chat.say("ok more like an 8")
    assert "Noted: pain 8/10" in chat.text
    assert _scores(engine) == [8]


def test_declining_to_rate_logs_nothing(engine: Engine, chat: Conversation) -> None:
    chat.say("I want to record my pain score")
    chat.say("nah, not now")
    assert "nothing logged" in chat.text.lower()
    assert _scores(engine) == []


def test_taking_back_the_last_one_after_an_asked_rating_removes_that_one_and_says_which(
    engine: Engine, chat: Conversation, clock: FakeClock
) -> None:
    clock.now = TUESDAY_NOON
    chat.say("my time zone is London")
    chat.say("pain 6 today")
    clock.advance(24 * 3600)
    chat.say("can I log my pain")
    chat.say("maybe a 2 today")
    clock.advance(60)
    chat.say("oh delete that last one")
    assert "2/10" in chat.text and "Wed 12 Jun" in chat.text and "12:00" in chat.text
    assert _scores(engine) == [6]


def test_only_the_last_question_asked_is_answered_by_a_short_reply(engine: Engine, chat: Conversation) -> None:
    chat.say("I'd like to log my pain")
    chat.say("where is SP10?")
    chat.say("maybe a 5 I think")
    assert _scores(engine) == []


def test_not_knowing_what_number_to_give_gets_a_word_on_guessing_and_the_question_stays(
    engine: Engine, chat: Conversation
) -> None:
    chat.say("I'd like to log my knee pain")
    chat.say("honestly no clue")
    assert "rough guess" in chat.text and "nothing logged" not in chat.text.lower()
    chat.say("ok say a 5")
    assert "Noted: pain 5/10" in chat.text
    assert _scores(engine) == [5]


def test_an_empty_chart_asks_for_a_first_rating_and_the_reply_starts_the_diary(
    engine: Engine, chat: Conversation
) -> None:
    chat.command("progress")
    assert "Nothing to chart yet" in chat.text and "0" in chat.text and "?" in chat.text
    chat.say("eh, a 4 I suppose")
    assert "Noted: pain 4/10" in chat.text
    assert _scores(engine) == [4]


def test_an_empty_diary_asked_for_in_words_asks_for_a_first_rating(engine: Engine, chat: Conversation) -> None:
    chat.say("let me see my scores")
    assert "empty" in chat.text
    chat.say("today round about six")
    assert "Noted: pain 6/10" in chat.text
    assert _scores(engine) == [6]


@pytest.mark.parametrize(
    ("answer", "minute"),
    [
        ("around 6 if that works for you", 18 * 60),
        ("not too sure, maybe 8ish?", 20 * 60),
        ("can you do half 9?", 21 * 60 + 30),
    ],
)
def test_one_time_among_words_of_ones_own_answers_the_question(
    engine: Engine, in_london: Conversation, answer: str, minute: int
) -> None:
    in_london.say("a reminder in the evenings would help")
    in_london.say(answer)
    assert _times(engine) == [(minute,)], in_london.text


def test_a_time_said_not_to_suit_is_not_taken(engine: Engine, in_london: Conversation) -> None:
    in_london.say("remind me in the evening")
    in_london.say("I can't do 7, I'm at the gym")
    assert _times(engine) == []


def test_the_days_asked_about_are_kept_with_the_time_typed(engine: Engine, in_london: Conversation) -> None:
    in_london.say("remind me on weekday mornings")
    in_london.say("quarter past 7")
    [reminder] = engine.practice.store.reminders(1)
    assert reminder.schedule.times == (7 * 60 + 15,) and reminder.schedule.days == 0b0011111


def test_a_country_said_with_the_answers_words_answers_the_time_zone_question(
    engine: Engine, chat: Conversation
) -> None:
    chat.say("remind me every morning at 7:30")
    assert "time zone" in chat.text
    chat.say("I live in the UK")
    assert "Europe/London" in chat.text
    assert _times(engine) == [(7 * 60 + 30,)]


def test_a_rating_said_right_after_one_is_noted_corrects_it(engine: Engine, chat: Conversation) -> None:
    chat.say("knee pain's at 7 today")
    chat.say("oops no, more like a 5")
    assert "5/10" in chat.text and "7/10" in chat.text
    assert _scores(engine) == [5]


def test_make_it_right_after_a_rating_corrects_the_rating_not_a_reminder(
    engine: Engine, in_london: Conversation, clock: FakeClock
) -> None:
    in_london.say("remind me every day at 8pm")
    clock.advance(60)
    in_london.say("pain 4 today")
    in_london.say("sorry, make it a 6")
    assert _scores(engine) == [6]
    assert _times(engine) == [(20 * 60,)]


@pytest.mark.parametrize(
    ("request_", "change", "minute"),
    [
        ("remind me every evening at 6", "hmm, 7 would be better", 19 * 60),
        ("remind me each morning at 7am", "sorry, quarter past 7 instead", 7 * 60 + 15),
        ("remind me every day at 9pm", "8:45 then", 20 * 60 + 45),
    ],
)
def test_a_time_said_right_after_a_reminder_is_set_changes_it(
    engine: Engine, in_london: Conversation, request_: str, change: str, minute: int
) -> None:
    in_london.say(request_)
    in_london.say(change)
    assert _times(engine) == [(minute,)], in_london.text


def test_a_rating_said_right_after_a_reminder_is_set_is_no_new_time(engine: Engine, in_london: Conversation) -> None:
    in_london.say("remind me every morning at 8")
    in_london.say("my knee is about a 3 today")
    assert _times(engine) == [(8 * 60,)]
    assert _scores(engine) == [3]
