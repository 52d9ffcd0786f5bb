"""What a carer tells of the person they help is kept as theirs: a rating of theirs whose number
sits in a clause of its own ("his knee feels looser now, call it a 3", "about a 3 he says") is
theirs on their step and outside a routine, never the writer's diary; a condition told of them
that no line of the check asks about (brittle bones) leads their routine's check, is listed
under what is kept about them and can be dropped; a question about how to help them with a
trouble an answer covers gets that answer first, with the partner routines under it."""

from __future__ import annotations

from helpers import SAFETY_CHECK, clear_safety_check

PARTNER_ROUTINES = {"▶ Lift technique", "▶ Friction technique", "▶ Quad compression"}


def on_their_first_step(chat) -> None:
    chat.say("I'd like to massage my partner's knee")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("Skip")
    assert "Step 1 of" in chat.text


def test_their_rating_in_a_clause_of_its_own_on_their_step(chat):
    on_their_first_step(chat)
    chat.say("his knee feels looser now, call it a 3")
    assert "3/10 for their knee" in chat.text and "Step 1 of" in chat.text, chat.text
    chat.command("diary")
    assert "check-in" not in chat.text


def test_their_rating_with_who_said_it_after_the_number(chat):
    on_their_first_step(chat)
    chat.say("it's eased off to about a 3 he reckons")
    assert "3/10 for their knee" in chat.text, chat.text


def test_their_rating_outside_a_routine_is_not_the_writers(chat):
    chat.say("my husband's knee is less achy tonight, about a 4")
    chat.command("diary")
    assert "4/10" not in chat.text, chat.text


def test_my_own_rating_beside_someone_elses_words_is_mine(chat):
    chat.say("my knee is a 5 today, my wife's is fine")
    chat.command("diary")
    assert "5/10" in chat.text


def test_their_brittle_bones_lead_their_check(chat):
    chat.say("my nan has brittle bones")
    chat.say("what massage could I do for her knees?")
    assert "Noted" not in chat.text
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text and "With osteoporosis" in chat.text, chat.text
    chat.command("mydata")
    about_me, _, about_them = chat.text.partition("About the person you help")
    assert "osteoporosis" in about_them and "you have osteoporosis" not in about_me


def test_their_condition_dropped_in_words(chat):
    chat.say("my nan has brittle bones")
    chat.say("forget the brittle bones")
    assert chat.last.meta.id == "fact-forgotten" and "person you help" in chat.text
    chat.say("what massage could I do for her knees?")
    chat.press("▶ Start")
    assert "With osteoporosis" not in chat.text


def test_how_to_help_them_with_a_trouble_an_answer_covers(chat):
    chat.say("how do I help my husband when his knees are stiff in the mornings?")
    assert chat.last.meta.id == "morning-stiffness", chat.last.meta
    assert {label.removeprefix("Or: ") for label in chat.labels} >= PARTNER_ROUTINES
    chat.say("let's try it")
    assert SAFETY_CHECK in chat.text and "person you're massaging" in chat.text


def test_a_condition_told_without_whom_under_their_introduction_is_theirs(chat):
    chat.say("I'd like to massage my client's knees")
    chat.say("has varicose veins on the right leg")
    assert "Noted: you" not in chat.text and "The left leg is clear" in chat.text, chat.text
    chat.command("mydata")
    about_me, _, _ = chat.text.partition("About the person you help")
    assert "varicose" not in about_me
