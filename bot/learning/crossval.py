"""K-fold cross-validation of the whole decision, end to end.

The project's labelled cases are split into K folds (stratified by category, seeded). For each
fold, the decision model is trained on the other folds' questions and the knowledge's own
phrasings and off-topic examples, and every case of the fold is then answered by the whole
engine (triage, spelling, codes, names, the model) with that model, and judged as
``kneebot eval`` judges it. What is reported is only ever a fold the model did not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from bot.engine import Engine
from bot.evaluation import Report, evaluate
from bot.knowledge import Knowledge
from bot.learning.examples import ReadExample, from_knowledge, labelled, read_all
from bot.learning.fit import fit
from bot.matching.decision import DecisionModel
from bot.matching.matcher import Matcher
from bot.safety.triage import Triage
from bot.semantic import Semantics
from bot.storage import MemoryStore


def cross_validate(
    knowledge: Knowledge,
    sets: Sequence[Sequence[dict[str, Any]]],
    folds: int,
    semantics: Semantics | None = None,
    seed: int = 0,
    variants: Sequence[Sequence[Sequence[dict[str, Any]]]] = (),
    matcher: Matcher | None = None,
) -> list[list[Report]]:
    """Held-out reports, one per set in ``sets``; then, for each of ``variants`` (the same sets
    reworded, say with phone slips, case for case), one per set again. Every set's cases are
    split into folds together (stratified by set and category) and train together. ``matcher``:
    one built already for ``knowledge`` (each fold decides with its own model)."""
    matcher = (matcher or Matcher(knowledge, semantics, model=DecisionModel.blank())).with_model(DecisionModel.blank())
    triage = Triage(knowledge.safety)
    always = read_all(matcher, from_knowledge(knowledge))
    cases = [(number, case) for number, cases in enumerate(sets) for case in cases]
    read = _read_cases(matcher, [case for _, case in cases])
    versions = [sets, *variants]
    reports = [[Report() for _ in sets] for _ in versions]
    strata = [f"{number}:{case.get('cat', 'other')}" for number, case in cases]
    counts = {stratum: strata.count(stratum) for stratum in strata}
    strata = [stratum if counts[stratum] >= folds else "rare" for stratum in strata]
    starts = [sum(len(cases) for cases in sets[:number]) for number in range(len(sets))]
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for inside, outside in splitter.split(np.zeros(len(cases)), strata):
        train = [*always, *(example for i in inside for example in read[i])]
        fold_matcher = matcher.with_model(fit(train, seed))
        for version, version_reports in zip(versions, reports, strict=True):
            for number, report in enumerate(version_reports):
                held = [version[number][i - starts[number]] for i in outside if cases[i][0] == number]
                # A fresh engine: evaluate() numbers its people from 1, and nobody may carry a
                # conversation over from another set or fold.
                engine = Engine(knowledge, MemoryStore(), matcher=fold_matcher, triage=triage)
                _add(report, evaluate(engine, held))
    return reports


def _read_cases(matcher: Matcher, cases: Sequence[dict[str, Any]]) -> list[list[ReadExample]]:
    """Each case's training example (none for smalltalk, safety and multi-turn cases)."""
    return [read_all(matcher, labelled([case])) for case in cases]


def _add(total: Report, part: Report) -> None:
    total.failures += part.failures
    for name in (
        "totals",
        "passed",
        "clarified_by",
        "needless_choices",
        "flags_by_rule",
        "caught_by_rule",
        "flags_by_severity",
        "caught_by_severity",
    ):
        getattr(total, name).update(getattr(part, name))
    for name in (
        "clarified",
        "off_topic",
        "off_topic_answered",
        "off_topic_choices",
        "questions",
        "harmless",
        "false_alarms",
    ):
        setattr(total, name, getattr(total, name) + getattr(part, name))
