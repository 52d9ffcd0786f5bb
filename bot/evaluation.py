"""Labelled question sets: run them through the engine and judge every reply.

Two kinds of case share one file format: matcher cases name the expected reply ``kind`` (and
optionally ``id``, ``not_id``, ``section`` and ``has`` word groups); safety cases (``cat``
redflag, benign or negation) name the least acceptable ``severity`` or expect no red flag.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.engine import Engine, Text
from bot.engine.replies import ResponseRecord, record
from bot.knowledge.models import SEVERITY_RANK

HARMLESS_CATEGORIES = {"benign", "negation"}
SAFETY_CATEGORIES = {"redflag", *HARMLESS_CATEGORIES}
CONTENT_KINDS = {"point", "faq", "routine", "safety"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        cases = yaml.safe_load(handle) or []
    if not isinstance(cases, list) or not all(isinstance(c, dict) and ("q" in c or "turns" in c) for c in cases):
        raise ValueError(f"{path}: expected a list of cases, each with a 'q' or 'turns'")
    return cases


def messages_of(case: dict[str, Any]) -> list[str]:
    """The messages a case sends: one ``q``, or several ``turns`` from the same person."""
    return [str(turn) for turn in case["turns"]] if "turns" in case else [str(case["q"])]


def judge(case: dict[str, Any], reply: ResponseRecord) -> list[str]:
    """The reasons ``reply`` fails ``case`` (empty when it passes)."""
    if case.get("cat") in SAFETY_CATEGORIES and ("severity" in case or case["cat"] != "redflag"):
        # Triage's verdict always counts; a case that also names the answer it wants (a safety
        # answer for "massage with warfarin?") is judged on that too.
        why = _judge_safety(case, reply)
        return why + _judge_answer(case, reply) if "kind" in case else why
    return _judge_answer(case, reply)


def _judge_answer(case: dict[str, Any], reply: ResponseRecord) -> list[str]:
    why = []
    kind = reply["kind"]
    kinds = _as_list(case.get("kind"))
    if kinds and kind not in kinds:
        why.append(f"kind {kind}, wanted {'/'.join(kinds)}")
    rid = str(reply.get("id") or "").upper()
    ids = [str(i).upper() if i is not None else "" for i in _as_list(case.get("id"))]
    if ids and rid not in ids:
        why.append(f"id {rid or None}, wanted {'/'.join(i or 'none' for i in ids)}")
    if kind == "point" and rid in {str(i).upper() for i in _as_list(case.get("not_id"))}:
        why.append(f"answered with the neighbouring point {rid}")
    if case.get("section") and kind == "point" and reply.get("section") != case["section"]:
        why.append(f"section {reply.get('section')}, wanted {case['section']}")
    text = str(reply.get("text") or "").lower()
    for group in _as_list(case.get("has")):
        words = [str(word).lower() for word in _as_list(group)]
        if not any(word in text for word in words):
            why.append(f"text lacks any of {words}")
    return why


def _judge_safety(case: dict[str, Any], reply: ResponseRecord) -> list[str]:
    severity = reply.get("severity")
    if case["cat"] == "redflag":
        wanted = case["severity"]
        if severity is None:
            return [f"red flag missed (got {reply['kind']}/{reply.get('id')}), wanted {wanted}"]
        if SEVERITY_RANK[severity] < SEVERITY_RANK[wanted]:
            return [f"severity {severity}, wanted {wanted} or higher"]
        rules = _as_list(case.get("rule"))
        if rules and reply.get("id") not in rules and SEVERITY_RANK[severity] == SEVERITY_RANK[wanted]:
            wanted_rules = "/".join(map(str, rules))
            return [f"rule {reply.get('id')}, wanted {wanted_rules} (same severity, so its advice is the one to give)"]
        return []
    return [f"flagged as {reply.get('id')} ({severity})"] if severity else []


@dataclass
class Report:
    failures: list[tuple[dict[str, Any], ResponseRecord, list[str]]] = field(default_factory=list)
    totals: Counter[str] = field(default_factory=Counter)
    passed: Counter[str] = field(default_factory=Counter)
    clarified: int = 0
    # Choices offered per category, and of them those where the case wants one answer, not choices.
    clarified_by: Counter[str] = field(default_factory=Counter)
    needless_choices: Counter[str] = field(default_factory=Counter)
    off_topic: int = 0
    off_topic_answered: int = 0
    off_topic_choices: int = 0
    questions: int = 0
    # Safety cases: red flags caught per rule and per severity; harmless messages flagged.
    flags_by_rule: Counter[str] = field(default_factory=Counter)
    caught_by_rule: Counter[str] = field(default_factory=Counter)
    flags_by_severity: Counter[str] = field(default_factory=Counter)
    caught_by_severity: Counter[str] = field(default_factory=Counter)
    harmless: int = 0
    false_alarms: int = 0

    @property
    def pass_rate(self) -> float:
        total = sum(self.totals.values())
        return sum(self.passed.values()) / total if total else 0.0


def _rule_label(case: dict[str, Any]) -> str:
    """The rule a red-flag case is counted under: its one rule, or its rules joined ("a/b")."""
    return "/".join(map(str, _as_list(case.get("rule")))) or "?"


def evaluate(engine: Engine, cases: list[dict[str, Any]]) -> Report:
    report = Report()
    for number, case in enumerate(cases, start=1):
        for message in messages_of(case):  # a fresh person per case; the last reply is judged
            reply = record(engine.handle(number, Text(message)))
        category = str(case.get("cat", "other"))
        why = judge(case, reply)
        report.totals[category] += 1
        report.questions += 1
        choices = reply["kind"] == "clarify"
        report.clarified += choices
        report.clarified_by[category] += choices
        report.needless_choices[category] += choices and "clarify" not in _as_list(case.get("kind"))
        if category == "oos":
            report.off_topic += 1
            report.off_topic_answered += reply["kind"] in CONTENT_KINDS
            report.off_topic_choices += choices
        if category == "redflag" and "severity" in case:
            severity = reply.get("severity")
            caught = severity is not None and SEVERITY_RANK[severity] >= SEVERITY_RANK[case["severity"]]
            rule = _rule_label(case)
            report.flags_by_rule[rule] += 1
            report.caught_by_rule[rule] += caught
            report.flags_by_severity[case["severity"]] += 1
            report.caught_by_severity[case["severity"]] += caught
        elif category in HARMLESS_CATEGORIES:
            report.harmless += 1
            report.false_alarms += bool(reply.get("severity"))
        if why:
            report.failures.append((case, reply, why))
        else:
            report.passed[category] += 1
    return report


def format_report(report: Report, title: str, failures: bool = True) -> str:
    """The figures per category; then each failing case unless ``failures`` is False."""
    lines = [f"{title}: {sum(report.passed.values())}/{report.questions} passed ({100 * report.pass_rate:.1f}%)"]
    for category in sorted(report.totals):
        ok, total = report.passed[category], report.totals[category]
        choices = report.clarified_by[category]
        needless = f", {report.needless_choices[category]} where one answer was wanted" if choices else ""
        lines.append(f"  {category:<10} {ok:>4}/{total:<4} {100 * ok / total:5.1f}%   choices {choices}{needless}")
    if report.questions:
        lines.append(f"  clarify rate      {100 * report.clarified / report.questions:5.1f}%")
    if report.off_topic:
        rate = 100 * report.off_topic_answered / report.off_topic
        lines.append(
            f"  false-answer rate {rate:5.1f}% ({report.off_topic_answered} of {report.off_topic} off-topic answered,"
            f" {report.off_topic_choices} offered choices)"
        )
    if report.flags_by_rule:
        lines.append("  red flags caught at their severity or higher, by severity and by rule:")
        for severity in sorted(report.flags_by_severity, key=lambda s: -SEVERITY_RANK[s]):
            caught, total = report.caught_by_severity[severity], report.flags_by_severity[severity]
            lines.append(f"    {severity:<24} {caught:>4}/{total:<4} {100 * caught / total:5.1f}%")
        for rule in sorted(report.flags_by_rule):
            caught, total = report.caught_by_rule[rule], report.flags_by_rule[rule]
            lines.append(f"    {rule:<24} {caught:>4}/{total:<4} {100 * caught / total:5.1f}%")
    if report.harmless:
        rate = 100 * report.false_alarms / report.harmless
        lines.append(
            f"  false-alarm rate  {rate:5.1f}% ({report.false_alarms} of {report.harmless} harmless messages flagged)"
        )
    for case, _reply, why in report.failures if failures else []:
        lines.append(f"  FAIL [{case.get('cat', 'other')}] {' / '.join(messages_of(case))!r}: {'; '.join(why)}")
    return "\n".join(lines)
