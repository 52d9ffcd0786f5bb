"""Questions asked on the way into a routine (at the steps left out, at the pain rating before the
first step), as people ask them: whether it is safe for them or for the person they massage, and
how firmly to go. Each gets an answer about the routine under way, led by what applies to whoever
is massaged, with the way back to the screen they were on. Each test reads what the person would
read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation

RATING = "how much does"
BACK = "▶ Back to the routine"


def test_is_that_safe_at_the_steps_left_out_gives_the_routines_safety(chat: Conversation) -> None:
    chat.say("begin the qigong knee massage")
    chat.say("only the pregnancy, the rest are fine")
    assert "Continue with the safe part" in " ".join(chat.labels)
    chat.say("is that safe though?")
    assert "didn't catch" not in chat.text
    assert "Safety: Qigong" in chat.text and "pregnan" in chat.text.lower()
    assert BACK in chat.labels
    chat.say("alright, carry on")
    assert "Continue with the safe part" in " ".join(chat.labels)  # the screen it was on, again


def test_a_question_about_ones_tablets_at_the_rating_is_answered_for_this_routine(chat: Conversation) -> None:
    chat.say("I'm on apixaban")
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("none of the others")
    assert RATING in chat.text
    chat.say("will this be alright with my tablets?")
    assert "didn't catch" not in chat.text
    assert "gently" in chat.text and "Safety: Calf" in chat.text  # what blood thinners mean here
    assert BACK in chat.labels
    chat.press(BACK)
    assert RATING in chat.text


def test_a_carer_asking_how_firmly_on_the_way_in_gets_the_step_not_the_introduction(chat: Conversation) -> None:
    chat.say("the partner lift technique for my father please")
    chat.say("he's on warfarin, nothing else")
    assert "They may bruise" in chat.text
    chat.say("how hard should i squeeze his leg")
    assert "▶ Start" not in chat.labels and "quick safety check" not in chat.text  # not the introduction again
    assert "Step" in chat.text and "pressure" in chat.text  # the step that says how firmly
    assert "They may bruise" in chat.text  # what applies to him leads
    assert BACK in chat.labels


def test_is_it_safe_for_her_at_a_partner_rating_speaks_of_her(chat: Conversation) -> None:
    chat.say("the partner lift technique for my wife")
    chat.say("she's pregnant, nothing else applies")
    chat.press(lambda label: label.startswith("▶ Continue"))
    assert "their knee hurt" in chat.text
    chat.say("is it safe for her?")
    assert "Safety: Partner" in chat.text
    assert "For you:" not in chat.text and "your midwife" not in chat.text  # about her, not the carer
    assert "Are you pregnant" not in chat.text and "Is the person you are massaging pregnant" in chat.text
    assert "midwife" in chat.text
    assert BACK in chat.labels


def test_a_safety_question_at_the_check_is_answered_and_the_check_kept(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("hmm is it safe?")
    assert "didn't catch" not in chat.text and "Safety: Calf" in chat.text
    chat.say("ok back to it")
    assert SAFETY_CHECK in chat.text and "✓ None of these" in chat.labels


def test_asking_what_the_first_step_is_at_the_check_shows_it_and_keeps_the_check(chat: Conversation) -> None:
    chat.say("start the qigong knee massage")
    chat.press("▶ Start")
    chat.say("remind me what the first step is?")
    assert "didn't catch" not in chat.text
    assert "Step 1 of" in chat.text and "ST34" in chat.text and BACK in chat.labels
    chat.say("ok back to it")
    assert SAFETY_CHECK in chat.text and "✓ None of these" in chat.labels


def test_the_rest_said_clear_with_the_clear_leg_chosen_goes_on_to_the_rating(engine, chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("yes, varicose veins on my right calf")
    assert "Left leg only" in " ".join(chat.labels)
    chat.say("the others are all fine, so do my left leg")
    assert SAFETY_CHECK not in chat.text and RATING in chat.text
    chat.say("5")
    assert "Step 1 of" in chat.text and "left leg" in chat.text


def test_none_and_a_diary_style_rating_under_the_introduction_start_the_routine(engine, chat: Conversation) -> None:
    chat.say("start the qigong knee massage")
    chat.say("no, nothing on the list. my pain is 5/10")
    assert "Step 1 of" in chat.text and "Noted: pain" not in chat.text
    assert [(r.kind, r.score) for r in engine.practice.store.ratings(1)] == [("before", 5)]


def test_a_no_with_not_today_under_the_introduction_does_not_start_the_routine(chat: Conversation) -> None:
    chat.say("start the qigong knee massage")
    chat.say("nope, not today thanks")
    assert SAFETY_CHECK not in chat.text and RATING not in chat.text and "Step 1" not in chat.text
