"""Asking for routines, daily plans and everyday care in one's own words. Somebody else named
says who a routine is for, not which: a routine for oneself asked for someone else is that
routine, with a word on whom its safety check is about and the partner routines beside it. A
routine is found by what its steps do, the list of what the bot has is shown when asked for, and
a plan for a situation said without the knee is found by what the plan is for."""

from __future__ import annotations

import pytest

from helpers import Conversation

PARTNER_LABELS = {"▶ Lift technique", "▶ Friction technique", "▶ Quad compression"}


def test_a_routine_for_oneself_asked_for_someone_else_is_that_routine(chat: Conversation):
    chat.say("can I do the qigong knee massage on my dad")
    assert chat.last.meta.id == "qigong-knee", chat.text
    assert "asks about you" in chat.text and "partner routines" in chat.text, chat.text
    assert PARTNER_LABELS & {label.removeprefix("Or: ") for label in chat.labels}, chat.labels


def test_a_partner_routine_asked_for_gets_no_word_about_a_routine_for_oneself(chat: Conversation):
    chat.say("is there a routine i can do on his knee")
    assert "asks about you" not in chat.text


def test_a_routine_named_for_someone_else_is_that_routine_with_the_partner_ones_beside(chat: Conversation):
    chat.say("could I give my sister the calf massage?")
    assert chat.last.meta.id == "calf-massage", chat.text
    assert PARTNER_LABELS & {label.removeprefix("Or: ") for label in chat.labels}, chat.labels


@pytest.mark.parametrize(
    ("message", "menu"),
    [("which massages do you have", "routines"), ("list the points you cover", "points")],
)
def test_asking_for_the_list_shows_what_the_bot_has(chat: Conversation, knowledge, message, menu):
    chat.say(message)
    assert (chat.last.meta.kind, chat.last.meta.id) == ("menu", menu), chat.text
    titles = (
        [routine.label for routine in knowledge.routines]
        if menu == "routines"
        else [point.names.pinyin for point in knowledge.points]
    )
    shown = chat.text + " ".join(chat.labels)
    assert all(title in shown for title in titles), shown


def test_a_massage_round_ones_own_kneecap_is_not_a_partner_routine(chat: Conversation):
    chat.say("how do I rub round my kneecap myself")
    assert chat.last.meta.id in {"qigong-knee", "kneading-knee"}, chat.text
    assert "person you're massaging" not in chat.text


def test_a_plan_for_someone_who_sits_all_day_said_without_the_knee(chat: Conversation):
    chat.say("daily plan for a lorry driver")
    assert chat.last.meta.id == "sitting-all-day", chat.text
