"""Conversations that keep their thread: what the last answer left on the table (a routine's
introduction with its check, a daily plan's routine, a check about someone else) decides what a
short reply means next. Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation

QIGONG = "I'd like to try the qigong massage on my knee"
CALF = "show me the calf routine"
RATING = "how much does your knee hurt"


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- the check listed in a routine's introduction, answered in words ----------------------------


def test_none_of_em_under_the_introduction_answers_its_check(chat: Conversation) -> None:
    chat.say(QIGONG)
    chat.say("nope none of em")
    assert RATING in chat.text
    assert "don't know" not in chat.text


def test_the_check_and_a_rating_in_one_message_under_the_introduction_reach_step_one(engine, chat) -> None:
    chat.say(CALF)
    chat.say("none of those apply, my pain is around a 4")
    assert "Step 1 of 7" in chat.text
    assert ratings(engine) == [("before", 4)]


def test_a_rating_typed_without_its_apostrophe_is_read_at_the_rating(engine, chat) -> None:
    chat.say(CALF)
    chat.say("none")
    assert RATING in chat.text
    chat.say("my pains around a 7 today")
    assert "Step 1 of 7" in chat.text
    assert ratings(engine) == [("before", 7)]


def test_a_condition_named_with_the_rest_clear_goes_ahead_without_the_check(chat: Conversation) -> None:
    chat.say(QIGONG)
    chat.say("I'm on blood thinners, none of the others though")
    assert "Noted" in chat.text and "blood thinners" in chat.text
    assert SAFETY_CHECK not in chat.text  # not asked line by line again
    assert RATING in chat.text  # the routine goes ahead


def test_a_condition_named_without_the_rest_is_not_taken_as_an_answer_to_the_check(chat: Conversation) -> None:
    """Only the lines said are known: the others are still asked."""
    chat.say(QIGONG)
    chat.say("I take warfarin")
    assert RATING not in chat.text and "Step 1" not in chat.text


# --- a daily plan's routine ---------------------------------------------------------------------


def test_start_it_after_a_daily_plan_starts_the_plans_routine(chat: Conversation) -> None:
    chat.say("what's a good thing to do each day for knee arthritis")
    assert "📅" in chat.text
    offered = next(label for label in chat.labels if label.startswith("▶ Start "))
    chat.say("ok lets start it")
    assert SAFETY_CHECK in chat.text
    chat.say("none")
    chat.say("skip")
    assert "Step 1 of" in chat.text
    assert offered.removeprefix("▶ Start ").split()[0] in chat.text  # the plan's routine, not another


# --- a carer's check: what it says is about the person massaged ---------------------------------


def test_a_carer_told_about_their_dads_blood_thinners_reads_about_him(chat: Conversation) -> None:
    chat.say("my father's knees ache, is there a massage I could give him")
    chat.say("he's on apixaban, nothing else applies")
    assert "They may bruise" in chat.text
    assert "You may bruise" not in chat.text and "your doctor" not in chat.text


def test_a_carer_whose_partner_is_pregnant_is_not_told_to_see_his_own_midwife(chat: Conversation) -> None:
    chat.say("is there a routine I can do on my girlfriend's sore knee")
    chat.say("start")
    assert "person you're massaging" in chat.text
    chat.say("she's pregnant, that's all")
    assert "her midwife" in chat.text
    assert "your midwife" not in chat.text
