"""Readers of a message and builders of a response that several stages use."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.actions import (
    AnswerCheck,
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    Leg,
    Next,
    OneLeg,
    PainAfter,
    PainBefore,
    Resume,
    RoutineAction,
    StartTimer,
    Stop,
    Tick,
    Ticked,
    WhichLeg,
)
from bot.engine.answers import Answers
from bot.engine.memory import typed
from bot.engine.memory.context import CONTEXT_SECONDS, Conversation, asks_for_times
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Turn
from bot.engine.replies import Reply, Response, esc
from bot.engine.routines import RoutineFlow
from bot.engine.routines.check_words import CheckReading
from bot.engine.routines.screens import active_steps
from bot.engine.state import RoutineRun, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import Contraindication, Faq, Routine
from bot.matching.matcher import Candidate, Match, Matcher, Outcome
from bot.text.asking import is_question
from bot.text.normalise import normalise
from bot.text.tokens import content_tokens


def answer_about_the_step(knowledge: Knowledge, matcher: Matcher, routine: Routine, index: int) -> Faq | None:
    """What a step with no point of its own is for: the one of its routine's related answers that
    the decision surely reads the step's title as ("Knead around the knee": the answer on kneading
    the knee, :data:`STEP_ANSWER_SURE`); None when no related answer is the step's."""
    step = routine.steps[index]
    if step.points:
        return None
    match = matcher.match(step.title)
    entry = knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
    if isinstance(entry, Faq) and entry.id in routine.related and match.score >= STEP_ANSWER_SURE:
        return entry
    return None


def names_only(knowledge: Knowledge, routine: Routine, text: str) -> bool:
    """Whether ``text`` has a word of ``routine``'s names that no other routine's names have
    ("the lift one": the partner lift)."""

    def words(of: Routine) -> set[str]:
        names = (of.title, of.label, *of.aliases)
        return {token for name in names for token in content_tokens(normalise(name))} - ANY_ROUTINE

    others = {token for other in knowledge.routines if other.id != routine.id for token in words(other)}
    return bool((words(routine) - others) & set(content_tokens(normalise(text))))


def one_offered(conversation: Conversation | None, turn: Turn, match: Match) -> Match | None:
    """A short message the matcher does not answer whose likeliest reading is a routine the
    last answer offered with a button ("the quad one sounds good"): that routine."""
    context = conversation.current(turn.state, turn.now) if conversation is not None else None
    if match.outcome is Outcome.ANSWER or context is None or not context.buttons or context.turns > 1:
        return None
    if len(normalise(turn.text).split()) > MAX_ELLIPTICAL_WORDS + 2 or not match.evidence:
        return None
    best = max(match.evidence, key=lambda evidence: evidence.probability)
    others = [e.probability for e in match.evidence if e is not best]
    if best.entry_id not in context.buttons or best.probability < OFFERED_FLOOR:
        return None
    if others and max(others) * OFFERED_LEAD > best.probability:
        return None
    return replace(match, outcome=Outcome.ANSWER, entry_id=best.entry_id, reason="offered", also=())


def beyond_their_step(knowledge: Knowledge, matcher: Matcher, turn: Turn, match: Match) -> Match | None:
    """On a partner routine's step, a question naming the person massaged that the decision
    answers with the routine under way, or with nothing ("how firm should my grip be on him?",
    "how firm should my hands be on her?"): that step is on screen already, so the question is
    read among the answers alone (the FAQs and safety answers): the likeliest of them, when it
    holds most of their likelihood (:data:`BEYOND_SHARE`). None otherwise: the step is shown."""
    run = turn.state.routine
    routine = knowledge.routine(run.routine_id) if run is not None else None
    if run is None or routine is None or routine.mode != "partner" or run.phase != "step":
        return None
    if not is_question(turn.text) or not THEM.search(normalise(turn.text)):
        return None
    step = routine.steps[run.step]
    if (step.timer_seconds or step.repetitions) and asks_for_times(turn.text):
        return None  # "how long do I keep going on her?": the step on show says its time
    if match.outcome is Outcome.ANSWER and match.entry_id != run.routine_id:
        return None  # answered as something else: as asked
    return among_the_answers(knowledge, matcher, turn.text)


def among_the_answers(knowledge: Knowledge, matcher: Matcher, text: str, *, how_hard: bool = False) -> Match | None:
    """``text`` read among the answers alone (the FAQs and safety answers; with ``how_hard``,
    those that say how hard to press): the likeliest of them, when it holds most of their
    likelihood (:data:`BEYOND_SHARE`); None otherwise."""
    answers = [
        (candidate, entry)
        for candidate in matcher.rank(text, limit=10, floor=0.0)
        if isinstance(entry := knowledge.get(candidate.entry_id), Faq | Contraindication)
        and (not how_hard or bool(SAYS_HOW_HARD.search(entry.full_answer)))
    ]
    total = sum(candidate.score for candidate, _ in answers)
    if not answers or answers[0][0].score < BEYOND_SHARE * total:
        return None
    best, _ = answers[0]
    return Match(Outcome.ANSWER, best.entry_id, best.score, reason="beyond the step")


def named_on_the_way(knowledge: Knowledge, turn: Turn, match: Match) -> Match | None:
    """During a routine, a question the decision places nowhere though the answers' own words
    and meaning name one of them outright ("is a foam roller good for my IT band?" on a
    step): the person is at their knee care, so that answer, with the way back (several such
    answers: the choice of them); None otherwise. Messages about another body part or a pet
    stay declined."""
    run = turn.state.routine
    if run is None or run.phase in ("intro", "stopped") or not is_question(turn.text):
        return None
    if run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS:
        return None  # back after a while: a question of its own
    if match.outcome is not Outcome.FALLBACK or match.reason in DECLINED:
        return None
    named = [
        evidence
        for evidence in match.evidence
        if isinstance(knowledge.get(evidence.entry_id), Faq | Contraindication)
        and evidence.words >= NAMED_ANSWER_WORDS
        and evidence.meaning >= NAMED_ANSWER_MEANING
    ]
    if not named:
        return None
    if len(named) == 1:
        return replace(match, outcome=Outcome.ANSWER, entry_id=named[0].entry_id, reason="named on the way")
    candidates = tuple(Candidate(evidence.entry_id, 100 * evidence.meaning) for evidence in named[:3])
    return replace(match, outcome=Outcome.CLARIFY, candidates=candidates, reason="named on the way")


def with_what_applies(routines: RoutineFlow | None, state: UserState, response: Response) -> Response:
    """``response`` led by what the answers at the check of the routine under way mean for
    whoever is massaged ("They may bruise easily..."), if anything."""
    applies = routines.what_applies(state) if routines is not None else []
    if not applies:
        return response
    lead = Reply("\n".join(f"🛡 {esc(line)}" for line in applies))
    return replace(response, replies=(lead, *response.replies))


# Why the matcher declines a message as a whole: about another body part or complaint, or a
# pet ("elbow hurts from tennis, any massage for that?"). No part of it runs a command: a part
# ("any massage for that") would bring the list of routines to a message about something else;
# small talk in a part still counts ("the doorbell went, back in a bit").
DECLINED = frozenset({"other-body-part", "animal"})


# How surely (0-100) the decision must read a step's title as one of its routine's related answers
# for that answer to say what the step is for ("Knead around the knee": 99.6 for the kneading
# answer; "Warm up with oil" reads as the answer on oils at 67, which says which oil, not why).
STEP_ANSWER_SURE = 90.0


OFFERED_FLOOR = 0.25


OFFERED_LEAD = 2.0


MAX_ELLIPTICAL_WORDS = 6  # "and at night?", "in the evening too?": a follow-up that leans on the topic whole


# The person a carer massages, named in a question during a partner routine.
# On a step of their routine, the share of the likelihood left to other entries that the likeliest
# of them must hold to answer a question the step on show already shows.
BEYOND_SHARE = 0.6


# During a routine, a question the decision places nowhere names an answer outright when it comes
# this close to the answer's words (0-100) and meaning (a cosine): no labelled question the decision
# declines comes that close to any answer.
NAMED_ANSWER_WORDS = 85.0


NAMED_ANSWER_MEANING = 0.75


THEM = re.compile(r"\b(?:on|for|to|with|at) (?:her|him|them)\b|\b(?:her|his|their)\b")


PLEASANTRIES = frozenset({"greeting", "thanks", "acknowledge", "goodbye", "how-are-you"})


def the_step(answers: Answers, turn: Turn, routine: Routine, run: RoutineRun) -> Response:
    """The step on show explained again (its text, timer and cautions), with the way back."""
    steps = active_steps(routine, run)
    number = steps.index(run.step) + 1 if run.step in steps else run.step + 1
    return answers.step(turn, routine, run.step, number, len(steps))


# Asking what the screen on show is for: "what's that for?", "why do you need to know?".
_ASKS_WHAT_FOR = re.compile(
    r"^(?:(?:and|so|but|ok|okay|sorry|um|hmm|wait) )*(?:"
    r"(?:what s|whats|what is|what are) (?:that|this|it|all this|all that|these|those)(?: questions?| one)? for|"
    r"what do you need (?:that|this|it|to know) for|"
    r"why (?:do|d) you (?:need|want|ask|care)\b.*|why (?:are|re) you asking\b.*|"
    r"why (?:does|do|would) (?:that|this|it) matter|"
    r"what s the (?:point|reason|purpose)(?: of (?:this|that|it|these questions|the questions|the rating))?"
    r")$"
)


# How hard to press: "how hard should I squeeze?", "how much pressure?", "how firm should my grip be".
_HOW_HARD = re.compile(
    r"\bhow (?:hard|firm|firmly|deep|deeply|strong|strongly|tight|tightly|gentle|gently|much pressure)\b|"
    r"\b(?:what|which|much|enough|more|less) pressure\b"
)


# An answer that says how hard to press ("gentle pressure", "press lightly"), which a question of
# how hard after it is about.
SAYS_HOW_HARD = re.compile(
    r"\bpressure\b|\bpress(?:es|ing)? (?:\w+ )?(?:gently|firmly|lightly|hard|softly)\b|"
    r"\b(?:light|gentle|firm|deep) (?:touch|strokes?)\b",
    re.IGNORECASE,
)


def asks_how_hard(text: str) -> bool:
    return is_question(text) and bool(_HOW_HARD.search(normalise(text)))


# Words of routines' names that say nothing of which one ("the knee one", "that massage").
WH_WORDS = frozenset("what whats how hows why when where which who is are does do should".split())


ANY_ROUTINE = frozenset({"knee", "massag", "routin", "techniqu", "self", "partner", "one"})


def asks_what_for(typed_replies: TypedReplies, text: str) -> bool:
    """Whether ``text`` asks what the screen is for ("what's that for?"), also after polite
    words of replies.yaml ("hang on what's this for?") or as the last part of a short message
    ("right, sorry, what's this all for")."""
    clauses = [normalise(part) for part in re.split(r"[.!?;:,\n]+", text) if normalise(part)]
    last = clauses[-1] if clauses and len(normalise(text).split()) <= typed.MAX_WORDS_ACCOUNTED else ""
    said = (normalise(text), typed_replies.core(text), last, typed_replies.core(last))
    return any(_ASKS_WHAT_FOR.search(part) for part in said)


def asks_how_often(text: str) -> bool:
    return "how often" in normalise(text)


def why(match: Match) -> tuple[str, ...]:
    """How the matcher decided, for `kneebot ask --json`."""
    scores = tuple(
        f"{e.entry_id}: p {e.probability:.2f} (words {e.words:.1f}, meaning {e.meaning:.2f})" for e in match.evidence
    )
    spelling = ", ".join(f"{typed} -> {read}" for typed, read in match.spelling)
    return (f"{match.outcome.value} ({match.reason})", *((f"read as: {spelling}",) if spelling else ()), *scores)


# The safety check's screens, where "next" or "start" shows the check again: it comes first.
AT_CHECK = ("checklist", "screening", "which_leg")


def routine_reply(run: RoutineRun, reply: typed.Reply, *, away: bool, lines: list[int]) -> list[RoutineAction]:
    """The buttons on the routine's current screen that a typed reply stands for, in order
    (usually one; "2 and 5" ticks two lines of the safety check). ``away``: something else was
    answered since the screen was shown, so "carry on" shows it again rather than moving on;
    ``lines`` are the safety check's open lines, as numbered on screen."""
    routine, run_id = run.routine_id, run.run
    going_on = reply.says("resume") and not reply.says("next")  # "back to the routine"
    if run.phase not in ("intro", "stopped") and (going_on or (away and reply.says("next", "start", "resume"))):
        return [Resume(routine, run_id)]
    ticks: list[RoutineAction] = [
        Tick(routine, run_id, lines[number - 1]) for number in reply.numbers if 1 <= number <= len(lines)
    ]
    if run.phase in AT_CHECK and reply.says("next", "start", "resume") and not ticks:
        return [Resume(routine, run_id)]  # "start now" at the check: the check again, as it comes first
    match run.phase:
        case "checklist" if ticks:
            return [AnswerCheck(routine, run_id, True), *ticks]
        case "checklist" if reply.says("no"):
            return [AnswerCheck(routine, run_id, False)]
        case "checklist" if reply.yes:
            return [AnswerCheck(routine, run_id, True)]
        case "choosing" if ticks:
            return ticks
        case "choosing" if reply.says("next", "yes", "start") or (reply.says("no") and not run.ticked):
            return [Ticked(routine, run_id)]
        case "screening" if reply.yes or reply.says("no"):
            leg = Leg(reply.side) if reply.yes and reply.side in ("left", "right", "both") else None
            return [AnswerScreening(routine, run_id, run.question, reply.yes, leg)]
        case "which_leg" if reply.side in ("left", "right", "both"):
            return [WhichLeg(routine, run_id, run.question, Leg(reply.side))]
        case "one_leg" if reply.side in ("left", "right"):
            return [OneLeg(routine, run_id, Leg(reply.side))]
        case "one_leg" if run.offer and (reply.side == "other" or reply.says("yes", "start", "next")):
            return [OneLeg(routine, run_id, Leg(run.offer))]
        case "caution" if reply.says("yes", "next", "start"):
            return [ContinueSafely(routine, run_id)]
        case "caution" | "stopped" | "one_leg" if reply.says("change"):
            return [ChangeAnswer(routine, run_id)]
        case "pain_before" | "pain_after" if reply.rating is None and reply.says("start", "resume"):
            return [Resume(routine, run_id)]  # "start now" at the rating: it comes first
        case "pain_before" | "pain_after" if reply.rating is not None or reply.says("skip", "next"):
            score = reply.rating if reply.word is None else None
            return [(PainBefore if run.phase == "pain_before" else PainAfter)(routine, run_id, score)]
        case "step" if reply.says("start") and not reply.says("next", "skip"):
            return [Resume(routine, run_id)]  # "start now" on a step: the step again, to begin it
        case "step" if reply.says("back"):
            return [Back(routine, run_id, run.step)]
        case "step" if reply.says("timer"):
            return [StartTimer(routine, run_id, run.step)]
        case "step" if reply.says("next", "skip") or reply.side == "other":
            return [Next(routine, run_id, run.step)]
    if reply.says("stop") and run.phase not in ("intro", "stopped"):
        return [Stop(routine, run_id)]
    return []


def then(routines: RoutineFlow, turn: Turn, rest: typed.Reply | None, response: Response) -> Response:
    """The rest of a message ("none of those, pain's about a 4") for the screens the reply led
    to, for as long as each part fits the screen it meets; the last screen reached."""
    while rest is not None:
        run = turn.state.routine
        if run is None or run.phase in ("intro", "stopped"):
            break
        routine = routines.knowledge.routine(run.routine_id)
        lines = (
            routines.check.open_lines(turn.state, routine, run)
            if routine is not None and run.phase in ("checklist", "choosing")
            else []
        )
        actions = routine_reply(run, rest, away=False, lines=lines)
        if not actions and rest.rating is not None and not rest.words and run.phase in AT_CHECK:
            run.rating_waiting = rest.rating  # a rating said before the check's other lines: kept for after it
            note = Reply(esc(MESSAGES.rating_waiting.format(score=rest.rating)))
            return replace(response, replies=(note, *response.replies))
        if not actions:
            break
        for action in actions:
            response = routines.handle(turn.state, action)
        rest = rest.then
    return response


def rating_said_with_it(routines: RoutineFlow, turn: Turn, reading: CheckReading, response: Response) -> Response:
    """A pain rating said with the safety check's answer ("none of those, about a 4"): taken by
    the rating screen the answer led to, if it led there, or past a screen that only asks to go
    on (the safe part, the clear leg), whose words are kept above the step."""
    run = turn.state.routine
    if reading.rating is None or run is None:
        return response
    going_on = go_ahead(run)
    if going_on is not None:
        said = tuple(replace(reply, buttons=()) for reply in response.replies)
        after = routines.handle(turn.state, going_on)
        if run.phase in AT_CHECK:  # the check's other lines still to answer: the rating kept for after them
            run.rating_waiting = reading.rating
            note = Reply(esc(MESSAGES.rating_waiting.format(score=reading.rating)))
            return replace(after, replies=(*said, note, *after.replies))
        if run.phase != "pain_before":
            return replace(after, replies=(*said, *after.replies))
        rated = routines.handle(turn.state, PainBefore(run.routine_id, run.run, reading.rating))
        return replace(rated, replies=(*said, *rated.replies))
    if run.phase != "pain_before":
        return response
    return routines.handle(turn.state, PainBefore(run.routine_id, run.run, reading.rating))


def go_ahead(run: RoutineRun) -> RoutineAction | None:
    """The button that goes on from a screen before the rating that only asks whether to go on
    (the steps left out, the clear leg), which a rating typed there presses; None elsewhere."""
    if run.phase == "caution":
        return ContinueSafely(run.routine_id, run.run)
    if run.phase == "one_leg" and run.offer in ("left", "right"):
        return OneLeg(run.routine_id, run.run, Leg(run.offer))
    return None


def as_new_messages(response: Response) -> Response:
    """A typed reply gets the next screen as a new message (there is no button to edit)."""
    return replace(response, replies=tuple(replace(reply, edit=False) for reply in response.replies))
