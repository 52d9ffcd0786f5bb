"""How long something has gone on is history for its own clause only, and chat shorthand reads as
its words.

* "Pain every day for three years and I've started planning how I'd kill myself": the years are
  the pain's ("since 2018" says how long, as "for years" does; "in 2018" is history); what the
  writer goes on to say after "and I" is now. A crisis is never set aside because another clause
  of its sentence has a duration, while a crisis long over and told as over ("I was suicidal for
  years in my twenties and I got help") is still history.
* "A heavy smoker for years and my calf aches on walks, better once I stop": the smoking is
  long-standing, the calf pain on walking is present (see a doctor).
* Snaps, cracks and a leg that cannot take weight on a trampoline or at dance are an injury: a
  possible broken bone, as after a fall.
* Calves hard and aching on both legs after a long shift on one's feet are tired legs, not a clot;
  one hard, painful calf is still one. Toes are many to a foot: "my toes tingle" says nothing of
  both legs.
* "28 wks", "preg", "bub": the net reads a message's present in the words the shorthand stands
  for, as the rules already did.
"""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from bot.safety.findings import FindingsReader

from helpers import Conversation, assert_crisis_support, assert_no_warning, at_step, routine_buttons, said


@pytest.mark.parametrize(
    "text",
    [
        "my knee has been an 8 out of 10 every day for four years and I've started planning how I'd kill myself",
        "had this bad leg for 6 years and I'm thinking about ending my life, I can't take more",
        "arthritis for years and I want to die, honestly",
        "had knee pain since 2018 and I want to kill myself",
    ],
)
def test_a_crisis_beside_how_long_the_pain_has_lasted_gets_crisis_support(engine, knowledge, text):
    routines = routine_buttons(knowledge)
    assert_crisis_support(said(engine, text, 2100), routines)


@pytest.mark.parametrize(
    "text",
    [
        "I was suicidal for years in my twenties and I got help, life is good now",
        "years ago I wanted to end my life and I'm so glad I didn't, I'm well now",
    ],
)
def test_a_crisis_long_over_and_told_as_over_gets_no_crisis_reply(engine, text):
    reply = said(engine, text, 2101)
    assert reply["id"] != "crisis", reply["why"]


def test_calf_pain_on_walking_beside_years_of_smoking_is_for_a_doctor(triage):
    hit = triage.check("a heavy smoker for years and my calf aches on walks, better once I stop")
    assert hit is not None and hit.rule.id == "calf-pain-walking"


def test_a_crack_on_the_trampoline_and_no_weight_on_the_leg_is_a_possible_fracture(engine):
    reply = said(engine, "was on the trampoline with my niece, felt a crack and now I can't put any weight on it", 2102)
    assert (reply["id"], reply["severity"]) == ("possible-fracture", "emergency"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "after a double shift on the ward both calves are hard and sore",
        "my calves are hard and aching after standing at the till all day",
    ],
)
def test_hard_tired_calves_on_both_legs_are_no_clot(triage, text):
    hit = triage.check(text)
    assert hit is None or hit.rule.id != "blood-clot", hit


def test_one_hard_painful_calf_is_still_a_clot_warning(triage):
    hit = triage.check("my right calf is hard and painful, the left one is fine")
    assert hit is not None and hit.rule.id == "blood-clot"


def test_tingling_toes_do_not_make_a_hard_sore_calf_both_sides(knowledge):
    found = FindingsReader(knowledge.safety).read("leg in a cast, calf is hard and sore and my toes are tingling").found
    assert "both-sides" not in found


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("bleeding and cramps at 28 wks", "bleeding and cramps at 28 weeks"),
        ("preg and the bub is quiet", "pregnant and the baby is quiet"),
    ],
)
def test_the_net_reads_chat_shorthand_as_its_words(knowledge, typed, read):
    assert FindingsReader(knowledge.safety).read(typed).present == read


def test_a_grown_up_knee_and_a_trampoline_with_no_harm_get_no_warning(engine):
    assert_no_warning(said(engine, "we got a trampoline for the kids, is bouncing ok for my knees?", 2103))


def test_a_pregnancy_warning_in_shorthand_leads_a_question_about_a_point(engine):
    reply = said(
        engine, "29 wks along, bleeding and tummy cramps for an hour now. quick one, is the shin point ok?", 2104
    )
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency"), reply["why"]


def test_many_tablets_since_the_morning_after_asking_the_limit_is_an_overdose(engine):
    chat = Conversation(engine, user_id=2105)
    chat.say("what's the limit on paracetamol in one day?")
    reply = record(chat.say("think I've swallowed about 14 of them since last night"))
    assert (reply["id"], reply["severity"]) == ("overdose", "emergency"), reply["why"]


def test_usual_doses_after_asking_the_limit_get_no_warning(engine):
    chat = Conversation(engine, user_id=2106)
    chat.say("what's the limit on paracetamol in one day?")
    assert_no_warning(record(chat.say("ok good, I've only had two this morning")))


def test_calf_pain_on_walking_with_diabetes_and_cold_feet_is_for_a_doctor(engine):
    reply = said(
        engine, "diabetic here, my calves ache once I've walked a little way and my feet feel cold most days", 2107
    )
    assert (reply["id"], reply["severity"]) == ("calf-pain-walking", "see_doctor"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "nah it never locks and it goes all the way straight",
        "hold on, the kettle has just boiled",
        "both calves solid and my legs heavy after a long day on my feet at work",
        "I'm 63, arthritis in both knees, and they ache more when it's cold out",
    ],
)
def test_ordinary_messages_that_sound_like_flags_get_no_warning(engine, text):
    assert_no_warning(said(engine, text, 2108))


def test_a_face_pulled_and_a_number_at_a_partner_step_is_no_stroke(chat):
    at_step(chat, "start the partner lift massage", 2)
    reply = record(chat.say("she screwed her face up a little, then said it's a 2"))
    assert_no_warning(reply)


def test_a_snap_at_dance_and_no_weight_on_the_leg_is_a_possible_fracture(engine):
    reply = said(engine, "mid-routine at street dance my knee went snap and now it won't hold any weight", 2109)
    assert (reply["id"], reply["severity"]) == ("possible-fracture", "emergency"), reply["why"]


def test_a_knee_said_not_to_lock_gets_no_warning(engine):
    assert_no_warning(
        said(engine, "my right knee doesn't lock, I can straighten it completely, it's achy though", 2110)
    )
