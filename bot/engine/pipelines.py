"""The order in which the stages read a typed message: the one place to look, and to add a stage.

In the private chat, until one answers:

1. facts told ("I take warfarin"): noted, and leading the answer;
2. the safety gate: red-flag triage, once, in any state (mid-routine too; words that end a
   session at a routine's screen, which only the net reads as a crisis, are asked about);
   then a command typed among words ("actually, /forget"), as if typed alone; then a fact told
   before, dropped in words ("forget the diabetes bit"); then erasing everything asked in words
   ("yes, wipe it all"): /forget's question, also soon after a crisis reply;
3. while waiting: a question after a red flag, answered within the flag's advice;
4. the screen on show: a typed reply to it ("nope", "about a 6", "next", "the second one");
5. suggestions: a reply to the buttons offered last ("yes", "the calf one");
6. the safety reminder: a flag raised before comes before anything else is started;
7. practice: reminders, pain ratings and progress in plain words;
8. in other words: a reply to the screen said in words of one's own ("I'd rather skip this");
9. follow-up: a question about the entry on the table ("how long?");
10. match: anything else, as the matcher reads it (points, FAQs, routines, daily plans).

In a group (where screens and the practice plan live in the private chat): facts told, the
safety gate, a command among words, suggestions, practice (a link to the private chat), follow-up, match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.engine.actions import Action
from bot.engine.answers import Answers
from bot.engine.controls import Controls
from bot.engine.memory.context import Conversation
from bot.engine.memory.plan import Planner
from bot.engine.memory.profile import Profile
from bot.engine.memory.typed import TypedReplies
from bot.engine.pipeline import Pipeline, Turn
from bot.engine.practice.coach import Practice
from bot.engine.replies import Response
from bot.engine.routines import RoutineFlow
from bot.engine.routines.check_words import CheckWords
from bot.engine.safety_gate import SafetyGate
from bot.engine.stages import (
    CommandInAMessage,
    EraseInWords,
    FactsTold,
    FollowUp,
    ForgetAFact,
    InOtherWords,
    MatchStage,
    PracticeInGroup,
    PracticeInWords,
    RememberedFacts,
    SafetyGateStage,
    SafetyReminder,
    ScreenOnShow,
    SessionEnding,
    Suggestions,
    WhileWaiting,
)
from bot.knowledge import Knowledge
from bot.matching.matcher import Matcher


@dataclass(frozen=True)
class Parts:
    """What the stages are made of (built once by the engine)."""

    knowledge: Knowledge
    answers: Answers
    profile: Profile
    gate: SafetyGate
    conversation: Conversation
    matcher: Matcher
    routines: RoutineFlow
    practice: Practice
    planner: Planner
    act: Callable[[Turn, Action], Response]  # a button's action, for typed replies to a screen
    command: Callable[[Turn, str], Response]  # a command asked for in words ("what do you know about me?")


def build(parts: Parts) -> tuple[Pipeline, Pipeline]:
    """The private chat's pipeline and a group's, in the order of the module's docstring."""
    knowledge, answers = parts.knowledge, parts.answers
    typed = TypedReplies(knowledge.replies)
    check_words = CheckWords(knowledge, parts.profile, typed)
    facts = FactsTold(knowledge, parts.profile, answers, parts.routines, parts.matcher.corrected, check_words)
    in_a_message = CommandInAMessage(Controls.knows, parts.command)
    gate = SafetyGateStage(parts.gate, SessionEnding(typed, parts.routines, parts.matcher), in_a_message)
    suggestions = Suggestions(
        typed, knowledge, parts.conversation, answers, parts.routines, check_words, parts.practice.last_routine
    )
    follow_up = FollowUp(knowledge, parts.conversation, parts.matcher, answers, typed, parts.planner, parts.routines)
    match = MatchStage(
        knowledge,
        parts.matcher,
        answers,
        typed,
        parts.planner,
        parts.command,
        parts.conversation,
        parts.routines,
        check_words,
    )
    screen = ScreenOnShow(typed, parts.routines, parts.practice, parts.act, check_words, answers, parts.matcher)
    private = [
        facts,
        gate,
        in_a_message,
        ForgetAFact(parts.profile),
        EraseInWords(knowledge, typed, parts.matcher, parts.gate, parts.command),
        RememberedFacts(parts.profile, parts.routines),
        WhileWaiting(parts.gate),
        screen,
        suggestions,
        SafetyReminder(parts.gate, typed),
        PracticeInWords(parts.practice, parts.routines, typed, parts.matcher.corrected),
        InOtherWords(parts.matcher, parts.conversation, screen, suggestions),
        follow_up,
        match,
    ]
    group = [
        facts,
        SafetyGateStage(parts.gate),
        in_a_message,
        suggestions,
        PracticeInGroup(parts.practice),
        follow_up,
        match,
    ]
    return Pipeline(private), Pipeline(group)
