"""What is said as over, or only supposed, is not taken as the present: an operation years ago
named at the safety check is left off it, saying why (the check asks about the last 3 months),
one that may be just within it is not, and "what if I were pregnant?" is a question, not a fact
to note or a line to tick."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation


def test_an_operation_years_ago_at_the_check_is_left_off_it_with_why(chat: Conversation) -> None:
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text

    chat.say("my left knee was replaced about 9 years back, the others don't apply")

    assert "Let us not do this routine now" not in chat.text, chat.text
    assert "longer ago than the check asks" in chat.text, chat.text
    assert "how much does your knee hurt" in chat.text, chat.text


def test_an_operation_about_as_long_ago_as_the_check_asks_is_not_left_off(chat: Conversation) -> None:
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    chat.say("my knee was replaced about 3 months ago, the others don't apply")
    assert "longer ago than the check asks" not in chat.text, chat.text
    assert "Let us not do this routine now" in chat.text, chat.text


def test_a_line_ticked_by_its_number_with_a_time_long_gone_is_left_off(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("number 4, but that was back in 2012")
    assert "Let us not do this routine now" not in chat.text, chat.text
    assert "longer ago than the check asks" in chat.text and SAFETY_CHECK in chat.text, chat.text
    assert "An operation on the leg" not in chat.text.split(SAFETY_CHECK)[-1], chat.text


def test_a_carers_word_that_the_operation_was_long_ago_leaves_it_off_their_check(chat: Conversation) -> None:
    chat.say("is there a massage I could do on my grandad's knees")
    chat.press("▶ Start")
    chat.say("4 - he had his new knee put in ages ago though")
    assert "Let us not do this routine now" not in chat.text, chat.text
    assert "longer ago than the check asks" in chat.text and SAFETY_CHECK in chat.text, chat.text


def test_an_injury_long_ago_told_alone_leaves_the_rest_of_the_check_open(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("I fractured that leg a good twenty years ago")
    assert "Let us not do this routine now" not in chat.text, chat.text
    assert "Injury or broken bone" in chat.text and SAFETY_CHECK in chat.text, chat.text
    assert "Pregnancy" in chat.text.split(SAFETY_CHECK)[-1], chat.text


def test_an_operation_a_few_weeks_ago_told_with_its_number_still_stops(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("4, about three weeks ago")
    assert "Let us not do this routine now" in chat.text, chat.text


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
