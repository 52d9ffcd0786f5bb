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
    assert "left out" in chat.text  # which steps the blood thinners change, said
    assert any(label.startswith("▶ Continue") for label in chat.labels)


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


# --- what was said of the topic's condition -------------------------------------------------------


def test_a_condition_said_of_the_topic_by_a_pronoun_is_noted_with_its_leg(chat: Conversation) -> None:
    chat.say("can I rub my legs if I have varicose veins")
    chat.say("I've only got them on the left. the right leg's fine then?")
    assert "Noted" in chat.text and "left leg" in chat.text
    assert "Did you mean" not in chat.text
    chat.say("ok start the calf massage")
    chat.say("go on")
    assert "right leg" in chat.text.lower()  # the clear leg offered, not the whole check again


def test_a_pronoun_with_no_condition_on_the_table_notes_nothing(chat: Conversation) -> None:
    chat.say("why do my knees crack")
    chat.say("I've got them on the left mostly")
    assert "Noted" not in chat.text


# --- follow-ups and parts of a message ------------------------------------------------------------


def test_how_often_after_heat_or_ice_with_n_for_and_stays_on_heat_and_ice(chat: Conversation) -> None:
    chat.say("should I put heat or ice on my stiff old knee")
    chat.say("how long for each")
    chat.say("n how often")
    assert chat.last.meta.id == "heat-or-ice"
    assert "every 2 to 3 hours" in chat.text


def test_a_request_to_the_bot_beside_an_aside_is_answered(chat: Conversation) -> None:
    chat.say("do you save my messages? just being careful, sorry")
    assert chat.last.meta.id == "privacy"


def test_erasing_asked_for_with_a_preamble_still_asks_first(chat: Conversation) -> None:
    chat.say("pain 5/10")
    chat.say("right, actually just wipe everything you've got on me")
    assert "Erase everything" in chat.text
    chat.say("hmm no, leave it")
    assert "Nothing was erased" in chat.text


def test_thanks_after_a_joke_gets_a_short_reply(chat: Conversation) -> None:
    chat.say("hello")
    chat.say("ha ok fair. cheers doc")
    assert chat.last.meta.id == "acknowledge"


# --- after a red flag ---------------------------------------------------------------------------


def test_lying_down_with_chest_pain_is_not_told_to_raise_the_leg(chat: Conversation) -> None:
    chat.say("I've got a crushing pain in my chest and can hardly breathe")
    assert chat.last.meta.kind == "safety"
    chat.say("is it best to lie down")
    assert "leg raised" not in chat.text
    assert "breathing easiest" in chat.text


# --- questions on the way into a routine -----------------------------------------------------------


def test_what_this_point_does_asked_at_the_rating_is_about_the_first_steps_point(chat: Conversation) -> None:
    chat.say(QIGONG)
    chat.say("none")
    assert RATING in chat.text
    chat.say("so what's this point for")
    assert "ST34" in chat.text and "Uses" in chat.text
    assert "▶ Back to the routine" in chat.labels
    chat.say("right, next")
    assert "Step 1 of" in chat.text


def test_a_carer_asking_how_hard_to_press_on_her_gets_an_answer_with_the_way_back(chat: Conversation) -> None:
    chat.say("the partner knee massage for my mum please")
    chat.say("start")
    chat.say("she takes warfarin, nothing else")
    assert "They may bruise" in chat.text
    chat.say("how firmly should I press on her")
    assert "didn't catch" not in chat.text and "don't know" not in chat.text
    assert "gently" in chat.text.lower()
    assert "▶ Back to the routine" in chat.labels


def test_a_question_at_the_steps_left_out_is_about_the_first_step_and_next_then_goes_on(chat: Conversation) -> None:
    chat.say(QIGONG)
    chat.say("I take apixaban, nothing else")
    assert "left out" in chat.text
    chat.say("what does this point do")
    assert "ST34" in chat.text and "▶ Back to the routine" in chat.labels
    chat.say("ok next")
    assert RATING in chat.text  # gone on past the steps left out, not the same screen again


def test_an_empty_diary_says_what_it_will_keep_and_for_how_long(chat: Conversation) -> None:
    chat.say("do you save my messages")
    chat.say("and what about my pain scores?")
    assert "365 days" in chat.text and "/forget" in chat.text
    assert "export" not in chat.text


def test_a_part_of_the_day_asked_after_a_plan_is_not_taken_for_a_greeting(chat: Conversation) -> None:
    chat.say("what should I do each day for stiff knees")
    assert "📅" in chat.text
    chat.say("what about the evening?")
    assert chat.last.meta.kind == "plan"
    assert "Hello" not in chat.text


def test_both_knees_sore_is_not_promised_a_start_with_that_leg(chat: Conversation) -> None:
    chat.say("both my knees are sore after cycling")
    assert "both your knees are sore" in chat.text
    assert "that leg" not in chat.text
