"""Whether a message is about the knee and its care at all, apart from which entry would answer
it: another part of the body (the sole, the arch, the back, the scalp) named with no knee or leg
gets no knee content however sure the decision, unless the answer itself speaks of that part;
the knee's words borrowed by another field are declined. And several points named by code or
name are all answered, whatever the decision's thresholds; plans asked with a condition and a
wish for every day, and what a routine is, asked about it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine.replies import record
from bot.matching.matcher import Outcome


def ask(chat, text):
    return record(chat.say(text))


@pytest.mark.parametrize(
    "text",
    [
        # a routine's own things used on another part
        "can i use a steam towel on my sore back",
        "how do i give myself a scalp massage",
        # the foot below the ankle, which the knowledge names only beside the knee
        "how do i massage the soles of my feet after a long shift",
        "a point to press under my foot for plantar fasciitis",
        "can i roll a ball under the arch of my foot",
    ],
)
def test_another_part_of_the_body_with_no_knee_named_gets_no_knee_content(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (reply["kind"], reply["id"], reply["why"])


def test_an_answer_that_speaks_of_the_part_named_is_still_given(chat):
    reply = ask(chat, "can tucked in sheets give me plantar fasciitis")
    assert (reply["kind"], reply["id"]) == ("faq", "tucked-sheets"), reply["why"]


def test_heels_that_are_shoes_are_not_another_part_of_the_body(chat):
    # Whether "my new heels" is answered, offered choices or not understood is the decision's (on
    # some draws of its training it sits on the edge of the choices); the part of the body it
    # names is the data's, and the heels are none: it is never declined as another part.
    reply = ask(chat, "my new heels")
    assert reply["why"][0] != "fallback (other-body-part)" and "only help with knees" not in reply["text"], reply["why"]


def test_the_knees_words_in_geography_get_no_knee_content(chat):
    reply = ask(chat, "what are the lines of longitude on a globe called, meridians?")
    assert reply["kind"] == "fallback", (reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("st34 or sp10 for pain on the outer side above my kneecap?", "ST34", "SP10"),
        ("is gb34 or sp9 better for the inner side below the knee", "SP9", "GB34"),
    ],
)
def test_two_points_named_with_a_place_are_both_answered_the_one_described_first(chat, text, first, second):
    """The person asked about both: each card is shown, not one with the other a tap away; the
    one the rest of the message describes comes first."""
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("point", first), reply["why"]
    assert f"📍 {first}" in reply["text"] and f"📍 {second}" in reply["text"], reply["text"]
    assert "Did you mean" not in reply["text"]


def test_a_condition_stiff_in_the_mornings_and_a_wish_for_every_day_gets_a_daily_plan(chat):
    reply = ask(chat, "osteoarthritis makes my knees stiff when i wake up, what should i do daily")
    assert reply["kind"] == "plan", (reply["kind"], reply["id"], reply["why"])


def test_asking_what_a_warm_up_routine_is_gets_the_answer_about_it(chat):
    reply = ask(chat, "what is the steam towel warm up exactly")
    assert (reply["kind"], reply["id"]) == ("faq", "steam-towel-what"), reply["why"]


@pytest.mark.parametrize(("answer", "clarify"), [(0.0, 0.0), (1.01, 1.01)])
def test_several_points_named_are_answered_together_whatever_the_thresholds(matcher, answer, clarify):
    """A decision that answers everything, or nothing: the points named are each answered."""
    thresholds = replace(matcher.model.thresholds, answer=answer, clarify=clarify)
    deciding = matcher.with_model(replace(matcher.model, thresholds=thresholds))
    for text, points in (
        ("st34 or sp10 for pain on the outer side above my kneecap?", {"ST34", "SP10"}),
        ("yinlingquan or zusanli?", {"SP9", "ST36"}),
    ):
        match = deciding.match(text)
        assert (match.outcome, match.reason) == (Outcome.ANSWER, "together"), (text, match)
        assert {match.entry_id, *match.also} == points, (text, match)
