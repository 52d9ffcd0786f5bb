from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.knowledge import Knowledge, load_knowledge
from bot.matching.matcher import Matcher
from bot.safety.triage import Triage
from bot.semantic import Semantics
from bot.storage import MemoryStore

from helpers import Conversation, FakeClock


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded once per test run."""
    return load_knowledge()


@pytest.fixture(scope="session")
def semantics(tmp_path_factory: pytest.TempPathFactory) -> Semantics:
    """The embedding model with one embeddings cache for the whole test run."""
    return Semantics.load(tmp_path_factory.mktemp("embeddings"))


@pytest.fixture(scope="session")
def matcher(knowledge: Knowledge, semantics: Semantics) -> Matcher:
    return Matcher(knowledge, semantics)


@pytest.fixture(scope="session")
def triage(knowledge: Knowledge) -> Triage:
    return Triage(knowledge.safety)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def engine(knowledge: Knowledge, matcher: Matcher, triage: Triage, clock: FakeClock) -> Engine:
    return Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher, triage=triage)


@pytest.fixture
def chat(engine: Engine) -> Conversation:
    return Conversation(engine)
