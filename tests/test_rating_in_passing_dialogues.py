"""At a routine's pain rating, the number is often said in passing, among words about how it went
("she pulled a face when I asked, then said 7", "he grimaced but reckons it's down to 3"): it is
the rating, for a carer the person's they massage, rather than a message nobody understood (which
got an "if this is happening now" card, once even crisis lines). A question with a number in it,
a time or a step, or two numbers, is no rating."""

from __future__ import annotations

from helpers import Conversation, clear_safety_check


def _at_their_rating(chat: Conversation) -> None:
    chat.say("the partner friction technique for my mum please")
    chat.press("▶ Start")
    clear_safety_check(chat)
    assert "how much does their knee hurt" in chat.text, chat.text


def _diary(chat: Conversation) -> str:
    return chat.command("diary").replies[0].text


def test_their_rating_said_among_how_they_took_it_is_theirs(chat: Conversation) -> None:
    _at_their_rating(chat)
    chat.say("she pulled a face when I asked, then said 7")
    assert "Step 1 of" in chat.text, chat.text
    diary = _diary(chat)
    assert "7/10 · before" in diary and "person you help" in diary, diary


def test_their_rating_after_said_with_a_remark_is_theirs(chat: Conversation) -> None:
    _at_their_rating(chat)
    chat.press("Skip")
    while "Step" in chat.text and "Next ▶" in chat.labels:
        chat.press("Next ▶")
    if "how much does their knee hurt" not in chat.text:
        chat.press(lambda label: label.startswith("✓ Done"))
    assert "how much does their knee hurt" in chat.text, chat.text
    chat.say("he grimaced a bit but reckons it's down to about 3")
    assert "how much does their knee hurt" not in chat.text, chat.text
    assert "3/10 · after" in _diary(chat)


def test_my_own_rating_said_with_a_hedge_is_taken(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.say("hmm honestly probably like a 6 i reckon, it's been a long day")
    assert "Step 1 of" in chat.text, chat.text
    assert "6/10 · before" in _diary(chat)


def test_a_question_with_a_number_at_the_rating_is_no_rating(chat: Conversation) -> None:
    _at_their_rating(chat)
    chat.say("should she rest for 5 minutes first?")
    assert "empty" in _diary(chat)


def test_two_numbers_at_the_rating_are_no_rating(chat: Conversation) -> None:
    _at_their_rating(chat)
    chat.say("she says her left is a 6 and the right one a 3")
    assert "empty" in _diary(chat)
