"""Questions about privacy, read by meaning at privacy's own bar (above every short labelled
question that asks for something else), get the plain answer: what is kept, who reads it,
/mydata and /forget. Asking whether something of one's own is remembered when nothing about it
is kept (after /forget) says so plainly; asking about a condition in general notes nothing."""

from __future__ import annotations

import pytest

PRIVACY = "privacy"


@pytest.mark.parametrize(
    "question",
    [
        "are you keeping my health stuff secure?",
        "can other people read what I send you?",
        "who's able to see this chat?",
    ],
)
def test_privacy_questions_get_the_plain_answer(chat, question):
    chat.say(question)
    assert chat.last.meta.id == PRIVACY, chat.last.meta
    assert "/mydata" in chat.text and "/forget" in chat.text and "Nobody reads them" in chat.text


def test_a_knee_question_about_safety_is_not_privacy(chat):
    chat.say("is it safe to press points on a swollen knee?")
    assert chat.last.meta.id != PRIVACY


def test_after_erasing_a_fact_asked_about_is_not_kept(chat):
    chat.say("I've got varicose veins on my right leg")
    chat.command("forget")
    chat.press("Yes, erase everything")
    chat.say("do you still remember my veins?")
    assert chat.last.meta.id == "remembered"
    assert "don't keep anything about that now" in chat.text and "/forget" in chat.text
    chat.command("mydata")
    assert "varicose" not in chat.text.lower()


def test_a_fact_asked_about_that_is_kept_is_said(chat):
    chat.say("I'm on warfarin")
    chat.say("do you remember my warfarin?")
    assert chat.last.meta.id == "remembered" and "blood thinners" in chat.text


def test_asking_about_a_condition_in_general_notes_nothing(chat):
    chat.say("do you know about varicose veins?")
    assert "Noted" not in chat.text
    chat.command("mydata")
    assert "you have varicose veins" not in chat.text.lower()
