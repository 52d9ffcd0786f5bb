"""Conversation memory through the engine: follow-ups, what the person tells us, typed replies,
daily plans, /mydata and /forget, and the English-only note."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine import Engine
from bot.engine.memory.language import is_foreign
from bot.engine.memory.profile import DAY
from bot.storage import MemoryStore

from helpers import SAFETY_CHECK, Conversation


@pytest.fixture
def unsure_chat(knowledge, matcher, triage, clock):
    """A conversation with a matcher never sure enough to answer: it offers "Did you mean"
    whenever anything comes close."""
    model = matcher.model
    never_sure = replace(model, thresholds=replace(model.thresholds, answer=1.01, clarify=0.0))
    engine = Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher.with_model(never_sure), triage=triage)
    return Conversation(engine)


def screening_until(chat: Conversation, answer: str, until: str) -> list[str]:
    """Answer the safety check (and any question asked on its own) by typing ``answer`` until
    ``until`` is on screen; the screens answered."""
    asked = []
    while (SAFETY_CHECK in chat.text or "Safety check" in chat.text) and until not in chat.text:
        asked.append(chat.text)
        chat.say(answer)
    return asked


# --- 1. follow-ups ------------------------------------------------------------------------------


def test_follow_ups_after_a_point_card_are_about_that_point(chat):
    chat.say("where is SP10")
    chat.say("how long should I press it?")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP10", "technique")
    assert "How long" in chat.text
    chat.say("what is it good for?")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP10", "uses")
    chat.say("how do I press it")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP10", "technique")
    chat.say("safe in pregnancy?")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP10", "cautions")
    chat.say("and on the other leg?")
    assert chat.last.meta.id == "SP10" and "same point is on both legs" in chat.text


@pytest.mark.parametrize("question", ["how long?", "how often?", "does it hurt?", "what's it for?"])
def test_elliptical_questions_lean_on_the_point(chat, question):
    chat.say("where is ST36")
    chat.say(question)
    assert chat.last.meta.id == "ST36"


def test_without_a_topic_a_follow_up_gets_the_general_answer(chat):
    chat.say("how long should I press it?")
    assert chat.last.meta.id != "SP10"
    assert chat.last.meta.kind in ("faq", "clarify")


def test_a_message_naming_something_else_starts_a_new_topic(chat):
    chat.say("where is SP10")
    chat.say("how long do I press ST34?")
    assert chat.last.meta.id == "ST34"
    chat.say("what is empty palm patting and how do I do it")
    assert chat.last.meta.id == "empty-palm-patting"
    chat.say("my knee hurts when I bend it")
    assert chat.last.meta.id != "empty-palm-patting"


def test_context_expires_after_half_an_hour_or_five_messages(chat, clock):
    chat.say("where is SP10")
    clock.advance(31 * 60)
    chat.say("what is it good for?")
    assert chat.last.meta.id != "SP10"
    chat.say("where is SP10")
    for _ in range(5):
        chat.say("thanks")
    chat.say("what is it good for?")
    assert chat.last.meta.id != "SP10"


def test_a_follow_up_about_a_routine_opens_the_step_or_its_safety(chat):
    chat.say("tell me about the calf massage")
    assert chat.last.meta.id == "calf-massage"
    chat.say("is it safe?")
    assert chat.last.meta.section == "cautions" and "Before the first step I ask" in chat.text
    chat.say("and on the other leg?")
    assert "on the other" in chat.text and chat.last.meta.id == "calf-massage"


def test_the_inner_or_outer_one_is_the_point_across_the_knee(chat):
    chat.say("where is liangqiu")
    chat.say("and the inner one?")
    assert (chat.last.meta.kind, chat.last.meta.id) == ("point", "SP10")
    chat.say("yinlingquan")
    chat.say("what about the one on the outside, what is it good for")
    assert (chat.last.meta.id, chat.last.meta.section) == ("GB34", "uses")
    chat.say("where are the knee eyes")
    chat.say("the inner one?")
    assert chat.last.meta.id == "EX-LE5" and "Neixiyan" in chat.text, "the pair's own inner half"


def test_the_other_one_after_did_you_mean(unsure_chat):
    chat = unsure_chat
    chat.say("a pressure point above the knee")
    assert chat.last.meta.kind == "clarify"
    offered = [candidate.id for candidate in chat.last.meta.candidates]
    chat.say("the first one")
    assert chat.last.meta.id == offered[0]
    if len(offered) == 2:
        chat.say("the other one")
        assert chat.last.meta.id == offered[1]


# --- 2. what the person tells us ----------------------------------------------------------------


def test_pregnancy_is_noted_once_and_shapes_later_answers(chat, engine):
    response = chat.say("I'm 20 weeks pregnant")
    assert response.replies[0].notice
    assert "Noted: you're pregnant (20 weeks). I'll flag what to avoid." in chat.text
    stored = engine.store.raw(1)
    assert '"pregnant"' in stored and "20 weeks" not in stored, "concept and detail only, never the text"
    chat.say("I'm pregnant")
    assert "Noted" not in chat.text, "said again: nothing new to announce"

    chat.say("where is BL60")
    lines = chat.text.splitlines()
    assert lines[3].startswith("⚠️ For you:") and "pregnancy" in lines[3]

    chat.say("which oil should I use for knee massage")
    assert chat.text.splitlines()[1].startswith("⚠️ For you: If you are pregnant")


def test_a_routine_skips_what_the_person_told_us_and_says_so(chat):
    chat.say("I'm pregnant")
    chat.say("start the calf massage")
    assert "For you:" in chat.text
    chat.say("start")
    told, check = chat.text.split(SAFETY_CHECK)
    assert "You told me you're pregnant, so I've left out step 6 (Circles around the outer ankle)" in told
    assert "pregnan" not in check.lower(), "what was told is not asked"
    chat.say("no")  # none of the rest applies
    chat.say("skip")
    titles = []
    while "Step" in chat.text.splitlines()[0]:
        titles.append(chat.text.splitlines()[1])
        chat.say("next")
    assert "Circles around the outer ankle" not in titles
    assert "Circles along the outer calf" in titles


def test_blood_thinners_leave_out_the_patting_and_varicose_veins_soften_the_rest(chat, knowledge):
    chat.say("I take warfarin and I have varicose veins on my left leg")
    assert "you take blood thinners" in chat.text and "varicose veins (left leg)" in chat.text
    chat.say("start the qigong routine")
    chat.say("start")
    told = chat.text.split(SAFETY_CHECK)[0]
    assert "You told me you have varicose veins (left leg), so I'll keep this gentle" in told
    assert "You told me you take blood thinners" in told
    assert "Empty palm patting" in told and "Rub the knee" in told, "both are said to be left out"
    chat.say("nope")
    chat.say("skip")
    steps = len(knowledge.routine("qigong-knee").steps) - 2
    shown = []
    while f"of {steps}" in chat.text and len(shown) < steps:
        shown.append(chat.text)
        chat.say("next")
    assert len(shown) == steps and not any("Empty palm patting" in text for text in shown)


def test_varicose_veins_told_without_a_leg_are_not_asked_again_but_their_leg_is(chat):
    chat.say("I have varicose veins")
    chat.say("start the calf massage")
    chat.say("start")
    assert "Which leg" in chat.text and SAFETY_CHECK not in chat.text, chat.text  # the veins are known
    chat.say("both")
    assert "You told me you have varicose veins." in chat.text and "Let us not do this routine now" in chat.text


@pytest.mark.parametrize(
    "message",
    [
        "my wife is pregnant",
        "I'm not pregnant",
        "is acupressure safe during pregnancy?",
        "can I press SP10 when pregnant?",
        "I used to take warfarin",
        "my husband takes warfarin",
        "do I have arthritis?",
        "my mum has cancer, can i massage her sore knees",
    ],
)
def test_what_is_not_a_fact_about_the_person_is_not_kept(chat, engine, message):
    chat.say(message)
    assert "Noted" not in chat.text
    assert '"profile":{}' in engine.store.raw(1)


def test_a_fact_taken_back_is_forgotten(chat, engine):
    chat.say("I'm on blood thinners")
    chat.say("I stopped taking warfarin")
    assert "forgotten that you take blood thinners" in chat.text
    assert '"profile":{}' in engine.store.raw(1)


def test_a_condition_told_with_a_question_not_understood_gets_its_safety_answer(chat):
    chat.say("taking warfarin for my heart, how gentle do I need to be with the points")
    assert "Noted: you take blood thinners" in chat.text
    assert (chat.last.meta.kind, chat.last.meta.id) == ("safety", "blood-thinners"), chat.last.meta.why
    assert "don't know" not in chat.text


def test_facts_told_with_words_not_understood_get_the_notes_and_what_next_not_i_dont_know(chat):
    chat.say("I take warfarin and I'm pregnant. blorp zxqv")  # two conditions, and no question
    assert "Noted: you take blood thinners" in chat.text and "Noted: you're pregnant" in chat.text
    assert "don't know" not in chat.text and chat.last.meta.kind != "fallback"
    # What to do next, or what one of the conditions means for massage (or a choice of them).
    offered = {candidate.id for candidate in chat.last.meta.candidates}
    conditions = {"blood-thinners", "pregnancy"}
    chosen = bool(offered) and offered <= conditions
    assert "What would you like to do?" in chat.text or chat.last.meta.id in conditions or chosen, offered


def test_the_sore_side_leads_the_routines(chat):
    chat.say("it's my right knee that hurts")
    assert "Noted: your right knee is the sore one" in chat.text
    chat.say("start the calf massage")
    assert "start with that leg" in chat.text and "right" in chat.text
    chat.say("actually both knees hurt")
    assert "Noted: both your knees are sore" in chat.text
    chat.say("start the calf massage")
    assert "start with that leg" not in chat.text, "with both sore, there is no side to start with"


def test_facts_expire_unless_said_again(chat, engine, clock):
    chat.say("I'm pregnant")
    clock.advance(60 * DAY)
    chat.say("I'm pregnant")  # restated: kept another 90 days
    clock.advance(60 * DAY)
    chat.command("mydata")
    assert "you're pregnant" in chat.text
    clock.advance(31 * DAY)
    chat.command("mydata")
    assert "pregnant" not in chat.text.split("What I keep about you")[1].split("What you tell me")[0]


def test_red_flags_are_read_with_what_the_person_told_us(chat):
    chat.say("I'm 30 weeks pregnant")
    response = chat.say("I have a terrible headache and my vision is blurry")
    assert response.meta.kind == "safety" and response.meta.severity == "emergency"


# --- 3. typed replies ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["nope", "nah", "not really", "no"])
def test_no_in_ordinary_words_at_a_safety_check(chat, typed):
    chat.say("start the qigong routine")
    chat.say("let's go")
    assert SAFETY_CHECK in chat.text
    chat.say(typed)
    assert "how much does your knee hurt" in chat.text
    assert not chat.last.replies[0].edit, "a typed reply gets a new message"


@pytest.mark.parametrize("typed", ["yes", "yeah", "yep", "sure"])
def test_yes_in_ordinary_words_at_a_safety_check(chat, typed):
    chat.say("start the calf massage")
    chat.say("start")
    chat.say(typed)
    assert "Which ones?" in chat.text and "Next ▶" not in chat.labels


@pytest.mark.parametrize(("typed", "score"), [("about a 6", 6), ("6/10", 6), ("six", 6), ("it's a 7 today", 7)])
def test_a_pain_rating_in_words(chat, typed, score):
    chat.say("start the steam towel method")
    chat.say("start")
    screening_until(chat, "no", "how much")
    chat.say(typed)
    assert "Step 1 of 4" in chat.text
    for _ in range(4):
        chat.say("next")
    chat.say("3")
    assert f"pain {score} → 3" in chat.text


def test_next_back_timer_skip_and_stop_typed(chat):
    chat.say("start the qigong routine")
    chat.say("start")
    screening_until(chat, "no", "how much")
    chat.say("skip")
    assert "Step 1 of 6" in chat.text
    chat.say("next")
    assert "Step 2 of 6" in chat.text
    chat.say("back")
    assert "Step 1 of 6" in chat.text
    response = chat.say("start timer")
    assert response.timer is not None and response.timer.seconds == 120
    chat.say("skip")
    assert "Step 2 of 6" in chat.text
    response = chat.say("stop")
    assert "Stopped" in chat.text and response.cancel_timers


def test_did_you_mean_picks_by_number(unsure_chat):
    chat = unsure_chat
    chat.say("a pressure point above the knee")
    assert len(chat.last.meta.candidates) >= 2
    offered = [candidate.id for candidate in chat.last.meta.candidates]
    chat.say("the second one")
    assert chat.last.meta.id == offered[1]


def test_a_reply_word_without_a_screen_is_just_a_message(chat):
    chat.say("nope")
    assert chat.last.meta.kind in ("fallback", "smalltalk")


# --- 4. a daily plan ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plan"),
    [
        ("what should I do every day for stiff knees?", "stiff-knees"),
        ("what should I do every day for my arthritis?", "arthritic-knees"),
        ("what can I do daily for my knees after sitting all day", "sitting-all-day"),
    ],
)
def test_a_daily_plan(chat, question, plan):
    chat.say(question)
    assert (chat.last.meta.kind, chat.last.meta.id) == ("plan", plan)
    assert "📅" in chat.text and "min)" in chat.text
    assert any(label.startswith("▶ Start") for label in chat.labels)


def test_a_plan_carries_the_persons_cautions(chat):
    chat.say("I have varicose veins")
    chat.say("what should I do every day after sitting all day?")
    assert "not the Calf massage for you (you have varicose veins)" in chat.text
    chat.say("I take warfarin")
    chat.say("what should I do every day for stiff knees?")
    assert "For you: With blood thinners" in chat.text


# --- 5. data rights -----------------------------------------------------------------------------


def test_mydata_lists_what_is_kept_with_dates(chat):
    chat.command("mydata")
    assert "Nothing at the moment" in chat.text
    chat.say("I'm pregnant")
    chat.say("start the qigong routine")
    chat.say("start")
    chat.say("no")
    chat.command("mydata")
    text = chat.text
    assert "you're pregnant (since 14 Nov 2023)" in text
    assert "the routine under way: Qigong knee self-massage" in text
    assert "you said no to" in text
    assert "90 days" in text and "never stored" in text
    assert "🗑 Erase everything" in chat.labels


def test_forget_asks_then_erases_everything_and_starts_afresh(chat, engine):
    chat.say("I'm pregnant")
    chat.say("start the qigong routine")
    chat.say("start")
    chat.command("forget")
    assert "cannot be undone" in chat.text
    kept = chat.press("No, keep it")
    assert "Nothing was erased" in chat.text and engine.store.raw(1) is not None and kept.replies
    chat.command("forget")
    response = chat.press("Yes, erase everything")
    assert "erased everything" in chat.text and response.cancel_timers
    assert engine.store.raw(1) is None
    fresh = chat.say("where is SP10")
    assert fresh.replies[0].notice and "not medical advice" in fresh.replies[0].text, "a fresh start"
    assert "For you" not in chat.text


def test_forget_confirmed_by_typing_yes(chat, engine):
    chat.say("I take warfarin")
    chat.command("forget")
    chat.say("yes")
    assert engine.store.raw(1) is None


def test_an_old_forget_button_does_nothing(chat, engine, clock):
    chat.say("I take warfarin")
    chat.command("forget")
    old = chat.payload_of("Yes, erase everything")
    clock.advance(11 * 60)
    from bot.engine import ButtonPress

    response = chat.send(ButtonPress(old))
    assert response.note and "expired" in response.note
    assert "blood-thinners" in engine.store.raw(1)


def test_help_lists_the_data_commands(chat):
    chat.command("help")
    assert "/mydata" in chat.text and "/forget" in chat.text


# --- 6. polish ----------------------------------------------------------------------------------


def test_a_spanish_message_gets_the_english_only_note(chat):
    chat.say("hola, me duele la rodilla")
    assert "I only understand English so far" in chat.text


@pytest.mark.parametrize(
    "text", ["wher is splen 10", "hw lng 2 press it", "ty", "kk thx", "lol my knee hurts", "asdfgh", "la la land"]
)
def test_english_typos_and_text_speak_are_not_foreign(text):
    assert not is_foreign(text)


@pytest.mark.parametrize(
    "text", ["hola, me duele la rodilla", "j'ai mal au genou", "mein Knie tut weh", "колено болит", "膝盖疼", "gracias"]
)
def test_other_languages_are_foreign(text):
    assert is_foreign(text)


def test_switch_legs_offers_the_second_legs_steps(chat):
    chat.say("start the calf massage")
    chat.say("start")
    screening_until(chat, "no", "how much")
    chat.say("5")
    while "Switch legs" not in chat.text:
        chat.say("next")
    assert "▶ Other side" in chat.labels and "✓ Done, one side only" in chat.labels
    chat.press("▶ Other side")
    assert "Step 1 of 6 · other side" in chat.text
    chat.press("◀ Back")
    assert "Switch legs" in chat.text
    chat.press("✓ Done, one side only")
    assert "All steps done" in chat.text


def test_trigger_point_buttons_are_distinct(knowledge):
    labels = [entry.label for entry in (*knowledge.points, *knowledge.trigger_points)]
    assert len(set(labels)) == len(labels)
    assert not any(label.endswith("…") for label in labels)


def test_a_record_with_a_full_profile_and_history_stays_small(knowledge, matcher, triage, clock):
    engine = Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher, triage=triage)
    chat = Conversation(engine)
    for message in (
        "I'm 20 weeks pregnant",
        "I take warfarin",
        "I have varicose veins on my left leg",
        "I'm diabetic",
        "I have osteoarthritis",
        "I had a knee replacement",
        "I have osteoporosis",
        "I have cancer",
        "my left knee hurts",
        "my calf is swollen",
        "it is warm too",
    ):
        chat.say(message)
    for routine in ("qigong-knee", "calf-massage", "steam-towel", "trigger-point-release"):
        chat.say(f"start the {routine.replace('-', ' ')}")
        chat.command("stop")
    chat.say("start the partner lift technique")
    chat.say("start")
    chat.say("no")
    chat.say("knee surgery")
    record = engine.store.raw(1)
    assert len(record.encode()) < 4096, len(record.encode())
