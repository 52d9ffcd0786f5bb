from __future__ import annotations

import pytest

from bot.knowledge import Knowledge, load_knowledge


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded once per test run."""
    return load_knowledge()
