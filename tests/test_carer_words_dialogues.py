"""Carers in their own words: asking to massage somebody ("could I rub her knees?", "a massage I
could give my nan") is asking for a partner routine even when the decision reads no request for
one, and a rating passed on from the person massaged ("my mum reckons about a 3") is their
rating, at the rating screen, or not noted while their routine is on hold."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation

PARTNER_TITLES = ("Lift technique", "Friction technique", "Quad compression")


def _partner_offered(chat: Conversation) -> bool:
    return any(label.startswith("Or: ▶") and label.endswith(PARTNER_TITLES) for label in chat.labels)


def test_safety_advice_about_someone_to_be_massaged_comes_with_the_partner_routines(chat: Conversation) -> None:
    chat.say("my partner is 30 weeks pregnant, could I rub her knees for her?")

    assert chat.last.meta.id == "pregnancy", chat.text
    assert "Noted: you're pregnant" not in chat.text
    assert _partner_offered(chat), chat.labels
    chat.say("ok let's do that")
    assert "person you're massaging" in chat.text or "person you are massaging" in chat.text, chat.text


def test_a_request_for_a_routine_to_follow_with_a_relative_that_nothing_places_gets_a_partner_routine(
    chat: Conversation,
) -> None:
    chat.say("is there a routine I can folow for my mum")

    if chat.last.meta.kind == "clarify":  # unsure which: the partner routines and nothing else to choose from
        assert {c.id for c in chat.last.meta.candidates} == {"partner-lift", "partner-friction", "partner-quad"}
        return
    assert (chat.last.meta.id or "").startswith("partner-"), chat.text
    assert "the person you're massaging" in chat.text
    assert sum(label.startswith("▶") and label.endswith(PARTNER_TITLES) for label in chat.labels) == 2


def test_a_wish_for_a_relative_that_is_not_about_massage_is_not_a_routine(chat: Conversation) -> None:
    chat.say("what could I do for my brother's wedding")
    assert not (chat.last.meta.id or "").startswith("partner-"), chat.text


def test_a_rating_passed_on_from_the_person_massaged_is_theirs(chat: Conversation) -> None:
    chat.say("start the friction technique")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text
    chat.press("✓ None of these")
    assert "their knee" in chat.text

    chat.say("my mum reckons about a 3")

    assert "Step 1 of" in chat.text, chat.text
    diary = chat.command("diary").replies[0].text
    assert "3/10 · before" in diary and "person you help" in diary, diary


def test_a_rating_passed_on_while_their_routine_is_on_hold_is_not_noted(chat: Conversation) -> None:
    chat.say("start the quad compression")
    chat.say("she had keyhole surgery on that knee last week, none of the rest")
    assert "surgeon" in chat.text, chat.text

    chat.say("she says it's a 7 right now")

    assert "surgeon" in chat.text and "not noted" in chat.text, chat.text
    assert "empty" in chat.command("diary").replies[0].text


def test_their_rating_before_the_routine_is_listed_about_them_in_my_data(chat: Conversation) -> None:
    chat.say("start the lift technique")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    chat.say("he reckons a 5")
    assert "Step 1 of" in chat.text, chat.text

    text = chat.command("mydata").replies[0].text
    mine, _, theirs = text.partition("About the person you help")
    assert "5/10" not in mine and "5/10" in theirs, text


def test_a_question_about_them_during_their_routine_leads_with_what_applies_to_them(chat: Conversation) -> None:
    chat.say("start the lift technique")
    chat.press("▶ Start")
    chat.say("she takes apixaban, nothing else applies")
    assert "▶ Continue gently" in chat.labels, chat.text

    chat.say("how much pressure should i use on her")

    assert chat.last.meta.kind == "faq", chat.text
    first = chat.last.replies[0].text
    assert "bruise" in first and "They" in first, chat.text


def test_a_question_that_names_nobody_during_their_routine_is_answered_as_it_is(chat: Conversation) -> None:
    chat.say("start the lift technique")
    chat.press("▶ Start")
    chat.say("she takes apixaban, nothing else applies")
    chat.say("why do knees click")
    assert "bruise" not in chat.last.replies[0].text, chat.text


def test_someone_elses_rating_typed_outside_a_routine_is_not_my_diary(chat: Conversation) -> None:
    chat.say("my husband's knee pain is about 6/10 tonight")
    assert "Noted: pain" not in chat.text and "someone else" in chat.text, chat.text
    chat.say("my mum's knee is at a 3 this morning")
    assert "someone else" in chat.text, chat.text
    assert "empty" in chat.command("diary").replies[0].text


def test_my_rating_beside_somebody_elses_is_mine(chat: Conversation) -> None:
    chat.say("my knee is at a 4 today, my wife's is worse")
    assert "Noted: pain 4/10" in chat.text, chat.text


# --- their check and their rating in one message -------------------------------------------------


def test_their_check_cleared_with_their_rating_passed_on_in_one_message_reaches_step_one(chat: Conversation) -> None:
    chat.say("start the friction technique")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text

    chat.say("nothing there for him, he reckons his knee is a 6")

    assert "Step 1 of" in chat.text, chat.text
    diary = chat.command("diary").replies[0].text
    assert "6/10 · before" in diary and "person you help" in diary, diary


def test_their_check_cleared_under_the_introduction_with_their_rating_reaches_step_one(chat: Conversation) -> None:
    chat.say("start the lift technique")

    chat.say("none for him, he'd say about a 2")

    assert "Step 1 of" in chat.text, chat.text
    assert "2/10 · before" in chat.command("diary").replies[0].text
