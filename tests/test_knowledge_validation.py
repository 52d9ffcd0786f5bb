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
    assert where(problem) == ("faq.yaml", 30, "heat-or-ice", "sources")
    assert "must list its sources" in problem.message and "guideline or public health page" in problem.message


def test_a_list_folded_into_one_line_asks_for_a_literal_block(tmp_path):
    [problem] = problems_for("folded-list", tmp_path)
    assert where(problem) == ("faq.yaml", 14, "heels", "answer")
    assert "'|-'" in problem.message


# --- safety agreement between routine steps and screening ---------------------------------------


def test_a_routine_that_puts_heat_on_the_leg_must_ask_about_a_clot_and_numb_skin(tmp_path):
    problems = [p for p in problems_for("step-kinds", tmp_path) if p.entry == "calf"]
    assert [where(p) for p in problems] == [("routines.yaml", 24, "calf", "steps[1].does[1]")] * 2
    assert "step 1 (Warm towel) puts heat on the leg, so the routine must ask 'calf-clot'" in problems[0].message
    assert "must ask 'numb'" in problems[1].message


def test_a_step_must_be_left_out_for_a_yes_that_rules_it_out(tmp_path):
    problems = [p for p in problems_for("step-kinds", tmp_path) if p.entry == "patting"]
    assert sorted((p.field, p.message.split(":")[0]) for p in problems) == [
        ("steps[1].does[1]", "step 1 (Pat) pats the leg, which a 'yes' to 'thinners' rules out"),
        ("steps[1].does[2]", "'tapping' is not one of the step_kinds in routines.yaml (heat, patting)"),
    ]
    assert any(p.message.endswith("add thinners to the step's avoid_if") for p in problems)


def test_an_answer_that_speaks_of_an_article_must_cite_it(tmp_path):
    [problem] = problems_for("unnamed-article", tmp_path)
    assert where(problem) == ("faq.yaml", 16, "heels", "sources")
    assert "speaks of an article or its author" in problem.message


def test_a_source_must_be_listed_in_sources_yaml(tmp_path):
    [problem] = problems_for("unknown-source", tmp_path)
    assert where(problem) == ("faq.yaml", 16, "heels", "sources[2]")
    assert problem.message == "'no-such-source' is not a source in sources.yaml"


# --- warnings: the knowledge loads, but reads less well ------------------------------------------


def test_long_leads_repeated_cautions_and_unused_sources_are_warned_about(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "minimal", target)
    for path in (FIXTURES / "style").iterdir():
        shutil.copy(path, target / path.name)
    warnings = load_knowledge(target).warnings  # loads: warnings do not stop the bot
    messages = {(w.file, w.entry, w.field): w.message for w in warnings}
    assert messages[("faq.yaml", "heels", "answer")].startswith("the lead is 3")
    assert "at most 300" in messages[("faq.yaml", "heels", "answer")]
    repeated = [w for w in warnings if "says the same thing twice" in w.message]
    assert [w.entry for w in repeated] == ["heels"] and "Never massage a calf" in repeated[0].message
    assert "every point card shows already" in messages[("points.yaml", "SP10", "cautions[2]")]
    assert messages[("sources.yaml", "nobody-cites-this", None)] == "no entry cites this source"
    assert len(warnings) == 4


def test_the_minimal_knowledge_has_no_warnings():
    assert load_knowledge(FIXTURES / "minimal").warnings == ()


def test_the_safety_nets_needs_the_cards_and_the_answers_while_waiting_name_what_exists(tmp_path):
    problems = problems_for("safety-references", tmp_path)
    assert [(p.entry, p.field) for p in problems] == [
        ("septic", "net_needs[1]"),
        ("now-injury", "concepts[2]"),
        ("now-injury", "rules[2]"),
        ("ice", "instead"),
        ("heat", "not_for[1]"),
    ]
    assert "'fracture' is not a red-flag rule" in problems[2].message
    assert "needs `instead`" in problems[3].message
