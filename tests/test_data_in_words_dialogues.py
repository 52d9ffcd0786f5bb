"""Personal data handled in plain words: one fact dropped on request while the rest is kept, and
the "erase everything?" question answered in words (a no said first keeps everything; anything
unclear asks again, and nothing is erased without a yes). Each test reads what the person reads."""

from __future__ import annotations

import pytest


def told_warfarin_and_diabetes(chat) -> None:
    chat.say("I'm diabetic.")
    chat.say("Also I take warfarin every day")
    chat.command("mydata")
    assert "you have diabetes" in chat.text and "you take blood thinners" in chat.text


def test_one_fact_can_be_dropped_in_words_and_the_rest_is_kept(chat):
    told_warfarin_and_diabetes(chat)
    chat.say("can you delete the diabetes thing please")
    assert "forgotten" in chat.text and "you have diabetes" in chat.text
    chat.command("mydata")
    assert "you have diabetes" not in chat.text
    assert "you take blood thinners" in chat.text


def test_asking_not_to_keep_a_fact_drops_it(chat):
    told_warfarin_and_diabetes(chat)
    chat.say("please don't keep the warfarin on file")
    chat.command("mydata")
    assert "you take blood thinners" not in chat.text and "you have diabetes" in chat.text


def test_naming_a_fact_without_asking_to_drop_it_keeps_it(chat):
    told_warfarin_and_diabetes(chat)
    chat.say("does warfarin matter for the calf massage?")
    chat.command("mydata")
    assert "you take blood thinners" in chat.text


def test_an_unclear_reply_to_erase_everything_asks_again_and_erases_nothing(chat):
    told_warfarin_and_diabetes(chat)
    chat.command("forget")
    chat.say("hmm let me think about that one")
    assert "didn't catch that" in chat.text and "Nothing is erased unless you say yes" in chat.text
    assert "Erase everything" in chat.text
    chat.command("mydata")
    assert "you take blood thinners" in chat.text


def test_asking_what_there_is_at_erase_everything_shows_it_and_asks_again(chat):
    told_warfarin_and_diabetes(chat)
    chat.command("forget")
    chat.say("hang on, what have you actually got?")
    assert "What I keep about you" in chat.text and "you take blood thinners" in chat.text
    assert "Nothing is erased unless you say yes" in chat.text and "Yes, erase everything" in chat.labels
    assert chat.labels.count("🗑 Erase everything") == 0, "one question, not a second erase button"
    chat.say("yes")
    chat.command("mydata")
    assert "you take blood thinners" not in chat.text and "you have diabetes" not in chat.text


def test_a_question_at_erase_everything_erases_nothing(chat):
    told_warfarin_and_diabetes(chat)
    chat.command("forget")
    chat.say("which of my things would go?")
    chat.say("no")
    assert "Nothing was erased" in chat.text
    chat.command("mydata")
    assert "you take blood thinners" in chat.text and "you have diabetes" in chat.text


def test_a_no_said_first_at_erase_everything_keeps_it_all(chat):
    told_warfarin_and_diabetes(chat)
    chat.command("forget")
    chat.say("nope, changed my mind, leave it as it is")
    assert "Nothing was erased" in chat.text
    chat.command("mydata")
    assert "you take blood thinners" in chat.text and "you have diabetes" in chat.text


def test_yes_after_asking_again_still_erases(chat):
    told_warfarin_and_diabetes(chat)
    chat.command("forget")
    chat.say("umm what")
    chat.say("yes")
    chat.command("mydata")
    assert "you take blood thinners" not in chat.text and "you have diabetes" not in chat.text


def test_diabetes_is_kept_as_said_and_still_keeps_heat_away(chat):
    chat.say("I have type 2 diabetes")
    assert "Noted: you have diabetes" in chat.text
    chat.command("mydata")
    assert "you have diabetes" in chat.text and "your feet or legs are numb" not in chat.text
    chat.say("start the calf massage")
    assert "Numb legs or feet" not in chat.text, "the check does not ask what diabetes already answers"


# --- facts told together: whose they are ------------------------------------------------------------


def test_facts_told_of_oneself_in_one_message_are_all_ones_own(chat):
    chat.say("I've got type 2 diabetes and take warfarin as well")
    chat.command("mydata")
    assert "you have diabetes" in chat.text and "you take blood thinners" in chat.text
    assert "About the person you help" not in chat.text


def test_a_fact_said_next_without_saying_whose_is_the_writers(chat):
    chat.say("I'm diabetic. On warfarin too, for my heart")
    chat.command("mydata")
    assert "you take blood thinners" in chat.text and "About the person you help" not in chat.text


def test_facts_told_of_someone_else_together_stay_theirs(chat):
    chat.say("my husband is diabetic and takes warfarin")
    chat.command("mydata")
    assert "you have diabetes" not in chat.text and "you take blood thinners" not in chat.text


def test_a_fact_told_beside_another_can_be_dropped_on_its_own(chat):
    chat.say("I have diabetes and am on warfarin")
    chat.say("actually please don't keep the warfarin")
    assert "forgotten" in chat.text
    chat.command("mydata")
    assert "you take blood thinners" not in chat.text and "you have diabetes" in chat.text


# --- erasing everything is always possible ------------------------------------------------------------

CRISIS = "honestly I don't want to be alive anymore"


def test_erasing_asked_in_words_after_a_crisis_reply_asks_the_question_with_support(chat):
    told_warfarin_and_diabetes(chat)
    chat.say(CRISIS)
    assert "Samaritans" in chat.text
    chat.say("yes just delete everything")
    assert "Erase everything I keep about you?" in chat.text and "Samaritans" in chat.text
    assert "I'm safe right now" not in chat.labels, "the request is done, not the check-in again"
    chat.say("yes")
    assert "erased everything" in chat.text and "Samaritans" in chat.text
    chat.command("mydata")
    assert "you take blood thinners" not in chat.text and "Nothing at the moment" in chat.text


def test_erasing_confirmed_by_its_button_after_a_crisis_reply_erases(chat):
    told_warfarin_and_diabetes(chat)
    chat.say(CRISIS)
    chat.say("can you wipe all my data")
    chat.press("Yes, erase everything")
    chat.command("mydata")
    assert "Nothing at the moment" in chat.text


def test_a_yes_to_erasing_with_no_question_on_show_asks_it_first(chat):
    told_warfarin_and_diabetes(chat)
    chat.say("yes, erase everything")
    assert "Erase everything I keep about you?" in chat.text and "Samaritans" not in chat.text
    chat.command("mydata")
    assert "you take blood thinners" in chat.text


# --- the diary as a file, asked in words ------------------------------------------------------------


def csv_sent(chat) -> bool:
    return any(reply.file is not None and reply.file.name.endswith(".csv") for reply in chat.last.replies)


@pytest.mark.parametrize(
    "request_",
    [
        "would it be possible to get all my scores as a csv?",
        "can I have that in a spreadsheet",
        "is there any way I can download my pain diary",
        "could you export my ratings so I can show the physio",
    ],
)
def test_the_diary_asked_for_as_a_file_is_exported(chat, request_):
    chat.say("pain 6/10 today")
    chat.command("diary")
    chat.say(request_)
    assert csv_sent(chat), chat.text


def test_a_knee_request_with_a_file_word_is_still_the_knee_request(chat):
    chat.say("can I print the calf massage steps")
    assert not csv_sent(chat) and "Calf acupressure massage" in chat.text


def test_a_fact_kept_about_the_person_helped_can_be_dropped_in_words(chat):
    chat.say("my mum is on warfarin")
    chat.command("mydata")
    assert "About the person you help" in chat.text
    chat.say("you don't need to keep the warfarin")
    assert "forgotten" in chat.text
    chat.command("mydata")
    assert "About the person you help" not in chat.text


def test_forget_typed_with_words_read_as_a_crisis_asks_under_the_crisis_reply(chat):
    told_warfarin_and_diabetes(chat)
    chat.say("everything is pointless, I want to die. /forget")
    assert "Samaritans" in chat.text and "Erase everything I keep about you?" in chat.text
    chat.say("yes")
    assert "erased everything" in chat.text and "Samaritans" in chat.text
    chat.command("mydata")
    assert "Nothing at the moment" in chat.text


@pytest.mark.parametrize("asked", ["do you store my health info?", "are my chats with you private?"])
def test_asking_whether_what_one_tells_is_kept_gets_a_plain_answer(chat, asked):
    chat.say(asked)
    assert "Your messages are not kept" in chat.text and "/mydata" in chat.text


def test_a_question_at_clear_the_diary_shows_the_diary_and_asks_again(chat):
    chat.say("pain 3/10 today")
    chat.say("clear my pain diary")
    chat.say("hold on, what have I got in there?")
    assert "Your pain diary" in chat.text and "3/10" in chat.text and "Yes, erase the diary" in chat.labels
    chat.say("no")
    chat.command("diary")
    assert "3/10" in chat.text
