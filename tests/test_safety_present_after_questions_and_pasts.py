"""What is happening now leads, whatever came before it; what is asked is answered.

- A kneecap out of place now, told in the turn after an ordinary question about kneecaps and
  massage ("mine's just done it, it's stuck on the outside"), is the emergency, not a locked knee
  or a reply about the question.
- A statement in the present tense ("I can't see a way out", "my calf is swollen") is the
  person's present though a time word of the past opened the sentence ("last year I tried ...
  and I can't see a way out"): the time word is the first clause's. A history told as over
  ("years ago ... but I'm well now") is still no crisis.
- An overdose needs a medicine: a whole packet of crisps or a box of chocolates is none, a whole
  packet of ibuprofen is one.
- A way of dying asked about lightly ("would it hurt to jump off the 11th floor lol") is a crisis
  statement; a jump asked about for the knee is not. Where a point lies beside a bone head is a
  question about the point, not a deformity.
"""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import Conversation, assert_crisis_support, assert_no_warning, routine_buttons, said


def test_a_kneecap_out_now_after_a_question_about_kneecaps_is_the_emergency(engine):
    chat = Conversation(engine, user_id=2201)
    chat.say("can massage ease a kneecap back?")
    reply = dict(record(chat.say("mine's just done it, it's stuck on the outside of my knee and won't go back")))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "deformity", "emergency"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "last year I tried to end it all and I can't see a way out",
        "a few years back I took an overdose and I want it to stop for good",
    ],
)
def test_a_crisis_in_the_present_tense_after_a_past_opener_gets_crisis_support(engine, knowledge, text):
    assert_crisis_support(said(engine, text, 2202), routine_buttons(knowledge))


def test_thoughts_long_over_beside_a_knee_question_get_no_crisis_reply(engine):
    text = "years ago I had suicidal thoughts but I'm well now, which point helps a stiff knee?"
    assert_no_warning(said(engine, text))


def test_an_infected_replaced_knee_told_after_when_it_was_done_is_the_emergency(engine):
    text = "had my knee replaced last year, the scar is red and weeping, the knee is hot and I'm shaking with chills"
    reply = said(engine, text)
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "septic-joint", "emergency"), reply["why"]


def test_a_swollen_hot_calf_now_after_a_clot_years_ago_is_a_clot_warning(engine):
    reply = said(engine, "I had a clot in my leg years ago and my calf is swollen and hot")
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "blood-clot", "same_day"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "I ate a whole packet of crisps last night, could salt make my knees puffy?",
        "finished a whole box of chocolates, does sugar make knee pain worse?",
    ],
)
def test_a_whole_packet_of_food_is_no_overdose(engine, text):
    assert_no_warning(said(engine, text))


def test_a_whole_packet_of_a_painkiller_is_an_overdose(engine):
    reply = said(engine, "I took a whole packet of ibuprofen this afternoon for my knee")
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "overdose", "emergency"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "would it hurt to jump off the 11th floor lol",
        "wud it b quick if i jumped off the car park roof haha",
    ],
)
def test_a_way_of_dying_asked_about_lightly_gets_crisis_support(engine, knowledge, text):
    assert_crisis_support(said(engine, text, 2203), routine_buttons(knowledge))


def test_a_jump_asked_about_for_the_knee_gets_no_warning(engine):
    assert_no_warning(said(engine, "is jumping off a small wall bad for my knees lol"))


def test_where_a_point_lies_by_a_bone_head_is_asked_not_a_deformity(engine):
    reply = said(engine, "wheres the pont below the round bone head at the side of my knee, outer side")
    assert_no_warning(reply)
    assert reply["kind"] in {"point", "faq", "clarify"}, reply["why"]
