"""The decision model and its honest evaluation: cross-validation answers every labelled case
once, with a model trained without it; the shipped model states what it gave on held-out
questions, and those figures hold the bar."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evaluation import load_cases, messages_of
from bot.learning import crossval, examples
from bot.learning.examples import ReadExample
from bot.matching.decision import DecisionModel

DATA = Path(__file__).parent / "data"
KNEEBOT = Path(sys.executable).with_name("kneebot")


def test_each_case_is_held_out_once_and_trained_on_in_every_other_fold(knowledge, matcher, monkeypatch):
    cases = load_cases(DATA / "questions.yaml")
    # A few cases of each kind the model chooses among (one message each, distinct texts).
    chosen: dict[str, dict[str, object]] = {}
    for category in ("point", "faq", "routine", "oos", "typo"):
        of_it = [case for case in cases if case["cat"] == category and "turns" not in case]
        chosen |= {str(case["q"]): case for case in of_it[:6]}
    sample = list(chosen.values())
    shipped = DecisionModel.load()
    trained_on: list[set[str]] = []

    def spy(train: list[ReadExample], seed: int = 0) -> DecisionModel:
        trained_on.append({e.example.text for e in train if e.example.source == "labelled"})
        return shipped  # what is answered is not the point here, which cases trained is

    monkeypatch.setattr(crossval, "fit", spy)
    # The knowledge's own phrasings train every fold alike; a few of them keep this test quick.
    some_phrasings = list(itertools.islice(examples.from_knowledge(knowledge), 20))
    monkeypatch.setattr(crossval, "from_knowledge", lambda _: iter(some_phrasings))
    ((report,),) = crossval.cross_validate(knowledge, [sample], 3, matcher=matcher)
    assert len(trained_on) == 3
    assert sum(report.totals.values()) == len(sample), "each case is answered once"
    for case in sample:
        text = messages_of(case)[0]
        assert sum(text in fold for fold in trained_on) == 2, text


def test_the_shipped_model_states_its_held_out_figures_and_they_hold_the_bar():
    about = DecisionModel.load().about
    # Chosen and measured on out-of-fold predictions of the labelled questions, not on the
    # questions the model was fitted to.
    assert about["held_out_questions"] >= 800
    assert about["answer_precision"] >= 0.9, about
    assert about["off_topic_answered"] <= 0.05, about


@pytest.mark.parametrize("folds", ["1", "0"])
def test_cross_validation_needs_two_folds(folds, tmp_path):
    result = subprocess.run(
        [str(KNEEBOT), "eval", "--cv", folds], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False
    )
    assert result.returncode == 2
    assert "--cv needs at least 2 folds" in result.stderr
    assert "Traceback" not in result.stderr
