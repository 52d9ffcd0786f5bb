"""The safety check before a routine answered in sentences, as people type it: the lines that
apply named in everyday words, "none" with a slip, "the rest don't apply", a question asked at
the check, and a carer's answers about the person they massage."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_safety_check

RATING = "how much does"


def test_naming_the_one_line_that_applies_goes_on_without_the_rest_of_the_check(chat: Conversation) -> None:
    at_safety_check(chat, "start the qigong knee massage")
    chat.say("just the pregnancy")
    assert "left out" in chat.text and "SP10" in chat.text  # the step left out in pregnancy, said
    assert SAFETY_CHECK not in chat.text  # the other lines were said not to apply
    chat.press(lambda label: label.startswith("▶ Continue"))
    assert RATING in chat.text


def test_veins_named_on_one_leg_offer_the_other_leg(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("veins on my left leg")
    assert "Right leg only" in " ".join(chat.labels)
    assert "Can I massage over varicose veins" not in chat.text  # not an article instead of the check


def test_one_line_named_as_the_only_one_on_the_other_side(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("only varicose veins on my right leg, rest are fine")
    chat.press(lambda label: label.startswith("▶ Left leg"))
    assert RATING in chat.text  # every other line answered: no check again
    assert "· left leg" in chat.press("Skip").replies[0].text


def test_a_question_at_the_check_is_answered_and_the_check_kept(chat: Conversation) -> None:
    at_safety_check(chat, "start the qigong knee massage")
    chat.say("I take apixaban, does that count?")
    assert "counts" in chat.text and "Blood thinners" in chat.text
    assert SAFETY_CHECK in chat.text and "✓ None of these" in chat.labels  # the rest still to answer
    assert "Blood thinners (such as" not in chat.text  # its own line is no longer listed


def test_none_typed_with_a_slip_clears_the_check(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("none of thees")
    assert RATING in chat.text


def test_the_rest_do_not_apply_clears_the_check(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("no the rest don't apply")
    assert RATING in chat.text


def test_none_of_em_under_the_introduction_starts_the_routine(chat: Conversation) -> None:
    chat.say("start the qigong knee massage")
    chat.say("none of em")
    assert RATING in chat.text


def test_a_condition_and_none_of_the_others_under_the_introduction_start_the_routine(chat: Conversation) -> None:
    chat.say("can we do the qigong knee massage")
    chat.say("i take warfarin, none of the others")
    assert "Empty palm patting" in chat.text  # what is left out for blood thinners, said
    assert "Can I do acupressure if I take blood thinners" not in chat.text
    chat.press(lambda label: label.startswith("▶ Continue"))
    assert RATING in chat.text


def test_a_carers_answer_is_about_the_person_massaged(chat: Conversation) -> None:
    chat.say("the partner lift technique for my dad please")
    assert "Partner knee massage" in chat.text
    chat.say("he's on blood thinners, apixaban i think. nothing else")
    assert "They may bruise" in chat.text and "You may bruise" not in chat.text
    assert "Noted: you take" not in chat.text
    mine = chat.command("mydata").replies[0].text
    about_you, _, about_them = mine.partition("About the person you help")
    assert "blood thinners" not in about_you.lower() and "blood thinners" in about_them.lower()


def test_a_carers_answer_under_the_introduction_starts_on_their_clear_leg(chat: Conversation) -> None:
    chat.say("i want to massage my wife's knee, the one where you squeeze above and below the kneecap")
    chat.say("she has varicose veins on her left leg, the right is fine")
    assert "Right leg only" in " ".join(chat.labels)
    assert "you have varicose veins" not in chat.text.lower()
    assert "Noted" not in chat.text


def test_a_pregnancy_told_at_a_partner_check_leaves_out_steps_for_them(chat: Conversation) -> None:
    chat.say("the partner friction technique please")
    chat.press("▶ Start")
    chat.say("only the pregnancy one")
    assert "midwife" in chat.text and "your midwife" not in chat.text  # said of the person massaged
    assert SAFETY_CHECK not in chat.text


def test_asking_for_the_clear_leg_in_words_takes_it(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("veins on my left leg")
    chat.say("so can i do the right one then?")
    assert SAFETY_CHECK in chat.text and "▶ Right leg only" not in chat.labels  # the right leg taken; the rest asked
    chat.say("none of those")
    assert RATING in chat.text
    assert "· right leg" in chat.press("Skip").replies[0].text
