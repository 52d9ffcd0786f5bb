"""A carer tells about the person they massage before the routine starts: what they told is
that person's, ticked on the check about them, and kept apart from the carer's own in /mydata."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation


def _about(chat: Conversation) -> tuple[str, str]:
    """/mydata split into what is about the person writing and what is about the person helped."""
    text = chat.command("mydata").replies[0].text
    mine, _, theirs = text.partition("About the person you help")
    return mine, theirs


def test_a_pregnancy_told_in_the_request_is_ticked_on_her_check(chat: Conversation) -> None:
    chat.say("my wife is 30 weeks pregnant and her knees ache in the evening, can I massage them for her?")
    assert "Noted: you're pregnant" not in chat.text
    chat.say("ok let's try it")
    assert "Pregnancy" not in chat.text.split(SAFETY_CHECK)[-1]  # her pregnancy is not asked again
    assert "pregnant (yes)" in chat.text  # and it is said why
    mine, theirs = _about(chat)
    assert "pregnant (since" not in mine and "pregnant? (since" in theirs


def test_blood_thinners_told_in_a_request_for_a_routine_are_his(chat: Conversation) -> None:
    chat.say("my husband is on blood thinners, is there a routine i can do on his knee")
    assert "Noted: you take" not in chat.text
    chat.press(lambda label: label.startswith("Or: ▶"))  # a partner routine offered under the advice
    chat.press("▶ Start")
    assert "Blood thinners (such as" not in chat.text  # his answer is known
    mine, theirs = _about(chat)
    assert "blood thinners" not in mine.lower() and "blood thinners" in theirs.lower()


def test_a_carers_own_condition_stays_theirs_not_the_person_massaged(chat: Conversation) -> None:
    chat.say("I take warfarin myself, is there a routine I can do on my mum's knees?")
    chat.press(lambda label: label.startswith("Or: ▶"))
    chat.press("▶ Start")
    assert "Blood thinners (such as" in chat.text  # asked about her: his own warfarin says nothing of her


def test_a_condition_said_under_a_partner_introduction_is_ticked_and_said(chat: Conversation) -> None:
    chat.say("the partner lift technique for my mum")
    chat.say("she takes warfarin")
    assert "Ticked on the safety check: Blood thinners" in chat.text and SAFETY_CHECK in chat.text
    assert "Noted: you take" not in chat.text


def test_a_condition_told_of_him_before_asking_for_a_routine_is_on_his_check(chat: Conversation) -> None:
    chat.say("my dad is on warfarin, has been for a while")
    assert "Noted: you take" not in chat.text
    chat.say("is there a massage I could do on his knees?")
    chat.press("▶ Start")
    assert "Blood thinners (such as" not in chat.text.split(SAFETY_CHECK)[-1]  # his answer is known
    assert "(yes)" in chat.text  # and it is said why
    mine, theirs = _about(chat)
    assert "blood thinners" not in mine.lower() and "blood thinners" in theirs.lower()


def test_her_operation_weeks_ago_told_before_the_routine_stops_her_routine(chat: Conversation) -> None:
    chat.say("my wife had keyhole surgery on her knee three weeks ago")
    chat.say("what could I do for her knees?")
    chat.press("▶ Start")
    assert "Let us not do this routine now" in chat.text or "Operation in the last 3 months" not in chat.text
    assert "surgeon" in chat.text


def test_a_condition_told_of_someone_else_is_not_on_my_own_check(chat: Conversation) -> None:
    chat.say("my mum takes warfarin")
    chat.say("start the calf massage")
    chat.press("▶ Start")
    assert "Blood thinners (such as" in chat.text  # asked about me
