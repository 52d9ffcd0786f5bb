"""Connecting to PostgreSQL, the pool of connections, and saying in plain words what went wrong.

PostgreSQL's own error texts can quote the data a statement carried (a DETAIL line with a key,
a fragment of a value it could not read), so they never reach a log line as they are: an error
becomes :class:`StoreBusy` (nothing was written, the event may run again: a lost connection, a
server restarting, a lock or a serialization conflict) or :class:`StoreError`, each with the
error's class and SQLSTATE, and the server's words only for connection and login problems,
whose texts are about hosts, users and databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.engine.stores import StoreBusy, StoreError, StoreUnavailable

CONNECT_TIMEOUT = 10  # seconds to reach the server at start-up, and for each new connection
POOL_TIMEOUT = 5.0  # seconds an event waits for a free connection before StoreBusy
POOL_SIZE = (2, 8)  # the engine's thread, its reads, claims and health checks
# A process that stops answering (frozen, or cut off) leaves its locks for at most this long.
SESSION = {
    "application_name": "kneebot",
    "idle_in_transaction_session_timeout": "60s",
}
# SQLSTATE classes whose server text is about the connection, the login or the database's name.
_TELLING_CLASSES = ("08", "28", "3D", "53", "57")
# SQLSTATE classes and codes after which handling the event again is safe and may succeed.
_TRANSIENT_CLASSES = ("08", "40", "53", "57")
_TRANSIENT_CODES = ("55P03",)  # lock_not_available


def summary(error: BaseException) -> str:
    """What ``error`` may say in a log line."""
    if isinstance(error, PoolTimeout):
        return "no free database connection in time"
    if isinstance(error, psycopg.Error):
        code = error.sqlstate
        if code is None:  # the client library's own words: about reaching the server
            return _first_line(str(error)) or type(error).__name__
        primary = error.diag.message_primary if code[:2] in _TELLING_CLASSES else None
        return f"{type(error).__name__} (SQLSTATE {code}){': ' + primary if primary else ''}"
    return type(error).__name__


def transient(error: BaseException) -> bool:
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, psycopg.Error):
        return False
    code = error.sqlstate
    if code is None:
        return isinstance(error, psycopg.OperationalError)
    return code[:2] in _TRANSIENT_CLASSES or code in _TRANSIENT_CODES


@contextmanager
def translated(what: str) -> Iterator[None]:
    """PostgreSQL's errors as the engine's: StoreBusy when trying again is safe and may work."""
    try:
        yield
    except psycopg.Error as error:
        if transient(error):
            raise StoreBusy(f"the {what} could not be used just now ({summary(error)})") from error
        raise StoreError(f"the {what} failed ({summary(error)})") from error


def check_reachable(url: str, where: str) -> None:
    """Connect once, so that a wrong address, user, password or database name is reported at
    start-up in plain words (StoreUnavailable) rather than at the first message."""
    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
    except psycopg.Error as error:
        raise StoreUnavailable(where, f"cannot connect to PostgreSQL: {summary(error)}") from None


def open_pool(url: str, where: str) -> ConnectionPool:
    """A pool of connections in autocommit mode (transactions are opened explicitly)."""
    pool = ConnectionPool(
        url,
        min_size=POOL_SIZE[0],
        max_size=POOL_SIZE[1],
        timeout=POOL_TIMEOUT,
        kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
        configure=_configure,
        check=ConnectionPool.check_connection,  # a connection the server dropped is replaced
        name="kneebot",
        open=False,
    )
    try:
        pool.open(wait=True, timeout=CONNECT_TIMEOUT * 2)
    except PoolTimeout:
        pool.close()
        raise StoreUnavailable(where, "PostgreSQL did not accept enough connections in time") from None
    return pool


def _configure(connection: psycopg.Connection[Any]) -> None:
    for name, value in SESSION.items():
        connection.execute("SELECT set_config(%s, %s, false)", (name, value))


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].removeprefix("connection failed: ").strip() if text.strip() else ""
