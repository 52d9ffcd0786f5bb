"""A carer who, under the partner routines offered for the person they help, asks for themselves
as well, in any words ("and me also? my knee is a little sore too", "me as well, my knees
hurt", "I've got a sore knee too"), is offered the routines done on one's own, not an answer
about knee pain in general; a question the words of an answer say shows they mean something
else. A carer asking how to help someone whose knees are sore after their sport gets the answer
about soreness after exercise first, with the partner routines under it."""

from __future__ import annotations

SELF_ROUTINES = {"▶ Calf massage", "▶ Qigong knee massage"}
PARTNER_ROUTINES = {"▶ Lift technique", "▶ Friction technique", "▶ Quad compression"}


def under_their_offer(chat) -> None:
    chat.say("my father is on warfarin, is it alright to massage his knees?")
    assert chat.last.meta.id == "blood-thinners", chat.last.meta


def test_for_me_also_beside_my_own_sore_knee(chat):
    under_their_offer(chat)
    chat.say("and me also?? my knee bit sore too")
    assert chat.last.meta.id == "for-oneself", chat.last.meta
    assert set(chat.labels) >= SELF_ROUTINES


def test_me_as_well_said_before_my_trouble(chat):
    under_their_offer(chat)
    chat.say("me as well, both my knees ache")
    assert chat.last.meta.id == "for-oneself", chat.last.meta


def test_i_have_it_too_said_as_a_statement(chat):
    chat.say("what massage can I do for my gran's knees?")
    chat.say("I have a sore knee also")
    assert chat.last.meta.id == "for-oneself", chat.last.meta
    assert set(chat.labels) >= SELF_ROUTINES


def test_a_question_of_mine_that_names_an_answer_is_that_answer(chat):
    chat.say("what massage can I do for my gran's knees?")
    chat.say("and for me, is sitting cross-legged bad for my knees?")
    assert chat.last.meta.id == "sitting-cross-legged", chat.last.meta


def test_their_knees_sore_after_their_sport_gets_that_answer_first(chat):
    chat.say("how do I help my teenage daughter, her knees get sore after hockey")
    assert chat.last.meta.id == "workout-soreness", chat.last.meta
    assert {label.removeprefix("Or: ") for label in chat.labels} >= PARTNER_ROUTINES


def test_a_boys_knees_aching_after_training_gets_that_answer_first(chat):
    chat.say("my lad is 15 and his knees ache after rugby training, anything I can do for him?")
    assert chat.last.meta.id == "workout-soreness", chat.last.meta
    assert {label.removeprefix("Or: ") for label in chat.labels} >= PARTNER_ROUTINES


def test_my_hands_sore_too_is_not_a_request_for_my_knees(chat):
    chat.say("what massage can I do for my gran's knees?")
    chat.say("my hands get sore too when I do it")
    assert chat.last.meta.id != "for-oneself", chat.last.meta
