"""Spelling that knows the domain: slips typed on a phone are read as meant, the knowledge's
own words (names, pinyin by ear, codes, numbers) are never "corrected"."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from bot.engine import Engine
from bot.engine.replies import record
from bot.evaluation import evaluate, load_cases
from bot.knowledge import Knowledge
from bot.matching.phrases import kept_texts, knowledge_texts
from bot.matching.spelling import Speller
from bot.storage import MemoryStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import slips  # the phone-slip benchmark script

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def speller(knowledge: Knowledge) -> Speller:
    return Speller(knowledge_texts(knowledge), kept_texts(knowledge))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("wher is the point for sore kee", "where is the point for sore knee"),
        ("my knes are stif in the morning", "my knees are stiff in the morning"),
        ("what shud i do evry day", "what should i do every day"),
        ("how do i presss the pont", "how do i press the point"),
        ("massge for my calves", "massage for my calves"),
    ],
)
def test_short_and_long_slips_are_read_as_the_words_of_the_knee(speller, typed, meant):
    assert speller.correct(typed).text == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hy knee clicks", "my knee clicks"),  # two letters: one of English's commonest words
        ("whre is te point fr my kne", "where is the point for my knee"),
        ("ther are lumps", "there are lumps"),  # the word after says which word was meant
        ("a mazssage on the calf", "a massage on the calf"),  # a key brushed beside the right one
        ("how shld i press it", "how should i press it"),
    ],
)
def test_a_slip_is_read_by_the_words_around_it_and_the_keys_a_thumb_hits(speller, typed, meant):
    assert speller.correct(typed).text == meant


@pytest.mark.parametrize(
    "text",
    [
        "where is sp10",
        "sp 10 whats it for",  # a code's letters are the code's
        "is lv 3 ok",
        "my pt says walk 2 km a day",  # two letters nobody knows are an abbreviation
        "the alarm keeps beeping",  # a real word is not two slips from another
        "koon loon point",  # names spelt by ear
        "yin ling chwan",
        "xuehai and liangqiu",
        "hold it for 30 seconds",
        "it doesnt help",  # a negation without its apostrophe stays negated
        "how do I reset my router",  # ordinary English is left alone
        "stir fry recipe",
    ],
)
def test_codes_names_numbers_and_plain_english_are_left_alone(speller, text):
    spelling = speller.correct(text)
    assert spelling.text == text and spelling.changes == ()


@pytest.mark.parametrize("typed", ["bleh", "pfft", "zomg", "haha"])
def test_a_short_word_is_never_read_as_one_two_letters_away_unless_letters_were_left_out(speller, typed):
    # Two wrong letters in a word this short make another word ("bleh" is not "leg"), while two
    # left out are a slip ("shud" is "should", tested above).
    for as_typed, as_read in speller.correct(f"{typed} my knee aches").changes:
        assert OSA.distance(as_typed, as_read) < 2 or len(as_read) > len(as_typed), (as_typed, as_read)


@pytest.mark.parametrize(("typed", "code"), [("gall bladdfer 34", "GB34"), ("stomahc 36 where is it", "ST36")])
def test_a_points_name_with_a_slip_before_its_number_still_names_the_point(chat, typed, code):
    reply = record(chat.say(typed))
    assert (reply["kind"], reply["id"]) == ("point", code)


@pytest.mark.parametrize(
    ("typed", "meant"), [("thx so mcuh that was realy helpful", "thanks"), ("cheres mate", "thanks")]
)
def test_small_talk_with_slips_is_small_talk(chat, typed, meant):
    reply = record(chat.say(typed))
    assert (reply["kind"], reply["id"]) == ("smalltalk", meant)


def test_case_and_punctuation_around_a_corrected_word_are_kept(speller):
    spelling = speller.correct("Wher is ST34, please?")
    assert spelling.text == "where is ST34, please?"
    assert spelling.changes == (("wher", "where"),)


def test_the_corrected_reading_is_shown_with_the_decision(chat):
    reply = record(chat.say("wher is the point for sore kee"))
    assert reply["kind"] in ("point", "faq", "clarify")
    assert "read as: wher -> where, kee -> knee" in reply["why"]


def test_the_slip_script_slips_about_a_third_of_the_words_and_keeps_codes():
    rng = random.Random(5)
    text = "where is sp10 and how long do i press the point on my inner knee for stiffness " * 20
    slipped = slips.slip_text(text, rng, 1 / 3)
    before, after = slips._WORD.findall(text), slips._WORD.findall(slipped)
    changed = sum(a != b for a, b in zip(before, after, strict=True))
    assert 0.25 < changed / len(before) < 0.4
    assert slipped.count("sp10") == text.count("sp10")
    assert slips.slip_text(text, random.Random(5), 1 / 3) == slipped, "the same seed gives the same slips"


def test_questions_with_phone_slips_keep_nine_tenths_of_the_clean_score(knowledge, matcher, triage):
    """The first labelled set, with a slip in about a third of its words (seeded)."""
    cases = [case for case in load_cases(DATA / "questions.yaml") if case["cat"] not in ("redflag",)]
    engine = Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage)
    clean = evaluate(engine, cases).pass_rate
    slipped = evaluate(engine, slips.slipped_cases(cases, seed=11, rate=1 / 3)).pass_rate
    assert slipped >= 0.9 * clean, (clean, slipped)


@pytest.mark.parametrize(
    ("typed", "kind"), [("can i see the lst of your routnes", "menu"), ("thank yuo so mcuh", "smalltalk")]
)
def test_small_talk_and_commands_typed_with_slips_are_read_as_meant(chat, typed, kind):
    """A request for a command or a thank-you with a slip is what it would be spelt right, not a
    question about the knee."""
    reply = record(chat.say(typed))
    assert reply["kind"] == kind, (typed, reply["kind"], reply["why"])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("how hard do i press it tho", "how hard do i press it though"),  # not "to"
        ("i do the calf one cuz it helps", "i do the calf one because it helps"),  # not "cup"
        ("the pain goes right thru my knee", "the pain goes right through my knee"),
    ],
)
def test_spellings_typed_on_purpose_in_chat_are_read_as_the_words_they_stand_for(speller, typed, meant):
    assert speller.correct(typed).text == meant
