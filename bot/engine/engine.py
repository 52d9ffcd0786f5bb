"""The conversation engine: (person, event) in, replies with buttons out. No Telegram here.

A typed message goes through the stages of a pipeline until one answers; their order is in
:mod:`bot.engine.pipelines` (facts told, the safety gate, the screen on show, ..., match).
Commands and buttons go to :mod:`bot.engine.controls`. Where the event happened (the private
chat, or a group where nothing personal is shown) is a :class:`bot.engine.chats.Chat` policy,
which also chooses the stages. Each event runs in one store transaction, so a crash leaves the
stored state as it was and a restart continues where the person left off; the diary and reminder
writes it asks for are made in that transaction, with the record. What is kept about a person,
and how `/mydata` and `/forget` reach all of it, is :mod:`bot.engine.memory.personal`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from bot.engine import pipelines, render
from bot.engine.actions import OpenRoutine
from bot.engine.answers import BUILT_IN, Answers, AnswerTypes
from bot.engine.chats import Chat, GroupPolicy
from bot.engine.controls import Controls
from bot.engine.corrections import Corrections
from bot.engine.events import Attachment, ButtonPress, Command, Event, Text, TimerFired
from bot.engine.inline import InlineCards
from bot.engine.memory import personal
from bot.engine.memory.context import Conversation
from bot.engine.memory.personal import Person, Registry
from bot.engine.memory.plan import Planner
from bot.engine.memory.profile import DEFAULT_MAX_AGE, Profile
from bot.engine.messages import MESSAGES
from bot.engine.outgoing import Address, Outgoing
from bot.engine.pipeline import Turn
from bot.engine.practice.changes import ClearTimer, SetTimer
from bot.engine.practice.coach import DIARY_DAYS, Practice, ReminderJob
from bot.engine.replies import SCREEN_AGAIN, Card, Meta, Reply, Response, TimerRequest
from bot.engine.routines import RoutineFlow
from bot.engine.safety_gate import SafetyGate
from bot.engine.state import UserState
from bot.engine.stores import Loaded, Storage
from bot.knowledge import Knowledge
from bot.matching.matcher import Matcher
from bot.safety.net import SafetyNet
from bot.safety.triage import Triage
from bot.semantic import Semantics


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
        answer_types: AnswerTypes | None = None,
    ) -> None:
        """``semantics`` (the embedding model and its cache) serves the matcher when none is
        given; by default the shipped model with no cache on disk. What people tell us about
        themselves is kept ``profile_max_age`` seconds after they last said it, pain ratings
        ``diary_max_age``. Records, the diary and reminders are kept in ``store``. The kinds of
        answer are the built-in ones unless ``answer_types`` says otherwise."""
        self.knowledge = knowledge
        self.store = store
        self.clock = clock
        semantics = semantics or Semantics.load()
        self.matcher = matcher or Matcher(knowledge, semantics)
        self.triage = triage or Triage(knowledge.safety, SafetyNet(semantics.encoder.encode))
        self.profile = Profile(knowledge, profile_max_age)
        self.routines = RoutineFlow(knowledge, clock, self.profile)
        self.conversation = Conversation(knowledge)
        self.practice = Practice(knowledge, store.practice, clock, diary_max_age)
        # Every kind of personal data, for /mydata and /forget; more register themselves here.
        self.personal_data = Registry(
            [
                personal.ProfileFacts(self.profile),
                personal.Routines(knowledge),
                personal.SafetyNotes(knowledge),
                personal.ConversationContext(knowledge),
                personal.TheirSafetyCheck(knowledge),
                *self.practice.holders,
            ]
        )
        self.gate = SafetyGate(knowledge, self.triage, self.profile, self.matcher.corrected)
        self.answers = Answers(
            knowledge,
            answer_types or AnswerTypes(BUILT_IN),
            self.gate,
            self.routines.check.intro_lines,
            self.routines.check.intro_answered,
        )
        self.planner = Planner(knowledge, self.profile)
        self.controls = Controls(
            knowledge,
            self.answers,
            self.routines,
            self.practice,
            self.gate,
            self.profile,
            self.personal_data,
            self.planner,
        )
        self.private = Chat(knowledge, self.routines, self.profile)
        self.group = GroupPolicy(knowledge, self.routines, self.profile)
        private, group = pipelines.build(
            pipelines.Parts(
                knowledge,
                self.answers,
                self.profile,
                self.gate,
                self.conversation,
                self.matcher,
                self.routines,
                self.practice,
                self.planner,
                self.controls.act,
                self._command_in_words,
            )
        )
        self.pipelines = {self.private: private, self.group: group}
        self.corrections = Corrections(self.practice)
        self.inline = InlineCards(knowledge, self.gate, self.matcher, self.answers)

    def _command_in_words(self, turn: Turn, name: str) -> Response:
        """A command asked for in words ("what do you know about me?"), as if typed."""
        return self.controls.command(turn, Command(name))

    def handle(
        self,
        user_id: int,
        event: Event,
        *,
        group: bool = False,
        send_to: Address | None = None,
        update: str | None = None,
    ) -> Response:
        """``event`` from ``user_id``; ``group`` when it happened in a chat others read too,
        where nothing personal is shown (see :mod:`bot.engine.groups`). With ``send_to``, the
        replies are also messages to send (``Response.outgoing``), written to the outbox with the
        event's writes. ``update`` names the update the event came in (see
        :meth:`bot.engine.stores.Storage.transaction`): handled once, its response the second time
        is only its replies still waiting to be sent, if any."""
        response, messages = Response(), list[Outgoing]()  # when the update was handled before
        with self.store.transaction(user_id, update) as loaded:
            if not loaded.handled:  # else the store gives back its replies if they were left waiting
                response, messages = self._decide(loaded, user_id, event, group, send_to)
        return replace(response, outgoing=tuple(loaded.queued or messages))

    def _decide(
        self, loaded: Loaded, user_id: int, event: Event, group: bool, send_to: Address | None
    ) -> tuple[Response, list[Outgoing]]:
        """The event's response, and the messages it sends, within its unit of work ``loaded``."""
        state = loaded.state
        timer = _timer(state)
        turn = Turn(user_id, state, self.clock(), self.group if group else self.private)
        self._expire(turn)
        replaced = self.corrections.withdrawn(turn, event)
        response = turn.chat.finish(self._dispatch(turn, event))
        if replaced:
            response = self.corrections.noted(state, replaced, response)
        if state.erase_requested:  # /forget confirmed: every holder, then the record itself
            self.personal_data.erase(Person(user_id, state, turn.now))
            loaded.erase = True
        else:
            response = self._finish(turn, loaded.reset, event, response)
        self.practice.finish(state)
        if (running := _timer(state)) != timer and not loaded.erase:  # the timers table follows
            state.defer(SetTimer(*running) if running else ClearTimer())
        messages = (
            [Outgoing(user_id, send_to.chat_id, reply, "reply", send_to.context) for reply in response.replies]
            if send_to is not None
            else []
        )
        if not loaded.erase:  # after /forget nothing of the person is written, not even where to reply
            loaded.outgoing = messages
        return response, messages

    def _dispatch(self, turn: Turn, event: Event) -> Response:
        match event:
            case Text(text):
                self.conversation.count_turn(turn.state)
                turn.text = text
                return self.pipelines[turn.chat].run(turn)
            case Command():
                return self.controls.command(turn, event)
            case ButtonPress(payload):
                return self.controls.press(turn, payload)
            case Attachment():
                replies = render.fallback(self.knowledge, "attachment", extra=turn.chat.resume_row(turn.state))
                return Response(tuple(replies), Meta(kind="fallback"))
            case TimerFired(token):
                return self.routines.timer_fired(turn.state, token)

    def _expire(self, turn: Turn) -> None:
        """Forget what has outlived its use: old facts, the topic, triage's recent findings."""
        state, now = turn.state, turn.now
        self.profile.prune(state, now)
        self.conversation.current(state, now)
        self.practice.expire(state, now)
        self.gate.expire(state, now)
        self.controls.expire(turn)

    def _finish(self, turn: Turn, reset: bool, event: Event, response: Response) -> Response:
        """Remember the topic, and lead with the notices the person should see first."""
        state, meta = turn.state, response.meta
        if not isinstance(event, TimerFired):
            state.settle_asked()  # the question the last reply asked, and no older one
        run = state.routine
        if run is not None and response.replies and turn.chat is self.private and not isinstance(event, TimerFired):
            # The routine's own screen is on show, or something else was answered on the way
            # (a group is another chat: the routine's screen is still the last one in private).
            run.away = meta.kind != "flow" and meta.id != SCREEN_AGAIN
            run.interrupted = meta.kind == "fallback" and meta.id == SCREEN_AGAIN  # "didn't catch that"
            if not run.away:
                run.shown_at = turn.now
                if run.phase == "step":  # the step on screen is the topic
                    self.conversation.remember(state, run.routine_id, None, turn.now, step=run.step)
        if meta.topic and meta.id is not None:  # what follow-ups may be about
            starts = _routine_offered(response)
            buttons = _routines_offered(response)
            self.conversation.remember(
                state, meta.id, meta.section, turn.now, step=meta.step, starts=starts, buttons=buttons
            )
        elif meta.candidates:  # "Did you mean…": "the second one" may come next
            self.conversation.offer(state, [candidate.id for candidate in meta.candidates], turn.now)
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
                replies.insert(0, Reply(MESSAGES.welcome_back))
                assert state.routine is not None
                state.routine.away = True  # back after a while: "carry on" picks up here
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
        says ``reminders_changed``. (Or: claim due reminders from the store, ``next_due``.)"""
        return self.practice.jobs(self.clock(), user_id)

    def remind(self, user_id: int, reminder_id: int, *, send: bool = False) -> Response:
        """The reminder to send now, or an empty response when none is due or another process
        has handled it (its next due instant moves on in the database, so it is sent once).
        With ``send``, the reminder is also a message written to the outbox in that same
        transaction (``Response.outgoing``), to the person's private chat."""
        with self.store.transaction(user_id) as loaded:
            response = self.practice.remind(user_id, loaded.state, reminder_id, self.clock())
            if send:
                loaded.outgoing = [Outgoing(user_id, user_id, reply, "reminder") for reply in response.replies]
        return replace(response, outgoing=tuple(loaded.queued or loaded.outgoing))

    def schedule_reminders(self) -> int:
        """Work out when each reminder kept by an earlier version (without a next due instant)
        is next due; how many. Adapters call it at start-up."""
        people = {reminder.user_id for reminder in self.practice.unscheduled()}
        for user_id in people:
            with self.store.transaction(user_id) as loaded:
                self.practice.reschedule(user_id, loaded.state, self.clock())
        return len(people)

    def cards(self, text: str, limit: int = 10) -> list[Card]:
        """Answers to offer in inline mode (:mod:`bot.engine.inline`)."""
        return self.inline.cards(text, limit)


def _timer(state: UserState) -> tuple[str, float] | None:
    """The person's running routine timer: its token and when it runs out."""
    run = state.routine
    return (run.timer, run.timer_due) if run and run.timer and run.timer_due is not None else None


def _routines_offered(response: Response) -> list[str]:
    """Every routine the response offers with a button ("Or: ▶ Quad compression"), in order."""
    found = [
        button.action.routine_id
        for reply in response.replies
        for row in reply.buttons
        for button in row
        if isinstance(button.action, OpenRoutine)
    ]
    return list(dict.fromkeys(found))


def _routine_offered(response: Response) -> str | None:
    """The first routine the response offers to start with a button, if any."""
    for reply in response.replies:
        for row in reply.buttons:
            for button in row:
                if isinstance(button.action, OpenRoutine):
                    return button.action.routine_id
    return None
