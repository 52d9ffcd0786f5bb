"""A question about "the plan" after telling something, when no daily plan was given lately,
gets the plan for a condition told, else the plans to choose from, fitted to what was told;
never "I don't know that one"."""

from __future__ import annotations

from helpers import Conversation


def test_the_plan_asked_of_after_a_pregnancy_with_none_given_offers_the_plans_fitted_to_it(
    chat: Conversation,
) -> None:
    chat.say("I'm expecting, about 30 weeks along now")
    chat.say("so is my daily plan still fine?")
    assert "Sorry, I don't know" not in chat.text
    assert chat.last.meta.kind == "clarify"
    assert "haven't given you a daily plan" in chat.text
    chat.press("📅 A daily plan for stiff knees")
    assert "pregnan" in chat.text.lower()


def test_the_plan_asked_of_after_telling_of_arthritis_is_the_plan_for_it(chat: Conversation) -> None:
    chat.say("I have arthritis in my right knee")
    chat.say("where is SP10?")
    chat.say("does that plan still work for me?")
    assert chat.last.meta.id == "arthritic-knees", chat.text
