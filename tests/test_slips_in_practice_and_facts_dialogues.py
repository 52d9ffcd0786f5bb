"""Phone slips in what the person tells about themselves and in the practice plan's phrases: a
message that says nothing as typed is read again with its slips corrected (the matcher's speller,
which knows the domain), so "warfrin" is still warfarin and "my remidners" still the list. A
rating is only ever read as typed."""

from __future__ import annotations

from helpers import Conversation


def test_a_condition_typed_with_a_slip_is_noted_and_listed(chat: Conversation) -> None:
    chat.say("oh I'm on warfrin as well")

    assert "Noted: you take blood thinners" in chat.text, chat.text
    mine = chat.command("mydata").replies[0].text
    assert "you take blood thinners" in mine, mine


def test_a_condition_with_two_letters_swapped_is_noted(chat: Conversation) -> None:
    chat.say("I have cacner, is that a problem")
    assert "Noted: you have cancer" in chat.text, chat.text


def test_the_reminders_asked_for_with_a_slip_are_listed(chat: Conversation) -> None:
    chat.say("remind me every evening at 9")
    chat.press("London")
    assert "21:00" in chat.text

    chat.say("show my remidners")

    assert chat.last.meta.id == "reminders", chat.text
    assert "Every day at 21:00" in chat.text


def test_asking_about_holidays_with_a_slip_gets_the_honest_answer(chat: Conversation) -> None:
    chat.say("remind me weekdays at 7am")
    chat.press("London")
    chat.say("will it pause on bank holidyas")
    assert "holiday" in chat.text.lower() and "Snooze" in chat.text, chat.text


def test_a_denial_typed_with_a_slip_elsewhere_is_not_noted_as_the_fact(chat: Conversation) -> None:
    chat.say("I'm not pregnant, just wonderng")
    assert "Noted: you're pregnant" not in chat.text, chat.text
