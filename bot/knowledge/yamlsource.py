"""Read a YAML file into plain data while remembering the line of every key and list item.

PyYAML's composer already knows where each node starts; keeping that next to the data lets a
validation error deep inside an entry name the exact line a curator has to fix. Duplicate keys,
which PyYAML would silently overwrite, are reported instead.

Knowledge is plain data, so the YAML features that only serve to repeat data are refused:
anchors and aliases (``&name``/``*name``: a 600-byte file of nested aliases expands to
gigabytes, the "billion laughs") and merge keys (``<<``). Files larger than MAX_FILE_BYTES and
nesting deeper than MAX_DEPTH are refused before they can use much memory or time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from bot.knowledge.problems import Problem

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 2 * 1024 * 1024  # the shipped files are well under 100 KB each
MAX_DEPTH = 40  # the deepest knowledge field is about 6 levels down
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TOO_DEEP = f"the data is nested too deeply (more than {MAX_DEPTH} levels)"


@dataclass
class YamlDocument:
    """The parsed data of one file plus the first line (1-based) of every node by path."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of ``path``, or of its closest existing parent (for fields that are missing)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class YamlSyntaxError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature knowledge files may not use; ``problem`` says what to write instead."""


try:  # libyaml, PyYAML's C parser: several times faster, and reading the knowledge is most of a start-up
    from yaml._yaml import CParser as _Parser
except ImportError:  # a PyYAML built without it

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _PlainDataLoader(yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """Composes nodes as SafeLoader does (from the parser's events), refusing anchors and
    aliases and deep nesting."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader(stream)  # checks every character, as PyYAML's own reader does
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        mark = cast("yaml.error.Mark | None", getattr(event, "start_mark", None))
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                problem="YAML anchors and aliases (&name, *name) are not supported in knowledge files; "
                "write the value out in full",
                problem_mark=mark,
            )
        if self._depth >= MAX_DEPTH:
            raise _Refused(problem=_TOO_DEEP, problem_mark=mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml(path: Path) -> tuple[YamlDocument, list[Problem]]:
    """Parse ``path``; raise :class:`YamlSyntaxError` if it is not valid YAML.

    Returns the document and the non-fatal problems found while building it (duplicate keys).
    """
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise YamlSyntaxError(Problem(name, 1, f"the file is too large ({size:,} bytes; at most {limit} MB)"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(Problem(name, 1, f"the file is not UTF-8 text ({exc.reason})")) from exc
    try:
        loader = _PlainDataLoader(text)  # PyYAML checks every character here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlSyntaxError(Problem(name, line, _unprintable(exc.character))) from exc
    try:
        root = loader.get_single_node()
    except _Refused as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise YamlSyntaxError(Problem(name, line, str(exc.problem))) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        if "nesting depth" in reason:  # libyaml's own limit, met before ours in [[[[...
            raise YamlSyntaxError(Problem(name, line, _TOO_DEEP)) from exc
        raise YamlSyntaxError(Problem(name, line, f"YAML syntax error: {reason}")) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Problem(name, 1, f"YAML syntax error: {exc}")) from exc
    finally:
        loader.dispose()

    doc = YamlDocument(file=name, data=None)
    problems: list[Problem] = []
    if root is None:
        return doc, problems
    try:
        doc.data = _build(root, (), doc, problems, loader)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(Problem(name, line, f"YAML error: {exc.problem}")) from exc
    except _Unreadable as exc:
        raise YamlSyntaxError(Problem(name, exc.line, exc.reason)) from exc
    return doc, problems


class _Unreadable(Exception):
    """A value PyYAML cannot turn into data (a number too long to convert)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _unprintable(character: int | str) -> str:
    code = character if isinstance(character, int) else ord(character)
    what = "a NUL character (code 0)" if code == 0 else f"the control character U+{code:04X}"
    return f"the file holds {what}, which YAML does not allow; delete it (an editor may show it as ^@ or a box)"


def _scalar(node: yaml.Node, loader: _PlainDataLoader) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # int() refuses numbers of more than 4,300 digits
        digits = sum(char.isdigit() for char in str(node.value))
        reason = f"a number with {digits} digits is too long to read; write a shorter one, or quote it as text"
        raise _Unreadable(node.start_mark.line + 1, reason) from exc


def _build(node: yaml.Node, path: Path_, doc: YamlDocument, problems: list[Problem], loader: _PlainDataLoader) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys (<<) are not supported; write the keys out in full", key_node.start_mark
                )
            key = _scalar(key_node, loader)
            if not isinstance(key, (str, int, float, bool)):
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
            key = str(key)
            if key in result:
                problems.append(
                    Problem(doc.file, key_node.start_mark.line + 1, f"the key '{key}' appears twice in the same block")
                )
            child = (*path, key)
            doc.lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, doc, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), doc, problems, loader) for index, item in enumerate(node.value)]
    return _scalar(node, loader)
