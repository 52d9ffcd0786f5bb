"""The rules alone (the auditable layer, without the net): a replaced knee that is hot or red is a
possible joint infection with or without a fever, as the rule's description says, unless the
warmth came from a towel or the massage; "hard" said of how firmly someone pressed is no hard calf,
while a calf that is itself hard and sore still is; a fever with a knee that can hardly bend is a
possible joint infection too."""

from __future__ import annotations

import pytest

from bot.safety.triage import Triage


@pytest.fixture(scope="module")
def rules(knowledge):
    return Triage(knowledge.safety)


@pytest.mark.parametrize(
    "text",
    [
        "my dad's knee replacement is red and hot this week, he feels fine in himself",
        "my new knee has gone hot since the weekend, no temperature",
    ],
)
def test_a_hot_or_red_replaced_knee_is_a_possible_infection_without_a_fever(rules, text):
    hit = rules.check(text)
    assert hit is not None and (hit.rule.id, hit.rule.severity) == ("septic-joint", "emergency"), hit


def test_a_replaced_knee_warm_from_the_towel_is_no_infection(rules):
    hit = rules.check("my knee replacement feels hot after the hot towel step, lovely")
    assert hit is None or hit.rule.id != "septic-joint", hit


@pytest.mark.parametrize(
    "text",
    [
        "my calves are a bit sore today, I pressed them hard yesterday",
        "rubbed it hard with the oil last night and the calf is tender now",
    ],
)
def test_pressing_hard_is_no_hard_calf(rules, text):
    assert rules.check(text) is None


def test_a_calf_that_is_hard_and_sore_is_still_a_possible_clot(rules):
    hit = rules.check("my calf is hard and sore, I pressed it gently")
    assert hit is not None and hit.rule.id == "blood-clot", hit


@pytest.mark.parametrize(
    "text",
    [
        "I've had a temperature since yesterday and my knee will barely bend",
        "feverish, and the knee hardly bends at all now",
    ],
)
def test_a_fever_with_a_knee_that_can_hardly_bend_is_a_possible_joint_infection(rules, text):
    hit = rules.check(text)
    assert hit is not None and (hit.rule.id, hit.rule.severity) == ("septic-joint", "emergency"), hit


def test_a_knee_that_bends_fine_during_a_fever_is_no_joint_infection(rules):
    hit = rules.check("I've got a fever with my cold, my knees ache but they bend fine")
    assert hit is None or hit.rule.severity != "emergency", hit


def test_the_order_of_a_curators_phrases_does_not_matter(knowledge):
    # A shorter harmless phrase listed before a longer one from the same word ("braxton hicks"
    # before "braxton hicks contractions") must not hide the longer one.
    listed = [phrase for phrase in knowledge.safety.harmless if phrase != "braxton hicks contractions"]
    shorter_first = knowledge.safety.model_copy(
        update={"harmless": [*listed, "braxton hicks", "braxton hicks contractions"]}
    )
    text = "I'm pregnant, are braxton hicks contractions normal at 30 weeks?"
    assert Triage(shorter_first).check(text) is None
