"""Ratings and reminders said in passing, as part of a longer message or with words around them:
a pain score beside a greeting or a remark is logged and said back, a rating typed right after
stopping a routine is kept, a reminder asked for at the end of a message is set, and a time
typed for an evening reminder is an evening time. Each test reads what the person would read."""

from __future__ import annotations

from helpers import Conversation, at_step


def scores(engine, user_id: int = 1) -> list[int | None]:
    return [rating.score for rating in engine.practice.store.ratings(user_id)]


def times(engine, user_id: int = 1) -> list[tuple[int, ...]]:
    return [reminder.schedule.times for reminder in engine.practice.store.reminders(user_id)]


# --- ratings in passing -------------------------------------------------------------------------


def test_a_rating_beside_a_greeting_and_a_remark_is_logged_and_said_back(engine, chat: Conversation) -> None:
    chat.say("evening all! I'm at around a five today, worse than on monday")
    assert "Noted" in chat.text and "5/10" in chat.text
    assert scores(engine) == [5]


def test_a_rating_compared_with_yesterday_is_todays(engine, chat: Conversation) -> None:
    chat.say("hey, I'm about a 3 now, much better than yesterday")
    assert "3/10 (today)" in chat.text


def test_a_pain_score_opening_a_remark_is_logged(engine, chat: Conversation) -> None:
    chat.say("pain 2 after my stretches this evening, much easier now")
    assert "2/10" in chat.text
    assert scores(engine) == [2]


def test_how_often_it_hurts_is_not_a_rating(engine, chat: Conversation) -> None:
    chat.say("pain 3 times a day when I climb stairs, why")
    assert scores(engine) == []


def test_a_rating_typed_right_after_stopping_a_routine_is_kept(engine, chat: Conversation) -> None:
    at_step(chat, "do the calf massage", 2)
    chat.say("stop")
    assert "Stopped" in chat.text
    chat.say("about a 2 now")
    assert "Noted" in chat.text and "2/10" in chat.text
    assert scores(engine) == [2]


# --- progress and the diary in words -------------------------------------------------------------


def test_how_the_week_went_shows_progress(engine, chat: Conversation) -> None:
    chat.say("pain 4/10")
    chat.say("so how has this week gone then")
    assert chat.last.meta.kind == "practice" and chat.last.meta.id == "progress"


def test_asking_for_the_scores_as_a_spreadsheet_exports_the_diary(chat: Conversation) -> None:
    chat.say("pain 6/10 today")
    chat.say("could I get all of my ratings as a spreadsheet")
    assert chat.last.meta.id == "export"


# --- reminders with words around them ----------------------------------------------------------


def test_a_reminder_asked_for_at_the_end_of_a_message_is_set(engine, chat: Conversation) -> None:
    chat.say("my time zone is Berlin")
    chat.say("remind me in half an hour to do the massage")
    assert "set times of day" in chat.text
    chat.say("right, fine. every day at 9pm then")
    assert "21:00" in chat.text
    assert times(engine) == [(21 * 60,)]


def test_days_joined_by_n_with_too_please_set_a_second_reminder(engine, chat: Conversation) -> None:
    chat.say("my time zone is Berlin")
    chat.say("remind me every day at 18:00")
    chat.say("tuesdays n fridays at 8am too please")
    assert "Tuesdays and Fridays at 08:00" in chat.text
    assert sorted(times(engine)) == [(8 * 60,), (18 * 60,)]


def test_a_time_changed_with_the_old_one_named_is_changed(engine, chat: Conversation) -> None:
    chat.say("my time zone is Berlin")
    chat.say("remind me every day at 7:30")
    chat.say("actually make it 9 not 7.30")
    assert "09:00" in chat.text
    assert times(engine) == [(9 * 60,)]


def test_an_hour_typed_for_an_evening_reminder_is_in_the_evening(engine, chat: Conversation) -> None:
    chat.say("my time zone is Berlin")
    chat.say("remind me every evening")
    assert "What time in the evening" in chat.text
    chat.say("7")
    assert "19:00" in chat.text
    assert times(engine) == [(19 * 60,)]
