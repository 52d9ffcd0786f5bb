"""A lasting condition told as found in the past ("diagnosed with it back in 2016") is the
person's condition now: it is noted, and the daily plan asked for without saying what for is
the one for it. A past episode, a condition that used to be, or someone else's diagnosis is
not noted."""

from __future__ import annotations

import pytest

from bot.engine import Engine

from helpers import Conversation


@pytest.mark.parametrize(
    "told",
    [
        "I got diagnosed with osteoarthritis back in 2016",
        "arthritis in both knees, confirmed by my GP a couple of years ago",
        "my knee arthritis was confirmed on an x-ray last year",
    ],
)
def test_arthritis_found_in_the_past_is_noted_and_decides_the_plan(
    engine: Engine, chat: Conversation, told: str
) -> None:
    chat.say(told)
    assert "Noted: you have osteoarthritis" in chat.text
    chat.say("what daily plan would suit me?")
    assert chat.last.meta.id == "arthritic-knees", chat.text


def test_diabetes_found_years_ago_is_noted_with_what_it_changes(chat: Conversation) -> None:
    chat.say("I was told I had type 2 diabetes about ten years ago")
    assert "Noted: you have diabetes" in chat.text


@pytest.mark.parametrize(
    "told",
    [
        "I used to have arthritis in my knee as a teenager",
        "my dad was diagnosed with arthritis in 2012",
        "I twisted my knee playing football years ago",
    ],
)
def test_a_past_episode_or_someone_elses_diagnosis_is_not_noted(chat: Conversation, told: str) -> None:
    chat.say(told)
    assert "Noted:" not in chat.text
    chat.say("what daily plan would suit me?")
    assert chat.last.meta.id != "arthritic-knees"
