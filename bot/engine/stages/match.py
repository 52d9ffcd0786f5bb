"""Anything else, as the matcher reads it: the stage that always answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from bot.engine import render
from bot.engine.actions import (
    OpenRoutine,
    PracticeView,
    ShowPractice,
)
from bot.engine.answers import Answers, Request
from bot.engine.memory.carers import CarerRequests
from bot.engine.memory.context import CONTEXT_SECONDS, Conversation, asks_for_times
from bot.engine.memory.language import is_foreign
from bot.engine.memory.plan import Planner
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.replies import Button, Meta, Reply, Response, Suggestion, esc
from bot.engine.routines import RoutineFlow
from bot.engine.routines.check_words import CheckWords
from bot.engine.routines.screens import active_steps
from bot.engine.safety_gate import english_only
from bot.engine.stages.shared import (
    ANY_ROUTINE,
    DECLINED,
    PLEASANTRIES,
    THEM,
    WH_WORDS,
    among_the_answers,
    asks_how_often,
    beyond_their_step,
    named_on_the_way,
    names_only,
    one_offered,
    the_step,
    why,
    with_what_applies,
)
from bot.engine.state import RoutineRun
from bot.knowledge import Entry, Knowledge, Section
from bot.knowledge.models import Contraindication, Faq, Point, Routine, Smalltalk
from bot.matching.intent import wants_to_start
from bot.matching.matcher import Match, Matcher, Outcome
from bot.matching.someone_else import SomeoneElse
from bot.text.asking import is_question
from bot.text.normalise import normalise
from bot.text.tokens import content_tokens, content_words, stem
from bot.text.when import ago


def _titled(knowledge: Knowledge, routine: Routine, text: str) -> bool:
    """Whether ``text`` names ``routine`` by a word of its title or label that no other
    routine's title or label has, said as a routine's name, before another word of its title or
    a word of any routine ("the calf massage", "the calf one", "the steam towel"), not as the part
    of the body it is ("her calf on my lap, what massage")."""

    def words(of: Routine) -> set[str]:
        return {token for name in (of.title, of.label) for token in content_tokens(normalise(name))}

    others = {token for other in knowledge.routines if other.id != routine.id for token in words(other)}
    own = words(routine) - ANY_ROUTINE - others
    named = words(routine) | ANY_ROUTINE  # what follows a word said as the routine's name
    said = [stem(word) for word in normalise(text).split()]
    return any(word in own and after in named for word, after in pairwise(said))


def _their_time_on_the_step(routine: Routine, run: RoutineRun, text: str) -> bool:
    """On a timed step of a partner routine, how long to go on with the person massaged ("how
    long should I keep doing this on her?"): the step on show says its time, whatever else the
    decision reads ("how often can I do these massages?" is asked of no step)."""
    step = routine.steps[run.step]
    if routine.mode != "partner" or not (step.timer_seconds or step.repetitions):
        return False
    return asks_for_times(text) and not asks_how_often(text) and bool(THEM.search(normalise(text)))


# Pointing at one of the choices on show: "the sitting one", "that one for arthritis".
_ONE_OF = re.compile(r"\b(?:the|that)\b(?: \w+){0,2} one\b", re.IGNORECASE)


# A routine asked for the writer ("myself", "on my own legs", "for me"), whoever else is named.
_FOR_MYSELF = re.compile(r"\b(?:myself|my own|for me|on me)\b")


# The clauses of a message, where a request may follow what is told ("she had surgery. can I...").
_CLAUSES = re.compile(r"(?<=[.!?;])\s+|,\s*(?:but|so|anyway|and)\s+|\s+(?:anyway|but)\s+")


class MatchStage(Stage):
    def __init__(
        self,
        knowledge: Knowledge,
        matcher: Matcher,
        answers: Answers,
        typed: TypedReplies,
        planner: Planner,
        command: Callable[[Turn, str], Response] | None = None,
        conversation: Conversation | None = None,
        routines: RoutineFlow | None = None,
        check_words: CheckWords | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.answers = answers
        self.typed = typed
        self.planner = planner
        self.conversation = conversation
        self.routines = routines
        self.command = command  # runs a command asked for in words ("what do you know about me?")
        self.carers = CarerRequests(knowledge, matcher)
        self.check_words = check_words  # the check's lines named in a carer's request
        self._someone_else = SomeoneElse(knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> Response:
        match = self.matcher.match(turn.text)
        beyond = self._beyond_their_step(turn, match)
        if beyond is not None:  # "how firm should my grip be on him?" on his step: how hard to press
            match = beyond
        match = named_on_the_way(self.knowledge, turn, match) or match
        match = self._an_answer_about_the_routine_under_way(turn, match) or match
        on_the_step = self._asked_of_the_step(turn, match)
        if on_the_step is not None:
            return on_the_step
        offered = self._one_offered(turn, match) or self._named_among_the_choices(turn, match)
        offered = offered or self._in_the_choices_words(turn, match)
        if offered is not None:  # "the quad one sounds good" under an answer that offered it
            match = offered
        match = self._the_routine_named(match, turn.text)
        match = self._my_routine_beside_their_condition(turn, match) or match
        if match.outcome is not Outcome.ANSWER:
            theirs = self._their_condition(turn, match)
            if theirs is not None:
                return theirs
            # a carer's request whole; about something else, small talk in a part but no command
            commands = match.reason not in DECLINED
            in_a_part = self._said_in_a_part(turn.text, commands) if match.asks != "partner" else None
            match = self._about_the_person_massaged(turn) or in_a_part or match
        extra = turn.chat.resume_row(turn.state)
        if match.outcome is Outcome.FALLBACK and match.reason in ("no-match", "off-topic") and is_foreign(turn.text):
            return english_only(self.knowledge, extra)
        asked_on_their_routine = self._names_the_person_massaged(turn) and is_question(turn.text)
        answer_first = None if asked_on_their_routine else self.carers.answer_first(match, turn.text)
        match = answer_first or match  # "how do I help my wife when her knees are stiff in the mornings?"
        carer = None if asked_on_their_routine or answer_first else self.carers.routine_for(turn.text, match)
        if carer is not None:  # "is there a routine I can follow for my dad?"
            routine, beside = carer
            long_ago: list[str] = []
            if self.routines is not None:  # "... he's on warfarin": for his check
                self.routines.remember_theirs(turn.state, turn.text)
                long_ago = self._their_lines_named(turn, routine)  # "she has bad veins in her legs": that line
            beside = tuple(entry_id for entry_id in beside if entry_id != routine.id)
            request = Request(routine, score=match.score, why=(*why(match), "for someone else"), also=beside)
            response = self.answers.answer(turn, request)
            if long_ago:  # "a client who had a knee replaced 8 years ago": no reason on its own to avoid it
                response = replace(response, replies=(Reply(esc(" ".join(long_ago))), *response.replies))
            return response
        done = self._session_told(turn, match)
        if done is not None:  # "did the qigong one yesterday, felt great": a remark, not a request
            return done
        if self._a_plan_asked(turn, match):
            told_plan = self.planner.told(turn.chat.plan_state(turn.state))
            if told_plan is not None:  # "which plan suits me?" after telling of osteoarthritis: its plan
                plan_state = turn.chat.plan_state(turn.state)
                others = tuple(p for e in match.evidence if (p := self.knowledge.plan(e.entry_id)) and p != told_plan)
                return self.planner.respond(plan_state, told_plan, match.score, (*why(match), "told: its plan"), others)
            if match.outcome is Outcome.FALLBACK:  # nothing told: the plans to choose from, not "I don't know"
                plans = tuple(self._suggestion(plan.id, 0.0) for plan in self.knowledge.plans)
                meta = Meta("clarify", score=match.score, candidates=plans, why=(*why(match), "a plan asked"))
                return Response(tuple(render.clarify(self.knowledge, plans, extra)), meta)
        if match.outcome is Outcome.CLARIFY:
            suggestions = tuple(self._suggestion(c.entry_id, c.score) for c in match.candidates)
            meta = Meta(
                "clarify", score=match.score, candidates=suggestions, section=match.section.value, why=why(match)
            )
            return Response(tuple(render.clarify(self.knowledge, suggestions, extra)), meta)
        plan = self.knowledge.plan(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        told_plan = self.planner.told(turn.chat.plan_state(turn.state))
        if plan is not None and told_plan is None and self.planner.asked_in_general(turn.text):
            plans = tuple(self._suggestion(each.id, 0.0) for each in self.knowledge.plans)  # "give me a daily plan"
            meta = Meta("clarify", score=match.score, candidates=plans, why=(*why(match), "a plan asked, none named"))
            return Response(tuple(render.clarify(self.knowledge, plans, extra)), meta)
        if plan is not None:
            others = tuple(p for entry_id in match.also if (p := self.knowledge.plan(entry_id)) is not None)
            state = turn.chat.plan_state(turn.state)
            plan, others = self.planner.suited(state, plan, turn.text, others)  # osteoarthritis told: its plan
            return self.planner.respond(state, plan, match.score, why(match), others)
        entry = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if entry is None and (self.typed.read(turn.text).polite or self.typed.thanks(turn.text)):  # "cheers mate"
            entry = self.knowledge.get("acknowledge")
            match = replace(match, section=Section.OVERVIEW, step=None, also=())
        if entry is None:
            replies = render.fallback(self.knowledge, match.reason, match.unknown_codes, extra)
            declined = match.reason if match.reason in DECLINED else None
            return Response(tuple(replies), Meta("fallback", score=match.score, why=why(match), declined=declined))
        if isinstance(entry, Smalltalk) and entry.command is not None and self.command is not None:
            return self.command(turn, entry.command)
        gate = self.answers.gate
        grateful = entry.id in _GRATEFUL and turn.chat.reminds
        if grateful and gate.medical_flag(turn.state) and not gate.unreminded(turn.state):
            return gate.take_care(turn.state)  # after the advice and the wait's questions: no menu of massages
        if grateful and gate.medical_flag(turn.state) and gate.raised_lately(turn.state, turn.now):
            return gate.take_care(turn.state)  # thanks for the advice just given: no need to say it again
        if grateful and gate.unreminded(turn.state):
            return gate.remind(turn.state)  # "ok thanks" long after a red flag's advice
        coming = self.routines.on_the_way_in(turn.state) if self.routines is not None else None
        if isinstance(entry, Routine) and coming is not None and coming.id == entry.id:
            asked = self._step_of_the_routine_under_way(turn, entry, match)
            if asked is not None:  # "how hard should I squeeze?" before its first step: that step
                return asked
        about_a_step = not isinstance(entry, Routine) or _asks_about_its_step(entry, match.step, turn.text)
        step = match.step if about_a_step else None
        partners = self.carers.beside_advice(turn.text, match) or self._beside_their_condition(turn, entry)
        if isinstance(entry, Routine) and entry.mode != "partner" and _FOR_MYSELF.search(normalise(turn.text)):
            partners = ()  # "can I do the calf routine on my own legs?" beside a sister's surgery: mine
        if partners and not isinstance(entry, Routine) and self.conversation is not None:
            # after safety advice, "let's try it" next starts the first partner routine
            self.conversation.offer_routine(turn.state, partners[0], turn.now)
        if partners and self.routines is not None:  # "my wife is pregnant": for her check
            self.routines.remember_theirs(turn.state, turn.text)
        if match.reason == "together":  # several points named, nothing telling them apart: all of them
            return self._together(turn, entry, match)
        if isinstance(entry, Contraindication):
            settled = self._settled_long_ago(turn, entry)
            if settled is not None:  # "broke it decades ago, long healed, is the calf massage ok?"
                return settled
        long_ago = []
        if isinstance(entry, Routine) and entry.mode == "partner" and self.routines is not None:
            self.routines.remember_theirs(turn.state, turn.text)  # "my wife has bad veins, can I...": for her check
            long_ago = self._their_lines_named(turn, entry)
        beside = tuple(dict.fromkeys(entry_id for entry_id in (*partners, *match.also) if entry_id != entry.id))
        request = Request(entry, match.section, match.score, why(match), beside, step)
        response = self.answers.answer(turn, request)
        if long_ago:  # "a client who had a knee replaced 8 years ago": no reason on its own to avoid it
            response = replace(response, replies=(Reply(esc(" ".join(long_ago))), *response.replies))
        if self._names_the_person_massaged(turn):  # "how hard should I press on him?": what applies to him first
            response = with_what_applies(self.routines, turn.state, response)
        if partners and isinstance(entry, Routine):  # a routine for oneself, asked for someone else
            note = Reply(esc(MESSAGES.self_routine_for_someone_else))
            response = replace(response, replies=(note, *response.replies))
        return response

    def _an_answer_about_the_routine_under_way(self, turn: Turn, match: Match) -> Match | None:
        """During a routine (on the way in or on a step), a question the decision answers with that
        routine's own introduction though it reads it as asking for an answer and it says words of
        its own beside the routine's ("can I foam roll my calves instead of the calf massage?" at
        its check): the message read among the answers alone, when
        one of them holds most of their likelihood, to answer with the way back to the screen;
        None otherwise (its introduction again would cut the check or the step off)."""
        run = turn.state.routine
        if run is None or run.phase in ("intro", "stopped") or not is_question(turn.text):
            return None
        routine = self.knowledge.routine(run.routine_id)
        if match.outcome is not Outcome.ANSWER or match.entry_id != run.routine_id or routine is None:
            return None
        asks_of_its_own = self.conversation is not None and self.conversation.has_own_words(routine, turn.text)
        if match.asks != "faq" or not asks_of_its_own:
            return None  # "how hard should I squeeze his leg?": about it, its step
        return among_the_answers(self.knowledge, self.matcher, turn.text)

    def _beside_their_condition(self, turn: Turn, entry: Entry) -> tuple[str, ...]:
        """The partner routines, when ``entry`` is the answer about a condition the message tells
        of somebody else ("my husband takes apixaban, his knees are stiff, any massage I could
        do?"): what there is to do is for them; () otherwise."""
        if self.routines is None or not isinstance(entry, Contraindication | Faq):
            return ()
        said = self.routines.profile.said_of_someone_else(turn.text)
        if not any(fact.answer == entry.id for fact, _ in said):
            return ()
        return self.carers.partners(turn.text)

    def _their_lines_named(self, turn: Turn, routine: Routine) -> list[str]:
        """The lines of ``routine``'s check that a carer's request names in the check's own words
        ("my wife has bad veins in her legs, what can I do for her knee?"), kept as their answers
        (a line named only as past, or with a time longer ago than it asks about, is left open);
        the ``long_ago`` notes of the lines told as surely longer ago than they ask about."""
        if self.check_words is None or self.routines is None or routine.mode != "partner":
            return []
        reading = self.check_words.read(turn.text, routine, turn.now)
        named = [question_id for question_id in reading.named if question_id not in reading.past | reading.outside]
        self.routines.remember_their_lines(turn.state, named)
        answers = [self.knowledge.get(question_id) for question_id in sorted(reading.outside)]  # the line's answer
        answers += [
            self.knowledge.get(f.answer or "") for f in self.knowledge.facts if set(f.screening) & reading.outside
        ]
        notes = [" ".join(a.long_ago.split()) for a in answers if isinstance(a, Contraindication) and a.long_ago]
        return list(dict.fromkeys(notes))

    def _one_offered(self, turn: Turn, match: Match) -> Match | None:
        return one_offered(self.conversation, turn, match)

    def _session_told(self, turn: Turn, match: Match) -> Response | None:
        """A session of a routine told in the past ("did the calf massage last night, my knee was
        easier"): thanks, with where the ratings are and the routine to do again; None when the
        message is no such remark, or names no one routine (the matcher's, or by its names)."""
        if not _tells_of_a_past_session(turn.text, turn.now):
            return None
        answered = self.knowledge.routine(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        # else a routine named in a clause that says it was done, as a routine ("tried the calf
        # one this morning"; not "did heavy squats, quads sore too")
        clauses = [clause for clause in re.split(r"[,.;!\n]+", turn.text) if _says_a_routine_done(clause)]
        named = [r for r in self.knowledge.routines if any(self._names_only(r, clause) for clause in clauses)]
        routine = answered or (named[0] if len(named) == 1 else None)
        if routine is None:
            return None
        text = MESSAGES.session_told.format(title=routine.label)
        keyboard = (
            (Button(f"▶ {routine.label}", OpenRoutine(routine.id)),),
            (Button(MESSAGES.progress_button, ShowPractice(PracticeView.PROGRESS)),),
            render.menu_row(),
        )
        return Response((Reply(esc(text), keyboard),), Meta("smalltalk", "session-told", why=why(match)))

    def _names_only(self, routine: Routine, text: str) -> bool:
        return names_only(self.knowledge, routine, text)

    def _a_plan_asked(self, turn: Turn, match: Match) -> bool:
        """Whether a daily plan is asked for without saying which: the decision hesitates over
        it ("give me something to do every day for that": choices of plans) or reads nothing
        covered ("which plan suits me?", naming plans as a kind), its likeliest reading a plan."""
        if match.outcome not in (Outcome.CLARIFY, Outcome.FALLBACK) or not match.evidence:
            return False
        if match.reason in DECLINED or (match.reason == "off-topic" and not self.planner.names_the_kind(turn.text)):
            return False  # another body part, a pet; or nothing covered, unless plans are named
        best = max(match.evidence, key=lambda evidence: evidence.probability)
        if self.knowledge.plan(best.entry_id) is None:
            return False
        if match.outcome is Outcome.FALLBACK and best.probability < self.matcher.model.thresholds.clarify:
            return False  # a plan for something else ("a packing plan for my holiday"): declined
        return match.asks == "plan" or self.planner.names_the_kind(turn.text)

    def _named_among_the_choices(self, turn: Turn, match: Match) -> Match | None:
        """A choice of "Did you mean…" pointed at by a word of its label that no other choice's
        label has ("the sitting one" under the daily plans: the plan for knees that ache after
        sitting all day), whatever the decision reads in the words alone; None otherwise."""
        context = self.conversation.current(turn.state, turn.now) if self.conversation is not None else None
        if context is None or len(context.offered) < 2 or context.turns > 1 or not _ONE_OF.search(turn.text):
            return None
        if match.outcome is Outcome.ANSWER and match.entry_id in context.offered:
            return None
        said = set(content_tokens(normalise(turn.text)))
        if len(said) > MAX_WORDS_FOR_THE_CHOICES:
            return None
        labels = {
            entry_id: set(content_tokens(normalise(label)))
            for entry_id in context.offered
            if (label := self._label(entry_id)) is not None
        }
        pointed = [
            entry_id
            for entry_id, words in labels.items()
            if said & (words - set().union(*(other for other_id, other in labels.items() if other_id != entry_id)))
        ]
        if len(pointed) != 1:
            return None
        return Match(Outcome.ANSWER, pointed[0], match.score, reason="named among the choices")

    def _label(self, entry_id: str) -> str | None:
        """The label an entry or a daily plan is offered by."""
        entry = self.knowledge.get(entry_id)
        plan = self.knowledge.plan(entry_id)
        return render.label_of(entry) if entry is not None else plan.title if plan is not None else None

    def _in_the_choices_words(self, turn: Turn, match: Match) -> Match | None:
        """A reply to "Did you mean…" in one's own words that the matcher cannot place alone ("I
        only got them last month" under choices about high heels): the message read after the
        words the two likeliest choices share ("high heels"), taken when the decision then
        answers with one of the choices; None otherwise."""
        context = self.conversation.current(turn.state, turn.now) if self.conversation is not None else None
        if context is None or len(context.offered) < 2 or context.turns > 1:
            return None
        if match.outcome is Outcome.ANSWER and (match.entry_id in context.offered or not _ONE_OF.search(turn.text)):
            return None  # an answer of its own, unless it points at one of the choices ("the sitting one")
        if len(normalise(turn.text).split()) > MAX_WORDS_FOR_THE_CHOICES:
            return None
        labels = [render.label_of(entry) for entry_id in context.offered[:2] if (entry := self.knowledge.get(entry_id))]
        if len(labels) < 2:
            return None
        second = set(content_tokens(normalise(labels[1])))
        shared = [word for word in content_words(normalise(labels[0])) if set(content_tokens(word)) & second]
        if not shared:
            return None
        read = self.matcher.match(f"{' '.join(shared)}. {turn.text}")
        if read.outcome is not Outcome.ANSWER or read.entry_id not in context.offered:
            return None
        return replace(read, reason="in the choices' words", also=())

    def _asked_of_the_step(self, turn: Turn, match: Match) -> Response | None:
        """On a step, a question in that step's own words that the matcher places nowhere, or
        on another routine ("how hot should the towel be?" on the calf massage's warm-up, which
        the steam-towel routine is about too): that step, with the way back, rather than
        another routine's introduction or "I didn't catch that"."""
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or run.phase != "step" or not is_question(turn.text):
            return None
        if run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS:
            return None  # back after a while: a question of its own
        if _their_time_on_the_step(routine, run, turn.text):
            return the_step(self.answers, turn, routine, run)
        entry = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if entry is not None and not (isinstance(entry, Routine) and entry.id != routine.id):
            return None  # a point, an answer or this routine: answered as asked, with the way back
        if not _asks_about_its_step(routine, run.step, turn.text):
            return None
        return the_step(self.answers, turn, routine, run)

    def _settled_long_ago(self, turn: Turn, entry: Contraindication) -> Response | None:
        """A condition that counts only for a while, told as surely longer ago: its ``long_ago``
        note, leading the routine a part of the message asks about, else the point or answer a
        part asks for (or the caution answer itself)."""
        when = ago(turn.text, turn.now)
        if entry.within_days is None or entry.long_ago is None or when is None or not when.beyond(entry.within_days):
            return None
        asked: Entry = entry
        other: Entry | None = None  # else the last point or answer a part asks for ("..., which points help?")
        for part in _PARTS.split(turn.text):
            match = self.matcher.match(part) if part.strip() else None
            found = self.knowledge.get(match.entry_id or "") if match and match.outcome is Outcome.ANSWER else None
            if isinstance(found, Routine):
                asked = found
                break
            if isinstance(found, Point | Faq) and found.id != entry.id:
                other = found
        else:
            asked = other if other is not None else entry
        response = self.answers.answer(turn, Request(asked, why=("a condition told as long ago",)))
        return replace(response, replies=(Reply(esc(entry.long_ago)), *response.replies))

    def _step_of_the_routine_under_way(self, turn: Turn, routine: Routine, match: Match) -> Response | None:
        """A question answered by the routine under way, on the way into it: the step its words
        are about, as the person will count it, with the way back (never its introduction with
        a second Start); None when it asks to start, or names no step."""
        run = turn.state.routine
        if run is None or wants_to_start(normalise(turn.text)):
            return None
        index = match.step if match.step is not None else self.matcher.follow_up(turn.text, routine.id).step
        steps = active_steps(routine, run)
        if index is None or index not in steps:
            return None
        response = self.answers.step(turn, routine, index, steps.index(index) + 1, len(steps))
        return with_what_applies(self.routines, turn.state, response)

    def _together(self, turn: Turn, first: Entry, match: Match) -> Response:
        """Each point a message names, one after the other ("ST36 or SP9, what's the
        difference?"): the answer is about the first; the rest follow it."""
        response = self.answers.answer(turn, Request(first, match.section, match.score, why(match)))
        replies = list(response.replies)
        for entry_id in match.also:
            other = self.knowledge.get(entry_id)
            if other is not None:
                replies += self.answers.answer(turn, Request(other, match.section, match.score)).replies
        return replace(response, replies=tuple(replies))

    def _their_condition(self, turn: Turn, match: Match) -> Response | None:
        """A message that tells a condition of somebody else ("... he takes rivaroxaban") and that
        the matcher could not place, or hesitated over with no other condition's answer among
        its choices: that condition's safety answer, with the partner routines under it (the
        first starts on "let's try it"), and the condition kept for their check, never as the
        writer's own. As for a condition told of oneself, advice comes before a massage."""
        if self.routines is None or self.conversation is None:
            return None
        if match.outcome is Outcome.FALLBACK and match.reason != "no-match":
            return None  # something off our topic ("my dog's knee")
        said = self.routines.profile.said_of_someone_else(turn.text)
        answers = {fact.answer for fact, _ in said if fact.answer}
        told_of_them = not turn.told.lines and self._someone_else.names(normalise(turn.text))
        if not answers and told_of_them and self.check_words and self.check_words.told_within(turn.text, turn.now):
            # "my dad had keyhole surgery 3 weeks ago" (kept for their check by the facts told,
            # though the scope reader sets it aside as their history): the answer of what it names
            answers = {fact.answer for fact in self.routines.profile.named(turn.text) if fact.answer}
        entry = self.knowledge.get(answers.pop()) if len(answers) == 1 else None
        named = {fact.answer for fact in self.routines.profile.named(turn.text) if fact.answer}
        if entry is None or (
            match.outcome is Outcome.CLARIFY
            and any(
                isinstance(self.knowledge.get(c.entry_id), Contraindication)
                and c.entry_id != entry.id
                and c.entry_id in named
                for c in match.candidates
            )
        ):
            return None  # hesitating over another condition's answer the message names: the choices stand
        partners = self.carers.partners(turn.text)
        self.routines.remember_theirs(turn.state, turn.text)
        if partners:
            self.conversation.offer_routine(turn.state, partners[0], turn.now)
        why_ = (*why(match), "a condition of someone else")
        return self.answers.answer(turn, Request(entry, Section.CAUTIONS, match.score, why_, partners))

    def _my_routine_beside_their_condition(self, turn: Turn, match: Match) -> Match | None:
        """A condition told of somebody else beside a request for a routine for oneself ("my
        sister had keyhole surgery on her left knee. can I do the calf massage myself?"): the
        decision may answer with that condition's safety answer, which is the other person's; the
        clause that asks, read without the clauses that name the condition, gives the routine
        asked for. None otherwise (a condition of one's own keeps its answer)."""
        if self.routines is None or match.outcome is not Outcome.ANSWER:
            return None
        entry = self.knowledge.get(match.entry_id or "")
        if not isinstance(entry, Contraindication | Faq):
            return None
        profile = self.routines.profile
        if not any(fact.answer == entry.id for fact in profile.named(turn.text)):
            return None
        if any(fact.answer == entry.id for fact in profile.said_of_self(turn.text)):
            return None  # the writer's own condition: its advice stands
        if not self._someone_else.names(normalise(turn.text)):
            return None
        for clause in _CLAUSES.split(turn.text):
            if not normalise(clause) or any(fact.answer == entry.id for fact in profile.named(clause)):
                continue
            read = self.matcher.match(clause)
            routine = self.knowledge.routine(read.entry_id or "") if read.outcome is Outcome.ANSWER else None
            if routine is not None and routine.mode != "partner" and not read.for_someone_else:
                return replace(read, reason="asked beside another's condition", also=())
        return None

    def _names_the_person_massaged(self, turn: Turn) -> bool:
        """Whether a partner routine is under way and the message names the person massaged."""
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or routine.mode != "partner" or run.phase == "stopped":
            return False
        return bool(THEM.search(normalise(turn.text)))

    def _the_routine_named(self, match: Match, text: str) -> Match:
        """A carer's request that names a routine for oneself ("can I do the calf massage on my
        son? he's 12": its name's words in the message, no partner routine's), which the decision
        answered with a partner routine or could not place: the routine named, which the partner
        routines then come beside, with the note that its check asks about whoever is massaged.
        ``match`` as it is otherwise (an answer that is not a partner routine stands)."""
        if not match.for_someone_else:
            return match
        chosen = self.knowledge.routine(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if match.outcome is Outcome.ANSWER and (chosen is None or chosen.mode != "partner"):
            return match
        named = [
            (evidence.words, routine)
            for evidence in match.evidence
            if evidence.words >= NAMED_WORDS and (routine := self.knowledge.routine(evidence.entry_id)) is not None
        ]
        if not named:  # its title's own word ("the calf massage"), however the decision ranks it
            named = [(0.0, routine) for routine in self.knowledge.routines if _titled(self.knowledge, routine, text)]
            named = named if len(named) == 1 else []
        if not named or any(routine.mode == "partner" for _, routine in named):
            return match
        _, routine = max(named, key=lambda pair: pair[0])
        return replace(match, outcome=Outcome.ANSWER, entry_id=routine.id, also=(), step=None, reason="named")

    def _beyond_their_step(self, turn: Turn, match: Match) -> Match | None:
        return beyond_their_step(self.knowledge, self.matcher, turn, match)

    def _about_the_person_massaged(self, turn: Turn) -> Match | None:
        """During a partner routine, a question that names the person massaged ("how hard should
        I press on her?") is the question itself: "her" is the one the routine is for."""
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or routine.mode != "partner" or run.phase == "stopped":
            return None
        plain = " ".join(THEM.sub(" ", normalise(turn.text)).split())
        if not plain or plain == normalise(turn.text):
            return None
        match = self.matcher.match(plain)
        return match if match.outcome is Outcome.ANSWER else None

    def _said_in_a_part(self, text: str, commands: bool = True) -> Match | None:
        """A message the matcher could not place as a whole, one part of which is a request to
        the bot itself ("do you keep my messages? bit paranoid, sorry", "actually just delete
        everything you have on me", "haha fair enough. cheers"): that part's answer. Requests
        (a command, privacy, who the bot is) come before thanks and greetings. ``commands``:
        whether a part may run a command."""
        if self.typed.read(text).polite or self.typed.thanks(text):
            return None  # thanks as a whole ("cheers, will do"): answered as thanks below
        parts = [self.typed.core(text), *(self.typed.core(part) for part in _PARTS.split(text))]
        # A part asked as a question is no thanks ("any acupressure that helps?").
        asked = {self.typed.core(question) for question in _QUESTIONS.findall(text)}
        found: list[Match] = []
        for part in dict.fromkeys(part for part in parts if part and part != normalise(text)):
            match = self.matcher.match(part)
            said = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
            if isinstance(said, Smalltalk) and (commands or said.command is None):
                found.append(match)
            elif part not in asked and self.typed.thanks(part):
                found.append(replace(match, outcome=Outcome.ANSWER, entry_id="acknowledge", reason="smalltalk"))
        found.sort(key=lambda match: match.entry_id in PLEASANTRIES)
        return found[0] if found else None

    def _suggestion(self, entry_id: str, score: float) -> Suggestion:
        entry = self.knowledge.get(entry_id) or self.knowledge.plan(entry_id)
        return Suggestion(entry_id, entry.title if entry else entry_id, round(score, 1))


# A reply to "Did you mean…" of up to this many words may be read with what its choices share.
MAX_WORDS_FOR_THE_CHOICES = 20


# The parts of a message (sentences and clauses), and the small talk that only passes the time.
_PARTS = re.compile(r"[.!?;,\n]+")


_QUESTIONS = re.compile(r"[^.!?;,\n]+(?=\?)")


# Word overlap (0-100) with a routine's name and phrasings at which a message names it ("the calf
# massage" scores about 50; a routine only described, or only near in meaning, scores far less).
NAMED_WORDS = 40.0


# Small talk that thanks or acknowledges ("thank you so much", "ok"): after a red flag's advice, a
# kind send-off with the way back once a doctor has seen it, never a menu of massages.
_GRATEFUL = frozenset({"thanks", "acknowledge"})


def _asks_about_its_step(routine: Routine, step: int | None, text: str) -> bool:
    """Whether a message about a routine asks about the step the matcher found ("how long do I
    hold each twist in the calf routine", not "tell me about the calf massage routine" or "can I
    do the calf massage? my friend swears by it"): a word beyond the routine's names is one of
    that step's own words."""
    if step is None or not 0 <= step < len(routine.steps):
        return False
    names = {
        token for name in (routine.title, routine.label, *routine.aliases) for token in content_tokens(normalise(name))
    }
    shown = routine.steps[step]
    own = set(content_tokens(normalise(" ".join((shown.title, shown.text, shown.repetitions or "")))))
    return any(token not in names and token in own for token in content_tokens(normalise(text)) if token != "routin")


# Doing said in the past ("did the calf one", "tried the qigong massage"), and what says a time
# to come ("I'll do it tomorrow"), which a remark on a past session has none of.
_DID = frozenset("did done tried finished completed".split())


_TO_COME = frozenset("will ll going gonna want wanna shall tomorrow tonight later".split())


def _says_a_routine_done(clause: str) -> bool:
    """Whether ``clause`` says a routine was done ("tried the calf one", "did the massage")."""
    words = set(normalise(clause).split())
    kind = "one" in words or not ANY_ROUTINE.isdisjoint(content_tokens(normalise(clause)))
    return kind and not _DID.isdisjoint(words)


def _tells_of_a_past_session(text: str, now: float) -> bool:
    """Whether ``text`` tells of a session done ("did the qigong massage yesterday, felt great"):
    doing said in the past, or a time past, with nothing to come, no question and no wish to start."""
    said = normalise(text).split()
    words = set(said)
    asks = "?" in text or bool(said and said[0] in WH_WORDS) or (len(said) > 1 and said[1] in ("i", "you", "we"))
    if asks or wants_to_start(normalise(text)) or not words.isdisjoint(_TO_COME):
        return False
    return not words.isdisjoint(_DID) or (ago(text, now) is not None and "today" not in words)
