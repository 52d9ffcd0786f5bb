"""A crisis or an emergency typed in a hurry, with a phone's slips, is read as meant: triage reads
the message with its slips corrected beside the message as typed. Ordinary messages with slips
raise nothing."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import CRISIS_LINES


@pytest.mark.parametrize(
    "text",
    [
        "i realy want to kil myslef tonite",
        "im plannin to tak all my tabelts tonight",
        "thinkin of jumpin off the brige tonite",
    ],
)
def test_a_crisis_typed_with_slips_gets_crisis_support(chat, text):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"]) == ("safety", "crisis"), reply["why"]
    for line in CRISIS_LINES:
        assert line in reply["text"], line


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("after the crash my legs bent the rong way below the kne", "deformity"),
        ("coughin up blod and my calf is swolen after the flite", "lung-clot"),  # not only a clot in the leg
        ("my husbnd took al his heart pils at once by mistak", "overdose"),
    ],
)
def test_an_emergency_typed_with_slips_is_named_as_meant(chat, text, rule):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", rule, "emergency"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "my nee is a bit stif after gardning, wich point helps",
        "is it ok to masage my nee if its a bit swolen from the gym",
        "i tride the qigong routin and my hips feel beter",
    ],
)
def test_an_ordinary_message_with_slips_raises_nothing(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None, reply["why"]
    assert not str(reply["id"]).startswith("now-"), reply["why"]


def test_a_message_without_slips_is_read_once_as_typed(triage):
    text = "my calf has been sore and a bit puffy since the drive"
    assert triage.assess(text, corrected=text) == triage.assess(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("bone thru skin on his shin after he came off the bike", "deformity"),  # chat spelling, no article
        ("had baby 6 days ago, pounding headache and my feet swelled up today", "pregnancy-warning"),
    ],
)
def test_an_emergency_in_chat_spelling_or_without_articles_is_caught(chat, text, rule):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", rule, "emergency"), reply["why"]


def test_a_calf_described_as_normal_in_short_clauses_raises_nothing(chat):
    # Phrases without their articles match only as one run of words: "not the same size" must
    # not be found across "not swollen, same size".
    reply = record(chat.say("calf not hot, not swollen, same size as the other, just sore after the gym"))
    assert reply["severity"] is None, reply["why"]
