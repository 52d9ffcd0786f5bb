"""Thanks and sign-offs as people type them: a short friendly reply, never "I don't know that
one", and never a reply to a screen (a "one" in "nice one" is no pain rating)."""

from __future__ import annotations

import pytest

from helpers import at_safety_check

THANKS = ["brilliant, cheers pal", "thanks a million x", "ok ty for the help", "that helps, nice one", "cheers doc 👍"]


@pytest.mark.parametrize("thanks", THANKS)
def test_thanks_after_an_answer_gets_a_short_friendly_reply(chat, thanks):
    chat.say("where is SP10")
    chat.say(thanks)
    assert (chat.last.meta.kind, chat.last.meta.id) in {("smalltalk", "acknowledge"), ("smalltalk", "thanks")}
    assert "don't know that one" not in chat.text and "SP10" not in chat.text


def test_nice_one_at_the_rating_screen_is_not_a_rating(engine, chat):
    at_safety_check(chat, "start the qigong routine")
    chat.press("✓ None of these")
    chat.say("nice one")
    assert engine.practice.store.ratings(1) == []
    assert "Step 1" not in chat.text


def test_thanks_with_a_worry_in_it_is_not_waved_off(chat):
    chat.say("thanks, but my calf is swollen and hot since the flight")
    assert chat.last.meta.kind == "safety"
