from __future__ import annotations

import fcntl
import itertools
from collections.abc import Iterator

import psycopg
import pytest
from bot_process import CACHE_DIR

from bot.engine import Engine
from bot.knowledge import Knowledge, load_knowledge
from bot.matching.matcher import Matcher
from bot.safety.net import SafetyNet
from bot.safety.triage import Triage
from bot.semantic import Semantics
from bot.storage import MemoryStore

from helpers import Conversation, FakeClock
from postgres_server import PostgresServer, start_or_skip


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded once per test run."""
    return load_knowledge()


@pytest.fixture(scope="session")
def semantics() -> Semantics:
    """The embedding model with one embeddings cache for the whole test run: the one the bot
    processes and commands the tests start are given too, so the knowledge is embedded once."""
    return Semantics.load(CACHE_DIR)


@pytest.fixture(scope="session")
def matcher(knowledge: Knowledge, semantics: Semantics) -> Matcher:
    """Built by one pytest-xdist worker at a time: the first embeds the knowledge into the shared
    cache, the others read it from there."""
    with open(CACHE_DIR / "matcher.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return Matcher(knowledge, semantics)


@pytest.fixture(scope="session")
def triage(knowledge: Knowledge, semantics: Semantics) -> Triage:
    return Triage(knowledge.safety, SafetyNet(semantics.encoder.encode))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def engine(knowledge: Knowledge, matcher: Matcher, triage: Triage, clock: FakeClock) -> Engine:
    return Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher, triage=triage)


@pytest.fixture
def chat(engine: Engine) -> Conversation:
    return Conversation(engine)


# --- PostgreSQL --------------------------------------------------------------------------------

_schemas = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, from this machine's binaries (see
    postgres_server.py); skipped with the reason where there is none, failed in CI."""
    server = start_or_skip()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty schema (a whole database takes 0.3 s to create, a schema a few
    milliseconds), dropped after the test."""
    name = f"kneebot_test_{next(_schemas)}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    yield postgres_server.url() + f"?options=-csearch_path%3D{name}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {name} CASCADE")
