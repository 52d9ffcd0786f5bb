"""The real `kneebot` command on bad settings and unusable state files: one clear line on
stderr saying what is wrong and what to do, no traceback, a non-zero exit, and no waiting."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bot_process import CACHE_ENV

from postgres_server import free_port

KNEEBOT = Path(sys.executable).with_name("kneebot")
TOKEN = "123456789:AAtestTOKENfor-configuration_checks"


def kneebot(cwd: Path, *args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> str:
    """Run the installed command in a clean environment (no .env, no KNEEBOT_* from outside but
    the test run's embeddings cache) and return its stderr after checking the exit code and that
    it said one line, not a traceback."""
    result = subprocess.run(
        [*prefix, str(KNEEBOT), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), **CACHE_ENV, **(env or {})},
        input="",
        timeout=60,  # before the fix a bad --api-url scheme retried forever
        check=False,
    )
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def run_bot(cwd: Path, *args: str, **env: str) -> str:
    return kneebot(cwd, "run", *args, env={"TELEGRAM_BOT_TOKEN": TOKEN, **env})


def test_a_state_file_that_is_not_a_database_is_named_with_what_to_do(tmp_path):
    state = tmp_path / "state.sqlite3"
    state.write_bytes(b"this is not a database, just some text that got here somehow\n" * 20)
    for line in (
        kneebot(tmp_path, "chat", "--state", str(state)),
        run_bot(tmp_path, KNEEBOT_STATE_DB=str(state)),
    ):
        assert str(state) in line and "not a SQLite database" in line
        assert "--state" in line
    assert state.read_bytes().startswith(b"this is not a database")  # left as it was


def test_a_database_server_that_cannot_be_reached_is_named_without_its_password(tmp_path):
    url = f"postgresql://kneebot:s3cret@127.0.0.1:{free_port()}/kneebot"
    line = run_bot(tmp_path, KNEEBOT_DATABASE_URL=url)
    assert "postgresql://kneebot:***@127.0.0.1" in line and "cannot connect to PostgreSQL" in line
    assert "database server is running" in line and "s3cret" not in line


def _damaged_in_the_middle(state: Path) -> None:
    """A state database with people in it, then 16 KB of its middle overwritten (a bad disk, a
    copy cut short and patched): the header still reads as SQLite."""
    subprocess.run(
        [str(KNEEBOT), "chat", "--state", str(state)],
        input="/quit\n",
        text=True,
        capture_output=True,
        env={**os.environ, **CACHE_ENV},
        check=True,
    )
    with sqlite3.connect(state) as db:
        db.executemany(
            "INSERT INTO users (user_id, record, updated_at) VALUES (?, ?, 0)",
            [(user_id, "{}" + " " * 400) for user_id in range(1000, 4000)],
        )
    size = state.stat().st_size
    with open(state, "r+b") as damaged:
        damaged.seek(size // 2)
        damaged.write(bytes(range(256)) * 64)


def test_a_state_file_damaged_in_the_middle_is_named_with_what_to_do(tmp_path):
    state = tmp_path / "state.sqlite3"
    _damaged_in_the_middle(state)
    for line in (
        kneebot(tmp_path, "chat", "--state", str(state)),
        run_bot(tmp_path, KNEEBOT_STATE_DB=str(state)),
    ):
        assert str(state) in line and "damaged" in line and "--state" in line


def test_a_state_path_that_cannot_be_opened_is_named(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    line = kneebot(tmp_path, "chat", "--state", str(folder))
    assert str(folder) in line and "is a folder" in line


def test_a_state_path_under_a_file_is_named(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    line = run_bot(tmp_path, "--state", str(blocker / "state.sqlite3"))
    assert str(blocker / "state.sqlite3") in line and f"{blocker} is a file, not a folder" in line


def _as_an_ordinary_user() -> tuple[str, ...]:
    """A command prefix under which file permissions apply: none needed unless we are root, who
    may write anywhere; then a user namespace where we own our files but hold no privileges."""
    if os.geteuid() != 0:
        return ()
    unshare = shutil.which("unshare")
    prefix = (unshare, "--map-user=1000", "--map-group=1000") if unshare else ()
    if not prefix or subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("running as root without user namespaces, so a read-only folder cannot be made")
    return prefix


def test_a_read_only_state_folder_is_named(tmp_path):
    prefix = _as_an_ordinary_user()
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = kneebot(tmp_path, "chat", "--state", str(folder / "chat.sqlite3"), prefix=prefix)
    finally:
        folder.chmod(0o755)
    assert str(folder / "chat.sqlite3") in line and f"its folder {folder} is read-only" in line


def test_a_read_only_state_file_is_named_before_the_first_message(tmp_path):
    prefix = _as_an_ordinary_user()
    state = tmp_path / "state.sqlite3"
    subprocess.run(
        [str(KNEEBOT), "chat", "--state", str(state)],
        input="/quit\n",
        text=True,
        capture_output=True,
        env={**os.environ, **CACHE_ENV},
        check=True,
    )
    state.chmod(0o444)
    line = kneebot(tmp_path, "chat", "--state", str(state), prefix=prefix)
    assert str(state) in line and "it is read-only" in line


def test_a_bad_log_level_names_the_levels(tmp_path):
    line = run_bot(tmp_path, KNEEBOT_LOG_LEVEL="LOUD")
    assert line.startswith("kneebot run: KNEEBOT_LOG_LEVEL should be DEBUG, INFO, WARNING or ERROR")


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1:8081/bot", "http://127.0.0.1:99999/bot", "http://127.0.0.1:port/bot", "127.0.0.1:8081"],
)
def test_an_api_url_with_a_bad_scheme_or_port_is_refused_at_once(tmp_path, url):
    line = run_bot(tmp_path, "--api-url", url)
    assert "--api-url" in line and "http:// or https://" in line and url in line


def test_a_listen_address_with_a_bad_port_is_refused(tmp_path):
    line = run_bot(
        tmp_path,
        "--webhook-url",
        "https://bot.example.org/telegram",
        "--listen",
        "0.0.0.0:99999",
        KNEEBOT_WEBHOOK_SECRET="s3cret",
    )
    assert "--listen" in line and "1 to 65535" in line
