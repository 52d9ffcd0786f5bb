"""A carer's request said as wanting to help ("how do I help her, she gets stiff knees", "how do
I ease my husband's knee pain") is read as one: a partner routine, whose check asks about the
person helped, is the answer or comes with it. The same said of one's own knees is unchanged."""

from __future__ import annotations

from helpers import Conversation

PARTNER = ("Lift technique", "Friction technique", "Quad compression")


def _offers_a_partner_routine(chat: Conversation) -> bool:
    partner_answered = chat.last.meta.id is not None and chat.last.meta.id.startswith("partner-")
    return partner_answered or any(label.endswith(PARTNER) for label in chat.labels)


def test_wanting_to_help_her_with_stiff_knees_offers_a_partner_routine(chat: Conversation) -> None:
    chat.say("my wife gets stiff knees in the morning, how do I help her")
    assert _offers_a_partner_routine(chat), (chat.text, chat.labels)
    chat.say("ok let's try that")
    assert "person you're massaging" in chat.text, chat.text


def test_my_own_arthritic_knees_still_get_the_daily_plan(chat: Conversation) -> None:
    chat.say("what can I do every day for my arthritic knees")
    assert chat.last.meta.kind == "plan", chat.text


def test_easing_his_pain_offers_a_partner_routine(chat: Conversation) -> None:
    chat.say("how do I ease my husband's knee pain")
    assert _offers_a_partner_routine(chat), (chat.text, chat.labels)


def test_my_own_stiff_mornings_get_no_partner_routine(chat: Conversation) -> None:
    chat.say("my knees are stiff first thing, how can I help that")
    assert not _offers_a_partner_routine(chat), chat.labels
