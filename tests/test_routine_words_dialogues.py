"""Words typed at every screen of a routine, open or put off: "not now, maybe tonight", "start
now", "where were we", "next" never get "I don't know that one"; the place is kept."""

from __future__ import annotations

import pytest

from helpers import SAFETY_CHECK, Conversation, at_safety_check, at_step

NOT_KNOWN = ("I don't know that one", "didn't catch")
RATING = "how much does"


def _understood(chat: Conversation) -> None:
    assert not any(words in chat.text for words in NOT_KNOWN), chat.text


def test_not_now_under_the_introduction_leaves_it_ready_to_start(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.say("not now, maybe tonight")
    _understood(chat)
    assert "▶ Start" in chat.labels
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text


def test_not_now_on_a_step_keeps_the_place_for_later(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)
    chat.say("not now, I'll do it later")
    _understood(chat)
    assert "Step 2 of" in chat.text and "▶ Back to step 2" in chat.labels
    chat.say("ok carry on")
    assert "Step 2 of" in chat.text and "Twist the upper calf" in chat.text


def test_start_now_at_the_check_shows_the_check_first(chat: Conversation) -> None:
    at_safety_check(chat, "start the qigong knee massage")
    chat.say("start now")
    _understood(chat)
    assert "comes first" in chat.text and SAFETY_CHECK in chat.text


def test_next_at_the_check_shows_the_check_first(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("next")
    _understood(chat)
    assert SAFETY_CHECK in chat.text and "✓ None of these" in chat.labels


def test_start_now_at_the_pain_rating_asks_the_rating_again(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.press("✓ None of these")
    assert RATING in chat.text
    chat.say("start now")
    _understood(chat)
    assert RATING in chat.text and "Skip" in chat.labels


def test_where_were_we_under_the_introduction_starts_it(chat: Conversation) -> None:
    chat.say("start the qigong knee massage")
    chat.say("where were we")
    assert SAFETY_CHECK in chat.text


def test_not_now_at_the_check_keeps_it_and_carry_on_shows_it_again(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("not right now")
    _understood(chat)
    assert "▶ Back to the routine" in chat.labels
    chat.say("carry on")
    assert SAFETY_CHECK in chat.text


@pytest.mark.parametrize("question", ["what is this step actually for", "so wat does this step realy do"])
def test_a_question_about_the_step_on_show_is_about_that_step_not_small_talk(chat: Conversation, question: str) -> None:
    at_step(chat, "start the calf massage", 1)
    chat.say(question)
    assert "▶ Back to step 1" in chat.labels, chat.text
    assert "/reminders" not in chat.text, "not the help text"


def test_help_on_a_step_is_still_help(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)
    chat.say("help")
    assert "/reminders" in chat.text
