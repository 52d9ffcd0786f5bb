"""Messages that borrow the knee's words for something else: a saying or a word asked about, a
question to the bot about its own knees, a pet's leg, meridians on a map, an aim said not to be
the knee. (Phrasings written for these tests, none of them in the labelled sets.)"""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from bot.knowledge import load_knowledge
from bot.matching.elsewhere import WordsAsked, about_the_bot
from bot.matching.phrases import lexical_phrases
from bot.text.normalise import normalise


def ask(chat, text):
    return record(chat.say(text))


@pytest.fixture(scope="module")
def words_asked() -> WordsAsked:
    knowledge = load_knowledge()
    about = knowledge.about_words
    named = (text for _, text, kind in lexical_phrases(knowledge) if kind != "phrasing")
    return WordsAsked(about.language, about.asking, about.saying, named, about.fields)


@pytest.mark.parametrize(
    "text",
    [
        "weak at the knees meaning?",
        "what is the meaning of weak in the knees",
        "where did the phrase knee-jerk reaction come from",
        "the bee's knees - what does it mean",
        "what does it mean to bring a country to its knees",
        "why do people say break a leg",
        "my gran always says she's knee-high to a grasshopper, what does that mean",
    ],
)
def test_a_saying_asked_about_gets_no_knee_content(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (text, reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("where does the idiom on bended knee come from", 1.0),  # a piece of language named
        ("knee jerk reaction definition", 1.0),  # a meaning of words no entry is named by
        ("why do we say someone is legless", 1.0),  # why people say it
        ("referred pain meaning", 0.0),  # a meaning of a name the knowledge has: a knee question
        ("whats the plural of kneecap", 1.0),  # nothing but the knee's own words
        ("what does it mean when my knee clicks on the stairs", 0.0),  # the asker's own knee
        ("my nan always said to rub goose fat on my knees, which oil is best", 0.0),  # nothing asked of words
    ],
)
def test_how_strongly_a_message_asks_about_words(words_asked, text, strength):
    assert words_asked.strength(normalise(text)) == strength


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("what does referred pain mean", "referred-pain"),
        ("what does it mean if my knee is puffy around the kneecap", "knee-swelling"),
    ],
)
def test_a_meaning_asked_of_a_knee_word_is_still_answered(chat, text, entry):
    reply = ask(chat, text)
    assert reply["id"] == entry, (text, reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    "text",
    [
        "do you even have knees?",
        "are you a robot with knees",
        "have you ever hurt your knee, bot?",
        "if you had knees would they hurt",
    ],
)
def test_a_question_to_the_bot_about_its_own_knees_is_small_talk(chat, text):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("smalltalk", "who-are-you"), (text, reply["kind"], reply["id"])


@pytest.mark.parametrize(
    ("text", "said_of_the_bot"),
    [
        ("do u even have legs", True),
        ("does a chatbot get sore knees", True),
        ("is sitting all day bad for your knees", False),  # "your": anyone's
        ("do you have a routine for stiff knees", False),  # the bot has a routine, not knees
        ("can you show me the knee massage", False),
    ],
)
def test_whose_knees_a_question_to_the_bot_is_about(text, said_of_the_bot):
    assert about_the_bot(normalise(text)) is said_of_the_bot


@pytest.mark.parametrize(
    "text",
    [
        "my dog keeps holding up his back leg, can I massage his knee?",
        "the kitten limps on a hind leg since yesterday, what should I press",
        "is it ok to give my old greyhound glucosamine for his stiff knees",
        "our lab's back knees are stiff, can i rub them",
    ],
)
def test_a_pets_leg_declined_is_sent_to_the_vet(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback" and "vet" in reply["text"], (text, reply["kind"], reply["why"])


@pytest.mark.parametrize(
    "text",
    [
        "my collie has a stiff back knee, can I press SP10 on him",  # a code, read before the decision
        "the cat is limping on one hind leg, start the calf massage for her",  # a routine named
        "our puppy won't put his back paw down, where's the knee eyes point on him",  # a point's name
        "my dogs back knee clicks, can i press ST36 on it",  # the apostrophe left out
        "is it ok to do SP10 on our horses leg",
    ],
)
def test_a_pet_as_the_one_massaged_is_sent_to_the_vet_whatever_is_named(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback" and "vet" in reply["text"], (text, reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    "text",
    [
        "my dog tripped me up and now my knee is sore, is there a point to press",
        "walking the dog twice a day makes my knees ache, where is ST36",
        "my husband walks the dog and his knee aches after, could I massage it for him",
    ],
)
def test_a_person_whose_dog_sets_the_scene_is_not_sent_to_the_vet(chat, text):
    reply = ask(chat, text)
    assert "vet" not in reply["text"], (text, reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    "text",
    ["what's the plural of knee", "tai chi breathing to calm my nerves, nothing to do with knees"],
)
def test_a_word_about_the_word_or_another_aim_said_gets_no_knee_content(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (text, reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    "text",
    [
        "what are meridians in geography",
        "what do meridians mean on a world map",
    ],
)
def test_meridians_on_a_map_get_no_knee_content(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (text, reply["kind"], reply["id"], reply["why"])
