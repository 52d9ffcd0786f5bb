"""Conversations that hold: a screen that asks for an answer keeps asking when it gets none
(thanks or a polite word at a pain rating), and the place is kept for the answer that follows.
Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation

RATING = "how much does your knee hurt"


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- thanks or a polite word where a rating is asked ---------------------------------------------


def test_thanks_at_the_rating_before_asks_for_the_number_again(engine, chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    assert RATING in chat.text

    chat.say("cheers, great stuff")

    assert "number" in chat.text and RATING in chat.text, chat.text
    assert "Let me know if you want" not in chat.text
    chat.say("3")
    assert "Step 1 of" in chat.text, chat.text
    assert ratings(engine) == [("before", 3)]


def test_a_word_of_approval_at_their_rating_asks_for_their_number(chat: Conversation) -> None:
    chat.say("start the friction technique")
    chat.press("▶ Start")
    chat.press("✓ None of these")

    chat.say("good")

    assert "their knee" in chat.text and "number" in chat.text, chat.text
    assert any(label == "Skip" for label in chat.labels)


def test_thanks_at_the_check_shows_the_check_again(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("lovely, thank you")

    assert SAFETY_CHECK in chat.text, chat.text
    chat.say("none")
    assert RATING in chat.text, chat.text
