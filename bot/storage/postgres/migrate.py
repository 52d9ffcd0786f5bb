"""The database's schema, in versioned SQL files applied at start-up.

Each file in ``migrations/`` is named ``NNNN_what_it_does.sql``; its number is the version it
brings the schema to. At start-up every file newer than the database's version is applied, in
order, in one transaction, and recorded in ``kneebot_schema``. Several instances starting at once
take turns (an advisory lock), so each file is applied once. A database whose version is newer
than this kneebot knows (a newer release ran on it) is refused: an older release cannot know
what the newer one changed. A new version is a new file; applied files are never edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg

from bot.engine.stores import StoreUnavailable

LOCKS = 0x6B6E6565  # 'knee': the first key of kneebot's own advisory locks (people's use one bigint key)
MIGRATION_LOCK = 1
POLLERS = LOCKS + 1  # the first key of the pollers' locks; the second is the bot's id modulo 2**31
TURNS = LOCKS + 2  # the first key of the inbox's turn locks; the second is the person's id modulo 2**31
_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The shipped migrations, oldest first; numbered 1, 2, 3... without gaps."""
    found = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    if [migration.version for migration in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"the migrations are not numbered 1 to {len(found)}: {[m.version for m in found]}")
    return found


def upgrade(connection: psycopg.Connection[Any], where: str) -> list[int]:
    """Bring the schema up to date; the versions applied (none when it already was)."""
    known = migrations()
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCKS, MIGRATION_LOCK))
        connection.execute(
            "CREATE TABLE IF NOT EXISTS kneebot_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = _version(connection)
        if current > len(known):
            raise StoreUnavailable(
                where,
                f"its schema is at version {current}, written by a newer kneebot (this one knows up to "
                f"{len(known)}); run that release or later, or restore a backup taken before the upgrade",
            )
        applied = []
        for migration in known[current:]:
            connection.execute(migration.sql.encode())
            connection.execute(
                "INSERT INTO kneebot_schema (version, name) VALUES (%s, %s)", (migration.version, migration.name)
            )
            applied.append(migration.version)
    return applied


def _version(connection: psycopg.Connection[Any]) -> int:
    row = connection.execute("SELECT coalesce(max(version), 0) FROM kneebot_schema").fetchone()
    return int(row[0]) if row else 0
