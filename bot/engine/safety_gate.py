"""Safety first: red flags, raised once per message, and what a raised flag holds back.

Each typed message is triaged once (:meth:`SafetyGate.assess`), with the person's last few
messages (their findings only, never their words) and the health facts they told us. A red flag
gets clear advice to seek help, and stops a routine under way unless it only asks to see a
doctor. Until the person says a doctor has checked it, routines wait: starting one, or
acknowledging the advice ("ok thanks"), gets a reminder instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from rapidfuzz.distance import OSA

from bot.engine import groups, render
from bot.engine.actions import DoctorChecked
from bot.engine.memory.profile import Profile
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Turn
from bot.engine.replies import Button, Keyboard, Meta, Reply, Response, esc
from bot.engine.routines.check_words import CheckWords
from bot.engine.state import NetNote, RecentMessage, RedFlagNote, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import RedFlag, Routine, WhileWaiting
from bot.safety.triage import WARMED_ON_PURPOSE, Assessment, Earlier, RedFlagHit, Triage
from bot.text.asking import QUESTION_OPENERS, is_question
from bot.text.normalise import normalise
from bot.text.phrases import PhraseFinder

# Triage reads a message with the person's previous ones: up to this many, this recent.
TRIAGE_WINDOW_MESSAGES = 3
TRIAGE_WINDOW_SECONDS = 30 * 60


# A step of this kind (routines.yaml, step_kinds) puts heat on the leg; while it is on screen, the
# safety concept of warmth one brought about oneself (safety.yaml) is read with every message.
HEAT_STEP = "heat"
RATING_PHASES = frozenset({"pain_before", "pain_after"})  # a routine's pain rating on show
CHECK_PHASES = frozenset({"checklist", "screening"})  # a routine's safety check on show
TELLING_GAP = 3  # words between who tells and the telling ("the GP at the surgery said")
_SENTENCES = re.compile(r"[.!;,\n]+")  # clauses: "they said an hour, what should we do"


_LONG_OPENERS = sorted(opener for opener in QUESTION_OPENERS if len(opener) >= 5)  # slips in short ones are words


class SafetyGate:
    def __init__(
        self, knowledge: Knowledge, triage: Triage, profile: Profile, correct: Callable[[str], str] | None = None
    ) -> None:
        """``correct``: a message with its slips corrected (the matcher's speller), which triage
        reads beside the message as typed."""
        self.knowledge = knowledge
        self.triage = triage
        self.profile = profile
        self._correct = correct
        self._typed = TypedReplies(knowledge.replies)
        self._check_words = CheckWords(knowledge, profile, self._typed)
        self._waiting = {topic.id: topic for topic in knowledge.safety.while_waiting}
        self._waiting_words = PhraseFinder({topic.id: topic.phrases for topic in knowledge.safety.while_waiting})
        self._tellers = PhraseFinder({topic.id: topic.told_by for topic in knowledge.safety.while_waiting})
        self._telling = PhraseFinder({topic.id: topic.telling for topic in knowledge.safety.while_waiting})
        self._legs = frozenset(normalise(word) for word in knowledge.replies.legs) - {"one", "ones", "side", "sides"}
        self._safe_words = PhraseFinder(
            {flag.id: flag.cleared_by for flag in knowledge.safety.red_flags if flag.cleared_by}
        )

    def assess(self, turn: Turn) -> None:
        """Triage the turn's text together with the person's recent messages and the health
        facts they told us; with it, the red flag (if any) the text raises on its own, which a
        group may be shown (the others may tell what was said in private)."""
        state, now = turn.state, turn.now
        recent = [r for r in state.recent if now - r.at <= TRIAGE_WINDOW_SECONDS][-(TRIAGE_WINDOW_MESSAGES - 1) :]
        earlier = [Earlier(frozenset(r.keys), r.last_site, frozenset(r.asked)) for r in recent]
        raised = None
        if state.red_flag is not None and now - state.red_flag.at <= TRIAGE_WINDOW_SECONDS:
            rule = self.knowledge.get(state.red_flag.rule_id)
            raised = rule if isinstance(rule, RedFlag) else None
        facts = [*self.profile.triage_concepts(state), *self._warmed_on_purpose(state)]
        last = state.last_reading
        previous = last.rules if last is not None and now - last.at <= TRIAGE_WINDOW_SECONDS else None
        corrected = self._correct(turn.text) if self._correct is not None else None
        assessment = self.triage.assess(
            turn.text,
            earlier,
            facts=facts,
            raised=raised,
            previous=previous,
            corrected=corrected,
            rating=self._rating_on_show(state, turn.text) or self._check_answer_on_show(state, turn.text),
        )
        at_a_screen = state.forget_token is not None or self._check_answer_on_show(state, turn.text)
        turn.said = self.triage.check(turn.text, corrected) if earlier or facts else assessment.alone
        reading = assessment.reading
        state.last_reading = None  # a message set aside (a plot, a "what if") is nothing to read the next with
        # A reply at a screen that asks for one (erase everything?, a routine's check) answers the
        # screen: it is not read with the next message ("keep the lot" then "thinking again,
        # /forget" is no crisis told over two messages).
        if reading is not None and reading.summary and not assessment.aside and not at_a_screen:
            state.last_reading = NetNote(at=now, rules=dict(reading.summary))
        if assessment.revises_earlier:
            # "Sorry, autocorrect: I meant sore" takes back what the flag was raised on.
            recent = []
            state.last_reading = None
            if raised is not None and assessment.hit is None:
                state.red_flag = None
        found = assessment.earlier
        recent = [r.model_copy(update={"asked": []}) if r.asked else r for r in recent]  # the last message's only
        if found.keys or found.asked:
            told_of_another = bool(self.profile.said_of_someone_else(turn.text))
            theirs = assessment.someone_else or (told_of_another and not self._of_ones_own_body(turn.text))
            told = RecentMessage(
                at=now,
                keys=sorted(found.keys),
                last_site=found.last_site,
                someone_else=theirs,
                asked=sorted(found.asked),
            )
            state.recent = [*recent, told]
        else:
            state.recent = recent
        turn.assessment = assessment

    def _rating_on_show(self, state: UserState, text: str) -> bool:
        """A pain rating of a routine is on show and the message gives one among other words
        ("about a 5 if I had to guess"), as the screen reads it: triage reads it as that
        reply first."""
        run = state.routine
        if run is None or run.away or run.phase not in RATING_PHASES:
            return False
        return self._typed.rating_in_passing(text) is not None

    def _check_answer_on_show(self, state: UserState, text: str) -> bool:
        """A routine's safety check is on show and the message answers its lines ("my husband is
        on apixaban, nothing else"), as the check reads it: triage reads it as that reply first,
        so the net guesses no rule from a reply with no sign in it (a crisis is still read)."""
        run = state.routine
        if run is None or run.away or run.phase not in CHECK_PHASES:
            return False
        routine = self.knowledge.routine(run.routine_id)
        if routine is None:
            return False
        reading = self._check_words.read(text, routine)
        return reading.anything and not reading.asks

    def _of_ones_own_body(self, text: str) -> bool:
        """Whether ``text`` speaks of the writer's own leg ("my knee", "my calves"), the words for a
        leg being replies.yaml's ``legs``: what it tells of another person ("my wife is pregnant")
        then does not make its findings theirs ("... and my knee is swollen")."""
        words = normalise(text).split()
        return any(first == "my" and second in self._legs for first, second in pairwise(words))

    def _warmed_on_purpose(self, state: UserState) -> list[str]:
        """On a step that puts heat on the leg (a warm towel), warmth is the step's own doing:
        the concept that says so, for triage to read with ("this towel feels really hot on my
        calf" is no sign of a clot; swelling still is)."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None and run.phase == "step" else None
        if run is None or routine is None or not 0 <= run.step < len(routine.steps):
            return []
        return [WARMED_ON_PURPOSE] if with_heat(routine, run.step) else []

    def raise_flag(self, turn: Turn, hit: RedFlagHit, *, someone_else: bool = False) -> Response:
        """Raise ``hit``: its advice, and a routine under way stopped unless the flag only asks
        to see a doctor. A group is shown the advice for what the message says on its own.
        ``someone_else``: the person said it is another's, which changes whom the advice is for."""
        state, chat = turn.state, turn.chat
        shown = chat.shown_flag(hit, turn.said)
        state.red_flag = RedFlagNote(rule_id=hit.rule.id, at=turn.now)
        extra: Keyboard = ()
        cancel = False
        if state.routine is not None:
            if hit.rule.severity == "see_doctor":
                extra = chat.resume_row(state)
            else:
                state.end_routine()
                cancel = True
        why = ("red flag: " + "; ".join(hit.evidence),)
        meta = Meta("safety", hit.rule.id, hit.rule.title, 100.0, severity=hit.rule.severity, why=why)
        replies = render.red_flag(self.knowledge, shown, extra) if shown is not None else []
        if someone_else and replies:
            replies.insert(0, Reply(esc(MESSAGES.flag_for_someone_else)))
        if shown is None or shown.rule.id != hit.rule.id:
            replies.append(groups.warning_elsewhere(hit.rule, self.knowledge.safety.emergency_numbers, bool(replies)))
        if cancel:
            replies += chat.routine_stopped()
        turn.urgent = True
        return Response(tuple(replies), meta, cancel_timers=cancel)

    def english_only(self, extra: Keyboard = ()) -> Response:
        return english_only(self.knowledge, extra)

    def if_happening_now(self, assessment: Assessment, state: UserState | None = None) -> Response | None:
        """The "if this is happening now" card for a message not understood; where a routine's
        safety check or pain rating is on show (``state``), only the card its concepts show: an
        unread reply there ("hmm not sure to be honest") gets the screen asked again, not the
        net's guess of distress."""
        run = state.routine if state is not None else None
        asking = run is not None and not run.away and run.phase in CHECK_PHASES | RATING_PHASES
        card = self.triage.now_card(assessment, guess=not asking)
        if card is None:
            return None
        why = (f"if happening now: {assessment.reading.why()}",) if assessment.reading else ("if happening now",)
        meta = Meta("fallback", card.id, card.title, why=why)  # not understood: the safe default
        message = card.message.replace("{emergency}", self.knowledge.safety.emergency_numbers)
        return Response(tuple(render.now_card(self.knowledge, card.title, message)), meta)

    def while_waiting(self, turn: Turn) -> Response | None:
        """After a red flag, "can I put ice on it?", "what about heat tonight?", "what should I do
        till then?", "the paramedics are here": the answer within the flag's advice
        (knowledge/safety.yaml, ``while_waiting``, and the flag's own ``meanwhile``), not the
        warning again."""
        note = turn.state.red_flag
        if note is None or turn.now - note.at > TRIAGE_WINDOW_SECONDS:
            return None
        rule = self.knowledge.get(note.rule_id)
        if isinstance(rule, RedFlag) and rule.style == "crisis":
            return self._said_safe(turn, rule)
        if not isinstance(rule, RedFlag):
            return None
        words = normalise(turn.text).split()
        found = dict.fromkeys(mention.name for mention in self._waiting_words.find(words))
        found.update(dict.fromkeys(self._told_by(words)))
        topics = [self._waiting[name] for name in found]
        if not _asks(turn.text):  # "start the calf massage" is no question: the reminder answers it
            topics = [topic for topic in topics if topic.told]
        if any(not topic.general for topic in topics):
            topics = [topic for topic in topics if not topic.general]
        seen = any(topic.seen for topic in topics) or note.seen
        if seen:
            topics = [topic for topic in topics if not topic.until_seen]
        if not topics:
            return None
        note.seen = seen
        note.reminded = True  # the answer restates the advice: "thanks" next needs no reminder
        answers = [self._answer(topic, rule) for topic in topics]
        meanwhile = MESSAGES.meanwhile[rule.severity].format(
            title=rule.title, emergency=self.knowledge.safety.emergency_numbers
        )
        text = "\n\n".join(esc(answer) for answer in [*answers, *(() if seen else (meanwhile,))])
        keyboard = ((Button(MESSAGES.doctor_has_checked, DoctorChecked(rule.id)),), render.menu_row())
        why = (f"while waiting: {', '.join(topic.id for topic in topics)}",)
        return Response(
            (Reply(text, keyboard),), Meta("safety", rule.id, rule.title, 100.0, severity=rule.severity, why=why)
        )

    def _told_by(self, words: list[str]) -> list[str]:
        """The topics whose teller is named with a word of telling a few words after it ("the
        nurse reckons it's a pulled muscle", "GP had a look")."""
        tellings = self._telling.find(words)
        return [
            teller.name
            for teller in self._tellers.find(words)
            for telling in tellings
            if telling.name == teller.name and 0 <= telling.start - teller.end <= TELLING_GAP
        ]

    def _said_safe(self, turn: Turn, rule: RedFlag) -> Response | None:
        """After a crisis reply, "I'm safe, I'm not going to do anything": as its button, thanks
        and the lines kept open, not the check-in again (a fresh crisis is raised before this)."""
        said = {mention.name for mention in self._safe_words.find(normalise(turn.text).split())}
        if rule.id not in said:
            return None
        cleared = self.clear(turn.state, rule.id)
        return replace(cleared, replies=tuple(replace(reply, edit=False) for reply in cleared.replies))

    def _answer(self, topic: WhileWaiting, rule: RedFlag) -> str:
        if rule.id in topic.not_for and topic.instead:
            return topic.instead
        if topic.general and rule.meanwhile:
            return self.meanwhile(rule)
        return topic.answer

    def meanwhile(self, rule: RedFlag) -> str:
        """The flag's own advice until a doctor has seen to it, with the emergency numbers."""
        return (rule.meanwhile or "").replace("{emergency}", self.knowledge.safety.emergency_numbers)

    def medical_flag(self, state: UserState) -> bool:
        """A red flag about the body is raised (not a crisis, which has its own check-in)."""
        rule = self.knowledge.get(state.red_flag.rule_id) if state.red_flag is not None else None
        return isinstance(rule, RedFlag) and rule.style != "crisis"

    def take_care(self, state: UserState) -> Response:
        """ "Thanks" for the advice just given, or once it has been restated: a kind send-off,
        with the way back once a doctor has seen it, rather than a menu of routines."""
        note = state.red_flag
        assert note is not None
        note.reminded = True  # the advice is on show: "ok" next gets the send-off again, not the warning
        keyboard = ((Button(MESSAGES.doctor_has_checked, DoctorChecked(note.rule_id)),), render.menu_row())
        return Response((Reply(esc(MESSAGES.take_care), keyboard),), Meta("smalltalk", "take-care"))

    def holds(self, state: UserState) -> Response | None:
        """While a red flag is raised, routines wait: the reminder instead."""
        return self.remind(state) if state.red_flag is not None else None

    def unreminded(self, state: UserState) -> bool:
        """A flag is raised that the person has not been reminded of yet."""
        return state.red_flag is not None and not state.red_flag.reminded

    def raised_lately(self, state: UserState, now: float) -> bool:
        """A flag was raised within the half hour that triage reads messages together."""
        return state.red_flag is not None and now - state.red_flag.at <= TRIAGE_WINDOW_SECONDS

    def crisis_unchecked(self, state: UserState, now: float) -> bool:
        """A crisis reply was given lately and no check-in has followed it yet: the next
        message gets one first, whether or not it repeats what was said (the net may have read
        the crisis from words no rule lists, which the next message need not echo)."""
        note = state.red_flag
        rule = self.knowledge.get(note.rule_id) if note is not None else None
        crisis = isinstance(rule, RedFlag) and rule.style == "crisis"
        return crisis and self.unreminded(state) and self.raised_lately(state, now)

    def crisis_lately(self, state: UserState, now: float) -> bool:
        """A crisis reply was given within the half hour triage reads messages together (a
        request to erase everything then still runs, with a line of support)."""
        note = state.red_flag
        rule = self.knowledge.get(note.rule_id) if note is not None else None
        return isinstance(rule, RedFlag) and rule.style == "crisis" and self.raised_lately(state, now)

    def remind(self, state: UserState) -> Response:
        note = state.red_flag
        assert note is not None
        note.reminded = True
        rule = self.knowledge.get(note.rule_id)
        title = rule.title if isinstance(rule, RedFlag) else MESSAGES.a_warning_sign
        severity = rule.severity if isinstance(rule, RedFlag) else None
        if isinstance(rule, RedFlag) and rule.style == "crisis":
            replies = render.crisis_reminder(rule, self.triage.advice(rule))
        else:
            meanwhile = self.meanwhile(rule) if isinstance(rule, RedFlag) else ""
            replies = render.red_flag_reminder(self.knowledge, title, note.rule_id, severity, meanwhile=meanwhile)
        return Response(tuple(replies), Meta("safety", note.rule_id, title, 100.0, severity=severity))

    def clear(self, state: UserState, rule_id: str) -> Response:
        """ "A doctor has checked it"."""
        if state.red_flag is None or state.red_flag.rule_id != rule_id:
            return Response(note=MESSAGES.nothing_to_confirm)
        rule = self.knowledge.get(rule_id)
        state.red_flag = None
        state.recent = []  # what led to the flag has been seen to
        state.last_reading = None
        crisis = isinstance(rule, RedFlag) and rule.style == "crisis"
        cleared = MESSAGES.safe_now_thanks if crisis else MESSAGES.doctor_checked
        return Response((Reply(cleared, render.main_menu(), edit=True),), Meta(kind="flow"))

    def expire(self, state: UserState, now: float) -> None:
        state.recent = [r for r in state.recent if now - r.at <= TRIAGE_WINDOW_SECONDS]
        if state.last_reading is not None and now - state.last_reading.at > TRIAGE_WINDOW_SECONDS:
            state.last_reading = None

    def card(self, text: str) -> tuple[RedFlag, str] | None:
        """For inline mode: the red flag ``text`` describes, with its advice, if any."""
        hit = self.triage.check(text, self._correct(text) if self._correct is not None else None)
        return (hit.rule, render.red_flag(self.knowledge, hit)[0].html) if hit is not None else None


ENGLISH_ONLY = "english-only"  # the reply to a message in another language


def english_only(knowledge: Knowledge, extra: Keyboard = ()) -> Response:
    """For a message in another language, which nothing here can read: that only English is
    understood, and what to do if it is urgent (never a shrug, never a guess at its meaning)."""
    urgent = MESSAGES.english_only_urgent.format(emergency=knowledge.safety.emergency_numbers)
    text = f"{esc(MESSAGES.english_only)}\n{esc(urgent)}"
    meta = Meta("fallback", ENGLISH_ONLY, why=("not English: the safe default",))
    return Response((Reply(text, (*render.main_menu(), *extra)),), meta)


def _asks(text: str) -> bool:
    """Whether any clause of ``text`` asks ("the ambulance is coming. anything I should do?"),
    an opening word typed with a slip included ("shoud I...")."""
    sentences = [sentence for sentence in _SENTENCES.split(text) if sentence.strip()]
    return any(is_question(sentence) or _slipped_opener(sentence) for sentence in sentences) or is_question(text)


def _slipped_opener(sentence: str) -> bool:
    words = normalise(sentence).split()
    return bool(words) and any(OSA.distance(words[0], opener) == 1 for opener in _LONG_OPENERS)


def just_after_heat(routine: Routine, step: int) -> bool:
    """Whether step ``step`` of ``routine`` comes right after one that puts heat on the leg
    (checking the skin once the towel is off): warmth felt there is still the heat's doing."""
    return step > 0 and HEAT_STEP in routine.steps[step - 1].does


def with_heat(routine: Routine, step: int) -> bool:
    """Whether step ``step`` of ``routine`` puts heat on the leg or readies it (a step before one
    that does, such as testing the towel on the wrist): warmth there is the step's own doing, and
    heat said to be too much gets "let it cool, test it again on your wrist"."""
    return any(HEAT_STEP in later.does for later in routine.steps[step:])
