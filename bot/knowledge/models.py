"""Typed schema of the knowledge files.

Field limits keep every rendered answer well inside Telegram's limits (4,096 characters per
message, 64 bytes per button payload), so a curator learns about an over-long text from
``kneebot check`` rather than from a failed message.
"""

from collections.abc import Iterator, Sequence
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.knowledge.answers import IndexText, Role
from bot.knowledge.sections import Section
from bot.knowledge.views import ViewName

# Ids travel inside button payloads (at most 64 bytes), so they stay short and plain.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$"
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN)]


def at_most(max_length: int) -> StringConstraints:
    """Non-empty text of at most ``max_length`` characters (surrounding spaces ignored)."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Label = Annotated[str, at_most(32)]  # button labels
Title = Annotated[str, at_most(80)]
Phrase = Annotated[str, at_most(200)]
Paragraph = Annotated[str, at_most(700)]
Answer = Annotated[str, at_most(1000)]
# The rest of an answer, behind "More": a list of warning signs may need more room.
MoreAnswer = Annotated[str, at_most(1500)]
Caution = Annotated[str, at_most(300)]
# The ids of an entry's sources (sources.yaml): shown under the answer as one "Source:" line.
Sources = Annotated[list[Id], Field(min_length=1, max_length=6)]

EVERY_SECTION = frozenset(Section)
NO_SECTIONS: frozenset[Section] = frozenset()

Severity = Literal["emergency", "same_day", "see_doctor"]
SEVERITY_RANK: dict[str, int] = {"see_doctor": 1, "same_day": 2, "emergency": 3}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# --- points.yaml ------------------------------------------------------------------------------


class Names(Model):
    english: Title
    pinyin: Title
    translation: Title


class Technique(Model):
    tool: Title
    pressure: Annotated[str, at_most(200)]
    duration: Annotated[str, at_most(200)]
    how: Paragraph


class Picture(Model):
    """Where the diagram puts the dot: a view of the leg and fractions across and down it."""

    view: ViewName
    x: Annotated[float, Field(ge=0, le=1)]
    y: Annotated[float, Field(ge=0, le=1)]
    pair: Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=2, max_length=2)] | None = None
    hint: Annotated[str, at_most(90)]  # the scale hint written under the picture


class PointPart(Model):
    """A named half of a paired point (Xiyan = Neixiyan + Dubi)."""

    code: Id
    name: Title
    translation: Title
    side: Annotated[str, at_most(200)]
    aliases: list[Phrase] = []


class PointBase(Model):
    id: Id
    aliases: list[Phrase] = []
    # How people describe it without its name ("the dip below my kneecap on the outside").
    phrasings: list[Phrase] = []
    region: Annotated[str, at_most(120)]
    location: Paragraph
    how_to_find: Paragraph
    technique: Technique
    uses: Paragraph
    cautions: Annotated[list[Caution], Field(max_length=6)] = []
    related: Annotated[list[Id], Field(max_length=6)] = []
    sources: Sources
    picture: Picture

    kind: ClassVar[str] = "point"
    follow_ups: ClassVar[frozenset[Section]] = EVERY_SECTION

    def caution_texts(self) -> Sequence[str]:
        return self.cautions

    def _described(self) -> Iterator[IndexText]:
        yield IndexText(self.location, Role.LOCATION)
        yield IndexText(self.how_to_find, Role.LOCATION)


class Point(PointBase):
    names: Names
    parts: list[PointPart] = []

    @property
    def title(self) -> str:
        return f"{self.id} {self.names.pinyin} ({self.names.translation})"

    @property
    def label(self) -> str:
        return f"{self.id} {self.names.pinyin}"

    def index_texts(self) -> Iterator[IndexText]:
        names = [self.id, self.names.pinyin, self.names.translation, *self.aliases]
        for part in self.parts:
            names += [part.code, part.name, part.translation, *part.aliases]
        yield from (IndexText(name, Role.POINT_NAME) for name in names)
        yield from (IndexText(phrase, Role.PHRASING) for phrase in self.phrasings)
        yield from self._described()
        yield IndexText(self.uses, Role.USES)

    def topic_names(self) -> Sequence[str]:
        return [self.names.pinyin, self.names.english, *self.aliases]


class TriggerPoint(PointBase):
    title: Title
    # The button's text, when the title is longer than a button holds: cut titles can look alike.
    short: Label | None = None
    muscle: Annotated[str, at_most(200)]

    @property
    def label(self) -> str:
        if self.short:
            return self.short
        return self.title if len(self.title) <= 32 else self.title[:31].rstrip() + "…"

    def index_texts(self) -> Iterator[IndexText]:
        yield IndexText(self.title, Role.POINT_NAME)
        yield IndexText(self.title, Role.MEANING)
        yield from (IndexText(alias, Role.POINT_NAME) for alias in self.aliases)
        yield from (IndexText(phrase, Role.PHRASING) for phrase in self.phrasings)
        yield from self._described()

    def topic_names(self) -> Sequence[str]:
        return [self.title, *self.aliases]


class PointsFile(Model):
    # Cautions that hold for every point (shown once on each card, after the point's own).
    every_point_cautions: Annotated[list[Caution], Field(max_length=3)] = []
    points: list[Point]
    trigger_points: list[TriggerPoint] = []


# --- faq.yaml -----------------------------------------------------------------------------------


class Topic(Model):
    id: Id
    title: Label
    # A topic that goes beyond the source articles: each of its entries must name the public
    # health bodies or guidelines it follows (`kneebot check` enforces it).
    needs_sources: bool = False


class QuestionAnswer(Model):
    """A question asked in several ways, with one answer: FAQ entries and safety answers.

    ``answer`` is the lead, what the bot says first: one or two sentences that answer the
    question (``kneebot check`` warns above LEAD_LIMIT characters). ``more`` is the rest, shown
    when the person taps "More"."""

    id: Id
    label: Label
    question: Phrase
    phrasings: Annotated[list[Phrase], Field(min_length=4)]
    answer: Answer
    more: MoreAnswer | None = None
    related: Annotated[list[Id], Field(max_length=6)] = []

    follow_ups: ClassVar[frozenset[Section]] = NO_SECTIONS

    @property
    def title(self) -> str:
        return self.question

    @property
    def full_answer(self) -> str:
        """The lead and the rest, as one text."""
        return f"{self.answer}\n\n{self.more}" if self.more else self.answer

    def index_texts(self) -> Iterator[IndexText]:
        yield IndexText(self.label, Role.NAME)
        yield from (IndexText(phrase, Role.PHRASING) for phrase in (self.question, *self.phrasings))
        yield IndexText(self.answer, Role.ANSWER)
        if self.more:
            yield IndexText(self.more, Role.ANSWER)


LEAD_LIMIT = 300  # characters in an answer's lead: one or two sentences read at a glance


class Faq(QuestionAnswer):
    topic: Id
    sources: Sources

    kind: ClassVar[str] = "faq"
    # "How long for?", "how often?" after an answer: the times and amounts it gives.
    follow_ups: ClassVar[frozenset[Section]] = frozenset({Section.TECHNIQUE})

    def topic_names(self) -> Sequence[str]:
        return [self.label]

    def caution_texts(self) -> Sequence[str]:
        return [self.full_answer]


class FaqFile(Model):
    topics: list[Topic]
    faqs: list[Faq]


# --- routines.yaml ------------------------------------------------------------------------------


class StepKind(Model):
    """Something a step does that some people must not have done to them (heat, patting...):
    a routine with such a step asks the safety questions in ``ask`` first (one from each list),
    and leaves the step out (``avoid_if``) for a "yes" to a caution question in ``skip_for``."""

    id: Id
    what: Annotated[str, at_most(80)]  # "puts heat on the leg", for messages to curators
    ask: list[Annotated[list[Id], Field(min_length=1)]] = []
    skip_for: list[Id] = []


class Step(Model):
    title: Title
    text: Annotated[str, at_most(900)]
    timer_seconds: Annotated[int, Field(ge=5, le=1800)] | None = None
    repetitions: Annotated[str, at_most(120)] | None = None
    points: list[Id] = []
    caution: Caution | None = None
    optional: bool = False
    avoid_if: list[Id] = []
    # What the step does that needs safety questions first (ids of step_kinds in routines.yaml).
    does: list[Id] = []
    # "Switch legs": the steps before this one are done again on the other leg or knee.
    switch: bool = False


class Routine(Model):
    id: Id
    title: Title
    label: Label
    aliases: list[Phrase] = []
    # How people ask for it or about its steps in their own words.
    phrasings: list[Phrase] = []
    mode: Literal["self", "partner"]
    duration_minutes: Annotated[int, Field(ge=1, le=120)]
    needs: list[Annotated[str, at_most(200)]] = []
    summary: Annotated[str, at_most(600)]
    screening: list[Id] = []
    steps: Annotated[list[Step], Field(min_length=1, max_length=20)]
    related: Annotated[list[Id], Field(max_length=6)] = []
    sources: Sources

    kind: ClassVar[str] = "routine"
    follow_ups: ClassVar[frozenset[Section]] = EVERY_SECTION

    def index_texts(self) -> Iterator[IndexText]:
        yield from (IndexText(name, Role.NAME) for name in (self.title, self.label, *self.aliases))
        yield from (IndexText(phrase, Role.PHRASING) for phrase in self.phrasings)
        for number, step in enumerate(self.steps):
            yield IndexText(f"{self.title}: {step.title}", Role.STEP_TITLE, number)
            yield IndexText(step.text, Role.STEP_TEXT, number)

    def topic_names(self) -> Sequence[str]:
        return [self.title, *self.aliases]

    def caution_texts(self) -> Sequence[str]:
        return [step.caution for step in self.steps if step.caution]


class PlanItem(Model):
    """One thing to do in a daily plan: a routine, point or answer, how often and how long."""

    entry: Id
    when: Annotated[str, at_most(60)]  # "every morning", "every 30-60 minutes while sitting"
    minutes: Annotated[int, Field(ge=1, le=120)] | None = None
    note: Annotated[str, at_most(200)] | None = None


class Plan(Model):
    """A short daily plan for one kind of knee trouble ("what should I do every day for ...")."""

    id: Id
    title: Title
    # What the person's message names to get this plan: "stiff", "arthritis", "sitting all day".
    words: Annotated[list[Phrase], Field(min_length=1)]
    # Who and what it is for, in a few plain sentences ("sitting for hours at a desk or at the
    # wheel"): how close a message comes to these tells the plans apart, whatever words it uses.
    situations: list[Phrase] = []
    # Ways people ask for it, in their own words ("my knees seize up, what should I do each day").
    phrasings: list[Phrase] = []
    items: Annotated[list[PlanItem], Field(min_length=1, max_length=6)]
    advice: Annotated[str, at_most(300)]
    # How long it takes a day, in words, for "how long does that take?" after the plan.
    time: Annotated[str, at_most(200)] | None = None


class RoutinesFile(Model):
    step_kinds: list[StepKind] = []
    routines: list[Routine]
    plans: list[Plan] = []


# --- safety.yaml --------------------------------------------------------------------------------


# A name in a rule: a concept ("fever"), a sign at a site ("swollen@calf") or at any site
# ("deformed@*"), or either with "!" in front for something that must not be present.
CONDITION_PATTERN = r"^!?[a-z0-9][a-z0-9-]{0,39}(@([a-z0-9][a-z0-9-]{0,39}|\*))?$"
Condition = Annotated[str, StringConstraints(strip_whitespace=True, pattern=CONDITION_PATTERN)]
PhraseList = Annotated[list[Phrase], Field(min_length=1)]


class RedFlag(Model):
    id: Id
    title: Title
    severity: Severity
    # "crisis": thoughts of suicide or self-harm; the reply offers support and crisis lines
    # rather than medical triage, and what clears it is the person saying they are safe.
    style: Literal["medical", "crisis"] = "medical"
    # The learned net may give this rule only when one of these concepts is present (in the
    # message, the person's last few, or what they told about themselves): a rule that is about
    # pregnancy is not given for a headache alone.
    net_needs: list[Id] = []
    when: Annotated[list[Annotated[list[Condition], Field(min_length=1)]], Field(min_length=1)]
    unless: list[Id] = []
    message: Answer
    # What to do until a doctor has seen to it ("rest it, keep it raised, no heat"): asked for
    # in general words after the flag ("what can I do meanwhile?"), and with its reminder.
    meanwhile: Answer | None = None
    # A crisis: words in which the person says they are safe ("I'm safe", "I was only joking"),
    # which clear it as its "I'm safe right now" button does.
    cleared_by: list[Phrase] = []

    kind: ClassVar[str] = "safety"
    follow_ups: ClassVar[frozenset[Section]] = NO_SECTIONS
    related: ClassVar[Sequence[str]] = ()

    @property
    def label(self) -> str:
        return self.title[:32]

    def index_texts(self) -> Iterator[IndexText]:
        return iter(())  # found by triage (bot.safety), never by matching

    def topic_names(self) -> Sequence[str]:
        return ()

    def caution_texts(self) -> Sequence[str]:
        return ()


class Contraindication(QuestionAnswer):
    """When not to massage: answered as a safety topic."""

    # Words that name the condition in "can I massage with ...?" questions ("a temp", "the
    # cast"): such a question gets this answer, as with the conditions in profile.yaml.
    named_by: list[Phrase] = []
    sources: Annotated[list[Id], Field(max_length=6)] = []
    # A condition that counts only within a span of days ("a recent fracture"): told as surely
    # longer ago ("broke it 30 years ago, long healed"), ``long_ago`` is said instead, before the
    # routine the message asks about, if any.
    within_days: Annotated[int, Field(ge=1)] | None = None
    long_ago: Answer | None = None

    kind: ClassVar[str] = "safety"

    def topic_names(self) -> Sequence[str]:
        return ()  # "safe in pregnancy?" after a point is a follow-up about the point

    def caution_texts(self) -> Sequence[str]:
        return ()


class ScreeningQuestion(Model):
    id: Id
    question: Annotated[str, at_most(250)]
    # Asked instead when a helper massages someone: the question is about that person.
    for_partner: Annotated[str, at_most(250)] | None = None
    # One line of the one-screen safety check ("Before we start, do any of these apply?"),
    # written so it reads for the person or for someone they massage; and its short label on
    # the button that ticks it. Without them the question and its id stand in.
    item: Annotated[str, at_most(250)] | None = None
    label: Label | None = None
    # A "yes" about one leg leaves the other leg free (varicose veins, a rash on one leg).
    per_leg: bool = False
    on_yes: Literal["stop", "caution"]
    reason: Annotated[str, at_most(400)]
    instead: Annotated[str, at_most(400)]
    # Said instead to a helper about the person they massage ("They may bruise easily"), where
    # ``reason`` or ``instead`` speak to the person massaged ("your midwife").
    reason_for_partner: Annotated[str, at_most(400)] | None = None
    instead_for_partner: Annotated[str, at_most(400)] | None = None
    # Everyday words that name this line when the check is answered in a sentence ("veins on my
    # left leg", "had an op in May"); a word counts only when no other line of the check has it.
    words: list[Annotated[str, at_most(60)]] = []
    # The span of time the line asks about, in days ("an operation in the last 3 months": 90):
    # told with a time surely longer ago ("replaced about 9 years back", "in 2015"), the line is
    # answered "no" and the person told why; surely within it, "yes".
    within_days: Annotated[int, Field(ge=1, le=3650)] | None = None

    @property
    def line(self) -> str:
        return self.item or self.question

    @property
    def short(self) -> str:
        return self.label or self.id.replace("-", " ").capitalize()


class Scope(Model):
    """Words that set a mention aside: it is negated, history, a general question, or someone
    else's history (see the comments in safety.yaml)."""

    negation: PhraseList
    resolved: PhraseList
    past: PhraseList
    # How long something went on ("for years"): its own clause is history, not its sentence's others.
    lasted: PhraseList = []
    present: PhraseList
    hypothetical: PhraseList
    # Worries: general like ``hypothetical`` unless they name a part of someone's body.
    concern: PhraseList = []
    other_person: PhraseList
    history: PhraseList
    # "sorry, autocorrect, I meant sore": the message takes back what the previous ones said.
    correction: PhraseList
    # A lasting condition found in the past ("diagnosed with arthritis in 2019"): a condition now.
    diagnosed: PhraseList = []


class NowCard(Model):
    """What a message the bot does not understand gets when it describes trouble: "if this is
    happening now", for one kind of situation (an injury, trouble breathing, distress...)."""

    id: Id
    title: Title
    # Concepts (signs or contexts of safety.yaml) that show the situation in a message.
    concepts: Annotated[list[Id], Field(min_length=1)]
    # Red-flag rules the learned net may name for it.
    rules: list[Id] = []
    message: Answer


class WhileWaiting(Model):
    """After a red flag: what to do meanwhile about one thing ("can I put ice on it?"), within
    the flag's advice, instead of the warning again."""

    id: Id
    phrases: PhraseList  # words that ask about it: ice, a cold pack, frozen peas
    answer: Answer
    # Red flags for which the answer does not hold, and what to say for them instead.
    not_for: list[Id] = []
    instead: Answer | None = None
    # Asked only when nothing more particular is ("what should I do till then?"): the flag's own
    # ``meanwhile`` advice, else ``answer``.
    general: bool = False
    # Also said without a question ("the paramedics are here", "the GP said it was fine").
    told: bool = False
    # The person says they have been seen ("been to A&E", "the GP said..."): "still get it
    # checked" is not said again, nor the answers with ``until_seen``.
    seen: bool = False
    until_seen: bool = False
    # Also found by who tells and how, a word of ``told_by`` with one of ``telling`` a few words
    # after it ("the nurse reckons...", "my GP had a look"): news from the wait in any words.
    told_by: list[Phrase] = []
    telling: list[Phrase] = []


class SafetyFile(Model):
    disclaimer: Annotated[str, at_most(600)]
    emergency_numbers: Annotated[str, at_most(200)]
    default_site: Id
    lasting: list[Id] = []
    # Circumstances of one person's body ("pregnant", "on chemo"): said of someone else while the
    # signs are the writer's own ("my wife is pregnant and my knee is swollen"), they are not
    # read with those signs.
    personal: list[Id] = []
    harmless: list[Phrase] = []
    sites: dict[Id, PhraseList]
    signs: dict[Id, PhraseList]
    contexts: dict[Id, PhraseList]
    scope: Scope
    red_flags: list[RedFlag]
    contraindications: list[Contraindication]
    screening: list[ScreeningQuestion]
    if_happening_now: list[NowCard] = []
    while_waiting: list[WhileWaiting] = []


# --- smalltalk.yaml -----------------------------------------------------------------------------


SmalltalkCommand = Literal["mydata", "forget", "progress", "export", "diary", "reminders", "routines", "points"]


class Smalltalk(Model):
    id: Id
    phrasings: Annotated[list[Phrase], Field(min_length=1)]
    answer: Answer
    # A request in words for what a command does ("what do you know about me?" is /mydata): the
    # command is run, and ``answer`` is what a chat without it says.
    command: SmalltalkCommand | None = None
    # How close in meaning a short message must come to this item to be it, where that is less
    # than small talk's general bar: chosen above the closest labelled question that asks for
    # something else (scripts/smalltalk_bars.py prints it); None: the general bar.
    meaning_bar: Annotated[float, Field(ge=0.4, le=1.0)] | None = None

    kind: ClassVar[str] = "smalltalk"
    follow_ups: ClassVar[frozenset[Section]] = NO_SECTIONS
    related: ClassVar[Sequence[str]] = ()

    @property
    def title(self) -> str:
        return self.id.replace("-", " ").capitalize()

    @property
    def label(self) -> str:
        return self.title

    def index_texts(self) -> Iterator[IndexText]:
        return iter(())  # greetings and thanks are read before entries (bot.matching.matcher)

    def topic_names(self) -> Sequence[str]:
        return ()

    def caution_texts(self) -> Sequence[str]:
        return ()


class SmalltalkFile(Model):
    smalltalk: list[Smalltalk]


# --- offtopic.yaml ------------------------------------------------------------------------------


class Decoy(Model):
    """Everyday messages that borrow the knee's words but are about something else."""

    id: Id
    examples: Annotated[list[Phrase], Field(min_length=1)]


class BodyPart(Model):
    """A part of the body this bot does not cover, by the words people name it with: a message
    about it that names no knee or leg gets no knee content, unless what would answer it speaks
    of that part itself."""

    id: Id
    words: PhraseList
    # The hands and fingers do the massage: named, they are weighed by the decision, but a
    # message naming only them is not declined for it ("can I use my palm instead of my fingers").
    does_the_massage: bool = False


class AboutWords(Model):
    """How a question about words rather than knees is worded: what a saying, an idiom or a word
    means, where it comes from, how it is said in another language. A cue the decision weighs,
    never a verdict on its own ("what does referred pain mean" is a knee question)."""

    # Words that name a piece of language: "saying", "idiom", "expression", "word".
    language: list[Phrase] = []
    # Words that ask what one means or where it comes from: "mean", "origin", "translate".
    asking: list[Phrase] = []
    # Words that ask why people say something: "why do people say", "why do we call".
    saying: list[Phrase] = []
    # Other fields whose words the knowledge borrows: "in geography", "on a globe" ("what are
    # meridians in geography" asks about another field's word).
    fields: list[Phrase] = []


class OfftopicFile(Model):
    decoys: list[Decoy] = []
    body_parts: list[BodyPart] = []
    about_words: AboutWords = AboutWords()
    # How people say that what they ask is not for the knee ("nothing to do with my knees").
    not_the_knee: list[Phrase] = []


# --- profile.yaml -------------------------------------------------------------------------------


class ProfileFact(Model):
    """Something a person may tell us about themselves that changes what is safe for them."""

    id: Id
    says: Annotated[str, at_most(80)]  # "you're pregnant"; {side} is filled in with the side
    says_both: Annotated[str, at_most(80)] | None = None  # instead, when the side is both
    promise_both: Annotated[str, at_most(120)] | None = None  # the promise, when the side is both
    promise: Annotated[str, at_most(120)]
    detail: Literal["weeks", "side"] | None = None
    needs_detail: bool = False
    phrases: PhraseList
    triage: list[Id] = []  # red-flag concepts in safety.yaml
    screening: list[Id] = []  # screening questions this fact answers "yes"
    keywords: list[Annotated[str, at_most(40)]] = []
    caution: Caution | None = None
    entries: list[Id] = []
    every_point: bool = False
    # The safety answer (safety.yaml, contraindications) for "can I massage with this?"
    answer: Id | None = None
    # The daily plan (routines.yaml, plans) for someone with this fact who asks for a daily plan
    # without saying what for ("which daily plan suits me?").
    plan: Id | None = None
    # A condition that lasts once found: told as diagnosed in the past ("osteoarthritis confirmed
    # last year"), it is the person's now (a past episode, "sprained it years ago", is not).
    lasting: bool = False


class ProfileFile(Model):
    facts: list[ProfileFact] = []


# --- replies.yaml -------------------------------------------------------------------------------

ReplyWord = Literal["yes", "no", "next", "back", "stop", "skip", "timer", "start", "resume", "change", "more", "later"]
ReplySide = Literal["left", "right", "both", "other"]
Cue = Annotated[str, at_most(60)]


class RepliesFile(Model):
    """Typed replies: what a whole message may say instead of pressing a button on the screen on
    show (see the comments in replies.yaml)."""

    words: dict[ReplyWord, list[Cue]] = {}
    polite_before: list[Cue] = []
    polite_after: list[Cue] = []
    # Words that thank ("cheers", "nice one"): a short message of them is thanks, even with one
    # word of its own ("cheers legend", "thanks for that").
    thanks: list[Cue] = []
    numbers: dict[Cue, Annotated[int, Field(ge=0, le=10)]] = {}
    rating_before: list[Cue] = []
    rating_out_of: list[Cue] = []
    rating_after: list[Cue] = []
    # Words around a rating a carer passes on from the person they massage ("she says about a 6",
    # "he's at a 5 now he reckons"), read only at a partner routine's rating.
    their_rating: list[Cue] = []
    # At a pain rating, a number said in passing among other words ("she pulled a face, then said
    # 7") is the rating, unless one of these comes right after it ("5 minutes", "3 times") or
    # right before it ("step 2"): then it counts something else.
    # On a routine's step, a short message with one of these that asks no what/how/where
    # question and gives no number ("ouch, too sore for that one", "it hurts when I press
    # there") says the step hurts: go lighter or leave it out.
    hurts: list[Cue] = []
    # Asking for a routine again: with a "start", the routine done last starts again.
    again: list[Cue] = []
    # Saying one is back after a pause ("sorry about that, I'm back"): with "carry on" on a step,
    # the step is shown again rather than the next one.
    returning: list[Cue] = []
    # On a step that puts heat on the leg, one of these said of it ("the towel's too hot on my
    # wrist", "ow that nearly scalded me"), nothing denied before it: let it cool, test it again.
    too_hot: list[Cue] = []
    # On a step with heat (or the one after it), warmth said of it with none of ``warm_warning``
    # ("it feels warm there, is that normal?"): the step's own doing.
    warm: list[Cue] = []
    warm_warning: list[Cue] = []
    not_rating_after: list[Cue] = []
    not_rating_before: list[Cue] = []
    ordinals: dict[Cue, Annotated[int, Field(ge=-1, le=9)]] = {}
    pick_before: list[Cue] = []
    pick_after: list[Cue] = []
    # A reply may say more than its word ("yep I do", "skip this one", "a few small ones on my
    # left leg"): words that add nothing, words that say "yes, a little", and which leg.
    filler: list[Cue] = []
    some: list[Cue] = []
    sides: dict[Cue, ReplySide] = {}
    legs: list[Cue] = []
    # At "Which leg is it on?", a side said after one of these is the leg to massage ("ok do the
    # right"), the condition being on the other leg.
    leg_to_do: list[Cue] = []
    # What a reply may mean in other words, and messages at a screen that are no reply: examples
    # compared in meaning with a message none of the words above reads.
    meanings: dict[ReplyWord, list[Annotated[str, at_most(120)]]] = {}
    not_replies: list[Annotated[str, at_most(120)]] = []
    # Not knowing what to answer ("no idea", "I couldn't tell you"): no reply, but the screen says
    # what to do when unsure instead of "didn't catch that".
    unsure: list[Annotated[str, at_most(120)]] = []
    denials: list[Cue] = []  # a word that denies: a reply with one is never a "yes" in other words
    # Words that say someone is well ("she's fine otherwise"): at a safety check, a "none" in
    # other words needs one of these or a denial among its words.
    well: list[Cue] = []
    # Words that make a line of the safety check named after them the only one that applies
    # ("just the pregnancy", "only the blood thinners").
    only: list[Cue] = []


# --- sources.yaml -------------------------------------------------------------------------------

# article: one of the articles the bot is written from (its author's views are attributed);
# guideline: a national clinical guideline; health-page: a public health body's page or leaflet;
# reference: reference works such as point location guides.
SourceKind = Literal["article", "guideline", "health-page", "reference"]
PUBLIC_KINDS = frozenset({"guideline", "health-page"})


class Reference(Model):
    """A page or article answers are based on, named so a person knows what it is."""

    id: Id
    title: Annotated[str, at_most(90)]  # shown in the "Source:" line under an answer
    kind: SourceKind
    publisher: Title | None = None
    edition: Annotated[str, at_most(40)] | None = None
    says: Annotated[str, at_most(600)] | None = None  # for curators: what it says that answers rely on


class SourcesFile(Model):
    sources: list[Reference] = []


FILE_MODELS: dict[str, type[Model]] = {
    "points.yaml": PointsFile,
    "faq.yaml": FaqFile,
    "routines.yaml": RoutinesFile,
    "safety.yaml": SafetyFile,
    "smalltalk.yaml": SmalltalkFile,
    "offtopic.yaml": OfftopicFile,
    "profile.yaml": ProfileFile,
    "replies.yaml": RepliesFile,
    "sources.yaml": SourcesFile,
}
# Files a knowledge directory may leave out (an older one has no profile facts, typed replies or
# sources).
OPTIONAL_FILES = frozenset({"profile.yaml", "replies.yaml", "sources.yaml"})
