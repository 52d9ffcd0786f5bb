"""A crisis said in one sentence of a message that asks for something else, a relative's crisis in
broken English, someone else's emergency told through what they ask, night pain after a cancer
long ago, and ordinary questions that share words with red flags.

* "I won't be a worry to anyone for long, I've seen to it. Which point helps a stiff knee?" is a
  crisis in its first sentence; read whole, the request dilutes it. The crisis reader also reads
  the most crisis-like sentence of a message of two or more on its own (chosen by its letters, at
  no cost for an ordinary message), and the higher chance counts. Not being around because of a
  move or a holiday is no crisis.
* A parent who says she wants to die and has stopped eating, told in English that drops its
  "to", is a crisis.
* "My wife's waters have gone at 33 weeks, she's asking if she can still have her massage" is her
  red flag now, however casually it is asked; the same question with nothing wrong is not.
* A deep ache at night now, every night, in someone treated for cancer long ago is for a doctor.
* "How many lines of latitude are there?" and "what happens when your face droops?" are questions,
  not emergencies.
"""

from __future__ import annotations

import pytest

from helpers import assert_crisis_support, assert_no_warning, routine_buttons, said


@pytest.mark.parametrize(
    "text",
    [
        "I won't be a worry to anyone for long, I've seen to it. Which point helps a stiff knee?",
        "Which routine is best for the evenings? I won't be hanging about to bother my family much longer.",
        "My kids won't have me to worry about much longer, I've seen to that. Is the calf massage ok for my veins?",
        "Not much longer now and I'll be out of everyone's hair for good. Can you set my reminder for 7am?",
    ],
)
def test_a_veiled_crisis_beside_a_request_gets_crisis_support(engine, knowledge, text):
    routines = routine_buttons(knowledge)
    assert_crisis_support(said(engine, text, 2000), routines)


@pytest.mark.parametrize(
    "text",
    [
        "how many lines of latitude are there on a map?",
        "what happens when your face droops suddenly?",
    ],
)
def test_ordinary_messages_with_a_crisis_or_a_flags_words_get_no_warning(engine, text):
    assert_no_warning(said(engine, text, 2001))


def test_a_parents_crisis_told_in_broken_english_gets_crisis_support(engine, knowledge):
    routines = routine_buttons(knowledge)
    reply = said(engine, "my mother tell me she want die, she not eating two days, what I must do", 2002)
    assert_crisis_support(reply, routines)


def test_someone_elses_emergency_told_through_their_question_is_theirs(engine):
    text = "my wife's waters went an hour ago, she's 33 weeks, she's asking if she can still get her legs massaged lol"
    reply = said(engine, text, 2003)
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency"), reply["why"]


def test_the_same_question_with_nothing_wrong_is_answered(engine):
    reply = said(
        engine, "my wife is 33 weeks and feeling great, she's asking if she can still get her legs massaged", 2004
    )
    assert reply["severity"] is None, reply["why"]


def test_night_pain_now_after_a_cancer_long_ago_is_for_a_doctor(engine):
    text = "my uncle had cancer treatment a long time ago and lately his knee hurts all night, every night"
    reply = said(engine, text, 2007)
    assert (reply["id"], reply["severity"]) == ("night-pain-weight-loss", "see_doctor"), reply["why"]
