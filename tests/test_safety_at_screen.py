"""Words that end a session, typed at a routine's screen, are read as the end of a session even
when the learned net, which does not know a screen is on show, takes them for a crisis: "Shall we
stop here?" is asked, with a line of crisis support under it, and the routine keeps its place.
Crisis words the rules know, and a crisis guessed away from any screen, still get crisis support."""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from bot.safety.net import NetReading
from tests.helpers import at_step

from helpers import CRISIS_LINES, at_safety_check

ENDING = "end it here I need to go"


@pytest.fixture
def net_reads_a_crisis(engine, monkeypatch):
    """Once called, the net takes every message for a crisis, as it may take words that end a
    session (its own figures are measured in scripts/train_safety_net.py)."""
    net = engine.triage.net
    assert net is not None

    def read(text, previous=None, typed=None, meaning=None):
        return NetReading("crisis", 0.98, 0.9, {"crisis": 0.9}, {"crisis": 0.9})

    return lambda: monkeypatch.setattr(net, "read", read)


def test_an_ending_at_a_step_that_the_net_takes_for_a_crisis_is_asked_about(chat, net_reads_a_crisis):
    at_step(chat, "start the calf massage", 2)
    net_reads_a_crisis()
    reply = record(chat.say(ENDING))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("routine", "stop-or-not", None), reply["why"]
    assert "■ Stop here" in chat.labels and "▶ Carry on" in chat.labels
    for line in CRISIS_LINES:  # should more have been meant
        assert line in chat.text
    chat.press("▶ Carry on")
    assert "Step 2 of" in chat.text  # the place is kept


def test_crisis_words_the_rules_know_at_a_step_get_crisis_support(chat):
    at_step(chat, "start the calf massage", 2)
    reply = record(chat.say("end it here, I want to kill myself"))
    assert (reply["id"], reply["severity"]) == ("crisis", "emergency"), reply["why"]
    for line in CRISIS_LINES:
        assert line in chat.text


def test_a_crisis_the_net_guesses_with_no_screen_on_show_gets_crisis_support(chat, net_reads_a_crisis):
    net_reads_a_crisis()
    reply = record(chat.say(ENDING))
    assert (reply["id"], reply["severity"]) == ("crisis", "emergency"), reply["why"]


def test_a_partners_medicine_named_at_their_check_is_that_line_not_an_overdose(chat):
    """The check reads "on apixaban, nothing else" as its blood-thinner line: no net guess of too
    much medicine from a reply with no sign in it."""
    at_safety_check(chat, "start the partner lift massage")
    reply = record(chat.say("my husband is on apixaban, nothing else"))
    assert reply["severity"] is None, reply["why"]
    assert "bruise" in chat.text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("none of those apply, but I swallowed 30 paracetamol an hour ago", "overdose"),
        ("nothing else on the list. I just want it all to end", "crisis"),
    ],
)
def test_a_red_flag_in_a_reply_at_the_check_is_still_raised(chat, text, rule):
    at_safety_check(chat, "start the calf massage")
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"]) == ("safety", rule), reply["why"]
