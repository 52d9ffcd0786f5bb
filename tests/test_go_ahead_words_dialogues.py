"""Words at the screens between the safety check and the first step that only ask whether to go
on (the steps left out for a condition, the one leg that is clear): a pain rating typed there
answers the rating that comes next, so it means "go on", and the person's pain is taken as the
rating before the routine, not as a diary check-in that drops the routine."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation


def test_a_rating_typed_where_only_one_leg_is_clear_goes_on_with_that_leg(chat: Conversation):
    chat.say("begin the calf massage")
    chat.say("varicose veins on my right leg only, nothing else")
    assert "left leg only" in chat.text.lower(), chat.text

    chat.say("my knee is at maybe a 6")

    assert "Step 1 of" in chat.text and "left leg" in chat.text, chat.text
    assert "Noted: pain" not in chat.text
    chat.say("next")
    assert "Step 2 of" in chat.text and "left leg" in chat.text, chat.text
    chat.command("diary")
    assert "6/10 · before" in chat.text and "check-in" not in chat.text, chat.text


def test_a_rating_said_with_the_check_goes_past_the_steps_left_out_and_keeps_their_reason(chat: Conversation):
    chat.say("do the qigong knee routine with me")
    chat.say("I'm on apixaban, the others don't apply. pain around 3")

    text = chat.text
    assert "bruise" in text.lower() and "left out" in text, text  # the caution is still read
    assert "Step 1 of" in text, text
    assert "▶ Continue with the safe part" not in chat.labels
    chat.say("next")
    assert "Step 2 of" in chat.text, chat.text


def test_a_rating_typed_under_the_steps_left_out_goes_on_with_the_safe_part(chat: Conversation):
    chat.say("do the qigong knee routine with me")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text
    chat.say("i take rivaroxaban, none of the rest")
    assert "▶ Continue with the safe part" in chat.labels, chat.text

    chat.say("pain 4 out of 10")

    assert "Step 1 of" in chat.text, chat.text
    chat.command("diary")
    assert "4/10 · before" in chat.text and "check-in" not in chat.text, chat.text


def test_a_rating_on_its_own_is_still_a_check_in_with_no_routine_under_way(chat: Conversation):
    chat.say("my knee is at maybe a 6")
    assert "Noted: pain 6/10" in chat.text, chat.text
