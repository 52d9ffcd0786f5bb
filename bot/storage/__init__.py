"""Where conversations are kept: the stores behind :class:`bot.engine.stores.Storage`, opened
from a URL by :func:`open_storage` (the command line and the adapters go through it).

* ``sqlite:///relative/path.sqlite3``, ``sqlite:////absolute/path.sqlite3``, or a plain file path:
  SQLite (:mod:`bot.storage.sqlite`), the default;
* ``postgresql://user:password@host:5432/database`` (or ``postgres://``): PostgreSQL
  (:mod:`bot.storage.postgres`), for one or several instances sharing a database server;
* ``memory://``: this process's memory (:mod:`bot.storage.memory`), gone at exit.

A new kind of store implements the protocol in :mod:`bot.engine.stores` and registers how it is
opened in :data:`OPENERS`, under its URL's scheme.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.stores import Storage, StoreError, StoreUnavailable
from bot.storage import sqlite
from bot.storage.memory import MemoryStore
from bot.storage.sqlite import SqliteStore

__all__ = [
    "LOGGABLE_ERRORS",
    "OPENERS",
    "MemoryStore",
    "Options",
    "SqliteStore",
    "local_file",
    "open_storage",
    "relative_file",
    "shown",
]

# Errors whose messages say nothing of what people wrote (our own, and each database's).
LOGGABLE_ERRORS: tuple[type[Exception], ...] = (StoreError, *sqlite.LOGGABLE_ERRORS)


@dataclass(frozen=True)
class Options:
    """How a store is to behave, whichever it is."""

    busy_timeout: float = 15.0  # seconds a write may wait for a lock held elsewhere, then StoreBusy
    lease: float = 30.0  # seconds a claim lasts unless renewed (bot.engine.stores: claims)
    clock: Callable[[], float] = field(default=time.time)  # epoch seconds
    owner: str | None = None  # the name of this instance's claims; None: made up for this process


def _sqlite(location: str, options: Options) -> Storage:
    _, path = _split(location)
    if not path:
        raise StoreUnavailable(shown(location), "it names no file (write sqlite:///path/to/file.sqlite3)")
    return SqliteStore(
        path, busy_timeout=options.busy_timeout, owner=options.owner, lease=options.lease, clock=options.clock
    )


def _postgres(location: str, options: Options) -> Storage:
    from bot.storage.postgres import PostgresStore  # psycopg is imported only by those who use it

    return PostgresStore(
        location,
        where=shown(location),
        busy_timeout=options.busy_timeout,
        owner=options.owner,
        lease=options.lease,
        clock=options.clock,
    )


# scheme -> how to open a store from its whole URL
OPENERS: dict[str, Callable[[str, Options], Storage]] = {
    "sqlite": _sqlite,
    "postgresql": _postgres,
    "postgres": _postgres,
    "memory": lambda _, options: MemoryStore(owner=options.owner, lease=options.lease, clock=options.clock),
}


def open_storage(location: str | Path, options: Options | None = None, *, busy_timeout: float | None = None) -> Storage:
    """The store ``location`` names; StoreUnavailable, saying why, when it cannot be used.
    ``busy_timeout`` (shorthand for the option): how long a write may wait for a lock held
    elsewhere before StoreBusy."""
    options = options or Options()
    if busy_timeout is not None:
        options = Options(busy_timeout, options.lease, options.clock, options.owner)
    scheme, _ = _split(str(location))
    opener = OPENERS.get(scheme)
    if opener is None:
        known = ", ".join(f"{name}://" for name in OPENERS)
        raise StoreUnavailable(shown(location), f"'{scheme}://' is not a kind of store kneebot knows ({known})")
    return opener(str(location), options)


def local_file(location: str | Path) -> Path | None:
    """The file on this machine that ``location`` keeps its data in, if it is one (the polling
    inbox and the terminal chat's files go beside it)."""
    scheme, rest = _split(str(location))
    return Path(rest) if scheme == "sqlite" and rest else None


def relative_file(location: str | Path) -> Path | None:
    """The SQLite file ``location`` names, if it is relative to the working directory (so that
    started from another folder the bot would silently start afresh), as it resolves now."""
    path = local_file(location)
    return path.resolve() if path is not None and not path.is_absolute() else None


def shown(location: str | Path) -> str:
    """``location`` as it may be logged: a password in a URL is hidden."""
    return _PASSWORD_PARAMETER.sub(r"\1***", _PASSWORD.sub(r"//\1:***@", str(location)))


_PASSWORD = re.compile(r"//([^:/@]+):[^@/]*@")
_PASSWORD_PARAMETER = re.compile(r"([?&]password=)[^&]*")


def _split(location: str) -> tuple[str, str]:
    """``sqlite:///a/b`` -> ("sqlite", "a/b"); ``sqlite:////a/b`` -> ("sqlite", "/a/b"); a
    plain path is a SQLite file."""
    scheme, separator, rest = location.partition("://")
    if not separator:
        return "sqlite", location
    return scheme.lower(), rest[1:] if rest.startswith("/") else rest
