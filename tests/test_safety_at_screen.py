"""Words that end a session, typed at a routine's screen, are read as the end of a session even
when the learned net, which does not know a screen is on show, takes them for a crisis: "Shall we
stop here?" is asked, with a line of crisis support under it, and the routine keeps its place.
Crisis words the rules know, and a crisis guessed away from any screen, still get crisis support."""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from bot.safety.net import NetReading
from tests.helpers import at_step

from helpers import CRISIS_LINES

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
