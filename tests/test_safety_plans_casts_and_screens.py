"""Round 17 of issue 21, as a person would see it.

- A plan told without its words (videos left for the grandchildren "for when I'm gone", with no way
  forward) gets crisis support, not only the "if this is happening now" card: the net's chance of
  a crisis, the crisis reader's and the danger are read together (the joint distress reading),
  and a reading strong enough is the crisis reply itself.
- Pressure building in a leg in a cast (plaster, a back slab, a splint), told in many words and in
  English that is not the writer's first language, is an emergency, not a same-day clot.
- A question about what a warning sign means ("what counts as not bearing weight?") is answered,
  with no warning and no "if this is happening now" card; a place said in a question about where
  to press ("on the shin bone or off to the side?") is no injury.
- A reply at a routine's screen is read as that reply first: a pain rating said loosely ("probably
  like a 3 I reckon") goes on with the routine even when the net guesses trouble in its words, and
  a question about the warmth at a step that puts a warm towel on the leg ("is it supposed to feel
  this hot?") is about the step. Swelling, crisis words and other signs the rules know still count.
"""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from bot.safety.net import NetReading

from helpers import (
    CRISIS_LINES,
    assert_crisis_support,
    assert_no_warning,
    at_safety_check,
    at_step,
    clear_safety_check,
    routine_buttons,
)


def test_messages_left_for_the_family_with_no_way_forward_get_crisis_support(chat, knowledge):
    text = "I recorded little videos for the grandchildren for when I'm gone. I don't see a way forward anymore"
    reply = record(chat.say(text))
    assert_crisis_support(reply, routine_buttons(knowledge))


@pytest.fixture
def net_reads_distress(engine, monkeypatch):
    """Once called with a joint distress chance, the net reads every message as a crisis it is
    not sure of: likeliest, but below the net's crisis bar, the crisis reader below its own, and
    the danger between ``soft`` and ``fire`` (the "if this is happening now" card for distress)."""
    net = engine.triage.net
    assert net is not None
    bars = net.thresholds
    danger = (bars.soft + bars.fire) / 2
    chance = bars.crisis - 0.05

    def reads(distress: float) -> None:
        def read(text, previous=None, typed=None, meaning=None):
            by_rule = {"crisis": chance, "overdose": 0.01}
            return NetReading(
                "crisis", danger, chance, by_rule, by_rule, crisis=bars.crisis_reader - 0.1, distress=distress
            )

        monkeypatch.setattr(net, "read", read)

    return reads


def test_a_distress_reading_strong_enough_is_the_crisis_reply(chat, knowledge, engine, net_reads_distress):
    net_reads_distress(engine.triage.net.thresholds.distress + 0.02)
    assert_crisis_support(
        record(chat.say("the envelopes are all sealed and addressed now")), routine_buttons(knowledge)
    )


def test_a_weaker_distress_reading_gets_the_card_with_crisis_lines(chat, engine, net_reads_distress):
    net_reads_distress(engine.triage.net.thresholds.distress - 0.2)
    reply = record(chat.say("the envelopes are all sealed and addressed now"))
    assert (reply["id"], reply["severity"]) == ("now-distress", None), reply["why"]
    for line in CRISIS_LINES:
        assert line in str(reply["text"]), line


@pytest.mark.parametrize(
    "text",
    [
        "since the cast went on my shin hurts more every hour and it feels far too tight",
        "my son leg is in cast, the pain it grow and grow all night and he say the cast squeeze him",
        "leg in plaster since the op, the pain is building and building and the painkillers barely help",
        "my back slab feels much too tight tonight and the toes poking out are pale",
        # "nothing" denies what the painkillers do, not the pain after "and the"
        "my cast is tight, the tablets do nothing and the pain is building",
        # no cast: tight, shiny skin over the lower leg with pain that painkillers don't touch
        "three days after my shin was pinned, the skin on my lower leg is tight and shiny and the codeine "
        "isn't touching it",
    ],
)
def test_pressure_building_in_a_leg_in_a_cast_is_an_emergency(chat, text):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == ("compartment-syndrome", "emergency"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "how swollen is swollen when they say a swollen calf",
        "what do they mean by cant weight bear",
        "when you say a knee that locks, is a bit of morning stiffness locking?",
    ],
)
def test_a_question_about_what_a_warning_sign_means_gets_no_warning(chat, text):
    assert_no_warning(record(chat.say(text)))


@pytest.fixture
def net_guesses(engine, monkeypatch):
    """Once called with a rule, the net is sure every message describes it."""
    net = engine.triage.net
    assert net is not None

    def guesses(rule: str) -> None:
        def read(text, previous=None, typed=None, meaning=None):
            return NetReading(rule, 0.97, 0.9, {rule: 0.9}, {rule: 0.9})

        monkeypatch.setattr(net, "read", read)

    return guesses


@pytest.mark.parametrize("text", ["probably like a 3 i reckon", "honestly about a 5 tbh", "hmm maybe a 4 id say"])
def test_a_rating_said_loosely_at_the_rating_goes_on_with_the_routine(chat, net_guesses, text):
    at_safety_check(chat, "calf massage")
    clear_safety_check(chat)
    net_guesses("stroke")  # "probably like a ..." read as slurred words
    reply = record(chat.say(text))
    assert_no_warning(reply)
    assert "Step 1 of" in chat.text, reply["why"]


def test_signs_the_rules_know_said_with_a_rating_still_count(chat):
    at_safety_check(chat, "calf massage")
    clear_safety_check(chat)
    reply = record(chat.say("about a 6, and my calf has gone swollen and hot since the flight"))
    assert (reply["id"], reply["severity"]) == ("blood-clot", "same_day"), reply["why"]


def test_crisis_words_said_with_a_rating_still_get_crisis_support(chat, knowledge):
    at_safety_check(chat, "calf massage")
    clear_safety_check(chat)
    assert_crisis_support(record(chat.say("like a 9, I want to end it all")), routine_buttons(knowledge))


@pytest.mark.parametrize(
    "text", ["is it supposed to feel this hot?", "should it be hot and a bit burny, is that right"]
)
def test_a_question_about_the_warmth_at_a_warming_step_is_about_the_step(chat, net_guesses, text):
    at_step(chat, "calf massage", 1)  # the warm towel on the calf
    net_guesses("septic-joint")
    assert_no_warning(record(chat.say(text)))


def test_warmth_at_a_step_that_warms_nothing_still_counts(chat, net_guesses):
    at_step(chat, "calf massage", 2)
    net_guesses("septic-joint")
    reply = record(chat.say("is it supposed to feel this hot?"))
    assert (reply["id"], reply["severity"]) == ("septic-joint", "emergency"), reply["why"]


def test_swelling_at_a_warming_step_still_counts(chat, net_guesses):
    at_step(chat, "calf massage", 1)
    net_guesses("blood-clot")
    reply = record(chat.say("it's hot and my calf has swollen up under the towel"))
    assert (reply["id"], reply["severity"]) == ("blood-clot", "same_day"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "do i press right on the shin bone or off to the side for the leg point",
        "should my thumbs go on the bone itself or a little out to the side of it?",
    ],
)
def test_a_place_said_in_a_question_about_where_to_press_is_no_injury(chat, text):
    assert_no_warning(record(chat.say(text)))


@pytest.mark.parametrize(
    "text",
    [
        "my kneecap is sitting off to the side since I twisted it",
        "fell off the bike and my foot points out to the side",
    ],
)
def test_a_kneecap_or_a_foot_gone_to_the_side_is_still_a_deformity(chat, text):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == ("deformity", "emergency"), reply["why"]
