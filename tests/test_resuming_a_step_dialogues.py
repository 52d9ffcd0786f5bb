"""Coming back to a routine's step: "carry on" after a pause (a while away, a message about
something else, "sorry, I'm back") shows the step one was on again; "carry on" right after the
step was shown moves on, as "next" does. Each test reads what the person reads."""

from __future__ import annotations

import pytest

from helpers import Conversation, at_step

CALF = "start the calf massage"


def test_carry_on_long_after_the_step_was_shown_shows_it_again(chat: Conversation, clock) -> None:
    at_step(chat, CALF, 2)
    clock.advance(15 * 60)
    chat.say("carry on")
    assert "Step 2 of 7" in chat.text and "Twist the upper calf" in chat.text


@pytest.mark.parametrize(
    "back",
    [
        "ok, I'm back now, carry on",
        "sorry for the wait. let's carry on",
        "the kettle boiled over, what a mess. carry on",
        "right, where was I, keep going",
    ],
)
def test_carry_on_said_with_a_pause_shows_the_step_again(chat: Conversation, back: str) -> None:
    at_step(chat, CALF, 2)
    chat.say(back)
    assert "Step 2 of 7" in chat.text, chat.text


def test_carry_on_after_a_message_the_step_did_not_read_shows_it_again(chat: Conversation) -> None:
    at_step(chat, CALF, 3)
    chat.say("my tea has gone cold already")
    assert "Step 3 of 7" in chat.text
    chat.say("ok carry on")
    assert "Step 3 of 7" in chat.text and "Step 4 of 7" not in chat.text
    chat.say("carry on")
    assert "Step 4 of 7" in chat.text, "then it moves on, as the step has just been shown"


def test_carry_on_right_after_a_step_is_shown_moves_on(chat: Conversation, clock) -> None:
    at_step(chat, CALF, 2)
    clock.advance(60)
    chat.say("carry on")
    assert "Step 3 of 7" in chat.text
