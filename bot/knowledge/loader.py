"""Load and validate the knowledge directory, all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from bot.knowledge.base import Knowledge
from bot.knowledge.checks import ParsedFiles, cross_file_problems
from bot.knowledge.errors import problems_from_validation, salvage
from bot.knowledge.models import (
    FILE_MODELS,
    OPTIONAL_FILES,
    FaqFile,
    OfftopicFile,
    PointsFile,
    ProfileFile,
    RepliesFile,
    RoutinesFile,
    SafetyFile,
    SmalltalkFile,
    SourcesFile,
)
from bot.knowledge.problems import KnowledgeError, Problem
from bot.knowledge.style import style_warnings
from bot.knowledge.yamlsource import YamlDocument, YamlSyntaxError, read_yaml

T = TypeVar("T")
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_knowledge_dir() -> Path:
    """The shipped knowledge: inside the installed wheel, else the source checkout's folder."""
    packaged = _PACKAGE_DIR / "_knowledge"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "knowledge"


def resolve_knowledge_dir(directory: str | Path | None = None) -> Path:
    """``directory`` (from the settings), else the shipped knowledge."""
    return Path(directory or default_knowledge_dir()).expanduser()


def load_knowledge(directory: str | Path | None = None) -> Knowledge:
    """Load every knowledge file; raise :class:`KnowledgeError` listing all problems found."""
    root = resolve_knowledge_dir(directory)
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, "the knowledge directory does not exist")])

    problems: list[Problem] = []
    parsed: ParsedFiles = {}
    partial: ParsedFiles = {}
    digest = hashlib.sha256()
    for name, model in FILE_MODELS.items():
        path = root / name
        if not path.is_file() and name in OPTIONAL_FILES:
            parsed[name] = (model(), YamlDocument(name, {}))
            continue
        if not path.is_file():
            problems.append(Problem(name, 0, f"the file is missing from {root}"))
            continue
        try:
            doc, duplicate_keys = read_yaml(path)
        except YamlSyntaxError as exc:
            problems.append(exc.problem)
            continue
        digest.update(path.read_bytes())
        problems += duplicate_keys
        try:
            parsed[name] = (model.model_validate(doc.data), doc)
        except ValidationError as exc:
            problems += problems_from_validation(exc, doc, model)
            partial[name] = (salvage(model, doc.data), doc)

    # Cross-entry checks also run on the entries that did validate, so a curator sees clashes
    # and duplicates in the same pass; references are only checked once every file is whole.
    problems += cross_file_problems(
        {**parsed, **partial}, check_references=not partial and len(parsed) == len(FILE_MODELS)
    )
    if problems:
        raise KnowledgeError(problems)

    points = _model(parsed, "points.yaml", PointsFile)
    faq = _model(parsed, "faq.yaml", FaqFile)
    return Knowledge(
        warnings=tuple(sorted(style_warnings(parsed))),
        sources=tuple(_model(parsed, "sources.yaml", SourcesFile).sources),
        every_point_cautions=tuple(points.every_point_cautions),
        directory=root,
        fingerprint=digest.hexdigest()[:16],
        points=tuple(points.points),
        trigger_points=tuple(points.trigger_points),
        topics=tuple(faq.topics),
        faqs=tuple(faq.faqs),
        routines=tuple(_model(parsed, "routines.yaml", RoutinesFile).routines),
        plans=tuple(_model(parsed, "routines.yaml", RoutinesFile).plans),
        safety=_model(parsed, "safety.yaml", SafetyFile),
        smalltalk=tuple(_model(parsed, "smalltalk.yaml", SmalltalkFile).smalltalk),
        decoys=tuple(_model(parsed, "offtopic.yaml", OfftopicFile).decoys),
        body_parts=tuple(_model(parsed, "offtopic.yaml", OfftopicFile).body_parts),
        about_words=_model(parsed, "offtopic.yaml", OfftopicFile).about_words,
        not_the_knee=tuple(_model(parsed, "offtopic.yaml", OfftopicFile).not_the_knee),
        facts=tuple(_model(parsed, "profile.yaml", ProfileFile).facts),
        replies=_model(parsed, "replies.yaml", RepliesFile),
    )


def _model(parsed: ParsedFiles, name: str, kind: type[T]) -> T:
    model = parsed[name][0]
    assert isinstance(model, kind)
    return model
