"""After a red flag's advice, practical questions about the wait get answers that keep to the
advice: help on its way, whether to move someone, where to go, and a doctor's all-clear. Each
test reads what the person would read."""

from __future__ import annotations

from helpers import Conversation

FALL = "my mum slipped in the kitchen, her leg is bent the wrong way below the knee and she can't stand"
CLOT = "one calf is hot, swollen and tender after the long coach trip yesterday"


def test_help_on_its_way_gets_what_to_do_meanwhile_and_keeps_the_advice(chat):
    chat.say(FALL)
    assert chat.last.meta.kind == "safety" and chat.last.meta.severity == "emergency"
    chat.say("paramedics are on their way now. what should we do till they get here")
    assert "keep them still" in chat.text and "medicines" in chat.text
    assert "emergency" in chat.text  # the advice still stands
    assert "A doctor has checked it" in chat.labels


def test_whether_to_move_someone_gets_an_answer_not_the_warning_again(chat):
    chat.say(FALL)
    chat.say("should we try lifting her onto the sofa?")
    assert "Don't move them" in chat.text
    assert "Earlier you mentioned" not in chat.text


def test_a_question_with_a_slip_in_its_first_word_is_still_answered(chat):
    chat.say(FALL)
    chat.say("shoud we pick her up")
    assert "Don't move them" in chat.text


def test_where_to_go_gets_an_answer_by_how_soon(chat):
    chat.say(CLOT)
    assert chat.last.meta.severity == "same_day"
    chat.say("is that a GP or A&E thing")
    assert "same-day appointment" in chat.text and "get it checked today" in chat.text


def test_a_doctors_all_clear_points_to_the_button_that_opens_routines(chat):
    chat.say(CLOT)
    chat.say("saw my GP this morning and she says it's fine. ok to massage now?")
    assert "A doctor has checked it" in chat.text and "A doctor has checked it" in chat.labels
    chat.press("A doctor has checked it")
    chat.say("start the calf massage")
    assert chat.last.meta.kind == "routine"


def test_a_statement_after_a_flag_with_no_question_still_gets_the_reminder(chat):
    chat.say(CLOT)
    chat.say("start the calf massage")
    assert "Earlier you mentioned" in chat.text


def test_a_painkiller_question_meanwhile_is_not_taken_for_help_on_its_way(chat):
    chat.say("my knee has gone hot, red and puffy and I've got a temperature")
    chat.say("what can I take in the meantime, is ibuprofen alright")
    assert "Paracetamol" in chat.text and "While help comes" not in chat.text


def test_carrying_on_with_a_massage_while_help_comes_gets_a_clear_no(chat):
    chat.say(FALL)
    chat.say("can I keep doing her knee gently till the ambulance comes?")
    assert "No massage" in chat.text and "keep them still" in chat.text


# --- the wait itself: what to do until then, news from the wait, the other knee ------------------

HOT_KNEE = "my knee has puffed up and gone warm and red since this morning"
INJURY = "I jumped down off a wall, felt something snap in my knee and it swelled up within the hour"


def test_asking_in_general_what_to_do_until_the_appointment_gets_the_flags_own_interim_advice(chat):
    chat.say(HOT_KNEE)
    assert chat.last.meta.kind == "safety" and chat.last.meta.severity == "same_day"
    chat.say("my GP can fit me in at five. what should I do until then?")
    assert "Earlier you mentioned" not in chat.text
    assert "raised" in chat.text and "cold pack" in chat.text and "no massage" in chat.text
    assert "get it checked today" in chat.text  # the advice still stands
    assert "A doctor has checked it" in chat.labels


def test_reassuring_details_without_a_question_get_the_wait_advice_with_the_reminder(chat):
    chat.say("my 9 year old daughter started limping on Saturday and won't say why")
    assert chat.last.meta.id == "child-limp"
    chat.say("she has no temperature and is eating fine, she only notices it after netball")
    assert "Earlier you mentioned" in chat.text
    assert "rest from sport" in chat.text and "fever" in chat.text


def test_having_been_seen_at_hospital_is_not_told_to_get_checked_again(chat):
    chat.say(INJURY)
    assert chat.last.meta.id == "pop-and-swelling"
    chat.say("been to the hospital, they reckon a ligament and I see a physio next month. fine to press points on it?")
    assert "get it checked today" not in chat.text and "Please don't wait" not in chat.text
    assert "Go by what they told you" in chat.text and "A doctor has checked it" in chat.labels


def test_the_other_knee_may_be_cared_for_after_an_injury_but_not_after_a_clot(chat, engine):
    chat.say(INJURY)
    chat.say("and what about looking after my good knee?")
    assert "gentle care of it is fine" in chat.text
    other = Conversation(engine, user_id=2)
    other.say("my right calf is tight, red and swollen since the drive back from Spain")
    assert other.last.meta.id == "blood-clot"
    other.say("can I at least massage my other leg?")
    assert "gentle care of it is fine" not in other.text and "no massage" in other.text.lower()


def test_help_arriving_gets_a_short_supportive_reply_not_the_call_now_warning(chat):
    chat.say(FALL)
    chat.say("the paramedics have arrived")
    assert "help is with you" in chat.text
    assert "still needs urgent help" not in chat.text
    assert "Earlier you mentioned" not in chat.text


def test_a_question_after_a_comma_is_still_a_question_about_the_wait(chat):
    chat.say(FALL)
    chat.say("they've told us it could be an hour, what should we do")
    assert "Earlier you mentioned" not in chat.text
    assert "straighten" in chat.text and "still needs urgent help" in chat.text


def test_thanks_after_the_waits_questions_get_a_kind_send_off_not_a_menu_of_massages(chat):
    chat.say(HOT_KNEE)
    chat.say("ok and what should I do until the appointment?")
    chat.say("cheers, will do")
    assert "Take care" in chat.text and "A doctor has checked it" in chat.labels
    assert "routine" not in chat.text.lower()


def test_once_seen_the_next_question_is_not_told_to_get_checked_again(chat):
    chat.say(INJURY)
    chat.say("back from A&E now, they think it's a ligament, physio in a fortnight")
    chat.say("is ice ok for it in the meantime?")
    assert "cold pack" in chat.text and "get it checked today" not in chat.text


def test_saying_in_words_that_one_is_safe_ends_the_crisis_check_in(chat):
    chat.say("some days I honestly wish I could just disappear for good")
    assert chat.last.meta.id == "crisis"
    chat.say("I won't do anything, I'm safe, just worn down by this knee")
    assert "Thank you for telling me" in chat.text
    chat.say("where's the point above the kneecap on the outside")
    assert "Earlier you told me" not in chat.text and chat.last.meta.kind == "point"


def test_thanks_after_a_crisis_reply_gets_no_doctor_send_off(chat):
    chat.say("some days I honestly wish I could just disappear for good")
    chat.say("ok thanks")
    assert "A doctor has checked it" not in chat.labels and "Once a doctor has seen it" not in chat.text


def test_heat_asked_about_after_a_clot_warning_gets_a_no_that_keeps_the_advice(chat):
    chat.say("my left calf is swollen and sore and warm since I got off the plane")
    assert chat.last.meta.id == "blood-clot"
    chat.say("could I put a heat pack on it this evening?")
    assert "No heat" in chat.text and "clot" in chat.text
    assert "get it checked today" in chat.text  # the advice still stands
    assert "don't know" not in chat.text


# --- soon after a flag the net caught (no listed words to catch again): the flag comes first ----

CRISIS = "honestly I've got the pills lined up and I'm done pretending I'm fine"
WELTS = "got raised red welts all over since trying the new rub and my gob feels fat"


def test_the_next_question_after_a_crisis_reply_gets_the_check_in_first(chat):
    chat.say(CRISIS)
    assert chat.last.meta.id == "crisis"
    chat.say("where is sp10")
    assert "Earlier you told me things were very hard" in chat.text and "116 123" in chat.text
    assert "I'm safe right now" in chat.labels


def test_a_message_not_understood_after_a_crisis_check_in_gets_it_again_not_i_dont_know(chat):
    chat.say(CRISIS)
    chat.say("where is sp10")
    chat.say("any chance you could recommend a film")
    assert "don't know that one" not in chat.text
    assert "Earlier you told me things were very hard" in chat.text and "116 123" in chat.text


def test_a_question_not_understood_after_an_emergency_gets_that_emergency_again(chat):
    chat.say(WELTS)
    assert chat.last.meta.id == "anaphylaxis" and chat.last.meta.severity == "emergency"
    chat.say("is a cold flannel ok")
    assert "don't know that one" not in chat.text
    assert chat.last.meta.severity == "emergency" and "999" in chat.text


def test_half_an_hour_after_a_flag_what_is_not_understood_is_said_so(chat, clock):
    chat.say(WELTS)
    clock.advance(31 * 60)
    chat.say("any chance you could recommend a film")
    assert "don't know that one" in chat.text


KERB = "I tripped on the kerb and came down hard on my knee"


def test_a_detail_added_after_an_emergency_gets_that_emergency_not_a_general_card(chat):
    chat.say(KERB)
    assert chat.last.meta.severity == "emergency"
    chat.say("I'm 71 if that matters")
    assert chat.last.meta.kind == "safety" and chat.last.meta.severity == "emergency"


def test_pain_told_again_after_other_questions_gets_the_emergency_again(chat):
    chat.say(KERB)
    chat.say("where is sp10")
    chat.say("my kneecap really hurts, I don't fancy waiting hours at the hospital")
    assert chat.last.meta.kind == "safety" and chat.last.meta.severity == "emergency"


# --- the wait asked about in words the net reads as a crisis with the flag's message; news told --


def test_asking_what_to_do_until_seen_after_a_clot_warning_gets_the_wait_not_crisis_lines(chat):
    chat.say(CLOT)
    assert chat.last.meta.id == "blood-clot", chat.text

    chat.say("ok and what do I do till I'm able to get seen")

    assert chat.last.meta.id == "blood-clot", chat.last.meta.why
    assert "Until you are seen" in chat.text, chat.text
    assert "116 123" not in chat.text and "988" not in chat.text


def test_a_nurses_view_told_after_a_clot_warning_is_not_told_to_get_checked_again(chat):
    chat.say(CLOT)

    chat.say("practice nurse reckons I've just strained the muscle")

    assert "Good that it has been checked" in chat.text, chat.text
    assert "Earlier you mentioned" not in chat.text
    assert "A doctor has checked it" in chat.labels


def test_a_gp_having_had_a_look_counts_as_seen(chat):
    chat.say(FALL)

    chat.say("the gp came out and had a look at her, she thinks it's only bruising")

    assert "Good that it has been checked" in chat.text, chat.text


def test_a_doctor_named_without_any_news_still_gets_the_reminder(chat):
    chat.say(CLOT)

    chat.say("my doctor is away this week")

    assert "Good that it has been checked" not in chat.text, chat.text
