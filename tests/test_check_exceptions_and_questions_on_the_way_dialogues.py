"""The leg of a condition told next to its answer is kept, for oneself or the person helped, and
not asked again. At a routine's safety check, the lines named after "except" or "apart from" apply, also by
their number ("none apart from number 3"), and such a number is never a pain rating; a question
on the way in that the decision answers with the routine's own introduction, though it asks
something of its own ("can I foam roll my calves instead of the calf massage?"), is read
among the answers, with the way back to the check."""

from __future__ import annotations

from helpers import SAFETY_CHECK


def test_a_line_by_its_number_after_apart_from_applies(chat):
    chat.say("I'd like to massage my son's knee")
    chat.press("▶ Start")
    chat.say("none apart from number 3")
    assert "Step 1 of" not in chat.text and "how much does their knee hurt" not in chat.text, chat.text
    assert "Let us not do this routine now" in chat.text  # a recent fall or injury: checked first


def test_a_line_by_its_number_after_except_is_no_rating(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("nothing except number 5")
    assert "/10" not in chat.text and "Step 1 of" not in chat.text, chat.text


def test_a_question_of_its_own_about_the_routine_at_its_check(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text
    chat.say("can I foam roll my calves instead of the calf massage?")
    assert chat.last.meta.kind != "routine", chat.last.meta
    assert "foam roller" in chat.text.lower() or any("foam roller" in label.lower() for label in chat.labels)
    chat.press("▶ Back to the routine")
    assert SAFETY_CHECK in chat.text


def test_the_leg_of_my_veins_told_next_is_not_asked_again(chat):
    chat.say("I've got varicose veins")
    chat.say("just on my right leg")
    assert "(right leg)" in chat.text, chat.text
    chat.say("start the calf massage")
    chat.press("▶ Start")
    assert "Which leg is it on?" not in chat.text and "The left leg is clear" in chat.text


def test_the_leg_of_their_veins_told_next_is_not_asked_again(chat):
    chat.say("my dad has varicose veins")
    chat.say("they're on his left leg")
    assert "Noted for the person you help" in chat.text and "left leg" in chat.text, chat.text
    assert "Noted: you" not in chat.text
    chat.say("how can I massage his knee?")
    chat.press("▶ Start")
    assert "Which leg is it on?" not in chat.text and "The right leg is clear" in chat.text, chat.text


def test_what_is_said_of_them_under_a_stopped_check_keeps_it_on_hold(chat):
    chat.say("I'd like to massage my son's knee")
    chat.press("▶ Start")
    chat.say("number 3, he twisted it last week")
    assert "Let us not do this routine now" in chat.text
    chat.say("he walks on it fine though, it hardly bothers him")
    assert "stays on hold" in chat.text and "My answer has changed" in chat.labels, chat.text
