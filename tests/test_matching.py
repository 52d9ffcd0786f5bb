"""How the bot reads questions: exact codes, forgiving names, honest fallbacks."""

from __future__ import annotations

import pytest

from bot.engine.actions import NoneOfThese, encode
from bot.engine.events import ButtonPress
from bot.engine.replies import record
from bot.matching.codes import find_codes
from bot.matching.matcher import Outcome
from bot.text.normalise import normalise


def ask(chat, text: str) -> dict:
    return record(chat.say(text))


@pytest.mark.parametrize(
    "text",
    ["SP10", "sp10", "SP-10", "sp 10", "Spleen10", "spleen-10", "splen 10", "Spleen 10?", "where is SPLEEN 10 🙂"],
)
def test_every_spelling_of_a_code_finds_the_point(chat, text):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("point", "SP10")


@pytest.mark.parametrize(
    ("text", "code", "neighbours"),
    [
        ("SP6", "SP6", {"SP10", "SP9"}),
        ("where is spleen 6", "SP6", {"SP10", "SP9"}),
        ("SP100", "SP100", {"SP10"}),
        ("ST3", "ST3", {"ST34", "ST36"}),
        ("stomach 3", "ST3", {"ST34", "ST36"}),
        ("GB30", "GB30", {"GB34"}),
        ("BL4", "BL4", {"BL40"}),
    ],
)
def test_a_code_that_is_not_covered_is_never_answered_as_a_neighbour(chat, text, code, neighbours):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback"
    assert code in reply["text"], "the reply says which code it does not cover"
    assert "SP10" in reply["text"] and "ST34" in reply["text"], "and lists the points it does cover"
    assert reply["id"] not in neighbours


@pytest.mark.parametrize(
    ("text", "answer"),
    [("can I press LI4 while I'm expecting?", "pregnancy"), ("gb21 and I take blood thinners, ok?", "blood-thinners")],
)
def test_a_code_not_covered_asked_about_with_a_condition_gets_that_conditions_answer(chat, text, answer):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("safety", answer)
    assert ask(chat, "where is LI4 exactly")["kind"] == "fallback", "a code alone stays not covered"


def test_part_codes_and_old_codes_lead_to_the_paired_point(chat):
    for text in ("ST35", "EX-LE4", "M-LE-16", "Dubi", "calf's nose"):
        assert ask(chat, text)["id"] == "EX-LE5", text


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather in Paris",
        "recipe for lasagne",
        "how do I reset my router",
        "bitcoin price",
        "zxcvbnm",
        "pressure points for a headache",
        "shoulder massage",
        "my lower back hurts",
    ],
)
def test_off_topic_messages_get_a_fallback_not_knee_content(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback"
    assert reply["buttons"], "a fallback still offers somewhere to go"


def test_section_intent_leads_with_the_asked_section(chat):
    technique = ask(chat, "how long should I press ST34")
    assert (technique["id"], technique["section"]) == ("ST34", "technique")
    body = technique["text"]
    assert body.index("How to press") < body.index("Cautions")
    assert "Location" not in body
    assert "📍 Location" in technique["buttons"] and "💡 Uses" in technique["buttons"]

    uses = ask(chat, "what is SP10 good for")
    assert uses["section"] == "uses" and "Uses" in uses["text"]

    where = ask(chat, "where is Liangqiu")
    assert where["section"] == "location" and "two thumb widths" in where["text"]


def test_point_answers_always_carry_their_cautions(chat):
    reply = ask(chat, "what is BL60 good for")
    assert "pregnancy" in reply["text"].lower()


def test_smalltalk_gets_a_short_reply_with_the_main_menu(chat):
    for text in ("hello!", "thanks a lot", "what can you do"):
        reply = ask(chat, text)
        assert reply["kind"] == "smalltalk", text
        assert "📍 Points" in reply["buttons"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("knee surgery", {"knee-surgery", "recent-surgery"}),
        ("knee massage", {"what-is-knee-massage", "knee-massage-benefits"}),
    ],
)
def test_ambiguous_questions_offer_the_close_choices(chat, knowledge, text, expected):
    """Both close entries are one tap away: as choices, or as the answer and an "Or" beside it."""
    reply = ask(chat, text)
    if reply["kind"] == "clarify":
        assert 2 <= len(reply["candidates"]) <= 3
        assert expected <= {candidate["id"] for candidate in reply["candidates"]}
        assert reply["buttons"][-1] == "None of these"
        assert reply["text"].startswith("🤔 Did you mean")
    else:
        assert reply["id"] in expected
        (other,) = expected - {reply["id"]}
        assert knowledge.get(other).label in " ".join(reply["buttons"]), reply["buttons"]


def test_choosing_none_of_these_says_what_the_bot_covers(chat):
    reply = record(chat.send(ButtonPress(encode(NoneOfThese()))))  # under any "Did you mean"
    assert reply["kind"] == "fallback"
    assert "acupressure points" in reply["text"]


def test_a_whole_screen_of_emoji_is_handled_calmly(chat):
    reply = ask(chat, "🦵" * 4096)
    assert reply["kind"] == "fallback"


def test_long_sentences_with_the_question_inside(chat):
    reply = ask(chat, "My physio told me about a point called Xuehai but I forgot where it was, can you help?")
    assert (reply["id"], reply["section"]) == ("SP10", "location")


def test_find_codes_reads_identifiers_not_quantities():
    def codes(text: str) -> list[str]:
        return [mention.code for mention in find_codes(normalise(text))]

    assert codes("ST 34 and sp10") == ["ST34", "SP10"]
    assert codes("gall bladder 34") == ["GB34"]
    assert codes("stomac 34") == ["ST34"]
    assert codes("apply heat 5 minutes") == []
    assert codes("stand up every 30-60 minutes") == []
    assert codes("EX-LE5, ex le 2") == ["EX-LE5", "EX-LE2"]


def test_matcher_never_answers_confidently_on_an_empty_message(matcher):
    assert matcher.match("   ").outcome is Outcome.FALLBACK
    assert matcher.match("?!?!").outcome is Outcome.FALLBACK
