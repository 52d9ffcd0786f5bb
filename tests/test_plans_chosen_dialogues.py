"""A daily plan asked for without saying what for, or for what, gets the plans to choose from
(not the likeliest straight away), unless a condition told decides it; one of them pointed at
next by a word of its own ("the sitting one") is that plan, whatever the words alone read."""

from __future__ import annotations

PLANS = {"stiff-knees", "arthritic-knees", "sitting-all-day"}


def test_a_plan_asked_for_in_general_offers_the_plans(chat):
    chat.say("could you give me a daily plan please")
    assert chat.last.meta.kind == "clarify"
    assert {candidate.id for candidate in chat.last.meta.candidates} == PLANS


def test_a_plan_pointed_at_by_its_own_word(chat):
    chat.say("I'd like a daily plan")
    chat.say("the one for sitting")
    assert chat.last.meta.id == "sitting-all-day", chat.last.meta
    chat.say("how long does that take a day?")
    assert chat.last.meta.id == "sitting-all-day"


def test_a_plan_asked_for_a_condition_is_that_plan(chat):
    chat.say("give me a daily plan for stiff knees")
    assert chat.last.meta.kind == "plan" and chat.last.meta.id == "stiff-knees"


def test_a_plan_asked_in_general_after_telling_osteoarthritis_is_its_plan(chat):
    chat.say("I have osteoarthritis in both knees")
    chat.say("give me a daily plan")
    assert chat.last.meta.kind == "plan" and chat.last.meta.id == "arthritic-knees"


def test_the_plan_asked_about_after_telling_a_condition_is_fitted_to_it(chat):
    chat.say("what should I be doing daily for knees that are stiff")
    assert chat.last.meta.id == "stiff-knees"
    chat.say("I'm expecting, 24 weeks")
    chat.say("so is my plan still alright?")
    assert chat.last.meta.kind == "plan" and chat.last.meta.id == "stiff-knees", chat.last.meta
    assert "For you" in chat.text and "pregnancy" in chat.text.lower()
