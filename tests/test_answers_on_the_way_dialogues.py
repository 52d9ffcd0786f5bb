"""Questions asked during a routine that name an answer outright, though the decision alone places
them nowhere: the person is at their knee care, so they get that answer with the way back to the
step; what is about something else still gets the step again."""

from __future__ import annotations

from helpers import Conversation, at_step


def test_a_question_naming_an_answer_on_a_step_gets_it_with_the_way_back(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)
    chat.say("is a foam roller any good for my IT band?")
    assert "IT band" in chat.text and "didn't catch" not in chat.text
    assert "▶ Back to step 1" in chat.labels
    chat.press("▶ Back to step 1")
    assert "Step 1 of 7" in chat.text


def test_a_question_about_something_else_on_a_step_gets_the_step_again(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)
    chat.say("what's the weather doing this afternoon?")
    assert "Step 1 of 7" in chat.text and "IT band" not in chat.text
