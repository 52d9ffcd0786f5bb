"""Red flags come first, in any state; negations and questions about precautions do not alarm."""

from __future__ import annotations

import pytest

from bot.engine.replies import record

from helpers import clear_safety_check, routine_buttons


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("hot swollen knee and fever", "septic-joint"),
        ("my calf is swollen and sore after a flight", "blood-clot"),
        ("my calf is swollen and warm", "blood-clot"),
        ("I fell and I can't put any weight on it", "possible-fracture"),
        ("heard a pop, knee swelled up", "pop-and-swelling"),
        ("knee keeps locking", "locked-knee"),
        ("chest pain and my leg is swollen", "lung-clot"),
    ],
)
def test_red_flags_are_reported_as_safety_with_rule_and_severity(chat, text, rule, knowledge):
    reply = record(chat.say(text))
    assert (reply["kind"], reply["id"]) == ("safety", rule)
    assert reply["severity"] == knowledge.get(rule).severity


def test_emergency_replies_give_example_numbers(chat):
    reply = record(chat.say("I'm suddenly short of breath"))
    assert reply["severity"] == "emergency"
    for number in ("112", "999", "911"):
        assert number in reply["text"]
    assert "{emergency}" not in reply["text"]


def test_a_red_flag_reply_never_offers_a_routine(chat, knowledge):
    routine_labels = routine_buttons(knowledge)
    for text in ("swollen painful calf, can I massage it", "hot knee with a fever", "my kneecap popped out"):
        chat.say(text)
        assert not routine_labels & set(chat.labels), text
        assert not any(label.startswith("▶") for label in chat.labels), text


@pytest.mark.parametrize(
    "text",
    [
        "no fever",
        "my calf is not swollen",
        "I don't have a rash",
        "no swelling or redness at all",
        "the knee isn't hot",
        "I didn't fall",
    ],
)
def test_negated_mentions_do_not_trigger(triage, text):
    assert triage.check(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "temperature? nope. knee hot? no. it just aches after the drive",
        "Heat: none. Redness - no. Fever: not at all. only stiff in the mornings",
        "calf swollen? no. calf warm? no. sore after the run",
    ],
)
def test_a_checklist_answered_no_does_not_trigger(triage, text):
    """A person running through a checklist denies each sign after it, not before."""
    assert triage.check(text) is None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("fever? yes, since last night. knee? hot and puffy", "septic-joint"),
        ("any chills? nope. but my knee is red, hot and swollen", "hot-swollen-joint"),
        ("is my knee hot and swollen? not sure why, it came up overnight with a fever", "septic-joint"),
    ],
)
def test_a_checklist_with_a_yes_or_a_sign_told_after_it_still_triggers(triage, text, rule):
    hit = triage.check(text)
    assert hit is not None and hit.rule.id == rule, text


def test_precaution_questions_get_a_safety_answer_not_an_alarm(chat):
    reply = record(chat.say("can I massage over varicose veins"))
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "varicose-veins", None)
    assert "do not" in reply["text"].lower()


def test_typos_in_symptoms_are_still_caught(triage):
    hit = triage.check("my knee is swolen and i have a feaver")
    assert hit is not None and hit.rule.id == "septic-joint"


def test_the_most_severe_rule_wins(triage):
    hit = triage.check("my calf is swollen and now I'm short of breath")
    assert hit is not None and hit.rule.severity == "emergency"


def test_a_red_flag_mid_routine_stops_the_routine(chat):
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    chat.press("One or more")
    response = chat.say("wait, my knee is hot and swollen and I have a fever")
    assert response.meta.severity == "emergency"
    assert response.cancel_timers
    assert not any(label.startswith("▶ Back to") for label in chat.labels)
    assert "stopped the routine" in chat.text


def test_a_see_doctor_flag_mid_routine_can_resume(chat):
    chat.say("start the qigong massage")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("Skip")
    step = chat.last.replies[0].text
    chat.say("I've been losing weight without trying")
    assert chat.last.meta.severity == "see_doctor"
    chat.press(lambda label: label.startswith("▶ Back to step 1"))
    assert chat.last.replies[0].text == step


def test_saying_it_is_fine_after_a_red_flag_gets_one_reminder(chat):
    chat.say("my calf is swollen and warm")
    reminder = record(chat.say("it's fine"))
    assert reminder["kind"] == "safety" and "Earlier you mentioned" in reminder["text"]
    again = record(chat.say("ok"))
    assert again["kind"] == "smalltalk", "reminded once, not nagged"


def test_a_red_flag_is_never_silently_cleared_before_a_routine(chat):
    chat.say("one calf is swollen after my flight")
    chat.say("ok")
    chat.say("start the calf massage")
    assert "Earlier you mentioned" in chat.text
    assert not any(label == "▶ Start" for label in chat.labels)
    chat.press("A doctor has checked it")
    chat.say("start the calf massage")
    assert "▶ Start" in chat.labels


def test_disclaimer_on_first_use_and_in_about(chat, knowledge):
    first = chat.say("hello")
    assert first.replies[0].notice and "not medical advice" in first.replies[0].text
    second = chat.say("hello")
    assert not any(reply.notice for reply in second.replies)
    about = chat.command("about")
    assert "not medical advice" in about.replies[0].text
    assert "The articles I am written from" in about.replies[0].text and "NICE" in about.replies[0].text


# --- the concept reading: lay words, scope, context over several messages -------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("one of my calves looks chubbier than the other since the coach trip", "blood-clot"),
        ("my lower leg feels rock hard and sore since they took the cast off", "blood-clot"),
        ("temperature of 38.5 and my knee has ballooned", "septic-joint"),
        ("I feel hot then cold and achy all over, and the knee is puffy", "septic-joint"),
        ("im 67 and slipped on the ice, the knee is really sore", "possible-fracture"),
        ("came off my bike and there's bone poking through the skin below the knee", "deformity"),
        ("my toes have gone blue and tingly", "numb-cold-foot"),
        ("it aches most at 3am and I've lost a stone without trying", "night-pain-weight-loss"),
        ("I'm out of puff on one flight of stairs since yesterday", "lung-clot"),
        ("since the squat this morning the knee is stuck and won't go straight", "locked-knee"),
        ("my dad's knee is hot and swollen and he has the shakes", "septic-joint"),
        # the site after the sign is what it is said of, though the knee stands nearer before it
        ("the door slammed on my knee and now i cant feel the top of my foot", "numb-cold-foot"),
    ],
)
def test_lay_descriptions_are_read_as_red_flags(triage, text, rule):
    hit = triage.check(text)
    assert hit is not None and hit.rule.id == rule, (text, hit and hit.rule.id, hit and hit.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "I had a clot in 2010, treated, legs fine now",
        "my grandad had a DVT, is calf massage OK for me?",
        "what are the signs of a blood clot in the leg?",
        "my calf feels nice and warm after the rubbing",
        "how long is the warm-up twist on the calf",
        "both calves ache after yesterday's hill sprints",
        "no swelling, no heat, just stiff in the mornings",
        "my feet are always cold in winter",
        "will losing weight help my knees?",
        "how do I release the trigger on my nail gun, it's jammed",
    ],
)
def test_history_questions_other_people_and_harmless_warmth_are_not_flagged(triage, text):
    hit = triage.check(text)
    assert hit is None, (text, hit.rule.id, hit.evidence)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("new knee put in three years back, since the weekend it's puffy, red, hot and I'm shivering", "septic-joint"),
        ("broke my leg in 2015, now the calf is swollen, red and warm after the flight", "blood-clot"),
        ("my knee op was ages ago, the past few days it has gone hot and red and I feel feverish", "septic-joint"),
    ],
)
def test_a_past_event_does_not_set_aside_what_is_said_to_be_happening_now_after_it(triage, text, rule):
    hit = triage.check(text)
    assert hit is not None and hit.rule.id == rule, (text, hit and hit.rule.id)


@pytest.mark.parametrize(
    "text",
    [
        "my knee was hot and swollen with gout in 2019, all settled now, just want to keep moving",
        "dislocated my kneecap at 16, it's fine now and has been for years",
    ],
)
def test_a_past_problem_said_to_be_settled_now_stays_history(triage, text):
    hit = triage.check(text)
    assert hit is None, (text, hit.rule.id)


def test_each_flag_says_which_concepts_and_words_fired(chat):
    reply = record(chat.say("flew back from Spain and one calf is fatter than the other"))
    assert reply["id"] == "blood-clot"
    assert any("bigger@calf" in line and "fatter" in line for line in reply["why"]), reply["why"]


def test_a_red_flag_split_over_two_messages_is_caught(chat):
    first = record(chat.say("my calf hurts"))
    assert first["severity"] is None
    second = record(chat.say("ever since the drive back from Spain, and it's swollen now"))
    assert (second["id"], second["severity"]) == ("blood-clot", "same_day")


def test_a_second_message_can_raise_the_severity(chat):
    assert record(chat.say("my knee is red and puffy"))["severity"] == "same_day"
    worse = record(chat.say("and now I feel feverish and shivery"))
    assert (worse["id"], worse["severity"]) == ("septic-joint", "emergency")


def test_old_messages_drop_out_of_the_window(chat, clock):
    chat.say("my calf hurts")
    clock.advance(31 * 60)
    assert record(chat.say("I was on a long flight last week"))["severity"] is None


def test_a_correction_takes_back_a_flag(chat):
    assert record(chat.say("my calf is swolen"))["severity"] == "same_day"
    corrected = record(chat.say("sorry, autocorrect, I meant sore, from the gym, nothing is swollen"))
    assert corrected["severity"] is None
    assert "▶ Start" in chat.labels or record(chat.say("start the calf massage"))["kind"] == "routine"


def test_urgent_symptoms_in_pregnancy_get_maternity_advice(chat):
    chat.say("I'm 32 weeks pregnant")
    reply = record(chat.say("my face and hands have puffed up since this morning and I've got a splitting headache"))
    assert (reply["id"], reply["severity"]) == ("pregnancy-warning", "emergency")
    assert "midwife" in reply["text"] and "999" in reply["text"]
    assert not any(label.startswith("▶") for label in chat.labels)


def test_a_red_flag_at_the_end_of_the_longest_message_is_found(triage):
    story = "I have had achy knees for years and the qigong routine helps most mornings. " * 60
    text = story[: 4096 - 70] + " Since my flight yesterday my left calf is swollen and warm."
    assert len(text) <= 4096
    hit = triage.check(text)
    assert hit is not None and hit.rule.id == "blood-clot"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("my little boy wakes up at night crying with a sore leg, only the left one", True),
        ("my daughter keeps waking at night with earache", False),
        ("how can i stop my son clenching his teeth at night", False),
    ],
)
def test_a_childs_night_time_complaint_is_a_red_flag_only_where_bone_pain_can_be(triage, text, flagged):
    """Pain at night in a child's leg needs a doctor; a child's teeth, ears or tummy at night are
    not what the night-pain rule is about."""
    hit = triage.check(text)
    assert (hit is not None and hit.rule.id == "night-pain-weight-loss") is flagged, (text, hit and hit.rule.id)
