"""Going on in one's own words: a routine kept waiting and taken up again ("ok carry on"), a
rating passed on from the person massaged inside a few words about them, the check answered by
saying nothing is wrong, a follow-up about a point the last answer named, and warmth felt on a
step that puts heat on the leg. Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step


def test_carry_on_after_not_now_under_an_introduction_opens_its_check(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("not right now thanks")
    assert "▶ Start" in chat.labels, chat.labels

    chat.say("ok carry on")

    assert SAFETY_CHECK in chat.text, chat.text
    assert "don't know that one" not in chat.text, chat.text


def test_carry_on_after_not_now_at_the_check_shows_the_check_without_a_scolding(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("not now")

    chat.say("right, carry on")

    assert SAFETY_CHECK in chat.text, chat.text
    assert "comes first" not in chat.text, chat.text


def test_a_rating_passed_on_with_a_word_about_them_on_their_step_is_thanked_for(chat: Conversation) -> None:
    at_step(chat, "start the quad compression", 2)

    chat.say("he reckons it's down to a 3 now, he looks much more relaxed")

    assert "didn't catch" not in chat.text, chat.text
    assert "3/10" in chat.text and "Step 2 of 4" in chat.text, chat.text


def test_a_number_of_minutes_told_of_them_on_their_step_is_no_rating(chat: Conversation) -> None:
    at_step(chat, "start the quad compression", 3)

    chat.say("she wants to know if 5 minutes is enough")

    assert "5/10" not in chat.text, chat.text


# --- the check answered by saying nothing is wrong ----------------------------------------------

RATING = "how much does"


def test_fine_otherwise_at_the_check_is_none_of_these(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("no, I'm perfectly fine otherwise")

    assert RATING in chat.text, chat.text


def test_no_other_troubles_said_of_her_under_the_introduction_goes_on(chat: Conversation) -> None:
    chat.say("start the friction technique for my mum")

    chat.say("no other troubles, she's fine")

    assert RATING in chat.text and "their knee" in chat.text, chat.text
    assert "don't know that one" not in chat.text, chat.text


def test_unsure_at_the_check_is_no_answer(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.press("▶ Start")

    chat.say("hmm not sure to be honest")

    assert RATING not in chat.text, chat.text
    assert SAFETY_CHECK in chat.text, chat.text


def test_one_of_them_said_at_the_check_is_never_none(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("sadly one of those is true, nothing else though")

    assert RATING not in chat.text, chat.text


def test_the_clear_leg_said_under_the_introduction_is_the_leg_to_do(chat: Conversation) -> None:
    chat.say("my husband has varicose veins on his right leg")
    chat.say("what massage can I do for his knee?")

    chat.say("ok, only his left one then")

    assert "don't know that one" not in chat.text and "Alright" not in chat.text, chat.text
    assert SAFETY_CHECK in chat.text, chat.text  # the veins answered, the check's other lines next
    assert "Varicose veins" not in chat.text, chat.text


# --- a point the last answer named, referred back to by where it is -----------------------------


def test_the_point_by_the_ankle_after_the_pregnancy_answer_is_the_one_it_named(chat: Conversation) -> None:
    chat.say("is it ok to do acupressure when you're expecting?")
    assert "BL60" in chat.text, chat.text

    chat.say("and that point by the ankle?")

    assert "BL60" in chat.text and "Kunlun" in chat.text, chat.text
    assert "Did you mean" not in chat.text, chat.text


def test_how_long_on_that_point_after_a_card_stays_with_the_card(chat: Conversation) -> None:
    chat.say("where is ST36")

    chat.say("how long should I hold that point?")

    assert "ST36" in chat.text, chat.text


# --- warmth felt where the step puts heat on the leg ----------------------------------------------


def test_warmth_felt_on_the_towel_step_without_naming_it_is_the_steps_doing(chat: Conversation) -> None:
    at_step(chat, "start the steam towel warm-up", 3)

    chat.say("it's gone quite warm under there, should it?")

    assert "heat you just put on" in chat.text, chat.text
    assert "checked today" not in chat.text and "Did you mean" not in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 3") for label in chat.labels), chat.labels


def test_warmth_with_swelling_on_the_towel_step_is_not_waved_through(chat: Conversation) -> None:
    at_step(chat, "start the steam towel warm-up", 3)

    chat.say("my calf is warm and puffy on one side")

    assert "heat you just put on" not in chat.text, chat.text


def test_warmth_on_a_step_far_from_any_heat_is_not_put_down_to_it(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 4)

    chat.say("my calf feels warm")

    assert "heat you just put on" not in chat.text, chat.text


def test_no_other_troubles_after_ticking_a_line_is_done(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.press("One or more")
    chat.press(lambda label: label.startswith("☐") and "Pregnan" in label)

    chat.say("no other issues apart from that")

    assert "Which ones?" not in chat.text, chat.text
    assert "didn't catch" not in chat.text, chat.text


def test_the_leg_to_do_said_at_the_check_keeps_the_check(chat: Conversation) -> None:
    chat.say("start the lift technique for my partner")
    chat.press("▶ Start")

    chat.say("ok, only his left one")

    assert SAFETY_CHECK in chat.text, chat.text
    assert "Alright" not in chat.text and "Let me know" not in chat.text, chat.text


def test_not_now_with_a_reason_on_a_step_keeps_the_place_and_carry_on_shows_it(chat: Conversation) -> None:
    at_step(chat, "start the qigong routine", 3)

    chat.say("not now, my phone is ringing")

    assert "keep your place" in chat.text, chat.text
    chat.say("ok carry on")
    assert "Step 3 of" in chat.text, chat.text


def test_not_now_with_a_reason_under_an_introduction_keeps_it_waiting(chat: Conversation) -> None:
    chat.say("start the calf massage")

    chat.say("later, dinner's on the table")

    assert "▶ Start" in chat.labels and "when you're ready" in chat.text, chat.text
