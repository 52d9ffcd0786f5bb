"""After a red flag's advice, practical questions about the wait get answers that keep to the
advice: help on its way, whether to move someone, where to go, and a doctor's all-clear. Each
test reads what the person would read."""

from __future__ import annotations

FALL = "my mum slipped in the kitchen, her leg is bent the wrong way below the knee and she can't stand"
CLOT = "one calf is hot, swollen and tender after the long coach trip yesterday"


def test_help_on_its_way_gets_what_to_do_meanwhile_and_keeps_the_advice(chat):
    chat.say(FALL)
    assert chat.last.meta.kind == "safety" and chat.last.meta.severity == "emergency"
    chat.say("paramedics are on their way now. what should we do till they get here")
    assert "keep them still" in chat.text and "medicines" in chat.text
    assert "emergency" in chat.text  # the advice still stands
    assert "A doctor has checked it" in chat.labels


def test_whether_to_move_someone_gets_an_answer_not_the_warning_again(chat):
    chat.say(FALL)
    chat.say("should we try lifting her onto the sofa?")
    assert "Don't move them" in chat.text
    assert "Earlier you mentioned" not in chat.text


def test_a_question_with_a_slip_in_its_first_word_is_still_answered(chat):
    chat.say(FALL)
    chat.say("shoud we pick her up")
    assert "Don't move them" in chat.text


def test_where_to_go_gets_an_answer_by_how_soon(chat):
    chat.say(CLOT)
    assert chat.last.meta.severity == "same_day"
    chat.say("is that a GP or A&E thing")
    assert "same-day appointment" in chat.text and "get it checked today" in chat.text


def test_a_doctors_all_clear_points_to_the_button_that_opens_routines(chat):
    chat.say(CLOT)
    chat.say("saw my GP this morning and she says it's fine. ok to massage now?")
    assert "A doctor has checked it" in chat.text and "A doctor has checked it" in chat.labels
    chat.press("A doctor has checked it")
    chat.say("start the calf massage")
    assert chat.last.meta.kind == "routine"


def test_a_statement_after_a_flag_with_no_question_still_gets_the_reminder(chat):
    chat.say(CLOT)
    chat.say("start the calf massage")
    assert "Earlier you mentioned" in chat.text


def test_a_painkiller_question_meanwhile_is_not_taken_for_help_on_its_way(chat):
    chat.say("my knee has gone hot, red and puffy and I've got a temperature")
    chat.say("what can I take in the meantime, is ibuprofen alright")
    assert "Paracetamol" in chat.text and "While help comes" not in chat.text


def test_carrying_on_with_a_massage_while_help_comes_gets_a_clear_no(chat):
    chat.say(FALL)
    chat.say("can I keep doing her knee gently till the ambulance comes?")
    assert "No massage" in chat.text and "keep them still" in chat.text
