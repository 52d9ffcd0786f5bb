"""Replies to a screen said in other words, read by meaning (bot/matching/replies.py): none of
these messages is in knowledge/replies.yaml. A question typed at a screen is never taken for a
reply, and neither "no" nor "stop" is ever read this way."""

from __future__ import annotations

import pytest

from bot.matching.replies import FLOOR, MARGIN, NEVER_BY_MEANING, NOT_A_REPLY

from helpers import Conversation, clear_safety_check


def at_step(chat: Conversation, request: str, number: int) -> None:
    chat.say(request)
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("Skip")
    for _ in range(number - 1):
        chat.press("Next ▶")
    assert f"Step {number} of" in chat.text


def test_a_skip_in_other_words_moves_to_the_next_step(chat):
    at_step(chat, "start the qigong routine", 2)
    chat.say("rather leave this one")
    assert "Step 3 of 6" in chat.text


def test_going_back_in_other_words(chat):
    at_step(chat, "start the qigong routine", 3)
    chat.say("go back to the one before")
    assert "Step 2 of 6" in chat.text


def test_a_start_in_other_words_under_a_routines_introduction(chat):
    chat.say("start the qigong routine")
    chat.say("ok let's give it a try")
    assert "do any of these apply" in chat.text


def test_asking_for_the_details_in_other_words_opens_the_rest_of_an_answer(chat):
    chat.say("should I use heat or ice on my knee")
    assert "➕ More" in chat.labels
    chat.say("could you give me the details")
    assert "15 to 20 minutes" in chat.text and "➕ More" not in chat.labels


def test_asking_where_we_were_after_a_question_shows_the_step_again(chat):
    at_step(chat, "start the qigong routine", 3)
    chat.say("what is empty palm patting?")
    chat.say("where had we got to?")
    assert "Step 3 of 6" in chat.text


def single_question(chat: Conversation) -> None:
    """The steam-towel routine after the calf massage's check: one question left, on its own."""
    chat.say("start the calf massage")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.command("stop")
    chat.say("start the steam towel warm up")
    chat.press("▶ Start")
    assert "Safety check" in chat.text and "Yes" in chat.labels


def test_a_yes_in_other_words_at_a_safety_question(chat):
    single_question(chat)
    chat.say("afraid I do")
    assert "Let us not do this routine now" in chat.text


@pytest.mark.parametrize("denial", ["no I don't have any", "not that I've noticed", "nothing of the sort"])
def test_a_denial_in_other_words_is_never_taken_for_an_answer(chat, denial):
    single_question(chat)
    chat.say(denial)
    assert "Let us not do this routine now" not in chat.text
    assert "how much does your knee hurt" not in chat.text, "a no is only ever read from its own words"


@pytest.mark.parametrize(
    "question",
    [
        "does it matter if it hurts a bit?",
        "why is this step important",
        "what did step 2 say",
        "can I use olive oil",
        "that's enough",
    ],
)
def test_a_question_or_a_wish_to_stop_at_a_step_moves_nothing(chat, question):
    at_step(chat, "start the qigong routine", 3)
    chat.say(question)
    assert not any(f"Step {n} of 6" in chat.text and "Next ▶" in chat.labels for n in (2, 4))
    assert "Stopped" not in chat.text


def test_the_examples_cross_validate_without_a_wrong_reading(matcher):
    """Each example read with itself left out, at the shipped thresholds: none is read as
    another kind, no "not a reply" as a reply, and a fair share as its own kind."""
    meaning = matcher.replies
    right = readable = 0
    for number, (kind, text) in enumerate(zip(meaning.kinds, meaning.texts, strict=True)):
        query = matcher.embed(text)
        reading = meaning.reading(query, matcher.closest_entry(query), leave_out=number)
        assert reading is not None
        read = (
            reading.score >= FLOOR and reading.lead >= MARGIN and reading.kind not in (NOT_A_REPLY, *NEVER_BY_MEANING)
        )
        if reading.kind == "yes" and meaning.denies(text):
            read = False
        if kind != NOT_A_REPLY and kind not in NEVER_BY_MEANING:
            readable += 1
            right += read and reading.kind == kind
        assert not read or reading.kind == kind, (text, kind, reading)
    assert right >= readable // 4, (right, readable)
