"""Words typed at a routine's screens as people type them: the safety check and the pain rating
answered in one message, slips in the words of a reply, "say that again", and what a screen does
with a message it cannot read (it asks again, with its buttons, and keeps the person's place).
Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_safety_check, at_step

CALF = "I'd like to do the calf massage"
QIGONG = "take me through the qigong knee routine"


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- the check and the rating in one message ------------------------------------------------------


def test_none_apply_and_a_rating_in_one_message_reach_the_first_step(engine, chat):
    at_safety_check(chat, CALF)
    chat.say("nothing on that list for me, my pain's around a 3")
    assert "Step 1 of 7" in chat.text
    assert ratings(engine) == [("before", 3)]


def test_a_rating_after_none_without_punctuation_is_never_a_line_of_the_check(engine, chat):
    at_safety_check(chat, CALF)
    chat.say("none of them pain 6")
    assert "Step 1 of 7" in chat.text and "☑" not in chat.text
    assert ratings(engine) == [("before", 6)]


def test_a_rating_said_after_a_full_stop_is_kept_for_the_rating_screen(engine, chat):
    at_safety_check(chat, QIGONG)
    chat.say("None apply. Pain is a 2")
    assert "Step 1 of 6" in chat.text
    assert ratings(engine) == [("before", 2)]


def test_none_and_lets_go_in_one_message_answers_the_check_and_moves_on(chat):
    at_safety_check(chat, QIGONG)
    chat.say("nah none of those, ok let's start")
    assert SAFETY_CHECK not in chat.text
    assert "how much does your knee hurt" in chat.text


def test_no_none_apply_to_me_answers_the_check(chat):
    at_safety_check(chat, CALF)
    chat.say("no, none of these apply to me")
    assert "how much does your knee hurt" in chat.text


def test_a_yes_after_the_first_part_is_not_taken_for_a_screen_it_cannot_see(engine, chat):
    """ "None, yes": what the yes answers is unclear, so nothing is ticked or moved on."""
    at_safety_check(chat, CALF)
    chat.say("none of them, yes")
    assert "Step 1" not in chat.text and "how much does your knee hurt" not in chat.text
    assert SAFETY_CHECK in chat.text  # asked again, with its buttons
    assert "✓ None of these" in chat.labels
    assert ratings(engine) == []


# --- slips in the words of a reply ----------------------------------------------------------------


def test_a_slip_in_the_filler_words_still_answers_the_check(chat):
    at_safety_check(chat, CALF)
    chat.say("none of thsee")
    assert "how much does your knee hurt" in chat.text


def test_skip_typed_with_a_slip_moves_past_the_step(chat):
    at_step(chat, CALF, 1)
    chat.say("skpi this one please")
    assert "Step 2 of 7" in chat.text


def test_a_wish_to_stop_in_other_words_is_asked_about_and_the_place_kept(chat):
    at_step(chat, QIGONG, 2)
    chat.say("that will do for this evening")
    assert "Stopped" not in chat.text and "Step 3" not in chat.text
    assert {"■ Stop here", "▶ Carry on"} <= set(chat.labels)
    chat.say("carry on please")
    assert "Step 2 of 6" in chat.text  # back on the step it was on, not the next one


def test_stopping_after_the_question_stops_the_routine(chat):
    at_step(chat, CALF, 3)
    chat.say("i'm knackered, can we finish")
    chat.press("■ Stop here")
    assert "Stopped" in chat.text


def test_a_no_is_never_guessed_from_a_slip(chat):
    """ "nonw" is one letter from "none", but a no at a safety check is only read as typed."""
    at_safety_check(chat, CALF)
    chat.say("nonw")
    assert "how much does your knee hurt" not in chat.text
    assert SAFETY_CHECK in chat.text


# --- hearing a screen again -----------------------------------------------------------------------


def test_say_that_again_at_the_rating_screen_shows_it_again(engine, chat):
    at_safety_check(chat, QIGONG)
    chat.press("✓ None of these")
    chat.say("sorry, can you say that again")
    assert "how much does your knee hurt" in chat.text
    assert ratings(engine) == []


def test_repeat_that_on_a_step_shows_the_same_step(chat):
    at_step(chat, CALF, 3)
    chat.say("repeat that please")
    assert "Step 3 of 7" in chat.text


# --- a message a screen cannot read ---------------------------------------------------------------


def test_words_nothing_reads_at_a_step_ask_again_with_the_steps_buttons(chat):
    at_step(chat, QIGONG, 2)
    chat.say("my cousin swears by tiger balm honestly")
    assert "didn't catch that" in chat.text
    assert "Step 2 of 6" in chat.text and "Next ▶" in chat.labels and "■ Stop" in chat.labels
    assert "don't know that one" not in chat.text
    chat.say("next")
    assert "Step 3 of 6" in chat.text  # the place was kept


def test_words_nothing_reads_at_the_rating_screen_ask_for_a_number(engine, chat):
    at_safety_check(chat, CALF)
    chat.press("✓ None of these")
    chat.say("purple monkey dishwasher")
    assert "number from 0 to 10" in chat.text and "0" in chat.labels and "Skip" in chat.labels
    chat.say("4")
    assert "Step 1 of 7" in chat.text
    assert ratings(engine) == [("before", 4)]


def test_after_time_away_an_unread_message_is_not_taken_for_the_screen(chat, clock):
    at_step(chat, CALF, 2)
    clock.advance(3600)
    chat.say("my cousin swears by tiger balm honestly")
    assert "didn't catch that" not in chat.text


def test_a_question_at_a_step_is_still_answered_not_asked_again(chat):
    at_step(chat, CALF, 2)
    chat.say("can I massage over varicose veins?")
    assert chat.last.meta.id == "varicose-veins"
    assert "didn't catch that" not in chat.text


def test_someone_elses_message_is_not_read_at_another_persons_screen(engine, chat):
    at_step(chat, CALF, 2)
    other = Conversation(engine, user_id=2)
    other.say("next")
    assert "Step" not in other.text
    chat.say("next")
    assert "Step 3 of 7" in chat.text


def test_start_timer_at_the_rating_screen_skips_the_rating_and_times_the_first_step(engine, chat):
    at_safety_check(chat, CALF)
    chat.press("✓ None of these")
    chat.say("ok start the timer")
    assert "Step 1 of 7" in chat.text
    assert chat.last.timer is not None and chat.last.timer.seconds > 0
    assert ratings(engine) == []  # a rating skipped before a routine is not kept


def test_done_after_a_question_on_a_step_moves_on_while_carry_on_shows_the_step_again(chat):
    at_step(chat, QIGONG, 2)
    chat.say("what does this point do?")
    chat.say("carry on")
    assert "Step 2 of 6" in chat.text
    chat.say("how long do I hold it?")
    chat.say("ok done")
    assert "Step 3 of 6" in chat.text


def test_back_then_lets_continue_after_time_away_shows_the_step_it_was_on(chat, clock):
    at_step(chat, CALF, 2)
    chat.say("right, off to work now, will finish tonight")
    clock.advance(8 * 3600)
    chat.say("back! let's continue")
    assert "Step 2 of 7" in chat.text


# --- saying one has finished a step -----------------------------------------------------------------


def test_saying_one_is_done_or_finished_at_a_step_moves_on_and_is_never_taken_for_distress(chat):
    at_step(chat, CALF, 2)
    chat.say("I'm done")
    assert "Step 3 of 7" in chat.text
    chat.say("im finished")
    assert "Step 4 of 7" in chat.text
    assert "Samaritans" not in chat.text and "happening now" not in chat.text


def test_a_typed_yes_to_the_stop_question_stops_and_a_no_carries_on(chat, engine):
    at_step(chat, QIGONG, 2)
    chat.say("that will do for this evening")
    assert {"■ Stop here", "▶ Carry on"} <= set(chat.labels)
    chat.say("yes please")
    assert "Stopped" in chat.text
    other = Conversation(engine, user_id=2)
    at_step(other, QIGONG, 2)
    other.say("that will do for this evening")
    other.say("no, actually")
    assert "Step 2 of 6" in other.text and "Stopped" not in other.text


def test_stop_with_no_routine_under_way_says_so_rather_than_not_understanding(chat):
    chat.say("my calves ache after a long bike ride")
    chat.say("stop")
    assert "No routine is running" in chat.text


def test_stepping_away_mid_routine_is_acknowledged_and_the_place_kept(chat):
    at_step(chat, QIGONG, 2)
    chat.say("the doorbell just went, back in a bit")
    assert "keep your place" in chat.text
    chat.say("ok where were we")
    assert "Step 2 of 6" in chat.text
