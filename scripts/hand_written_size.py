"""How much of a folder's reading is written by hand: the figure issue 22 asks to fall.

Counts, over the Python files under PATH as they are at REV (default HEAD), with Python's `ast`:
lines, `re.compile` calls, the `|` alternatives in their patterns, module-level numeric constants
and module-level `frozenset`/`set` word lists.

    python scripts/hand_written_size.py bot/matching            # now
    python scripts/hand_written_size.py bot/matching 76be3c3    # when the issue was filed
"""

from __future__ import annotations

import argparse
import ast
import subprocess
from dataclasses import dataclass, fields


@dataclass
class Size:
    files: int = 0
    lines: int = 0
    regexes: int = 0
    alternatives: int = 0
    constants: int = 0
    word_sets: int = 0

    def add(self, source: str) -> None:
        self.files += 1
        self.lines += len(source.splitlines())
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if _is_re_compile(node):
                self.regexes += 1
                self.alternatives += sum(
                    part.value.count("|")
                    for part in ast.walk(node)
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                )
        for statement in tree.body:
            value = _module_constant(statement)
            self.constants += _is_number(value)
            self.word_sets += _is_word_set(value)


def _is_re_compile(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    )


def _is_number(value: ast.expr | None) -> bool:
    if not isinstance(value, ast.Constant):
        return False
    return isinstance(value.value, int | float) and not isinstance(value.value, bool)


def _is_word_set(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("frozenset", "set")


def _module_constant(statement: ast.stmt) -> ast.expr | None:
    """The value of a module-level assignment to an UPPER_CASE name, if it is one."""
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        name, value = statement.targets[0].id, statement.value
    elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value:
        name, value = statement.target.id, statement.value
    else:
        return None
    return value if name.lstrip("_").isupper() else None


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a folder of the repository, e.g. bot/matching")
    parser.add_argument("rev", nargs="?", default="HEAD", help="a commit (default HEAD)")
    args = parser.parse_args()
    size = Size()
    for name in _git("ls-tree", "-r", "--name-only", args.rev, args.path).split():
        if name.endswith(".py"):
            size.add(_git("show", f"{args.rev}:{name}"))
    counts = ", ".join(f"{field.name.replace('_', ' ')} {getattr(size, field.name):,}" for field in fields(size))
    print(f"{args.path} at {args.rev}: {counts}")


if __name__ == "__main__":
    main()
