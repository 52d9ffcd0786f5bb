"""What is said of somebody else is theirs, what the writer says of themselves is theirs own:
a relative's operation beside a request for one's own routine gets that routine (not the
operation's advice, no note that it is for someone else); a relative's medicine beside a request
to help them gets its advice with the partner routines (not "Did you mean"); at a partner
routine's rating, theirs and the carer's own said together are both kept; on their step, the
carer's own sore knee is noted as the carer's and the routine goes on; a leg to do said at the
check keeps the routine on show."""

from __future__ import annotations

from helpers import SAFETY_CHECK, clear_safety_check

PARTNER_ROUTINES = {"▶ Lift technique", "▶ Friction technique", "▶ Quad compression"}


def test_a_relatives_operation_beside_my_own_routine(chat):
    chat.say("my nephew had his knee scoped a fortnight ago")
    chat.say("it was keyhole surgery on his right knee. could I do the calf massage myself?")
    assert chat.last.meta.id == "calf-massage", chat.last.meta
    assert "Noted" not in chat.text and "written for your own leg" not in chat.text
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text and "An operation on the leg" in chat.text


def test_a_relatives_replacement_and_a_routine_for_my_own_knees(chat):
    chat.say("my uncle had a new knee put in last month, anyway can I have the qigong routine for my own knees?")
    assert chat.last.meta.id == "qigong-knee", chat.last.meta
    assert "Noted" not in chat.text and "written for your own leg" not in chat.text


def test_a_relatives_medicine_beside_a_request_to_help_them(chat):
    chat.say("grandad's on apixaban and his knees ache, what could I do for him")
    assert chat.last.meta.id == "blood-thinners", chat.last.meta
    assert {label.removeprefix("Or: ") for label in chat.labels} >= PARTNER_ROUTINES
    assert "Noted" not in chat.text


def test_theirs_and_mine_said_together_at_their_rating(chat):
    chat.say("I'd like to massage my partner's knee")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.say("he reckons it's a 6 and mine is maybe 3")
    assert "Step 1 of" in chat.text
    chat.command("diary")
    assert "6/10 · before" in chat.text and "3/10 · check-in" in chat.text


def test_my_own_sore_knee_on_their_step_is_mine(chat):
    chat.say("I'd like to massage my partner's knee")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("Skip")
    chat.say("my own left knee is the painful one btw")
    assert chat.last.meta.id != "step-hurts"
    assert "Noted" in chat.text and "your left knee" in chat.text and "Step 1 of" in chat.text
    chat.press("Next ▶")
    assert "Step 2 of" in chat.text


def test_a_leg_to_do_at_the_check_keeps_the_routine(chat):
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.say("I've got varicose veins on my left leg")
    chat.say("ok I'll only do the right one then")
    assert chat.last.meta.kind == "routine" and SAFETY_CHECK in chat.text
    assert "Calf acupressure" not in chat.text
