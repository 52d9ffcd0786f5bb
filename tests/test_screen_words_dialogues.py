"""Short replies at a screen said with a word of their own around them: "nah, not this one" on a
step leaves it out; "nope, not me" at the safety check is a "none"."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step


def test_not_this_one_on_a_step_skips_it(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)
    chat.say("nah, not this one")
    assert "Step 3 of" in chat.text, chat.text


def test_giving_a_step_a_miss_skips_it(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)
    chat.say("I'll give this one a miss")
    assert "Step 3 of" in chat.text, chat.text


def test_not_me_at_the_check_is_none(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text
    chat.say("nope, not me")
    assert "how much does your knee hurt" in chat.text, chat.text


def test_not_her_at_their_check_is_none(chat: Conversation) -> None:
    chat.say("the partner lift technique for my mum")
    chat.press("▶ Start")
    chat.say("no, not her")
    assert "how much does their knee hurt" in chat.text, chat.text
