"""`kneebot check` as curators and operators use it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def test_check_prints_counts_and_exits_zero(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "no problems found" in out
    assert any(line.split()[:1] == ["points"] and int(line.split()[-1]) >= 10 for line in out.splitlines())


def test_check_lists_every_problem_and_exits_one(tmp_path, capsys):
    target = tmp_path / "kb"
    shutil.copytree(FIXTURES / "minimal", target)
    for path in (FIXTURES / "broken" / "several-files").iterdir():
        shutil.copy(path, target / path.name)
    assert main(["check", "--knowledge", str(target)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"kneebot: 2 problems in {target}:"
    assert err[1].strip().startswith("faq.yaml:8: entry 'heels', field 'colour': unknown field 'colour'")
    assert err[2].strip() == "smalltalk.yaml:2: entry 'greeting', field 'answer': missing required field"


def test_knowledge_directory_comes_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("KNEEBOT_KNOWLEDGE", str(FIXTURES / "minimal"))
    assert main(["check"]) == 0
    assert str(FIXTURES / "minimal") in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--knowledge", str(FIXTURES / "minimal")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stdout


def test_wheel_ships_the_knowledge(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("kneebot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("points.yaml", "faq.yaml", "routines.yaml", "safety.yaml", "smalltalk.yaml"):
        assert f"bot/_knowledge/{name}" in names
