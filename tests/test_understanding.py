"""How people really write: lay descriptions, names spelt by ear, long stories, off-topic
messages that borrow our words, steps of a routine, and the two kinds of evidence behind each
decision (words and meaning)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.engine.replies import record
from bot.engine.state import UserState
from bot.knowledge import load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.names import NameSpotter, sound_key
from bot.matching.phrases import point_names
from bot.matching.spelling import english_counts
from bot.semantic import EmbeddingCache, SemanticIndex, Semantics, SemanticText
from bot.text.normalise import normalise


def ask(chat, text):
    return record(chat.say(text))


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("the two little hollows either side of the tendon under my kneecap", "EX-LE5"),
        ("the hollow in the middle of the crease behind my knee, is that a point", "BL40"),
        ("the gap between my outer ankle bone and the achilles", "BL60"),
        # the same words, above or below, inside or outside: different points
        ("the dip at the top of my kneecap in the middle", "EX-LE2"),
        ("soft spot on the outer side just below the knee under the bony bump", "GB34"),
        ("four fingers below my kneecap just off the shin bone", "ST36"),
    ],
)
def test_a_lay_description_of_a_place_finds_the_point(chat, text, point):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("point", point), reply["why"]


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("koon loon point", "BL60"),
        ("yin ling chwan", "SP9"),
        ("where is sue high", "SP10"),
        ("zoo san lee for tired legs", "ST36"),
        ("sea of blod", "SP10"),
        ("bladder fifty seven", "BL57"),
        ("S.P. 10 location", "SP10"),
    ],
)
def test_names_spelt_by_ear_and_codes_spelt_out_are_understood(chat, text, point):
    assert ask(chat, text)["id"] == point


@pytest.mark.parametrize(
    ("text", "point", "other"),
    [
        ("should I press ST34 or SP10 for an ache on the outer side above the kneecap", "ST34", "SP10"),
    ],
)
def test_of_several_points_named_the_one_the_rest_of_the_message_describes_comes_first(chat, text, point, other):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("point", point), reply["why"]
    assert f"📍 {other}" in reply["text"], reply["text"]  # the other one answered after it


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("ST36 and SP9, what's the difference", ("ST36", "SP9")),
        ("gb34 or bl40, which would you go for", ("GB34", "BL40")),
    ],
)
def test_several_points_named_with_nothing_to_tell_them_apart_are_all_answered(chat, text, points):
    """The person named them all: each is shown, rather than asking which they meant."""
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("point", points[0]), reply["why"]
    assert all(f"📍 {point}" in reply["text"] for point in points), reply["text"]
    assert "Did you mean" not in reply["text"]


def test_a_name_inside_a_long_story_is_not_drowned(chat):
    story = (
        "my yoga teacher keeps going on about liangqiu for sore knees, I've had stiff knees since "
        "winter and my sister says it's just age - where is it?"
    )
    reply = ask(chat, story)
    assert (reply["id"], reply["section"]) == ("ST34", "location")


def test_a_question_at_the_end_of_a_story_longer_than_is_read_whole_is_answered(chat):
    story = (
        "I have been a postwoman for nineteen years, out in all weathers, and I honestly love the job. "
        "The round has got longer since they merged two of the routes, and there are a lot of steps up "
        "to the front doors on the new estate. My manager is sympathetic but there is not much he can do "
        "about it. I have tried different boots, insoles from the chemist and a sports bra for the bag "
        "strap, and my shoulders are better for it. I stretch in the van before I start and again at the "
        "end of the shift. I am not injured and nothing is swollen, it is just that I am on my feet all "
        "day and I would like something small I can do for myself on the round. So, where do I find Zusanli?"
    )
    assert len(story) > 600
    reply = ask(chat, story)
    assert (reply["id"], reply["section"]) == ("ST36", "location")


@pytest.mark.parametrize(
    "text",
    [
        "how tall are the kunlun mountains",
        "which engine oil should my car have",
        "my cow just had a calf, when should it stand",
        "is sea of blood a good film for tonight",
        "what shoes go with a navy suit",
        "where does the saying on bended knee come from",
        "is there a pressure point on the hand for travel sickness",
    ],
)
def test_off_topic_messages_that_borrow_our_words_are_not_answered(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (text, reply["why"])


@pytest.mark.parametrize(
    "text",
    ["my jaw keeps clicking when i yawn, what can i do", "my neck cracks when i look up, what can i do about it"],
)
def test_asking_what_to_do_about_something_else_is_declined_not_answered_with_the_help_text(chat, text):
    """ "what can i do" asks what to do about what was told, not what the bot can do: however close
    its letters and meaning come to "what can you do", it speaks of someone else."""
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (text, reply["kind"], reply["id"])
    assert "only help with knees" in reply["text"], reply["text"]


def test_a_question_about_something_else_ending_in_that_helps_is_no_thanks(chat):
    reply = ask(chat, "time of the month pains, any acupressure that helps?")
    assert reply["kind"] == "fallback", (reply["kind"], reply["id"])


@pytest.mark.parametrize(
    "text",
    [
        "my wrist aches from typing, is there a massage for it",
        "how do i give my wife a neck massage",
        "how should i massage my partner's lower back",
        "could you talk me through a neck rub for my flatmate",
        # unsure between the partner routines, which its wish for a massage for someone would pick
        "a gentle back massage for my mum before bed, how should i do it",
    ],
)
def test_a_massage_for_another_body_part_is_declined_with_no_knee_content(chat, text):
    """Neither a part of the message ("is there a massage for it") nor the wish for a massage
    for someone puts it on the knee: no routine, no list of routines, no choices."""
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", (text, reply["kind"], reply["why"])
    assert "only help with knees" in reply["text"], reply["text"]


@pytest.mark.parametrize(
    "text",
    ["i'd like a daily programme", "make me a knee programme", "a simple day for my nan please, her knees ache"],
)
def test_a_daily_plan_asked_for_in_few_or_unusual_words_gets_a_plan(chat, text):
    """Any plan is advice for every day, shown with the others beside it: a plan, not choices."""
    reply = ask(chat, text)
    assert reply["kind"] == "plan", (text, reply["kind"], reply["why"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a massage for my husband please", "routine"),
        ("a back massage for my wife", "fallback"),
        ("list the routines you have", "menu"),
        ("which pressure points do you know", "menu"),
    ],
)
def test_the_list_of_routines_answers_a_request_for_the_list_not_for_a_massage(chat, text, kind):
    """The list is for those who ask for it; a massage asked for gets the massage."""
    reply = ask(chat, text)
    assert reply["kind"] == kind, (text, reply["kind"], reply["id"], reply["why"])


@pytest.mark.parametrize(
    "text",
    [
        "our old cat struggles to jump now, could I rub her legs?",
        "the puppy keeps lifting one back paw after the park, can I massage his knee",
    ],
)
def test_a_massage_asked_for_an_animal_is_not_a_partner_routine(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] in ("fallback", "clarify"), (text, reply["kind"], reply["id"], reply["why"])


def test_a_pet_that_only_sets_the_scene_leaves_the_question_about_the_person(chat):
    reply = ask(chat, "walking the dog every morning makes my knees ache, why")
    assert reply["kind"] == "faq", reply["why"]


def test_a_question_about_a_step_opens_with_that_step(chat):
    reply = ask(chat, "in the calf routine how long do I hold each twist")
    assert reply["kind"] == "routine" and reply["id"] == "calf-massage"
    first_line = reply["text"].splitlines()[0]
    assert "Step" in first_line and "calf" in first_line.lower()
    assert "5 seconds" in reply["text"]


def test_asking_to_start_a_routine_does_not_jump_to_a_step(chat):
    reply = ask(chat, "start the calf routine")
    assert reply["text"].startswith("🧘"), reply["text"][:40]


def test_denied_symptoms_do_not_steer_the_answer(chat):
    reply = ask(chat, "no swelling, no heat, no fever - my knees are just stiff for ten minutes after I get up")
    assert (reply["kind"], reply["id"], reply["severity"]) == ("faq", "morning-stiffness", None)


def test_a_close_runner_up_is_offered_beside_the_answer(chat):
    reply = ask(chat, "outer thigh trigger points foam roller")
    assert reply["kind"] in ("routine", "point")
    assert any(label.startswith("Or: ") for label in reply["buttons"]), reply["buttons"]


def test_the_decision_shows_both_kinds_of_evidence(chat):
    reply = ask(chat, "why do my knees ache after sitting at my desk all day")
    assert reply["why"][0].startswith("answer")
    assert all("words" in line and "meaning" in line for line in reply["why"][1:])


def test_meaning_puts_paraphrases_together_and_topics_apart(semantics: Semantics):
    vectors = semantics.encoder.encode(
        ["where is the point above my kneecap", "location of the acupressure spot above the knee", "engine oil"]
    )
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same > 0.6 > other
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_embeddings_of_the_knowledge_are_kept_on_disk(tmp_path, knowledge, semantics: Semantics):
    cache = EmbeddingCache(tmp_path)
    texts = [SemanticText("a", "knee pain after sitting"), SemanticText("b", "calf massage")]
    SemanticIndex(semantics.encoder, texts, cache)
    kept = list(tmp_path.glob("embeddings-*.npy"))
    assert len(kept) == 1
    (tmp_path / "ignored.tmp").write_text("x")
    SemanticIndex(semantics.encoder, texts, cache)  # the second build reads the file
    assert list(tmp_path.glob("embeddings-*.npy")) == kept


def test_a_broken_cache_file_is_computed_again(tmp_path, semantics: Semantics):
    cache = EmbeddingCache(tmp_path)
    texts = [SemanticText("a", "knee pain after sitting")]
    SemanticIndex(semantics.encoder, texts, cache)
    [kept] = tmp_path.glob("embeddings-*.npy")
    kept.write_bytes(b"not an array")
    index = SemanticIndex(semantics.encoder, texts, cache)
    assert index.search(semantics.encoder.encode(["pain in the knee after sitting"]))[0][0] == "a"


def test_a_message_the_model_reads_the_same_way_is_embedded_once(semantics: Semantics):
    """Triage and the matcher write a message a little differently (case, spacing); what the
    model reads is the same, and it runs once: the second reader gets the same vector."""
    encoder = semantics.encoder
    first = encoder.encode(["Why does my KNEE click on the lighthouse stairs?"])
    runs = encoder.runs
    again = encoder.encode(
        ["why does my knee click on the lighthouse stairs ?", "why does my knee click on the lighthouse stairs"]
    )
    assert encoder.runs == runs + 1  # only the text without the question mark was new
    assert np.array_equal(again[0], first[0])
    assert not np.array_equal(again[1], first[0])


def test_a_storys_sentences_are_read_from_the_one_run_of_the_model_over_it(semantics: Semantics):
    """A story and its sentences are read from one run of the model over the whole: the story's
    vector is the one it gets embedded alone, and each sentence, read in the context of the
    story, still comes closest to itself read alone."""
    encoder = semantics.encoder
    sentences = [
        "I walk the dog along the river every morning.",
        "Lately my knee aches on the way down the stairs.",
        "Where is the point just above the kneecap?",
    ]
    story = " ".join(sentences)
    encoder.forget()
    runs = encoder.runs
    read = encoder.encode_parts(story, [story, *sentences])
    assert encoder.runs == runs + 1
    assert np.array_equal(read[0], encoder.encode([story])[0])
    assert encoder.runs == runs + 1  # the story alone: from the same run
    closeness = read[1:] @ encoder.encode(sentences).T
    assert list(closeness.argmax(axis=1)) == [0, 1, 2]
    assert np.allclose(np.linalg.norm(read, axis=1), 1.0, atol=1e-3)


def test_sound_keys_make_english_spellings_of_pinyin_agree():
    assert sound_key("xuehai") == sound_key("suehigh")
    assert sound_key("weizhong") != sound_key("wayjung")  # close, not equal: matched by similarity
    assert sound_key("kunlun") == sound_key("koonloon")


def test_an_ordinary_word_that_only_sounds_close_to_a_points_name_is_no_name(chat, knowledge):
    # "wring" comes within the similarity of "hur ding" (Heding spelt by ear) and means to wring
    reply = ask(chat, "the one where you wring your calf with both hands")
    assert (reply["kind"], reply["id"]) == ("routine", "calf-massage"), reply["why"]
    spotter = NameSpotter(point_names(knowledge), ordinary=english_counts().keys())
    assert spotter.find(normalise("twist and wring the lower calf").split()) == []
    assert [m.entry_id for m in spotter.find(normalise("where is hur ding").split())] == ["EX-LE2"]
    assert [m.entry_id for m in spotter.find(normalise("koon loon point").split())] == ["BL60"]


def test_the_matcher_needs_no_disk_cache():
    # The small knowledge of the fixtures: embedding the shipped one without a cache takes seconds.
    matcher = Matcher(load_knowledge(Path(__file__).parent / "fixtures" / "minimal"), Semantics.load())
    assert matcher.match("where is sp10").entry_id == "SP10"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("on eliquis, can I still do the knee points?", "blood-thinners"),
        ("had a hip replacement in the spring, is the calf routine ok on that leg", "recent-surgery"),
        ("my bone density scan was bad, is it safe to press hard", "osteoporosis"),
        ("finished chemo in the spring, is pressing the calf points ok", "cancer"),
        ("on warfarin, massage behind the knee alright?", "blood-thinners"),
        ("is the qigong routine alright with varicose veins", "varicose-veins"),
        # Passing conditions, named by the safety answers themselves: nothing is remembered.
        ("got a bit of a temp today, should i still do the calf routine", "fever"),
        ("cast came off on monday, am i ok to do the calf massage now", "recent-fracture"),
        ("scalded my shin with the kettle, can i rub the leg", "skin-problems"),
    ],
)
def test_whether_it_is_safe_with_a_condition_is_answered_by_that_safety_answer(chat, text, answer):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("safety", answer), reply["why"]


def test_asking_to_start_without_naming_a_routine_offers_the_routines_for_one_first(chat, knowledge):
    """As choices, or as a routine for one with another beside it ("Or: ..."): one tap either way."""
    reply = ask(chat, "ok start a massage then")
    if reply["kind"] == "clarify":
        offered = [knowledge.get(candidate["id"]) for candidate in reply["candidates"]]
    else:
        assert reply["kind"] == "routine", reply["why"]
        beside = [label for label in reply["buttons"] if label.startswith("Or:")]
        assert beside, reply["buttons"]
        offered = [knowledge.get(reply["id"])]
        offered += [r for r in knowledge.routines if any(r.label in label for label in beside)]
    assert len(offered) >= 2 and all(getattr(entry, "mode", None) for entry in offered), "only routines are offered"
    assert getattr(offered[0], "mode", None) == "self", reply


def test_how_to_do_something_safely_is_not_a_question_about_a_condition(chat):
    reply = ask(chat, "how do i make sure the steam towel won't burn my skin")
    assert reply["id"] in ("steam-towel-what", "steam-towel"), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "my daughter says she'll massage my knees for me tonight, what should she do",
        "how do i give my husband a knee rub",
    ],
)
def test_one_person_massaging_another_is_offered_a_partner_routine_first(chat, knowledge, text):
    reply = ask(chat, text)
    first = reply["id"] if reply["kind"] == "routine" else reply["candidates"][0]["id"]
    assert getattr(knowledge.get(first or ""), "mode", None) == "partner", reply["why"]


@pytest.mark.parametrize(
    ("text", "point"), [("what does the name xuehai mean", "SP10"), ("why do they call it the knee eyes", "EX-LE5")]
)
def test_a_question_about_a_points_name_is_answered_with_the_point(chat, text, point):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == ("point", point), reply["why"]


@pytest.mark.parametrize(
    ("text", "kind", "answer"),
    [
        ("right thats me off to bed, nite nite", "smalltalk", "goodbye"),
        ("good evening from a rainy Glasgow", "smalltalk", "greeting"),
        ("good morning, where is sp10", "point", "SP10"),  # a greeting before a question is not the reply
    ],
)
def test_smalltalk_at_either_end_of_a_short_message_is_smalltalk(chat, text, kind, answer):
    reply = ask(chat, text)
    assert (reply["kind"], reply["id"]) == (kind, answer), reply["why"]


@pytest.mark.parametrize(
    "text",
    [
        "could you sort out a knee routine for my whole day",
        "what should i do for my knees every day, i'm a lorry driver",
        "my mum has stiff knees, is there a simple daily plan she could follow",
        # "they" are the knees, not someone to massage
        "my knees ache after work and they're stiff when I get up, I need a daily routine",
    ],
)
def test_a_daily_plan_asked_in_other_words_gets_a_plan(chat, knowledge, text):
    reply = ask(chat, text)
    assert reply["kind"] == "plan" and knowledge.plan(reply["id"]) is not None, reply["why"]


def test_a_plan_shown_with_others_nearly_as_likely_offers_them_and_opens_them(chat, engine, knowledge):
    first, second, *_ = knowledge.plans
    response = engine.planner.respond(UserState(), first, others=(second,))
    chat.shown.extend(response.replies)  # as if the matcher had answered with it
    pressed = record(chat.press(lambda label: second.title in label and label.startswith("Or")))
    assert (pressed["kind"], pressed["id"]) == ("plan", second.id)


@pytest.mark.parametrize("text", ["make me a packing plan for my holiday", "walk me through setting up my new phone"])
def test_a_plan_or_a_walk_through_of_something_else_is_declined(chat, text):
    reply = ask(chat, text)
    assert reply["kind"] == "fallback", reply["why"]
