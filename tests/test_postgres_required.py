"""Where no PostgreSQL is installed, its tests are skipped with the reason; in CI (.ci/run sets
KNEEBOT_REQUIRE_POSTGRES) they fail instead, so a green CI run has really tested PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from postgres_server import REQUIRE_POSTGRES, start_or_skip

CI_SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "run"


@pytest.fixture
def no_postgresql_here(monkeypatch, tmp_path):
    monkeypatch.setenv("KNEEBOT_PG_BINDIR", str(tmp_path / "no-postgresql-here"))
    monkeypatch.delenv(REQUIRE_POSTGRES, raising=False)


def test_postgresql_tests_skip_with_the_reason_where_there_is_none(no_postgresql_here):
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL to test with: no PostgreSQL server binaries"):
        start_or_skip()


def test_postgresql_tests_fail_where_ci_requires_them(no_postgresql_here, monkeypatch):
    monkeypatch.setenv(REQUIRE_POSTGRES, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE_POSTGRES} is set, but there is no PostgreSQL"):
        start_or_skip()
    assert f"export {REQUIRE_POSTGRES}=1" in CI_SCRIPT.read_text(), "CI requires them"
