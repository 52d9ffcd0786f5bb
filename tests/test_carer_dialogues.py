"""Carers: someone massaging another person's knee (a partner routine, "my wife", "my dad").
The safety check is about the person massaged, the steps adapt to them, their ratings are
theirs, and /mydata keeps "about you" apart from "about the person you help"."""

from __future__ import annotations

import pytest

from helpers import SAFETY_CHECK, Conversation, clear_safety_check

PARTNER_LABELS = {"▶ Lift technique", "▶ Friction technique", "▶ Quad compression"}


def through_the_steps(chat: Conversation) -> list[str]:
    seen = []
    while "Step" in chat.text and "All steps done" not in chat.text:
        seen.append(chat.text)
        chat.press("✓ Done, one side only" if "✓ Done, one side only" in chat.labels else "Next ▶")
    return seen


@pytest.mark.parametrize(
    "message",
    ["is there a routine i can do on her knee", "any massage I could do for my dad's knees?"],
)
def test_a_routine_for_someone_elses_knee_offers_the_partner_routines(chat, knowledge, message):
    chat.say(message)
    partner = {routine.id for routine in knowledge.routines if routine.mode == "partner"}
    offered = {label for label in chat.labels if label in PARTNER_LABELS}
    assert chat.last.meta.id in partner and len(offered) == len(PARTNER_LABELS) - 1, chat.labels
    assert "▶ Calf massage" not in chat.labels


@pytest.mark.parametrize(
    "message",
    [
        "my husband is away this week, so is there a routine I can do on my own knees?",
        "my physio friend said to rub some oil on my sore knee, is there a point I can press on my own?",
    ],
)
def test_asking_for_oneself_while_naming_someone_else_is_not_a_partner_routine(chat, knowledge, message):
    chat.say(message)
    partner = {routine.id for routine in knowledge.routines if routine.mode == "partner"}
    assert chat.last.meta.id not in partner, chat.text
    assert "person you're massaging" not in chat.text


def test_i_want_to_massage_my_wifes_knee_finds_a_partner_routine(chat, knowledge):
    chat.say("i want to massage my wifes knee")
    shown = set(chat.labels)
    partner = {routine.id for routine in knowledge.routines if routine.mode == "partner"}
    assert chat.last.meta.id in partner or shown >= PARTNER_LABELS
    assert chat.last.meta.id != "what-is-knee-massage"


def test_the_partner_check_is_about_them_with_pregnancy_blood_thinners_and_an_operation(chat):
    chat.say("start the lift technique")
    chat.press("▶ Start")
    text = chat.text
    assert "apply to the person you're massaging" in text
    for about in ("pregnan", "blood thinners", "operation"):
        assert about in text.lower(), about


def test_a_pregnant_wife_gets_steps_that_suit_pregnancy(chat):
    chat.say("My wife is 7 months pregnant and her knee aches, can I massage it for her?")
    assert chat.last.meta.id == "pregnancy"
    chat.say("is there a routine i can do on her knee")
    assert chat.last.meta.id == "partner-lift"
    chat.press("▶ Start")
    assert "pregnant (yes)" in chat.text  # told in the first message: not asked again
    chat.press("✓ None of these")
    assert "how much does their knee hurt" in chat.text
    chat.press("6")
    position = chat.text
    assert "For them:" in position and "flat on their back" in position
    chat.press("Next ▶")
    oil = chat.text
    assert "For them:" in oil and "essential oil" in oil.lower()


def test_their_pain_ratings_are_theirs_not_the_carers(chat):
    chat.say("start the friction technique")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("6")
    through_the_steps(chat)
    assert "how much does their knee hurt" in chat.text
    chat.press("3")
    assert "their pain 6 → 3" in chat.text
    chat.command("progress")
    assert chat.last.replies[0].file is None, "nothing of the carer's own to chart"
    assert "the person you help" in chat.text and "6 → 3" in chat.text


def test_mydata_keeps_about_you_apart_from_about_the_person_you_help(chat):
    chat.say("I take warfarin")
    chat.say("start the lift technique")
    chat.press("▶ Start")
    chat.press("One or more")
    chat.press(lambda label: "Pregnant" in label)
    chat.press("✓ Done")
    chat.command("mydata")
    text = chat.text
    assert "About you" in text and "About the person you help" in text
    mine, theirs = text.split("About the person you help")
    assert "blood thinners" in mine and "pregnan" not in mine.lower()
    assert "pregnan" in theirs.lower()


def test_the_carers_own_answers_are_not_used_for_the_person_they_help(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    chat.command("stop")
    chat.say("start the quad compression")
    chat.press("▶ Start")
    assert "Using your answers from earlier today" not in chat.text
    assert "apply to the person you're massaging" in chat.text


def test_the_carers_own_pregnancy_does_not_shape_the_partner_routine(chat):
    chat.say("I'm 20 weeks pregnant")
    chat.say("start the lift technique")
    assert "For you:" not in chat.text
    chat.press("▶ Start")
    assert "You told me you're pregnant" not in chat.text
    clear_safety_check(chat)
    chat.press("Skip")
    assert "For them:" not in chat.text


def test_my_wife_is_pregnant_is_not_a_fact_about_the_carer(chat, engine):
    chat.say("my wife is pregnant")
    chat.say("where is BL60")
    assert "For you:" not in chat.text


def test_a_carer_asking_about_someone_with_a_condition_gets_the_advice_and_the_partner_routines(chat):
    chat.say("my girlfriend is six months pregnant and her knees ache at night, anything I could do on her?")
    assert chat.last.meta.id == "pregnancy"  # the condition's advice first
    assert {f"Or: {label}" for label in PARTNER_LABELS} & set(chat.labels)
    chat.say("great, let's give it a go")
    assert "apply to the person you're massaging" in chat.text
    chat.command("mydata")
    assert "you're pregnant" not in chat.text  # about her, never the carer


def test_conditions_said_as_the_only_ones_answer_the_rest_of_the_partner_check(chat):
    chat.say("is there a routine i can do on my husband's knee")
    chat.press("▶ Start")
    chat.say("the blood thinners, that's all")
    assert "apply to the person you're massaging" not in chat.text
    assert "bruise" in chat.text  # the blood thinners' caution, for the person massaged


def test_an_unsure_request_for_someone_else_still_offers_a_partner_routine(chat, knowledge):
    chat.say("my nan is 90 with arthritis in her knees, could I rub them for her?")
    partner = {routine.id for routine in knowledge.routines if routine.mode == "partner"}
    assert chat.last.meta.id in partner
    assert "Did you mean" not in chat.text


def test_only_about_a_leg_or_a_dose_does_not_answer_the_rest_of_the_check(chat):
    chat.say("is there a routine i can do on my husband's knee")
    chat.press("▶ Start")
    chat.say("he's on warfarin, only a small dose")
    assert "apply to the person you're massaging" in chat.text  # the other lines are still asked


def test_a_carer_saying_the_person_is_fine_answers_the_check_and_moves_on(chat):
    chat.say("the friction technique for my husband's knee")
    chat.say("he's fine, no problems. go on")
    assert "how much does" in chat.text.lower() and "hurt" in chat.text
    assert SAFETY_CHECK not in chat.text
