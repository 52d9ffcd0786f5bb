"""Short messages that tell nothing happening raise no warning: a follow-up that only names a side,
a limb or another person ("and her left leg?"), and a long-standing condition said with no event
(thin bones and no fall; asthma beside a sore knee is no lung clot). After a point's card, a side named in a few
words is read as the same point on that leg. The same conditions and fragments with the event
that makes them a red flag still get the advice first; and the pregnancy warning signs beyond
pre-eclampsia (the baby kicking less, bleeding, waters gone early, one-sided pain early on) are
read by the net in words the rules do not list."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import assert_no_warning


@pytest.mark.parametrize(
    "text",
    [
        "and on my left leg?",
        "and her left leg?",
        "and my right knee?",
        "and for my right calf?",
    ],
)
def test_a_fragment_naming_only_a_side_raises_nothing(chat, text):
    assert_no_warning(record(chat.say(text)))


@pytest.mark.parametrize(
    "text",
    [
        "I was told I have osteoporosis",
        "my sister has osteoporosis",
        "my granny has osteoporosis",
        "my father has osteoporosis, he is 80",
    ],
)
def test_a_condition_said_with_no_event_raises_nothing(chat, text):
    assert_no_warning(record(chat.say(text)))


def test_asthma_beside_a_sore_knee_is_no_lung_clot(chat):
    # Not understood, it may still get the breathing card (no red flag claimed).
    reply = record(chat.say("I have asthma and a sore knee"))
    assert reply["severity"] is None, reply["why"]


@pytest.mark.parametrize(
    ("shown", "asked"),
    [
        ("where is BL40", "and on my left leg?"),
        ("where is ST36", "and for her right leg?"),
        ("where is GB34", "and the left?"),
    ],
)
def test_a_side_named_after_a_points_card_is_that_point_on_that_leg(chat, shown, asked):
    chat.say(shown)
    point = chat.last.meta.id
    reply = record(chat.say(asked))
    assert_no_warning(reply)
    assert (reply["kind"], reply["id"]) == ("point", point), reply["why"]
    assert "both legs" in chat.text


def test_a_side_told_of_after_a_points_card_is_not_asked_where_the_point_is(chat):
    chat.say("where is ST36")
    reply = record(chat.say("my left knee aches when I kneel on it"))
    assert reply["section"] != "location", reply["why"]


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        ("and now his right leg is bent at an odd angle", "deformity", "emergency"),
        ("and now the other kneecap has slid out sideways since she slipped", "deformity", "emergency"),
        ("and on my left the calf has gone hot and swollen since the drive", "blood-clot", "same_day"),
    ],
)
def test_a_fragment_after_a_points_card_that_tells_a_red_flag_gets_it_first(chat, text, rule, severity):
    chat.say("where is SP10")
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, severity), reply["why"]


def test_the_same_condition_with_a_fall_is_still_flagged(chat):
    reply = record(chat.say("my grandmother has osteoporosis and she fell off the kerb, her knee is throbbing"))
    assert (reply["id"], reply["severity"]) == ("osteoporosis-fall", "see_doctor"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm 31 weeks pregnant and the baby hasn't kicked since yesterday",
        "31 weeks pregnant and I'm bleeding",
        "pregnant and my waters have gone at 33 weeks",
        "8 weeks pregnant and a sharp stabbing pain on my left side low down",
    ],
)
def test_pregnancy_warning_signs_beyond_pre_eclampsia(chat, text):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency"), reply["why"]
