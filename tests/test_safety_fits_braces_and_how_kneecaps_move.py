"""A fit in pregnancy, pressure building under a brace, and questions about how a kneecap moves.

- A fit (seizure, convulsion) in pregnancy or in the weeks after giving birth is the pregnancy
  emergency (possible eclampsia), told by the woman or by a relative, not an "if this is happening
  now" card or a reply about acupressure in pregnancy. Keeping fit in pregnancy is no fit.
- Days after a fracture near the knee, in a brace, pain rising fast with the leg swollen and tense
  is pressure building inside the leg (compartment syndrome), an emergency, not the same-day clot
  warning. A brace worn for arthritis is no warning on its own.
- A question about how something pulls the kneecap to the side is a question about how a kneecap
  tracks, not a kneecap out of place now; a kneecap to the side that won't go back still is.
"""

from __future__ import annotations

import pytest

from helpers import assert_no_warning, said


@pytest.mark.parametrize(
    "text",
    [
        "she's pregnant and she's convulsing on the floor",
        "I gave birth ten days ago and I've just had a seizure",
    ],
)
def test_a_fit_in_pregnancy_or_after_the_birth_is_the_pregnancy_emergency(engine, text):
    reply = said(engine, text)
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "pregnancy-warning", "emergency"), reply["why"]
    assert "fit" in reply["text"]


def test_keeping_fit_in_pregnancy_is_no_warning(engine):
    assert_no_warning(said(engine, "I'm pregnant and want to keep fit, which knee exercises are safe?"))


def test_rising_pain_and_a_tense_swollen_leg_in_a_brace_after_a_fracture_is_the_pressure_emergency(engine):
    text = (
        "broke my leg just below the knee three days ago, it's in a brace, "
        "the pain is rising fast and my calf is swollen and tense"
    )
    reply = said(engine, text)
    expected = ("safety", "compartment-syndrome", "emergency")
    assert (reply["kind"], reply["id"], reply["severity"]) == expected, reply["why"]


def test_a_brace_worn_for_arthritis_is_no_emergency(engine):
    reply = said(engine, "I wear a knee brace for arthritis and the pain is rising today")
    assert reply["severity"] != "emergency", reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "how does a tight thigh band pull the kneecap to the side?",
        "how does the outer quad pull my kneecap to the side when I straighten?",
    ],
)
def test_how_a_kneecap_is_pulled_to_the_side_is_a_question_not_an_emergency(engine, text):
    assert_no_warning(said(engine, text))


def test_a_kneecap_to_the_side_that_wont_go_back_is_still_the_emergency(engine):
    reply = said(engine, "my kneecap is to the side and won't go back")
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "deformity", "emergency"), reply["why"]
