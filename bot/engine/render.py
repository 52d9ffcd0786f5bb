"""Knowledge entries and menus as messages with buttons.

Everything here is presentation: which text, in which order, with which buttons. All knowledge
text passes through :func:`esc`; what each button does is an action from :mod:`bot.engine.actions`.
"""

from __future__ import annotations

import re
from functools import cache

from bot.engine.actions import (
    DoctorChecked,
    MenuName,
    NoneOfThese,
    OpenEntry,
    OpenMenu,
    OpenPlan,
    OpenRoutine,
    OpenTopic,
    ShowMore,
)
from bot.engine.messages import MESSAGES
from bot.engine.replies import Button, Keyboard, Reply, Suggestion, bold, esc, fit, formatted, italic, rows
from bot.knowledge import Entry, Knowledge
from bot.knowledge.models import (
    Contraindication,
    Faq,
    Point,
    PointBase,
    RedFlag,
    Routine,
    ScreeningQuestion,
    Smalltalk,
    TriggerPoint,
)
from bot.knowledge.sections import Section
from bot.safety.triage import RedFlagHit

MAX_RELATED = 6
SECTION_LABELS = {
    Section.LOCATION: "📍 Location",
    Section.TECHNIQUE: "👆 How to press",
    Section.USES: "💡 Uses",
    Section.CAUTIONS: "⚠️ Cautions",
}


# --- the person's own cautions ---------------------------------------------------------------


def for_you(lines: list[str]) -> str:
    """The cautions that apply to this person, as the first lines of an answer ("" if none)."""
    return "".join(f"⚠️ {bold('For you:')} {esc(' '.join(line.split()))}\n" for line in lines) + ("\n" if lines else "")


def without(text: str, sentences: list[str]) -> str:
    """``text`` with ``sentences`` taken out, so a caution already shown "For you" above the
    answer is not said a second time below it (line breaks and spacing may differ)."""
    for sentence in sentences:
        words = sentence.split()
        if words:
            text = re.sub(r"\s*".join(map(re.escape, words)) + r"[ \t]*", "", text)
    return "\n".join(line for line in text.split("\n") if line.strip() != "-")


def source_line(knowledge: Knowledge, source_ids: list[str]) -> str:
    """One line naming where the answer comes from ("" when it names nothing)."""
    titles = knowledge.titles_of(source_ids)
    if not titles:
        return ""
    return "\n\n" + italic(f"Source{'s' if len(titles) > 1 else ''}: " + "; ".join(titles))


# --- buttons ------------------------------------------------------------------------------------


def label_of(entry: Entry) -> str:
    if isinstance(entry, Point | TriggerPoint | Faq | Routine | Contraindication):
        return entry.label
    if isinstance(entry, Smalltalk):
        return entry.title
    return entry.title[:32]


def open_button(entry: Entry) -> Button:
    if isinstance(entry, Routine):
        return Button(f"▶ {entry.label}", OpenRoutine(entry.id))
    return Button(label_of(entry), OpenEntry(entry.id))


def related_buttons(knowledge: Knowledge, ids: list[str]) -> list[Button]:
    buttons = []
    for entry_id in ids[:MAX_RELATED]:
        entry = knowledge.get(entry_id)
        if entry is not None:
            buttons.append(open_button(entry))
    return buttons


@cache  # the same buttons every time
def main_menu() -> Keyboard:
    return (
        (Button("📍 Points", OpenMenu(MenuName.POINTS)), Button("🧘 Routines", OpenMenu(MenuName.ROUTINES))),
        (Button("❓ Questions", OpenMenu(MenuName.FAQ)), Button("⚠️ Safety", OpenMenu(MenuName.SAFETY))),
    )


@cache
def menu_row() -> tuple[Button, ...]:
    return (Button("☰ Menu", OpenMenu(MenuName.MAIN)),)


# --- notices ------------------------------------------------------------------------------------


def disclaimer(knowledge: Knowledge) -> Reply:
    return Reply(f"ℹ️ {italic(knowledge.safety.disclaimer)}", notice=True)


def greeting(knowledge: Knowledge) -> list[Reply]:
    text = (
        f"👋 {bold('Hi, I am Kneebot.')}\n"
        "I help with everyday knee pain and stiffness: where the acupressure points are, how to "
        "press them, why knees hurt, and guided routines you can follow step by step.\n\n"
        'Ask me anything in your own words, for example "where is SP10?" or "start the calf massage".'
    )
    return [Reply(text, main_menu())]


SOURCE_HEADINGS = {
    "article": "The articles I am written from",
    "guideline": "Guidelines",
    "health-page": "Public health pages",
    "reference": "Reference works",
}


def about(knowledge: Knowledge) -> list[Reply]:
    text = f"{bold('About Kneebot')}\n{esc(knowledge.safety.disclaimer)}"
    for kind, heading in SOURCE_HEADINGS.items():
        titles = [source.title for source in knowledge.sources if source.kind == kind]
        if titles:
            text += f"\n\n{bold(heading)}\n" + "\n".join(f"• {esc(title)}" for title in titles)
    return fit(text, main_menu())


def state_reset_note() -> Reply:
    return Reply(
        "ℹ️ I had to start our conversation afresh (my memory of it could not be read). Nothing else is lost.",
        notice=True,
    )


# --- entries ------------------------------------------------------------------------------------


def point_answer(
    knowledge: Knowledge, point: PointBase, section: Section, extra: Keyboard = (), lead: list[str] | None = None
) -> list[Reply]:
    """A point's card at ``section``; ``lead`` are the person's own cautions, shown first."""
    if isinstance(point, Point):
        header = f"📍 {bold(f'{point.id} · {point.names.pinyin}')} ({esc(point.names.translation)})\n"
        header += italic(f"{point.names.english} · {point.region}")
        parts = "".join(f"\n• {bold(f'{part.name} ({part.code})')}: {esc(part.side)}" for part in point.parts)
    else:
        assert isinstance(point, TriggerPoint)
        header = f"🎯 {bold(point.title)}\n{italic(f'Trigger point · {point.muscle}')}"
        parts = ""

    technique = point.technique
    shown_first = lead or []
    cautions = [caution for caution in point.cautions if caution not in shown_first]
    cautions += [general for general in knowledge.every_point_cautions if general not in cautions]
    cautions = [text for text in (without(caution, shown_first) for caution in cautions) if text.strip()]
    blocks = {
        Section.LOCATION: f"{bold('Location')}\n{esc(point.location)}{parts}\n\n{bold('How to find it')}\n"
        f"{esc(point.how_to_find)}",
        Section.TECHNIQUE: f"{bold('How to press')}\n• With: {esc(technique.tool)}\n• Pressure: "
        f"{esc(technique.pressure)}\n• How long: {esc(technique.duration)}\n{esc(technique.how)}",
        Section.USES: f"{bold('Uses')}\n{esc(point.uses)}",
        Section.CAUTIONS: f"{bold('⚠️ Cautions')}\n"
        + ("\n".join(f"• {esc(' '.join(c.split()))}" for c in cautions) or "• See the cautions above."),
    }
    shown: list[Section]
    if section is Section.OVERVIEW:
        shown = [Section.LOCATION, Section.TECHNIQUE, Section.CAUTIONS]
    else:
        shown = [section] if section is Section.CAUTIONS else [section, Section.CAUTIONS]
    first = [header + ("\n\n" + for_you(lead).rstrip("\n") if lead else "")]
    # The uses are where the articles' and tradition's claims are, so that view names its sources
    # (the other views stay within a photo caption, so the card and its buttons are one message).
    sources = source_line(knowledge, point.sources) if Section.USES in shown else ""
    text = "\n\n".join([*first, *(blocks[s] for s in shown)]) + sources

    others = [
        Button(SECTION_LABELS[s], OpenEntry(point.id, s))
        for s in (Section.LOCATION, Section.TECHNIQUE, Section.USES, Section.CAUTIONS)
        if s not in shown
    ]
    keyboard = (*rows(others, 3), *rows(related_buttons(knowledge, point.related), 2), *extra)
    return fit(text, keyboard, picture=point.id)


def faq_answer(
    knowledge: Knowledge,
    faq: Faq | Contraindication,
    extra: Keyboard = (),
    lead: list[str] | None = None,
    full: bool = False,
) -> list[Reply]:
    """An answer: its lead, with a "More" button when there is more to it, or (``full``) all of
    it. ``lead`` are the person's own cautions, shown first and not again below."""
    icon = "⚠️" if isinstance(faq, Contraindication) else "💬"
    shown = faq.full_answer if full else faq.answer
    text = f"{icon} {bold(faq.question)}\n{for_you(lead or [])}{formatted(without(shown, lead or []))}"
    text += source_line(knowledge, faq.sources)
    more: Keyboard = ((Button("➕ More", ShowMore(faq.id)),),) if faq.more and not full else ()
    return fit(text, (*more, *rows(related_buttons(knowledge, faq.related), 2), *extra))


# A time, a count or how often: "15 to 20 minutes", "every 2 to 3 hours", "9 pats", "twice a day".
_AMOUNT = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|once|twice)\b"
    r"(?:\s*(?:to|or|-)\s*\d+)?\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|rounds?|"
    r"breaths?|repetitions?|reps?|pats?|strokes?)\b|\bevery\b|\b(?:daily|a day|a week|per day|per week)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# How often, as an answer says it ("every 2 to 3 hours", "twice a day", "3 times a week").
_FREQUENCY = re.compile(
    r"\bevery\b|\b(?:daily|a day|a week|per day|per week|once|twice|times)\b|\b\d+\s*(?:or\s*\d+\s*)?x\b",
    re.IGNORECASE,
)


def says_how_often(faq: Faq) -> bool:
    """Whether an answer says how often ("how often?" after it can be answered from it)."""
    return bool(_FREQUENCY.search(faq.full_answer))


def faq_amounts(knowledge: Knowledge, faq: Faq, extra: Keyboard = ()) -> list[Reply]:
    """The parts of an answer that say how long, how often or how much ("how long for?" after
    it), each as a bullet; [] when it says none of that."""
    passages: list[str] = []
    for block in faq.full_answer.split("\n- "):
        block = " ".join(block.removeprefix("- ").split())
        passages.extend(part for part in _SENTENCE_END.split(block) if part)
    found = [passage for passage in passages if _AMOUNT.search(passage)]
    if not found:
        return []
    text = f"💬 {bold(faq.question)}\n" + "\n".join(f"• {esc(passage)}" for passage in found)
    text += source_line(knowledge, faq.sources)
    more: Keyboard = ((Button("➕ More", ShowMore(faq.id)),),)
    return fit(text, (*more, *rows(related_buttons(knowledge, faq.related), 2), *extra))


def asked_of(routine: Routine, question: ScreeningQuestion) -> str:
    """A safety question as put to this routine's user (partner routines ask about the person
    massaged)."""
    return question.for_partner if routine.mode == "partner" and question.for_partner else question.question


def routine_safety(knowledge: Knowledge, routine: Routine, lead: list[str], extra: Keyboard = ()) -> list[Reply]:
    """ "Is it safe?" about a routine: what it checks first and the cautions of its steps."""
    questions = [knowledge.screening_question(question_id) for question_id in routine.screening]
    checks = "".join(f"\n• {esc(asked_of(routine, question))}" for question in questions if question is not None)
    steps = "".join(
        f"\n• Step {number}, {esc(step.title)}: {esc(step.caution)}"
        for number, step in enumerate(routine.steps, start=1)
        if step.caution
    )
    text = f"🛡 {bold(f'Safety: {routine.title}')}\n{for_you(lead)}"
    if checks:
        text += f"{bold('Before the first step I ask:')}{checks}"
    if steps:
        text += f"\n\n{bold('Cautions on the way:')}{steps}"
    return fit(text, ((open_button(routine),), *extra, menu_row()))


def smalltalk_answer(item: Smalltalk) -> list[Reply]:
    return [Reply(formatted(item.answer), main_menu())]


CLARIFY_LEAD = "🤔 Did you mean…"


def clarify(knowledge: Knowledge, suggestions: tuple[Suggestion, ...], extra: Keyboard = ()) -> list[Reply]:
    labels: list[str] = []
    buttons: list[Button] = []
    for suggestion in suggestions:
        entry, plan = knowledge.get(suggestion.id), knowledge.plan(suggestion.id)
        if entry is not None:
            labels.append(label_of(entry))
            buttons.append(open_button(entry))
        elif plan is not None:
            labels.append(plan.title)
            buttons.append(Button(f"📅 {plan.title}", OpenPlan(plan.id)))
    lines = "\n".join(f"• {esc(label)}" for label in labels)
    keyboard = (*rows(buttons, 1), (Button("None of these", NoneOfThese()),), *extra)
    return [Reply(f"{CLARIFY_LEAD}\n{lines}", keyboard)]


def fallback(
    knowledge: Knowledge, reason: str, unknown_codes: tuple[str, ...] = (), extra: Keyboard = ()
) -> list[Reply]:
    if reason == "unknown-code":
        codes = ", ".join(unknown_codes)
        covered = ", ".join(point.id for point in knowledge.points)
        text = (
            f"I don't have notes on {esc(codes)}. I cover these points around the knee: {esc(covered)}.\n"
            "Tap one to see where it is and how to press it."
        )
        buttons = [open_button(point) for point in knowledge.points]
        return [Reply(text, (*rows(buttons, 3), *extra))]
    if reason == "other-body-part":
        text = (
            "I can only help with knees, I'm afraid. I know the acupressure points around the knee, "
            "why knees hurt, massage and self-care for the knee, and guided routines."
        )
    elif reason == "animal":
        text = (
            "I can only help with people's knees, I'm afraid: for a pet's joints, a vet is the one to ask. "
            "For your own knees, I know the acupressure points, massage, self-care and guided routines."
        )
    elif reason == "attachment":
        text = "I can only read text messages. Type your question about your knee, or pick a topic below."
    elif reason == "empty":
        text = "I didn't catch a question there. Ask me about your knee, or pick a topic below."
    else:
        text = (
            "Sorry, I don't know that one. I can help with acupressure points around the knee, why "
            "knees hurt, massage and self-care, and guided routines. Try different words, or pick a topic:"
        )
    return [Reply(text, (*main_menu(), *extra))]


def red_flag(knowledge: Knowledge, hit: RedFlagHit, extra: Keyboard = ()) -> list[Reply]:
    if hit.rule.style == "crisis":
        return crisis(hit, extra)
    urgency = {
        "emergency": "🚨 This needs urgent medical help.",
        "same_day": "⚠️ Please get this checked today.",
        "see_doctor": "⚠️ Please see a doctor about this.",
    }[hit.rule.severity]
    text = (
        f"{bold(urgency)}\n{bold(hit.rule.title)}\n{esc(hit.message)}\n\n"
        f"{italic('I am not able to diagnose; this is general safety information.')}"
    )
    buttons = related_buttons(knowledge, ["when-to-see-doctor"])
    return [Reply(text, (*rows(buttons, 1), *extra, menu_row()))]


def now_card(knowledge: Knowledge, title: str, message: str) -> list[Reply]:
    """For a message not understood that describes trouble: what to do if it is happening now."""
    text = f"{esc(MESSAGES.not_sure_but)}\n{bold(title)}\n{esc(message)}"
    buttons = related_buttons(knowledge, ["when-to-see-doctor"])
    return [Reply(text, (*rows(buttons, 1), menu_row()))]


def crisis(hit: RedFlagHit, extra: Keyboard = ()) -> list[Reply]:
    """Support, not triage: kind words and where to talk to someone now; never a routine."""
    text = f"💬 {bold(hit.rule.title)}\n{esc(hit.message)}"
    return [Reply(text, (*extra, menu_row()))]


def crisis_reminder(rule: RedFlag, message: str) -> list[Reply]:
    """Before anything else after a crisis message: are you safe, and where help is."""
    text = f"💬 {esc(MESSAGES.crisis_check_in)}\n{esc(message)}"
    return [Reply(text, ((Button(MESSAGES.safe_now, DoctorChecked(rule.id)),), menu_row()))]


def red_flag_reminder(
    knowledge: Knowledge,
    rule_title: str,
    rule_id: str,
    severity: str | None = None,
    extra: Keyboard = (),
    *,
    meanwhile: str = "",
) -> list[Reply]:
    """The flag raised earlier, with what it still calls for (an emergency stays one) and what
    to do until then."""
    urgent = (
        esc(MESSAGES.meanwhile["emergency"].format(title=rule_title, emergency=knowledge.safety.emergency_numbers))
        + "\n"
        if severity == "emergency"
        else ""
    )
    until = f"{esc(meanwhile)}\n" if meanwhile else ""
    text = (
        f"⚠️ Earlier you mentioned: {bold(rule_title)}.\n{urgent}{until}"
        "Please have that checked by a doctor before any massage or acupressure. If a doctor has "
        "already checked it and said self-care is fine, tap the button below."
    )
    keyboard = (
        (Button(MESSAGES.doctor_has_checked, DoctorChecked(rule_id)),),
        *extra,
        menu_row(),
    )
    return [Reply(text, keyboard)]


# --- menus --------------------------------------------------------------------------------------


def points_menu(knowledge: Knowledge) -> list[Reply]:
    text = f"📍 {bold('Acupressure points around the knee')}\nTap a point to see where it is and how to press it."
    buttons = [open_button(point) for point in knowledge.points]
    tps = [open_button(tp) for tp in knowledge.trigger_points]
    return fit(text, (*rows(buttons, 2), *rows(tps, 1), menu_row()))


def routines_menu(knowledge: Knowledge) -> list[Reply]:
    lines = "\n".join(
        f"• {bold(r.title)}: {r.duration_minutes} min, {'on your own' if r.mode == 'self' else 'with a helper'}"
        for r in knowledge.routines
    )
    text = f"🧘 {bold('Guided routines')}\n{lines}\n\nTap one to see what it involves."
    buttons = [open_button(routine) for routine in knowledge.routines]
    return fit(text, (*rows(buttons, 2), menu_row()))


def faq_menu(knowledge: Knowledge) -> list[Reply]:
    text = f"❓ {bold('Questions by topic')}\nPick a topic, or just type your question."
    buttons = [Button(topic.title, OpenTopic(topic.id)) for topic in knowledge.topics]
    return fit(text, (*rows(buttons, 2), menu_row()))


def topic_menu(knowledge: Knowledge, topic_id: str) -> list[Reply] | None:
    topic = next((t for t in knowledge.topics if t.id == topic_id), None)
    if topic is None:
        return None
    buttons = [open_button(faq) for faq in knowledge.faqs_in(topic_id)]
    text = f"❓ {bold(topic.title)}"
    return fit(text, (*rows(buttons, 2), (Button("◀ Topics", OpenMenu(MenuName.FAQ)), *menu_row())))


def safety_menu(knowledge: Knowledge) -> list[Reply]:
    text = (
        f"⚠️ {bold('Safety first')}\n{esc(knowledge.safety.disclaimer)}\n\n"
        "Get medical help instead of self-care for a hot, swollen knee with fever, a swollen or "
        "painful calf, a knee that gives way or locks, or if you cannot put weight on the leg "
        "after an injury. Tap a topic for when not to massage:"
    )
    buttons = [open_button(item) for item in knowledge.safety.contraindications]
    return fit(text, (*rows(buttons, 2), menu_row()))
