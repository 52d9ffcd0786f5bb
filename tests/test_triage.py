"""Red flags come first, in any state; negations and questions about precautions do not alarm."""

from __future__ import annotations

import pytest

from bot.engine.replies import record


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("hot swollen knee and fever", "septic-joint"),
        ("my calf is swollen and sore after a flight", "blood-clot"),
        ("my calf is swollen and warm", "blood-clot"),
        ("I fell and I can't put any weight on it", "possible-fracture"),
        ("heard a pop, knee swelled up", "pop-and-swelling"),
        ("knee keeps locking", "locked-knee"),
        ("chest pain and my leg is swollen", "lung-clot"),
    ],
)
def test_red_flags_are_reported_as_safety_with_rule_and_severity(chat, text, rule, knowledge):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"]) == ("safety", rule)
    assert reply["severity"] == knowledge.get(rule).severity


def test_emergency_replies_give_example_numbers(chat):
    reply = record(chat.say("I'm suddenly short of breath"))
    assert reply["severity"] == "emergency"
    for number in ("112", "999", "911"):
        assert number in reply["text"]
    assert "{emergency}" not in reply["text"]


def test_a_red_flag_reply_never_offers_a_routine(chat, knowledge):
    routine_labels = {f"▶ {routine.label}" for routine in knowledge.routines}
    for text in ("swollen painful calf, can I massage it", "hot knee with a fever", "my kneecap popped out"):
        chat.say(text)
        assert not routine_labels & set(chat.labels), text
        assert not any(label.startswith("▶") for label in chat.labels), text


@pytest.mark.parametrize(
    "text",
    [
        "no fever",
        "my calf is not swollen",
        "I don't have a rash",
        "no swelling or redness at all",
        "the knee isn't hot",
        "I didn't fall",
    ],
)
def test_negated_mentions_do_not_trigger(triage, text):
    assert triage.check(text) is None


def test_precaution_questions_get_a_safety_answer_not_an_alarm(chat):
    reply = record(chat.say("can I massage over varicose veins"))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "varicose-veins", None)
    assert "do not" in reply["text"].lower()


def test_typos_in_symptoms_are_still_caught(triage):
    hit = triage.check("my knee is swolen and i have a feaver")
    assert hit is not None and hit.rule.id == "septic-joint"


def test_the_most_severe_rule_wins(triage):
    hit = triage.check("my calf is swollen and now I'm short of breath")
    assert hit is not None and hit.rule.severity == "emergency"


def test_a_red_flag_mid_routine_stops_the_routine(chat):
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    chat.press("No")
    response = chat.say("wait, my knee is hot and swollen and I have a fever")
    assert response.meta.severity == "emergency"
    assert response.cancel_timers
    assert not any(label.startswith("▶ Resume") for label in chat.labels)
    assert "stopped the routine" in chat.text


def test_a_see_doctor_flag_mid_routine_can_resume(chat):
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    for _ in range(5):
        chat.press("No")
    chat.press("Skip")
    step = chat.last.replies[0].text
    chat.say("I've been losing weight without trying")
    assert chat.last.meta.severity == "see_doctor"
    chat.press(lambda label: label.startswith("▶ Resume step 1"))
    assert chat.last.replies[0].text == step


def test_saying_it_is_fine_after_a_red_flag_gets_one_reminder(chat):
    chat.say("my calf is swollen and warm")
    reminder = record(chat.say("it's fine"))
    assert reminder["kind"] == "safety" and "Earlier you mentioned" in reminder["text"]
    again = record(chat.say("ok"))
    assert again["kind"] == "smalltalk", "reminded once, not nagged"


def test_a_red_flag_is_never_silently_cleared_before_a_routine(chat):
    chat.say("one calf is swollen after my flight")
    chat.say("ok")
    chat.say("start the calf massage")
    assert "Earlier you mentioned" in chat.text
    assert not any(label == "▶ Start" for label in chat.labels)
    chat.press("A doctor has checked it")
    chat.say("start the calf massage")
    assert "▶ Start" in chat.labels


def test_disclaimer_on_first_use_and_in_about(chat, knowledge):
    first = chat.say("hello")
    assert first.replies[0].notice and "not medical advice" in first.replies[0].text
    second = chat.say("hello")
    assert not any(reply.notice for reply in second.replies)
    about = chat.command("about")
    assert "not medical advice" in about.replies[0].text
    assert "Sources" in about.replies[0].text
