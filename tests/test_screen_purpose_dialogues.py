"""Asking what a screen is for ("what's that for?", "why do you need to know?") at the safety
check or the pain rating gets what it is for, with the screen again, rather than a point card
picked from the routine."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, clear_safety_check


def test_what_the_check_is_for(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("what's that for?")
    assert chat.last.meta.kind != "point", chat.text
    assert "safe" in chat.text and SAFETY_CHECK in chat.text, chat.text
    chat.say("none")
    assert "how much does your knee hurt" in chat.text


def test_what_the_rating_is_for(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.say("why do you need to know that?")
    assert chat.last.meta.kind != "point", chat.text
    assert "diary" in chat.text and "how much does your knee hurt" in chat.text, chat.text
    chat.say("4")
    assert "Step 1 of" in chat.text
