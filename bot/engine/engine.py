"""The conversation engine: (person, event) in, replies with buttons out. No Telegram here.

Order of business for typed text: note what the person says about themselves; red-flag triage
(in any state, mid-routine too, read with those facts); an answer to the practice plan's
question on show (a reminder's time or time zone); a typed reply to the screen on show ("nope",
"about a 6", "next"); reminders, pain ratings and progress in plain words
(:mod:`bot.engine.practice`); a follow-up about the entry last discussed ("how long?"); a daily
plan; then matching. Each event runs in one store transaction, so a crash leaves the stored
state as it was and a restart continues where the person left off; the diary and reminder
writes it asks for are made in that transaction, with the record. What is kept about a person,
and how `/mydata` and `/forget` reach all of it, is :mod:`bot.engine.memory.personal`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from bot.engine import groups, render
from bot.engine.actions import (
    Action,
    AnswerScreening,
    AskReminderTime,
    AskToForget,
    AskZone,
    Back,
    ChangeAnswer,
    ChooseZone,
    ContinueSafely,
    DoctorChecked,
    Forget,
    KeepData,
    MenuName,
    Next,
    NoneOfThese,
    OpenEntry,
    OpenMenu,
    OpenRoutine,
    OpenTopic,
    PainAfter,
    PainBefore,
    PracticeView,
    RemindThisTime,
    RemoveReminder,
    Resume,
    RoutineAction,
    SetReminder,
    ShowMyData,
    ShowPractice,
    Snooze,
    StartRoutine,
    StartTimer,
    Stop,
    StopReminder,
    decode,
    deep_link,
    new_run_id,
)
from bot.engine.events import Attachment, ButtonPress, Command, Event, Text, TimerFired
from bot.engine.memory import personal, typed
from bot.engine.memory.context import Conversation, FollowUp
from bot.engine.memory.language import is_foreign
from bot.engine.memory.personal import Person, Registry
from bot.engine.memory.plan import Planner
from bot.engine.memory.profile import DEFAULT_MAX_AGE, Profile
from bot.engine.practice import phrases
from bot.engine.practice.coach import COMMANDS as PRACTICE_COMMANDS
from bot.engine.practice.coach import DIARY_DAYS, Practice, ReminderJob
from bot.engine.replies import Button, Card, Keyboard, Meta, Reply, Response, Suggestion, TimerRequest, esc
from bot.engine.routines import RoutineFlow
from bot.engine.state import RecentMessage, RedFlagNote, RoutineRun, UserState
from bot.engine.stores import Storage
from bot.knowledge import Entry, Knowledge, kind_of
from bot.knowledge.models import Contraindication, Faq, PointBase, RedFlag, Routine, Smalltalk
from bot.knowledge.sections import Section
from bot.matching.matcher import Match, Matcher, Outcome
from bot.safety.triage import Assessment, Earlier, RedFlagHit, Triage
from bot.semantic import Semantics

log = logging.getLogger(__name__)

UNKNOWN_BUTTON = "Sorry, I don't recognise that button."
# Triage reads a message with the person's previous ones: up to this many, this recent.
TRIAGE_WINDOW_MESSAGES = 3
TRIAGE_WINDOW_SECONDS = 30 * 60
# Menus reachable both as commands (/points) and as buttons (OpenMenu).
MENUS: dict[MenuName, Callable[[Knowledge], list[Reply]]] = {
    MenuName.MAIN: lambda knowledge: [Reply("What would you like to do?", render.main_menu())],
    MenuName.POINTS: render.points_menu,
    MenuName.ROUTINES: render.routines_menu,
    MenuName.FAQ: render.faq_menu,
    MenuName.SAFETY: render.safety_menu,
    MenuName.ABOUT: render.about,
}
MENU_COMMANDS = {menu.value: menu for menu in MENUS if menu is not MenuName.MAIN}
# Commands about the person's own data or routine: in a group, a button to the private chat.
PERSONAL_COMMANDS: dict[str, Action] = {
    "mydata": ShowMyData(),
    "forget": AskToForget(),
    "stop": OpenMenu(MenuName.MAIN),
    **{name: ShowPractice(view) for name, view in PRACTICE_COMMANDS.items()},
}
FORGET_SECONDS = 10 * 60  # how long a /forget request waits for its confirmation
ENGLISH_ONLY = (
    "I only understand English so far, sorry. Ask me about your knee in English, for example "
    '"where is SP10?", or pick a topic:'
)


# After something told about oneself that asks nothing ("I take warfarin").
_WHAT_NEXT = Response(
    (Reply("What would you like to do? Ask me about a point or your knee, or pick a routine.", render.main_menu()),),
    Meta(kind="smalltalk", id="noted"),
)


class Engine:
    def __init__(
        self,
        knowledge: Knowledge,
        store: Storage,
        *,
        clock: Callable[[], float] = time.time,
        matcher: Matcher | None = None,
        triage: Triage | None = None,
        semantics: Semantics | None = None,
        profile_max_age: float = DEFAULT_MAX_AGE,
        diary_max_age: float = DIARY_DAYS * 24 * 3600.0,
    ) -> None:
        """``semantics`` (the embedding model and its cache) serves the matcher when none is
        given; by default the shipped model with no cache on disk. What people tell us about
        themselves is kept ``profile_max_age`` seconds after they last said it, pain ratings
        ``diary_max_age``. Records, the diary and reminders are kept in ``store``."""
        self.knowledge = knowledge
        self.store = store
        self.clock = clock
        self.matcher = matcher or Matcher(knowledge, semantics or Semantics.load())
        self.triage = triage or Triage(knowledge.safety)
        self.profile = Profile(knowledge, profile_max_age)
        self.routines = RoutineFlow(knowledge, clock, self.profile)
        self.conversation = Conversation(knowledge)
        self.planner = Planner(knowledge, self.profile)
        self.practice = Practice(knowledge, store.practice, clock, diary_max_age)
        # Every kind of personal data, for /mydata and /forget; more register themselves here.
        self.personal_data = Registry(
            [
                personal.ProfileFacts(self.profile),
                personal.Routines(knowledge),
                personal.SafetyNotes(knowledge),
                personal.ConversationContext(knowledge),
                *self.practice.holders,
            ]
        )
        self._rendered: dict[tuple[str, Section], tuple[Reply, ...]] = {}

    def handle(self, user_id: int, event: Event, *, group: bool = False) -> Response:
        """``event`` from ``user_id``; ``group`` when it happened in a chat others read too,
        where nothing personal is shown (see :mod:`bot.engine.groups`)."""
        with self.store.transaction(user_id) as loaded:
            state = loaded.state
            now = self.clock()
            self._expire(state, now)
            response = self._dispatch(user_id, state, event, group)
            if group:
                response = groups.in_public(response)
            if state.erase_requested:  # /forget confirmed: every holder, then the record itself
                self.personal_data.erase(Person(user_id, state, now))
                loaded.erase = True
            else:
                response = self._finish(state, loaded.reset, event, response, now)
            self.practice.finish(state)
        return response

    def _finish(self, state: UserState, reset: bool, event: Event, response: Response, now: float) -> Response:
        """Remember the topic, and lead with the notices the person should see first."""
        self._keep_context(state, response, now)
        notices: list[Reply] = []
        if reset:
            notices.append(render.state_reset_note())
        if not state.greeted and not isinstance(event, TimerFired):
            state.greeted = True
            notices.append(render.disclaimer(self.knowledge))
        if notices:
            response = replace(response, replies=(*notices, *response.replies))
        return response

    def welcome(self, user_id: int) -> Response:
        """Opening a chat again: continue a routine under way, else greet (nothing is reset)."""
        with self.store.transaction(user_id) as loaded:
            state = loaded.state
            replies = list(self.routines.current_screen(state))
            if replies:
                replies.insert(0, Reply("👋 Welcome back. Here is where you left off:"))
            else:
                replies = render.greeting(self.knowledge)
            if not state.greeted:
                state.greeted = True
                replies.insert(0, render.disclaimer(self.knowledge))
            if loaded.reset:
                replies.insert(0, render.state_reset_note())
            return Response(
                tuple(replace(reply, edit=False) for reply in replies), Meta(kind="smalltalk", id="welcome")
            )

    def pending_timers(self, user_id: int | None = None) -> list[tuple[int, TimerRequest]]:
        """Timers that were running when the process stopped, with the time left on each
        (0 if already overdue), so an adapter can schedule them again at start-up."""
        now = self.clock()
        pending = []
        for owner, state in self.store.states():
            run = state.routine
            if (user_id is None or owner == user_id) and run and run.timer and run.timer_due is not None:
                pending.append((owner, TimerRequest(run.timer, max(0, round(run.timer_due - now)))))
        return pending

    def reminder_jobs(self, user_id: int | None = None) -> list[ReminderJob]:
        """When each reminder (of ``user_id``, or everybody's) is next due, for an adapter to
        schedule a call to :meth:`remind` then; again after each call, and whenever a response
        says ``reminders_changed``."""
        return self.practice.jobs(self.clock(), user_id)

    def remind(self, user_id: int, reminder_id: int) -> Response:
        """The reminder to send now, or an empty response when none is due or another process
        has claimed it (the claim is made in the database, so it is sent once)."""
        return self.practice.remind(user_id, reminder_id, self.clock())

    def cards(self, text: str, limit: int = 10) -> list[Card]:
        """Answers to offer in inline mode: a red flag first if the text describes one."""
        cards: list[Card] = []
        hit = self.triage.check(text) if text.strip() else None
        if hit is not None:
            html = render.red_flag(self.knowledge, hit)[0].html
            cards.append(Card(f"flag-{hit.rule.id}", f"⚠️ {hit.rule.title}", "Get medical advice", html))
        if text.strip():
            ids = [candidate.entry_id for candidate in self.matcher.rank(text, limit)]
        else:
            ids = [point.id for point in self.knowledge.points]
        for entry_id in ids:
            entry = self.knowledge.get(entry_id)
            if isinstance(entry, PointBase):
                html = render.point_answer(self.knowledge, entry, Section.OVERVIEW)[0].html
                cards.append(Card(entry.id, entry.title, entry.region, html, picture=entry.id))
            elif isinstance(entry, Faq | Contraindication):
                html = render.faq_answer(self.knowledge, entry)[0].html
                cards.append(Card(entry.id, entry.question, entry.answer[:90], html))
        return cards[:limit]

    # --- dispatch -----------------------------------------------------------------------------

    def _dispatch(self, user_id: int, state: UserState, event: Event, group: bool) -> Response:
        if isinstance(event, Text):
            return self._on_text(user_id, state, event.text, group)
        if isinstance(event, Command):
            return self._on_command(user_id, state, event, group)
        if isinstance(event, ButtonPress):
            return self._on_button(user_id, state, event.payload, group)
        if isinstance(event, Attachment):
            replies = render.fallback(self.knowledge, "attachment", extra=self._resume_row(state, group))
            return Response(tuple(replies), Meta(kind="fallback"))
        return self.routines.timer_fired(state, event.token)

    def _on_text(self, user_id: int, state: UserState, text: str, group: bool) -> Response:
        now = self.clock()
        self.conversation.count_turn(state)
        told = self.profile.take_note(state, text, now)
        noted = told.lines
        assessment, said = self._triage(state, text)
        if assessment.hit is not None and not assessment.repeat:
            return self._red_flag(state, assessment.hit, group, said)
        # A typed reply ("yes", "6") answers the screen on show, as its button would; a flag
        # raised earlier is not raised again for it. In a group, the screen on show is in the
        # private chat: only a pick among the suggestions just offered counts.
        response = None
        if not group:
            response = (self.routines.recheck(state) if noted else None) or self.practice.answer(
                user_id, state, text, now
            )
        response = response or self._typed(user_id, state, text, now, group)
        reminded = state.red_flag is None or state.red_flag.reminded
        if response is None and assessment.hit is not None and not reminded and not group:
            return self._reminder(state)
        if response is None:
            response = self._practice(user_id, state, text, now, group) or self._understood(state, text, now, group)
        if response.meta.kind == "fallback" and (noted or told.answers):
            response = self._about_what_was_told(state, told.answers, group)
        if noted:
            note = Reply(groups.NOTED if group else "📝 " + esc(" ".join(noted)), notice=True)
            response = replace(response, replies=(note, *response.replies))
        return response

    def _about_what_was_told(self, state: UserState, answers: list[str], group: bool) -> Response:
        """Instead of "I don't know that one" after "I take warfarin, how gentle should I be?":
        the safety answer for the condition named, or (with none, or several) what next."""
        if len(answers) == 1:
            match = Match(Outcome.ANSWER, answers[0], 100.0, Section.CAUTIONS, reason="condition")
            return self._answer(state, match, group)
        return _WHAT_NEXT

    def _practice(self, user_id: int, state: UserState, text: str, now: float, group: bool) -> Response | None:
        """Reminders, a pain rating, progress or the diary asked for in plain words."""
        intent = phrases.read(text)
        if intent is None:
            return None
        if group:  # a rating is kept, quietly; the rest continues in the private chat
            if isinstance(intent, phrases.CheckIn):
                self.practice.on_intent(user_id, state, intent, now)
                return groups.noted_in_diary()
            return self._elsewhere(_practice_view(intent))
        run = state.routine
        if isinstance(intent, phrases.CheckIn) and run is not None and run.phase in ("pain_before", "pain_after"):
            rate = PainBefore if run.phase == "pain_before" else PainAfter  # "I'm at a 5" at the rating
            return _as_new_messages(self.routines.handle(state, rate(run.routine_id, run.run, intent.score)))
        return self.practice.on_intent(user_id, state, intent, now)

    def _understood(self, state: UserState, text: str, now: float, group: bool) -> Response:
        """A message that is not a reply to the screen on show: a follow-up about the entry
        under discussion, a request for a daily plan, or anything else the matcher reads."""
        match = self.matcher.match(text)
        context = self.conversation.current(state, now)
        follow_up = self.conversation.follow_up(context, text, match) if context else None
        if follow_up is not None:
            return self._follow_up(state, text, follow_up, group)
        plan = self.planner.plan_for(text)
        if plan is not None:
            # In a group, the plan anyone would get: what the person told us stays private.
            replies = self.planner.render(UserState() if group else state, plan)
            return Response(tuple(replies), Meta("plan", plan.id, plan.title, 100.0))
        if match.outcome is Outcome.FALLBACK and match.reason in ("no-match", "off-topic") and is_foreign(text):
            extra = self._resume_row(state, group)
            return Response((Reply(ENGLISH_ONLY, (*render.main_menu(), *extra)),), Meta("fallback", score=match.score))
        return self._answer(state, match, group)

    # --- memory -------------------------------------------------------------------------------

    def _expire(self, state: UserState, now: float) -> None:
        """Forget what has outlived its use: old facts, the topic, triage's recent findings."""
        self.profile.prune(state, now)
        self.conversation.current(state, now)
        self.practice.expire(state, now)
        state.recent = [r for r in state.recent if now - r.at <= TRIAGE_WINDOW_SECONDS]
        if state.forget_asked is not None and now - state.forget_asked > FORGET_SECONDS:
            state.forget_token = state.forget_asked = None

    def _keep_context(self, state: UserState, response: Response, now: float) -> None:
        """Remember the entry an answer was about (or the suggestions offered) for follow-ups."""
        meta = response.meta
        if meta.kind in ("point", "faq", "routine") or (meta.kind == "safety" and meta.severity is None):
            if meta.id is not None:
                self.conversation.remember(state, meta.id, meta.section, now)
        elif meta.kind == "clarify" and meta.candidates:
            self.conversation.offer(state, [candidate.id for candidate in meta.candidates], now)

    def _follow_up(self, state: UserState, text: str, follow_up: FollowUp, group: bool) -> Response:
        entry = self.knowledge.get(follow_up.entry_id)
        extra = self._resume_row(state, group)
        if isinstance(entry, Routine):
            if follow_up.section is Section.CAUTIONS:
                cautions = [] if group else self._cautions(state, entry)
                replies = render.routine_safety(self.knowledge, entry, cautions, (*extra, *self._for_you(entry, group)))
                return Response(tuple(replies), Meta("routine", entry.id, entry.title, 100.0, section="cautions"))
            step = self.matcher.follow_up(text, entry.id).step
            response = self._routine(state, entry, group, about_step=step)
            if follow_up.other_side and any(shown.switch for shown in entry.steps):
                note = Reply("Yes: after the steps on one side, the routine takes you through them on the other.")
                response = replace(response, replies=(note, *response.replies))
            return response
        assert entry is not None
        replies = self._entry_replies(state, entry, follow_up.section, extra, group)
        if follow_up.other_side and isinstance(entry, PointBase):
            same = "The same point is on both legs: find it the same way on the other one."
            replies = [Reply(same), *replies]
        meta = Meta(kind_of(entry), entry.id, entry.title, 100.0, section=follow_up.section.value)
        return Response(tuple(replies), meta)

    def _cautions(self, state: UserState, entry: Entry) -> list[str]:
        """The person's own cautions for ``entry``, from its texts and their facts."""
        if isinstance(entry, PointBase):
            return self.profile.cautions(state, entry, entry.cautions)
        if isinstance(entry, Faq):
            return self.profile.cautions(state, entry, [entry.answer])
        if isinstance(entry, Routine):
            return self.profile.cautions(state, entry, [step.caution for step in entry.steps if step.caution])
        return []

    def _typed(self, user_id: int, state: UserState, text: str, now: float, group: bool) -> Response | None:
        """``text`` as a reply to the screen on show, or None when it is not one. In a group
        only a pick among the suggestions just offered ("the second one") is: the person's
        routine and /forget question are in the private chat."""
        reply = typed.read(text)
        if reply.word is None and reply.rating is None and reply.pick is None:
            return None
        if state.forget_token is not None and reply.word in ("yes", "no") and not group:
            action: Action = Forget(state.forget_token) if reply.word == "yes" else KeepData()
            return self._act(user_id, state, action, group)
        run = state.routine
        if run is not None and not group:
            routine_action = _routine_reply(run, reply)
            if routine_action is not None:
                return _as_new_messages(self.routines.handle(state, routine_action))
        context = self.conversation.current(state, now)
        if context is None or context.turns > 1:  # only right under the message it answers
            return None
        if context.offered and reply.pick is not None and reply.pick < len(context.offered):
            return self._open(state, context.offered[reply.pick], None, group)
        routine = self.knowledge.routine(context.entry)
        if routine is not None and (run is None or run.routine_id != routine.id) and reply.word in ("start", "yes"):
            if group:
                return self._elsewhere(OpenRoutine(routine.id))
            if state.red_flag is not None:
                return self._reminder(state)
            return _as_new_messages(self.routines.start(state, routine))
        return None

    def _triage(self, state: UserState, text: str) -> tuple[Assessment, RedFlagHit | None]:
        """Triage ``text`` together with the person's recent messages (their findings only) and
        the health facts they told us; with it, the red flag (if any) that ``text`` raises on
        its own, which a group may be shown (the others may tell what was said in private)."""
        now = self.clock()
        recent = [r for r in state.recent if now - r.at <= TRIAGE_WINDOW_SECONDS][-(TRIAGE_WINDOW_MESSAGES - 1) :]
        earlier = [Earlier(frozenset(r.keys), r.last_site) for r in recent]
        raised = None
        if state.red_flag is not None and now - state.red_flag.at <= TRIAGE_WINDOW_SECONDS:
            rule = self.knowledge.get(state.red_flag.rule_id)
            raised = rule if isinstance(rule, RedFlag) else None
        facts = self.profile.triage_concepts(state)
        assessment = self.triage.assess(text, earlier, facts=facts, raised=raised)
        said = self.triage.check(text) if earlier or facts else assessment.hit
        if assessment.revises_earlier:
            # "Sorry, autocorrect: I meant sore" takes back what the flag was raised on.
            recent = []
            if raised is not None and assessment.hit is None:
                state.red_flag = None
        found = assessment.earlier
        if found.keys:
            state.recent = [*recent, RecentMessage(at=now, keys=sorted(found.keys), last_site=found.last_site)]
        else:
            state.recent = recent
        return assessment, said

    def _on_command(self, user_id: int, state: UserState, command: Command, group: bool) -> Response:
        name = command.name.lower()
        if name == "start":
            return self._start(user_id, state, command.argument, group)
        if group and name in PERSONAL_COMMANDS:
            return self._elsewhere(PERSONAL_COMMANDS[name])
        if name == "mydata":
            return self._my_data(user_id, state)
        if name == "forget":
            return self._ask_to_forget(state, edit=False)
        if name in PRACTICE_COMMANDS:
            return self.practice.command(user_id, name, self.clock())
        if name == "help":
            return self._answer(state, Match(Outcome.ANSWER, "help", 100.0, reason="command"), group)
        if name == "stop":
            return self._stop(state)
        if name in MENU_COMMANDS:
            return Response(tuple(MENUS[MENU_COMMANDS[name]](self.knowledge)), Meta(kind="menu", id=name))
        text = f"I don't know the command /{esc(name[:32])}. Try /help to see what I can do."
        return Response((Reply(text, render.main_menu()),), Meta(kind="fallback"))

    def _on_button(self, user_id: int, state: UserState, payload: str, group: bool) -> Response:
        action = decode(payload)
        if action is None:
            log.info("ignored an unknown button payload")
            return Response(note=UNKNOWN_BUTTON)
        return self._act(user_id, state, action, group)

    def _act(self, user_id: int, state: UserState, action: Action, group: bool) -> Response:
        """Do what a button (or a deep link) asks; in a group, nothing personal."""
        if group and groups.is_personal(action):
            return self._elsewhere(action)
        match action:
            case OpenEntry(entry_id, section):
                return self._open(state, entry_id, section, group)
            case OpenRoutine(routine_id):
                routine = self.knowledge.routine(routine_id)
                if routine is None:
                    return Response(note="That routine is no longer available.")
                return self._routine(state, routine, group)
            case OpenMenu(name):
                return self._menu(name, MENUS[name](self.knowledge))
            case OpenTopic(topic_id):
                return self._menu("topic", render.topic_menu(self.knowledge, topic_id))
            case NoneOfThese():
                return Response(tuple(render.fallback(self.knowledge, "no-match")), Meta(kind="fallback"))
            case DoctorChecked(rule_id):
                return self._cleared(state, rule_id)
            case AskToForget():
                return self._ask_to_forget(state, edit=True)
            case Forget(token):
                return self._forget(state, token)
            case KeepData():
                state.forget_token = state.forget_asked = None
                return Response((Reply("Nothing was erased.", render.main_menu(), edit=True),), Meta(kind="data"))
            case ShowMyData():
                return self._my_data(user_id, state)
            case StartRoutine() if state.red_flag is not None:
                return self._reminder(state)
            case (
                ShowPractice()
                | AskReminderTime()
                | SetReminder()
                | RemindThisTime()
                | AskZone()
                | ChooseZone()
                | Snooze()
                | StopReminder()
                | RemoveReminder()
            ):
                return self.practice.act(user_id, state, action, self.clock())
            case _:  # the rest act on a routine under way
                return self.routines.handle(state, action)

    # --- answers ------------------------------------------------------------------------------

    def _answer(self, state: UserState, match: Match, group: bool) -> Response:
        extra = self._resume_row(state, group)
        if match.outcome is Outcome.CLARIFY:
            suggestions = tuple(self._suggestion(c.entry_id, c.score) for c in match.candidates)
            meta = Meta(
                "clarify", score=match.score, candidates=suggestions, section=match.section.value, why=_why(match)
            )
            return Response(tuple(render.clarify(self.knowledge, suggestions, extra)), meta)
        entry = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if entry is None:
            replies = render.fallback(self.knowledge, match.reason, match.unknown_codes, extra)
            return Response(tuple(replies), Meta("fallback", score=match.score, why=_why(match)))
        meta = Meta(kind_of(entry), entry.id, entry.title, match.score, section=match.section.value, why=_why(match))
        extra = (*self._or_did_you_mean(match, entry), *extra)
        if isinstance(entry, Smalltalk):
            if entry.id == "acknowledge" and state.red_flag is not None and not state.red_flag.reminded and not group:
                return self._reminder(state)
            return Response(tuple(render.smalltalk_answer(entry)), meta)
        if isinstance(entry, Routine):
            return self._routine(state, entry, group, match.score, about_step=match.step, why=_why(match), extra=extra)
        return Response(tuple(self._entry_replies(state, entry, match.section, extra, group)), meta)

    def _or_did_you_mean(self, match: Match, answer: Entry) -> Keyboard:
        """Buttons for entries nearly as likely as the answer given: one tap if we chose wrong
        (unless the answer already offers them among its related entries)."""
        related = set(getattr(answer, "related", ()))
        entries = [
            entry
            for entry_id in match.also
            if entry_id not in related and (entry := self.knowledge.get(entry_id)) is not None
        ]
        if not entries:
            return ()
        buttons = [render.open_button(entry) for entry in entries]
        return (tuple(Button(f"Or: {button.label}", button.action) for button in buttons),)

    def _entry_replies(
        self, state: UserState, entry: Entry, section: Section, extra: Keyboard, group: bool
    ) -> list[Reply]:
        """An entry's answer, led by the person's own cautions (in a group, a button to them in
        the private chat). Without extra buttons or cautions it is the same every time, so it is
        kept."""
        extra = (*extra, *self._for_you(entry, group))
        lead = [] if group else self._cautions(state, entry)
        if extra or lead:
            return self._render_entry(entry, section, extra, lead)
        key = (entry.id, section)
        if key not in self._rendered:
            self._rendered[key] = tuple(self._render_entry(entry, section, ()))
        return list(self._rendered[key])

    def _render_entry(
        self, entry: Entry, section: Section, extra: Keyboard, lead: list[str] | None = None
    ) -> list[Reply]:
        if isinstance(entry, PointBase):
            return render.point_answer(self.knowledge, entry, section, extra, lead)
        if isinstance(entry, Faq | Contraindication):
            return render.faq_answer(self.knowledge, entry, extra, lead)
        if isinstance(entry, Smalltalk):
            return render.smalltalk_answer(entry)
        assert isinstance(entry, RedFlag)
        return render.red_flag(self.knowledge, RedFlagHit(entry, entry.message, ()), extra)

    def _open(self, state: UserState, entry_id: str, section: Section | None, group: bool) -> Response:
        entry = self.knowledge.get(entry_id)
        if entry is None:
            return Response(note="That topic is no longer available.")
        if isinstance(entry, Routine):
            return self._routine(state, entry, group)
        shown = section or Section.OVERVIEW
        replies = self._entry_replies(state, entry, shown, self._resume_row(state, group), group)
        if section is not None:  # switching sections of the same point edits it in place
            replies = [replace(replies[0], edit=True), *replies[1:]]
        meta = Meta(kind_of(entry), entry.id, entry.title, 100.0, section=shown.value)
        return Response(tuple(replies), meta)

    def _routine(
        self,
        state: UserState,
        routine: Routine,
        group: bool,
        score: float = 100.0,
        about_step: int | None = None,
        why: tuple[str, ...] = (),
        extra: Keyboard | None = None,
    ) -> Response:
        """A routine's introduction, opening with the step a question was about, if any; in a
        group, a button to it in the private chat (its safety questions are personal)."""
        if group:
            meta = Meta("routine", routine.id, routine.title, score, why=why)
            return replace(self._elsewhere(OpenRoutine(routine.id)), meta=meta)
        if state.red_flag is not None:
            return self._reminder(state)
        meta = Meta("routine", routine.id, routine.title, score, why=why)
        extra = self.routines.resume_row(state) if extra is None else extra
        return Response(tuple(self.routines.intro(state, routine, extra, about_step)), meta)

    @staticmethod
    def _menu(name: str, replies: list[Reply] | None) -> Response:
        """A menu shown in place of the one whose button was pressed."""
        if not replies:
            return Response(note=UNKNOWN_BUTTON)
        return Response((replace(replies[0], edit=True), *replies[1:]), Meta(kind="menu", id=name))

    # --- commands -----------------------------------------------------------------------------

    def _start(self, user_id: int, state: UserState, argument: str, group: bool) -> Response:
        """/start: start over (a routine under way ends). A deep link to something other than a
        routine (/mydata, a point from a group) leaves a routine under way alone."""
        action = deep_link(argument)
        cancel = False
        if not group and (action is None or isinstance(action, OpenRoutine)):
            cancel = state.routine is not None
            state.end_routine()
            state.screening.clear()
        linked = self._act(user_id, state, action, group) if action is not None else Response()
        if linked.replies:  # a new message, not an edit: there is no message to edit
            replies = tuple(replace(reply, edit=False) for reply in linked.replies)
            return replace(linked, replies=replies, cancel_timers=cancel)
        return Response(
            tuple(render.greeting(self.knowledge)), Meta(kind="smalltalk", id="start"), cancel_timers=cancel
        )

    def _stop(self, state: UserState) -> Response:
        if state.routine is None:
            return Response((Reply("No routine is running.", render.main_menu()),), Meta(kind="flow"))
        return self.routines.stop(state, edit=False)

    # --- safety -------------------------------------------------------------------------------

    def _red_flag(self, state: UserState, hit: RedFlagHit, group: bool, said: RedFlagHit | None) -> Response:
        """Raise ``hit``. In a group the advice shown is for ``said``, the flag the message
        raises on its own (perhaps a lesser one, perhaps none): safety first, but what rests on
        what the person told us before (in private, perhaps) is read in the private chat."""
        shown = said if group else hit
        state.red_flag = RedFlagNote(rule_id=hit.rule.id, at=self.clock())
        extra: Keyboard = ()
        cancel = False
        if state.routine is not None:
            if hit.rule.severity == "see_doctor":
                extra = self._resume_row(state, group)
            else:
                state.end_routine()
                cancel = True
        why = ("red flag: " + "; ".join(hit.evidence),)
        meta = Meta("safety", hit.rule.id, hit.rule.title, 100.0, severity=hit.rule.severity, why=why)
        replies = render.red_flag(self.knowledge, shown, extra) if shown is not None else []
        if shown is None or shown.rule.id != hit.rule.id:
            replies.append(groups.warning_elsewhere(hit.rule, self.knowledge.safety.emergency_numbers, bool(replies)))
        if cancel and not group:  # in a group, others would learn that a routine was under way
            replies.append(Reply("I have stopped the routine for now."))
        return Response(tuple(replies), meta, cancel_timers=cancel)

    def _reminder(self, state: UserState) -> Response:
        note = state.red_flag
        assert note is not None
        note.reminded = True
        rule = self.knowledge.get(note.rule_id)
        title = rule.title if isinstance(rule, RedFlag) else "a warning sign"
        replies = render.red_flag_reminder(self.knowledge, title, note.rule_id)
        severity = rule.severity if isinstance(rule, RedFlag) else None
        return Response(tuple(replies), Meta("safety", note.rule_id, title, 100.0, severity=severity))

    def _cleared(self, state: UserState, rule_id: str) -> Response:
        if state.red_flag is None or state.red_flag.rule_id != rule_id:
            return Response(note="Nothing to confirm.")
        state.red_flag = None
        state.recent = []  # what led to the flag has been seen to
        text = "Thank you. Take it gently, and stop if anything hurts more than before."
        return Response((Reply(text, render.main_menu(), edit=True),), Meta(kind="flow"))

    # --- groups and personal data --------------------------------------------------------------

    def _resume_row(self, state: UserState, group: bool) -> Keyboard:
        """The button back to a routine under way: not in a group (the routine is private)."""
        return () if group else self.routines.resume_row(state)

    def _for_you(self, entry: Entry, group: bool) -> Keyboard:
        """In a group: a button to this answer in the private chat, where it leads with the
        person's own cautions. Shown to everyone, so it says nothing about who told us what."""
        if not group or isinstance(entry, Smalltalk | RedFlag):
            return ()
        action: Action = OpenRoutine(entry.id) if isinstance(entry, Routine) else OpenEntry(entry.id)
        return ((Button(groups.FOR_YOU, action, private=True),),)

    def _elsewhere(self, action: Action) -> Response:
        """What a group gets for something personal: a button to it in the private chat."""
        target = groups.where_it_continues(action)
        routine = self.knowledge.routine(target.routine_id) if isinstance(target, OpenRoutine) else None
        return groups.elsewhere(target, routine.title if routine else None)

    def _my_data(self, user_id: int, state: UserState) -> Response:
        kept = self.personal_data.describe(Person(user_id, state, self.clock()))
        summary = personal.summary(kept, self.profile.max_age, self.practice.diary_max_age)
        return Response((summary,), Meta(kind="data", id="mydata"))

    def _ask_to_forget(self, state: UserState, *, edit: bool) -> Response:
        state.forget_token = new_run_id()
        state.forget_asked = self.clock()
        reply = personal.confirm_forget(state.forget_token, edit=edit)
        return Response((reply,), Meta(kind="data", id="forget"))

    def _forget(self, state: UserState, token: str) -> Response:
        asked = state.forget_asked
        if state.forget_token != token or asked is None or self.clock() - asked > FORGET_SECONDS:
            return Response(note="That request has expired. Send /forget again.")
        state.request_erase()
        text = "🗑 Done: I have erased everything I kept about you. Your next message starts afresh."
        return Response(
            (Reply(text, edit=True),), Meta(kind="data", id="forgotten"), cancel_timers=True, reminders_changed=True
        )

    def _suggestion(self, entry_id: str, score: float) -> Suggestion:
        entry = self.knowledge.get(entry_id)
        return Suggestion(entry_id, entry.title if entry else entry_id, round(score, 1))


def _practice_view(intent: phrases.Intent) -> Action:
    """What the private chat shows for a practice intent said in a group."""
    match intent:
        case phrases.ShowProgress() | phrases.CheckIn() | phrases.BadRating():
            return ShowPractice(PracticeView.PROGRESS)
        case phrases.ExportDiary():
            return ShowPractice(PracticeView.EXPORT)
    return ShowPractice(PracticeView.REMINDERS)


def _why(match: Match) -> tuple[str, ...]:
    """How the matcher decided, for `kneebot ask --json`."""
    scores = tuple(
        f"{evidence.entry_id}: words {evidence.words:.1f}, meaning {evidence.meaning:.2f}, fused {evidence.fused:.2f}"
        for evidence in match.evidence
    )
    spelling = ", ".join(f"{typed} -> {read}" for typed, read in match.spelling)
    return (f"{match.outcome.value} ({match.reason})", *((f"read as: {spelling}",) if spelling else ()), *scores)


def _routine_reply(run: RoutineRun, reply: typed.Reply) -> RoutineAction | None:
    """The button on the routine's current screen that a typed reply stands for, if any."""
    routine, run_id, word = run.routine_id, run.run, reply.word
    if word == "resume":
        return Resume(routine, run_id)
    match run.phase:
        case "screening" if word in ("yes", "no"):
            return AnswerScreening(routine, run_id, run.question, word == "yes")
        case "caution" if word in ("yes", "next", "start"):
            return ContinueSafely(routine, run_id)
        case "caution" | "stopped" if word == "change":
            return ChangeAnswer(routine, run_id)
        case "pain_before" | "pain_after" if reply.rating is not None or word in ("skip", "next"):
            score = reply.rating if word is None else None
            return (PainBefore if run.phase == "pain_before" else PainAfter)(routine, run_id, score)
        case "step" if word in ("next", "skip", "back", "timer"):
            if word == "back":
                return Back(routine, run_id, run.step)
            if word == "timer":
                return StartTimer(routine, run_id, run.step)
            return Next(routine, run_id, run.step)
    if word == "stop" and run.phase not in ("intro", "stopped"):
        return Stop(routine, run_id)
    return None


def _as_new_messages(response: Response) -> Response:
    """A typed reply gets the next screen as a new message (there is no button to edit)."""
    return replace(response, replies=tuple(replace(reply, edit=False) for reply in response.replies))
