"""Carers whose requests and questions hold: asking to massage someone, a routine for oneself
named for someone else, a question about the person massaged on a step of their routine; and a
daily plan asked for by someone who told their condition. Each test reads what the person would
read."""

from __future__ import annotations

from helpers import Conversation, at_step

PARTNER_LABELS = ("Lift technique", "Friction technique", "Quad compression")


def test_asking_whether_one_may_massage_him_offers_the_partner_routines(chat: Conversation) -> None:
    chat.say("am I allowed to massage him?")

    assert "don't know that one" not in chat.text, chat.text
    shown = " ".join([chat.text, *chat.labels])
    assert sum(label in shown for label in PARTNER_LABELS) >= 2, (chat.text, chat.labels)


def test_a_routine_for_oneself_named_for_a_child_is_that_routine_with_the_note(chat: Conversation) -> None:
    chat.say("is it alright to do the calf massage on my daughter? she's 14")

    assert "Calf acupressure massage" in chat.text, chat.text
    assert "its safety check asks about you" in chat.text, chat.text
    assert any(label.startswith("Or: ▶") and "technique" in label for label in chat.labels), chat.labels


def test_a_calf_resting_on_ones_lap_is_the_body_not_the_calf_routines_name(chat: Conversation) -> None:
    chat.say("my gran rests her calf on my lap, what massage can I give her for her knee")

    assert "Calf acupressure massage" not in chat.text, chat.text
    assert "lift technique" in chat.text.lower(), chat.text


def test_how_hard_to_squeeze_on_him_on_his_routine_step_is_about_pressure(chat: Conversation) -> None:
    at_step(chat, "start the lift technique", 3)

    chat.say("how hard do I squeeze on him?")

    assert "Step 3 of" not in chat.text, chat.text
    assert "dull ache" in chat.text, chat.text  # how hard to press
    assert any(label.startswith("▶ Back to step 3") for label in chat.labels), chat.labels
    chat.press(lambda label: label.startswith("▶ Back to step 3"))
    assert "Step 3 of 5" in chat.text, chat.text


def test_how_firmly_to_press_on_her_on_her_routine_is_not_another_routine(chat: Conversation) -> None:
    at_step(chat, "start the friction technique", 2)

    chat.say("how firm should my hands be on her?")

    assert "▶ Start" not in chat.labels, chat.labels  # no other routine's introduction
    assert "dull ache" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 2") for label in chat.labels), chat.labels


def test_how_long_on_a_partner_step_is_still_that_step(chat: Conversation) -> None:
    at_step(chat, "start the friction technique", 2)

    chat.say("how long should I keep doing this on her?")

    assert "Step 2 of 4" in chat.text or "1 min" in chat.text, chat.text


# --- a daily plan for the condition told ---------------------------------------------------------


def test_osteoarthritis_told_with_a_medicine_then_a_plan_asked_is_the_arthritis_plan(chat: Conversation) -> None:
    chat.say("I've got osteoarthritis and I take co-codamol for it")
    assert "osteoarthritis" in chat.text, chat.text

    chat.say("what daily plan would suit me?")

    assert "A daily plan for knees with osteoarthritis" in chat.text, chat.text


def test_a_plan_asked_for_by_what_it_is_for_is_that_plan_whatever_was_told(chat: Conversation) -> None:
    chat.say("I have osteoarthritis")

    chat.say("what should I do each day, my knees are stiff every morning")

    assert "A daily plan for stiff knees" in chat.text, chat.text


# --- at their rating: the carer's own beside theirs; a routine offered, named in a few words -----------


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return sorted((rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id))


def test_their_rating_and_the_carers_own_in_one_message_are_both_kept(engine, chat: Conversation) -> None:
    chat.say("start the quad compression")
    chat.press("▶ Start")
    chat.press("✓ None of these")

    chat.say("he tells me 5, and for me it's about 2")

    assert "Step 1 of" in chat.text, chat.text
    assert ratings(engine) == [("before", 5), ("check-in", 2)]


def test_the_quad_one_under_a_partner_routine_that_offered_it_is_that_routine(chat: Conversation) -> None:
    chat.say("how can I help my husband with his stiff knees")
    assert "▶ Quad compression" in chat.labels, chat.labels

    chat.say("ok the quad one then")

    assert "quad compression" in chat.text.lower() and "▶ Start" in chat.labels, chat.text


def test_a_rating_passed_on_during_a_step_keeps_the_place(chat: Conversation) -> None:
    at_step(chat, "start the friction technique", 2)

    chat.say("she reckons 7")

    assert "don't know that one" not in chat.text and "didn't catch" not in chat.text, chat.text
    assert "7/10" in chat.text and "Step 2 of 4" in chat.text, chat.text


def test_how_long_on_each_leg_on_a_step_gives_the_time_a_leg(chat: Conversation) -> None:
    at_step(chat, "start the quad compression", 2)

    chat.say("how many minutes do I do on each of his legs?")

    assert "7 minutes a leg" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 2") for label in chat.labels), chat.labels


# --- /mydata: what one's own message said is kept about oneself ----------------------------------------


def test_ones_own_sore_knee_told_beside_anothers_condition_is_kept_about_oneself(chat: Conversation) -> None:
    chat.say("my wife takes warfarin, and my knee is a bit sore today")

    chat.command("mydata")

    about_me, _, about_them = chat.text.partition("About the person you help")
    assert "what a recent message said" in about_me, chat.text
    assert "what a recent message said" not in about_them, chat.text
