"""Red flags told by a parent, or a piece at a time over several messages, still get the right
advice; and an ordinary knee ache that came on suddenly, or a one-sided answer typed without its
apostrophe, raises nothing."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import CRISIS_LINES, routine_buttons


@pytest.mark.parametrize(
    "text",
    [
        "my 16 year old says she wants to end it, I've taken her phone away, what else can I do",
        "my daughter has been harming herself, can I still do the knee routine with her",
        # the relative named as the one who wants to die ("died", a word of someone's history,
        # shares its stem with "die" and must not set the wish aside as history)
        "my nan wants to die since grandad passed, her knees are bad too, how do I help her",
        "my husband told me last night he wants to die",
    ],
)
def test_a_relative_telling_of_someone_in_crisis_gets_crisis_support(chat, knowledge, text):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"]) == ("safety", "crisis"), reply["why"]
    for line in CRISIS_LINES:
        assert line in reply["text"], line
    routines = routine_buttons(knowledge)
    assert not routines & set(reply["buttons"])


@pytest.mark.parametrize(
    ("turns", "rule"),
    [
        (["my son has the flu", "he's 2", "he's not walking today, just crawling about"], "child-fever-limp"),
        (["I broke my ankle and it's in plaster", "it hurts more and more tonight", "my toes feel odd"], None),
        (["cast on my leg since the weekend", "the ache is worse tonight than ever", "and the toes feel weird"], None),
    ],
)
def test_an_emergency_told_over_three_messages_is_caught_by_the_last(chat, turns, rule):
    # A cast with pain that keeps building is pressure inside the leg: caught as it is told.
    replies = [record(chat.say(turn)) for turn in turns]
    flagged = [reply for reply in replies if reply["kind"] == "safety" and reply["severity"] is not None]
    assert flagged, [reply["why"] for reply in replies]
    wanted = rule or "compartment-syndrome"
    assert (flagged[0]["id"], flagged[0]["severity"]) == (wanted, "emergency"), flagged[0]["why"]
    assert replies[-1]["severity"] == "emergency", replies[-1]["why"]


@pytest.mark.parametrize(
    "turns",
    [
        ["knee pain came on suddenly"],
        ["Ive only got them on my left leg"],
        ["do you have anything for varicose veins", "ive only got them on my left leg"],
    ],
)
def test_a_sudden_knee_ache_or_a_one_sided_answer_raises_nothing(chat, turns):
    for turn in turns:
        reply = record(chat.say(turn))
        assert reply["severity"] is None, reply["why"]
        assert not str(reply["id"]).startswith("now-"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "my uncle died of a blood clot years ago, is the calf massage ok for me?",
        "my son said he wanted to die of embarrassment when I asked about his knee in front of his mates",
    ],
)
def test_a_relatives_death_or_a_figure_of_speech_is_not_a_crisis(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None and reply["id"] != "crisis", reply["why"]
