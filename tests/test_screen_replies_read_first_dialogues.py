"""A short reply typed at a screen is read as the screen's reply first: not knowing the answer
("no clue really") gets what to do when unsure with the screen again, and "and what about
myself?" right under something for the person one helps gets the routines done on one's own,
not crisis support; a short message of real distress is still answered with support."""

from __future__ import annotations

from helpers import CRISIS_LINES, SAFETY_CHECK, Conversation, clear_safety_check


def _no_alarm(chat: Conversation) -> None:
    meta = chat.last.meta
    assert meta.severity is None and not str(meta.id).startswith("now-"), meta.why
    assert not any(line in chat.text for line in CRISIS_LINES), chat.text


def test_not_knowing_at_a_routine_step_keeps_the_step_on_show(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("Skip")
    chat.say("honestly I don't know")
    _no_alarm(chat)
    assert "Step 1 of" in chat.text and "ask me anything about this step" in chat.text.lower()
    chat.say("next")
    assert "Step 2 of" in chat.text


def test_not_knowing_at_the_rating_asks_for_a_rough_guess(chat):
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.say("no clue really")
    _no_alarm(chat)
    assert "rough guess" in chat.text and "0 = no pain" in chat.text
    chat.say("4")
    assert "Step 1 of" in chat.text


def test_not_knowing_at_a_carers_check_says_to_ask_them(chat):
    chat.say("I'd like to massage my husband's knees")
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text
    chat.say("couldn't tell you")
    _no_alarm(chat)
    assert "ask them" in chat.text and SAFETY_CHECK in chat.text


def test_not_knowing_while_ticking_the_check_keeps_the_list(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.press("One or more")
    chat.say("not really sure tbh")
    _no_alarm(chat)
    assert "not sure" in chat.text and "Which ones?" in chat.text


def test_not_knowing_under_an_introduction_offers_the_start(chat):
    chat.say("start the calf massage")
    chat.say("hmm no idea")
    _no_alarm(chat)
    assert "not sure" in chat.text and "▶ Start" in chat.labels
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text


def test_asking_for_oneself_under_a_partner_routine_is_no_crisis(chat):
    chat.say("how can I help my dad with his sore knees")
    assert "Partner" in chat.text
    chat.say("and what about myself?")
    _no_alarm(chat)
    assert "For your own knees" in chat.text and "▶ Calf massage" in chat.labels


def test_asking_for_oneself_under_safety_advice_for_another_is_no_crisis(chat):
    chat.say("my partner is expecting, is it ok to massage her knees?")
    chat.say("and myself?")
    _no_alarm(chat)
    assert "For your own knees" in chat.text


def test_short_distress_under_a_partner_routine_still_gets_support(chat):
    chat.say("how can I help my dad with his sore knees")
    chat.say("nobody would miss me")
    assert chat.last.meta.id == "crisis" and all(line in chat.text for line in CRISIS_LINES)


def test_short_distress_at_the_check_still_gets_support(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("there's no point anymore")
    assert chat.last.meta.id == "crisis" and all(line in chat.text for line in CRISIS_LINES)
