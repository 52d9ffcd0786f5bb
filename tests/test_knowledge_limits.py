"""Knowledge files that would exhaust memory or time are refused quickly with a clear message.

Each check runs `kneebot check` in a child process with a memory cap and a timeout, so a
regression fails the test instead of taking the machine down with it.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MEMORY_CAP = 1024**3  # far more than a valid knowledge base needs

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
smalltalk: *i
"""


def check(tmp_path: Path, name: str, content: str | bytes) -> subprocess.CompletedProcess[str]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "minimal", knowledge)
    target = knowledge / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode())

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "bot", "check", "--knowledge", str(knowledge)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,
        check=False,
    )


def test_a_billion_laughs_file_is_refused_without_expanding_it(tmp_path):
    assert len(BILLION_LAUGHS) < 700
    result = check(tmp_path, "smalltalk.yaml", BILLION_LAUGHS)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "smalltalk.yaml:1:" in result.stderr
    assert "anchors and aliases" in result.stderr


def test_merge_keys_are_refused(tmp_path):
    text = (FIXTURES / "minimal" / "smalltalk.yaml").read_text()
    result = check(tmp_path, "smalltalk.yaml", text + "extra:\n  <<: {a: 1}\n")
    assert result.returncode == 1
    assert "merge key" in result.stderr


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path):
    result = check(tmp_path, "faq.yaml", b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    assert result.returncode == 1
    assert "faq.yaml:" in result.stderr and "too large" in result.stderr


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_absurdly_deep_nesting_is_refused(tmp_path, opening):
    result = check(tmp_path, "smalltalk.yaml", opening * 20_000 + "\n")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "smalltalk.yaml:" in result.stderr and "nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_nul_byte_is_named_with_its_line_not_a_traceback(tmp_path):
    text = (FIXTURES / "minimal" / "smalltalk.yaml").read_text()
    lines = text.splitlines()
    lines[2] = lines[2] + "\x00"
    result = check(tmp_path, "smalltalk.yaml", "\n".join(lines) + "\n")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "smalltalk.yaml:3:" in result.stderr and "NUL" in result.stderr


def test_a_number_with_thousands_of_digits_is_named_not_a_traceback(tmp_path):
    text = (FIXTURES / "minimal" / "smalltalk.yaml").read_text()
    result = check(tmp_path, "smalltalk.yaml", text + "extra: " + "9" * 5000 + "\n")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    line = len(text.splitlines()) + 1
    assert f"smalltalk.yaml:{line}:" in result.stderr and "5000 digits" in result.stderr
