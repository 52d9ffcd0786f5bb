"""Follow-ups resolved from what the last answer showed: the point across the knee by where it
is ("and the outer one?" after SP10 is ST34, whatever the words alone suggest), a point the
answer offered through a routine ("that ankle point" after the answer on heels, which offers the
calf massage and its BL60), and whether a point is safe with a condition its card cautions about
(its cautions, not the general answer about the condition)."""

from __future__ import annotations


def test_the_outer_one_after_the_inner_thigh_point_is_its_counterpart(chat):
    chat.say("sp10")
    chat.say("and what about the outer one?")
    assert chat.last.meta.id == "ST34", chat.last.meta
    chat.say("how long should I hold it?")
    assert chat.last.meta.id == "ST34"


def test_the_one_on_the_outer_side_below_the_knee(chat):
    chat.say("sp9")
    chat.say("and the one on the outer side?")
    assert chat.last.meta.id == "GB34"


def test_an_ankle_point_after_an_answer_that_offered_its_routine(chat):
    chat.say("do stilettos wreck your knees?")
    assert chat.last.meta.id == "high-heels"
    chat.say("and the ankle one you mentioned?")
    assert chat.last.meta.id == "BL60", chat.last.meta


def test_safe_with_a_condition_after_a_point_card_gives_its_cautions(chat):
    chat.say("bl60")
    chat.say("would it be ok while I'm expecting?")
    assert chat.last.meta.id == "BL60" and chat.last.meta.section == "cautions"
    assert "not used at all during pregnancy" in chat.text


def test_safe_with_blood_thinners_after_a_point_card(chat):
    chat.say("spleen 10")
    chat.say("can I press it if I'm on blood thinners?")
    assert chat.last.meta.id == "SP10" and "light touch only" in chat.text


def test_a_point_with_no_caution_for_it_leaves_the_general_answer(chat):
    chat.say("st36")
    chat.say("is it safe in pregnancy?")
    assert chat.last.meta.id == "pregnancy"
