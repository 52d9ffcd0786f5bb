"""Conversations that hold: a screen that asks for an answer keeps asking when it gets none
(thanks or a polite word at a pain rating), and the place is kept for the answer that follows.
Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step

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


# --- on a step: what it is for, a question in its own words, heat said to be too much ------------


def test_what_is_this_for_on_a_step_explains_that_step(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 3)

    chat.say("wait, what are these for")

    assert "Step 3 of 7" in chat.text and "Twist the lower calf" in chat.text, chat.text
    assert "Shall we stop" not in chat.text
    assert any(label.startswith("▶ Back to step 3") for label in chat.labels), chat.labels


def test_a_question_about_the_warm_up_in_its_own_words_shows_that_step_not_another_routine(
    chat: Conversation,
) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("how warm does the water need to be?")

    assert "Step 1 of 7" in chat.text and "not boiling" in chat.text, chat.text
    assert "▶ Start" not in chat.labels  # not the steam-towel routine's introduction
    chat.say("and do I wring the towel out?")
    assert "Step 1 of 7" in chat.text, chat.text
    assert "didn't catch" not in chat.text


def test_heat_said_to_be_too_much_on_the_warm_up_gets_let_it_cool_and_test_again(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("ooh that flannel feels way too hot against my skin")

    assert "cool" in chat.text and "wrist" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 1") for label in chat.labels), chat.labels
    assert "Skip this step" in chat.labels


def test_heat_said_to_be_too_much_after_a_question_on_the_step_still_gets_the_tip(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)
    chat.say("how long do I leave the towel on?")

    chat.say("it's scalding my leg a bit")

    assert "cool" in chat.text and "wrist" in chat.text, chat.text


def test_heat_said_not_to_be_too_much_is_no_warning(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("it's not too hot")

    assert "let it cool" not in chat.text, chat.text


def test_swelling_told_on_the_warm_up_still_gets_the_clot_warning(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("hmm my calf has gone all puffy and swollen")

    assert chat.last.meta.id == "blood-clot", chat.last.meta.why


# --- a routine asked for again ------------------------------------------------------------------


def _finish_qigong(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("none")
    chat.press("Skip")
    while "Step" in chat.text:
        chat.press("Next ▶")
    assert RATING in chat.text.lower()
    chat.say("3")
    assert "Well done" in chat.text, chat.text


def test_asking_to_go_through_the_routine_once_more_right_after_it_starts_it_again(chat: Conversation) -> None:
    _finish_qigong(chat)

    chat.say("can we do it again")

    assert "earlier today" in chat.text and RATING in chat.text.lower(), chat.text
    chat.say("2")
    assert "Qigong knee self-massage · Step 1 of" in chat.text, chat.text


def test_asking_for_the_routine_done_earlier_again_after_other_questions_starts_that_routine(
    chat: Conversation,
) -> None:
    _finish_qigong(chat)
    chat.say("where is st36")
    chat.say("what helps knees that click")

    chat.say("ok, let's do that one again")

    assert "earlier today" in chat.text and RATING in chat.text.lower(), chat.text
    chat.say("2")
    assert "Qigong knee self-massage · Step 1 of" in chat.text, chat.text


def test_again_with_no_routine_done_is_not_a_routine(chat: Conversation) -> None:
    chat.say("let's do that one again")
    assert "Step" not in chat.text and "earlier today" not in chat.text, chat.text
