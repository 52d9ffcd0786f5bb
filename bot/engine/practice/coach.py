"""The practice plan in conversation: setting reminders (asking the time zone once), sending
them when due, the pain diary's check-ins, the progress chart and the CSV export.

The engine hands it what concerns the plan: typed intents (:mod:`.phrases`), typed answers to
its own questions, its buttons and commands. It reads the practice tables directly and asks for
writes through ``state.defer`` (see :mod:`.changes`), made with the event's record; adapters
ask it, through the engine, when each reminder is next due (:meth:`Practice.jobs`) and to send
one (:meth:`Practice.remind`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from bot.engine import render
from bot.engine.actions import (
    AskReminderTime,
    AskZone,
    ChooseZone,
    PracticeAction,
    PracticeView,
    RemindThisTime,
    RemoveReminder,
    SetReminder,
    ShowPractice,
    Snooze,
    StopReminder,
    new_run_id,
)
from bot.engine.memory.personal import PersonalData
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.practice import changes as write
from bot.engine.practice import chart, diary, diary_words, phrases, screens, zones
from bot.engine.practice.holders import PainDiary, Reminders
from bot.engine.practice.records import Reminder
from bot.engine.practice.schedule import EVERY_DAY, Schedule, clock, latest_due, local_minute, next_due
from bot.engine.practice.whose import Whose
from bot.engine.replies import Meta, Reply, Response, esc
from bot.engine.state import ReminderDraft, UserState
from bot.engine.stores import PracticeTables
from bot.knowledge import Knowledge
from bot.knowledge.models import Routine

log = logging.getLogger(__name__)

DAY = 24 * 3600.0
DRAFT_SECONDS = 30 * 60  # a question about a reminder being set waits this long for its answer
GRACE = 3600.0  # a reminder missed (the bot was down) is still sent this long after it was due
SNOOZE = 3600.0
MAX_REMINDERS = 10
DIARY_DAYS = 365
# Ratings kept per person, the newest: four a day for two years. Someone typing "pain 5" all day
# long cannot grow the diary (and the time /progress takes) without bound.
MAX_RATINGS = 3000
CHART_DAYS = 30
COMMANDS = {
    "progress": PracticeView.PROGRESS,
    "reminders": PracticeView.REMINDERS,
    "export": PracticeView.EXPORT,
    "diary": PracticeView.DIARY,
}
DEFAULT_TIMES = (7 * 60, 8 * 60, 12 * 60, 18 * 60, 20 * 60, 21 * 60)


def _meta(name: str) -> Meta:
    return Meta(kind="practice", id=name)


@dataclass(frozen=True)
class ReminderJob:
    """When to ask :meth:`Practice.remind` about a reminder (epoch seconds; maybe past)."""

    user_id: int
    reminder_id: int
    due: float


class Practice:
    def __init__(
        self,
        knowledge: Knowledge,
        store: PracticeTables,
        clock: Callable[[], float],
        diary_max_age: float = DIARY_DAYS * DAY,
    ) -> None:
        self.knowledge = knowledge
        self.store = store
        self.clock = clock
        self.diary_max_age = diary_max_age
        self.diary_max_entries = MAX_RATINGS
        # The partner routines' ratings are about the person a carer helps, not the carer.
        self.theirs = frozenset(routine.id for routine in knowledge.routines if routine.mode == "partner")
        self.holders: list[PersonalData] = [
            PainDiary(store, self.theirs),
            Reminders(knowledge, store),
            PainDiary(store, self.theirs, about_them=True),
        ]
        self.typed = TypedReplies(knowledge.replies)
        self.whose = Whose(knowledge.safety.scope.other_person)

    # --- after the event ------------------------------------------------------------------------

    def finish(self, state: UserState) -> None:
        """With a new rating, the ratings older than the diary keeps, or beyond how many it
        keeps, go (in the same transaction)."""
        if any(isinstance(change, write.AddRating) for change in state.deferred):
            state.defer(write.TrimDiary(self.clock() - self.diary_max_age, self.diary_max_entries))

    def expire(self, state: UserState, now: float) -> None:
        draft = state.reminder_draft
        if draft is not None and now - draft.at > DRAFT_SECONDS:
            state.reminder_draft = None

    # --- typed text -----------------------------------------------------------------------------

    def answer(self, user_id: int, state: UserState, text: str, now: float) -> Response | None:
        """A typed answer to the question the last reply asked, read as its answer first: the
        time of a reminder being set, the person's time zone, today's rating, or a rating just
        noted corrected. None when the text is not one (it is then read as usual)."""
        draft = state.reminder_draft
        busy = state.routine is not None and state.routine.phase not in ("intro", "stopped")
        if busy or state.forget_token is not None:
            return None
        asked = state.asked if state.asked is not None and now - state.asked.at <= DRAFT_SECONDS else None
        if asked is not None and asked.kind == "rating":
            return self._rating_asked(user_id, state, text, now)
        if asked is not None and asked.kind == "reminded":
            moved = self._time_corrected(user_id, state, text, now)
            if moved is not None:
                return moved
        corrected = self._rating_corrected(user_id, state, text, now) if asked is not None else None
        if corrected is not None:
            return corrected
        if draft is None:
            return None
        said = self.typed.read(text).word
        if said in ("no", "stop"):
            state.reminder_draft = None
            return Response((screens.not_now(edit=False),), _meta("reminder-cancelled"))
        if draft.waiting == "zone":
            name = zones.resolve(text)
            if name is not None:
                return self._zone_chosen(user_id, state, name, now, edit=False)
            if _looks_like_a_place(text) and phrases.read(text) is None:
                return Response((screens.unknown_zone(),), _meta("zone-unknown"))
            return None  # a question or a message of its own: read as usual
        if said == "yes" and draft.offer:
            return self._set(user_id, state, Schedule.of(draft.offer, draft.days), draft.routine_id, now, edit=False)
        words = phrases.core(phrases.tidy(text))
        half = phrases.half_of_the_day(words) or _picked_half(self.typed.read(text).pick, words)
        if draft.halves and half is not None and not phrases.has_a_time(words):  # "the evening", "the later one"
            minute = draft.halves[1 if half == "pm" else 0]
            return self._set(user_id, state, Schedule.of([minute], draft.days), draft.routine_id, now, edit=False)
        also = " evening" if draft.pm else ""  # "what time in the evening?" "7": 19:00
        # "half 7", "8ish"; else one time among words of one's own: "around 7 if that works"
        intent = phrases.reminder(words + also, expected=True) or phrases.time_among_words(text, also)
        if intent is None:
            return None
        if isinstance(intent, phrases.SetReminder) and not phrases.days_named(words):
            intent = phrases.SetReminder(Schedule.of(intent.schedule.times, draft.days))  # the days asked about
        unclear = phrases.unclear_half(words) if not (draft.pm or draft.am) else None  # "9", asked "when?"
        if isinstance(intent, phrases.SetReminder) and unclear is not None and len(intent.schedule.times) == 1:
            return self._which_half(state, unclear, intent.schedule.days, draft.routine_id, now)
        return self.on_intent(user_id, state, intent, now, draft.routine_id)

    def _rating_asked(self, user_id: int, state: UserState, text: str, now: float) -> Response | None:
        """A reply to "How much does your knee hurt?" asked outside a routine: a rating said
        loosely ("today maybe a 5", "about a six I reckon"), read as the routine's rating screen
        reads one, kept in the diary; a no leaves it; None for anything else (read as usual)."""
        intent = phrases.read(text)
        if isinstance(intent, phrases.CheckIn | phrases.BadRating) or self.whose.someone_elses(text):
            return None  # read as usual: a rating in full, or somebody else's
        reply = self.typed.read(text)
        score = reply.rating if reply.rating is not None else reply.then.rating if reply.then is not None else None
        if score is None and len(reply.numbers) == 1 and not reply.words:
            score = reply.numbers[0]  # "6"
        declined = reply.says("no", "stop", "skip", "later") or self.typed.first_says_no(text)
        if score is None and declined:  # "nah, not now"
            return Response((Reply(esc(MESSAGES.rating_not_logged), render.main_menu()),), _meta("rating-not-now"))
        if score is None:
            score = self.typed.rating_in_passing(text)  # "today maybe a 5", "more like an 8"
        if score is None:
            return None
        if not 0 <= score <= 10:
            return self.on_intent(
                user_id, state, phrases.BadRating(MESSAGES.rating_off_the_scale.format(score=score)), now
            )
        days_ago = 1 if diary_words.said_of_yesterday(phrases.tidy(text)) else 0
        return self._check_in(user_id, state, score, now, days_ago)

    def _time_corrected(self, user_id: int, state: UserState, text: str, now: float) -> Response | None:
        """Right after a reminder is set, one time said with a word that changes it ("actually 9
        is better", "can we do half 9 instead") or written as a clock time ("8:30 then"): the
        reminder just set at that time, as "make it 9" would; None otherwise."""
        if phrases.read(text) is not None:
            return None  # "pain 5 today", "make it 9": read as usual
        words = phrases.tidy(text)
        intent = phrases.time_among_words(text)
        if not isinstance(intent, phrases.SetReminder) or len(intent.schedule.times) != 1:
            return None
        if phrases.days_named(words) or not (_CHANGES.search(words) or phrases.clock_written(words)):
            return None
        unclear = phrases.unclear_half(phrases.core(words))
        bare = (unclear,) if unclear is not None else ()
        return self._change_time(user_id, state, () if bare else intent.schedule.times, bare, now)

    def _rating_corrected(self, user_id: int, state: UserState, text: str, now: float) -> Response | None:
        """Right after "Noted: pain 7/10", a rating said on its own ("6", "more like a 6") or with a
        word that corrects ("sorry, make it a 6"): the rating just noted, corrected; None otherwise
        (a rating in full, "pain 5 now", is one of its own)."""
        intent = phrases.read(text)
        if intent is not None and not isinstance(intent, phrases.ChangeTime):
            return None
        reply = self.typed.read(text)
        score = reply.rating if reply.rating is not None else reply.then.rating if reply.then is not None else None
        if score is not None and reply.words and not set(reply.words) <= {"more", "no", "change"}:
            return None  # "next, 3": something else said with it
        if score is None and _CORRECTS.search(phrases.tidy(text)):
            score = self.typed.rating_in_passing(text)
        noted = [r for r in self.store.ratings(user_id) if r.kind == "check-in" and r.at == state.last_typed_rating]
        if score is None or not 0 <= score <= 10 or not noted or noted[-1].score == score:
            return None
        last = noted[-1]
        state.defer(write.RemoveRating(last.at, last.kind))
        state.defer(write.AddRating(last.at, last.kind, score, source=state.message))
        state.ask("rated", now)
        when = diary.when(last.at, now, self._zone(user_id))
        text = MESSAGES.rating_corrected.format(score=score, when=when, before=last.score)
        return Response((screens.checked_in_again(text),), _meta("check-in"))

    def _which_half(self, state: UserState, minute: int, days: int, routine_id: str | None, now: float) -> Response:
        """An hour said with nothing to tell the morning from the evening ("9", asked "when?"):
        which of the two, with both as buttons."""
        halves = [minute, minute + 12 * 60]
        question = MESSAGES.which_half.format(morning=clock(halves[0]), evening=clock(halves[1]))
        offers = tuple(Schedule.of([at], days) for at in halves)
        state.reminder_draft = ReminderDraft(at=now, waiting="time", days=days, routine_id=routine_id, halves=halves)
        return Response((screens.ask_time(question, offers, routine_id),), _meta("reminder-when"))

    def on_intent(
        self, user_id: int, state: UserState, intent: phrases.Intent, now: float, routine_id: str | None = None
    ) -> Response:
        match intent:
            case phrases.SetReminder(schedule):
                return self._set(user_id, state, schedule, routine_id, now, edit=False)
            case phrases.AtThisTime(days):
                return self._set_at(user_id, state, now, days, routine_id, edit=False)
            case phrases.AskWhen(question, days, offers):
                return self._ask_time(state, question, days, offers, routine_id, now)
            case phrases.ShowReminders(stop):
                return self._reminders(user_id, now, edit=False, stop=stop, state=state)
            case phrases.ShowProgress():
                return self._progress(user_id, now, state)
            case phrases.ExportDiary():
                return self._export(user_id, now)
            case phrases.CheckIn(score, days_ago):
                return self._check_in(user_id, state, score, now, days_ago)
            case phrases.ChangeTime(times, bare):
                return self._change_time(user_id, state, times, bare, now)
            case phrases.NoHolidays():
                return Response((screens.no_holidays(),), _meta("holidays"))
            case phrases.ShowDiary():
                return self._diary(user_id, now, state)
            case phrases.UndoRating():
                return self._undo(user_id, state, now)
            case phrases.ClearDiary():
                return self._ask_to_clear(user_id, state, now)
            case phrases.BadRating(question):
                state.ask("rating", now)  # "which number fits?": the next reply is read as one
                return Response((Reply(question),), _meta("rating-unclear"))
            case phrases.AskToRate():
                state.ask("rating", now)
                return Response((Reply(esc(MESSAGES.rate_your_knee)),), _meta("rating-asked"))
            case phrases.ChangeZone(name):
                if name is not None:
                    return self._zone_chosen(user_id, state, name, now, edit=False)
                return self._ask_zone(state, now, first_time=False, edit=False)

    def command(self, user_id: int, name: str, now: float, state: UserState | None = None) -> Response:
        return self._view(user_id, COMMANDS[name], now, state)

    # --- buttons --------------------------------------------------------------------------------

    def act(self, user_id: int, state: UserState, action: PracticeAction, now: float) -> Response:
        match action:
            case ShowPractice(PracticeView.REMINDERS):
                return self._reminders(user_id, now, edit=False, stop=False, state=state)
            case ShowPractice(view):
                return self._view(user_id, view, now, state)
            case AskReminderTime(routine):
                question = "When should I remind you? Pick a time for every day, or type one, " + phrases.EXAMPLES + "."
                offers = tuple(Schedule.of([minute]) for minute in DEFAULT_TIMES)
                return self._ask_time(state, question, EVERY_DAY, offers, routine, now)
            case SetReminder(days, times, routine):
                return self._set(user_id, state, Schedule.of(times, days), routine, now, edit=True)
            case RemindThisTime(routine, minute):
                return self._set_at(user_id, state, minute * 60.0, EVERY_DAY, routine, edit=False)
            case AskZone():
                return self._ask_zone(state, now, first_time=False, edit=False)
            case ChooseZone(name):
                if not zones.is_known(name):
                    return Response(note=MESSAGES.zone_not_known)
                return self._zone_chosen(user_id, state, name, now, edit=True)
            case Snooze(reminder_id):
                return self._snooze(user_id, state, reminder_id, now)
            case StopReminder(reminder_id):
                reminder = self.store.reminder(user_id, reminder_id)
                if reminder is None:
                    return Response(note=MESSAGES.reminder_already_stopped)
                state.defer(write.RemoveReminder(reminder_id))
                return Response((screens.stopped(reminder),), _meta("reminder-stopped"), reminders_changed=True)
            case RemoveReminder(reminder_id):
                reminder = self.store.reminder(user_id, reminder_id)
                if reminder is None:
                    return Response(note=MESSAGES.reminder_already_removed)
                state.defer(write.RemoveReminder(reminder_id))
                left = [r for r in self.store.reminders(user_id) if r.id != reminder_id]
                reply = self._list(user_id, left, now, edit=True, stop=False)
                return Response((reply,), _meta("reminders"), note=MESSAGES.reminder_removed, reminders_changed=True)

    # --- reminders, as adapters see them ----------------------------------------------------------

    def jobs(self, now: float, user_id: int | None = None) -> list[ReminderJob]:
        """When each reminder (of ``user_id``, or everybody's) next needs :meth:`remind`."""
        found = []
        for reminder in self.store.reminders(user_id):
            due = self._next_call(reminder, now)
            if due is not None:
                found.append(ReminderJob(reminder.user_id, reminder.id, due))
        return found

    def remind(self, user_id: int, state: UserState, reminder_id: int, now: float) -> Response:
        """The reminder message, if one is due now (its ``next_due`` has come); else nothing (not
        due, handled by another process, or removed). Defers moving ``next_due`` on: the store
        makes that write only while ``next_due`` is still the instant read here, so a reminder
        is sent once however many processes share the database."""
        reminder = self.store.reminder(user_id, reminder_id)
        if reminder is None or reminder.next_due is None or reminder.next_due > now:
            return Response()
        zone = _zone_of(reminder)
        if zone is None:
            state.defer(write.ReminderHandled(reminder.id, reminder.next_due, None))
            return Response()
        routine = self._routine_for(reminder)
        snoozed = reminder.snoozed_until
        if snoozed is not None and snoozed <= now:
            after = replace(reminder, snoozed_until=None)
            state.defer(
                write.ReminderHandled(reminder.id, reminder.next_due, self._next_call(after, now), snooze_over=True)
            )
            return Response((screens.reminder_due(reminder, routine, again=True),), _meta("reminder"))
        due = latest_due(reminder.schedule, zone, now)
        worth_sending = now - due <= GRACE and due > reminder.created_at and due > reminder.last_sent
        after = replace(reminder, last_sent=due) if worth_sending else reminder
        sent_for = due if worth_sending else None
        state.defer(write.ReminderHandled(reminder.id, reminder.next_due, self._next_call(after, now), sent_for))
        if not worth_sending:
            return Response()
        return Response((screens.reminder_due(reminder, routine, again=False),), _meta("reminder"))

    def unscheduled(self) -> list[Reminder]:
        """Reminders whose next due instant is not worked out yet (kept by an earlier version)."""
        return [reminder for reminder in self.store.reminders() if reminder.next_due is None and reminder.zone]

    def reschedule(self, user_id: int, state: UserState, now: float) -> None:
        """Work out again when each of the person's reminders is next due (a new time zone)."""
        for reminder in self.store.reminders(user_id):
            state.defer(write.Reschedule(reminder.id, self._next_call(reminder, now)))

    def _next_call(self, reminder: Reminder, now: float) -> float | None:
        zone = _zone_of(reminder)
        if zone is None:
            return None
        calls = [next_due(reminder.schedule, zone, now)]
        if reminder.snoozed_until is not None:
            calls.append(reminder.snoozed_until)
        missed = latest_due(reminder.schedule, zone, now)
        if now - missed <= GRACE and missed > max(reminder.last_sent, reminder.created_at):
            calls.append(missed)  # came due while no process was running: still worth sending
        return min(calls)

    # --- setting a reminder -----------------------------------------------------------------------

    def _ask_time(
        self,
        state: UserState,
        question: str,
        days: int,
        offers: tuple[Schedule, ...],
        routine_id: str | None,
        now: float,
    ) -> Response:
        offer = list(offers[0].times) if len(offers) == 1 else []
        pm = bool(offers) and all(minute >= 12 * 60 for schedule in offers for minute in schedule.times)
        am = bool(offers) and all(minute < 12 * 60 for schedule in offers for minute in schedule.times)
        state.reminder_draft = ReminderDraft(
            at=now, waiting="time", days=days, routine_id=routine_id, offer=offer, pm=pm, am=am
        )
        return Response((screens.ask_time(question, offers, routine_id),), _meta("reminder-when"))

    def _ask_zone(self, state: UserState, now: float, *, first_time: bool, edit: bool) -> Response:
        if state.reminder_draft is None or not first_time:
            state.reminder_draft = ReminderDraft(at=now, waiting="zone")
        return Response((screens.ask_zone(first_time=first_time, edit=edit),), _meta("zone"))

    def _set(
        self, user_id: int, state: UserState, schedule: Schedule, routine_id: str | None, now: float, *, edit: bool
    ) -> Response:
        known = self.store.zone(user_id)
        if known is None:
            times = list(schedule.times)
            draft = ReminderDraft(at=now, waiting="zone", times=times, days=schedule.days, routine_id=routine_id)
            state.reminder_draft = draft
            return Response((screens.ask_zone(first_time=True, edit=edit),), _meta("zone"))
        return self._create(user_id, state, schedule, routine_id, known.name, now, edit=edit)

    def _set_at(
        self, user_id: int, state: UserState, anchor: float, days: int, routine_id: str | None, *, edit: bool
    ) -> Response:
        """A reminder at the local time of day of the instant ``anchor``."""
        known = self.store.zone(user_id)
        now = self.clock()
        if known is None:
            draft = ReminderDraft(at=now, waiting="zone", anchor=anchor, days=days, routine_id=routine_id)
            state.reminder_draft = draft
            return Response((screens.ask_zone(first_time=True, edit=edit),), _meta("zone"))
        schedule = Schedule.of([local_minute(anchor, zones.zone(known.name))], days)
        return self._create(user_id, state, schedule, routine_id, known.name, now, edit=edit)

    def _zone_chosen(self, user_id: int, state: UserState, name: str, now: float, *, edit: bool) -> Response:
        state.defer(write.SetZone(now, name))
        for reminder in self.store.reminders(user_id):  # they follow the new zone
            moved = self._next_call(replace(reminder, zone=name), now)
            state.defer(write.Reschedule(reminder.id, moved))
        draft = state.reminder_draft
        state.reminder_draft = None
        if draft is not None and draft.times:
            schedule = Schedule.of(draft.times, draft.days)
            return self._create(user_id, state, schedule, draft.routine_id, name, now, edit=edit)
        if draft is not None and draft.anchor is not None:
            schedule = Schedule.of([local_minute(draft.anchor, zones.zone(name))], draft.days)
            return self._create(user_id, state, schedule, draft.routine_id, name, now, edit=edit)
        # Existing reminders now follow the new zone.
        return Response((screens.zone_set(name, now, edit=edit),), _meta("zone-set"), reminders_changed=True)

    def _create(
        self,
        user_id: int,
        state: UserState,
        schedule: Schedule,
        routine_id: str | None,
        zone_name: str,
        now: float,
        *,
        edit: bool,
    ) -> Response:
        state.reminder_draft = None
        existing = self.store.reminders(user_id)
        if any(reminder.schedule == schedule for reminder in existing):
            return Response((screens.already_set(schedule, edit=edit),), _meta("reminder-exists"))
        if len(existing) >= MAX_REMINDERS:
            return Response((screens.too_many(MAX_REMINDERS, edit=edit),), _meta("reminders-full"))
        routine = self.knowledge.routine(routine_id) if routine_id else None
        zone = zones.zone(zone_name)
        due = next_due(schedule, zone, now)
        state.defer(write.AddReminder(now, schedule.times, schedule.days, routine.id if routine else None, due))
        first = _when(due, now, zone)
        reply = screens.reminder_set(schedule, zone_name, now, first, routine, edit=edit)
        state.ask("reminded", now)  # "actually 9 is better" next changes it
        return Response((reply,), _meta("reminder-set"), reminders_changed=True)

    def _snooze(self, user_id: int, state: UserState, reminder_id: int, now: float) -> Response:
        reminder = self.store.reminder(user_id, reminder_id)
        zone = _zone_of(reminder) if reminder else None
        if reminder is None or zone is None:
            return Response(note=MESSAGES.reminder_was_stopped)
        until = now + SNOOZE
        state.defer(write.SnoozeReminder(reminder_id, until))
        at = datetime.fromtimestamp(until, zone).strftime("%H:%M")
        reply = screens.snoozed(reminder, at, self._routine_for(reminder))
        return Response((reply,), _meta("snoozed"), note=MESSAGES.snoozed_until.format(at=at), reminders_changed=True)

    # --- views ----------------------------------------------------------------------------------

    def _view(self, user_id: int, view: PracticeView, now: float, state: UserState | None = None) -> Response:
        match view:
            case PracticeView.PROGRESS:
                return self._progress(user_id, now, state)
            case PracticeView.EXPORT:
                return self._export(user_id, now)
            case PracticeView.REMINDERS:
                return self._reminders(user_id, now, edit=False, stop=False)
            case PracticeView.DIARY:
                return self._diary(user_id, now, state)

    def _reminders(
        self, user_id: int, now: float, *, edit: bool, stop: bool, state: UserState | None = None
    ) -> Response:
        """The list, and a reminder still waiting for the time zone with the question again."""
        reply = self._list(user_id, self.store.reminders(user_id), now, edit=edit, stop=stop)
        draft = state.reminder_draft if state is not None else None
        if draft is None or draft.waiting != "zone" or not draft.times:
            return Response((reply,), _meta("reminders"))
        when = Schedule.of(draft.times, draft.days).describe()
        if stop and state is not None:  # "stop reminding me": the one being set goes too
            state.reminder_draft = None
            return Response((reply, Reply(esc(MESSAGES.reminder_draft_dropped.format(when=when)))), _meta("reminders"))
        waiting = MESSAGES.reminder_waiting.format(when=when)
        return Response((reply, Reply(esc(waiting)), screens.ask_zone(first_time=True)), _meta("reminders"))

    def _list(self, user_id: int, reminders: list[Reminder], now: float, *, edit: bool, stop: bool) -> Reply:
        zone = self.store.zone(user_id)
        titles = {routine.id: routine.label for routine in self.knowledge.routines}
        return screens.reminder_list(reminders, zone.name if zone else None, now, titles, edit=edit, stop=stop)

    def _progress(self, user_id: int, now: float, state: UserState | None = None) -> Response:
        ratings = self.store.ratings(user_id, since=now - CHART_DAYS * DAY)
        mine = [rating for rating in ratings if rating.routine_id not in self.theirs]
        theirs = [rating for rating in ratings if rating.routine_id in self.theirs]
        if not ratings:
            return self._asking_for_a_first_rating(screens.no_progress(), "progress", state, now)
        sessions, pain = diary.theirs(theirs)
        their_line = MESSAGES.their_progress.format(sessions=sessions, pain=pain)
        if not mine:  # only sessions on the person they help: nothing of their own to chart
            return Response((screens.their_progress(their_line),), _meta("progress"))
        zone = self._zone(user_id)
        picture = chart.png(chart.draw(mine, now, zone, CHART_DAYS))
        reply = screens.progress(picture, diary.summary(mine, now, zone), their_line if theirs else "")
        return Response((reply,), _meta("progress"))

    def _export(self, user_id: int, now: float) -> Response:
        ratings = self.store.ratings(user_id)
        if not ratings:
            return Response((screens.nothing_to_export(),), _meta("export"))
        known = self.store.zone(user_id)
        name = known.name if known else "UTC"
        titles = {routine.id: routine.title for routine in self.knowledge.routines}
        data = diary.csv_bytes(ratings, zones.zone(name), name, titles)
        day = datetime.fromtimestamp(now, zones.zone(name)).strftime("%Y-%m-%d")
        return Response((screens.export(data, len(ratings), f"kneebot-pain-diary-{day}.csv"),), _meta("export"))

    def _check_in(self, user_id: int, state: UserState, score: int, now: float, days_ago: int = 0) -> Response:
        at = now - days_ago * DAY
        zone = self._zone(user_id)
        day_began = datetime.fromtimestamp(at, zone).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        earlier = [
            rating
            for rating in self.store.ratings(user_id, since=day_began)
            if rating.score is not None and rating.at <= at and rating.routine_id not in self.theirs
        ]
        state.defer(write.AddRating(at, "check-in", score, source=state.message))
        state.last_typed_rating = at
        state.ask("rated", now)  # "sorry, more like a 6" next corrects it
        known = self.store.zone(user_id)
        today = f"today at {datetime.fromtimestamp(now, zone):%H:%M}" if known else "today"
        when = "yesterday" if days_ago else today
        before = earlier[-1].score if earlier and not days_ago else None
        compared = diary.compared(score, before) if before is not None else ""
        return Response((screens.checked_in(score, when, compared),), _meta("check-in"))

    # --- the diary and reminders, changed in words --------------------------------------------------

    def _diary(self, user_id: int, now: float, state: UserState | None = None) -> Response:
        """The ratings as a list, newest first, in the person's time zone (the "see my scores")."""
        ratings = self.store.ratings(user_id)
        if not ratings:
            empty = screens.no_ratings_yet(round(self.diary_max_age / DAY))
            return self._asking_for_a_first_rating(empty, "diary", state, now)
        titles = {routine.id: routine.label for routine in self.knowledge.routines}
        lines = diary.listing(ratings, self._zone(user_id), titles, self.theirs)
        return Response((screens.diary_list(lines, len(ratings)),), _meta("diary"))

    @staticmethod
    def _asking_for_a_first_rating(empty: Reply, name: str, state: UserState | None, now: float) -> Response:
        """An empty diary or chart, and (in a conversation) how the knee is today asked: the
        next reply is read as the first rating ("maybe a 4 today")."""
        if state is None:
            return Response((empty,), _meta(name))
        state.ask("rating", now)
        return Response((empty, Reply(esc(MESSAGES.first_rating))), _meta(name))

    def _undo(self, user_id: int, state: UserState, now: float) -> Response:
        """The rating typed last outside a routine, taken back: the one just typed, whatever day
        it was for ("it was a 7 yesterday" after today's), else the newest by date."""
        typed = [r for r in self.store.ratings(user_id) if r.kind == "check-in" and r.score is not None]
        if not typed:
            return Response((screens.nothing_to_undo(),), _meta("rating-removed"))
        just_typed = [r for r in typed if r.at == state.last_typed_rating]
        last = just_typed[-1] if just_typed else typed[-1]
        state.last_typed_rating = None
        state.defer(write.RemoveRating(last.at, last.kind))
        when = diary.when(last.at, now, self._zone(user_id), dated=True)
        return Response((screens.rating_removed(last.score or 0, when),), _meta("rating-removed"))

    def _ask_to_clear(self, user_id: int, state: UserState, now: float) -> Response:
        """Erasing the diary alone, after a yes (as /forget asks before erasing everything)."""
        count = len(self.store.ratings(user_id))
        if not count:
            return Response((screens.diary_empty(),), _meta("clear-diary"))
        state.forget_token, state.forget_asked, state.forget_diary_only = new_run_id(), now, True
        return Response((screens.confirm_clear_diary(state.forget_token, count),), _meta("clear-diary"))

    def _change_time(
        self, user_id: int, state: UserState, times: tuple[int, ...], bare: tuple[int, ...], now: float
    ) -> Response:
        """ "Make it 8": the reminder being set (waiting for the time zone), else the one just set
        or the only one, at the new times; a bare hour keeps the half of the day it replaces."""
        draft = state.reminder_draft
        if draft is not None and draft.waiting == "zone" and draft.times:
            draft.times = _new_times(times, bare, draft.times)
            schedule = Schedule.of(draft.times, draft.days)
            return Response(
                (Reply(MESSAGES.reminder_pending.format(when=schedule.describe())), screens.ask_zone(first_time=True)),
                _meta("zone"),
            )
        if draft is not None and draft.waiting == "time":  # "make it 9" when asked "what time in the evening?"
            if not (draft.pm or draft.am) and not times and len(bare) == 1 and 60 <= bare[0] < 12 * 60:
                return self._which_half(state, bare[0], draft.days, draft.routine_id, now)
            schedule = Schedule.of(_new_times(times, bare, [12 * 60] if draft.pm else []), draft.days)
            return self._set(user_id, state, schedule, draft.routine_id, now, edit=False)
        reminders = self.store.reminders(user_id)
        recent = [r for r in reminders if now - r.created_at <= DRAFT_SECONDS]
        target = reminders[0] if len(reminders) == 1 else recent[-1] if recent else None
        if target is None:
            note = MESSAGES.which_reminder if reminders else None
            reply = self._list(user_id, reminders, now, edit=False, stop=False)
            return Response((reply,), _meta("reminders"), note=note)
        zone_name = target.zone or "UTC"
        schedule = Schedule.of(_new_times(times, bare, list(target.schedule.times)), target.schedule.days)
        if schedule == target.schedule:
            return Response((screens.already_set(schedule, edit=False),), _meta("reminder-exists"))
        state.defer(write.RemoveReminder(target.id))
        zone = zones.zone(zone_name)
        due = next_due(schedule, zone, now)
        state.defer(write.AddReminder(now, schedule.times, schedule.days, target.routine_id, due))
        routine = self.knowledge.routine(target.routine_id) if target.routine_id else None
        reply = screens.reminder_set(schedule, zone_name, now, _when(due, now, zone), routine, edit=False)
        state.ask("reminded", now)
        return Response((reply,), _meta("reminder-changed"), reminders_changed=True)

    # --- helpers --------------------------------------------------------------------------------

    def zone_of(self, user_id: int) -> tzinfo:
        """The person's time zone (UTC until they choose one), for dates shown to them."""
        return self._zone(user_id)

    def _zone(self, user_id: int) -> tzinfo:
        known = self.store.zone(user_id)
        return zones.zone(known.name) if known else UTC

    def last_routine(self, user_id: int, since: float) -> str | None:
        """The routine the person did last, since ``since`` (the newest rating kept with one)."""
        done = [rating.routine_id for rating in self.store.ratings(user_id, since=since) if rating.routine_id]
        return done[-1] if done else None

    def _routine_for(self, reminder: Reminder) -> Routine | None:
        """The reminder's routine, else the one the person did last."""
        if reminder.routine_id:
            return self.knowledge.routine(reminder.routine_id)
        done = [r.routine_id for r in self.store.ratings(reminder.user_id) if r.routine_id]
        return self.knowledge.routine(done[-1]) if done else None


_QUESTION = re.compile(r"^(?:where|what|how|why|when|which|who|is|are|can|could|do|does|should|will|would)\b")


def _looks_like_a_place(text: str) -> bool:
    """A short answer that is not a question: "Narnia", "near Leeds"."""
    words = phrases.core(phrases.tidy(text))
    return "?" not in text and len(words.split()) <= 3 and not _QUESTION.match(words)


# Words that say a rating just noted is corrected: "sorry, make it a 6", "actually more like 5".
_CORRECTS = re.compile(
    r"\b(?:actually|more like|make it|make that|change it|change that|sorry|oops|i meant|i mean|meant|should be|"
    r"should have been|correction|wait|typo)\b"
)
# Words that change a time just set: "actually 9 is better", "can we do half 9 instead".
_CHANGES = re.compile(
    r"\b(?:actually|instead|better|rather|prefer|make it|change|move|earlier|later|sorry|oops|i meant|wait|no)\b"
)
_LATER = re.compile(r"\b(?:later|latter|second)\b")
_EARLIER = re.compile(r"\b(?:earlier|former|first)\b")


def _picked_half(pick: int | None, words: str) -> str | None:
    """Of "09:00 or 21:00?", the one picked by its place ("the second one", "the later one")."""
    if pick is not None:
        return "am" if pick == 0 else "pm" if pick in (1, -1) else None
    later, earlier = bool(_LATER.search(words)), bool(_EARLIER.search(words))
    return "pm" if later and not earlier else "am" if earlier and not later else None


def _new_times(times: tuple[int, ...], bare: tuple[int, ...], replaced: list[int]) -> list[int]:
    """The times said, a bare hour ("8") read in the afternoon or evening when every time it
    replaces was then ("every evening at 7", then "make it 8": 20:00)."""
    later = bool(replaced) and all(minute >= 12 * 60 for minute in replaced)
    moved = [minute + 12 * 60 if later and 60 <= minute < 12 * 60 else minute for minute in bare]
    return sorted({*times, *moved})


def _zone_of(reminder: Reminder) -> tzinfo | None:
    if reminder.zone is None:
        return None
    try:
        return zones.zone(reminder.zone)
    except KeyError:
        log.warning("a reminder's time zone is not known here; it is left unscheduled")
        return None


def _when(at: float, now: float, zone: tzinfo) -> str:
    """ "today at 20:00", "tomorrow at 08:00", "on Monday at 08:00"."""
    moment, today = datetime.fromtimestamp(at, zone), datetime.fromtimestamp(now, zone).date()
    time_of_day = clock(moment.hour * 60 + moment.minute)
    if moment.date() == today:
        return f"today at {time_of_day}"
    if moment.date() == today + timedelta(days=1):
        return f"tomorrow at {time_of_day}"
    return f"on {moment:%A} at {time_of_day}"
