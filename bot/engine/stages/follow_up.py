"""A follow-up about the entry on the table ("how long?", "and the inner one?")."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine import render
from bot.engine.answers import Answers, Request
from bot.engine.memory.context import MAX_FOLLOW_UP_WORDS, NAMED, Conversation
from bot.engine.memory.plan import Planner
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.practice import phrases
from bot.engine.replies import FOR_ONESELF, Meta, Reply, Response, Suggestion, esc
from bot.engine.routines import RoutineFlow
from bot.engine.routines.screens import active_steps
from bot.engine.stages.shared import (
    MAX_ELLIPTICAL_WORDS,
    SAYS_HOW_HARD,
    among_the_answers,
    answer_about_the_step,
    asks_how_hard,
    asks_how_often,
    beyond_their_step,
    named_on_the_way,
    one_offered,
    with_what_applies,
)
from bot.engine.state import RoutineRun, UserState
from bot.knowledge import Knowledge, Section
from bot.knowledge.models import Faq, Point, PointBase, Routine
from bot.matching.matcher import SMALLTALK_MEANING, Match, Matcher, Outcome
from bot.text.asking import is_question
from bot.text.normalise import normalise
from bot.text.phrases import PhraseFinder
from bot.text.scope import THIRD_PERSON
from bot.text.tokens import stem


class FollowUp(Stage):
    """A follow-up about the topic: the entry just shown, or the step of a routine under way
    ("what does this point do?", "what was the first step again?")."""

    def __init__(
        self,
        knowledge: Knowledge,
        conversation: Conversation,
        matcher: Matcher,
        answers: Answers,
        typed: TypedReplies,
        planner: Planner | None = None,
        routines: RoutineFlow | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.conversation = conversation
        self.matcher = matcher
        self.answers = answers
        self.typed = typed
        self.planner = planner
        self.routines = routines
        self._conditions = PhraseFinder({fact.id: fact.phrases for fact in knowledge.facts})

    def handle(self, turn: Turn) -> Response | None:
        if self.typed.read(turn.text).polite or self.typed.thanks(turn.text):
            return None  # "ok thanks" asks nothing about the topic
        for_oneself = self._for_oneself(turn)
        if for_oneself is not None:  # "and for me?" after a partner routine
            return for_oneself
        coming = self.routines.on_the_way_in(turn.state) if self.routines is not None else None
        if coming is not None and self.conversation.asks_if_safe(turn.text):  # "is that ok for her?"
            return self._routine_safety(turn, coming)
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None and run.phase == "step" else coming
        if run is not None and routine is not None:  # "what was the first step again?", on a step or before
            steps = active_steps(routine, run)
            asked = self.conversation.step_asked(
                turn.text, len(steps), steps.index(run.step) if run.step in steps else 0
            )
            if asked is not None:
                return self.answers.step(turn, routine, steps[asked], asked + 1, len(steps))
        context = self.conversation.current(turn.state, turn.now)
        plan_shown = context is not None and bool(context.plan or self.knowledge.plan(context.entry))
        asked = self.planner is not None and self._asks_of_the_plan(turn.text)
        if not plan_shown and asked and self.planner is not None and self.planner.refers_back(turn.text):
            return self._no_plan_given(turn)  # "is the plan still ok?" with no plan given lately
        if context is None:
            return None
        upcoming = self._step_coming(turn.state)
        if upcoming is not None and context.entry == upcoming[0].id and context.step is None:
            routine, context = upcoming[0], context.model_copy(update={"step": upcoming[1]})
        match = _weak_smalltalk_aside(self.matcher.match(turn.text))
        earlier = self.knowledge.plan(context.plan or "") if context.entry != context.plan else None
        if earlier is not None and self.planner is not None and self._asks_of_the_plan(turn.text):
            # "is the plan still ok then?" after telling a pregnancy: the plan again, fitted to it
            response = self.planner.respond(turn.chat.plan_state(turn.state), earlier, why=("the plan shown before",))
            return replace(response, replies=(Reply(esc(MESSAGES.plan_again_for_you)), *response.replies))
        plan = self.knowledge.plan(context.entry)
        if plan is not None and self.planner is not None:  # "how long does that take a day?"
            if self.conversation.asks_how_long(context, turn.text, match):
                return self.planner.how_long(turn.chat.plan_state(turn.state), plan)
            part = phrases.part_of_day(turn.text)  # "and in the evening?", not "I take it every morning"
            asks = _ASKS_OF_THE_TOPIC.search(normalise(turn.text)) or "?" in turn.text
            if (
                part is not None
                and asks
                and not turn.told.lines
                and self.conversation.leans_on(turn.text, _not_smalltalk(match), plan.id)
            ):
                return self.planner.at(turn.chat.plan_state(turn.state), plan, part)
            if asks and not turn.told.lines and self.conversation.only_leans_on(turn.text, match, MAX_ELLIPTICAL_WORDS):
                if self.conversation.names_the_other_side(turn.text):  # "and the other leg?"
                    return self.planner.noted(turn.chat.plan_state(turn.state), plan, MESSAGES.plan_both_legs, "legs")
                if self.conversation.names_days_off(turn.text):  # "and at weekends?"
                    return self.planner.noted(turn.chat.plan_state(turn.state), plan, MESSAGES.plan_every_day, "days")
            return None
        shown = self.knowledge.get(context.entry)
        if isinstance(shown, PointBase) and run is None and self._asks_of_its_cautions(turn.text, shown, match):
            # "is it ok if I'm expecting?" after SP10: the card's cautions, its pregnancy line among them
            return self.answers.answer(turn, Request(shown, Section.CAUTIONS, follow_up=True))
        referred = self.conversation.point_referred_to(context, turn.text, match) if run is None else None
        point = self.knowledge.get(referred or "")
        if point is not None:  # "what about that ankle point?" after an answer that named BL60
            return self.answers.answer(turn, Request(point))
        if (
            isinstance(shown, Faq)
            and run is None
            and asks_how_hard(turn.text)
            and not SAYS_HOW_HARD.search(shown.full_answer)
        ):  # "how hard should I squeeze them?" after an answer that says nothing of it: the answer on that
            found = among_the_answers(self.knowledge, self.matcher, turn.text, how_hard=True)
            entry = self.knowledge.get(found.entry_id or "") if found is not None else None
            return self.answers.answer(turn, Request(entry, follow_up=True)) if entry is not None else None
        if isinstance(shown, Faq | Point) and run is None:
            after_a_point = context.point not in (None, shown.id)
            about = self._about_the_answer(turn, turn.text, shown, match, after_a_point=after_a_point)
            clause = _the_clause_that_asks(turn.text)
            if about is None and clause is not None:  # "what about the other knee, it's a bit sore too"
                about = self._about_the_answer(
                    turn, clause, shown, self.matcher.match(clause), after_a_point=after_a_point
                )
            if about is not None:
                return about
        if (  # "so what can I do about it?"
            isinstance(shown, Faq)
            and shown.more
            and _WHAT_TO_DO.search(normalise(turn.text))
            and self.conversation.leans_on(turn.text, match, shown.id)
        ):
            return self.answers.answer(turn, Request(shown, full=True, follow_up=True))
        # On a step, a question about it is not small talk ("what does this step actually do?"
        # comes close in meaning to "what can you do?").
        if one_offered(self.conversation, turn, match) is not None:
            return None  # "ok the quad one" under an answer that offered it: that routine
        on_a_step = run is not None and run.phase == "step"
        if on_a_step and beyond_their_step(self.knowledge, self.matcher, turn, match) is not None:
            return None  # "how firm should my grip be on him?": read on its own, the step on show
        if on_a_step and named_on_the_way(self.knowledge, turn, match) is not None:
            return None  # "is a foam roller any good for my IT band?": that answer, with the way back
        follow_up = self.conversation.follow_up(context, turn.text, _not_smalltalk(match) if on_a_step else match)
        if follow_up is None and run is None:  # "and on the other leg?" after an answer about a point
            follow_up = self.conversation.about_the_point(context, turn.text, match)
        entry = self.knowledge.get(follow_up.entry_id) if follow_up else None
        if follow_up is None or entry is None:
            return None
        if upcoming is not None and follow_up.section not in (Section.USES, Section.LOCATION):
            return None  # on the way in, only "this point" is the first step's; "how firmly?" is read on its own
        if isinstance(entry, Routine) and follow_up.step is not None and run is not None and routine is entry:
            return self._about_the_step(turn, entry, run, follow_up.section, follow_up.step)
        if (
            isinstance(entry, Routine)
            and run is not None
            and run.routine_id == entry.id
            and not self.answers.has_part(entry, follow_up.section)
        ):
            return None  # not its introduction again: the question is read on its own, with the way back
        if isinstance(entry, Faq) and asks_how_often(turn.text) and not render.says_how_often(entry):
            return None  # "how often?" after an answer that says nothing of it: read on its own
        if isinstance(entry, Routine) and asks_how_often(turn.text):
            return None  # a routine's introduction says how long, not how often: read on its own
        step = self.matcher.follow_up(turn.text, entry.id).step
        request = Request(entry, follow_up.section, step=step, follow_up=True, other_side=follow_up.other_side)
        return self.answers.answer(turn, request)

    def _for_oneself(self, turn: Turn) -> Response | None:
        """ "And for me?" (or "is there something for my own knees?") right after a partner routine
        was introduced, offered or ended, or on a step of one under way: the routines done on one's
        own to choose from (with the way back to the step); None otherwise, and when the message
        names what it wants (a routine for oneself, "can I do the calf massage on myself?")."""
        run = turn.state.routine
        under_way = run is not None and run.phase not in ("stopped", "intro")
        theirs_on_a_step = under_way and run is not None and run.phase == "step" and self._partner(run.routine_id)
        if not asks_for_oneself(turn.text) or (under_way and not theirs_on_a_step):
            return None
        if not _FOR_ONESELF.search(normalise(turn.text)):
            match = self.matcher.match(turn.text)
            named = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
            said = max((e.words for e in match.evidence if e.entry_id == match.entry_id), default=0.0)
            own_routine = isinstance(named, Routine) and named.mode != "partner"
            if own_routine or (named is not None and said >= NAMED_WORDS):
                return None  # "could I do the calf massage on myself?": that, as the match stage reads it
        context = self.conversation.current(turn.state, turn.now)
        if not theirs_on_a_step:
            if context is None or context.turns > MAX_TURNS_FOR_ONESELF:  # also just after their routine ended
                return None
            shown = [self.knowledge.routine(entry_id) for entry_id in (context.entry, *context.buttons)]
            if not any(routine is not None and routine.mode == "partner" for routine in shown):
                return None
        own = tuple(
            Suggestion(routine.id, routine.title, 0.0) for routine in self.knowledge.routines if routine.mode == "self"
        )
        back = self.routines.resume_row(turn.state) if theirs_on_a_step and self.routines is not None else ()
        replies = render.clarify(self.knowledge, own, back)
        lines = "\n".join(f"• {esc(suggestion.title)}" for suggestion in own)
        first = replace(replies[0], html=f"{esc(MESSAGES.for_yourself)}\n{lines}")
        return Response((first, *replies[1:]), Meta("clarify", FOR_ONESELF, candidates=own, why=("for oneself",)))

    def _no_plan_given(self, turn: Turn) -> Response:
        """A question about "the plan" when none was given lately (after telling something: "I'm
        expecting", then "is the plan still ok?"): the plan of a condition told, else the plans
        to choose from, each fitted to what was told; never "I don't know that one"."""
        assert self.planner is not None
        state = turn.chat.plan_state(turn.state)
        told = self.planner.told(state)
        if told is not None:
            response = self.planner.respond(state, told, why=("a plan asked of, none given: its told plan",))
            return replace(response, replies=(Reply(esc(MESSAGES.plan_none_given_told)), *response.replies))
        plans = tuple(Suggestion(plan.id, plan.title, 0.0) for plan in self.knowledge.plans)
        [choices] = render.clarify(self.knowledge, plans)
        lead = render.CLARIFY_LEAD
        choices = replace(choices, html=choices.html.replace(lead, f"📅 {esc(MESSAGES.plan_none_given)}", 1))
        return Response((choices,), Meta("clarify", candidates=plans, why=("a plan asked of, none given",)))

    def _partner(self, routine_id: str) -> bool:
        routine = self.knowledge.routine(routine_id)
        return routine is not None and routine.mode == "partner"

    def _asks_of_the_plan(self, text: str) -> bool:
        """Whether ``text`` is a short question about the daily plan shown before ("is the plan
        still ok then?", "what about my plan now?"): it names the kind and asks."""
        assert self.planner is not None
        words = normalise(text).split()
        asks = is_question(text) or "?" in text
        return asks and 0 < len(words) <= MAX_ELLIPTICAL_WORDS + 2 and self.planner.names_the_kind(text)

    def _asks_of_its_cautions(self, text: str, point: PointBase, match: Match) -> bool:
        """Whether ``text``, a short question after ``point``'s card that names no other point,
        asks whether it is safe with a condition ("is it safe if I'm pregnant?", "ok on blood
        thinners?") that one of the card's cautions speaks of: the card's cautions answer it, not
        the general answer about that condition."""
        normalised = normalise(text)
        words = normalised.split()
        if not words or len(words) > MAX_FOLLOW_UP_WORDS or match.reason in NAMED:
            return False
        if not (_ASKS_IF_SAFE.search(normalised) and (is_question(text) or "?" in text)):
            return False
        stems = [stem(word) for word in words]
        named = {mention.name for mention in self._conditions.find(words, stems)}
        named |= {fact.id for fact in self.knowledge.facts if any(key in normalised for key in fact.keywords)}
        cautions = " ".join([*point.cautions, *self.knowledge.every_point_cautions]).lower()
        return any(
            any(key.lower() in cautions for key in fact.keywords) for fact in self.knowledge.facts if fact.id in named
        )

    def _about_the_answer(
        self, turn: Turn, text: str, shown: Faq | Point, match: Match, *, after_a_point: bool
    ) -> Response | None:
        """A short follow-up ``text`` an answer or a point card says nothing special about: a part
        of the day ("and at night?"), or the other leg after an answer ("and for the other leg?", a
        point's other leg is its location, and so is that of a point shown before the answer):
        the answer again, saying it goes for that too."""
        words = normalise(text).split()
        asks = _ASKS_OF_THE_TOPIC.search(" ".join(words)) or "?" in text
        if not asks or len(words) > MAX_ELLIPTICAL_WORDS:
            return None
        if turn.told.lines and text == turn.text:
            return None
        if not self.conversation.only_leans_on(text, match, MAX_ELLIPTICAL_WORDS, shown):
            return None
        part = phrases.part_of_day(text)
        if part is not None:
            if any(phrases.part_of_day(text.text) == part for text in shown.index_texts()):
                note = ""  # an answer about that time of day ("knee pain at night"): the answer itself
            else:
                note = MESSAGES.answer_any_time.format(part=MESSAGES.plan_parts_of_day.get(part, part))
        elif isinstance(shown, Faq) and not after_a_point and self.conversation.names_the_other_side(text):
            note = MESSAGES.answer_other_leg
        else:
            return None
        response = self.answers.answer(turn, Request(shown, follow_up=True))
        return replace(response, replies=(Reply(esc(note)), *response.replies)) if note else response

    def _routine_safety(self, turn: Turn, routine: Routine) -> Response:
        """On the way into a routine, "is it safe?": what it checks and its cautions, led by what
        the answers at its check mean for whoever is massaged, with the way back."""
        response = self.answers.answer(turn, Request(routine, Section.CAUTIONS, follow_up=True))
        return with_what_applies(self.routines, turn.state, response)

    def _step_coming(self, state: UserState) -> tuple[Routine, int] | None:
        """On the way into a routine (the steps it leaves out, the rating before the first step):
        that routine and its first step, which "what does this point do?" asks about."""
        run = state.routine
        on_the_way = run is not None and run.phase in ("caution", "pain_before")
        routine = self.knowledge.routine(run.routine_id) if run is not None and on_the_way else None
        steps = active_steps(routine, run) if routine is not None and run is not None else []
        return (routine, steps[0]) if routine is not None and steps else None

    def _about_the_step(self, turn: Turn, routine: Routine, run: RoutineRun, section: Section, index: int) -> Response:
        """On a step: what its point does or where it is; how long, or anything else, the step."""
        points = [point for point_id in routine.steps[index].points if (point := self.knowledge.get(point_id))]
        if len(points) == 1 and section in (Section.USES, Section.LOCATION, Section.CAUTIONS):
            return self.answers.answer(turn, Request(points[0], section, follow_up=True))
        asks_what_it_does = section in _WHAT_IT_DOES
        about = answer_about_the_step(self.knowledge, self.matcher, routine, index) if asks_what_it_does else None
        if about is not None:  # "what does this do?" while patting: the answer on patting
            return self.answers.answer(turn, Request(about, follow_up=True))
        steps = active_steps(routine, run)
        number = steps.index(index) + 1 if index in steps else index + 1
        return self.answers.step(turn, routine, index, number, len(steps))


# A routine offered with a button on the answer just above, named in a few words: read as meant
# when the decision's likeliest reading is that routine, this likely and this far ahead of the next.
# What a question about a step with no point asks when its answer (if any) says it: what it does.
_WHAT_IT_DOES = (Section.USES, Section.OVERVIEW)


MAX_TURNS_FOR_ONESELF = 3  # "and for me?" a few messages after a partner routine, its end included


def _the_clause_that_asks(text: str) -> str | None:
    """Of a message of several clauses, the first when it alone asks and the rest only tell
    ("what about the other knee, it's a bit sore too"); None otherwise."""
    clauses = [clause.strip() for clause in re.split(r"[,.;!?\n]+|\s-\s", text) if normalise(clause)]
    if len(clauses) < 2 or any(is_question(clause) for clause in clauses[1:]):
        return None
    first = clauses[0]
    return first if _ASKS_OF_THE_TOPIC.search(normalise(first)) else None


# "And for me?", "what about myself?", "anything for my own knees?": the writer, after something
# for the person they help.
_FOR_ONESELF = re.compile(
    r"^(?:(?:and|but|ok|okay|so|what about|how about|anything|something|one) )*(?:for )?"
    r"(?:me|myself|my own(?: knees?| knee pain)?|mine)(?: too| also| as well| then| now)*$"
)
# The writer saying they have it too ("I also have a sore knee", "my knees ache as well").
_MINE_TOO = re.compile(r"\b(?:i|im|ive|my|mine)\b.*\b(?:too|also|as well)\b|\b(?:also|too)\b.*\b(?:i|my|mine)\b")
_KNEES = re.compile(r"\bknees?\b")  # of their own knees, not "my hands get sore too"
_TROUBLE = re.compile(r"\b(?:sore|pain|painful|hurts?|hurting|aches?|aching|achy|stiff|bad)\b")
# An answer the message says the words of (word overlap, 0-100): what it asks for, not the writer.
NAMED_WORDS = 50.0
# The writer named as whom something is for, in a question ("is there something for my own knees?").
_FOR_THE_WRITER = re.compile(r"\b(?:myself|my own|for me|for mine)\b")
MAX_WORDS_FOR_ONESELF = 14


def asks_for_oneself(text: str) -> bool:
    """Whether ``text`` asks for something for the writer: "and for me?", said alone or as a
    clause beside the writer's own trouble ("and me as well, my knee is a bit sore"), the writer
    telling they have the trouble too ("I've got sore knees too"), or a short question that
    names the writer as whom it is for; nobody else named in any of them."""
    said = normalise(text)
    if _FOR_ONESELF.search(said):
        return True
    words = said.split()
    if len(words) > MAX_WORDS_FOR_ONESELF or not THIRD_PERSON.isdisjoint(words):
        return False
    clauses = [normalise(clause) for clause in re.split(r"[,.;!?\n]+|\s-\s", text) if normalise(clause)]
    if any(_FOR_ONESELF.search(clause) for clause in clauses):
        return True  # "and for me also? my knee's a bit sore too", "me as well, my knees hurt"
    if not is_question(text) and _MINE_TOO.search(said) and _TROUBLE.search(said) and _KNEES.search(said):
        return True  # "I also have a sore knee": the writer tells they have it too
    return is_question(text) and bool(_FOR_THE_WRITER.search(said))


# Asking whether something is safe or wise ("is it ok if...", "should I avoid it while...").
_ASKS_IF_SAFE = re.compile(
    r"\b(?:safe|ok|okay|alright|all right|fine|allowed|avoid|careful|dangerous|risky|harm|harmful|bad|"
    r"should i|can i|could i|may i)\b"
)


# A message that asks, or points at part of what is on the table ("just the evening bit").
_ASKS_OF_THE_TOPIC = re.compile(
    r"^(?:(?:and|but|so|ok|okay|right|hmm) )*(?:what|how|when|which|is|are|do|does|can|should|any|just|only|"
    r"and|what about|how about)\b"
)


# Asking what to do about what an answer describes: its practical part (the answer's "More").
_WHAT_TO_DO = re.compile(
    r"\b(?:what (?:can|could|should|do) (?:i|we|you) do|what do i do|any (?:tips|advice|ideas)|tips\b|"
    r"what (?:would |will )?helps?|anything (?:i|we) (?:can|could|should) do|how (?:can|do|could) (?:i|we) "
    r"(?:help|ease|avoid|stop|prevent|manage|cope|make it better)|what else (?:can|could) (?:i|we) do)"
)


def _weak_smalltalk_aside(match: Match) -> Match:
    """A reading as small talk only by an item's own bar, below small talk's general one
    (privacy, for "is it safe?"), set aside: on the table, such a short question is about the
    topic; the match stage still reads it as that small talk when no follow-up is found."""
    weak = match.reason == "smalltalk" and match.score < 100 * SMALLTALK_MEANING
    return Match(Outcome.FALLBACK) if weak else match


def _not_smalltalk(match: Match) -> Match:
    """A reading as small talk set aside: "just the evening bit?" after a plan asks about its
    evening, whatever a greeting's words in it ("evening") suggest."""
    return Match(Outcome.FALLBACK) if match.reason == "smalltalk" else match
