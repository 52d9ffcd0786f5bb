"""Scripted conversations through the engine, the way a person uses the bot."""

from __future__ import annotations

import pytest

from bot.engine import ButtonPress, Engine, TimerFired, render
from bot.engine.actions import decode
from bot.engine.replies import CAPTION_LIMIT, plain, record, telegram_length
from bot.knowledge.sections import Section
from bot.storage import SqliteStore

from helpers import SAFETY_CHECK, Conversation, clear_safety_check, tick_safety_check


def start(chat: Conversation, request: str) -> None:
    chat.say(request)
    chat.press("▶ Start")


def answer_screening(chat: Conversation) -> None:
    clear_safety_check(chat)


def first_step(chat: Conversation, request: str) -> None:
    """Start a routine, answer every safety question "No" and skip the pain rating."""
    start(chat, request)
    answer_screening(chat)
    chat.press("Skip")


def step_title(chat: Conversation) -> str:
    return chat.last.replies[0].text.splitlines()[1]


@pytest.mark.parametrize(
    "routine_id",
    [
        "calf-massage",
        "qigong-knee",
        "partner-lift",
        "partner-friction",
        "partner-quad",
        "trigger-point-release",
        "steam-towel",
    ],
)
def test_each_routine_from_start_to_finish(chat, knowledge, clock, routine_id):
    routine = knowledge.routine(routine_id)
    chat.send(ButtonPress(f"r:{routine_id}"))
    assert routine.title in chat.text and "▶ Start" in chat.labels
    chat.press("▶ Start")
    check = chat.text
    assert SAFETY_CHECK in check
    for question_id in routine.screening:
        assert knowledge.screening_question(question_id).line in check
    chat.press("✓ None of these")
    assert "how much does" in chat.text and "knee hurt" in chat.text
    chat.press("6")
    sides = [routine.steps]
    if any(step.switch for step in routine.steps):  # then the same steps on the other leg
        sides.append([step for step in routine.steps if not step.switch])
    for side, steps in enumerate(sides, start=1):
        for number, step in enumerate(steps, start=1):
            reply = chat.last.replies[0]
            assert reply.edit, "navigation edits the routine message in place"
            assert f"Step {number} of {len(steps)}" in reply.text
            assert ("other side" in reply.text.splitlines()[0]) == (side == 2)
            assert step.title in reply.text
            for point in step.points:
                assert any(label.startswith(knowledge.get(point).label[:10]) for label in chat.labels)
            clock.advance(90)
            chat.press("▶ Other side" if step.switch else "Next ▶")
    assert "All steps done" in chat.text
    chat.press("4")
    summary = chat.text
    assert "Well done" in summary and "pain 6 → 4" in summary
    minutes = round(90 * sum(len(steps) for steps in sides) / 60)
    assert f"{minutes} minute" in summary


def test_screening_yes_stops_with_the_reason_and_what_to_do(chat):
    start(chat, "start the calf massage")
    assert "calf that is swollen" in chat.text.lower()
    tick_safety_check(chat, "Swollen or painful calf")
    text = chat.text
    assert "Let us not do this routine now" in text
    assert "blood clot" in text and "medical help today" in text
    assert not any(label == "Next ▶" for label in chat.labels)
    assert "Signs of a leg clot" in chat.labels or "When to see a doctor" in chat.labels


def test_remembered_screening_answer_is_not_asked_twice(chat):
    start(chat, "start the qigong routine")
    answer_screening(chat)
    chat.command("stop")
    start(chat, "start the calf massage")
    reused, asked = chat.text.split(SAFETY_CHECK)
    assert "Using your answers from earlier today" in reused, "a reused answer is said, not assumed silently"
    assert "blood thinners" in reused and "My answer has changed" in chat.labels
    assert "blood thinners" not in asked.lower()
    assert "a calf that is swollen" in asked.lower()


def test_earlier_answers_can_be_given_afresh(chat):
    start(chat, "start the qigong routine")
    answer_screening(chat)
    chat.command("stop")
    start(chat, "start the qigong routine")
    assert "Using your answers from earlier today" in chat.text and "how much does your knee hurt" in chat.text
    chat.press("My answer has changed")
    assert SAFETY_CHECK in chat.text and "Using your answers" not in chat.text


def test_partner_routines_ask_about_the_person_being_massaged(chat, knowledge):
    start(chat, "start the partner quad massage")
    assert "apply to the person you're massaging" in chat.text and "apply to you" not in chat.text
    routine = knowledge.routine("partner-quad")
    for question_id in routine.screening:
        assert knowledge.screening_question(question_id).line in chat.text
    chat.press("One or more")
    chat.press("✓ Done")  # nothing ticked: none of them applies
    assert "how much does their knee hurt" in chat.text


def test_a_recent_operation_stops_the_routine(chat):
    start(chat, "start the calf massage")
    tick_safety_check(chat, "Operation")
    assert "Let us not do this routine now" in chat.text
    assert not any(label == "Next ▶" for label in chat.labels)


def test_numb_legs_leave_out_the_heat(chat):
    start(chat, "start the calf massage")
    tick_safety_check(chat, "Numb")
    assert "I will leave out" in chat.text and "Steam-towel warm-up" in chat.text
    chat.press("▶ Continue with the safe part")
    chat.press("Skip")
    titles = []
    while "Step" in chat.text and "All steps done" not in chat.text:
        titles.append(step_title(chat))
        chat.press("▶ Other side" if "▶ Other side" in chat.labels else "Next ▶")
    assert titles and not any("Steam-towel" in title for title in titles)


def test_pregnancy_offers_the_safe_part_only(chat, knowledge):
    start(chat, "start the qigong routine")
    tick_safety_check(chat, "Pregnant")
    assert "I will leave out" in chat.text and "Press SP10" in chat.text
    chat.press("▶ Continue with the safe part")
    answer_screening(chat)
    chat.press("Skip")
    titles = []
    while "Step" in chat.text:
        assert f"Step {len(titles) + 1} of 5" in chat.text
        titles.append(step_title(chat))
        chat.press("Next ▶")
    assert "Press SP10 (Xuehai)" not in titles
    assert len(titles) == len(knowledge.routine("qigong-knee").steps) - 1
    chat.press("Skip")
    assert "left out for safety" in chat.text


def test_back_on_the_first_step_and_next_on_the_last(chat, knowledge):
    first_step(chat, "steam towel warm up")
    first = chat.last.replies[0].text
    response = chat.press("◀ Back")
    assert response.note == "This is the first step."
    assert [reply.edit for reply in response.replies] == [True] and "Step 1 of 4" in response.replies[0].text
    for _ in knowledge.routine("steam-towel").steps:
        chat.press("Next ▶")
    assert "All steps done" in chat.text
    assert first.startswith("🧘 Steam-towel warm-up · Step 1 of 4")


def test_back_goes_to_the_previous_step(chat):
    first_step(chat, "start the qigong routine")
    chat.press("Next ▶")
    assert "Step 2 of 6" in chat.text
    chat.press("◀ Back")
    assert "Step 1 of 6" in chat.text


def test_a_double_tap_never_skips_two_steps(chat, engine):
    first_step(chat, "start the qigong routine")
    next_payload = chat.payload_of("Next ▶")
    first = engine.handle(1, ButtonPress(next_payload))
    second = engine.handle(1, ButtonPress(next_payload))
    assert "Step 2 of 6" in first.replies[0].text
    assert "step 2" in second.note
    assert "Step 2 of 6" in second.replies[0].text and second.replies[0].edit, "the pressed message catches up"


def test_a_press_on_a_screen_left_behind_shows_where_the_person_is(chat, engine):
    """When an edit never reached Telegram, the message still shows an earlier screen of the
    run while the stored state has moved on; its buttons bring it up to date and change nothing."""
    start(chat, "start the qigong routine")
    old_question = chat.last.replies[0]
    answer_screening(chat)  # now at the pain rating
    for button in old_question.buttons[0]:  # "Yes" and "No" of the first safety question
        response = engine.handle(1, ButtonPress(button.payload))
        assert response.note and [reply.edit for reply in response.replies] == [True]
        assert "how much does your knee hurt" in response.replies[0].text
    chat.press("Skip")
    old_step = chat.last.replies[0]
    chat.press("Next ▶")
    chat.press("Next ▶")  # now on step 3
    for label in ("◀ Back", "Next ▶", "⏱ Start timer (2 min)"):
        payload = next(b.payload for row in old_step.buttons for b in row if b.label == label)
        response = engine.handle(1, ButtonPress(payload))
        assert "Step 3 of 6" in response.replies[0].text and response.replies[0].edit


def test_old_buttons_after_the_routine_ended_change_nothing(chat, engine):
    first_step(chat, "start the steam towel method")
    old_next = chat.payload_of("Next ▶")
    chat.command("stop")
    response = engine.handle(1, ButtonPress(old_next))
    assert "has ended" in response.replies[0].text and response.note
    assert response.replies[0].labels == ["▶ Start again"]
    assert not response.replies[0].edit


@pytest.mark.parametrize(
    "payload",
    [
        "n:calf-massage:zzzzzz:0",
        "x",
        "q:calf-massage",
        "e:NOPE",
        "m:nowhere",
        "pb:qigong-knee:abc:11",
        "💥",
        "a" * 64,
        "",
    ],
)
def test_forged_or_unknown_payloads_are_ignored_with_a_note(engine, payload):
    response = engine.handle(7, ButtonPress(payload))
    assert response.note
    assert all(reply.notice or "has ended" in reply.text for reply in response.replies)


def test_out_of_range_numbers_in_a_payload_are_rejected(chat, engine):
    start(chat, "start the qigong routine")
    answer_screening(chat)
    skip = decode(chat.payload_of("Skip"))
    forged = f"pb:{skip.routine}:{skip.run}:99"
    response = engine.handle(1, ButtonPress(forged))
    assert response.replies == () and response.note


def test_a_question_mid_routine_keeps_the_place(chat):
    first_step(chat, "start the qigong routine")
    chat.press("Next ▶")
    step = chat.last.replies[0].text
    chat.say("what is empty palm patting?")
    assert chat.last.meta.id == "empty-palm-patting"
    assert "▶ Back to step 2" in chat.labels
    chat.press("▶ Back to step 2")
    assert chat.last.replies[0].text == step
    chat.press("Next ▶")
    assert "Step 3 of 6" in chat.text


def test_opening_a_point_from_a_step_offers_resume(chat):
    first_step(chat, "start the qigong routine")
    chat.press("ST34 Liangqiu")
    assert chat.last.meta.id == "ST34"
    assert "▶ Back to step 1" in chat.labels


def test_timer_fires_and_is_cancelled_by_next(chat, engine):
    first_step(chat, "start the qigong routine")
    response = chat.press(lambda label: label.startswith("⏱ Start timer"))
    assert response.timer is not None and response.timer.seconds == 120
    assert "Timer running" in chat.text
    token = response.timer.token
    fired = engine.handle(1, TimerFired(token))
    assert "Time is up" in fired.replies[0].text and not fired.replies[0].edit
    assert engine.handle(1, TimerFired(token)).replies == (), "a timer fires once"

    again = chat.press(lambda label: label.startswith("⏱ Start timer"))
    moved = chat.press("Next ▶")
    assert moved.cancel_timers
    assert engine.handle(1, TimerFired(again.timer.token)).replies == (), "Next cancelled the timer"


def test_restart_mid_routine_continues_at_the_same_step(tmp_path, knowledge, matcher, triage, clock):
    path = tmp_path / "state.sqlite3"
    first = Engine(knowledge, SqliteStore(path), clock=clock, matcher=matcher, triage=triage)
    chat = Conversation(first)
    start(chat, "start the qigong routine")
    answer_screening(chat)
    chat.press("7")
    chat.press("Next ▶")
    chat.press("Next ▶")
    next_payload = chat.payload_of("Next ▶")
    first.store.close()

    second = Engine(knowledge, SqliteStore(path), clock=clock, matcher=matcher, triage=triage)
    response = second.handle(1, ButtonPress(next_payload))
    assert "Step 4 of 6" in response.replies[0].text
    resumed = Conversation(second)
    resumed.shown = list(response.replies)
    while "Step" in resumed.shown[-1].text:
        resumed.press("Next ▶")
    resumed.press("3")
    assert "pain 7 → 3" in resumed.text


def test_unreadable_state_resets_with_a_note(engine):
    engine.store.put_raw(5, '{"version": 0, "something": "old"}')
    response = engine.handle(5, ButtonPress("m:points"))
    assert response.replies[0].notice and "afresh" in response.replies[0].text
    engine.store.put_raw(6, "not json at all")
    assert "afresh" in engine.handle(6, ButtonPress("m:main")).replies[0].text


def test_commands(chat, knowledge):
    greeting = chat.command("start")
    assert "Kneebot" in greeting.replies[-1].text and "📍 Points" in chat.labels
    points = chat.command("points")
    assert len([label for label in chat.labels if label[:2].isupper()]) >= len(knowledge.points)
    assert points.meta.kind == "menu"
    assert "Calf massage" in " ".join(chat.command("routines").replies[0].labels)
    chat.command("faq")
    chat.press("Why knees hurt")
    assert "High heels and knee pain" in chat.labels
    chat.press("High heels and knee pain")
    assert chat.last.meta.id == "high-heels"
    assert "No routine is running" in chat.command("stop").replies[0].text
    assert "don't know the command /dance" in chat.command("dance").replies[0].text
    assert chat.command("help").meta.id == "help"


@pytest.mark.parametrize(
    ("argument", "kind", "entry"),
    [
        ("point-SP10", "point", "SP10"),
        ("routine-calf-massage", "routine", "calf-massage"),
        ("faq-high-heels", "faq", "high-heels"),
    ],
)
def test_deep_links(engine, argument, kind, entry):
    from bot.engine import Command

    response = engine.handle(9, Command("start", argument))
    assert (response.meta.kind, response.meta.id) == (kind, entry)


def test_bad_deep_link_falls_back_to_the_greeting(engine):
    from bot.engine import Command

    response = engine.handle(9, Command("start", "point-SP6"))
    assert "Kneebot" in response.replies[-1].text


def test_section_buttons_switch_the_point_in_place(chat):
    chat.say("where is ST36")
    chat.press("💡 Uses")
    assert chat.last.replies[0].edit and "Uses" in chat.text
    assert record(chat.last)["section"] == "uses"


def test_start_resets_a_running_routine(chat):
    first_step(chat, "start the qigong routine")
    old = chat.payload_of("Next ▶")
    response = chat.command("start")
    assert response.cancel_timers
    assert "has ended" in chat.send(ButtonPress(old)).replies[0].text


def test_two_processes_sharing_one_database_stay_correct(tmp_path, knowledge, matcher, triage, clock):
    """Two engines on one SQLite file, as two bot processes would be: nothing is cached between
    events, so each sees the other's progress."""
    path = tmp_path / "shared.sqlite3"
    one = Engine(knowledge, SqliteStore(path), clock=clock, matcher=matcher, triage=triage)
    two = Engine(knowledge, SqliteStore(path), clock=clock, matcher=matcher, triage=triage)
    chat = Conversation(one)
    first_step(chat, "start the qigong routine")
    first_next = chat.payload_of("Next ▶")
    assert "Step 2 of 6" in two.handle(1, ButtonPress(first_next)).replies[0].text
    stale = one.handle(1, ButtonPress(first_next))
    assert "step 2" in stale.note, "the first engine sees the second's step"
    assert "Step 2 of 6" in stale.replies[0].text


def test_running_timers_are_listed_with_the_time_left_for_a_restart(chat, engine, clock):
    first_step(chat, "start the qigong routine")
    token = chat.press(lambda label: label.startswith("⏱ Start timer")).timer.token
    clock.advance(30)
    [(user, timer)] = engine.pending_timers()
    assert (user, timer.token, timer.seconds) == (1, token, 90)
    chat.press("Next ▶")
    assert engine.pending_timers() == [], "Next cancelled it"


def test_the_store_knows_when_a_running_timer_is_due(chat, engine, clock):
    first_step(chat, "start the qigong routine")
    token = chat.press(lambda label: label.startswith("⏱ Start timer")).timer.token
    [timer] = engine.store.timers.pending()
    assert (timer.user_id, timer.token, timer.due) == (1, token, clock.now + 120)
    chat.press("Next ▶")
    assert engine.store.timers.pending() == [], "Next cancelled it"


def test_a_list_answer_is_shown_as_bullets(chat):
    chat.say("where should I avoid massaging")
    chat.press("➕ More")
    lines = chat.text.splitlines()
    assert "In more detail, do not press or massage:" in lines
    bullets = [line for line in lines if line.startswith("• ")]
    assert len(bullets) >= 5
    assert any("fever" in line for line in bullets) and any("broken recently" in line for line in bullets)
    assert "<" not in chat.text and "- skin" not in chat.text


def test_when_to_see_a_doctor_lists_emergencies_first(chat):
    chat.say("when should I go to the doctor about my knee")
    assert "Get help now" in chat.text, "the lead sums it up"
    chat.press("➕ More")
    lines = chat.text.splitlines()
    emergency = lines.index("Call your local emergency number or go to an emergency department now if:")
    same_day = lines.index("See a doctor or urgent care the same day if:")
    assert emergency < same_day
    urgent = lines[emergency + 1 : same_day]
    assert all(line.startswith("• ") for line in urgent)
    assert any("cold, pale or blue" in line for line in urgent)
    assert any("cannot put weight" in line and "injury" in line for line in urgent)
    assert any("deformed" in line for line in urgent)


def test_an_everyday_answer_names_its_sources_once(chat, knowledge):
    chat.say("should i put ice or heat on my knee")
    entry = knowledge.get("heat-or-ice")
    assert entry.question in chat.text
    lines = chat.text.splitlines()
    assert [line for line in lines if line.startswith(("Source: ", "Sources: "))] == [lines[-1]]
    assert all(title in lines[-1] for title in knowledge.titles_of(entry.sources))
    assert "NHS" in lines[-1]


def test_an_answer_from_an_article_names_the_article(chat, knowledge):
    chat.say("why massage the calves for knee pain")
    assert chat.last.meta.id == "why-calves"
    source = chat.text.splitlines()[-1]
    entry = knowledge.get("why-calves")
    assert source.startswith("Sources: ") and all(title in source for title in knowledge.titles_of(entry.sources))
    assert "massage therapist's page" in source and "article" in chat.text.split("Sources:")[0]


def test_a_long_answer_leads_with_a_short_one_and_shows_the_rest_on_more(chat, knowledge):
    entry = knowledge.get("heat-or-ice")
    chat.say("should i put ice or heat on my knee")
    lead = chat.text
    assert "➕ More" in chat.labels
    assert len(lead.split("\n", 1)[1].split("\n\nSource")[0]) <= 300
    assert "hot-water bottle" in entry.more and "hot-water bottle" not in lead
    response = chat.press("➕ More")
    [reply] = response.replies
    assert reply.edit, "the same message grows rather than a second copy arriving"
    assert "hot-water bottle" in reply.text and lead.splitlines()[1] in reply.text
    assert "➕ More" not in reply.labels
    assert sum(line.startswith("Source") for line in reply.text.splitlines()) == 1


def test_a_short_answer_has_no_more_button(chat, knowledge):
    chat.say("does acupuncture hurt")
    assert chat.last.meta.id == "acupuncture-hurt" and knowledge.get("acupuncture-hurt").more is None
    assert "➕ More" not in chat.labels


def test_a_stale_or_forged_more_button_is_harmless(engine):
    def shown(response):
        return [reply for reply in response.replies if not reply.notice]  # the first reply's disclaimer

    gone = engine.handle(1, ButtonPress("more:no-such-entry"))
    assert shown(gone) == [] and gone.note == "That topic is no longer available."
    point = engine.handle(1, ButtonPress("more:SP10"))
    assert shown(point) == [] and point.note
    for forged in ("more:", "more:heat-or-ice:x", "more:../etc", "more:" + "a" * 70):
        response = engine.handle(1, ButtonPress(forged))
        assert shown(response) == [], forged
    assert engine.handle(1, ButtonPress("more:heat-or-ice")).replies[0].edit


def test_a_caution_said_for_you_is_not_said_again_below(chat):
    chat.say("I'm 20 weeks pregnant")
    chat.say("which oil should i use for knee massage")
    chat.press("➕ More")
    text = chat.text
    assert text.count("midwife") == 1 and "For you:" in text.split("midwife")[0]
    chat.say("where is SP10")
    cautions = chat.text.split("Cautions")[1]
    assert "pregnan" not in cautions.lower() and "pregnan" in chat.text.split("Cautions")[0].lower()


def test_a_point_card_gives_the_general_caution_once_and_its_uses_name_their_sources(chat, knowledge):
    chat.say("where is ST34")
    general = knowledge.every_point_cautions[0]
    assert chat.text.count(" ".join(general.split())) == 1
    chat.press("💡 Uses")
    assert "Qigong article's author" in chat.text
    source = chat.text.splitlines()[-1]
    assert source.startswith("Sources: ") and all(title in source for title in knowledge.titles_of(["qigong-article"]))


def test_a_point_card_section_fits_under_its_picture(knowledge):
    """A card longer than a photo caption is split from its picture and buttons."""
    for point in [*knowledge.points, *knowledge.trigger_points]:
        for section in (Section.LOCATION, Section.TECHNIQUE, Section.USES, Section.CAUTIONS):
            [card] = render.point_answer(knowledge, point, section)
            assert telegram_length(plain(card.html)) <= CAPTION_LIMIT, (point.id, section)
