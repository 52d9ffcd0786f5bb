"""The labelled sets hold the bot to its recorded quality."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
import yaml

from bot.engine import Engine, Text
from bot.engine.replies import Meta, Reply, Response
from bot.evaluation import evaluate, format_report, load_cases
from bot.knowledge import kind_of
from bot.storage import MemoryStore

DATA = Path(__file__).parent / "data"
BASELINE = yaml.safe_load((DATA / "eval_baseline.yaml").read_text())


@pytest.fixture(scope="module")
def question_report(knowledge, matcher, triage):
    cases = load_cases(DATA / "questions.yaml")
    return cases, evaluate(Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage), cases)


@pytest.fixture(scope="module")
def safety_report(knowledge, matcher, triage):
    cases = load_cases(DATA / "safety_cases.yaml")
    return cases, evaluate(Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage), cases)


@pytest.fixture(scope="module")
def natural_question_report(knowledge, matcher, triage):
    cases = load_cases(DATA / "natural_questions.yaml")
    return cases, evaluate(Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage), cases)


@pytest.fixture(scope="module")
def natural_safety_report(knowledge, matcher, triage):
    cases = load_cases(DATA / "safety_natural.yaml")
    return cases, evaluate(Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage), cases)


def test_question_set_is_large_and_varied(question_report):
    cases, _ = question_report
    categories = [case["cat"] for case in cases]
    assert len(cases) >= 250
    assert categories.count("oos") >= 40
    for category in ("point", "faq", "routine", "nearmiss", "typo", "smalltalk", "safety", "redflag"):
        assert category in categories


def test_question_set_pass_rate_holds_the_baseline(question_report):
    _, report = question_report
    assert report.pass_rate >= BASELINE["questions"], format_report(report, "questions")


def test_no_off_topic_question_is_answered_with_knee_content(question_report):
    _, report = question_report
    assert report.off_topic >= 40
    assert report.off_topic_answered == 0, format_report(report, "questions")


def test_safety_set_size(safety_report):
    cases, _ = safety_report
    categories = [case["cat"] for case in cases]
    assert categories.count("redflag") >= 80
    assert categories.count("benign") + categories.count("negation") >= 80


def test_every_red_flag_is_caught_at_its_severity_or_higher(safety_report):
    _, report = safety_report
    assert report.passed["redflag"] == report.totals["redflag"], format_report(report, "safety")


def test_benign_questions_are_rarely_flagged_and_negations_never(safety_report):
    _, report = safety_report
    flagged = report.totals["benign"] - report.passed["benign"]
    assert flagged <= 0.05 * report.totals["benign"], format_report(report, "safety")
    assert report.passed["negation"] == report.totals["negation"], format_report(report, "safety")
    assert report.pass_rate >= BASELINE["safety"]


def test_natural_safety_set_is_large_and_covers_every_rule(natural_safety_report, knowledge):
    cases, _ = natural_safety_report
    flags = [case for case in cases if case["cat"] == "redflag"]
    harmless = [case for case in cases if case["cat"] in ("benign", "negation")]
    assert len(cases) >= 400 and len(flags) >= 220 and len(harmless) >= 180
    assert sum("turns" in case for case in cases) >= 30, "messages spread over turns"
    per_rule = {rule.id: sum(case["rule"] == rule.id for case in flags) for rule in knowledge.safety.red_flags}
    assert min(per_rule.values()) >= 10, per_rule


def test_every_natural_red_flag_is_caught_at_its_severity_or_higher(natural_safety_report):
    _, report = natural_safety_report
    missed = report.flags_by_rule.total() - report.caught_by_rule.total()
    assert missed == 0, format_report(report, "safety_natural")


def test_natural_harmless_messages_are_rarely_flagged(natural_safety_report):
    _, report = natural_safety_report
    assert report.false_alarms <= 0.03 * report.harmless, format_report(report, "safety_natural")


def test_natural_question_set_asks_every_entry_several_ways(natural_question_report, knowledge):
    cases, _ = natural_question_report
    assert len(cases) >= 400
    assert sum(case["cat"] == "oos" for case in cases) >= 60
    asked: dict[str, int] = {}
    for case in cases:
        for entry_id in case.get("id") if isinstance(case.get("id"), list) else [case.get("id")]:
            if entry_id:
                asked[str(entry_id).upper()] = asked.get(str(entry_id).upper(), 0) + 1
    articles = [entry for entry in knowledge.entries() if getattr(entry, "topic", None) != "everyday"]
    rarely = [e.id for e in articles if kind_of(e) in ("point", "faq", "routine") and asked.get(e.id.upper(), 0) < 3]
    assert not rarely, f"entries asked fewer than three ways: {rarely}"


def test_natural_question_set_holds_its_baseline(natural_question_report):
    _, report = natural_question_report
    assert report.pass_rate >= BASELINE["natural"], format_report(report, "natural_questions")


def test_no_natural_off_topic_or_near_miss_message_is_answered_with_content(natural_question_report):
    _, report = natural_question_report
    wrongly = [
        case["q"]
        for case, reply, _ in report.failures
        if case["cat"] in ("oos", "nearmiss") and reply["kind"] in ("point", "faq", "routine", "safety")
    ]
    assert not wrongly, wrongly


def test_a_red_flag_case_that_also_names_an_answer_is_caught_only_when_triage_fires(knowledge, matcher, triage):
    engine = Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage)
    missed = {"cat": "redflag", "rule": "blood-clot", "severity": "same_day", "kind": "safety", "q": "where is SP10"}
    benign = {"cat": "benign", "kind": ["safety", "faq"], "q": "my calf is swollen and hot since the flight"}
    unrated = {"cat": "redflag", "kind": "safety", "q": "my calf is swollen and hot since the flight"}
    report = evaluate(engine, [missed, benign, unrated])
    assert report.caught_by_severity["same_day"] == 0 and report.flags_by_severity["same_day"] == 1
    assert (report.harmless, report.false_alarms) == (1, 1), "a red flag without a severity is not harmless"
    assert report.pass_rate == 1 / 3


class _ChoosingEngine:
    """Answers every message that names no point with choices, and one naming SP10 with it."""

    def handle(self, user_id: int, event: Text) -> Response:
        if "sp10" in event.text:
            return Response((Reply("SP10"),), Meta("point", "SP10"))
        return Response((Reply("Did you mean"),), Meta("clarify"))


def test_report_counts_the_choices_offered_and_those_where_one_answer_was_wanted():
    cases = [
        {"cat": "point", "q": "the dip by my kneecap", "kind": "point", "id": "SP10"},
        {"cat": "point", "q": "a point near my knee", "kind": ["point", "clarify"]},
        {"cat": "oos", "q": "car oil", "kind": "fallback"},
        {"cat": "point", "q": "where is sp10", "kind": "point", "id": "SP10"},
    ]
    report = evaluate(cast(Engine, _ChoosingEngine()), cases)
    assert report.clarified_by == {"point": 2, "oos": 1}
    assert report.needless_choices["point"] == 1
    assert report.off_topic_choices == 1
    assert "1 offered choices" in format_report(report, "check")


def test_a_red_flag_case_may_name_several_fitting_rules(knowledge, matcher, triage):
    engine = Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage)
    either = ["possible-fracture", "deformity"]
    fits = {
        "cat": "redflag",
        "rule": either,
        "severity": "emergency",
        "q": "fell off a ladder and my shin is bent sideways",
    }
    wrong = {
        "cat": "redflag",
        "rule": ["stroke"],
        "severity": "emergency",
        "q": "fell off a ladder and my shin is bent sideways",
    }
    report = evaluate(engine, [fits, wrong])
    assert report.pass_rate == 1 / 2, [why for _, _, why in report.failures]
    assert report.flags_by_rule == {"possible-fracture/deformity": 1, "stroke": 1}
    assert "wanted stroke" in report.failures[0][2][0]
