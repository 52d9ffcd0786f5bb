"""Words that also come in red flags, used of everyday things or as figures of speech ("a sugar
overdose", "my tablet is dead", "the dye bled"), raise no warning; the same words said of the
person's body now still do. Ordinary self-care questions that name a sensation in general (a
parent whose knee has not bent far for years, a tight back of the knee, a warm towel before the
calf massage, the body's own painkillers) and a denied symptom raise none."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import assert_no_warning


@pytest.mark.parametrize(
    "text",
    [
        "the commute gave me a sugar overdose, too many biscuits on the train",
        "too many mince pies, a proper sugar overdose",
        "my tablet won't turn on, I think it's dead",
        "the red dye bled in the wash and now my shirts are pink",
        "my racket string broke in the second set",
        "I'm broke until payday, no takeaways this week",
    ],
)
def test_everyday_words_that_also_come_in_red_flags_raise_no_warning(chat, text):
    assert_no_warning(record(chat.say(text)))


@pytest.mark.parametrize(
    "text",
    [
        "how do I massage my mother's knee when she can't bend it all the way? she's 82",
        "I'm not having any dark thoughts, I'm just tired of the pain, what helps at night?",
        "my knees feel tight at the back after a day in the garden, which stretch should I do",
        "is it a good idea to lay a warm towel over my calves before I massage them",
        "is it true that pressing on points makes the body release its own painkillers",
    ],
)
def test_self_care_questions_that_name_a_sensation_raise_no_warning(chat, text):
    assert_no_warning(record(chat.say(text)))


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        ("had a bite of the cake and now my throat is closing and I can't breathe", "anaphylaxis", "emergency"),
        ("I took the whole packet of paracetamol this afternoon", "overdose", "emergency"),
        ("I have been stockpiling my painkillers because I want to end my life", "crisis", "emergency"),
        (
            "my mum fell this morning and can't bend her knee, the bone is sore to touch",
            "possible-fracture",
            "emergency",
        ),
        ("there is a new swelling at the back of my knee, soft like a balloon", "lump-behind-knee", "see_doctor"),
        (
            "my calf hurts after walking about 200 yards and stops when I stand still",
            "calf-pain-walking",
            "see_doctor",
        ),
    ],
)
def test_the_same_words_said_of_the_body_now_still_warn(chat, text, rule, severity):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, severity), reply["why"]
