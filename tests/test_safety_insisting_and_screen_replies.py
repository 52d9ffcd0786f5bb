"""After a red flag, a short insistence keeps the flag; a reply at a screen is no half of a message.

* "Really, I mean it" or "I'm serious" after a crisis reply, or after a medical flag, insists on
  what was said: the crisis support (its check-in) or the flag's advice again, never "I don't
  know that one". "I mean" takes a flag back only when it says what was meant instead ("sorry, I
  mean my calf is sore, not swollen").
* After a crisis reply, the next message gets the check-in first, whatever it asks (a knee
  question included): crisis support stays in front until the person says they are safe.
* A reply at a screen that asks for one (erase everything?, a routine's safety check) answers
  the screen: the net does not keep its reading to read the next message with, so "keep the
  lot" then "thinking again, /forget" is not read as a crisis told over two messages. A crisis
  told over two ordinary messages still is.
"""

from __future__ import annotations

import json

import pytest

from bot.engine.replies import record

from helpers import CRISIS_LINES, Conversation, assert_no_warning

CRISIS = "I honestly don't want to be alive any more"
CLOT = "my calf is swollen, red and hot since the long flight yesterday"


@pytest.mark.parametrize("insisting", ["really, I mean it", "I mean it. every word", "I'm serious"])
def test_insisting_after_a_crisis_reply_keeps_crisis_support(engine, insisting):
    chat = Conversation(engine, user_id=2100)
    assert record(chat.say(CRISIS))["id"] == "crisis"
    reply = record(chat.say(insisting))
    assert (reply["kind"], reply["id"]) == ("safety", "crisis"), reply["why"]
    assert all(line in str(reply["text"]) for line in CRISIS_LINES)


def test_insisting_after_a_medical_flag_keeps_its_advice(engine):
    chat = Conversation(engine, user_id=2101)
    assert record(chat.say(CLOT))["id"] == "blood-clot"
    reply = record(chat.say("honestly, I mean it"))
    assert (reply["id"], reply["severity"]) == ("blood-clot", "same_day"), reply["why"]


def test_saying_what_was_meant_instead_still_takes_the_flag_back(engine):
    chat = Conversation(engine, user_id=2102)
    chat.say("my calf is swollen on one side")
    reply = record(chat.say("sorry, I mean it's sore, not swollen"))
    assert reply["severity"] is None, reply["why"]


def test_a_knee_question_after_a_crisis_reply_gets_the_check_in_first(engine):
    chat = Conversation(engine, user_id=2103)
    chat.say(CRISIS)
    reply = record(chat.say("which point helps knee pain at night?"))
    assert (reply["kind"], reply["id"]) == ("safety", "crisis"), reply["why"]
    assert "I'm safe right now" in reply["buttons"]  # type: ignore[operator]


def test_a_reply_at_the_erase_screen_is_not_read_with_the_next_message(engine):
    chat = Conversation(engine, user_id=2104)
    chat.command("forget")
    chat.say("no, keep all of it for now")
    assert json.loads(engine.store.raw(2104))["last_reading"] is None
    assert_no_warning(record(chat.say("thinking about it again, /forget")))


def test_a_crisis_told_over_two_ordinary_messages_is_still_caught(engine):
    chat = Conversation(engine, user_id=2105)
    chat.say("I've been really low since the operation and the pain never stops")
    reply = record(chat.say("I've got the tablets lined up for tonight"))
    assert (reply["kind"], reply["id"]) == ("safety", "crisis"), reply["why"]
