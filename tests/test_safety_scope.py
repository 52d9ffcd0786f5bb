"""What a message is about: alarming words in a story on screen, a "what if", a general question,
something long settled or a figure of speech raise no red flag, while the same troubles happening
now, told in those same shapes, still do. Ordinary carers' and rating messages get no "if this is
happening now" card, and a crisis told in passing still gets crisis lines."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import routine_buttons


@pytest.mark.parametrize(
    "text",
    [
        "my sister is hooked on a nursing drama, this week someone's leg swelled up from a clot on a plane. "
        "how common is that really?",
        "what are the usual signs that a knee has got infected?",
        "these hill sprints are going to kill me, my knees are toast",
        "I had a clot in my calf back in 2017, sorted with tablets and no trouble since. which routine is gentle?",
        # why a sign is serious, asked of "a" foot or calf: about the sign in general
        "why is a numb foot after a twisted ankle an emergency? my teacher said so",
        "why would a calf that's swollen on one side need seeing the same day? heard it on the radio",
    ],
)
def test_alarming_words_about_no_present_situation_raise_no_red_flag(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None, reply["why"]  # general safety information is fine, no warning
    assert not str(reply["id"]).startswith("now-"), reply["why"]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("is it a clot if my calf has gone hot and swollen since yesterday's flight? it's still like that", "same_day"),
        ("not joking and not a figure of speech: I want to end my life", "emergency"),
        ("we were watching a film when my dad suddenly couldn't get his breath and grabbed his chest", "emergency"),
        # a word of being over, denied: the trouble goes on
        ("the lower leg went puffy and tender on one side after the coach trip and it hasn't gone down", "same_day"),
        ("spat out blood when I coughed at breakfast, and the leg that swelled on Monday is not better", "emergency"),
    ],
)
def test_the_same_troubles_happening_now_are_still_red_flags(chat, text, severity):
    reply = record(chat.say(text))
    assert reply["kind"] == "safety", reply["why"]
    assert reply["severity"] == severity, reply["why"]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("really worried about my calf, it has come up puffy and tender on the one side", "same_day"),
        ("bit paranoid about my left calf tbh, it's swollen and warm to touch", "same_day"),
        ("worried about his knee, it's red and hot and he's shivering with a temperature", "emergency"),
    ],
)
def test_a_worry_about_a_part_of_the_body_as_it_is_now_is_a_red_flag(chat, text, severity):
    """A worry that names a part of someone's body tells of now, unlike a worry about a condition."""
    reply = record(chat.say(text))
    assert reply["kind"] == "safety", reply["why"]
    assert reply["severity"] == severity, reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm worried about getting a clot on the flight to Sydney, can I rub my calves on the plane?",
        "worried about my daughter getting clots when she flies, any tips?",
        "a bit scared of blood clots since my aunt had one, is the calf massage safe for me?",
    ],
)
def test_a_worry_about_a_condition_or_a_person_raises_no_red_flag(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None, reply["why"]


def test_a_message_set_aside_does_not_take_back_what_was_said_before(triage):
    said = triage.assess("my left calf has gone hot, red and swollen since the long drive")
    assert said.hit is not None and said.hit.rule.id == "blood-clot"
    story = "my gran watched a programme about clots once, she said it was very dramatic"
    assert triage.assess(story).hit is None
    after = triage.assess(story, [said.earlier])
    assert after.hit is not None and after.hit.rule.id == "blood-clot"


@pytest.mark.parametrize(
    "text",
    [
        "nana puts it at a 5 this evening",
        "my husband enjoyed the leg rub, he says it's a 3 now",
    ],
)
def test_carers_ratings_and_ordinary_doses_get_no_warning(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None, reply["why"]
    assert not str(reply["id"]).startswith("now-"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "handed my fishing gear over to my son for good, I won't be needing it. anyway which point for stiff knees",
    ],
)
def test_a_crisis_told_in_passing_gets_crisis_lines_and_no_routine(chat, knowledge, text):
    reply = record(chat.say(text))
    assert "116 123" in reply["text"] and "988" in reply["text"], reply["why"]
    routines = routine_buttons(knowledge)
    assert not routines & set(reply["buttons"])


@pytest.mark.parametrize(
    "text",
    [
        "took my usual two paracetamol this morning",  # the usual dose, however few words
        "swallowed my regular pair of co-codamol with dinner",
        "the gout in my right knee flared in january, got treated, all calm now",  # settled
    ],
)
def test_a_usual_dose_or_a_settled_flare_raises_no_warning(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None, reply["why"]
    assert reply["id"] not in ("overdose", "hot-swollen-joint", "septic-joint"), reply["why"]


@pytest.mark.parametrize(
    ("story", "severity"),
    [
        (
            "We have been binge watching that hospital series all week, the one where somebody collapses in "
            "every episode and the surgeons argue in the corridor. My husband loves it and I mostly knit through "
            "it. Years ago I had my meniscus trimmed and it has been fine since, which is why I only do the gentle "
            "routine now. Last season there was a plot with a footballer whose knee gave way. Since this morning "
            "my right calf has gone hot, red and swollen after the coach trip back from Spain. Anyway the new "
            "season starts on Friday and we have the snacks ready.",
            "same_day",
        ),
        (
            "I read a crime novel on the plane about a poisoning, very gripping, the detective worked it out from "
            "the victim's shoes. Back in 2015 my knee was scoped and it healed well, nothing since then. My book "
            "club meets on Tuesdays and we argue about endings. Twenty minutes ago I swallowed the whole box of my "
            "sleeping tablets on purpose. The next book is a historical one about a shipwreck and I have not "
            "started it yet.",
            "emergency",
        ),
    ],
)
def test_a_red_flag_buried_in_a_long_story_about_other_things_is_still_raised(chat, story, severity):
    # Most of the message is a plot, a book or something long settled; one sentence is happening now.
    reply = record(chat.say(story))
    assert reply["kind"] == "safety", reply["why"]
    assert reply["severity"] == severity, reply["why"]
