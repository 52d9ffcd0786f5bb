"""Red flags told in ways the earlier rounds missed get the advice they call for: pre-eclampsia
signs after a birth told by a relative, a feverish child whose age is written as a number and who
cannot stand, and overdoses told as a strip or beside "not trying anything stupid" (no weight lost
without trying). Messages near a red flag without being one raise no warning: an animal's knee or
limp, an older person's stiffness without a fall, and the warmth a massage brings; a real goodbye
at a routine's step still gets crisis support. Red flags told around other things count (a plan to
die told to a carer, a knee that now and then locks at work, slurred words on a phone call, a baby
who stops crawling after a cold); a symptom that came and went, a red flag only read about, an ache
that began suddenly and nothing more, and "only on one side" raise none."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import CRISIS_LINES, assert_no_warning, at_step, routine_buttons


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        (
            "my sister had her baby six days ago and tonight her face and ankles have blown up, her head is pounding",
            "pregnancy-warning",
            "emergency",
        ),
        ("my 11 yo has flu, aching all over, and now can't bear weight on one leg", "child-fever-limp", "emergency"),
        (
            "ate a whole strip of ibuprofen this afternoon, not trying anything stupid, I just wanted the pain gone",
            "overdose",
            "emergency",
        ),
        ("necked a whole strip of naproxen cos the knee was unbearable, feel fine", "overdose", "emergency"),
    ],
)
def test_red_flags_told_in_the_ways_missed_before(chat, text, rule, severity):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, severity), reply["why"]


def test_the_usual_couple_of_tablets_is_no_overdose(chat):
    assert_no_warning(record(chat.say("I take a couple of paracetamol at breakfast like the leaflet says, is that ok")))


@pytest.mark.parametrize(
    "text",
    [
        "our old collie has started limping on his back leg, which point can I press for him?",
        "my cat's kneecap keeps slipping out of place, the vet wants to operate",
        "the pony's front knee is hot and puffy after his hack today",
    ],
)
def test_an_animals_knee_or_limp_raises_no_warning(chat, text):
    assert_no_warning(record(chat.say(text)))


def test_a_red_flag_beside_an_animal_is_still_one(chat):
    reply = record(chat.say("my horse threw me and my knee is bent sideways, it looks completely wrong"))
    assert (reply["id"], reply["severity"]) == ("deformity", "emergency"), reply["why"]


def test_an_older_person_who_cannot_bend_without_a_fall_gets_no_fracture_warning(chat):
    reply = record(chat.say("mum's 88 and can't kneel or crouch, her knees just won't bend that far"))
    assert reply["severity"] is None and reply["id"] != "possible-fracture", reply["why"]


def test_an_older_person_after_a_fall_still_gets_the_fracture_warning(chat):
    reply = record(chat.say("my dad is 81, he slipped on the patio this morning and his knee really hurts"))
    assert (reply["id"], reply["severity"]) == ("possible-fracture", "emergency"), reply["why"]


def test_warmth_the_massage_brings_is_no_clot(chat):
    assert_no_warning(record(chat.say("my calf goes warm when I've finished the kneading, is that the circulation?")))


def test_a_swollen_hot_calf_found_during_the_massage_is_still_a_clot(chat):
    reply = record(chat.say("started the calf massage and my left calf is swollen, hot and sore, only that one"))
    assert (reply["id"], reply["severity"]) == ("blood-clot", "same_day"), reply["why"]


def test_a_goodbye_that_says_more_at_a_step_still_gets_crisis_support(chat, knowledge):
    at_step(chat, "start the calf massage", 2)
    said = "this is the last time we talk. I've written to everyone and I'm going to take all my tablets tonight"
    reply = record(chat.say(said))
    assert (reply["id"], reply["severity"]) == ("crisis", "emergency"), reply["why"]
    for line in CRISIS_LINES:
        assert line in reply["text"], line
    routines = routine_buttons(knowledge)
    assert not routines & set(chat.labels)


# --- told around a red flag: someone else's plan, a knee that catches at work, a call, a toddler


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        (
            "I visit an older gentleman to help with his leg exercises. Today he told me, very matter of fact,"
            " that he intends to end his life on friday. Should we still do the exercises?",
            "crisis",
            "emergency",
        ),
        (
            "I fit kitchens, kneeling a lot. For a few weeks the right knee now and then jams part way and I"
            " have to waggle the leg before it will straighten",
            "locked-knee",
            "same_day",
        ),
        (
            "rang my uncle to ask about his knee and he could hardly get a sentence out, words all slurred and muddled",
            "stroke",
            "emergency",
        ),
        (
            "our baby had a bad cold and since this morning she won't crawl and cries when her leg moves",
            "child-fever-limp",
            "emergency",
        ),
    ],
)
def test_red_flags_told_around_other_things_get_their_advice(chat, text, rule, severity):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, severity), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "my foot went to sleep while I sat on it for the stretch, feeling came back within a minute, next step?",
        "a magazine piece said knees can lock. how is that treated? just wondering, mine bends and straightens fine",
        "my knee began aching out of nowhere this morning, no fall, nothing else. which routine helps?",
        "the ache is only in my right knee",
    ],
)
def test_symptoms_passed_read_about_or_ordinary_raise_no_red_flag(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] is None, reply["why"]
    assert not any(line in str(reply["text"]) for line in CRISIS_LINES), reply["why"]
