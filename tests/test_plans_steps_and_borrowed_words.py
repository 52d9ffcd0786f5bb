"""Kinds of request the decision learns from labelled examples rather than rules: a daily plan
asked for through an image of stiff knees or through the person it is for, a routine found by
what one of its steps does and a point through the step that presses it, what a routine is
against doing it, foods to cut named in a list, and everyday messages that borrow the knee's
words (a meridian on a map, qigong for sleep, a point's English name as a band's)."""

from __future__ import annotations

import pytest

from bot.engine.replies import record


def ask(chat, text):
    return record(chat.say(text))


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        # stiffness told as an image, with a wish for something every day
        ("i feel as stiff as a statue when i get up in the morning, a daily thing for my knees", "stiff-knees"),
        (
            "my knees are as stiff as an old fence post when i wake, whats something to do every day to loosen them",
            "stiff-knees",
        ),
        # an older relative's knees worn with age are the arthritic knees' plan, not the stiff ones'
        ("my elderly father has old worn knees, whats his daily routine", "arthritic-knees"),
    ],
)
def test_a_daily_plan_asked_through_an_image_or_for_an_old_relative_is_that_plan(chat, text, plan):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("plan", plan), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "how do they measure the meridian at greenwich",
        "qigong exercises to help me sleep",
        "my cousin plays drums in a band called sea of blood",
    ],
)
def test_the_knees_words_used_for_something_else_get_no_knee_content(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (reply["kind"], reply["id"], reply["why"])


def test_asking_what_a_routine_is_gets_the_answer_about_it_and_asking_to_do_it_the_routine(chat):
    assert ask(chat, "whats qigong knee massage about")["id"] == "qigong-massage"
    assert ask(chat, "start the qigong knee massage please")["id"] == "qigong-knee"


@pytest.mark.parametrize(
    ("text", "routine"),
    [
        ("the one where you wring your calf with both hands", "calf-massage"),
        ("the massage where i rub my thumbs along the edges of my husbands kneecap", "partner-friction"),
    ],
)
def test_a_routine_described_by_one_of_its_steps_is_that_routine(chat, text, routine):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("routine", routine), reply["why"]


def test_a_point_asked_about_through_the_step_that_presses_it_is_the_point(chat):
    reply = ask(chat, "where is the point in the hollow behind the ankle that the calf routine rubs around")
    assert (reply["kind"], reply["id"]) == ("point", "BL60"), reply["why"]


def test_foods_to_cut_named_in_a_list_get_the_answer_about_cutting_them_out(chat):
    reply = ask(chat, "if i drop dairy, wheat and sweets, will my knees feel better")
    assert reply["id"] == "elimination-diet", reply["why"]
