"""A fact dropped in words is said to be dropped, and nothing else: answers about a person
helped are named only when some were kept."""

from __future__ import annotations

from helpers import Conversation


def test_dropping_ones_own_fact_says_only_that_it_is_dropped(chat: Conversation) -> None:
    chat.say("I have type 1 diabetes")
    chat.say("please drop the diabetes stuff")
    assert "forgotten that you have diabetes" in chat.text
    assert "person you help" not in chat.text


def test_dropping_a_fact_kept_for_oneself_and_for_a_person_helped_says_both(chat: Conversation) -> None:
    chat.say("my husband is diabetic")
    chat.say("I am diabetic as well")
    chat.say("forget about the diabetes")
    assert "forgotten that you have diabetes" in chat.text
    assert "person you help" in chat.text
