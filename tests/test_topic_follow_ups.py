"""Follow-ups that lean on the topic left behind by a daily plan or an answer: a part of the
day asked about after a plan, "what can I do about it?" after an answer, and "how often?" after
a routine's introduction; after a point's card, a side named in a few words ("and the left?") is
that point on that leg, while a fragment that tells a red flag still gets the advice first. Each
test reads what the person would read."""

from __future__ import annotations

import pytest

PLAN = "what should I be doing every day, I sit at a desk from nine to six"


def test_a_part_of_the_day_after_a_plan_gets_that_part_and_what_fits_any_time(chat):
    chat.say(PLAN)
    assert chat.last.meta.kind == "plan"
    chat.say("and what about the evenings?")
    assert chat.last.meta.kind == "plan" and chat.last.meta.section == "evening"
    assert "Calf" in chat.text  # the plan's evening massage
    chat.say("and around lunchtime?")
    assert chat.last.meta.section == "lunch"
    assert "nothing" in chat.text.lower() and "any time" in chat.text.lower()


def test_what_can_i_do_about_it_after_an_answer_gets_its_practical_part(chat):
    chat.say("do high heels make knees ache")
    assert chat.last.meta.id == "high-heels"
    chat.say("I have to wear them in the office though, so what can I do?")
    assert chat.last.meta.id == "high-heels"
    assert "flat shoes" in chat.text and "calf massage" in chat.text


def test_how_often_after_a_routine_introduction_says_how_often_not_the_introduction_again(chat):
    chat.say("show me the calf massage")
    assert chat.last.meta.id == "calf-massage"
    chat.say("and how often am I meant to do that?")
    assert chat.last.meta.id == "how-often"


def test_a_time_of_day_in_something_told_after_a_plan_is_not_taken_for_a_part_of_it(chat):
    chat.say(PLAN)
    chat.say("I have my blood pressure tablets every morning")
    assert chat.last.meta.section != "morning"


def test_the_other_leg_after_an_answer_about_a_point_is_still_that_point(chat):
    chat.say("where are the knee eyes")
    assert chat.last.meta.id == "EX-LE5"
    chat.say("how many times a day should these massages be done?")
    assert chat.last.meta.kind == "faq"  # a general answer, on the way
    chat.say("and my other leg?")
    assert chat.last.meta.id == "EX-LE5" and "Did you mean" not in chat.text
    assert "both legs" in chat.text


def test_the_point_is_not_kept_once_another_point_is_shown(chat):
    chat.say("where are the knee eyes")
    chat.say("where is ST36")
    chat.say("how often can I do these massages?")
    chat.say("and on the other leg?")
    assert chat.last.meta.id != "EX-LE5"


def test_the_point_is_kept_under_one_answer_only(chat):
    chat.say("where are the knee eyes")
    chat.say("how many times a day should these massages be done?")
    chat.say("why do my knees click")
    chat.say("and my other leg?")
    assert chat.last.meta.id != "EX-LE5"


STIFF = "what's a good thing to do each day for knees that are stiff"


def test_the_other_leg_after_a_plan_stays_on_the_plan(chat):
    chat.say(STIFF)
    assert chat.last.meta.kind == "plan"
    chat.say("what about the other leg?")
    assert chat.last.meta.kind == "plan", chat.text
    assert "both legs" in chat.text


def test_days_off_after_a_plan_stay_on_the_plan(chat):
    chat.say(STIFF)
    plan = chat.last.meta.id
    chat.say("and at weekends?")
    assert chat.last.meta.kind == "plan" and chat.last.meta.id == plan, chat.text
    assert "every day" in chat.text.lower()


def test_a_part_of_the_day_after_an_answer_stays_on_the_answer(chat):
    chat.say("should I put heat or ice on my knee")
    answer = chat.last.meta.id
    chat.say("and at night?")
    assert chat.last.meta.id == answer, chat.text
    assert "happening now" not in chat.text


def test_a_part_of_the_day_after_a_point_stays_on_the_point(chat):
    chat.say("where is ST36")
    chat.say("in the evening too?")
    assert chat.last.meta.id == "ST36", chat.text
    assert "happening now" not in chat.text


def test_the_other_leg_after_an_answer_stays_on_the_answer(chat):
    chat.say("are stairs bad for sore knees")
    answer = chat.last.meta.id
    chat.say("and for the other leg?")
    assert chat.last.meta.id == answer, chat.text
    assert "other leg" in chat.text


def test_the_other_knee_after_a_plan_stays_on_the_plan_whatever_it_reads_as_alone(chat):
    chat.say("what should I do every day after sitting at a desk")
    chat.say("how long for?")
    chat.say("the other knee?")
    assert chat.last.meta.kind == "plan", chat.text


def test_a_short_question_with_a_topic_of_its_own_after_an_answer_is_read_on_its_own(chat):
    chat.say("should I put heat or ice on my knee")
    chat.say("and gout at night?")
    assert "Nothing in this changes" not in chat.text, chat.text


@pytest.mark.parametrize(
    ("shown", "asked"),
    [
        ("where is BL40", "and on my left leg?"),
        ("where is ST36", "and for her right leg?"),
        ("where is GB34", "and the left?"),
        ("where is BL57", "my left leg too?"),
    ],
)
def test_a_side_named_after_a_points_card_is_that_point_on_that_leg(chat, shown, asked):
    chat.say(shown)
    point = chat.last.meta.id
    chat.say(asked)
    meta = chat.last.meta
    assert (meta.kind, meta.id, meta.severity) == ("point", point, None), meta.why
    assert "both legs" in chat.text and "happening now" not in chat.text


def test_a_side_told_of_after_a_points_card_is_not_asked_where_the_point_is(chat):
    chat.say("where is ST36")
    chat.say("my left knee aches when I kneel on it")
    assert chat.last.meta.section != "location"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("and now his right leg is bent at an odd angle", "deformity"),
        ("and now the other kneecap has slid out sideways since she slipped", "deformity"),
        ("and on my left the calf has gone hot and swollen since the drive", "blood-clot"),
    ],
)
def test_a_fragment_after_a_points_card_that_tells_a_red_flag_gets_it_first(chat, text, rule):
    chat.say("where is SP10")
    chat.say(text)
    assert (chat.last.meta.kind, chat.last.meta.id) == ("safety", rule), chat.last.meta.why
