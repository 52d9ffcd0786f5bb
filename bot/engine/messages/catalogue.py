"""The names of the messages every catalogue has (see :mod:`bot.engine.messages`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # Answers
    same_point_both_legs: str
    both_sides: str
    or_also: str
    what_next: str
    english_only: str
    topic_gone: str
    routine_gone: str
    plan_gone: str

    # Red flags
    routine_stopped: str
    doctor_checked: str
    take_care: str
    nothing_to_confirm: str
    a_warning_sign: str
    # Crisis: thoughts of suicide or self-harm
    crisis_check_in: str
    safe_now: str
    safe_now_thanks: str
    not_sure_but: str
    english_only_urgent: str
    flag_for_someone_else: str
    doctor_has_checked: str
    # After a red flag, under an answer about what to do meanwhile; by severity. {title}, {emergency}
    meanwhile: dict[Literal["emergency", "same_day", "see_doctor"], str]

    # Commands and buttons
    unknown_button: str
    what_to_do: str
    no_routine: str
    unknown_command: str
    welcome_back: str

    # Groups: what continues in the private chat
    group_continue: str
    group_noted: str
    group_for_you: str
    group_progress: str
    group_export: str
    group_reminders: str
    group_my_data: str
    group_forget: str
    group_stop: str
    group_routine: str
    group_this_routine: str
    group_routine_button: str
    group_warning: str
    group_warning_first: str
    group_warning_more: str
    group_warning_urgent: str
    group_warning_button: str
    group_noted_in_diary: str

    # Personal data: /mydata and /forget
    my_data_title: str
    my_data_nothing: str
    my_data_kept: str
    my_data_since: str
    erase_button: str
    forget_question: str
    forget_what: str
    forget_yes: str
    forget_no: str
    forget_expired: str
    forgotten: str
    nothing_erased: str
    forget_shows_kept: str
    diary_shows_kept: str
    erase_with_support: str
    kept_facts: str
    kept_routines: str
    kept_routine_run: str
    kept_pain_before: str
    kept_their_pain_before: str
    kept_screening: str
    kept_their_fact: str  # a condition told of the person helped that no check line asks
    kept_ended_runs: str
    kept_safety: str
    kept_red_flag: str
    kept_recent: str
    kept_reading: str
    kept_conversation: str
    kept_topic: str

    # Routines: notes on a pressed button
    button_invalid: str
    already_started: str
    question_answered: str
    already_continued: str
    already_answered: str
    first_step: str
    no_timer: str
    timer_running: str
    routine_ended: str
    on_step: str
    # A message at a routine's screen that nothing understood: what the screen takes, by screen
    not_caught: dict[Literal["step", "rating", "rating_them", "check", "forget"], str]
    # Not knowing the answer ("no idea") at a routine's screen, or right under its introduction
    # (which lists the check): what to do when unsure, by screen
    unsure: dict[Literal["step", "rating", "rating_them", "check", "check_them", "intro"], str]
    # a screen that asks for an answer met with nothing but thanks or polite words ("nice one")
    answer_still_wanted: dict[Literal["rating", "rating_them", "check"], str]
    # A wish to stop said in other words: asked about. {title}
    stop_here: str
    stop_here_button: str
    carry_on_button: str
    # Under "Shall we stop here?" when the words that end a session also read as a crisis
    stop_here_or_more: str
    step_gone: str

    # The practice plan: notes on a pressed button
    zone_not_known: str
    reminder_already_stopped: str
    reminder_already_removed: str
    reminder_removed: str
    reminder_was_stopped: str
    snoozed_until: str

    # The practice plan: reminders, the diary, progress
    reminder_yes: str
    not_now_button: str
    zone_first_question: str
    zone_question: str
    zone_hint: str
    zone_unknown: str
    zone_line: str
    zone_fixed: str
    reminder_done: str
    reminder_set: str
    reminder_for: str
    reminder_buttons_hint: str
    reminder_exists: str
    too_many_reminders: str
    no_reminders: str
    your_reminders: str
    which_should_stop: str
    remove_button: str
    new_reminder_button: str
    zone_button: str
    my_reminders_button: str
    practice_time: str
    practice_time_again: str
    practice_minutes: str
    your_reminder: str
    start_now_button: str
    snooze_button: str
    stop_reminders_button: str
    snoozed: str
    reminder_stopped: str
    no_reminder: str
    checked_in: str  # {score}, {when}, {compared}: one of the three below, or nothing
    rating_lower: str
    rating_higher: str
    rating_same: str
    diary_title: str
    diary_more: str
    nothing_to_undo: str
    rating_removed: str
    clear_diary_question: str
    clear_diary_what: str
    clear_diary_yes: str
    diary_cleared: str
    diary_empty: str
    reminder_pending: str
    which_half: str
    rate_your_knee: str
    rating_not_logged: str
    rating_guess: str
    first_rating: str
    rating_corrected: str
    rating_off_the_scale: str
    reminder_waiting: str
    reminder_draft_dropped: str
    which_reminder: str
    no_holidays: str
    rating_replaced: str
    rating_withdrawn: str
    a_lot_of_pain: str
    my_progress_button: str
    csv_button: str
    reminders_button: str
    routines_button: str
    remind_me_button: str
    no_progress: str
    exported_one: str
    exported: str
    nothing_to_export: str
    no_ratings_yet: str

    # Daily plans
    plan_minutes: str
    plan_ruled_out: str
    plan_left_out: str
    plan_step: str
    plan_steps: str
    plan_start: str
    for_you: str
    plan_again: str
    # A part of the day asked about after a plan ("and in the evening?"), by phrases' names of them
    plan_parts_of_day: dict[str, str]
    plan_at: str
    plan_nothing_at: str
    plan_any_time: str
    plan_both_legs: str  # "and the other leg?" after a daily plan
    plan_every_day: str  # "and at weekends?" after a daily plan
    answer_any_time: str  # "and at night?" after an answer or a point that says nothing of it; {part}
    answer_other_leg: str  # "and the other leg?" after an answer that is not about a point

    # What people tell about themselves
    fact_noted: str
    fact_forgotten: str
    nothing_to_forget: str  # a fact named to be dropped that was never kept
    their_fact_forgotten: str  # a condition told of the person helped, dropped in words
    their_answer_forgotten: str
    fact_weeks: str
    fact_both_legs: str
    fact_leg: str

    # Routines: the screens
    duration_seconds: str
    duration_minutes: str
    duration_and_seconds: str
    on_your_own: str
    with_a_helper: str
    routine_about: str
    you_need: str
    first_question: str
    start_button: str
    step_of: str
    stopped_at_check: str
    told_on_hold: str  # a message nothing read, under a routine stopped at its check
    rating_on_hold: str
    answer_changed_button: str
    safety_check: str
    yes_button: str
    no_button: str
    stop_button: str
    will_leave_out: str
    continue_safe_part: str
    continue_gently: str
    not_this_routine_now: str
    instead: str
    reused_answers: str
    steps_left_out_ask: str
    pain_before_prompt: str
    pain_after_prompt: str
    pain_scale: str
    skip_button: str
    step_header: str
    other_side: str
    timer_running_line: str
    back_button: str
    next_button: str
    other_side_button: str
    one_side_only_button: str
    start_timer_button: str
    time_is_up: str
    time_is_up_step: str
    tap_next: str
    resume_step_button: str
    resume_routine_button: str
    pain_change: str
    pain_now: str
    one_minute: str
    minutes_spent: str
    steps_were_left_out: str
    well_done: str
    you_finished: str
    pain_went_up: str
    remind_tomorrow_button: str
    do_it_again_button: str
    the_routine: str
    their_pain_stopped_prompt: str  # the rating after a partner routine stopped on a step
    plan_none_given: str  # a question about "the plan" when none was given lately
    plan_none_given_told: str
    plan_again_for_you: str  # a question about the plan shown before, after something was told
    own_leg_on_their_step: str  # the carer's own leg told on a partner routine's step
    leg_after_the_check: str  # a leg said at the check as the one to do: the check first
    their_fact_head: str  # above their check: a condition told of them that no line asks
    their_side_noted: str  # the leg of a condition told of the person helped, told next
    rating_waiting: str  # a rating said before the check's other lines are answered: kept for after them
    rest_clear_leg_asked: str  # at "which leg?", the rest said clear with no leg: the leg asked again
    routine_stopped_rating_next: str  # a partner routine stopped on a step: their rating after it next
    stopped_rated: str  # ...and rated: what the session came to, with no "well done, you finished"
    routine_stopped_screen: str
    routine_over: str
    start_again_button: str
    told_earlier: str
    told_you: str
    told_so_left_out: str
    told_so_gentle: str
    left_out_step: str

    # Conversation: the safety check, carers, talking a routine through
    first_check: str
    intro_check_you: str
    intro_check_them: str
    self_routine_for_someone_else: str
    intro_check_how: str
    check_you: str
    check_them: str
    check_counts: str  # "does that count?" asked with a line of the check named; {lines}
    check_outside: str  # lines told as longer ago than they ask about ("9 years back"), answered no; {lines}
    check_taken: str  # lines named in words, ticked while the check goes on; {lines}, {cautions} (what they mean)
    check_first: str  # "next" or "start" typed at the safety check: it comes first
    later_kept: str  # "not now" during a routine: the place is kept; {where}
    their_rating_not_kept: str  # "my wife's knee pain is 7/10" outside a routine: not the writer's diary
    check_purpose: str  # "what's that for?" at the safety check
    rating_purpose: str  # "why do you need that?" at a pain rating
    thanks_on_a_step: str  # thanks or a polite word on a step: before the step again
    session_told: str  # "did the calf one yesterday, felt great": a past session told, not a request
    progress_button: str
    step_left_out_why: str  # "why are you leaving out the ankle bit?": each step left out, and why
    intro_answered_earlier: str  # under a routine's introduction: lines answered "yes" earlier today
    step_purpose: str  # "what does this even do?" on a step no answer speaks of: what its routine is for
    time_per_leg: str  # "how long on each leg?" on a step: {minutes} a leg, {total} in all
    their_rating_at_the_end: str  # a rating passed on from the person massaged, on a step; {score}
    go_on_purpose: str  # "what's that for?" where the check's answers leave a leg or steps out
    step_hurts: str  # a step said to hurt ("too sore for that one"): lighter, or leave it out
    remembered: str  # "does it remember that I'm pregnant?" when it does
    remembered_as_theirs: str  # "do you know I take X?" after X was told of the person helped: kept as theirs
    for_yourself: str  # "and for me?" after a carer's answer: the routines done on one's own
    remembered_not_yet: str  # ...when it did not: noted now
    remembered_not_theirs: str  # ...during a partner routine: the writer's, not the person massaged's
    remembered_nothing: str  # asked whether something of one's own is kept that is not
    step_warm: str  # warmth felt on a step with heat ("it feels warm, is that normal?"): the heat's doing
    step_too_hot: str  # a step with heat said to be too hot ("the towel's too hot"): let it cool, test again
    skip_step_button: str
    later_intro: str  # "not now" under a routine's introduction; {title}
    none_of_these_button: str
    one_or_more_button: str
    which_ones: str
    done_button: str
    which_leg: str
    left_leg_button: str
    right_leg_button: str
    both_legs_button: str
    other_leg_clear: str
    one_leg_button: str
    one_leg_only: str
    their_pain_before_prompt: str
    their_pain_after_prompt: str
    for_them: str
    their_pain_change: str
    their_pain_now: str
    about_you: str
    about_them: str
    kept_their_answers: str
    kept_their_ratings: str
    their_progress: str
