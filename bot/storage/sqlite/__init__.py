"""SQLite, the default store: the only package that imports sqlite3."""

import sqlite3

from bot.storage.sqlite.inbox import SqliteInbox, inbox_path
from bot.storage.sqlite.store import SqliteStore

__all__ = ["LOGGABLE_ERRORS", "SqliteInbox", "SqliteStore", "inbox_path"]

# SQLite's messages name files, tables and SQL, never what people wrote: logs may show them.
LOGGABLE_ERRORS = (sqlite3.Error,)
