"""Pain said on a routine's step ("ouch, too sore for that one", "it hurts when I press there")
is about that step: go lighter or leave it out, and stop if it gets worse, with the step's way on
(skip it, stop, or back to it). It used to get an answer picked for its words (kneeling) or "I
don't know that one"."""

from __future__ import annotations

from helpers import Conversation, at_step


def test_too_sore_for_a_step_offers_to_leave_it_out(chat: Conversation) -> None:
    at_step(chat, "start the qigong routine", 2)
    chat.say("ouch, too sore for that one")
    assert "lighter" in chat.text and "leave" in chat.text, chat.text
    assert "Skip this step" in chat.labels and "▶ Back to step 2" in chat.labels, chat.labels
    chat.press("Skip this step")
    assert "Step 3 of" in chat.text, chat.text


def test_it_hurting_while_pressing_is_about_the_step(chat: Conversation) -> None:
    at_step(chat, "start the qigong routine", 1)
    chat.say("it hurts when I press there")
    assert "lighter" in chat.text, chat.text
    assert chat.last.meta.id != "kneeling"
    chat.press("▶ Back to step 1")
    assert "Step 1 of" in chat.text


def test_a_sore_knee_told_with_no_routine_under_way_is_read_on_its_own(chat: Conversation) -> None:
    chat.say("my knee is too sore to kneel")
    assert "Skip this step" not in chat.labels
