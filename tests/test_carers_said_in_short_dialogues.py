"""Carers in a few words: "go on" under an answer that offered their routines, "and for me?"
after one, what the carer says of themselves at the check about the person they help, and
"does it know I take it?" after telling it of them; and "for what is good" after a point card.
Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step


def test_go_on_under_an_answer_that_offered_their_routines_starts_the_first(chat: Conversation) -> None:
    chat.say("my husband is on rivaroxaban, am I ok to massage his knees?")
    assert any(label.startswith("Or: ▶") for label in chat.labels), chat.labels

    chat.say("ok go on")

    assert SAFETY_CHECK in chat.text, chat.text


def test_and_for_me_after_a_partner_routine_offers_the_routines_done_alone(chat: Conversation) -> None:
    chat.say("what massage can I do for my dad's stiff knees")
    assert "with a helper" in chat.text, chat.text

    chat.say("and for me too?")

    assert "don't know that one" not in chat.text, chat.text
    assert "▶ Qigong knee massage" in chat.labels and "▶ Calf massage" in chat.labels, chat.labels
    assert "▶ Lift technique" not in chat.labels, chat.labels


def test_the_carers_own_condition_at_her_check_is_not_ticked_for_her(chat: Conversation) -> None:
    chat.say("start the friction technique for my sister")
    chat.press("▶ Start")

    chat.say("do you reckon I'm pregnant haha")

    assert "counts on the safety check" not in chat.text, chat.text


def test_asked_whether_it_knows_one_takes_what_was_told_of_her_keeps_it_hers(chat: Conversation) -> None:
    chat.say("my nan is on warfarin")

    chat.say("do you remember I take warfarin?")

    assert "Noted" not in chat.text, chat.text
    assert "person you help" in chat.text, chat.text
    chat.command("mydata")
    assert "you take blood thinners" not in chat.text.lower(), chat.text


def test_for_what_is_good_after_a_point_card_gives_its_uses(chat: Conversation) -> None:
    chat.say("where is GB34")

    chat.say("and for what is useful?")

    assert "GB34" in chat.text and "Uses" in chat.text, chat.text


def test_stopping_their_routine_on_a_step_asks_how_their_knee_is_for_their_diary(engine, chat: Conversation) -> None:
    chat.say("start the quad compression")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    chat.say("he says 6")
    chat.press("Next ▶")

    chat.say("stop")

    assert "Stopped" in chat.text and "their knee" in chat.text, chat.text
    chat.say("he reckons a 4 now")
    assert "Well done" not in chat.text and "6" in chat.text and "4" in chat.text, chat.text
    kept = sorted((rating.kind, rating.score) for rating in engine.practice.store.ratings(1))
    assert kept == [("after", 4), ("before", 6)], kept


def test_an_operation_of_theirs_long_ago_leads_their_routine_with_the_note(chat: Conversation) -> None:
    chat.say("my mother had her hip replaced 12 years ago, is there a massage I can give her knees?")

    assert "no reason on its own to avoid massage" in chat.text, chat.text
    assert "with a helper" in chat.text, chat.text
    shown = [label.removeprefix("Or: ") for label in chat.labels if "technique" in label or "compression" in label]
    assert len(shown) == len(set(shown)), chat.labels  # no routine offered twice


def test_nothing_else_go_ahead_where_the_clear_leg_is_offered_goes_on(chat: Conversation) -> None:
    chat.say("start the lift technique for my husband")
    chat.press("▶ Start")
    chat.say("he's got varicose veins in his right leg")
    assert "left leg is clear" in chat.text, chat.text

    chat.say("no others, carry on")

    assert "how much does their knee hurt" in chat.text, chat.text


def test_their_rating_said_before_the_check_is_done_is_kept_for_after_it(engine, chat: Conversation) -> None:
    chat.say("start the quad compression for my dad")
    chat.press("▶ Start")

    chat.say("he reckons it's about a 6")

    assert "6/10" in chat.text and SAFETY_CHECK in chat.text, chat.text
    chat.press("✓ None of these")
    assert "Step 1 of" in chat.text, chat.text
    kept = sorted((rating.kind, rating.score) for rating in engine.practice.store.ratings(1))
    assert kept == [("before", 6)], kept


def test_a_bare_number_at_the_check_still_ticks_its_line(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("7")

    assert "☑ Pregnant" in chat.labels, chat.labels


def test_and_for_me_after_their_routine_ended_offers_the_routines_done_alone(chat: Conversation) -> None:
    at_step(chat, "start the friction technique", 2)
    chat.say("stop")
    chat.say("she reckons 3 now")

    chat.say("and what about me?")

    assert "▶ Calf massage" in chat.labels, (chat.text, chat.labels)
