"""The diary and reminders talked about in words after they are set, going to the same code as
the buttons and commands: a reminder's time changed, one still waiting for its time zone listed,
holidays answered honestly; ratings said loosely or for yesterday, compared with the one before,
listed, taken back, and the diary erased on its own after a yes. Each test reads what the
person would read."""

from __future__ import annotations

DAY = 24 * 3600


def _times(engine):
    return [reminder.schedule.times for reminder in engine.practice.store.reminders(1)]


def test_a_reminders_time_changed_before_the_time_zone_is_chosen_keeps_its_part_of_the_day(engine, chat):
    chat.say("remind me every evening at 6")
    assert "time zone" in chat.text
    chat.say("hmm, change that to 7")
    assert "19:00" in chat.text and "time zone" in chat.text
    chat.say("Europe/London")
    assert _times(engine) == [(19 * 60,)]


def test_a_reminders_time_changed_after_it_is_set_replaces_it(engine, chat):
    chat.say("my time zone is Berlin")
    chat.say("remind me weekdays at 9am")
    assert _times(engine) == [(9 * 60,)]
    chat.say("can you move it to 10:30")
    assert "10:30" in chat.text
    assert _times(engine) == [(10 * 60 + 30,)]
    days = engine.practice.store.reminders(1)[0].schedule.days
    assert days == 0b0011111  # still on weekdays


def test_a_reminder_waiting_for_its_time_zone_is_listed_with_the_question(chat):
    chat.say("remind me every morning at 7:30")
    chat.say("which reminders do I have?")
    assert "07:30" in chat.text and "time zone" in chat.text


def test_skipping_holidays_gets_an_honest_answer_with_what_can_be_done(chat):
    chat.say("my time zone is Madrid")
    chat.say("remind me weekdays at 8am")
    chat.say("but not on public holidays")
    assert "holiday" in chat.text.lower() and "Snooze" in chat.text
    assert chat.last.meta.kind == "practice"


def test_a_rating_with_a_scale_anywhere_in_a_short_message_is_logged(engine, chat):
    chat.say("knees r roughly 4 outta 10 today")
    assert "Noted: pain 4/10" in chat.text
    assert [r.score for r in engine.practice.store.ratings(1)] == [4]


def test_a_rating_for_yesterday_is_kept_on_yesterday(engine, chat, clock):
    chat.say("forgot to log it yesterday, it was an 8")
    assert "Noted: pain 8/10" in chat.text and "yesterday" in chat.text
    (rating,) = engine.practice.store.ratings(1)
    assert rating.score == 8 and abs(rating.at - (clock.now - DAY)) < 60


def test_a_second_rating_the_same_day_says_how_it_compares(engine, chat, clock):
    chat.say("pain 6 today")
    clock.advance(20 * 60)
    chat.say("after my stretches it's down to a 3")
    assert "Noted: pain 3/10" in chat.text and "down from 6" in chat.text
    assert [r.score for r in engine.practice.store.ratings(1)] == [6, 3]


def test_the_diary_is_listed_when_asked_for_in_words(chat, clock):
    chat.say("pain 7 today")
    clock.advance(DAY)
    chat.say("pain 5 today")
    chat.say("let me see all my ratings")
    assert "7/10" in chat.text and "5/10" in chat.text
    assert chat.last.meta.id == "diary"
    assert chat.text.index("5/10") < chat.text.index("7/10"), "newest first"
    chat.command("diary")
    assert "7/10" in chat.text and chat.last.meta.id == "diary"


def test_the_last_rating_is_taken_back_in_words(engine, chat, clock):
    chat.say("pain 2 today")
    clock.advance(60)
    chat.say("pain 9 today")
    chat.say("oops, remove that last one, wrong number")
    assert "9/10" in chat.text and "removed" in chat.text.lower()
    assert [r.score for r in engine.practice.store.ratings(1)] == [2]


def test_taking_back_the_last_one_takes_back_the_rating_just_typed_not_the_newest_by_date(engine, chat, clock):
    chat.say("my knees are at a 4 this morning")
    clock.advance(60)
    chat.say("I didn't log it yesterday, it was about a 6")
    chat.say("actually delete that last one")
    assert "6/10" in chat.text and "removed" in chat.text.lower()
    assert [r.score for r in engine.practice.store.ratings(1)] == [4]


def test_a_rating_taken_back_is_not_taken_back_twice(engine, chat, clock):
    chat.say("pain 3 today")
    clock.advance(60)
    chat.say("pain 5 yesterday, forgot to put it in")
    chat.say("remove that last one")
    chat.say("delete the last one too")
    assert [r.score for r in engine.practice.store.ratings(1)] == []


def test_the_diary_alone_is_erased_after_a_yes_and_reminders_stay(engine, chat):
    chat.say("my time zone is Berlin")
    chat.say("remind me every day at 8pm")
    chat.say("pain 5 today")
    chat.say("please clear my pain diary")
    assert "pain diary" in chat.text.lower() and engine.practice.store.ratings(1)
    assert "Yes" in " ".join(chat.labels)
    chat.say("yes")
    assert engine.practice.store.ratings(1) == []
    assert _times(engine) == [(20 * 60,)]
    assert "reminders" in chat.text.lower()


def test_comparing_with_last_week_shows_progress(chat):
    chat.say("pain 5 today")
    chat.say("is it any better than last week?")
    assert chat.last.meta.id == "progress"


def test_clearing_an_empty_diary_says_it_is_empty_already(chat):
    chat.say("wipe my pain diary")
    assert "empty already" in chat.text


def test_stopping_reminders_while_one_waits_for_its_time_zone_cancels_it_without_asking_the_zone(engine, chat):
    chat.say("remind me every evening at 7")
    chat.say("stop all my reminders")
    assert "cancelled" in chat.text and "which time zone" not in chat.text
    chat.say("Europe/Paris")
    assert engine.practice.store.reminders(1) == []
