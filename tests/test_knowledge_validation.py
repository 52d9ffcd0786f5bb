"""Curators' view of validation: each kind of mistake is reported with file, line and field.

Each case in tests/fixtures/broken/ holds one or more files that replace their namesake in the
small valid knowledge base of tests/fixtures/minimal/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, Problem, load_knowledge

FIXTURES = Path(__file__).parent / "fixtures"


def problems_for(case: str, tmp_path: Path) -> list[Problem]:
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "minimal", target)
    for path in (FIXTURES / "broken" / case).iterdir():
        shutil.copy(path, target / path.name)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(target)
    return info.value.problems


def where(problem: Problem) -> tuple[str, int, str | None, str | None]:
    return problem.file, problem.line, problem.entry, problem.field


def test_minimal_fixture_is_valid():
    knowledge = load_knowledge(FIXTURES / "minimal")
    assert [p.id for p in knowledge.points] == ["SP10", "ST34"]


def test_yaml_syntax_error_names_the_line(tmp_path):
    [problem] = problems_for("yaml-syntax", tmp_path)
    assert (problem.file, problem.line) == ("smalltalk.yaml", 4)
    assert problem.message.startswith("YAML syntax error")


def test_unknown_field_lists_the_allowed_ones(tmp_path):
    problems = problems_for("unknown-field", tmp_path)
    assert [where(p) for p in problems] == [
        ("points.yaml", 2, "SP10", "location"),
        ("points.yaml", 9, "SP10", "locaton"),
    ]
    assert problems[0].message == "missing required field"
    assert problems[1].message.startswith(
        "unknown field 'locaton' (allowed here: id, aliases, phrasings, region, location,"
    )


def test_missing_field_points_at_the_entry(tmp_path):
    [problem] = problems_for("missing-field", tmp_path)
    assert where(problem) == ("faq.yaml", 5, "heels", "answer")
    assert problem.message == "missing required field"


def test_wrong_types_are_explained(tmp_path):
    timer, phrasings = problems_for("wrong-types", tmp_path)
    assert where(timer) == ("routines.yaml", 14, "calf", "steps[1].timer_seconds")
    assert timer.message == "should be a whole number, not 'one minute'"
    assert where(phrasings) == ("smalltalk.yaml", 3, "greeting", "phrasings")
    assert "should be a list" in phrasings.message


def test_unquoted_colon_suggests_quotes(tmp_path):
    [problem] = problems_for("unquoted-colon", tmp_path)
    assert where(problem) == ("points.yaml", 18, "SP10", "cautions[1]")
    assert "put the text in quotes" in problem.message


def test_empty_answer_is_rejected(tmp_path):
    [problem] = problems_for("empty-answer", tmp_path)
    assert where(problem) == ("faq.yaml", 14, "heels", "answer")
    assert problem.message == "must not be empty"


def test_answer_over_the_limit_gives_both_lengths(tmp_path):
    [problem] = problems_for("too-long", tmp_path)
    assert where(problem) == ("faq.yaml", 14, "heels", "answer")
    assert problem.message == "is 1,049 characters long; the limit is 1,000"


def test_duplicate_id_across_files(tmp_path):
    [problem] = problems_for("duplicate-id", tmp_path)
    assert where(problem) == ("routines.yaml", 2, "calf", "id")
    assert problem.message == "duplicate id 'calf': already used by a FAQ at faq.yaml:5"


def test_alias_claimed_by_two_entries(tmp_path):
    [problem] = problems_for("alias-clash", tmp_path)
    assert where(problem) == ("points.yaml", 26, "ST34", "aliases[2]")
    assert "'xue-hai' is also used by entry 'SP10' (points.yaml:5)" in problem.message


def test_every_dangling_reference_is_reported(tmp_path):
    problems = problems_for("dangling-references", tmp_path)
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("faq.yaml", 2, None),
        ("faq.yaml", 6, "topic"),
        ("faq.yaml", 15, "related[1]"),
        ("routines.yaml", 10, "screening[1]"),
        ("routines.yaml", 17, "steps[2].points[1]"),
        ("safety.yaml", 25, "when[1][2]"),
        ("safety.yaml", 26, "message"),
    ]
    messages = [p.message for p in problems]
    assert "'calf-routine' is not the id of any entry" in messages
    assert "'SP6' is not a point in points.yaml" in messages
    assert "'feverish' is not defined under sites, signs or contexts" in messages


def test_duplicate_yaml_key_is_not_silently_overwritten(tmp_path):
    [problem] = problems_for("duplicate-key", tmp_path)
    assert (problem.file, problem.line) == ("points.yaml", 36)
    assert problem.message == "the key 'uses' appears twice in the same block"


def test_empty_file(tmp_path):
    [problem] = problems_for("empty-file", tmp_path)
    assert (problem.file, problem.line, problem.message) == ("smalltalk.yaml", 1, "the file is empty")


def test_invalid_id(tmp_path):
    [problem] = problems_for("bad-id", tmp_path)
    assert where(problem) == ("faq.yaml", 5, "high heels!", "id")
    assert "not a valid id" in problem.message


def test_value_outside_its_choices(tmp_path):
    mode, severity = problems_for("bad-choice", tmp_path)
    assert where(mode) == ("routines.yaml", 6, "calf", "mode")
    assert mode.message == "is 'group'; it should be one of 'self' or 'partner'"
    assert where(severity) == ("safety.yaml", 23, "septic", "severity")


def test_problems_in_several_files_are_all_reported(tmp_path):
    problems = problems_for("several-files", tmp_path)
    assert [(p.file, p.field) for p in problems] == [("faq.yaml", "colour"), ("smalltalk.yaml", "answer")]


def test_missing_file_and_missing_directory(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "minimal", target)
    (target / "routines.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(target)
    assert [p.file for p in info.value.problems] == ["routines.yaml"]
    assert "missing" in info.value.problems[0].message

    with pytest.raises(KnowledgeError, match="does not exist"):
        load_knowledge(tmp_path / "nowhere")


def test_problem_reads_as_one_line():
    problem = Problem("faq.yaml", 12, "must not be empty", entry="heels", field="answer")
    assert str(problem) == "faq.yaml:12: entry 'heels', field 'answer': must not be empty"


def test_a_picture_dot_off_the_leg_is_rejected(tmp_path):
    [problem] = problems_for("dot-outside", tmp_path)
    assert where(problem) == ("points.yaml", 20, "SP10", "picture")
    assert "outside the outline of the front view" in problem.message


def test_an_entry_in_a_topic_that_needs_sources_must_list_them(tmp_path):
    [problem] = problems_for("missing-sources", tmp_path)
    assert where(problem) == ("faq.yaml", 20, "heat-or-ice", "sources")
    assert "must list its sources" in problem.message


def test_a_list_folded_into_one_line_asks_for_a_literal_block(tmp_path):
    [problem] = problems_for("folded-list", tmp_path)
    assert where(problem) == ("faq.yaml", 14, "heels", "answer")
    assert "'|-'" in problem.message
