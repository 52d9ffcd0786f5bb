"""The safety check before a routine, on one screen: "Before we start, do any of these apply?"
with [None of these] and [One or more]; details only for what applies; answers kept for the
day; a leg ruled out leaves the other leg; natural answers ("a few small ones on my left leg")."""

from __future__ import annotations

import pytest

from helpers import Conversation, clear_safety_check

CHECK = "Before we start, do any of these apply"


def open_check(chat: Conversation, request: str) -> str:
    chat.say(request)
    chat.press("▶ Start")
    return chat.text


def steps_done(chat: Conversation) -> list[str]:
    """Go through the steps with Next; the step lines (header and title) seen."""
    seen = []
    while "Step" in chat.text and "All steps done" not in chat.text:
        lines = chat.text.splitlines()
        seen.append(f"{lines[0]} | {lines[1]}")
        chat.press("Next ▶")
    return seen


@pytest.mark.parametrize("routine_id", ["calf-massage", "qigong-knee", "trigger-point-release", "partner-lift"])
def test_the_safety_check_is_one_screen_listing_every_question(chat, knowledge, routine_id):
    routine = knowledge.routine(routine_id)
    text = open_check(chat, f"start the {routine.label}")
    assert CHECK in text
    for question_id in routine.screening:
        assert knowledge.screening_question(question_id).item in text, question_id
    assert {"✓ None of these", "One or more", "■ Stop"} <= set(chat.labels)
    assert "Safety check 1 of" not in text


def test_the_introduction_promises_one_quick_check(chat):
    chat.say("start the calf massage")
    assert "a quick safety check" in chat.text and "9 quick safety questions" not in chat.text


def test_none_of_these_goes_straight_to_the_pain_rating(chat):
    open_check(chat, "start the calf massage")
    chat.press("✓ None of these")
    assert "how much does your knee hurt" in chat.text


def test_one_or_more_asks_which_and_only_what_applies(chat):
    open_check(chat, "start the qigong routine")
    chat.press("One or more")
    assert "Which ones?" in chat.text
    chat.press(lambda label: "Pregnant" in label)
    assert any(label.startswith("☑") and "Pregnant" in label for label in chat.labels)
    chat.press("✓ Done")
    assert "I will leave out" in chat.text and "Press SP10" in chat.text
    assert "Safety check" not in chat.text, "nothing else is asked"
    chat.press("▶ Continue with the safe part")
    assert "how much does your knee hurt" in chat.text
    chat.press("Skip")
    assert not any("Press SP10" in line for line in steps_done(chat))


def test_a_tick_can_be_taken_back_before_done(chat):
    open_check(chat, "start the qigong routine")
    chat.press("One or more")
    chat.press(lambda label: "Pregnant" in label)
    chat.press(lambda label: "Pregnant" in label)
    assert not any(label.startswith("☑") for label in chat.labels)
    chat.press("✓ Done")
    assert "how much does your knee hurt" in chat.text


def test_a_clot_ticked_stops_the_routine_with_what_to_do(chat):
    open_check(chat, "start the calf massage")
    chat.press("One or more")
    chat.press(lambda label: "calf" in label.lower() and "swollen" in label.lower())
    chat.press("✓ Done")
    assert "Let us not do this routine now" in chat.text and "medical help today" in chat.text
    assert "Next ▶" not in chat.labels and "My answer has changed" in chat.labels


def test_two_ticks_a_caution_and_a_stop_stop_the_routine(chat):
    open_check(chat, "start the calf massage")
    chat.press("One or more")
    chat.press(lambda label: "Pregnant" in label)
    chat.press(lambda label: "Operation" in label)
    chat.press("✓ Done")
    assert "Let us not do this routine now" in chat.text and "surgeon" in chat.text


def test_answers_given_today_are_not_listed_again(chat):
    open_check(chat, "start the qigong routine")
    chat.press("✓ None of these")
    chat.command("stop")
    text = open_check(chat, "start the calf massage")
    assert CHECK in text and "Using your answers from earlier today" in text
    head, listed = text.split(CHECK)
    assert "blood thinners" in head and "blood thinners" not in listed
    assert "calf" in listed.lower()
    assert "My answer has changed" in chat.labels


def test_all_answered_today_goes_straight_to_the_rating(chat):
    open_check(chat, "start the qigong routine")
    chat.press("✓ None of these")
    chat.command("stop")
    text = open_check(chat, "start the qigong routine")
    assert "Using your answers from earlier today" in text and "how much does your knee hurt" in text
    chat.press("My answer has changed")
    assert CHECK in chat.text and "Using your answers" not in chat.text


def test_a_fact_told_at_the_check_answers_its_line(chat):
    open_check(chat, "start the calf massage")
    chat.say("I'm pregnant")
    assert "Noted: you're pregnant" in chat.text
    assert "You told me you're pregnant, so I've left out step 6" in chat.text
    _head, listed = chat.text.split(CHECK)
    assert "Pregnancy" not in listed and "pregnan" not in listed.lower()
    chat.press("✓ None of these")
    assert "how much does your knee hurt" in chat.text


def test_numbers_typed_tick_the_lines(chat, knowledge):
    routine = knowledge.routine("qigong-knee")
    open_check(chat, "start the qigong routine")
    chat.say("yes")
    pregnancy = routine.screening.index("pregnancy") + 1
    chat.say(str(pregnancy))
    assert any(label.startswith("☑") and "Pregnant" in label for label in chat.labels)
    chat.say("that's all")
    assert "I will leave out" in chat.text


# --- one leg ruled out, the other one offered ---------------------------------------------------------


def tick_varicose(chat: Conversation) -> None:
    open_check(chat, "start the calf massage")
    chat.press("One or more")
    chat.press(lambda label: "Varicose" in label)
    chat.press("✓ Done")


def test_varicose_veins_ticked_ask_which_leg(chat):
    tick_varicose(chat)
    assert "Which leg" in chat.text
    assert {"Left leg", "Right leg", "Both legs"} <= set(chat.labels)


def test_a_few_small_ones_on_my_left_leg_is_the_left_leg(chat):
    tick_varicose(chat)
    chat.say("a few small ones on my left leg")
    assert "right leg" in chat.text.lower() and "▶ Right leg only" in chat.labels


def test_do_the_other_leg_takes_the_clear_leg_through_the_routine(chat, knowledge):
    tick_varicose(chat)
    chat.press("Left leg")
    assert "Let us not do this routine now" not in chat.text
    chat.say("do the other leg")
    assert "how much does your knee hurt" in chat.text
    chat.press("Skip")
    seen = steps_done(chat)
    assert seen and all("right leg" in line for line in seen)
    assert not any("Switch legs" in line for line in seen) and not any("other side" in line for line in seen)
    assert "All steps done" in chat.text
    chat.press("3")
    assert "Well done" in chat.text


def test_varicose_veins_on_both_legs_stop_the_calf_massage(chat):
    tick_varicose(chat)
    chat.press("Both legs")
    assert "Let us not do this routine now" in chat.text and "Right leg only" not in " ".join(chat.labels)


def test_varicose_veins_told_on_one_leg_offer_the_other_leg(chat):
    chat.say("I have varicose veins on my right leg")
    open_check(chat, "start the calf massage")
    assert "You told me you have varicose veins (right leg)" in chat.text
    assert "▶ Left leg only" in chat.labels
    chat.press("▶ Left leg only")
    assert CHECK in chat.text, "the rest of the check still comes"
    chat.press("✓ None of these")
    chat.press("Skip")
    assert "left leg" in chat.text


def test_the_leg_answer_is_kept_for_the_day(chat):
    tick_varicose(chat)
    chat.press("Left leg")
    chat.press("▶ Right leg only")
    chat.command("stop")
    open_check(chat, "start the calf massage")
    assert "varicose" in chat.text.lower() and "▶ Right leg only" in chat.labels


# --- what people rely on still holds ----------------------------------------------------------------


def test_a_red_flag_still_comes_before_a_routine(chat):
    chat.say("my calf is swollen and hot since my flight")
    chat.say("start the calf massage")
    assert "Earlier you mentioned" in chat.text
    assert CHECK not in chat.text and "▶ Start" not in chat.labels


def test_a_routine_can_still_be_walked_through_after_the_check(chat, knowledge):
    open_check(chat, "start the steam towel warm up")
    clear_safety_check(chat)
    chat.press("5")
    assert "Step 1 of" in chat.text
