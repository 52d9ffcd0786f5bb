"""A red flag asked about in general and then said to be the person's own, now; and alarms that
belong to someone else or to what the person did on purpose.

* "Can a kneecap that has popped out be massaged back in?" is a question, answered as one. When
  the very next message says it is happening to them now ("it's happening to me right now",
  "yes it's like that at the moment"), the question is read again as their present: the
  dislocation's emergency advice, not the "if this is happening now" card. "No, only asking in
  general" leaves it a question.
* Someone else's pregnancy (or chemotherapy) told beside the writer's own sore knee is theirs: it
  does not make the writer's knee a pregnancy warning. Her own signs still are one.
* Warmth a hot towel brought is the towel's doing: no "if this is happening now" card for it.
"""

from __future__ import annotations

import pytest

from bot.engine.replies import record
from tests.helpers import Conversation

POPPED_OUT = "can a kneecap that has popped out be massaged back in?"
CLOT_IN_THE_FAMILY = "my brother had a DVT years back, how would you know if you had one?"


def _say(engine, user_id: int, *turns: str) -> list[dict[str, object]]:
    chat = Conversation(engine, user_id=user_id)
    return [dict(record(chat.say(turn))) for turn in turns]


def test_a_question_about_a_sign_is_answered_as_a_question(engine):
    (first,) = _say(engine, 1300, POPPED_OUT)
    assert first["severity"] is None, first["why"]


@pytest.mark.parametrize(
    ("question", "revision", "rule", "severity"),
    [
        (POPPED_OUT, "it's happening to me right now", "deformity", "emergency"),
        (POPPED_OUT, "this is me, it's out as we speak", "deformity", "emergency"),
        (POPPED_OUT, "yes it's like that at the moment", "deformity", "emergency"),
        (CLOT_IN_THE_FAMILY, "that's me right now", "blood-clot", "same_day"),
    ],
)
def test_saying_it_is_happening_now_turns_the_question_into_the_flag(engine, question, revision, rule, severity):
    first, second = _say(engine, 1301, question, revision)
    assert first["severity"] is None, first["why"]
    assert (second["id"], second["severity"]) == (rule, severity), second["why"]
    assert "said earlier" in str(second["why"])


@pytest.mark.parametrize(
    "answer",
    [
        "no, only asking in general",
        "just curious, all fine here",
        "not me, I'm fine",
        "ok, show me the knee massage now",
    ],
)
def test_saying_it_was_only_a_question_leaves_it_a_question(engine, answer):
    for question in (POPPED_OUT, CLOT_IN_THE_FAMILY):
        _, second = _say(engine, 1302, question, answer)
        assert second["severity"] is None, (question, answer, second["why"])


def test_only_the_very_next_message_can_revise_the_question(engine):
    *_, last = _say(engine, 1303, POPPED_OUT, "thanks", "it's happening right now")
    assert last["severity"] is None, last["why"]


def test_the_emergency_advice_says_what_to_do_for_a_kneecap_out_of_place(engine):
    chat = Conversation(engine, user_id=1304)
    chat.say(POPPED_OUT)
    reply = chat.say("this is me, it's out as we speak")
    text = " ".join(r.text for r in reply.replies).lower()
    assert "do not try to push it back" in text, text
    assert "if this is happening now" not in text, text


# --- whose pregnancy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "my partner is expecting and my own knee is sore and swollen from decorating, which points help?",
        "my daughter's pregnant and staying with us, my knee is puffy and aching from all the stairs",
        "wife is 7 months pregnant, I've got a swollen knee after five-a-side, can I still do the routine?",
    ],
)
def test_someone_elses_pregnancy_beside_ones_own_knee_is_no_pregnancy_warning(engine, message):
    (reply,) = _say(engine, 1310, message)
    assert reply["id"] != "pregnancy-warning", reply["why"]
    assert reply["severity"] is None, reply["why"]


@pytest.mark.parametrize(
    "message",
    [
        "my partner is expecting and her ankles and face suddenly swelled up this evening",
        "my daughter is 32 weeks pregnant, her hands have puffed up and she has a splitting headache",
    ],
)
def test_her_own_signs_in_pregnancy_are_still_the_warning(engine, message):
    (reply,) = _say(engine, 1311, message)
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency"), reply["why"]


# --- warmth the towel brought ---------------------------------------------------------------------


def test_warmth_from_the_hot_towel_gets_no_happening_now_card(engine):
    (reply,) = _say(engine, 1320, "my knee feels lovely and warm with the hot towel on it")
    assert reply["severity"] is None, reply["why"]
    assert not str(reply["id"] or "").startswith("now-"), reply["why"]


def test_a_swollen_calf_after_the_towel_is_still_a_clot_warning(engine):
    (reply,) = _say(engine, 1321, "my calf is warm and swollen after the hot towel")
    assert reply["id"] == "blood-clot", reply["why"]


# --- talk about a condition ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "my mum was a nurse and she's forever warning me about clots. which acupressure point is best for knee pain?",
        "my wife has been reading about thrombosis all week, I just want to know where SP9 is",
    ],
)
def test_a_relative_who_talks_about_clots_is_no_clot(engine, message):
    (reply,) = _say(engine, 1330, message)
    assert reply["severity"] is None, reply["why"]


def test_talk_about_clots_beside_a_calf_that_shows_one_is_still_a_clot_warning(engine):
    (reply,) = _say(engine, 1331, "my husband keeps talking about clots and now my own calf is swollen and hot")
    assert reply["id"] == "blood-clot", reply["why"]


# --- still caught ----------------------------------------------------------------------------------


def test_waters_breaking_early_cried_out_during_a_routine_is_the_pregnancy_warning(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    chat.say("3")
    reply = record(chat.say("oh no my waters have just gone everywhere and I'm only 32 weeks"))
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency"), reply["why"]


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("leg in the plaster, pain too much strong, more and more, toes feel nothing and cold", "compartment-syndrome"),
        (
            "I've put aside all my tablets and written notes to my children. I can't see things getting better",
            "crisis",
        ),
    ],
)
def test_a_plan_told_without_its_words_and_pressure_in_a_cast_in_broken_english_are_caught(engine, message, rule):
    (reply,) = _say(engine, 1340, message)
    assert (reply["id"], reply["severity"]) == (rule, "emergency"), reply["why"]


# --- an operation or a relative's clot long ago -------------------------------------------------


@pytest.mark.parametrize(
    ("message", "note"),
    [
        ("my dad had a DVT about 15 years ago, can I massage my calves?", "a clot long ago"),
        (
            "had my knee operated on in 2010, it is a bit stiff these days, can I do the knee routine?",
            "an operation that healed years ago",
        ),
    ],
)
def test_a_clot_or_an_operation_long_ago_is_no_caution_but_a_note_before_the_routine(engine, message, note):
    (reply,) = _say(engine, 1350, message)
    assert reply["kind"] == "routine" and reply["severity"] is None, reply["why"]
    assert str(reply["text"]).lower().startswith(note), reply["text"]


def test_an_operation_a_few_weeks_ago_still_gets_the_caution(engine):
    (reply,) = _say(engine, 1351, "I had knee surgery 3 weeks ago, can I massage it?")
    assert reply["id"] == "recent-surgery", reply["why"]
    assert "surgeon" in str(reply["text"]), reply["text"]


# --- falls in older people, a limp that is over, heat or ice, another language ----------------


@pytest.mark.parametrize(
    "message",
    [
        "my grandmother is 93 with fragile bones, she went down on her knee and can't get up off the floor",
        "my elderly dad with osteoporosis tripped on the step and we can't get him up",
    ],
)
def test_an_older_persons_fall_they_cannot_get_up_from_is_a_possible_fracture(engine, message):
    (reply,) = _say(engine, 1360, message)
    assert (reply["id"], reply["severity"]) == ("possible-fracture", "emergency"), reply["why"]


def test_a_small_fall_with_osteoporosis_walked_off_stays_see_a_doctor(engine):
    (reply,) = _say(
        engine, 1361, "I have osteoporosis and tripped on the kerb yesterday, walking fine but my knee aches"
    )
    assert reply["severity"] == "see_doctor", reply["why"]


def test_a_childs_limp_that_is_over_is_history(engine):
    message = (
        "my daughter limped for a day after tumbling off the climbing frame last week, "
        "she's been running around fine all week, any exercises for kids' knees?"
    )
    (reply,) = _say(engine, 1362, message)
    assert reply["severity"] is None, reply["why"]


def test_a_childs_limp_now_is_still_same_day(engine):
    (reply,) = _say(engine, 1363, "my son has been limping since he fell off his bike yesterday")
    assert (reply["id"], reply["severity"]) == ("child-limp", "same_day"), reply["why"]


@pytest.mark.parametrize(
    "message",
    ["shoud i put a hot water bottel or ice on my knee at nigth", "hot or cold on my knee when it aches at night?"],
)
def test_choosing_between_heat_and_ice_is_no_hot_joint(engine, message):
    (reply,) = _say(engine, 1364, message)
    assert reply["severity"] is None and reply["id"] == "heat-or-ice", reply["why"]


def test_a_message_mostly_in_another_language_says_english_only_with_what_to_do_now(engine):
    (reply,) = _say(engine, 1365, "mein Knie ist seit gestern rot, heiss und geschwollen, was soll ich tun")
    text = str(reply["text"])
    assert reply["id"] == "english-only", reply["why"]
    assert "only understand English" in text and "emergency" in text and "999" in text, text
    assert "don't know that one" not in text
