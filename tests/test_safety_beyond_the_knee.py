"""Emergencies and crises wherever they are in the body, the rules added for children, casts,
immune-suppressed and replaced knees, arteries and lumps; what follows a red flag in the
conversation; and the "if this is happening now" card for what the bot does not understand."""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from bot.knowledge.models import SEVERITY_RANK

from helpers import CRISIS_LINES, EMERGENCY_NUMBERS, routine_buttons


def severity_of(chat, text: str) -> str | None:
    return record(chat.say(text))["severity"]


def at_least(severity: str | None, wanted: str) -> bool:
    return severity is not None and SEVERITY_RANK[severity] >= SEVERITY_RANK[wanted]


# --- crises ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I can't go on like this anymore, everyone would be better off without me",
        "been thinking about ending my life since the knee op",
        "I've started cutting myself again to cope with it all",
        "my brother keeps saying he wants to die and he's stopped eating",
    ],
)
def test_a_crisis_gets_kind_support_with_crisis_lines_and_no_routine(chat, knowledge, text):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "crisis", "emergency")
    for line in CRISIS_LINES:
        assert line in reply["text"], line
    assert "sorry" in reply["text"].lower() and "alone" in reply["text"].lower()
    assert any(number in reply["text"] for number in EMERGENCY_NUMBERS)
    routines = routine_buttons(knowledge)
    assert not routines & set(chat.labels)
    assert "A doctor has checked it" not in chat.labels, "a crisis is not cleared by a doctor's check"


def test_a_crisis_leads_even_when_the_knee_is_asked_about_too(chat):
    reply = record(chat.say("which point helps a sore knee? honestly I don't want to be here anymore"))
    assert reply["id"] == "crisis"
    assert reply["text"].index("116 123") < len(reply["text"])
    assert "SP10" not in reply["text"] and "Did you mean" not in reply["text"]


@pytest.mark.parametrize(
    "text",
    [
        # a plan and a day, without any word for suicide
        "i've put my affairs in order and picked thursday. the knee can rest after that",
    ],
)
def test_a_crisis_said_without_its_words_gets_crisis_support_whatever_else_is_asked(chat, knowledge, text):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == ("crisis", "emergency"), reply["why"]
    # It opens with support and someone to talk to, not with the knee.
    assert reply["text"].startswith("💬 You don't have to go through this alone"), reply["text"][:80]
    assert "talk to someone" in reply["text"].lower()
    for line in CRISIS_LINES:
        assert line in reply["text"], line
    routines = routine_buttons(knowledge)
    assert not routines & set(chat.labels), "no routine beside a crisis"


def test_after_a_crisis_a_routine_waits_for_the_person_to_say_they_are_safe(chat):
    chat.say("I want to end it all")
    chat.say("start the calf massage")
    assert "check in" in chat.text and "116 123" in chat.text
    assert "do any of these apply" not in chat.text and "Step 1" not in chat.text
    chat.press("I'm safe right now")
    assert "those lines are there" in chat.text
    chat.say("start the calf massage")
    assert "Calf" in chat.text and "check in" not in chat.text


# --- urgent symptoms outside the knee -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("mum's mouth has gone droopy on one side and her words are all slurred", "stroke"),
        ("rubbed a new cream on my knee and now my lips are swelling up and my throat feels tight", "anaphylaxis"),
        ("I took too many paracetamol for the knee pain last night but feel alright", "overdose"),
        ("crushing pain in the middle of my chest while I was doing the massage", "lung-clot"),
    ],
)
def test_urgent_symptoms_outside_the_knee_get_emergency_advice(chat, text, rule):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, "emergency")
    assert any(number in reply["text"] for number in EMERGENCY_NUMBERS)


def test_breathless_on_the_stairs_because_of_a_stiff_knee_is_not_a_lung_clot(chat):
    reply = record(chat.say("I get out of breath on the stairs because my stiff knee slows me right down"))
    assert reply["severity"] is None, reply["why"]


def test_sudden_breathlessness_is_still_an_emergency(chat):
    assert severity_of(chat, "suddenly can't catch my breath this evening") == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "22 weeks pregnant and I started bleeding this afternoon, more than spotting",
        "I'm expecting and haven't felt the baby move at all since last night",
        "33 weeks pregnant and I think my waters have gone, there's fluid leaking",
        "just found out I'm pregnant, now a sharp pain low on my right side and my shoulder tip aches",
        "had a baby ten days ago and I'm bleeding heavily again, passing clots",
        # labour starting early: regular tightenings
        "30 weeks pregnant and the tightenings come every few minutes since lunch",
        "im 27 wks expecting, getting contractions about every 6 min and my back aches with them",
        # waters breaking early, with the weeks said without the word pregnant, or in mid-routine
        "i reckon my waters have started going and im only 31 weeks",
        "halfway through the calf routine at 28 weeks pregnant and fluid is gushing down my legs",
        "clear fluid keeps coming out when I stand up, I'm just 33 weeks",
        "a rush of water gushed out of me, I'm 29 weeks, I was doing the quad routine",
    ],
)
def test_warning_signs_in_pregnancy_beyond_pre_eclampsia_send_to_the_maternity_unit_now(chat, knowledge, text):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency"), reply["why"]
    assert "maternity unit" in reply["text"] and any(number in reply["text"] for number in EMERGENCY_NUMBERS)
    routines = routine_buttons(knowledge)
    assert not routines & set(chat.labels)


@pytest.mark.parametrize(
    "text",
    [
        "pregnant with no bleeding or anything like that, just achy knees at night",
        "I'm pregnant and have a bleeding disorder, is a gentle knee massage ok?",
        "my bump is getting big and my knees ache, the baby kicks all evening",
        "pregnant and curious, what are braxton hicks contractions? my knees ache too",
        "pregnant, can I do the quad contractions exercise for my knee?",
    ],
)
def test_pregnancy_without_a_warning_sign_gets_the_pregnancy_advice_not_an_emergency(chat, text):
    assert severity_of(chat, text) is None


# --- the rules added for the knee and leg ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        ("my 7 year old has a temperature and is limping, won't put his foot down", "child-fever-limp", "emergency"),
        ("our daughter has started limping today, no temperature", "child-limp", "same_day"),
        ("the plaster cast on my leg feels too tight and the pain is unbearable", "compartment-syndrome", "emergency"),
        ("kicked in the shin at football, now the calf is rock hard and tight", "compartment-syndrome", "emergency"),
        ("my foot went pale and cold all of a sudden", "numb-cold-foot", "emergency"),
        ("on methotrexate and my knee is hot and red today", "septic-joint", "emergency"),
        ("my knee replacement wound is oozing and smells", "septic-joint", "emergency"),
        ("my calf aches when I walk to the shop and eases when I stop for a bit", "calf-pain-walking", "see_doctor"),
        ("there is a soft lump behind my knee", "lump-behind-knee", "see_doctor"),
    ],
)
def test_the_added_rules(chat, text, rule, severity):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, severity), reply["why"]


def test_a_limping_child_is_seen_today_and_told_the_hip_may_be_the_cause(chat):
    reply = record(chat.say("my son is limping since this morning"))
    assert reply["severity"] == "same_day"
    assert "hip" in reply["text"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("I have a fever and my knee can hardly bend", "same_day"),
        ("twisted my knee an hour ago and it has swollen up already", "same_day"),
        ("heard a pop playing netball and now the knee keeps giving way", "same_day"),
        ("I'm 67, tripped on the kerb and now my kneecap is very tender to press", "same_day"),
        ("fell off my bike and I can't bend the knee to a right angle", "same_day"),
    ],
)
def test_injuries_and_infections_are_seen_at_least_the_same_day(chat, text, wanted):
    assert at_least(severity_of(chat, text), wanted), text


def test_the_swelling_answer_says_no_heat_after_an_injury(knowledge):
    answer = knowledge.get("knee-swelling").answer.lower()
    assert "heat" in answer and "injury" in answer


# --- what follows a red flag -------------------------------------------------------------------


def test_someone_elses_present_red_flag_stays_a_red_flag_for_them(chat):
    chat.say("my calf has gone red and swollen since the long coach trip")
    reply = record(chat.say("oh sorry, I meant my husband's calf, not mine"))
    assert (reply["id"], reply["severity"]) == ("blood-clot", "same_day")
    assert "someone else" in reply["text"] and "for them" in reply["text"]
    assert "Calf massage" not in " ".join(chat.labels)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("can I put an ice pack on it while I wait?", "Yes: a cold pack"),
        ("what about a hot water bottle tonight?", "No heat"),
        ("could I give it a gentle massage meanwhile?", "No massage"),
    ],
)
def test_a_question_after_a_flag_is_answered_within_its_advice(chat, question, expected):
    chat.say("my knee is hot, red and swollen")
    reply = record(chat.say(question))
    assert expected in reply["text"]
    assert "Please still get it checked today" in reply["text"]
    assert "inflamed" not in reply["text"], "not the warning again"


def test_no_ice_for_a_cold_numb_foot(chat):
    chat.say("after the fall my foot has gone cold and numb")
    reply = record(chat.say("should I put ice on it"))
    assert "Not for this" in reply["text"] and "Yes: a cold pack" not in reply["text"]


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("I'm on blood pressure tablets, not blood thinners. Can I press the points?", "blood-thinners"),
        ("my aunt had cancer years ago, not me. can I do the calf massage?", "cancer"),
        ("no fever or anything, can I do the routine?", "fever"),
    ],
)
def test_a_condition_negated_or_someone_elses_does_not_bring_its_answer(chat, text, condition):
    reply = record(chat.say(text))
    assert reply["id"] != condition, reply["why"]


# --- not understood, but describes trouble -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("zxq my leg went crunch and blorp", "now-injury"),
        ("wheezing like mad, qwerty", "now-breathing"),
    ],
)
def test_a_message_not_understood_that_describes_trouble_gets_the_card_for_it(chat, text, card):
    reply = record(chat.say(text))
    # Not understood, so a fallback, but the safe one: no red flag is claimed.
    assert (reply["kind"], reply["id"], reply["severity"]) == ("fallback", card, None), reply["why"]
    assert "if this is happening now" in reply["text"] and "Did you mean" not in reply["text"]
    assert "A doctor has checked it" not in reply["buttons"], "the card does not hold back routines"


def test_a_longer_message_that_opens_with_a_greeting_still_gets_the_card_for_its_trouble(chat):
    text = (
        "Hello there! Been out in the garden all afternoon and now my lower leg has gone a strange "
        "colour and feels odd, not sure what to make of it really"
    )
    reply = record(chat.say(text))
    # The card for its trouble, or the flag for a leg that changes colour (a cold, pale or blue
    # foot: call for help now), which the net may read it as: never the greeting.
    card = reply["kind"] == "fallback" and "if this is happening now" in reply["text"]
    assert card or reply["id"] == "numb-cold-foot", reply["why"]
    assert not reply["text"].startswith("Hello"), "the greeting is not the answer to the message"


def test_a_short_greeting_and_an_introduction_are_still_greeted(chat):
    assert record(chat.say("hiya"))["id"] == "greeting"
    assert record(chat.say("Hi! I'm Sam, 54, been having knee trouble for years, nice to meet you"))["id"] == "greeting"


@pytest.mark.parametrize(
    "text",
    [
        "what's the capital of Peru",
        "my favourite colour is blue, same as my knee brace",  # a colour and a body part, no trouble
    ],
)
def test_an_ordinary_message_not_understood_still_gets_the_honest_fallback(chat, text):
    reply = record(chat.say(text))
    assert reply["kind"] == "fallback" and "if this is happening now" not in reply["text"], reply["why"]


def test_a_general_question_after_a_flag_does_not_clear_it(chat):
    chat.say("one calf is puffy and sore since the long drive")
    chat.say("what are the signs of a clot anyway?")
    reply = record(chat.say("start the calf massage"))
    assert reply["id"] == "blood-clot" and "Earlier you mentioned" in reply["text"], reply["why"]
