"""Somebody else named says who a routine is for, not which: a routine for oneself asked for
someone else is that routine, with a word on whom its safety check is about and the partner
routines beside it."""

from __future__ import annotations

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
