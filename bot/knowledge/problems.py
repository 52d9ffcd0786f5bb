"""Problems found in the knowledge files, worded for curators who do not read Python."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: ``points.yaml:42: entry 'SP10', field 'location': ...``."""

    file: str
    line: int
    message: str
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.entry:
            where.append(f"entry '{self.entry}'")
        if self.field:
            where.append(f"field '{self.field}'")
        place = f"{', '.join(where)}: " if where else ""
        return f"{self.file}:{self.line}: {place}{self.message}"


class KnowledgeError(Exception):
    """The knowledge base could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in the knowledge base"
        super().__init__(summary + "\n" + "\n".join(str(p) for p in self.problems))
