"""Commands (/start, /help, /points, /mydata ...) and buttons (and deep links, which decode into
the same actions).

A button's action is handled by a ``match`` on its type (:mod:`bot.engine.actions`), which hands
routine actions to :class:`bot.engine.routines.RoutineFlow` and the practice plan's to
:class:`bot.engine.practice.coach.Practice`; mypy checks that every action has its case. In a
group, what acts on something personal answers with a button to the private chat instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.engine import render
from bot.engine.actions import (
    Action,
    AskReminderTime,
    AskToForget,
    AskZone,
    ChooseZone,
    DoctorChecked,
    Forget,
    KeepData,
    MenuName,
    NoneOfThese,
    OpenEntry,
    OpenMenu,
    OpenPlan,
    OpenRoutine,
    OpenTopic,
    RemindThisTime,
    RemoveReminder,
    SetReminder,
    ShowMore,
    ShowMyData,
    ShowPractice,
    Snooze,
    StartRoutine,
    StopReminder,
    decode,
    deep_link,
    new_run_id,
)
from bot.engine.answers import Answers, Request
from bot.engine.events import Command
from bot.engine.memory import personal
from bot.engine.memory.personal import Person, Registry
from bot.engine.memory.plan import Planner
from bot.engine.memory.profile import Profile
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Turn
from bot.engine.practice.changes import EraseDiary
from bot.engine.practice.coach import COMMANDS as PRACTICE_COMMANDS
from bot.engine.practice.coach import Practice
from bot.engine.replies import Meta, Reply, Response, esc
from bot.engine.routines import RoutineFlow
from bot.engine.safety_gate import SafetyGate
from bot.knowledge import Knowledge, Section
from bot.knowledge.models import Contraindication, Faq

log = logging.getLogger(__name__)

FORGET_SECONDS = 10 * 60  # how long a /forget request waits for its confirmation
# Menus reachable both as commands (/points) and as buttons (OpenMenu).
MENUS: dict[MenuName, Callable[[Knowledge], list[Reply]]] = {
    MenuName.MAIN: lambda knowledge: [Reply(MESSAGES.what_to_do, render.main_menu())],
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


class Controls:
    def __init__(
        self,
        knowledge: Knowledge,
        answers: Answers,
        routines: RoutineFlow,
        practice: Practice,
        gate: SafetyGate,
        profile: Profile,
        personal_data: Registry,
        planner: Planner,
    ) -> None:
        self.knowledge = knowledge
        self.answers = answers
        self.routines = routines
        self.practice = practice
        self.gate = gate
        self.profile = profile
        self.personal_data = personal_data
        self.planner = planner

    # --- commands -----------------------------------------------------------------------------

    @staticmethod
    def knows(name: str) -> bool:
        """Whether ``name`` is one of the bot's commands (as typed after "/")."""
        return name in ("start", "help", *PERSONAL_COMMANDS, *PRACTICE_COMMANDS, *MENU_COMMANDS)

    def command(self, turn: Turn, command: Command) -> Response:
        name = command.name.lower()
        if name == "start":
            return self._start(turn, command.argument)
        elsewhere = turn.chat.personal_command(PERSONAL_COMMANDS[name]) if name in PERSONAL_COMMANDS else None
        if elsewhere is not None:
            return elsewhere
        if name == "mydata":
            return self._my_data(turn)
        if name == "forget":
            return self._ask_to_forget(turn, edit=False)
        if name in PRACTICE_COMMANDS:
            return self.practice.command(turn.user_id, name, turn.now, turn.state)
        if name == "help":
            return self._help(turn)
        if name == "stop":
            return self._stop(turn)
        if name in MENU_COMMANDS:
            return Response(tuple(MENUS[MENU_COMMANDS[name]](self.knowledge)), Meta(kind="menu", id=name))
        text = MESSAGES.unknown_command.format(name=esc(name[:32]))
        return Response((Reply(text, render.main_menu()),), Meta(kind="fallback"))

    def _start(self, turn: Turn, argument: str) -> Response:
        """/start: start over (a routine under way ends). A deep link to something other than a
        routine (/mydata, a point from a group) leaves a routine under way alone."""
        action = deep_link(argument)
        cancel = turn.chat.starts_over(turn.state, action)
        linked = self.act(turn, action) if action is not None else Response()
        if linked.replies:  # a new message, not an edit: there is no message to edit
            replies = tuple(replace(reply, edit=False) for reply in linked.replies)
            return replace(linked, replies=replies, cancel_timers=cancel)
        return Response(
            tuple(render.greeting(self.knowledge)), Meta(kind="smalltalk", id="start"), cancel_timers=cancel
        )

    def _help(self, turn: Turn) -> Response:
        entry, why = self.knowledge.get("help"), ("answer (command)",)
        if entry is None:  # a knowledge base without a help reply
            replies = render.fallback(self.knowledge, "command", (), turn.chat.resume_row(turn.state))
            return Response(tuple(replies), Meta("fallback", score=100.0, why=why))
        return self.answers.answer(turn, Request(entry, why=why))

    def _stop(self, turn: Turn) -> Response:
        if turn.state.routine is None:
            return Response((Reply(MESSAGES.no_routine, render.main_menu()),), Meta(kind="flow"))
        return self.routines.stop(turn.state, edit=False)

    # --- buttons ------------------------------------------------------------------------------

    def press(self, turn: Turn, payload: str) -> Response:
        action = decode(payload)
        if action is None:
            log.info("ignored an unknown button payload")
            return Response(note=MESSAGES.unknown_button)
        return self.act(turn, action)

    def act(self, turn: Turn, action: Action) -> Response:
        """Do what a button (or a deep link) asks; in a group, nothing personal."""
        elsewhere = turn.chat.elsewhere(action)
        if elsewhere is not None:
            return elsewhere
        state = turn.state
        match action:
            case OpenEntry(entry_id, section):
                return self._open(turn, entry_id, section)
            case ShowMore(entry_id):
                return self._more(turn, entry_id)
            case OpenRoutine(routine_id):
                return self._open(turn, routine_id, None, MESSAGES.routine_gone)
            case OpenPlan(plan_id):
                plan = self.knowledge.plan(plan_id)
                if plan is None:
                    return Response(note=MESSAGES.plan_gone)
                return self.planner.respond(turn.chat.plan_state(state), plan)
            case OpenMenu(name):
                return _menu(name, MENUS[name](self.knowledge))
            case OpenTopic(topic_id):
                return _menu("topic", render.topic_menu(self.knowledge, topic_id))
            case NoneOfThese():
                return Response(tuple(render.fallback(self.knowledge, "no-match")), Meta(kind="fallback"))
            case DoctorChecked(rule_id):
                return self.gate.clear(state, rule_id)
            case AskToForget():
                return self._ask_to_forget(turn, edit=True)
            case Forget(token):
                return self._forget(turn, token)
            case KeepData():
                state.forget_token = state.forget_asked = None
                state.forget_diary_only = False
                return Response((Reply(MESSAGES.nothing_erased, render.main_menu(), edit=True),), Meta(kind="data"))
            case ShowMyData():
                return self._my_data(turn)
            case StartRoutine() if state.red_flag is not None:
                return self.gate.remind(state)
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
                return self.practice.act(turn.user_id, state, action, turn.now)
            case _:  # the rest act on a routine under way
                return self.routines.handle(state, action)

    def _open(self, turn: Turn, entry_id: str, section: Section | None, gone: str | None = None) -> Response:
        entry = self.knowledge.get(entry_id)
        if entry is None or (gone is not None and self.knowledge.routine(entry_id) is None):
            return Response(note=gone or MESSAGES.topic_gone)
        # Switching sections of the same point edits it in place.
        return self.answers.answer(turn, Request(entry, section or Section.OVERVIEW, edit=section is not None))

    def _more(self, turn: Turn, entry_id: str) -> Response:
        """An answer in full, in place of its lead (the message with the "More" button)."""
        entry = self.knowledge.get(entry_id)
        if not isinstance(entry, Faq | Contraindication):
            return Response(note=MESSAGES.topic_gone)
        return self.answers.answer(turn, Request(entry, edit=True, full=True))

    # --- personal data ------------------------------------------------------------------------

    def _my_data(self, turn: Turn) -> Response:
        kept = self.personal_data.describe(Person(turn.user_id, turn.state, turn.now))
        zone = self.practice.zone_of(turn.user_id)
        summary = personal.summary(kept, self.profile.max_age, self.practice.diary_max_age, zone)
        return Response((summary,), Meta(kind="data", id="mydata"))

    def _ask_to_forget(self, turn: Turn, *, edit: bool) -> Response:
        turn.state.forget_token = new_run_id()
        turn.state.forget_asked = turn.now
        turn.state.forget_diary_only = False
        reply = personal.confirm_forget(turn.state.forget_token, edit=edit)
        return Response((reply,), Meta(kind="data", id="forget"))

    def _forget(self, turn: Turn, token: str) -> Response:
        state, asked = turn.state, turn.state.forget_asked
        if state.forget_token != token or asked is None or turn.now - asked > FORGET_SECONDS:
            return Response(note=MESSAGES.forget_expired)
        if state.forget_diary_only:  # "clear my pain diary": the rest is kept
            state.forget_token = state.forget_asked = None
            state.forget_diary_only = False
            state.defer(EraseDiary())
            return Response(
                (Reply(MESSAGES.diary_cleared, render.main_menu(), edit=True),), Meta("data", id="diary-erased")
            )
        support = self.gate.crisis_lately(state, turn.now)  # soon after a crisis reply: help is still there
        state.request_erase()
        done = MESSAGES.forgotten + (f"\n{esc(MESSAGES.erase_with_support)}" if support else "")
        return Response(
            (Reply(done, edit=True),),
            Meta(kind="data", id="forgotten"),
            cancel_timers=True,
            reminders_changed=True,
        )

    def expire(self, turn: Turn) -> None:
        """A /forget request not confirmed in time is dropped."""
        if turn.state.forget_asked is not None and turn.now - turn.state.forget_asked > FORGET_SECONDS:
            turn.state.forget_token = turn.state.forget_asked = None
            turn.state.forget_diary_only = False


def _menu(name: str, replies: list[Reply] | None) -> Response:
    """A menu shown in place of the one whose button was pressed."""
    if not replies:
        return Response(note=MESSAGES.unknown_button)
    return Response((replace(replies[0], edit=True), *replies[1:]), Meta(kind="menu", id=name))
