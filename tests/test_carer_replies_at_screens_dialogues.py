"""A carer's replies at the screens of their partner routine, read by meaning and then in parts:
at "which leg?", the leg with the rest of the check said clear in one message; where the clear
leg is offered, the rest said clear with the rating passed on; at the rating, the check's "none"
said again beside their rating; "not now" in other words, of them or oneself, keeps the place;
"none of these" said of them in other words. A step's caution about a condition the check was
told does not apply is left out; "drop the X" with nothing of X kept says so; a carer asking
for something for their own knees is offered the routines done on one's own."""

from __future__ import annotations

from helpers import SAFETY_CHECK, clear_safety_check

SELF_ROUTINES = {"▶ Calf massage", "▶ Qigong knee massage"}


def at_their_check(chat) -> None:
    chat.say("I'd like to massage my grandad's knees")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text


def at_which_leg(chat) -> None:
    at_their_check(chat)
    chat.say("he has varicose veins")
    assert "Which leg is it on?" in chat.text


def test_the_leg_and_nothing_else_at_which_leg(chat):
    at_which_leg(chat)
    chat.say("only on his left one, no others")
    assert "The right leg is clear" in chat.text, chat.text
    chat.press("▶ Right leg only")
    assert "how much does their knee hurt" in chat.text  # the rest of the check was answered


def test_the_rest_clear_without_the_leg_asks_the_leg_again(chat):
    at_which_leg(chat)
    chat.say("everything else is fine")
    assert "nothing else on the list applies" in chat.text and "Which leg is it on?" in chat.text
    chat.say("left")
    chat.press("▶ Right leg only")
    assert "how much does their knee hurt" in chat.text


def test_the_rest_clear_and_their_rating_where_the_clear_leg_is_offered(chat):
    at_which_leg(chat)
    chat.press("Left leg")
    assert "The right leg is clear" in chat.text
    chat.say("none of those, and he reckons 5")
    assert "Step 1 of" in chat.text and "right leg" in chat.text, chat.text
    chat.command("diary")
    assert "5/10 · before" in chat.text


def test_their_rating_beside_the_checks_none_at_the_rating(chat):
    at_their_check(chat)
    chat.press("✓ None of these")
    chat.say("no none, and he says 6")
    assert "Step 1 of" in chat.text, chat.text
    chat.command("diary")
    assert "6/10 · before" in chat.text


def test_not_today_at_which_leg_keeps_the_place(chat):
    at_which_leg(chat)
    chat.say("not today")
    assert chat.last.meta.id == "later", chat.last.meta
    chat.say("carry on")
    assert "Which leg is it on?" in chat.text


def test_not_now_in_other_words_keeps_the_place(chat):
    at_their_check(chat)
    clear_safety_check(chat)
    chat.say("perhaps some other day, he's worn out")
    assert chat.last.meta.id == "later", chat.last.meta
    chat.say("let's continue")
    assert "how much does their knee hurt" in chat.text


def test_not_now_said_of_them_at_the_check(chat):
    at_their_check(chat)
    chat.say("he isn't feeling up to it this evening")
    assert chat.last.meta.id == "later", chat.last.meta


def test_none_of_the_check_said_of_them_in_other_words(chat):
    at_their_check(chat)
    chat.say("he hasn't any of those troubles")
    assert "how much does their knee hurt" in chat.text, chat.text


def test_a_caution_about_a_condition_said_not_to_apply_is_left_out(chat):
    at_their_check(chat)
    chat.press("✓ None of these")
    chat.press("Skip")
    assert "Step 1 of" in chat.text and "In pregnancy" not in chat.text


def test_a_caution_about_a_condition_said_to_apply_still_leads(chat):
    chat.say("I'd like to massage my wife's knees")
    chat.press("▶ Start")
    chat.say("she's pregnant, nothing else")
    chat.press("▶ Continue gently")
    chat.press("Skip")
    assert "Step 1 of" in chat.text and "In pregnancy" in chat.text


def test_dropping_a_fact_never_kept(chat):
    chat.say("please drop the warfarin thing")
    assert chat.last.meta.id == "nothing-to-forget", chat.last.meta
    assert "person you help" not in chat.text.replace("anyone you help", "")
    chat.command("mydata")
    assert "About the person you help" not in chat.text


def test_something_for_my_own_knees_under_their_routine(chat):
    chat.say("I'd like to massage my grandad's knees")
    chat.say("is there anything for my own knees as well?")
    assert chat.last.meta.id == "for-oneself", chat.last.meta
    assert set(chat.labels) >= SELF_ROUTINES


def test_something_for_my_own_knees_on_their_step(chat):
    at_their_check(chat)
    clear_safety_check(chat)
    chat.press("Skip")
    chat.say("and what could I do for my own knees?")
    assert chat.last.meta.id == "for-oneself", chat.last.meta
    assert set(chat.labels) >= SELF_ROUTINES
    chat.press("▶ Back to step 1")
    assert "Step 1 of" in chat.text
