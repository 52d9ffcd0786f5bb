"""Checks that span entries and files: unique ids, unique aliases, references that resolve, and
texts that a single field's type cannot judge (sources a topic requires, lists written so that
YAML folded them into one line)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.knowledge.models import (
    PUBLIC_KINDS,
    FaqFile,
    Model,
    PointsFile,
    ProfileFile,
    Routine,
    RoutinesFile,
    SafetyFile,
    SourcesFile,
)
from bot.knowledge.problems import Problem
from bot.knowledge.views import inside_outline
from bot.knowledge.yamlsource import Path_, YamlDocument
from bot.text.normalise import compact

ParsedFiles = dict[str, tuple[Model, YamlDocument]]
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KNOWN_PLACEHOLDERS = {"emergency"}


@dataclass(frozen=True)
class Site:
    """Where something was written: file, path inside it, and the entry it belongs to."""

    doc: YamlDocument
    path: Path_
    entry: str

    def problem(self, message: str, field: str | None = None) -> Problem:
        return Problem(self.doc.file, self.doc.line_of(self.path), message, entry=self.entry, field=field)

    def at(self) -> str:
        return f"{self.doc.file}:{self.doc.line_of(self.path)}"


def cross_file_problems(parsed: ParsedFiles, check_references: bool) -> list[Problem]:
    """Duplicate ids, alias clashes, missing sources and folded lists in ``parsed``; dangling
    references if asked."""
    problems = list(_duplicate_ids(parsed))
    problems += _alias_clashes(parsed)
    problems += _missing_sources(parsed)
    problems += _unnamed_articles(parsed)
    problems += _folded_lists(parsed)
    if check_references:
        problems += _dangling_references(parsed)
    return problems


# --- ids ----------------------------------------------------------------------------------------

# Every list of entries: (file, section, what one is called, fields that name it, lists of phrasings).
# Points are named by more (names, parts) and are walked separately in _names.
_SECTIONS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("points.yaml", "points", "point", (), ("phrasings",)),
    ("points.yaml", "trigger_points", "trigger point", ("title",), ("aliases", "phrasings")),
    ("faq.yaml", "faqs", "FAQ", ("question", "label"), ("phrasings",)),
    ("routines.yaml", "routines", "routine", ("title", "label"), ("aliases", "phrasings")),
    ("safety.yaml", "contraindications", "safety answer", ("question", "label"), ("phrasings",)),
    ("safety.yaml", "red_flags", "red-flag rule", (), ()),
    ("smalltalk.yaml", "smalltalk", "smalltalk reply", (), ("phrasings",)),
    ("routines.yaml", "plans", "daily plan", ("title",), ("phrasings",)),
)


def _sections(
    parsed: ParsedFiles,
) -> Iterator[tuple[YamlDocument, str, str, tuple[str, ...], tuple[str, ...], list[Any]]]:
    for name, section, kind, name_fields, phrasings in _SECTIONS:
        if name in parsed:
            model, doc = parsed[name]
            yield doc, section, kind, name_fields, phrasings, getattr(model, section)


def _entry_ids(parsed: ParsedFiles) -> Iterator[tuple[str, str, Site]]:
    """(id, kind, site) for every id that names an entry, point-part codes included."""
    for doc, section, kind, _, _, items in _sections(parsed):
        for i, item in enumerate(items):
            yield item.id, kind, Site(doc, (section, i, "id"), item.id)
            for j, part in enumerate(getattr(item, "parts", ())):
                yield part.code, "point part", Site(doc, (section, i, "parts", j, "code"), item.id)


def _duplicate_ids(parsed: ParsedFiles) -> Iterator[Problem]:
    seen: dict[str, tuple[str, Site]] = {}
    for entry_id, kind, site in _entry_ids(parsed):
        key = entry_id.upper()
        if key in seen:
            first_kind, first = seen[key]
            yield site.problem(f"duplicate id '{entry_id}': already used by a {first_kind} at {first.at()}", "id")
        else:
            seen[key] = (kind, site)
    for name, section in (("faq.yaml", "topics"), ("safety.yaml", "screening")):
        if name not in parsed:
            continue
        model, doc = parsed[name]
        first_line: dict[str, int] = {}
        for i, item in enumerate(getattr(model, section)):
            site = Site(doc, (section, i, "id"), item.id)
            if item.id in first_line:
                yield site.problem(
                    f"duplicate id '{item.id}' in {section}: first used on line {first_line[item.id]}", "id"
                )
            else:
                first_line[item.id] = doc.line_of(site.path)


# --- aliases ------------------------------------------------------------------------------------


def _names(parsed: ParsedFiles) -> Iterator[tuple[str, Site, str]]:
    """(text, site, field) for every name, alias or phrasing that leads a user to an entry."""
    if "points.yaml" in parsed:
        points, doc = parsed["points.yaml"]
        assert isinstance(points, PointsFile)
        for i, point in enumerate(points.points):
            base = ("points", i)
            yield point.id, Site(doc, (*base, "id"), point.id), "id"
            for key in ("english", "pinyin", "translation"):
                yield getattr(point.names, key), Site(doc, (*base, "names", key), point.id), f"names.{key}"
            yield from _listed(point.aliases, doc, (*base, "aliases"), point.id, "aliases")
            for j, part in enumerate(point.parts):
                part_path, field = (*base, "parts", j), f"parts[{j + 1}]"
                for key in ("code", "name", "translation"):
                    yield getattr(part, key), Site(doc, (*part_path, key), point.id), f"{field}.{key}"
                yield from _listed(part.aliases, doc, (*part_path, "aliases"), point.id, f"{field}.aliases")
    for doc, section, _, name_fields, phrasings, items in _sections(parsed):
        for i, item in enumerate(items):
            base = (section, i)
            for key in name_fields:
                yield getattr(item, key), Site(doc, (*base, key), item.id), key
            for field in phrasings:
                yield from _listed(getattr(item, field), doc, (*base, field), item.id, field)


def _listed(
    values: Iterable[str], doc: YamlDocument, path: Path_, entry: str, field: str
) -> Iterator[tuple[str, Site, str]]:
    for j, value in enumerate(values):
        yield value, Site(doc, (*path, j), entry), f"{field}[{j + 1}]"


def _alias_clashes(parsed: ParsedFiles) -> Iterator[Problem]:
    owner: dict[str, Site] = {}
    for text, site, field in _names(parsed):
        key = compact(text)
        if not key:
            yield site.problem(f"'{text}' has no letters or digits, so nobody could type it", field)
            continue
        first = owner.setdefault(key, site)
        if first.entry.upper() != site.entry.upper():
            yield site.problem(
                f"'{text}' is also used by entry '{first.entry}' ({first.at()}); "
                "a name, alias or phrasing may lead to one entry only",
                field,
            )


# --- texts --------------------------------------------------------------------------------------


def _missing_sources(parsed: ParsedFiles) -> Iterator[Problem]:
    """Entries in a topic marked `needs_sources` cite a guideline or a public health page."""
    if "faq.yaml" not in parsed or "sources.yaml" not in parsed:
        return
    faq, doc = parsed["faq.yaml"]
    registry = parsed["sources.yaml"][0]
    assert isinstance(faq, FaqFile) and isinstance(registry, SourcesFile)
    public = {source.id for source in registry.sources if source.kind in PUBLIC_KINDS}
    strict = {topic.id for topic in faq.topics if topic.needs_sources}
    for i, entry in enumerate(faq.faqs):
        if entry.topic in strict and not public.intersection(entry.sources):
            yield Site(doc, ("faqs", i, "sources"), entry.id).problem(
                f"entries in the topic '{entry.topic}' go beyond the articles, so each must list its "
                "sources: at least one guideline or public health page (kind 'guideline' or "
                "'health-page' in sources.yaml) that says what the answer says",
                "sources",
            )


# An answer that reports what "the article" or "its author" says must name that article.
NAMES_AN_ARTICLE = re.compile(r"\b(article|author)s?\b", re.IGNORECASE)


def _unnamed_articles(parsed: ParsedFiles) -> Iterator[Problem]:
    """Texts that speak of an article while the entry cites none: the person could not tell
    which article it is (the "Source:" line under the answer names the ones cited)."""
    if "sources.yaml" not in parsed:
        return
    registry = parsed["sources.yaml"][0]
    assert isinstance(registry, SourcesFile)
    articles = {source.id for source in registry.sources if source.kind == "article"}
    for doc, section, _, _, _, items in _sections(parsed):
        for i, item in enumerate(items):
            if "sources" not in type(item).model_fields or articles.intersection(item.sources):
                continue
            for field, text in _shown_texts(item):
                if NAMES_AN_ARTICLE.search(text):
                    yield Site(doc, (section, i, "sources"), item.id).problem(
                        f"the {field} speaks of an article or its author, so the entry must cite that "
                        'article under `sources` (its title is shown in the "Source:" line)',
                        "sources",
                    )
                    break


def _shown_texts(item: Any) -> Iterator[tuple[str, str]]:
    """(field, text) for the texts of an entry that people read."""
    for field in ("answer", "more", "summary", "location", "how_to_find", "uses"):
        text = getattr(item, field, None)
        if isinstance(text, str):
            yield field, text
    technique = getattr(item, "technique", None)
    if technique is not None:
        yield "technique", technique.how
    for caution in getattr(item, "cautions", ()):
        yield "cautions", caution
    if isinstance(item, Routine):
        for number, step in enumerate(item.steps, start=1):
            yield f"steps[{number}].text", step.text + " " + (step.caution or "")


# A list item folded into the line before it: "... if: - a knee that ... - a calf ...".
_FOLDED_ITEM = re.compile(r"\S\s-\s\S")


def _folded_lists(parsed: ParsedFiles) -> Iterator[Problem]:
    """Answers whose "- " list lines YAML joined into one line (written with >- instead of |-)."""
    for doc, section, _, _, _, items in _sections(parsed):
        for i, item in enumerate(items):
            answer = getattr(item, "answer", None)
            if isinstance(answer, str) and "\n" not in answer and len(_FOLDED_ITEM.findall(answer)) >= 2:
                yield Site(doc, (section, i, "answer"), item.id).problem(
                    "looks like a list run together on one line; start the answer with '|-' instead "
                    "of '>-' so each line starting with '- ' stays a line of its own",
                    "answer",
                )


# --- references ---------------------------------------------------------------------------------


def _dangling_references(parsed: ParsedFiles) -> Iterator[Problem]:
    entry_ids = {entry_id.upper() for entry_id, _, _ in _entry_ids(parsed)}
    points, points_doc = parsed["points.yaml"]
    faq, faq_doc = parsed["faq.yaml"]
    routines, routines_doc = parsed["routines.yaml"]
    safety, safety_doc = parsed["safety.yaml"]
    assert isinstance(points, PointsFile) and isinstance(faq, FaqFile)
    assert isinstance(routines, RoutinesFile) and isinstance(safety, SafetyFile)
    point_ids = {p.id.upper() for p in points.points} | {part.code.upper() for p in points.points for part in p.parts}
    point_ids |= {tp.id.upper() for tp in points.trigger_points}
    topic_ids = {t.id for t in faq.topics}
    screening_ids = {q.id for q in safety.screening}

    def related(items: Iterable[Any], doc: YamlDocument, section: str) -> Iterator[Problem]:
        for i, item in enumerate(items):
            for j, ref in enumerate(item.related):
                site = Site(doc, (section, i, "related", j), item.id)
                if ref.upper() == item.id.upper():
                    yield site.problem("an entry cannot be related to itself", f"related[{j + 1}]")
                elif ref.upper() not in entry_ids:
                    yield site.problem(f"'{ref}' is not the id of any entry", f"related[{j + 1}]")

    if "sources.yaml" in parsed:
        registry = parsed["sources.yaml"][0]
        assert isinstance(registry, SourcesFile)
        source_ids = {source.id for source in registry.sources}
        cited: tuple[tuple[str, Sequence[Any], YamlDocument], ...] = (
            ("points", points.points, points_doc),
            ("trigger_points", points.trigger_points, points_doc),
            ("faqs", faq.faqs, faq_doc),
            ("routines", routines.routines, routines_doc),
            ("contraindications", safety.contraindications, safety_doc),
        )
        for section, items, doc in cited:
            for i, item in enumerate(items):
                for j, source_id in enumerate(item.sources):
                    if source_id not in source_ids:
                        site = Site(doc, (section, i, "sources", j), item.id)
                        yield site.problem(f"'{source_id}' is not a source in sources.yaml", f"sources[{j + 1}]")

    yield from related(points.points, points_doc, "points")
    yield from related(points.trigger_points, points_doc, "trigger_points")
    yield from related(faq.faqs, faq_doc, "faqs")
    yield from related(routines.routines, routines_doc, "routines")
    yield from related(safety.contraindications, safety_doc, "contraindications")

    for i, entry in enumerate(faq.faqs):
        if entry.topic not in topic_ids:
            site = Site(faq_doc, ("faqs", i, "topic"), entry.id)
            yield site.problem(f"'{entry.topic}' is not one of the topics ({', '.join(sorted(topic_ids))})", "topic")
    for i, topic in enumerate(faq.topics):
        if not any(entry.topic == topic.id for entry in faq.faqs):
            yield Site(faq_doc, ("topics", i, "id"), topic.id).problem("no FAQ entry uses this topic")

    for i, routine in enumerate(routines.routines):
        base = ("routines", i)
        for j, question in enumerate(routine.screening):
            if question not in screening_ids:
                site = Site(routines_doc, (*base, "screening", j), routine.id)
                yield site.problem(f"'{question}' is not a screening question in safety.yaml", f"screening[{j + 1}]")
        for k, step in enumerate(routine.steps):
            step_path = (*base, "steps", k)
            for j, point in enumerate(step.points):
                if point.upper() not in point_ids:
                    site = Site(routines_doc, (*step_path, "points", j), routine.id)
                    yield site.problem(f"'{point}' is not a point in points.yaml", f"steps[{k + 1}].points[{j + 1}]")
            for j, question in enumerate(step.avoid_if):
                if question not in routine.screening:
                    site = Site(routines_doc, (*step_path, "avoid_if", j), routine.id)
                    yield site.problem(
                        f"'{question}' must also be listed in this routine's screening",
                        f"steps[{k + 1}].avoid_if[{j + 1}]",
                    )

    yield from _step_kind_problems(routines, routines_doc, safety)

    for i, plan in enumerate(routines.plans):
        for j, planned in enumerate(plan.items):
            if planned.entry.upper() not in entry_ids:
                site = Site(routines_doc, ("plans", i, "items", j, "entry"), plan.id)
                yield site.problem(f"'{planned.entry}' is not the id of any entry", f"items[{j + 1}].entry")

    for section, items in (("points", points.points), ("trigger_points", points.trigger_points)):
        for i, item in enumerate(items):
            picture = item.picture
            dots = [(picture.x, picture.y)] + ([picture.pair] if picture.pair else [])
            for x, y in dots:
                if not inside_outline(picture.view, x, y):
                    site = Site(points_doc, (section, i, "picture"), item.id)
                    yield site.problem(
                        f"the dot ({x}, {y}) lies outside the outline of the {picture.view} view; "
                        "move it onto the leg (x and y are fractions of the picture, from the top left)",
                        "picture",
                    )

    yield from _concept_problems(safety, safety_doc)
    for i, flag in enumerate(safety.red_flags):
        for j, alternative in enumerate(flag.when):
            for k, condition in enumerate(alternative):
                complaint = _condition_problem(safety, condition)
                if complaint:
                    site = Site(safety_doc, ("red_flags", i, "when", j, k), flag.id)
                    yield site.problem(complaint, f"when[{j + 1}][{k + 1}]")
        for j, name in enumerate(flag.net_needs):
            if name not in _concepts(safety):
                site = Site(safety_doc, ("red_flags", i, "net_needs", j), flag.id)
                yield site.problem(f"'{name}' is not defined under sites, signs or contexts", f"net_needs[{j + 1}]")
        for j, name in enumerate(flag.unless):
            if name not in _concepts(safety):
                site = Site(safety_doc, ("red_flags", i, "unless", j), flag.id)
                yield site.problem(f"'{name}' is not defined under sites, signs or contexts", f"unless[{j + 1}]")
        for name in PLACEHOLDER.findall(flag.message):
            if name not in KNOWN_PLACEHOLDERS:
                site = Site(safety_doc, ("red_flags", i, "message"), flag.id)
                yield site.problem(f"unknown placeholder '{{{name}}}'; only {{emergency}} is available", "message")
    rule_ids = {flag.id for flag in safety.red_flags}
    for i, card in enumerate(safety.if_happening_now):
        for j, name in enumerate(card.concepts):
            if name not in _concepts(safety):
                site = Site(safety_doc, ("if_happening_now", i, "concepts", j), card.id)
                yield site.problem(f"'{name}' is not defined under sites, signs or contexts", f"concepts[{j + 1}]")
        for j, rule in enumerate(card.rules):
            if rule not in rule_ids:
                site = Site(safety_doc, ("if_happening_now", i, "rules", j), card.id)
                yield site.problem(f"'{rule}' is not a red-flag rule", f"rules[{j + 1}]")
    for i, waiting in enumerate(safety.while_waiting):
        for j, rule in enumerate(waiting.not_for):
            if rule not in rule_ids:
                site = Site(safety_doc, ("while_waiting", i, "not_for", j), waiting.id)
                yield site.problem(f"'{rule}' is not a red-flag rule", f"not_for[{j + 1}]")
        if waiting.not_for and waiting.instead is None:
            site = Site(safety_doc, ("while_waiting", i), waiting.id)
            yield site.problem("an answer with `not_for` needs `instead`: what to say for those red flags", "instead")
    if "profile.yaml" in parsed:
        plan_ids = {plan.id for plan in routines.plans}
        yield from _profile_problems(parsed["profile.yaml"], safety, entry_ids, plan_ids)


def _step_kind_problems(routines: RoutinesFile, doc: YamlDocument, safety: SafetyFile) -> Iterator[Problem]:
    """What a step does agrees with what its routine asks first and with the steps it leaves out:
    a routine that puts heat on the leg asks about a clot and about numb skin; a step that pats
    the knee is left out for someone on blood thinners (a caution question in ``skip_for`` that
    the routine asks must be in the step's avoid_if)."""
    questions = {question.id: question for question in safety.screening}
    kinds = {kind.id: kind for kind in routines.step_kinds}
    for i, kind in enumerate(routines.step_kinds):
        named: list[tuple[str, tuple[str | int, ...], str]] = [
            (f"ask[{g + 1}][{k + 1}]", ("ask", g, k), q)
            for g, group in enumerate(kind.ask)
            for k, q in enumerate(group)
        ]
        named += [(f"skip_for[{k + 1}]", ("skip_for", k), q) for k, q in enumerate(kind.skip_for)]
        for field, path, question_id in named:
            if question_id not in questions:
                site = Site(doc, ("step_kinds", i, *path), kind.id)
                yield site.problem(f"'{question_id}' is not a screening question in safety.yaml", field)
    for i, routine in enumerate(routines.routines):
        for k, step in enumerate(routine.steps):
            for j, kind_id in enumerate(step.does):
                site = Site(doc, ("routines", i, "steps", k, "does", j), routine.id)
                field = f"steps[{k + 1}].does[{j + 1}]"
                found = kinds.get(kind_id)
                if found is None:
                    known = ", ".join(sorted(kinds)) or "none defined"
                    yield site.problem(f"'{kind_id}' is not one of the step_kinds in routines.yaml ({known})", field)
                    continue
                kind = found
                for group in kind.ask:
                    if not any(question in routine.screening for question in group):
                        either = " or ".join(f"'{question}'" for question in group)
                        yield site.problem(
                            f"step {k + 1} ({step.title}) {kind.what}, so the routine must ask {either} "
                            "first: add it to the routine's screening",
                            field,
                        )
                for question_id in kind.skip_for:
                    question = questions.get(question_id)
                    asked = question_id in routine.screening
                    if (
                        asked
                        and question is not None
                        and question.on_yes == "caution"
                        and question_id not in step.avoid_if
                    ):
                        yield site.problem(
                            f"step {k + 1} ({step.title}) {kind.what}, which a 'yes' to '{question_id}' "
                            f"rules out: add {question_id} to the step's avoid_if",
                            field,
                        )


def _profile_problems(
    parsed: tuple[Model, YamlDocument], safety: SafetyFile, entry_ids: set[str], plan_ids: set[str]
) -> Iterator[Problem]:
    """Profile facts name screening questions, red-flag concepts, entries and plans that exist."""
    profile, doc = parsed
    assert isinstance(profile, ProfileFile)
    screening_ids = {q.id for q in safety.screening}
    concepts = _concepts(safety)
    for i, fact in enumerate(profile.facts):
        for field, names, known, what in (
            ("screening", fact.screening, screening_ids, "a screening question in safety.yaml"),
            ("triage", fact.triage, set(concepts), "a concept under contexts, signs or sites in safety.yaml"),
            ("entries", fact.entries, entry_ids, "the id of any entry"),
        ):
            for j, name in enumerate(names):
                if (name.upper() if field == "entries" else name) not in known:
                    site = Site(doc, ("facts", i, field, j), fact.id)
                    yield site.problem(f"'{name}' is not {what}", f"{field}[{j + 1}]")
        safety_answers = {answer.id for answer in safety.contraindications}
        if fact.answer is not None and fact.answer not in safety_answers:
            site = Site(doc, ("facts", i, "answer"), fact.id)
            yield site.problem(
                f"'{fact.answer}' is not a safety answer under contraindications in safety.yaml", "answer"
            )
        if fact.plan is not None and fact.plan not in plan_ids:
            site = Site(doc, ("facts", i, "plan"), fact.id)
            yield site.problem(f"'{fact.plan}' is not a daily plan under plans in routines.yaml", "plan")
        if "{side}" in fact.says and fact.detail != "side":
            yield Site(doc, ("facts", i, "says"), fact.id).problem("{side} needs `detail: side`", "says")
        if fact.says_both and fact.detail != "side":
            yield Site(doc, ("facts", i, "says_both"), fact.id).problem("says_both needs `detail: side`", "says_both")
        if fact.caution and "{side}" in fact.caution and fact.detail != "side":
            yield Site(doc, ("facts", i, "caution"), fact.id).problem("{side} needs `detail: side`", "caution")


def _concepts(safety: SafetyFile) -> dict[str, str]:
    """Every concept name with the section that defines it."""
    return {
        **{name: "contexts" for name in safety.contexts},
        **{name: "signs" for name in safety.signs},
        **{name: "sites" for name in safety.sites},
    }


def _concept_problems(safety: SafetyFile, doc: YamlDocument) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for section in ("sites", "signs", "contexts"):
        for name in getattr(safety, section):
            if name in seen:
                site = Site(doc, (section, name), name)
                yield site.problem(f"'{name}' is defined twice: under {seen[name]} and under {section}", section)
            seen[name] = section
    for field in ("lasting", "personal"):
        for j, name in enumerate(getattr(safety, field)):
            if name not in seen:
                site = Site(doc, (field, j), name)
                yield site.problem(f"'{name}' is not defined under sites, signs or contexts", f"{field}[{j + 1}]")
    if safety.default_site not in safety.sites:
        site = Site(doc, ("default_site",), "default_site")
        yield site.problem(f"'{safety.default_site}' is not one of the sites", "default_site")


def _condition_problem(safety: SafetyFile, condition: str) -> str | None:
    """What is wrong with one name in a rule's `when`, or None."""
    concepts = _concepts(safety)
    name, _, at = condition.removeprefix("!").partition("@")
    if name not in concepts:
        return f"'{name}' is not defined under sites, signs or contexts"
    if at and concepts[name] != "signs":
        return f"'{condition}': only a sign can be tied to a site with @, and '{name}' is under {concepts[name]}"
    if at and at != "*" and at not in safety.sites:
        return f"'{condition}': '{at}' is not one of the sites"
    return None
