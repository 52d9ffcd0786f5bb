"""What is said as over, or only supposed, is not taken as the present: an operation years ago
named at the safety check leaves that line to be asked (the check asks about the last 3 months),
and "what if I were pregnant?" is a question, not a fact to note or a line to tick."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation


def test_an_operation_years_ago_at_the_check_asks_that_line_instead_of_stopping(chat: Conversation) -> None:
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text

    chat.say("my left knee was replaced about 9 years back, the others don't apply")

    assert "Let us not do this routine now" not in chat.text, chat.text
    assert "last 3 months" in chat.text and "Pregnancy" not in chat.text, chat.text
    chat.say("no")
    assert "how much does your knee hurt" in chat.text, chat.text


def test_an_operation_last_month_at_the_check_still_stops_the_routine(chat: Conversation) -> None:
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    chat.say("my left knee was replaced last month, the others don't apply")
    assert "Let us not do this routine now" in chat.text, chat.text


def test_a_medicine_taken_since_a_year_long_past_is_still_ticked(chat: Conversation) -> None:
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    chat.say("been on rivaroxaban since 2016, the others don't apply")
    assert "bruise" in chat.text.lower(), chat.text


def test_a_supposition_under_a_routine_is_answered_and_not_noted(chat: Conversation) -> None:
    chat.say("tell me about the calf massage")
    chat.say("what would change if I were pregnant?")

    assert "Noted" not in chat.text and "midwife" in chat.text, chat.text
    mine = chat.command("mydata").replies[0].text
    assert "pregnant" not in mine.lower(), mine


def test_a_pregnancy_said_as_a_fact_is_still_noted(chat: Conversation) -> None:
    chat.say("I'm 12 weeks pregnant, by the way")
    assert "Noted: you're pregnant" in chat.text, chat.text


def test_a_question_after_the_answer_on_a_condition_does_not_note_it(chat: Conversation) -> None:
    chat.say("is acupressure ok during pregnancy")
    assert chat.last.meta.id == "pregnancy"
    chat.say("how long should i keep it up each day")
    assert "Noted" not in chat.text, chat.text
